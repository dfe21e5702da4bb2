//! vmjs patch (see `VMJS-PATCH.md`): V8's messages for a property read or write on `undefined` or `null`.
//!
//! boa's `to_object` said `cannot convert 'null' or 'undefined' to object` for every such access, which names
//! neither the value nor the property; code written for Node, Deno and browsers prints (and sometimes tests)
//! `Cannot read properties of undefined (reading 'x')`. (`to_object` itself now says V8's `Cannot convert
//! undefined or null to object`, as for `Object.keys(null)` and `delete null.x`.)

use crate::{Context, JsError, JsNativeError, JsValue, value::JsVariant};

/// What the failed access did.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Access {
    /// `base.key`, `base[key]`.
    Read,
    /// `base.key = value`, `base[key] = value`.
    Write,
}

/// The `TypeError` of an access to `key` of `base` (which is `undefined` or `null`); V8's wording. `key` is
/// `None` where V8 names none (a key that is an object: naming it would run its code).
pub(crate) fn nullish_access_error(base: &JsValue, key: Option<String>, access: Access) -> JsError {
    let which = if base.is_null() { "null" } else { "undefined" };
    let (verb, doing) = match access {
        Access::Read => ("read", "reading"),
        Access::Write => ("set", "setting"),
    };
    let message = match key {
        Some(key) => format!("Cannot {verb} properties of {which} ({doing} '{key}')"),
        None => format!("Cannot {verb} properties of {which}"),
    };
    JsNativeError::typ().with_message(message).into()
}

/// A computed key as V8's message names it: a primitive's string (a symbol's `Symbol(description)`); `None`
/// for an object, whose conversion could run code.
pub(crate) fn key_text(key: &JsValue, context: &mut Context) -> Option<String> {
    match key.variant() {
        JsVariant::Object(_) => None,
        JsVariant::Symbol(symbol) => Some(symbol.descriptive_string().to_std_string_lossy()),
        _ => key
            .to_string(context)
            .ok()
            .map(|text| text.to_std_string_lossy()),
    }
}
