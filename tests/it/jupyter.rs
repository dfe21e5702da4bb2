//! The runtime half of the Jupyter features with real workers: display events (in `seq` order with console
//! output), rich last values, charts, the `Deno.jupyter` surface, and introspection (property names,
//! descriptions, global names) — also while a cell runs.

use std::time::{Duration, Instant};

use serde_json::json;
use vmjs_core::host::{ExecuteRequest, ExecutionUpdate, Session};
use vmjs_core::model::{Event, EventBody, ExecutionRecord, ExecutionStatus, Template};

use super::{Env, repl, value};

/// Runs REPL input; the record and every event the subscriber saw.
fn run(session: &Session, input: &str) -> (ExecutionRecord, Vec<Event>) {
    let mut events = Vec::new();
    let record = session
        .execute(ExecuteRequest::repl(input))
        .wait_blocking(|update| {
            if let ExecutionUpdate::Event(event) = update {
                events.push(event.clone());
            }
        });
    (record, events)
}

fn body_json(event: &Event) -> serde_json::Value {
    serde_json::to_value(&event.body).unwrap()
}

#[test]
fn display_events_arrive_in_order_with_console_output() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let (record, events) = run(
        &session,
        "console.log('before');\n\
         Jupyter.display(Jupyter.html`<b>${6 * 7}</b>`);\n\
         console.error('between');\n\
         Jupyter.display({'text/plain': 'step 1'}, {raw: true, display_id: 'progress'});\n\
         Jupyter.display({'text/plain': 'step 2'}, {raw: true, display_id: 'progress', update: true});\n\
         Jupyter.clearOutput({wait: true});\n\
         console.log('after')",
    );
    assert_eq!(record.status, ExecutionStatus::Ok, "{:?}", record.error);
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=events.len() as u64).collect::<Vec<_>>());
    let bodies: Vec<serde_json::Value> = events[1..].iter().map(body_json).collect();
    assert_eq!(
        bodies,
        vec![
            json!({"type": "console", "payload": {"level": "log", "text": "before"}}),
            json!({"type": "display", "payload": {"data": {"text/html": "<b>42</b>", "text/plain": "<b>42</b>"},
                "metadata": {}, "update": false}}),
            json!({"type": "console", "payload": {"level": "error", "text": "between"}}),
            json!({"type": "display", "payload": {"data": {"text/plain": "step 1"}, "metadata": {},
                "display_id": "progress", "update": false}}),
            json!({"type": "display", "payload": {"data": {"text/plain": "step 2"}, "metadata": {},
                "display_id": "progress", "update": true}}),
            json!({"type": "clear_output", "payload": {"wait": true}}),
            json!({"type": "console", "payload": {"level": "log", "text": "after"}}),
        ]
    );
    assert_eq!(record.metrics.n_events, events.len() as u64);
}

#[test]
fn a_last_value_with_a_display_method_becomes_a_mime_result() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let record = repl(
        &session,
        "class Card { [Symbol.for('Jupyter.display')]() { return {'text/html': '<div>card</div>', 'text/plain': 'card'} } }\n\
         new Card()",
    );
    let result = record.result.unwrap();
    assert_eq!(result.type_name, "Card");
    assert_eq!(result.preview, "Card {}");
    assert_eq!(
        serde_json::Value::Object(result.mime.unwrap()),
        json!({"text/html": "<div>card</div>", "text/plain": "card"})
    );
    let failed = repl(
        &session,
        "({ [Symbol.for('Jupyter.display')]() { throw new Error('cannot render') } })",
    );
    assert_eq!(failed.status, ExecutionStatus::Error);
    assert_eq!(failed.error.unwrap().message, "cannot render");
    // A plain value keeps its JSON and has no bundle.
    let plain = repl(&session, "({a: [1, 2]})").result.unwrap();
    assert_eq!(plain.json, Some(json!({"a": [1, 2]})));
    assert_eq!(plain.mime, None);
}

