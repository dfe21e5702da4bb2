//! Rich output: installs the `Jupyter` and `Deno.jupyter` globals (written in JS, `jupyter.js`) over a few
//! native functions that turn MIME bundles into `display`, `clear_output` and `message` events, and
//! computes the MIME bundle of an execution's last value (`Symbol.for("Jupyter.display")`).
//!
//! The natives are passed to the JS prelude as arguments and never become globals, so they do not show up in
//! completion. Bad input (a bundle that is not an object of MIME type → string or JSON) is a `TypeError`.

use boa_engine::builtins::proxy::Proxy;
use boa_engine::object::builtins::JsUint8Array;
use boa_engine::property::PropertyKey;
use boa_engine::{
    Context, JsError, JsNativeError, JsObject, JsResult, JsSymbol, JsValue, NativeFunction, Source,
    js_string,
};
use serde_json::{Map, Value};

use super::inspect::{InspectOptions, inspect, own_desc, safe_get, type_name};
use super::{json, state};
use crate::model::EventBody;

/// The prelude: a function expression taking the natives and returning the display symbol.
const PRELUDE: &str = include_str!("jupyter.js");

/// Most JSON nodes one bundle may hold (a chart with its data); the host's output limit applies as well.
const MAX_BUNDLE_NODES: usize = 2_000_000;

/// A MIME bundle: MIME type → string or JSON.
pub type Bundle = Map<String, Value>;

/// The globals [`register`] defines.
pub const GLOBALS: [&str; 2] = ["Deno", "Jupyter"];

/// `Symbol.for("Jupyter.display")` (cheap: no prelude needed).
pub fn display_symbol(context: &mut Context) -> JsResult<JsSymbol> {
    context
        .eval(Source::from_bytes("Symbol.for('Jupyter.display')"))?
        .as_symbol()
        .ok_or_else(|| {
            JsNativeError::typ()
                .with_message("Symbol.for gave no symbol")
                .into()
        })
}

/// Installs `Jupyter` and `Deno.jupyter`; returns `Symbol.for("Jupyter.display")`.
///
/// Parsing the prelude costs a few ms, so the worker calls this after it reported ready (see `worker`).
pub fn register(context: &mut Context) -> JsResult<JsSymbol> {
    let natives = boa_engine::object::ObjectInitializer::new(context)
        .function(
            NativeFunction::from_fn_ptr(display),
            js_string!("display"),
            5,
        )
        .function(
            NativeFunction::from_fn_ptr(clear_output),
            js_string!("clearOutput"),
            1,
        )
        .function(
            NativeFunction::from_fn_ptr(broadcast),
            js_string!("broadcast"),
            4,
        )
        .function(NativeFunction::from_fn_ptr(plain), js_string!("plain"), 1)
        .function(NativeFunction::from_fn_ptr(base64), js_string!("base64"), 1)
        .build();
    let source = Source::from_bytes(PRELUDE).with_path(std::path::Path::new("<vmjs:jupyter>"));
    let prelude = context.eval(source)?;
    let prelude = prelude.as_callable().ok_or_else(|| {
        JsNativeError::typ().with_message("the display prelude is not a function")
    })?;
    let symbol = prelude.call(&JsValue::undefined(), &[natives.into()], context)?;
    symbol.as_symbol().ok_or_else(|| {
        JsNativeError::typ()
            .with_message("the display prelude returned no symbol")
            .into()
    })
}

/// The callable `value[symbol]`, found through data properties only (no getter or Proxy trap runs); `None`
/// for every other value.
pub fn value_method(value: &JsValue, symbol: &JsSymbol) -> Option<JsObject> {
    let object = value.as_object()?;
    safe_get(&object, &PropertyKey::Symbol(symbol.clone()))?
        .as_object()
        .filter(JsObject::is_callable)
}

/// Converts what a display method returned into a bundle (clear `TypeError` otherwise).
pub fn bundle_of(value: &JsValue, what: &str, context: &mut Context) -> JsResult<Bundle> {
    let Some(object) = value
        .as_object()
        .filter(|o| !o.is_callable() && !o.is_array() && !o.is::<Proxy>())
    else {
        return Err(type_error(format!(
            "{what}: a MIME bundle must be an object like {{\"text/html\": \"<b>hi</b>\"}}, got {}",
            type_name(value, context)
        )));
    };
    let mut bundle = Map::new();
    for key in object.own_property_keys(context)? {
        let mime = match &key {
            PropertyKey::String(s) => s.to_std_string_escaped(),
            PropertyKey::Index(i) => i.get().to_string(),
            PropertyKey::Symbol(_) => continue,
        };
        if own_desc(&object, &key).is_some_and(|d| !d.expect_enumerable()) {
            continue;
        }
        if !mime.contains('/') {
            return Err(type_error(format!(
                "{what}: `{mime}` is not a MIME type (expected e.g. \"text/html\")"
            )));
        }
        let data = object.get(key, context)?;
        let data = match data.as_string() {
            Some(s) => Value::String(s.to_std_string_escaped()),
            None => {
                json::plain_json_limited(&data, MAX_BUNDLE_NODES, context).ok_or_else(|| {
                    type_error(format!(
                        "{what}: the data for `{mime}` must be a string or JSON data, got {}",
                        type_name(&data, context)
                    ))
                })?
            }
        };
        bundle.insert(mime, data);
    }
    if bundle.is_empty() {
        return Err(type_error(format!(
            "{what}: the MIME bundle is empty (give at least one type, e.g. \"text/plain\")"
        )));
    }
    Ok(bundle)
}

