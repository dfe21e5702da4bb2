//! Comms and widgets driven from JS snippets and frontend messages (executions of kind `comm`) in an
//! in-process engine: the messages the session sends back and what its code sees.

use serde_json::{Value, json};

use crate::model::{EventBody, ExecutionKind};
use crate::runtime::testing::TestEngine;

/// The messages (`{msg_type, content: {content, metadata, buffers}}`) among `events`.
fn messages(events: Vec<EventBody>) -> Vec<(String, Value)> {
    events
        .into_iter()
        .filter_map(|e| match e {
            EventBody::Message { msg_type, content } => Some((msg_type, content)),
            _ => None,
        })
        .collect()
}

/// Delivers a frontend comm message; it must succeed. Its messages and console lines.
fn deliver(engine: &mut TestEngine, message: Value) -> (Vec<(String, Value)>, Vec<String>) {
    let (done, events) = engine.run_kind(ExecutionKind::Comm, &message.to_string());
    assert!(done.error.is_none(), "{message}: {:?}", done.error);
    assert!(done.result.is_none(), "a comm delivery shows no value");
    let console = events
        .iter()
        .filter_map(|e| match e {
            EventBody::Console { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    (messages(events), console)
}

/// The messages a cell sent.
fn sent(engine: &mut TestEngine, source: &str) -> Vec<(String, Value)> {
    messages(engine.ok(source))
}

#[test]
fn comms_and_widgets_are_compiled_on_first_use_only() {
    let mut engine = TestEngine::new();
    engine.ok("Jupyter.html`x`");
    let accessor = "typeof Object.getOwnPropertyDescriptor(Jupyter, 'widgets').get";
    assert_eq!(engine.value(accessor), "'function'");
    // First read inside a running script (the Function constructor compiles it, which is safe then).
    assert_eq!(
        engine.value("[1].map(() => typeof Jupyter.widgets.slider)[0]"),
        "'function'"
    );
    assert_eq!(engine.value(accessor), "'undefined'");
    assert_eq!(engine.value("Jupyter.comm === Jupyter.comm"), "true");
}

#[test]
fn frontend_opens_a_comm_to_a_registered_target_and_both_sides_talk() {
    let mut engine = TestEngine::new();
    engine.ok(
        "let seen = []; Jupyter.comm.registerTarget('echo', (comm, msg) => {\n\
           seen.push(['open', comm.commId, comm.targetName, msg.content.data]);\n\
           comm.onMsg = (m) => { seen.push(['msg', m.content.data, m.buffers.map((b) => [b.constructor.name, b.byteLength, b.getUint8(0)])]);\n\
             comm.send({echo: m.content.data.n}, {tag: 1}, [new Uint8Array([7, 8])]); };\n\
           comm.onClose = (m) => seen.push(['close', m.content.data]);\n\
         })",
    );
    let (out, _) = deliver(
        &mut engine,
        json!({"action": "open", "comm_id": "c1", "target_name": "echo", "data": {"hello": 1}}),
    );
    assert!(out.is_empty(), "{out:?}");
    let (out, _) = deliver(
        &mut engine,
        json!({"action": "msg", "comm_id": "c1", "data": {"n": 5}, "buffers": ["AQI="]}),
    );
    assert_eq!(
        out,
        vec![(
            "comm_msg".to_owned(),
            json!({"content": {"comm_id": "c1", "data": {"echo": 5}}, "metadata": {"tag": 1}, "buffers": ["Bwg="]})
        )]
    );
    deliver(
        &mut engine,
        json!({"action": "close", "comm_id": "c1", "data": {"bye": true}}),
    );
    // A message for the closed comm is dropped.
    let (out, _) = deliver(
        &mut engine,
        json!({"action": "msg", "comm_id": "c1", "data": {"n": 6}}),
    );
    assert!(out.is_empty());
    assert_eq!(
        engine.value("JSON.stringify(seen)"),
        r#"'[["open","c1","echo",{"hello":1}],["msg",{"n":5},[["DataView",2,1]]],["close",{"bye":true}]]'"#
    );
    assert_eq!(engine.value("Jupyter.comm.list().length"), "0");
}

#[test]
fn an_open_to_an_unknown_target_is_closed_and_a_failing_target_closes_its_comm() {
    let mut engine = TestEngine::new();
    let (out, _) = deliver(
        &mut engine,
        json!({"action": "open", "comm_id": "x", "target_name": "nobody"}),
    );
    assert_eq!(
        out,
        vec![(
            "comm_close".to_owned(),
            json!({"content": {"comm_id": "x", "data": {}}, "metadata": {}, "buffers": []})
        )]
    );
    engine.ok("Jupyter.comm.registerTarget('bad', () => { throw new RangeError('no thanks'); })");
    let (done, events) = engine.run_kind(
        ExecutionKind::Comm,
        &json!({"action": "open", "comm_id": "y", "target_name": "bad"}).to_string(),
    );
    let error = done.error.expect("the target's error fails the delivery");
    assert_eq!(
        (error.name.as_str(), error.message.as_str()),
        ("RangeError", "no thanks")
    );
    let closes: Vec<_> = messages(events)
        .into_iter()
        .filter(|(t, m)| t == "comm_close" && m["content"]["comm_id"] == "y")
        .collect();
    assert_eq!(closes.len(), 1);
    // An async target that rejects fails the delivery too.
    engine.ok("Jupyter.comm.registerTarget('later', async () => { await null; throw new Error('late'); })");
    let (done, _) = engine.run_kind(
        ExecutionKind::Comm,
        &json!({"action": "open", "comm_id": "z", "target_name": "later"}).to_string(),
    );
    assert_eq!(done.error.expect("rejected").message, "late");
    // Not a comm message at all: a clear error, nothing delivered.
    let (done, _) = engine.run_kind(ExecutionKind::Comm, "{\"action\": \"wave\"}");
    assert!(
        done.error
            .expect("refused")
            .message
            .contains("not a comm message")
    );
}

#[test]
fn the_kernel_opens_comms_and_receives_on_them() {
    let mut engine = TestEngine::new();
    let out = sent(
        &mut engine,
        "const c = Jupyter.comm.open('frontend.target', {a: 1}, {m: 2}, [new Uint8Array([255])]);\n\
         globalThis.got = []; c.onMsg = (m) => got.push(m.content.data); c.commId",
    );
    assert_eq!(out.len(), 1);
    let (msg_type, message) = &out[0];
    assert_eq!(msg_type, "comm_open");
    let id = message["content"]["comm_id"]
        .as_str()
        .expect("id")
        .to_owned();
    assert_eq!(id.len(), 32, "ipykernel-style hex ids: {id}");
    assert_eq!(
        message,
        &json!({"content": {"comm_id": id, "target_name": "frontend.target", "data": {"a": 1}},
                "metadata": {"m": 2}, "buffers": ["/w=="]})
    );
    deliver(
        &mut engine,
        json!({"action": "msg", "comm_id": id, "data": {"reply": true}}),
    );
    assert_eq!(engine.value("JSON.stringify(got)"), r#"'[{"reply":true}]'"#);
    let out = sent(&mut engine, "c.close({why: 'done'}); c.isOpen");
    assert_eq!(out[0].0, "comm_close");
    assert_eq!(
        engine.error("c.send({})"),
        "Error: comm ".to_owned() + &id + " is closed"
    );
    assert_eq!(
        engine.error("Jupyter.comm.open(1)"),
        "TypeError: Jupyter.comm.open: the target name must be a string"
    );
    assert_eq!(
        engine.error("Jupyter.comm.open('t', {}, {}, ['not bytes'])"),
        "TypeError: Jupyter.comm.open: a buffer must be an ArrayBuffer, a typed array or a DataView"
    );
}

/// The `comm_open`s of widget models among `out`: (comm id, state).
fn opened_models(out: &[(String, Value)]) -> Vec<(String, Value)> {
    out.iter()
        .filter(|(t, m)| t == "comm_open" && m["content"]["target_name"] == "jupyter.widget")
        .map(|(_, m)| {
            assert_eq!(m["metadata"], json!({"version": "2.1.0"}));
            (
                m["content"]["comm_id"].as_str().expect("id").to_owned(),
                m["content"]["data"]["state"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_slider_is_an_ipywidgets_model_that_syncs_both_ways() {
    let mut engine = TestEngine::new();
    let (done, events) = engine.run(
        "const s = Jupyter.widgets.slider({min: 0, max: 10, value: 3, description: 'n'});\n\
         globalThis.changes = []; s.on('change', (v, old) => changes.push([v, old])); s",
    );
    assert!(done.error.is_none(), "{:?}", done.error);
    let out = messages(events);
    let models = opened_models(&out);
    let names: Vec<&str> = models
        .iter()
        .map(|(_, s)| s["_model_name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["LayoutModel", "SliderStyleModel", "IntSliderModel"]);
    let (slider_id, state) = &models[2];
    assert_eq!(state["_model_module"], "@jupyter-widgets/controls");
    assert_eq!(state["_model_module_version"], "2.0.0");
    assert_eq!(state["_view_name"], "IntSliderView");
    assert_eq!(
        (
            &state["min"],
            &state["max"],
            &state["value"],
            &state["description"]
        ),
        (&json!(0), &json!(10), &json!(3), &json!("n"))
    );
    assert_eq!(state["layout"], format!("IPY_MODEL_{}", models[0].0));
    assert_eq!(state["style"], format!("IPY_MODEL_{}", models[1].0));
    // The cell's value shows as the widget view.
    let mime = done.result.and_then(|r| r.mime).expect("bundle");
    assert_eq!(
        mime["application/vnd.jupyter.widget-view+json"],
        json!({"version_major": 2, "version_minor": 1, "model_id": slider_id})
    );
    // The frontend moves it: the kernel's value follows and listeners run.
    deliver(
        &mut engine,
        json!({"action": "msg", "comm_id": slider_id, "data": {"method": "update", "state": {"value": 7}, "buffer_paths": []}}),
    );
    assert_eq!(engine.value("s.value"), "7");
    assert_eq!(engine.value("JSON.stringify(changes)"), "'[[7,3]]'");
    // The kernel sets it: one update goes out.
    let out = sent(&mut engine, "s.value = 9");
    assert_eq!(
        out,
        vec![(
            "comm_msg".to_owned(),
            json!({"content": {"comm_id": slider_id, "data": {"method": "update", "state": {"value": 9}, "buffer_paths": []}},
                   "metadata": {}, "buffers": []})
        )]
    );
    // A reloaded page asks for the state.
    let (out, _) = deliver(
        &mut engine,
        json!({"action": "msg", "comm_id": slider_id, "data": {"method": "request_state"}}),
    );
    assert_eq!(out[0].1["content"]["data"]["state"]["value"], 9);
    assert_eq!(
        engine.error("Jupyter.widgets.slider({min: 'a'})"),
        "TypeError: Jupyter.widgets.slider: min must be a finite number"
    );
    assert_eq!(
        engine.value("Jupyter.widgets.slider({value: 0.5}).get('_model_name')"),
        "'FloatSliderModel'"
    );
}

#[test]
fn controls_buttons_dropdowns_boxes_and_output() {
    let mut engine = TestEngine::new();
    let out = sent(
        &mut engine,
        "globalThis.log = [];\n\
         const b = Jupyter.widgets.button({description: 'go'}); b.on('click', () => log.push('click'));\n\
         const d = Jupyter.widgets.dropdown({options: [['one', 1], ['two', 2]], value: 2}); d.on('change', (v, o) => log.push([v, o]));\n\
         const t = Jupyter.widgets.text({value: 'hi'}); const c = Jupyter.widgets.checkbox({value: true});\n\
         const o = Jupyter.widgets.output(); const box = Jupyter.widgets.vbox([b, Jupyter.widgets.hbox([d, t, c]), o]);",
    );
    let models = opened_models(&out);
    let id_of = |name: &str| {
        models
            .iter()
            .find(|(_, s)| s["_model_name"] == name)
            .map(|(id, s)| (id.clone(), s.clone()))
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let (button, _) = id_of("ButtonModel");
    let (dropdown, dropdown_state) = id_of("DropdownModel");
    assert_eq!(dropdown_state["_options_labels"], json!(["one", "two"]));
    assert_eq!(dropdown_state["index"], 1);
    let (_, vbox) = id_of("VBoxModel");
    let (hbox, _) = id_of("HBoxModel");
    let (output, output_state) = id_of("OutputModel");
    assert_eq!(output_state["_model_module"], "@jupyter-widgets/output");
    assert_eq!(
        vbox["children"],
        json!([
            format!("IPY_MODEL_{button}"),
            format!("IPY_MODEL_{hbox}"),
            format!("IPY_MODEL_{output}")
        ])
    );
    deliver(
        &mut engine,
        json!({"action": "msg", "comm_id": button, "data": {"method": "custom", "content": {"event": "click"}}}),
    );
    deliver(
        &mut engine,
        json!({"action": "msg", "comm_id": dropdown, "data": {"method": "update", "state": {"index": 0}}}),
    );
    assert_eq!(engine.value("JSON.stringify(log)"), r#"'["click",[1,2]]'"#);
    assert_eq!(engine.value("d.value"), "1");
    let out = sent(
        &mut engine,
        "o.print('x', 1); o.display(Jupyter.html`<b>y</b>`)",
    );
    let last = &out.last().expect("update").1["content"]["data"]["state"]["outputs"];
    assert_eq!(
        last,
        &json!([{"output_type": "stream", "name": "stdout", "text": "x 1\n"},
                {"output_type": "display_data", "data": {"text/html": "<b>y</b>", "text/plain": "<b>y</b>"}, "metadata": {}}])
    );
    // Text names the model and its fields, never a random id (so `vmjs test` can compare it).
    assert_eq!(
        engine.value("Jupyter.format(box)['text/plain']"),
        r#"'VBox(box_style="", children=["IPY_MODEL","IPY_MODEL","IPY_MODEL"])'"#
    );
    assert_eq!(
        engine.value("Jupyter.format(t)['text/plain']"),
        "'Text(value=\"hi\", description=\"\", disabled=false, placeholder=\"\u{200b}\")'"
    );
    assert_eq!(
        engine.error("Jupyter.widgets.vbox([1])"),
        "TypeError: Jupyter.widgets.vbox: children must be an array of widgets"
    );
    assert_eq!(
        engine.error("Jupyter.widgets.text({colour: 'red'})"),
        "TypeError: Jupyter.widgets.text: unknown option \"colour\""
    );
}

#[test]
fn anywidget_models_sync_state_custom_messages_and_binary_buffers() {
    let mut engine = TestEngine::new();
    let out = sent(
        &mut engine,
        "const w = Jupyter.widget({esm: 'export default { render({ model, el }) {} }', css: '.x{}', count: 0, bytes: new Uint8Array([1, 2, 3])});\n\
         globalThis.log = []; w.on('change:count', (v) => log.push(v)); w.on('msg:custom', (c, b) => { log.push([c, b.length]); w.send({pong: c.ping}, [new Uint8Array([9])]); });",
    );
    let models = opened_models(&out);
    let (id, state) = models.last().expect("the widget");
    assert_eq!(state["_model_name"], "AnyModel");
    assert_eq!(state["_model_module"], "anywidget");
    assert_eq!(state["_esm"], "export default { render({ model, el }) {} }");
    assert_eq!(state["_css"], ".x{}");
    assert_eq!(state["count"], 0);
    assert!(
        state.get("bytes").is_none(),
        "binary fields travel as buffers"
    );
    let open = out
        .iter()
        .find(|(_, m)| m["content"]["comm_id"] == json!(id))
        .expect("open");
    assert_eq!(
        open.1["content"]["data"]["buffer_paths"],
        json!([["bytes"]])
    );
    assert_eq!(open.1["buffers"], json!(["AQID"]));
    // The browser's model.set('count', 1); model.save_changes()
    deliver(
        &mut engine,
        json!({"action": "msg", "comm_id": id, "data": {"method": "update", "state": {"count": 1}, "buffer_paths": []}}),
    );
    // model.send({ping: 1}, undefined, [bytes]) in the browser.
    let (out, _) = deliver(
        &mut engine,
        json!({"action": "msg", "comm_id": id, "data": {"method": "custom", "content": {"ping": 1}}, "buffers": ["AA=="]}),
    );
    assert_eq!(
        out,
        vec![(
            "comm_msg".to_owned(),
            json!({"content": {"comm_id": id, "data": {"method": "custom", "content": {"pong": 1}}}, "metadata": {}, "buffers": ["CQ=="]})
        )]
    );
    assert_eq!(
        engine.value("JSON.stringify(log)"),
        r#"'[1,[{"ping":1},1]]'"#
    );
    // Binary state from the browser lands at its path.
    deliver(
        &mut engine,
        json!({"action": "msg", "comm_id": id, "data": {"method": "update", "state": {"bytes": null}, "buffer_paths": [["bytes"]]}, "buffers": ["BAU="]}),
    );
    assert_eq!(engine.value("w.get('bytes').getUint8(1)"), "5");
    // The page's widget manager asks for every model at once.
    engine.ok("0");
    let (out, _) = deliver(
        &mut engine,
        json!({"action": "open", "comm_id": "ctl", "target_name": "jupyter.widget.control"}),
    );
    assert!(out.is_empty(), "{out:?}");
    let (out, _) = deliver(
        &mut engine,
        json!({"action": "msg", "comm_id": "ctl", "data": {"method": "request_states"}}),
    );
    let reply = &out[0].1;
    assert_eq!(reply["content"]["data"]["method"], "update_states");
    assert_eq!(reply["content"]["data"]["states"][id]["state"]["count"], 1);
    assert_eq!(
        reply["content"]["data"]["buffer_paths"],
        json!([[id, "state", "bytes"]])
    );
    assert_eq!(reply["buffers"], json!(["BAU="]));
}
