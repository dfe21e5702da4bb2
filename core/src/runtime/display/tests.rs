//! The display API driven from JS snippets in an in-process engine: the events and values it produces.

use serde_json::json;

use super::*;
use crate::model::EventBody;
use crate::runtime::testing::TestEngine;

/// The display-ish events of `source` as JSON (`{"type": ..., "payload": ...}`).
fn outputs(engine: &mut TestEngine, source: &str) -> Vec<Value> {
    engine
        .ok(source)
        .into_iter()
        .filter(|e| {
            matches!(
                e,
                EventBody::Display { .. }
                    | EventBody::ClearOutput { .. }
                    | EventBody::Message { .. }
                    | EventBody::Console { .. }
            )
        })
        .map(|e| serde_json::to_value(e).expect("json"))
        .collect()
}

#[test]
fn display_html_markdown_and_svg_as_tagged_templates_and_calls() {
    let mut engine = TestEngine::new();
    let events = outputs(
        &mut engine,
        "const n = 2; Jupyter.display(Jupyter.html`<b>${n}</b>`); Jupyter.display(Jupyter.md('# t'));\n\
         Jupyter.display(Jupyter.svg`<svg/>`, {metadata: {isolated: true}})",
    );
    assert_eq!(
        events,
        vec![
            json!({"type": "display", "payload": {"data": {"text/html": "<b>2</b>", "text/plain": "<b>2</b>"},
                "metadata": {}, "update": false}}),
            json!({"type": "display", "payload": {"data": {"text/markdown": "# t", "text/plain": "# t"},
                "metadata": {}, "update": false}}),
            json!({"type": "display", "payload": {"data": {"image/svg+xml": "<svg/>", "text/plain": "[SVG image]"},
                "metadata": {"isolated": true}, "update": false}}),
        ]
    );
}

#[test]
fn raw_bundles_display_ids_updates_and_clear_output() {
    let mut engine = TestEngine::new();
    let events = outputs(
        &mut engine,
        "console.log('a'); Jupyter.display({'text/plain': 'v1', 'application/json': {k: [1]}}, {raw: true, display_id: 'p'});\n\
         Jupyter.display({'text/plain': 'v2'}, {raw: true, display_id: 'p', update: true}); Jupyter.clearOutput({wait: true}); Jupyter.clearOutput()",
    );
    assert_eq!(
        events,
        vec![
            json!({"type": "console", "payload": {"level": "log", "text": "a"}}),
            json!({"type": "display", "payload": {"data": {"text/plain": "v1", "application/json": {"k": [1]}},
                "metadata": {}, "display_id": "p", "update": false}}),
            json!({"type": "display", "payload": {"data": {"text/plain": "v2"}, "metadata": {},
                "display_id": "p", "update": true}}),
            json!({"type": "clear_output", "payload": {"wait": true}}),
            json!({"type": "clear_output", "payload": {"wait": false}}),
        ]
    );
}

#[test]
fn plain_values_display_as_text_and_json() {
    let mut engine = TestEngine::new();
    let events = outputs(
        &mut engine,
        "Jupyter.display({a: 1}); Jupyter.display('s'); Jupyter.display(new Map([[1, 2]]))",
    );
    let data: Vec<&Value> = events.iter().map(|e| &e["payload"]["data"]).collect();
    assert_eq!(
        data[0],
        &json!({"text/plain": "{ a: 1 }", "application/json": {"a": 1}})
    );
    assert_eq!(data[1], &json!({"text/plain": "'s'"}));
    assert_eq!(data[2], &json!({"text/plain": "Map(1) { 1 => 2 }"}));
}

