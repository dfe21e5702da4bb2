//! Values as V8's messages show them (its `NoSideEffectsToString`): `5 is not a function`, `#<Map> is not a
//! function`, `#<WeakMap> could not be cloned.` Only data properties are read: no user code runs.

use boa_engine::builtins::date::Date;
use boa_engine::builtins::error::Error;
use boa_engine::builtins::proxy::Proxy;
use boa_engine::builtins::regexp::RegExp;
use boa_engine::{Context, JsObject, JsString, JsSymbol, JsValue, JsVariant, js_string};

use super::error_stack::summary;
use super::introspect::original_function_to_string;
use super::props::{own_desc, safe_get};

/// `value` as V8 names it in a message.
pub(crate) fn v8_shown(value: &JsValue, context: &mut Context) -> String {
    match value.variant() {
        JsVariant::Object(object) => shown_object(&object, context),
        JsVariant::Symbol(symbol) => symbol.descriptive_string().to_std_string_escaped(),
        // Primitives convert without running code.
        _ => value
            .to_string(context)
            .map(|text| text.to_std_string_escaped())
            .unwrap_or_default(),
    }
}

/// An object as V8 names it: a function by its source; an error (or an object that inherits
/// `Error.prototype.toString`) as `Name: message`; an object that inherits
/// `Object.prototype.toString` by its constructor (`#<WeakMap>`); any other by its `Symbol.toStringTag` or
/// its kind (`[object Generator]`, `[object Array]`).
pub(crate) fn shown_object(object: &JsObject, context: &mut Context) -> String {
    if object.is_callable()
        && let Some(to_string) = original_function_to_string(context)
        && let Ok(source) = to_string.call(&object.clone().into(), &[], context)
        && let Some(source) = source.as_string()
    {
        return source.to_std_string_escaped();
    }
    if object.is::<Proxy>() {
        return "#<Object>".to_owned();
    }
    let to_string = safe_get(object, &js_string!("toString").into()).and_then(|f| f.as_object());
    let constructors = context.intrinsics().constructors();
    let inherits_to_string_of = |prototype: JsObject| {
        to_string
            .as_ref()
            .is_some_and(|f| is_to_string_of(f, &prototype))
    };
    let error_like = inherits_to_string_of(constructors.error().prototype());
    let object_like = inherits_to_string_of(constructors.object().prototype());
    if object.is::<Error>() || error_like {
        let text = |key: &str| {
            safe_get(object, &JsString::from(key).into())
                .and_then(|value| value.as_string())
                .map(|text| text.to_std_string_escaped())
                .unwrap_or_default()
        };
        return summary(&text("name"), &text("message"));
    }
    if object_like
        && let Some(name) = safe_get(object, &js_string!("constructor").into())
            .and_then(|constructor| constructor.as_object())
            .filter(JsObject::is_callable)
            .and_then(|constructor| own_desc(&constructor, &js_string!("name").into()))
            .and_then(|name| name.value().and_then(JsValue::as_string))
            .filter(|name| !name.is_empty())
    {
        return format!("#<{}>", name.to_std_string_escaped());
    }
    let tag = safe_get(object, &JsSymbol::to_string_tag().into())
        .and_then(|tag| tag.as_string())
        .map_or_else(
            || kind(object).to_owned(),
            |tag| tag.to_std_string_escaped(),
        );
    format!("[object {tag}]")
}

/// Whether `function` is `prototype`'s own `toString` (`Object.prototype.toString`, `Error.prototype.toString`).
fn is_to_string_of(function: &JsObject, prototype: &JsObject) -> bool {
    own_desc(prototype, &js_string!("toString").into())
        .and_then(|descriptor| descriptor.value().and_then(JsValue::as_object))
        .is_some_and(|built_in| JsObject::equals(function, &built_in))
}

/// V8's class name of an object that names no constructor.
fn kind(object: &JsObject) -> &'static str {
    if object.is_array() {
        "Array"
    } else if object.is::<Date>() {
        "Date"
    } else if object.is::<RegExp>() {
        "RegExp"
    } else if object.is::<bool>() {
        "Boolean"
    } else if object.is::<f64>() {
        "Number"
    } else if object.is::<JsString>() {
        "String"
    } else {
        "Object"
    }
}
