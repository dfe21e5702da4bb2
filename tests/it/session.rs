//! Sessions, the pipeline and the store together: REPL semantics, limits, interrupt, crash and restore,
//! sandbox, deterministic mode.

use std::time::{Duration, Instant};

use vmjs_core::host::{ExecuteRequest, ExecutionUpdate, SessionError};
use vmjs_core::model::{EventBody, ExecutionStatus, OutputStrategy, Template};
use vmjs_core::store::Store;

use super::{Env, repl, timed, value};

#[test]
fn repl_globals_persist_and_lexical_names_can_be_redeclared() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(value(&session, "let x = 1; x"), "1");
    assert_eq!(value(&session, "let x = 2; const y = x * 10; y"), "20");
    assert_eq!(
        value(&session, "class A { v() { return 3 } }; new A().v()"),
        "3"
    );
    assert_eq!(
        value(&session, "class A { v() { return 4 } }; new A().v()"),
        "4"
    );
    assert_eq!(value(&session, "x + y"), "22");
}

#[test]
fn assigning_to_a_top_level_const_throws_where_the_name_was_written() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    for (cell, line, column) in [
        ("const k = 1;\n  k = 2", 2, 3),
        ("let j = 0;\n    k++", 2, 5),
        ("function bump() { k += 1 }\nbump()", 1, 19),
    ] {
        let error = repl(&session, cell).error.unwrap();
        assert_eq!(
            (error.name.as_str(), error.message.as_str()),
            ("TypeError", "Assignment to constant variable."),
            "{cell:?}"
        );
        assert_eq!(
            (error.line, error.column),
            (Some(line), Some(column)),
            "{cell:?}"
        );
    }
    assert_eq!(value(&session, "k"), "1");
    // A new declaration still replaces it (the REPL rule).
    assert_eq!(value(&session, "let k = 5; k = 6; k"), "6");
}

#[test]
fn throwing_let_does_not_poison_the_name() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let failed = repl(&session, "let bad = (() => { throw new Error('no') })()");
    assert_eq!(failed.status, ExecutionStatus::Error);
    assert_eq!(failed.error.unwrap().message, "no");
    assert_eq!(value(&session, "let bad = 5; bad"), "5");
}

#[test]
fn top_level_await_gives_the_last_value_and_keeps_bindings() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(
        value(
            &session,
            "const z = await new Promise(r => setTimeout(() => r(21), 10)); z * 2"
        ),
        "42"
    );
    assert_eq!(value(&session, "z"), "21");
}

#[test]
fn a_promise_as_the_last_value_is_shown_as_a_promise_once_its_jobs_ran() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    // As Node and Deno show it — not awaited — but the cell's jobs run first, so it shows how it settled.
    assert_eq!(value(&session, "Promise.resolve(1)"), "Promise { 1 }");
    assert_eq!(
        value(&session, "Promise.resolve(1).then(x => x * 2)"),
        "Promise { 2 }"
    );
    assert_eq!(
        value(&session, "await 0; Promise.resolve({ a: 1 })"),
        "Promise { { a: 1 } }"
    );
    assert_eq!(
        value(&session, "async function f() { return 3 }; f()"),
        "Promise { 3 }"
    );
    assert_eq!(
        value(&session, "new Promise(() => {})"),
        "Promise { <pending> }"
    );
    assert_eq!(
        value(
            &session,
            "const p = Promise.reject(new Error('no')); p.catch(() => {}); p"
        ),
        "Promise { <rejected> [Error: no] }"
    );
    // `await` gives the value.
    assert_eq!(value(&session, "await Promise.resolve(5)"), "5");
    assert_eq!(value(&session, "await f()"), "3");
    // A rejected promise nobody handles fails the cell, as any unhandled rejection does — also when it is the
    // value (Node reports it as uncaught too; Deno's kernel only shows it).
    for cell in [
        "Promise.reject(new Error('unhandled'))",
        "Promise.reject(new Error('unhandled')); 1",
    ] {
        let failed = repl(&session, cell);
        assert_eq!(failed.status, ExecutionStatus::Error, "{cell}");
        assert_eq!(failed.error.unwrap().message, "unhandled");
    }
}