/// Base64 (standard alphabet, padded).
pub fn encode_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn type_error(message: String) -> JsError {
    JsNativeError::typ().with_message(message).into()
}

fn string_arg(args: &[JsValue], index: usize) -> Option<String> {
    args.get(index)
        .and_then(JsValue::as_string)
        .map(|s| s.to_std_string_escaped())
}

/// A JSON object argument; `undefined`/`null` → empty.
fn object_arg(
    value: Option<&JsValue>,
    what: &str,
    context: &mut Context,
) -> JsResult<Map<String, Value>> {
    let Some(value) = value.filter(|v| !v.is_null_or_undefined()) else {
        return Ok(Map::new());
    };
    match json::plain_json_limited(value, MAX_BUNDLE_NODES, context) {
        Some(Value::Object(map)) => Ok(map),
        _ => Err(type_error(format!(
            "{what} must be a plain object of JSON data, got {}",
            type_name(value, context)
        ))),
    }
}

fn display_id_arg(value: Option<&JsValue>, what: &str) -> JsResult<Option<String>> {
    match value.filter(|v| !v.is_null_or_undefined()) {
        None => Ok(None),
        Some(v) => v
            .as_string()
            .map(|s| Some(s.to_std_string_escaped()))
            .ok_or_else(|| type_error(format!("{what}: display_id must be a string"))),
    }
}

/// `display(bundle, metadata, displayId, update, where)`.
fn display(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let what = string_arg(args, 4).unwrap_or_else(|| "Jupyter.display".to_owned());
    let data = bundle_of(&args.first().cloned().unwrap_or_default(), &what, context)?;
    let metadata = object_arg(args.get(1), &format!("{what}: metadata"), context)?;
    let display_id = display_id_arg(args.get(2), &what)?;
    let update = args.get(3).is_some_and(JsValue::to_boolean);
    if update && display_id.is_none() {
        return Err(type_error(format!(
            "{what}: `update: true` needs the display_id of the output to update"
        )));
    }
    state::emit(EventBody::Display {
        data,
        metadata,
        display_id,
        update,
    });
    Ok(JsValue::undefined())
}

/// `clearOutput(wait)`.
fn clear_output(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let wait = args.first().is_some_and(JsValue::to_boolean);
    state::emit(EventBody::ClearOutput { wait });
    Ok(JsValue::undefined())
}

/// `broadcast(msgType, content, metadata, buffers: Uint8Array[])`: display messages become display events,
/// everything else a [`EventBody::Message`] (shape documented there).
fn broadcast(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const WHAT: &str = "Deno.jupyter.broadcast";
    let msg_type = string_arg(args, 0)
        .ok_or_else(|| type_error(format!("{WHAT}: the message type must be a string")))?;
    let content_value = args.get(1).cloned().unwrap_or_default();
    match msg_type.as_str() {
        "display_data" | "update_display_data" => {
            let content = content_value
                .as_object()
                .ok_or_else(|| type_error(format!("{WHAT}: {msg_type} needs a content object")))?;
            let data = content.get(js_string!("data"), context)?;
            let data = bundle_of(&data, &format!("{WHAT}({msg_type})"), context)?;
            let metadata = content.get(js_string!("metadata"), context)?;
            let metadata = object_arg(Some(&metadata), &format!("{WHAT}: metadata"), context)?;
            let transient = content.get(js_string!("transient"), context)?;
            let display_id = match transient.as_object() {
                Some(t) => display_id_arg(Some(&t.get(js_string!("display_id"), context)?), WHAT)?,
                None => None,
            };
            let update = msg_type == "update_display_data";
            if update && display_id.is_none() {
                return Err(type_error(format!(
                    "{WHAT}: update_display_data needs transient.display_id"
                )));
            }
            state::emit(EventBody::Display {
                data,
                metadata,
                display_id,
                update,
            });
        }
        "clear_output" => {
            let wait = match content_value.as_object() {
                Some(c) => c.get(js_string!("wait"), context)?.to_boolean(),
                None => false,
            };
            state::emit(EventBody::ClearOutput { wait });
        }
        _ => {
            let content = object_arg(Some(&content_value), &format!("{WHAT}: content"), context)?;
            let metadata = object_arg(args.get(2), &format!("{WHAT}: metadata"), context)?;
            let mut buffers = Vec::new();
            if let Some(list) = args.get(3).and_then(JsValue::as_object) {
                let length = list
                    .get(js_string!("length"), context)?
                    .to_length(context)?;
                for index in 0..length {
                    let item = list.get(index, context)?;
                    let bytes = item
                        .as_object()
                        .and_then(|o| JsUint8Array::from_object(o).ok())
                        .ok_or_else(|| type_error(format!("{WHAT}: buffers must be bytes")))?;
                    buffers.push(Value::String(encode_base64(&bytes.to_vec(context)?)));
                }
            }
            let mut wrapped = Map::new();
            wrapped.insert("content".into(), Value::Object(content));
            wrapped.insert("metadata".into(), Value::Object(metadata));
            wrapped.insert("buffers".into(), Value::Array(buffers));
            state::emit(EventBody::Message {
                msg_type,
                content: Value::Object(wrapped),
            });
        }
    }
    Ok(JsValue::undefined())
}

