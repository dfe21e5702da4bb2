//! The native half of the display API: the functions `jupyter.js` receives as its argument (never globals).

use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsUint8Array;
use boa_engine::{Context, JsObject, JsResult, JsValue, NativeFunction, js_string};
use serde_json::{Map, Value};

use super::{MAX_BUNDLE_NODES, bundle_of, type_error};
use crate::model::EventBody;
use crate::runtime::inspect::{InspectOptions, inspect, type_name};
use crate::runtime::{json, state};
use crate::tabular::{DEFAULT_ROW_LIMIT, Table};

/// The object handed to the prelude: `display`, `clearOutput`, `broadcast`, `asyncBegin`/`asyncSend`
/// (IJavascript's asynchronous result), `plain`, `base64`, `table`,
/// `interactive` (compiles comms and widgets), `randomBytes`
/// (the Web APIs' random source: comm ids are seeded in deterministic mode), and `fs` — `vmjs.fs`, over the
/// template's `fs.read`/`fs.write`, for Deno's file functions.
pub(super) fn object(context: &mut Context) -> JsObject {
    let fs = crate::runtime::sandbox::vmjs_member("fs", context).unwrap_or_default();
    ObjectInitializer::new(context)
        .property(
            js_string!("fs"),
            fs,
            boa_engine::property::Attribute::READONLY,
        )
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
        .function(
            NativeFunction::from_fn_ptr(async_begin),
            js_string!("asyncBegin"),
            0,
        )
        .function(
            NativeFunction::from_fn_ptr(async_send),
            js_string!("asyncSend"),
            1,
        )
        .function(NativeFunction::from_fn_ptr(plain), js_string!("plain"), 1)
        .function(NativeFunction::from_fn_ptr(base64), js_string!("base64"), 1)
        .function(NativeFunction::from_fn_ptr(table), js_string!("table"), 3)
        .function(
            NativeFunction::from_fn_ptr(super::interactive::compile),
            js_string!("interactive"),
            1,
        )
        .function(
            NativeFunction::from_fn_ptr(super::super::webapi::random_bytes),
            js_string!("randomBytes"),
            1,
        )
        .property(
            js_string!("version"),
            js_string!(env!("CARGO_PKG_VERSION")),
            boa_engine::property::Attribute::READONLY,
        )
        .property(
            js_string!("engine"),
            js_string!(BOA_VERSION),
            boa_engine::property::Attribute::READONLY,
        )
        .build()
}

/// IJavascript's asynchronous result of the running cell: after `$$.async()` the cell's own value is not its
/// result; `$$.sendResult(value)` (or `$$.done(value)`) gives the one shown.
#[derive(boa_engine::Trace, boa_engine::Finalize, boa_engine::JsData)]
struct AsyncResult {
    sent: Option<JsValue>,
}

/// `asyncBegin()` (`$$.async()`): the running cell's result is what it sends.
fn async_begin(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    if context.get_data::<AsyncResult>().is_none() {
        context.insert_data(AsyncResult { sent: None });
    }
    Ok(JsValue::undefined())
}

/// `asyncSend(value)`: the running cell's result, when it is asynchronous (the first value sent, as
/// IJavascript sends one); returns whether it is (when not, the caller shows the value as a display).
fn async_send(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let Some(mut result) = context.remove_data::<AsyncResult>() else {
        return Ok(false.into());
    };
    if result.sent.is_none() {
        result.sent = Some(args.first().cloned().unwrap_or_default());
    }
    context.insert_data(*result);
    Ok(true.into())
}

/// Ends the running cell's asynchronous result ([`AsyncResult`]): `Some(value)` replaces the cell's own value
/// (`undefined` when none was sent); `None` when the cell did not call `$$.async()`.
pub(in crate::runtime) fn take_async_result(context: &mut Context) -> Option<JsValue> {
    context
        .remove_data::<AsyncResult>()
        .map(|result| result.sent.clone().unwrap_or_default())
}

/// The boa release vmjs is built on (pinned exactly in the workspace's Cargo.toml).
const BOA_VERSION: &str = "0.22.0";

/// Base64 (standard alphabet, padded), as Jupyter carries bytes in JSON.
pub fn encode_base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
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
    emit_display(data, metadata, display_id, update, || {
        format!("{what}: `update: true` needs the display_id of the output to update")
    })?;
    Ok(JsValue::undefined())
}

/// Emits a display event; an update must name the display it updates (`missing_id` says so otherwise).
fn emit_display(
    data: Map<String, Value>,
    metadata: Map<String, Value>,
    display_id: Option<String>,
    update: bool,
    missing_id: impl FnOnce() -> String,
) -> JsResult<()> {
    if update && display_id.is_none() {
        return Err(type_error(missing_id()));
    }
    state::emit(EventBody::Display {
        data,
        metadata,
        display_id,
        update,
    });
    Ok(())
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
            emit_display(data, metadata, display_id, update, || {
                format!("{WHAT}: update_display_data needs transient.display_id")
            })?;
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

/// `table(data, columns, limit)`: the MIME bundle of `Jupyter.table` — an HTML table of the first `limit` rows
/// (default 50), the Table Schema data resource and a text table (`crate::tabular`). `data` is an array of
/// records or an object of equal-length columns, as plain data; `columns` (names) picks and orders columns.
fn table(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const WHAT: &str = "Jupyter.table";
    let data = args.first().cloned().unwrap_or_default();
    let json = json::plain_json_limited(&data, MAX_BUNDLE_NODES, context).ok_or_else(|| {
        type_error(format!(
            "{WHAT}: the data must be plain data (arrays, objects, numbers, strings)"
        ))
    })?;
    let mut table = Table::of(&json).ok_or_else(|| {
        type_error(format!(
            "{WHAT}: expected an array of objects (records) or an object of equal-length arrays (columns)"
        ))
    })?;
    match args.get(1).filter(|v| !v.is_null_or_undefined()) {
        Some(columns) => {
            let names = json::plain_json(columns, context)
                .and_then(|v| serde_json::from_value::<Vec<String>>(v).ok())
                .ok_or_else(|| type_error(format!("{WHAT}: columns must be an array of names")))?;
            table = table.select(&names);
        }
        None => {
            if let Some(order) = super::super::table::column_order(&data, context) {
                table = table.reorder(&order);
            }
        }
    }
    let limit = match args.get(2).filter(|v| !v.is_null_or_undefined()) {
        None => DEFAULT_ROW_LIMIT,
        Some(limit) => limit
            .as_number()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 1e9)
            .ok_or_else(|| type_error(format!("{WHAT}: limit must be a whole number of rows")))?
            as usize,
    };
    let mut bundle = table.mime_data(limit);
    bundle.insert("text/plain".into(), Value::String(table.text(limit)));
    JsValue::from_json(&Value::Object(bundle), context)
}

#[cfg(test)]
mod tests {
    use super::*;

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