#[test]
fn errors_carry_name_message_and_cell_position() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let record = repl(
        &session,
        "1;\nfunction f() { throw new TypeError('boom') }\nf()",
    );
    let error = record.error.unwrap();
    assert_eq!(error.name, "TypeError");
    assert_eq!(error.message, "boom");
    assert_eq!((error.line, error.column), (Some(2), Some(22)));
    assert!(error.stack.contains("<cell 1>:2:22"), "{}", error.stack);
    let record = repl(&session, "let a = 1;\n  nope + 1");
    let error = record.error.unwrap();
    assert_eq!(
        (error.name.as_str(), error.line, error.column),
        ("ReferenceError", Some(2), Some(3))
    );
}

/// A frame in an earlier cell, whose code vmjs rewrote (here: the call it puts first in a `catch` block), is
/// at its place in the cell as the user wrote it — in the reported error and in `error.stack` alike.
#[test]
fn frames_in_earlier_cells_are_where_the_user_wrote_them() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let defined = repl(
        &session,
        "function f() { try { g() } catch (e) {} throw new TypeError('late') }\n\
         function s() { try {} catch (e) {} return new Error('x').stack.split('\\n')[1] }",
    );
    assert!(defined.error.is_none(), "{:?}", defined.error);
    let error = repl(&session, "f()").error.unwrap();
    assert_eq!((error.line, error.column), (Some(1), Some(47)));
    assert!(
        error.stack.contains("at f (<cell 1>:1:47)"),
        "{}",
        error.stack
    );
    assert_eq!(value(&session, "s()"), "'    at s (<cell 1>:2:43)'");
}

#[test]
fn reference_errors_inside_functions_point_at_the_reference() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    // `missing` is also used at the top, before the function: the reported place is the one inside it.
    let record = repl(
        &session,
        "typeof missing;\nfunction h() {\n  let x = 1;\n  return missing + x\n}\nh()",
    );
    let error = record.error.unwrap();
    assert_eq!(
        (error.name.as_str(), error.line, error.column),
        ("ReferenceError", Some(4), Some(10))
    );
    assert!(
        error.stack.contains("at h (<cell 1>:4:10)"),
        "{}",
        error.stack
    );
    assert!(error.stack.contains("<cell 1>:6:"), "{}", error.stack);
}

#[test]
fn events_are_numbered_recorded_and_delivered_before_the_end() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let mut seen = Vec::new();
    let record = session
        .execute(ExecuteRequest::repl(
            "for (let i = 0; i < 1000; i++) console.log(i); console.error('e'); 7",
        ))
        .wait_blocking(|update| {
            if let ExecutionUpdate::Event(event) = update {
                seen.push(event.seq);
            }
        });
    assert_eq!(record.status, ExecutionStatus::Ok);
    // input_echo + 1000 logs + 1 error + value
    assert_eq!(seen, (1..=1003).collect::<Vec<u64>>());
    let store = Store::open(&env.db()).unwrap();
    let events = store.events(&record.id).unwrap();
    assert_eq!(events.len(), 1003);
    assert!(matches!(events[0].body, EventBody::InputEcho { .. }));
    assert!(matches!(&events[1].body, EventBody::Console { text, .. } if text == "0"));
    assert!(matches!(&events[1002].body, EventBody::Value(v) if v.preview == "7"));
    let stored = store.get_execution(&record.id, false).unwrap();
    assert_eq!(stored.status, ExecutionStatus::Ok);
    assert_eq!(stored.metrics.n_events, 1003);
}

#[test]
fn interrupt_stops_a_top_level_loop_and_keeps_globals() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(
        value(&session, "var kept = 'still here'; kept"),
        "'still here'"
    );
    let handle = session.execute(ExecuteRequest::repl("let n = 0; while (true) { n++ }"));
    std::thread::sleep(Duration::from_millis(100));
    let asked = Instant::now();
    session.interrupt();
    let record = handle.wait_blocking(|_| {});
    let latency = asked.elapsed();
    assert_eq!(record.status, ExecutionStatus::Cancelled);
    assert_eq!(record.error.as_ref().unwrap().name, "Interrupted");
    assert!(
        latency < Duration::from_millis(400),
        "interrupt took {latency:?}"
    );
    assert_eq!(value(&session, "kept"), "'still here'");
    assert_eq!(value(&session, "n > 0"), "true");
}

