//! Rich output: installs the `Jupyter` and `Deno.jupyter` globals (written in JS, `jupyter.js`, evaluated when
//! a context first reads either global) over a few native functions that turn MIME bundles into `display`,
//! `clear_output` and `message` events, and computes the MIME bundle of an execution's last value
//! (`Symbol.for("Jupyter.display")`).
//!
//! The natives are passed to the JS prelude as arguments and never become globals, so they do not show up in
//! completion. Bad input (a bundle that is not an object of MIME type → string or JSON) is a `TypeError`.

use boa_engine::builtins::proxy::Proxy;
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::{PropertyDescriptor, PropertyKey};
use boa_engine::{
    Context, JsArgs, JsError, JsNativeError, JsObject, JsResult, JsString, JsSymbol, JsValue,
    NativeFunction, Source,
};
use serde_json::{Map, Value};

use super::inspect::{own_desc, safe_get, type_name};
use super::json;

mod natives;
#[cfg(test)]
mod tests;

/// The prelude: a function expression taking the natives and returning the display symbol.
const PRELUDE: &str = include_str!("jupyter.js");

/// Most JSON nodes one bundle may hold (a chart with its data); the host's output limit applies as well.
const MAX_BUNDLE_NODES: usize = 2_000_000;

/// Largest bundle (sum of its data's text and JSON sizes): a bigger one could not cross the worker protocol
/// (64 MiB frames, JSON escaping included).
const MAX_BUNDLE_BYTES: usize = 16 * 1024 * 1024;

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

/// What the display globals need before and after their first use (kept in the context's host data).
struct DisplayGlobals {
    /// The getters [`register`] defined: where one still stands, the global is still unused.
    getters: Vec<(&'static str, JsObject)>,
    /// What the prelude returned (`{Jupyter, Deno}`), once it ran.
    api: Option<JsObject>,
}

/// Defines the `Jupyter` and `Deno` globals (non-enumerable) as accessors that evaluate the prelude the first
/// time either is read: parsing it costs a few ms and about a MiB in every worker, and most executions never
/// display anything. Assigning to either global before that just replaces it.
pub fn register(context: &mut Context) -> JsResult<()> {
    let mut getters = Vec::with_capacity(GLOBALS.len());
    for name in GLOBALS {
        let get = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure(move |_, _, context| {
                install(context)?.get(JsString::from(name), context)
            }),
        )
        .name(JsString::from(format!("get {name}")))
        .build();
        let set = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure(move |_, args, context| {
                define_hidden(name, args.get_or_undefined(0).clone(), context)?;
                Ok(JsValue::undefined())
            }),
        )
        .name(JsString::from(format!("set {name}")))
        .length(1)
        .build();
        context.global_object().define_property_or_throw(
            JsString::from(name),
            PropertyDescriptor::builder()
                .get(get.clone())
                .set(set)
                .enumerable(false)
                .configurable(true),
            context,
        )?;
        getters.push((name, JsObject::from(get)));
    }
    context.insert_data(DisplayGlobals { getters, api: None });
    Ok(())
}

/// Runs the prelude unless it ran already, and puts its objects where the lazy getters still stand (a global
/// the user assigned or redefined meanwhile stays theirs). Returns what the prelude returned.
pub fn install(context: &mut Context) -> JsResult<JsObject> {
    let Some(mut globals) = context.remove_data::<DisplayGlobals>() else {
        return Err(type_error(
            "the display API is not registered in this context".to_owned(),
        ));
    };
    let installed = match &globals.api {
        Some(api) => Ok(api.clone()),
        None => evaluate_prelude(context).and_then(|api| {
            replace_getters(&globals.getters, &api, context)?;
            globals.api = Some(api.clone());
            Ok(api)
        }),
    };
    context.insert_data(*globals);
    installed
}

/// Defines each global whose lazy getter still stands as the prelude's object.
fn replace_getters(
    getters: &[(&'static str, JsObject)],
    api: &JsObject,
    context: &mut Context,
) -> JsResult<()> {
    for (name, getter) in getters {
        let key = PropertyKey::from(JsString::from(*name));
        let lazy = own_desc(&context.global_object(), &key)
            .and_then(|desc| desc.get().and_then(JsValue::as_object))
            .is_some_and(|get| JsObject::equals(&get, getter));
        if lazy {
            let value = api.get(key, context)?;
            define_hidden(name, value, context)?;
        }
    }
    Ok(())
}

/// Evaluates `jupyter.js` and calls it with the natives; returns the `{Jupyter, Deno}` object.
fn evaluate_prelude(context: &mut Context) -> JsResult<JsObject> {
    let natives = natives::object(context);
    let source = Source::from_bytes(PRELUDE).with_path(std::path::Path::new("<vmjs:jupyter>"));
    let prelude = context.eval(source)?;
    let prelude = prelude.as_callable().ok_or_else(|| {
        JsNativeError::typ().with_message("the display prelude is not a function")
    })?;
    let api = prelude.call(&JsValue::undefined(), &[natives.into()], context)?;
    api.as_object().ok_or_else(|| {
        JsNativeError::typ()
            .with_message("the display prelude returned no object")
            .into()
    })
}

/// `globalThis[name] = value` as a writable, configurable, non-enumerable data property.
fn define_hidden(name: &'static str, value: JsValue, context: &mut Context) -> JsResult<()> {
    context.global_object().define_property_or_throw(
        JsString::from(name),
        PropertyDescriptor::builder()
            .value(value)
            .writable(true)
            .enumerable(false)
            .configurable(true),
        context,
    )?;
    Ok(())
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