#[test]
fn plot_bar_builds_a_vega_lite_spec() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let record = repl(
        &session,
        "const sales = [{month: 'Jan', total: 10}, {month: 'Feb', total: 14}, {month: 'Mar', total: 9}];\n\
         Jupyter.plot.bar(sales, {x: 'month', y: 'total', title: 'Sales'})",
    );
    let mime = record.result.unwrap().mime.unwrap();
    assert_eq!(
        mime["application/vnd.vegalite.v5+json"],
        json!({
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "title": "Sales",
            "data": {"values": [{"month": "Jan", "total": 10}, {"month": "Feb", "total": 14}, {"month": "Mar", "total": 9}]},
            "mark": "bar",
            "encoding": {
                "x": {"field": "month", "type": "nominal"},
                "y": {"field": "total", "type": "quantitative"}
            }
        })
    );
    assert_eq!(
        mime["text/plain"],
        "Vega-Lite chart \"Sales\": bar, 3 rows; x: month (nominal), y: total (quantitative)"
    );
}

#[test]
fn deno_jupyter_display_and_broadcast() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let (record, events) = run(
        &session,
        "await Deno.jupyter.display({'text/markdown': '**hi**'}, {raw: true, display_id: 'm'});\n\
         await Deno.jupyter.display(Deno.jupyter.md`# ${'title'}`);\n\
         await Deno.jupyter.broadcast('comm_open', {comm_id: 'c1', target_name: 't', data: {}}, {metadata: {v: 1}});",
    );
    assert_eq!(record.status, ExecutionStatus::Ok, "{:?}", record.error);
    let bodies: Vec<serde_json::Value> = events[1..].iter().map(body_json).collect();
    assert_eq!(
        bodies,
        vec![
            json!({"type": "display", "payload": {"data": {"text/markdown": "**hi**"}, "metadata": {},
                "display_id": "m", "update": false}}),
            json!({"type": "display", "payload": {"data": {"text/markdown": "# title", "text/plain": "# title"},
                "metadata": {}, "update": false}}),
            json!({"type": "message", "payload": {"msg_type": "comm_open", "content": {
                "content": {"comm_id": "c1", "target_name": "t", "data": {}},
                "metadata": {"v": 1}, "buffers": []}}}),
        ]
    );
    assert_eq!(
        value(&session, "typeof Deno.jupyter.broadcast"),
        "'function'"
    );
}

#[test]
fn display_output_counts_against_the_output_limit() {
    let env = Env::new();
    let mut template = Template::new("t");
    template.limits.max_output_bytes = 1000;
    let session = env.session(template);
    let (record, events) = run(
        &session,
        "for (let i = 0; i < 20; i++) Jupyter.display(Jupyter.html('x'.repeat(100)))",
    );
    let displays = events
        .iter()
        .filter(|e| matches!(e.body, EventBody::Display { .. }))
        .count();
    assert!(displays < 20, "{displays} displays kept");
    assert!(record.metrics.output_bytes <= 1000 + 200);
}

#[test]
fn property_names_and_descriptions_from_the_live_session() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let t = Duration::from_secs(5);
    repl(
        &session,
        "let items = [1, 2, 3];\nfunction scale(value, factor = 2) { return value * factor }\nconst cfg = {depth: {level: 1}}",
    );
    assert_eq!(
        session.property_names("[1,2]", t).wait(),
        Vec::<String>::new()
    );
    assert!(
        session
            .property_names("Math", t)
            .wait()
            .contains(&"max".to_owned())
    );
    let items = session.property_names("items", t).wait();
    assert!(items.contains(&"push".to_owned()) && items.contains(&"length".to_owned()));
    assert_eq!(
        session
            .property_names("cfg.depth", t)
            .wait()
            .first()
            .map(String::as_str),
        Some("__defineGetter__")
    );
    let scale = session.describe("scale", 0, t).wait().unwrap();
    assert_eq!(scale.type_name, "function");
    assert_eq!(scale.signature.as_deref(), Some("scale(value, factor = 2)"));
    let items = session.describe("items", 1, t).wait().unwrap();
    assert_eq!(
        (items.type_name.as_str(), items.preview.as_str()),
        ("Array", "[ 1, 2, 3 ]")
    );
    assert_eq!(
        session
            .describe("items.length", 0, t)
            .wait()
            .unwrap()
            .preview,
        "3"
    );
    assert!(session.describe("scale(1)", 0, t).wait().is_none());
    assert!(session.describe("missing.name", 0, t).wait().is_none());
    let started = Instant::now();
    for _ in 0..20 {
        session.describe("scale", 0, t).wait().unwrap();
        session.property_names("items", t).wait();
    }
    eprintln!(
        "idle describe + property_names round trip: {:?}",
        started.elapsed() / 20
    );
}