#[test]
fn bad_bundles_are_type_errors() {
    let mut engine = TestEngine::new();
    assert_eq!(
        engine.error("Jupyter.display({'application/json': () => 1}, {raw: true})"),
        "TypeError: Jupyter.display: the data for `application/json` must be a string or JSON data, got function"
    );
    // nbformat keeps non-JSON MIME types as text only.
    assert_eq!(
        engine.error("Jupyter.display({'text/plain': 42}, {raw: true})"),
        "TypeError: Jupyter.display: the data for `text/plain` must be a string (only JSON MIME types such as application/json take other data), got number"
    );
    let (done, events) = engine
        .run("Jupyter.display({'application/vnd.vegalite.v5+json': {mark: 'bar'}}, {raw: true})");
    assert!(done.error.is_none(), "{:?}", done.error);
    assert_eq!(events.len(), 1);
    assert_eq!(
        engine.error("Jupyter.display(42, {raw: true})"),
        "TypeError: Jupyter.display: a MIME bundle must be an object like {\"text/html\": \"<b>hi</b>\"}, got number"
    );
    assert_eq!(
        engine.error("Jupyter.display({html: 'x'}, {raw: true})"),
        "TypeError: Jupyter.display: `html` is not a MIME type (expected e.g. \"text/html\")"
    );
    assert_eq!(
        engine.error("Jupyter.display({}, {raw: true})"),
        "TypeError: Jupyter.display: the MIME bundle is empty (give at least one type, e.g. \"text/plain\")"
    );
    assert!(
        engine
            .error("Jupyter.display({'text/plain': 'x'}, {raw: true, update: true})")
            .contains("needs the display_id")
    );
    assert!(
        engine
            .error("Jupyter.display({'text/plain': 'x'}, {raw: true, display_id: 5})")
            .contains("display_id must be a string")
    );
    assert!(
        engine
            .error("Jupyter.image([1, 2])")
            .contains("expected a Uint8Array or an ArrayBuffer")
    );
    assert!(
        engine
            .error("Jupyter.image(new Uint8Array(3), 'image/gif')")
            .contains("unsupported type")
    );
    assert!(
        engine
            .error("Jupyter.plot.bar([{a: 1}], {x: 'a'})")
            .contains("need the x and y field names")
    );
    assert_eq!(
        engine.error("Jupyter.display({'text/plain': 'x'.repeat(17 * 1024 * 1024)}, {raw: true})"),
        "RangeError: Jupyter.display: the MIME bundle is larger than 16 MiB"
    );
}

#[test]
fn errors_point_at_the_users_call_not_into_the_prelude() {
    let mut engine = TestEngine::new();
    let (done, _) = engine.run("1;\n  Jupyter.display(Jupyter.image([1]))");
    let error = done.error.expect("error");
    assert_eq!(
        (error.file.as_deref(), error.line, error.name.as_str()),
        (Some("<cell 1>"), Some(2), "TypeError")
    );
    assert!(!error.stack.contains("<vmjs:"), "{}", error.stack);
}

#[test]
fn last_value_with_a_display_method_carries_its_bundle() {
    let mut engine = TestEngine::new();
    let (done, _) =
        engine.run("({ [Symbol.for('Jupyter.display')]() { return {'text/markdown': '# hi'} } })");
    let result = done.result.expect("result");
    assert_eq!(
        result.mime,
        Some(
            json!({"text/markdown": "# hi"})
                .as_object()
                .cloned()
                .expect("map")
        )
    );
    assert_eq!(result.type_name, "Object");
    let (done, _) = engine.run("Jupyter.html`<i>x</i>`");
    let mime = done.result.and_then(|r| r.mime).expect("mime");
    assert_eq!(mime["text/html"], "<i>x</i>");
    let (done, _) = engine
        .run("({ async [Symbol.for('Jupyter.display')]() { return {'text/plain': 'later'} } })");
    assert_eq!(
        done.result.and_then(|r| r.mime).expect("mime")["text/plain"],
        "later"
    );
    assert_eq!(
        engine.error("({ [Symbol.for('Jupyter.display')]() { throw new RangeError('no view') } })"),
        "RangeError: no view"
    );
    assert!(
        engine
            .error("({ [Symbol.for('Jupyter.display')]() { return 1 } })")
            .contains("a MIME bundle must be an object")
    );
    // Getters are not run to find the method.
    let (done, _) = engine.run(
        "let hits = 0; ({ get [Symbol.for('Jupyter.display')]() { hits++; return () => ({}) } })",
    );
    assert_eq!(done.result.expect("result").mime, None);
    assert_eq!(engine.run("hits").0.result.expect("hits").preview, "0");
}

#[test]
fn images_are_base64() {
    let mut engine = TestEngine::new();
    let events = outputs(
        &mut engine,
        "Jupyter.display(Jupyter.image(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))); Jupyter.display(Jupyter.image(new Uint8Array([1, 2, 3]).buffer, 'image/jpeg'))",
    );
    assert_eq!(
        events[0]["payload"]["data"],
        json!({"image/png": "iVBORw==", "text/plain": "[image/png image, 4 bytes]"})
    );
    assert_eq!(
        events[1]["payload"]["data"],
        json!({"image/jpeg": "AQID", "text/plain": "[image/jpeg image, 3 bytes]"})
    );
}