#[test]
fn output_of_code_that_then_runs_quietly_reaches_the_store_within_the_flush_interval() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let handle = session.execute(ExecuteRequest::repl(
        "console.log('before the loop'); while (true) {}",
    ));
    // Read as another process would (a crash of this one must not lose the line).
    let deadline = Instant::now() + Duration::from_secs(10);
    let store = Store::open_read_only(&env.db()).unwrap();
    let committed = loop {
        let ids: Vec<String> = store
            .list_executions(&vmjs_core::store::ExecutionFilter {
                session_id: None,
                limit: 1,
            })
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        let events = ids
            .first()
            .map(|id| store.events(id).unwrap())
            .unwrap_or_default();
        if events.iter().any(
            |e| matches!(&e.body, EventBody::Console { text, .. } if text == "before the loop"),
        ) {
            break true;
        }
        if Instant::now() > deadline {
            break false;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    session.interrupt();
    handle.wait_blocking(|_| {});
    assert!(committed, "the line stayed in memory while the loop ran");
}

/// Worker processes of this test process (nextest runs each test in its own process).
fn worker_children() -> usize {
    let me = std::process::id();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let Some(after) = stat.rfind(')').map(|at| &stat[at + 2..]) else {
                return false;
            };
            let ppid = after.split(' ').nth(1).and_then(|p| p.parse::<u32>().ok());
            ppid == Some(me) && !after.starts_with('Z')
        })
        .count()
}

