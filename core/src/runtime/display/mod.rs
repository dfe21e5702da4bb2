//! Rich output: installs the `Jupyter` and `Deno.jupyter` globals (written in JS, `jupyter.js`, evaluated when
//! a context first reads either global) over a few native functions that turn MIME bundles into `display`,
//! `clear_output` and `message` events, and computes the MIME bundle of an execution's last value
//! (`Symbol.for("Jupyter.display")`).
//!
//! The natives are passed to the JS prelude as arguments and never become globals, so they do not show up in
//! completion. Bad input (a bundle that is not an object of MIME type → string or JSON) is a `TypeError`.

use boa_engine::builtins::proxy::Proxy;
use boa_engine::property::PropertyKey;
use boa_engine::{
    Context, JsError, JsNativeError, JsObject, JsResult, JsSymbol, JsValue, Source, js_string,
};
use serde_json::{Map, Value};

use super::inspect::type_name;
use super::json;
use super::lazy;
use super::props::{own_desc, safe_get};

#[cfg(test)]
mod comm_tests;
mod interactive;
mod natives;

pub(super) use natives::take_async_result;
#[cfg(test)]
mod tests;

/// Most JSON nodes one bundle may hold (a chart with its data); the host's output limit applies as well.
const MAX_BUNDLE_NODES: usize = 2_000_000;

/// Largest bundle (sum of its data's text and JSON sizes): a bigger one could not cross the worker protocol
/// (64 MiB frames, JSON escaping included).
const MAX_BUNDLE_BYTES: usize = 16 * 1024 * 1024;

/// A MIME bundle: MIME type → string or JSON.
pub type Bundle = Map<String, Value>;

/// The globals [`register`] defines: the display API, Deno's kernel API, IJavascript's `$$`.
pub const GLOBALS: [&str; 3] = ["Deno", "Jupyter", "$$"];

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

/// The display API's prelude (see [`super::lazy`]).
pub static PRELUDE: lazy::Prelude = lazy::Prelude {
    path: "<vmjs:jupyter>",
    source: include_str!("jupyter.js"),
    globals: &GLOBALS,
    mentioned_by: &[TSLAB],
    natives: natives::object,
    requires: None,
};

/// The module tslab's notebooks import (`import * as tslab from "tslab"`) or require for its display API.
pub const TSLAB: &str = "tslab";

/// The object tslab's notebooks get for the module `"tslab"`: `display` (html, markdown, svg, text, png,
/// jpeg, gif, raw). Code that names the module has the display API installed before it runs.
pub fn tslab(context: &mut Context) -> JsResult<JsObject> {
    let api = lazy::install(&PRELUDE, context)?;
    api.get(js_string!(TSLAB), context)?
        .as_object()
        .ok_or_else(|| {
            JsNativeError::typ()
                .with_message("the display API has no tslab object")
                .into()
        })
}

/// Defines the `Jupyter` and `Deno` globals, installed the first time either is read.
pub fn register(context: &mut Context) -> JsResult<()> {
    lazy::register(&PRELUDE, context)
}

/// The callable `value[symbol]`, found through data properties only (no getter or Proxy trap runs); `None`
/// for every other value.
pub fn value_method(value: &JsValue, symbol: &JsSymbol) -> Option<JsObject> {
    let object = value.as_object()?;
    safe_get(&object, &PropertyKey::Symbol(symbol.clone()))?
        .as_object()
        .filter(JsObject::is_callable)
}

/// Whether nbformat stores data of this MIME type as JSON rather than as text.
fn is_json_mime(mime: &str) -> bool {
    let essence = mime.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
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
    let mut size = 0;
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
            // nbformat stores only JSON MIME types (`application/json`, `…+json`) as JSON.
            None if !is_json_mime(&mime) => {
                return Err(type_error(format!(
                    "{what}: the data for `{mime}` must be a string (only JSON MIME types such as \
                     application/json take other data), got {}",
                    type_name(&data, context)
                )));
            }
            None => {
                json::plain_json_limited(&data, MAX_BUNDLE_NODES, context).ok_or_else(|| {
                    type_error(format!(
                        "{what}: the data for `{mime}` must be a string or JSON data, got {}",
                        type_name(&data, context)
                    ))
                })?
            }
        };
        size += match &data {
            Value::String(s) => s.len(),
            other => other.to_string().len(),
        };
        if size > MAX_BUNDLE_BYTES {
            return Err(JsNativeError::range()
                .with_message(format!(
                    "{what}: the MIME bundle is larger than {} MiB",
                    MAX_BUNDLE_BYTES >> 20
                ))
                .into());
        }
        bundle.insert(mime, data);
    }
    if bundle.is_empty() {
        return Err(type_error(format!(
            "{what}: the MIME bundle is empty (give at least one type, e.g. \"text/plain\")"
        )));
    }
    Ok(bundle)
}

fn type_error(message: String) -> JsError {
    JsNativeError::typ().with_message(message).into()
}