#[test]
fn a_late_answer_is_not_taken_for_a_newer_query() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    repl(
        &session,
        "function late(a, b) {}\nconst wide = {}; for (let i = 0; i < 200000; i++) wide['k' + i] = i;",
    );
    // Listing 200k names takes the worker far longer than 1 ms: the actor gives up, the answer comes late.
    let started = Instant::now();
    assert!(
        session
            .property_names("wide", Duration::from_millis(1))
            .wait()
            .is_empty()
    );
    assert!(started.elapsed() < Duration::from_millis(50));
    assert!(session.global_names(Duration::ZERO).wait().is_empty());
    let t = Duration::from_secs(5);
    let described = session.describe("late", 0, t).wait().unwrap();
    assert_eq!(described.signature.as_deref(), Some("late(a, b)"));
    assert!(
        session
            .property_names("Math", t)
            .wait()
            .contains(&"max".to_owned())
    );
    assert!(session.global_names(t).wait().contains(&"late".to_owned()));
}

#[test]
fn global_names_while_the_first_cell_runs_come_from_the_fresh_context() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let handle = session.execute(ExecuteRequest::repl("while (true) {}"));
    // The snapshot comes with the worker's `ready`, before any execution finished.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut names = session.global_names(Duration::from_secs(5)).wait();
    while !names.contains(&"Jupyter".to_owned()) && Instant::now() < deadline {
        names = session.global_names(Duration::from_secs(5)).wait();
    }
    assert!(names.contains(&"Jupyter".to_owned()) && names.contains(&"console".to_owned()));
    session.interrupt();
    assert_eq!(
        handle.wait_blocking(|_| {}).status,
        ExecutionStatus::Cancelled
    );
}

#[test]
fn introspection_answers_at_once_while_a_cell_runs() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    repl(&session, "let declared_earlier = 1; function helper(a) {}");
    let (started_tx, started) = std::sync::mpsc::channel();
    let handle = session.execute(ExecuteRequest::repl(
        "let spin = 0; while (true) { spin++ }",
    ));
    let waiter = std::thread::spawn(move || {
        handle.wait_blocking(|update| {
            if let ExecutionUpdate::Event(event) = update
                && matches!(event.body, EventBody::InputEcho { .. })
            {
                let _ = started_tx.send(());
            }
        })
    });
    started.recv_timeout(Duration::from_secs(10)).unwrap();
    let t = Duration::from_secs(5);
    let asked = Instant::now();
    let described = session.describe("helper", 0, t).wait();
    let properties = session.property_names("Math", t).wait();
    let names = session.global_names(t).wait();
    let elapsed = asked.elapsed();
    assert!(described.is_none());
    assert!(properties.is_empty());
    assert!(names.contains(&"declared_earlier".to_owned()), "{names:?}");
    assert!(names.contains(&"helper".to_owned()));
    assert!(!names.contains(&"spin".to_owned()));
    assert!(
        elapsed < Duration::from_millis(100),
        "busy answers took {elapsed:?}"
    );
    session.interrupt();
    let record = waiter.join().unwrap();
    assert_eq!(record.status, ExecutionStatus::Cancelled);
    // Idle again: the worker answers, and the names now include the interrupted cell's binding.
    assert!(session.describe("helper", 0, t).wait().is_some());
    assert!(session.global_names(t).wait().contains(&"spin".to_owned()));
}