#[test]
fn vegalite_and_plot_helpers_build_specs_with_summaries() {
    let mut engine = TestEngine::new();
    let events = outputs(
        &mut engine,
        "Jupyter.display(Jupyter.plot.bar([{fruit: 'apple', n: 3}, {fruit: 'pear', n: 5}], {x: 'fruit', y: 'n', title: 'Fruit'}));\n\
         Jupyter.display(Jupyter.plot.line([{d: '2024-01-01', v: 1}], {x: 'd', y: 'v'}));\n\
         Jupyter.display(Jupyter.vegalite({mark: {type: 'area'}, data: {url: 'x.csv'}, encoding: {x: {field: 'a', type: 'quantitative'}}}))",
    );
    let bar = &events[0]["payload"]["data"];
    assert_eq!(
        bar["application/vnd.vegalite.v5+json"],
        json!({
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "title": "Fruit",
            "data": {"values": [{"fruit": "apple", "n": 3}, {"fruit": "pear", "n": 5}]},
            "mark": "bar",
            "encoding": {"x": {"field": "fruit", "type": "nominal"}, "y": {"field": "n", "type": "quantitative"}}
        })
    );
    assert_eq!(
        bar["text/plain"],
        "Vega-Lite chart \"Fruit\": bar, 2 rows; x: fruit (nominal), y: n (quantitative)"
    );
    let line = &events[1]["payload"]["data"];
    assert_eq!(
        line["application/vnd.vegalite.v5+json"]["encoding"]["x"]["type"],
        "temporal"
    );
    assert_eq!(
        line["text/plain"],
        "Vega-Lite chart: line, 1 row; x: d (temporal), y: v (quantitative)"
    );
    let area = &events[2]["payload"]["data"];
    assert_eq!(
        area["text/plain"],
        "Vega-Lite chart: area, data from x.csv; x: a (quantitative)"
    );
    assert_eq!(
        area["application/vnd.vegalite.v5+json"]["$schema"],
        "https://vega.github.io/schema/vega-lite/v5.json"
    );
}

#[test]
fn deno_jupyter_surface() {
    let mut engine = TestEngine::new();
    let events = outputs(
        &mut engine,
        "await Deno.jupyter.display({'text/plain': 'r'}, {raw: true, display_id: 'd'});\n\
         await Deno.jupyter.display(Deno.jupyter.html`<p>${1}</p>`);\n\
         await Deno.jupyter.broadcast('comm_msg', {comm_id: 'c', data: {x: 1}}, {metadata: {m: true}, buffers: [new Uint8Array([102, 111])]});\n\
         await Deno.jupyter.broadcast('update_display_data', {data: {'text/plain': 'r2'}, metadata: {}, transient: {display_id: 'd'}});\n\
         Deno.jupyter.broadcast('clear_output', {wait: false});",
    );
    assert_eq!(
        events,
        vec![
            json!({"type": "display", "payload": {"data": {"text/plain": "r"}, "metadata": {}, "display_id": "d", "update": false}}),
            json!({"type": "display", "payload": {"data": {"text/html": "<p>1</p>", "text/plain": "<p>1</p>"}, "metadata": {}, "update": false}}),
            json!({"type": "message", "payload": {"msg_type": "comm_msg", "content": {
                "content": {"comm_id": "c", "data": {"x": 1}}, "metadata": {"m": true}, "buffers": ["Zm8="]}}}),
            json!({"type": "display", "payload": {"data": {"text/plain": "r2"}, "metadata": {}, "display_id": "d", "update": true}}),
            json!({"type": "clear_output", "payload": {"wait": false}}),
        ]
    );
    let (done, _) = engine.run(
        "[Deno.jupyter.$display === Symbol.for('Jupyter.display'), Deno.jupyter.format(1)['text/plain'], typeof Deno.jupyter.md]",
    );
    assert_eq!(
        done.result.expect("result").preview,
        "[ true, '1', 'function' ]"
    );
}

