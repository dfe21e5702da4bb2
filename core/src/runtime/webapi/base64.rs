//! `atob` and `btoa` throw what Node and browsers throw: a `DOMException` named `InvalidCharacterError`
//! ("Invalid character"). boa_wintertc's functions, which do the work, throw a bare string instead
//! (`"InvalidCharacterError: The string to be decoded is not correctly encoded."`), which `catch` blocks
//! cannot read a `name` or `message` from.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, NativeFunction};

use super::dom_exception;

/// The start of boa_wintertc's thrown strings.
const INVALID_CHARACTER: &str = "InvalidCharacterError";

/// Puts a function in front of the global `atob` and `btoa` that turns their strings into `DOMException`s
/// (the properties keep their attributes, the functions their names and `length`).
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    for name in ["atob", "btoa"] {
        let key = JsString::from(name);
        let global = context.global_object();
        let Some(built_in) = global
            .get(key.clone(), context)?
            .as_object()
            .filter(JsObject::is_callable)
        else {
            continue;
        };
        let function = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure_with_captures(call, built_in),
        )
        .name(key.clone())
        .length(1)
        .build();
        global.set(key, function, true, context)?;
    }
    Ok(())
}

fn call(
    this: &JsValue,
    args: &[JsValue],
    built_in: &JsObject,
    context: &mut Context,
) -> JsResult<JsValue> {
    built_in.call(this, args, context).map_err(|error| {
        let invalid = error
            .as_opaque()
            .and_then(JsValue::as_string)
            .is_some_and(|text| text.to_std_string_escaped().starts_with(INVALID_CHARACTER));
        if invalid {
            dom_exception("Invalid character", INVALID_CHARACTER, context)
        } else {
            error
        }
    })
}