#[test]
fn a_hibernating_session_frees_its_worker_and_wakes_with_its_state() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(
        value(&session, "var x = 41; const inc = (n) => n + 1; 'set'"),
        "'set'"
    );
    // Busy: refused, nothing changes.
    let busy = session.execute(ExecuteRequest::repl(
        "let i = 0; while (i < 2e6) { i++ } 'busy'",
    ));
    assert!(!session.hibernate().wait());
    busy.wait_blocking(|_| {});
    std::thread::sleep(Duration::from_millis(100)); // the pool's spare has started
    let before = worker_children();
    let descriptors = || std::fs::read_dir("/proc/self/fd").unwrap().count();
    let open_before = descriptors();
    assert!(session.hibernate().wait());
    // Its worker's pipes (the reader threads close them as they end) and its store connection are closed.
    let deadline = Instant::now() + Duration::from_secs(5);
    while descriptors() + 5 > open_before {
        assert!(
            Instant::now() < deadline,
            "{open_before} → {} descriptors",
            descriptors()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(session.is_hibernating());
    assert!(session.hibernate().wait(), "already hibernating");
    assert_eq!(session.status().as_str(), "ready");
    let deadline = Instant::now() + Duration::from_secs(5);
    while worker_children() >= before {
        assert!(Instant::now() < deadline, "the worker did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Names still complete while it sleeps (from the last snapshot).
    let names = session.global_names(Duration::from_secs(1)).wait();
    assert!(names.iter().any(|n| n == "inc"), "{names:?}");
    // The next execution wakes it with its state, quietly.
    let record = repl(&session, "inc(x)");
    assert_eq!(record.result.unwrap().preview, "42");
    assert!(!session.is_hibernating());
    let store = Store::open(&env.db()).unwrap();
    let events = store.events(&record.id).unwrap();
    assert!(
        !events
            .iter()
            .any(|e| matches!(e.body, EventBody::System { .. })),
        "{events:?}"
    );
    // Closed while asleep: the row says so (the store is connected again for it).
    assert!(session.hibernate().wait());
    let id = session.id().to_owned();
    session.close().wait();
    assert_eq!(
        store.get_session(&id).unwrap().unwrap().status.as_str(),
        "closed"
    );
}

#[test]
fn an_interrupt_while_a_session_wakes_ends_the_execution_unrun() {
    let env = Env::new();
    // Waking replays this startup file: half a second in which the execution waits for its worker.
    std::fs::write(
        env.root().join("slow.js"),
        "const t0 = Date.now(); while (Date.now() - t0 < 500) {}",
    )
    .unwrap();
    let mut template = Template::new("t");
    template.startup_files = vec!["slow.js".into()];
    let session = env.session(template);
    assert!(session.hibernate().wait());
    let handle = session.execute(ExecuteRequest::repl(
        "globalThis.ran = true; while (true) {}",
    ));
    std::thread::sleep(Duration::from_millis(100));
    assert!(!session.hibernate().wait(), "waking is busy");
    session.interrupt();
    let record = handle.wait_blocking(|_| {});
    assert_eq!(record.status, ExecutionStatus::Cancelled);
    assert_eq!(record.error.unwrap().name, "Interrupted");
    assert_eq!(value(&session, "typeof ran"), "'undefined'");
}

#[test]
fn cancel_queued_ends_waiting_executions_unrun_and_leaves_the_running_one() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let running = session.execute(ExecuteRequest::repl(
        "globalThis.ran = []; let i = 0; while (i < 3e6) { i++ } 'first'",
    ));
    let queued: Vec<_> = (0..2)
        .map(|n| session.execute(ExecuteRequest::repl(format!("ran.push({n})"))))
        .collect();
    session.cancel_queued();
    let after = session.execute(ExecuteRequest::repl("ran.push('after'); ran"));
    assert_eq!(running.wait_blocking(|_| {}).status, ExecutionStatus::Ok);
    let store = Store::open(&env.db()).unwrap();
    for handle in queued {
        let record = handle.wait_blocking(|_| {});
        assert_eq!(record.status, ExecutionStatus::Cancelled);
        assert_eq!(record.error.as_ref().unwrap().name, "Cancelled");
        // Recorded, so the history says what happened to it.
        assert_eq!(
            store.get_execution(&record.id, false).unwrap().status,
            ExecutionStatus::Cancelled
        );
    }
    let after = after.wait_blocking(|_| {});
    assert_eq!(after.result.unwrap().preview, "[ 'after' ]");
}

#[test]
fn interrupt_of_a_loop_inside_a_native_callback_restarts_and_restores() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(value(&session, "var kept = 40; kept"), "40");
    let handle = session.execute(ExecuteRequest::repl(
        "[1].forEach(() => { while (true) {} })",
    ));
    std::thread::sleep(Duration::from_millis(100));
    let asked = Instant::now();
    session.interrupt();
    let record = handle.wait_blocking(|_| {});
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "took {:?}",
        asked.elapsed()
    );
    assert_eq!(record.status, ExecutionStatus::Cancelled);
    let notes: Vec<_> = record
        .events
        .iter()
        .chain(
            Store::open(&env.db())
                .unwrap()
                .events(&record.id)
                .unwrap()
                .iter(),
        )
        .filter_map(|e| match &e.body {
            EventBody::System { text } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert!(notes.iter().any(|n| n.contains("restored")), "{notes:?}");
    assert_eq!(value(&session, "kept + 2"), "42");
}

#[test]
fn wall_clock_limit_times_out_and_keeps_state() {
    let env = Env::new();
    let session = env.session(timed(200));
    assert_eq!(value(&session, "var before = 1; before"), "1");
    let started = Instant::now();
    let record = repl(&session, "while (true) {}");
    assert_eq!(record.status, ExecutionStatus::Timeout);
    assert!(
        started.elapsed() < Duration::from_millis(200 + 300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(value(&session, "before"), "1");
}

#[test]
fn memory_limit_crashes_the_worker_not_the_host_and_state_is_restored() {
    let env = Env::new();
    let mut template = Template::new("t");
    template.limits.mem_mb = 128;
    let session = env.session(template);
    assert_eq!(value(&session, "var keep = 7; keep"), "7");
    let record = repl(&session, "let s = 'x'; while (true) s += s;");
    assert_eq!(record.status, ExecutionStatus::Crashed);
    assert!(record.error.unwrap().message.contains("memory"));
    assert_eq!(value(&session, "keep * 6"), "42");
}

#[test]
fn output_over_the_limit_is_truncated_with_a_note() {
    let env = Env::new();
    let mut template = Template::new("t");
    template.limits.max_output_bytes = 100;
    let session = env.session(template.clone());
    let record = repl(
        &session,
        "for (let i = 0; i < 100; i++) console.log('0123456789')",
    );
    assert_eq!(record.status, ExecutionStatus::Ok);
    let events = Store::open(&env.db()).unwrap().events(&record.id).unwrap();
    let logs = events
        .iter()
        .filter(|e| matches!(e.body, EventBody::Console { .. }))
        .count();
    assert_eq!(logs, 9);
    assert!(
        events
            .iter()
            .any(|e| matches!(&e.body, EventBody::System { text } if text.contains("truncated")))
    );

    template.limits.output_strategy = OutputStrategy::Fail;
    let session = env.session(template);
    let record = repl(
        &session,
        "for (let i = 0; i < 100000; i++) console.log('0123456789')",
    );
    assert_eq!(record.status, ExecutionStatus::Error);
    assert_eq!(record.error.unwrap().name, "OutputLimitExceeded");
}

#[test]
fn try_execute_reports_busy() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let running = session
        .try_execute(ExecuteRequest::repl("while (true) {}"))
        .unwrap();
    assert!(matches!(
        session.try_execute(ExecuteRequest::repl("1")),
        Err(SessionError::Busy)
    ));
    session.interrupt();
    running.wait_blocking(|_| {});
    assert!(session.try_execute(ExecuteRequest::repl("1")).is_ok());
}

#[test]
fn failing_startup_file_leaves_the_session_crashed() {
    let env = Env::new();
    std::fs::write(
        env.root().join("boot.js"),
        "globalThis.booted = true;\nthrow new Error('broken boot')",
    )
    .unwrap();
    let mut template = Template::new("t");
    template.startup_files = vec!["boot.js".into()];
    let error = env.start(template).err().unwrap();
    assert!(error.to_string().contains("broken boot"), "{error}");
    let store = Store::open(&env.db()).unwrap();
    let sessions = store.list_sessions(1).unwrap();
    assert_eq!(sessions[0].status, vmjs_core::model::SessionStatus::Crashed);
}

#[test]
fn libraries_and_startup_files_run_first_and_survive_restore() {
    let env = Env::new();
    std::fs::write(
        env.root().join("lib.js"),
        "function double(x) { return 2 * x }",
    )
    .unwrap();
    std::fs::write(env.root().join("boot.js"), "var base = double(10);").unwrap();
    let mut template = Template::new("t");
    template.libraries = vec!["lib.js".into()];
    template.startup_files = vec!["boot.js".into()];
    let session = env.session(template);
    assert_eq!(value(&session, "base + 1"), "21");
    session.restart().wait();
    assert_eq!(value(&session, "double(base)"), "40");
}

/// boa binds a global name when it compiles a function: a name that a library's function reads must become
/// a global-object property when a cell declares it, or the function would never see it.
#[test]
fn a_cell_declares_a_name_that_a_library_function_reads_where_the_function_sees_it() {
    let env = Env::new();
    std::fs::write(
        env.root().join("lib.js"),
        "function scaled() { return factor * 2 }",
    )
    .unwrap();
    let mut template = Template::new("t");
    template.libraries = vec!["lib.js".into()];
    let session = env.session(template);
    assert_eq!(value(&session, "const factor = 21; scaled()"), "42");
    assert_eq!(value(&session, "let factor = 5; scaled()"), "10");
}

#[test]
fn sandbox_denies_what_the_template_does_not_grant() {
    let env = Env::new();
    std::fs::write(env.root().join("data.txt"), "hello").unwrap();
    let session = env.session(Template::new("t"));
    let record = repl(&session, "vmjs.fs.readTextFile('data.txt')");
    let error = record.error.unwrap();
    assert_eq!(error.name, "PermissionDenied");
    assert!(error.message.contains("fs.read"));
    // fetch exists (denying every host: no `net:` grant), require too (Node's REPL has it); `process` is
    // Node's shape with no environment granted.
    assert_eq!(
        value(
            &session,
            "typeof fetch + typeof require + Object.keys(process.env).length"
        ),
        "'functionfunction0'"
    );
    assert_eq!(value(&session, "vmjs.args"), "[ 'a1' ]");

    let mut template = Template::new("t2");
    template.capabilities.fs_read = true;
    let session = env.session(template);
    assert_eq!(
        value(&session, "vmjs.fs.readTextFile('data.txt')"),
        "'hello'"
    );
    let escape = repl(&session, "vmjs.fs.readTextFile('../etc/passwd')");
    assert!(
        escape
            .error
            .unwrap()
            .message
            .contains("leaves the session root")
    );
    let write = repl(&session, "vmjs.fs.writeTextFile('x.txt', 'y')");
    assert_eq!(write.error.unwrap().name, "PermissionDenied");
}

#[test]
fn deterministic_mode_fixes_the_clock_and_the_random_sequence() {
    let env = Env::new();
    let mut template = Template::new("t");
    template.options.deterministic = true;
    let first = env.session(template.clone());
    let second = env.session(template);
    let probe = "[Date.now(), new Date().toISOString(), Math.random(), Math.random()]";
    let a = value(&first, probe);
    assert_eq!(a, value(&second, probe));
    assert!(a.contains("2024-01-01T00:00:00.000Z"), "{a}");
    // Timers still fire, advancing virtual time.
    assert_eq!(
        value(
            &first,
            "const t0 = Date.now(); await new Promise(r => setTimeout(r, 5000)); Date.now() - t0"
        ),
        "5000"
    );
}

#[test]
fn unhandled_rejections_and_timer_errors_fail_the_execution() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let record = repl(&session, "Promise.reject(new RangeError('lost')); 1");
    assert_eq!(record.status, ExecutionStatus::Error);
    assert_eq!(record.error.unwrap().message, "lost");
    let record = repl(
        &session,
        "setTimeout(() => { throw new Error('in timer') }, 1); setTimeout(() => console.log('later'), 5)",
    );
    assert_eq!(record.status, ExecutionStatus::Error);
    let events = Store::open(&env.db()).unwrap().events(&record.id).unwrap();
    assert!(
        events
            .iter()
            .any(|e| matches!(&e.body, EventBody::Console { text, .. } if text == "later"))
    );
}

#[test]
fn modules_import_inside_the_root_only() {
    let env = Env::new();
    std::fs::create_dir(env.root().join("lib")).unwrap();
    std::fs::write(
        env.root().join("lib/math.js"),
        "export const three = 3; export default function sq(x) { return x * x }",
    )
    .unwrap();
    std::fs::write(env.root().join("lib/data.json"), r#"{"k": [1, 2]}"#).unwrap();
    std::fs::write(
        env.root().join("main.js"),
        "import sq, { three } from './lib/math.js';\nconsole.log(sq(three));",
    )
    .unwrap();
    let session = env.session(Template::new("t"));
    let record = session
        .execute(ExecuteRequest::run_file(session.root(), "main.js"))
        .wait_blocking(|_| {});
    assert_eq!(record.status, ExecutionStatus::Ok, "{:?}", record.error);
    assert_eq!(
        value(&session, "import sq from './lib/math.js'; sq(5)"),
        "25"
    );
    assert_eq!(
        value(
            &session,
            "import data from './lib/data.json' with { type: 'json' }; data.k"
        ),
        "[ 1, 2 ]"
    );
    let escape = repl(&session, "await import('../outside.js')");
    assert_eq!(escape.status, ExecutionStatus::Error);
    assert!(escape.error.unwrap().message.contains("session root"));
}

/// A cell's static imports are loaded and checked before the cell runs, as a module's linking: when one fails
/// (no such file, no such export) the cell declares nothing, so its names are undeclared afterwards rather than
/// `undefined`, and nothing else in the cell ran.
#[test]
fn a_cell_whose_import_fails_declares_nothing() {
    let env = Env::new();
    std::fs::write(
        env.root().join("m.js"),
        "export const a = 1; export default 'd';",
    )
    .unwrap();
    let session = env.session(Template::new("t"));
    let failed = repl(
        &session,
        "globalThis.ran = false;\nimport { nope } from './missing.js';\nran = true",
    );
    assert_eq!(failed.status, ExecutionStatus::Error);
    let error = failed.error.unwrap();
    assert!(error.message.contains("missing.js"), "{error:?}");
    assert_eq!(value(&session, "typeof ran"), "'undefined'");
    let later = repl(&session, "nope");
    assert_eq!(later.error.unwrap().message, "nope is not defined");

    let missing_export = repl(
        &session,
        "let kept = 1;\nimport d, { a, zzz } from './m.js'",
    );
    let error = missing_export.error.unwrap();
    assert_eq!(
        (error.name.as_str(), error.message.as_str(), error.line),
        (
            "SyntaxError",
            "The requested module './m.js' does not provide an export named 'zzz'",
            Some(2)
        )
    );
    for name in ["kept", "d", "a", "zzz"] {
        assert_eq!(
            value(&session, &format!("typeof {name}")),
            "'undefined'",
            "{name}"
        );
    }
    // The same names declared by a working import, in a later cell.
    assert_eq!(
        value(
            &session,
            "import d, { a } from './m.js';\nimport * as ns from './m.js'; [d, a, ns.a]"
        ),
        "[ 'd', 1, 1 ]"
    );
}

#[test]
fn extensionless_specifiers_find_js_files_and_directory_indexes() {
    let env = Env::new();
    let root = env.root();
    std::fs::create_dir_all(root.join("lib/util")).unwrap();
    std::fs::write(root.join("lib/User.js"), "export class User { name = 'u' }").unwrap();
    std::fs::write(root.join("lib/esm.mjs"), "export const esm = 'mjs';").unwrap();
    std::fs::write(
        root.join("lib/util/index.js"),
        "export const util = 'index';",
    )
    .unwrap();
    std::fs::write(
        root.join("lib/main.js"),
        "import { User } from './User';\nimport { util } from './util';\nconsole.log(new User().name, util);",
    )
    .unwrap();
    let session = env.session(Template::new("t"));
    assert_eq!(
        value(
            &session,
            "import { User } from './lib/User'; import { esm } from './lib/esm'; \
             import { util } from './lib/util'; [new User().name, esm, util]"
        ),
        "[ 'u', 'mjs', 'index' ]"
    );
    let record = session
        .execute(ExecuteRequest::run_file(session.root(), "lib/main.js"))
        .wait_blocking(|_| {});
    assert_eq!(record.status, ExecutionStatus::Ok, "{:?}", record.error);
    assert_eq!(crate::stored_console_lines(&env, &record), ["u index"]);
    // One module, whichever way it was named.
    assert_eq!(
        value(
            &session,
            "(await import('./lib/User.js')).User === (await import('./lib/User')).User"
        ),
        "true"
    );
    // A missing module names the specifier as written; an extension is never added to one that has one.
    let missing = repl(&session, "await import('./lib/nothing')");
    assert!(
        missing
            .error
            .unwrap()
            .message
            .contains("cannot import `./lib/nothing`: No such file")
    );
    let record = repl(&session, "await import('./lib/User.mjs')");
    assert_eq!(record.status, ExecutionStatus::Error);
    // Fallbacks are confined like the specifier: a link named `escape.js` to outside is refused, not skipped.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.js"), "console.log('escaped')").unwrap();
    std::os::unix::fs::symlink(outside.path().join("x.js"), root.join("escape.js")).unwrap();
    let record = repl(&session, "await import('./escape')");
    assert_eq!(record.error.as_ref().unwrap().name, "PermissionDenied");
    assert!(crate::stored_console_lines(&env, &record).is_empty());
}

#[test]
fn deep_nesting_is_a_syntax_error_not_an_abort() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    let record = repl(&session, &deep);
    assert_eq!(record.status, ExecutionStatus::Error);
    assert_eq!(record.error.unwrap().name, "SyntaxError");
    assert_eq!(value(&session, "1 + 1"), "2");
}

#[test]
fn closing_leaves_no_worker_process() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let pid = value(&session, "vmjs.version !== undefined");
    assert_eq!(pid, "true");
    std::thread::sleep(Duration::from_millis(200)); // the pool's spare starts a little after the take
    let before = worker_count();
    session.close().wait();
    std::thread::sleep(Duration::from_millis(100));
    assert!(worker_count() < before, "a worker survived close");
}

#[test]
fn a_database_that_cannot_open_fails_the_start_and_leaves_no_worker() {
    let env = Env::new();
    // A directory, not a database: no worker may outlive the failed start.
    let sessions =
        vmjs_core::host::Sessions::new(env.root(), std::sync::Arc::clone(env.sessions.pool()));
    let error = sessions
        .start_with(Template::new("t"), env.root(), Default::default())
        .wait()
        .err()
        .unwrap();
    assert!(error.to_string().contains("database"), "{error}");
    std::thread::sleep(Duration::from_millis(200));
    // At most the pool's spare (started behind the take) is left.
    assert!(worker_count() <= 1, "{} workers left", worker_count());
    drop(env);
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(worker_count(), 0);
}

/// Live worker children (`vmjs worker`, `vmjs-worker worker …`) of this test process.
fn worker_count() -> usize {
    super::live_children()
        .iter()
        .filter(|child| child.argv.get(1).map(String::as_str) == Some("worker"))
        .count()
}

#[test]
fn a_locked_database_ends_the_execution_with_a_store_error_and_nothing_else_breaks() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(value(&session, "let kept = 1; kept"), "1");
    // Another process holds the write lock longer than the store's busy timeout.
    let blocker = rusqlite::Connection::open(env.db()).unwrap();
    blocker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let record = repl(&session, "console.log('not recorded'); kept + 1");
    assert_eq!(record.status, ExecutionStatus::Error);
    let error = record.error.unwrap();
    assert_eq!(error.name, "StoreError");
    assert!(error.message.contains("locked"), "{}", error.message);
    blocker.execute_batch("ROLLBACK").unwrap();
    // The session is intact and records again.
    let record = repl(&session, "kept + 1");
    assert_eq!(record.status, ExecutionStatus::Ok);
    let store = Store::open(&env.db()).unwrap();
    let events = store.events(&record.id).unwrap();
    assert!(
        events
            .iter()
            .any(|e| matches!(&e.body, EventBody::Value(v) if v.preview == "2"))
    );
}