#[test]
fn natives_stay_hidden() {
    let mut engine = TestEngine::new();
    let (done, _) = engine.run(
        "[Object.keys(globalThis).includes('Jupyter'), Object.getOwnPropertyNames(globalThis).filter(n => /native|vmjs_|broadcast|clearOutput/.test(n))]",
    );
    assert_eq!(done.result.expect("result").preview, "[ false, [] ]");
    assert!(engine.engine.global_names().contains(&"Jupyter".to_owned()));
}

#[test]
fn the_prelude_runs_when_a_display_global_is_first_read() {
    let mut engine = TestEngine::new();
    // Code that names a display global installs the prelude before it runs (see `lazy`): these names are
    // built at run time, so the globals are still the lazy getters here.
    let lazy = "[Object.getOwnPropertyNames(globalThis).includes('Jup' + 'yter'), \
                typeof Object.getOwnPropertyDescriptor(globalThis, 'Jup' + 'yter').get, \
                typeof Object.getOwnPropertyDescriptor(globalThis, 'De' + 'no').get]";
    assert_eq!(engine.value(lazy), "[ true, 'function', 'function' ]");
    assert_eq!(
        engine.value(
            "typeof Jupyter.plot.scatter === 'function' && typeof Deno.jupyter.broadcast === 'function'"
        ),
        "true"
    );
    // Both globals are plain (hidden) data properties from then on.
    assert_eq!(
        engine.value(
            "['Jupyter', 'Deno'].map(n => Object.getOwnPropertyDescriptor(globalThis, n)) \
             .map(d => [typeof d.value, d.writable, d.enumerable, d.configurable])"
        ),
        "[ [ 'object', true, false, true ], [ 'object', true, false, true ] ]"
    );
    assert_eq!(
        engine.value("Symbol.for('Jupyter.display') === Jupyter.$display"),
        "true"
    );
}

#[test]
fn a_display_global_assigned_before_first_use_stays_the_users() {
    let mut engine = TestEngine::new();
    engine.ok(
        "var name = 'Jup' + 'yter'; var keep = Object.getOwnPropertyDescriptor(globalThis, name).get; \
         globalThis[name] = 5",
    );
    assert_eq!(engine.value("typeof Deno.jupyter.display"), "'function'");
    assert_eq!(engine.value("Jupyter"), "5");
    // A getter kept from before still answers with the API object (and never recurses).
    assert_eq!(engine.value("typeof keep().display"), "'function'");
}

#[test]
fn a_display_global_first_named_inside_a_callback_of_a_loop_works() {
    // Before globals were installed ahead of the code that names them, the prelude ran in the middle of this
    // cell and boa lost track of the cell's bindings ("not a callable function" on the second turn).
    let mut engine = TestEngine::new();
    engine.ok(
        "var out = {}; for (const a of ['x', 'y']) Promise.resolve(1).then(() => { out[a] = typeof Jupyter.html })",
    );
    assert_eq!(engine.value("out"), "{ x: 'function', y: 'function' }");
}

#[test]
fn introspection_sees_through_the_lazy_globals() {
    let mut engine = TestEngine::new();
    let names = engine.engine.property_names("Jupyter");
    assert!(names.contains(&"display".to_owned()), "{names:?}");
    assert!(
        engine
            .engine
            .property_names("Deno.jupyter")
            .contains(&"broadcast".to_owned())
    );
}