/// `plain(value)`: `{"text/plain": inspect(value)}`, plus `application/json` for plain objects and arrays.
fn plain(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let value = args.first().cloned().unwrap_or_default();
    let text = inspect(&value, &InspectOptions::default(), context);
    let bundle = JsObject::with_object_proto(context.intrinsics());
    bundle.create_data_property_or_throw(
        js_string!("text/plain"),
        js_string!(text.as_str()),
        context,
    )?;
    if value.is_object() && json::plain_json(&value, context).is_some() {
        bundle.create_data_property_or_throw(js_string!("application/json"), value, context)?;
    }
    Ok(bundle.into())
}

/// `base64(bytes: Uint8Array)`.
fn base64(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let bytes = args
        .first()
        .and_then(JsValue::as_object)
        .and_then(|o| JsUint8Array::from_object(o).ok())
        .ok_or_else(|| type_error("expected a Uint8Array".to_owned()))?;
    Ok(js_string!(encode_base64(&bytes.to_vec(context)?).as_str()).into())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
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
            engine.error("Jupyter.display({'text/plain': () => 1}, {raw: true})"),
            "TypeError: Jupyter.display: the data for `text/plain` must be a string or JSON data, got function"
        );
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
    }

    #[test]
    fn last_value_with_a_display_method_carries_its_bundle() {
        let mut engine = TestEngine::new();
        let (done, _) = engine
            .run("({ [Symbol.for('Jupyter.display')]() { return {'text/markdown': '# hi'} } })");
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
        let (done, _) = engine.run(
            "({ async [Symbol.for('Jupyter.display')]() { return {'text/plain': 'later'} } })",
        );
        assert_eq!(
            done.result.and_then(|r| r.mime).expect("mime")["text/plain"],
            "later"
        );
        assert_eq!(
            engine.error(
                "({ [Symbol.for('Jupyter.display')]() { throw new RangeError('no view') } })"
            ),
            "RangeError: no view"
        );
        assert!(
            engine
                .error("({ [Symbol.for('Jupyter.display')]() { return 1 } })")
                .contains("a MIME bundle must be an object")
        );
        // Getters are not run to find the method.
        let (done, _) = engine.run("let hits = 0; ({ get [Symbol.for('Jupyter.display')]() { hits++; return () => ({}) } })");
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
    fn prelude_installs_both_globals_and_returns_the_registered_symbol() {
        let mut context = Context::default();
        context.eval(Source::from_bytes("1 + 1")).expect("warm");
        let started = std::time::Instant::now();
        let symbol = register(&mut context).expect("prelude");
        eprintln!("display prelude: {:?}", started.elapsed());
        let check = context
            .eval(Source::from_bytes(
                "typeof Jupyter.plot.scatter === 'function' && typeof Deno.jupyter.broadcast === 'function'",
            ))
            .expect("eval");
        assert_eq!(check.as_boolean(), Some(true));
        let registered = context
            .eval(Source::from_bytes("Symbol.for('Jupyter.display')"))
            .expect("eval");
        assert_eq!(registered.as_symbol(), Some(symbol.clone()));
        assert_eq!(display_symbol(&mut context).ok(), Some(symbol));
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(encode_base64(b""), "");
        assert_eq!(encode_base64(b"f"), "Zg==");
        assert_eq!(encode_base64(b"fo"), "Zm8=");
        assert_eq!(encode_base64(b"foo"), "Zm9v");
        assert_eq!(encode_base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(encode_base64(&[0xff, 0xfe, 0x00]), "//4A");
    }
}