#[test]
fn an_interrupt_while_prompt_waits_cancels_the_execution_and_keeps_the_worker() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    // Input that used `prompt` is never replayed: only a worker that was not replaced still has it.
    let answered = session
        .execute(ExecuteRequest::repl("var asked = prompt('first?'); asked"))
        .wait_blocking(|update| {
            if let ExecutionUpdate::InputRequest { .. } = update {
                session.reply_input(Some("yes".into()));
            }
        });
    assert_eq!(answered.result.unwrap().preview, "'yes'");
    let record = session
        .execute(ExecuteRequest::repl("let never = prompt('second?'); never"))
        .wait_blocking(|update| {
            if let ExecutionUpdate::InputRequest { .. } = update {
                session.interrupt();
            }
        });
    assert_eq!(
        record.status,
        ExecutionStatus::Cancelled,
        "{:?}",
        record.error
    );
    assert_eq!(value(&session, "asked"), "'yes'");
}

/// The same session API from async code, without `spawn_blocking`: start, execute, queries, restart and
/// close are awaited on a single-threaded runtime (a blocking wait anywhere would stall it).
#[test]
fn async_callers_await_every_control_on_one_thread() {
    let env = Env::new();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    runtime.block_on(async {
        let session = env
            .sessions
            .start_with(Template::new("t"), env.root(), Default::default())
            .await
            .unwrap();
        let mut handle = session.execute(ExecuteRequest::repl("let answer = 42; answer"));
        let record = loop {
            if let ExecutionUpdate::Finished(record) = handle.next().await {
                break record;
            }
        };
        assert_eq!(record.result.unwrap().preview, "42");
        let t = Duration::from_secs(5);
        assert!(session.global_names(t).await.contains(&"answer".to_owned()));
        assert!(
            session
                .property_names("Math", t)
                .await
                .contains(&"max".to_owned())
        );
        assert_eq!(
            session.describe("answer", 0, t).await.unwrap().preview,
            "42"
        );
        session.restart().await;
        assert!(!session.global_names(t).await.contains(&"answer".to_owned()));
        session.close().await;
        assert_eq!(session.status(), vmjs_core::model::SessionStatus::Closed);
        let after = session.execute(ExecuteRequest::repl("1")).finished().await;
        assert_eq!(after.error.unwrap().name, "SessionClosed");
    });
    let store = Store::open(&env.db()).unwrap();
    assert_eq!(
        store.list_sessions(1).unwrap()[0].status,
        vmjs_core::model::SessionStatus::Closed
    );
}

/// A start nobody waits for any more (the caller dropped the reply) still ends closed, with no worker left.
#[test]
fn a_start_whose_reply_is_dropped_closes_its_session() {
    let env = Env::new();
    drop(
        env.sessions
            .start_with(Template::new("t"), env.root(), Default::default()),
    );
    let store = Store::open(&env.db()).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let rows = store.list_sessions(1).unwrap();
        if rows
            .first()
            .is_some_and(|row| row.status == vmjs_core::model::SessionStatus::Closed)
        {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{rows:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