#[test]
fn other_kernels_apis_ijavascript_tslab_and_deno_version() {
    let mut engine = TestEngine::new();
    // IJavascript's `$$`: each call displays at once.
    let events =
        engine.ok("$$.html('<b>hi</b>'); $$.svg('<svg/>'); $$.json({a: 1}); $$.async(); $$.done()");
    let bundles: Vec<_> = events
        .iter()
        .filter_map(|event| match event {
            EventBody::Display { data, .. } => Some(serde_json::Value::Object(data.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        bundles,
        [
            serde_json::json!({"text/html": "<b>hi</b>", "text/plain": "<b>hi</b>"}),
            serde_json::json!({"image/svg+xml": "<svg/>", "text/plain": "[SVG image]"}),
            serde_json::json!({"application/json": {"a": 1}, "text/plain": "{\"a\":1}"}),
        ]
    );
    // An async cell's result or error, sent from a callback: the result is the cell's (not the timer id its
    // last expression gave), as IJavascript sends it; outside an async cell `sendResult` displays.
    let (done, events) = engine.run("$$.async(); setTimeout(() => $$.sendResult({ n: 42 }), 5)");
    assert_eq!(
        done.result.map(|result| result.preview),
        Some("{ n: 42 }".to_owned())
    );
    assert!(
        !events
            .iter()
            .any(|event| matches!(event, EventBody::Display { .. })),
        "{events:?}"
    );
    let (done, _) = engine.run("$$.async(); setTimeout(() => $$.done(), 1); 7");
    assert!(done.result.is_none(), "{:?}", done.result);
    let (done, events) = engine.run("$$.sendResult('shown'); 8");
    assert_eq!(
        done.result.map(|result| result.preview),
        Some("8".to_owned())
    );
    assert!(
        events
            .iter()
            .any(|event| matches!(event, EventBody::Display { data, .. }
            if data.get("text/plain") == Some(&serde_json::json!("'shown'")))),
        "{events:?}"
    );
    let (done, _) =
        engine.run("$$.async(); setTimeout(() => $$.sendError(new RangeError('sent')), 5)");
    assert_eq!(
        done.error.map(|e| (e.name, e.message)),
        Some(("RangeError".to_owned(), "sent".to_owned()))
    );
    // tslab: `import * as tslab from "tslab"` is the one bare specifier that is not a file.
    let events = engine.ok(
        "import * as tslab from 'tslab'; tslab.display.markdown('# t'); tslab.display.png(new Uint8Array([137, 80]))",
    );
    let kinds: Vec<String> = events
        .iter()
        .filter_map(|event| match event {
            EventBody::Display { data, .. } => {
                Some(data.keys().cloned().collect::<Vec<_>>().join("+"))
            }
            _ => None,
        })
        .collect();
    assert_eq!(kinds, ["text/markdown+text/plain", "image/png+text/plain"]);
    assert_eq!(
        engine.value("import t from 'tslab'; typeof t.display.html"),
        "'function'"
    );
    // `tslab.newDisplay()`: one display its calls replace; another display has its own id.
    let events = engine.ok(
        "const d = tslab.newDisplay(); for (let p = 1; p <= 3; p++) { await new Promise((r) => setTimeout(r, 1)); d.text(`progress: ${p}%`); }\n\
         tslab.newDisplay().html('<b>other</b>');",
    );
    let shown: Vec<(String, Option<String>, bool)> = events
        .iter()
        .filter_map(|event| match event {
            EventBody::Display {
                data,
                display_id,
                update,
                ..
            } => Some((
                data["text/plain"].as_str().unwrap_or_default().to_owned(),
                display_id.clone(),
                *update,
            )),
            _ => None,
        })
        .collect();
    let texts: Vec<(&str, bool)> = shown.iter().map(|(t, _, u)| (t.as_str(), *u)).collect();
    assert_eq!(
        texts,
        [
            ("progress: 1%", false),
            ("progress: 2%", true),
            ("progress: 3%", true),
            ("<b>other</b>", false)
        ]
    );
    let ids: Vec<&str> = shown
        .iter()
        .filter_map(|(_, id, _)| id.as_deref())
        .collect();
    assert_eq!(ids.len(), 4);
    assert!(
        ids[..3].iter().all(|id| *id == ids[0]) && ids[3] != ids[0],
        "{ids:?}"
    );
    assert_eq!(engine.value("typeof tslab.versions.tslab"), "'string'");
    // `Deno.test`: the cell's tests run after its code, printed as `deno test` prints them (without the colours
    // here); a failing test or step is reported, not raised.
    let events = engine.ok(
        "Deno.test('passes', () => {});\n\
         Deno.test('has steps', async (t) => { await t.step('one', () => {}); await t.step('two', () => { throw new RangeError('step broke'); }); });\n\
         Deno.test({ name: 'skipped', ignore: true, fn() { throw 1; } });\n\
         Deno.test(async function named() { await null; });\n\
         Deno.test('fails', () => { throw new Error('some message'); });",
    );
    let text: String = events
        .iter()
        .filter_map(|event| match event {
            EventBody::Console { text, .. } => Some(format!("{text}\n")),
            _ => None,
        })
        .collect();
    let plain = regex::Regex::new("\x1b\\[[0-9;]*m|\\(\\d+ms\\)")
        .unwrap()
        .replace_all(&text, "");
    let lines: Vec<&str> = plain.lines().map(str::trim_end).collect();
    assert_eq!(
        lines[..8],
        [
            "passes ... ok",
            "has steps ...",
            "  one ... ok",
            "  two ... FAILED",
            "has steps ... FAILED (due to 1 failed step)",
            "skipped ... ignored",
            "named ... ok",
            "fails ... FAILED",
        ],
        "{plain}"
    );
    assert!(
        plain.contains("two\nerror: RangeError: step broke\n"),
        "{plain}"
    );
    assert!(
        plain.contains("fails\nerror: Error: some message\n"),
        "{plain}"
    );
    assert!(!plain.contains("<vmjs:"), "{plain}");
    assert!(
        plain.ends_with("FAILED | 2 passed (1 step) | 2 failed | 1 ignored \n"),
        "{plain}"
    );
    // A test registered after an `await` runs too; a cell that registers none prints nothing.
    let events = engine.ok("await null; Deno.test('late', () => {});");
    assert!(
        events.iter().any(|event| matches!(event, EventBody::Console { text, .. } if text.starts_with("late ... "))),
        "{events:?}"
    );
    let thrown = engine.run("Deno.test(42)").0.error.expect("an error");
    assert_eq!(
        thrown.message,
        "Deno.test: expected a name, a function or a test definition"
    );
    // Deno.version says what runs.
    assert_eq!(
        engine.value(
            "Deno.version.vmjs === Deno.version.deno.slice(5) && Deno.version.v8.startsWith('boa ')"
        ),
        "true"
    );
}

#[test]
fn tables_of_records_and_columns_keep_the_key_order() {
    let mut engine = TestEngine::new();
    let events = outputs(
        &mut engine,
        "Jupyter.display(Jupyter.table([{zeta: 1, alpha: '<i>'}, {zeta: 2, beta: true}], {limit: 1}));\n\
         Jupyter.display(Jupyter.table({b: [1, 2], a: [3, 4]}, {columns: ['a']}))",
    );
    let first = &events[0]["payload"]["data"];
    let html = first["text/html"].as_str().expect("html");
    assert!(
        html.contains("<th></th><th>zeta</th><th>alpha</th><th>beta</th>"),
        "{html}"
    );
    assert!(html.contains("<td>&lt;i&gt;</td>"), "{html}");
    assert!(
        html.ends_with("<p>first 1 of 2 rows × 3 columns</p>"),
        "{html}"
    );
    assert_eq!(
        first["application/vnd.dataresource+json"]["schema"]["fields"],
        json!([{"name": "zeta", "type": "integer"}, {"name": "alpha", "type": "string"}, {"name": "beta", "type": "boolean"}])
    );
    assert_eq!(
        first["text/plain"],
        "┌─────────┬──────┬───────┬──────┐\n│ (index) │ zeta │ alpha │ beta │\n├─────────┼──────┼───────┼──────┤\n│ 0       │ 1    │ <i>   │      │\n└─────────┴──────┴───────┴──────┘\n… first 1 of 2 rows"
    );
    let second = &events[1]["payload"]["data"];
    assert_eq!(
        second["application/vnd.dataresource+json"]["data"],
        json!([{"a": 3}, {"a": 4}])
    );
    // The last value of a cell: its JSON is key-sorted, its columns say the order it was written in.
    let (done, _) = engine.run("[{zeta: 1, alpha: 2}, {gamma: 3}]");
    let value = done.result.expect("value");
    assert_eq!(
        value.columns,
        Some(vec!["zeta".into(), "alpha".into(), "gamma".into()])
    );
    let (done, _) = engine.run("({b: [1], a: [2]})");
    assert_eq!(
        done.result.expect("value").columns,
        Some(vec!["b".into(), "a".into()])
    );
    let (done, _) = engine.run("[1, 2]");
    assert_eq!(done.result.expect("value").columns, None);
    assert_eq!(
        engine.error("Jupyter.table([1, 2])"),
        "TypeError: Jupyter.table: expected an array of objects (records) or an object of equal-length arrays (columns)"
    );
    assert_eq!(
        engine.error("Jupyter.table([{a: 1}], {limit: -1})"),
        "TypeError: Jupyter.table: limit must be a whole number of rows"
    );
    assert_eq!(
        engine.error("Jupyter.table([{a: 1}], {columns: 'a'})"),
        "TypeError: Jupyter.table: columns must be an array of names"
    );
}
