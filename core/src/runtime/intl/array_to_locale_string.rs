//! `Array.prototype.toLocaleString` and `%TypedArray%.prototype.toLocaleString` as V8 and SpiderMonkey do
//! them: elements joined with `,` (boa 0.22 joins with the locale's list separator, `", "`, so
//! `[1234.5, 2].toLocaleString()` printed `1,234.5, 2` where Node prints `1,234.5,2`), and safe on arrays that
//! contain themselves: boa's recursed without end and overflowed the worker's stack; here an array being
//! printed prints as `""` inside itself, as `join` does.

use std::cell::RefCell;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::{
    Context, JsArgs, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
    js_string,
};

use super::super::lazy::define_hidden_on;

/// How deep arrays in arrays are printed before a `RangeError`: each level is a native call that boa's
/// own recursion limit does not count.
const MAX_DEPTH: usize = 1_000;

/// The arrays being printed, outermost first (context data, put there once).
#[derive(Default)]
struct Printing(RefCell<Vec<JsObject>>);

/// Puts the method on the prototypes of arrays and typed arrays.
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    context.insert_data(Printing::default());
    let constructors = context.intrinsics().constructors();
    let prototypes = [
        constructors.array().prototype(),
        constructors.typed_array().prototype(),
    ];
    for prototype in prototypes {
        let method = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_fn_ptr(to_locale_string),
        )
        .name(js_string!("toLocaleString"))
        .length(0)
        .build();
        define_hidden_on(&prototype, js_string!("toLocaleString"), method, context)?;
    }
    Ok(())
}

/// ECMA-402's `Array.prototype.toLocaleString(locales, options)` with `,` as the separator.
fn to_locale_string(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let array = this.to_object(context)?;
    let depth = {
        let Some(printing) = context.get_data::<Printing>() else {
            return join_locale_strings(&array, args, context).map(Into::into);
        };
        let mut printing = printing.0.borrow_mut();
        if printing.iter().any(|outer| JsObject::equals(outer, &array)) {
            return Ok(js_string!().into());
        }
        printing.push(array.clone());
        printing.len()
    };
    let joined = if depth > MAX_DEPTH {
        Err(JsNativeError::range()
            .with_message("Maximum call stack size exceeded (arrays nested too deeply to print)")
            .into())
    } else {
        join_locale_strings(&array, args, context)
    };
    if let Some(printing) = context.get_data::<Printing>() {
        printing.0.borrow_mut().pop();
    }
    Ok(joined?.into())
}

/// Each element's `toLocaleString(locales, options)` (empty for `undefined` and `null`), joined with `,`.
fn join_locale_strings(
    array: &JsObject,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsString> {
    let length = array
        .get(js_string!("length"), context)?
        .to_length(context)?;
    let arguments = [
        args.get_or_undefined(0).clone(),
        args.get_or_undefined(1).clone(),
    ];
    let mut text: Vec<u16> = Vec::new();
    for index in 0..length {
        if index > 0 {
            text.push(u16::from(b','));
        }
        let element = array.get(index, context)?;
        if element.is_null_or_undefined() {
            continue;
        }
        let method = element
            .to_object(context)?
            .get(js_string!("toLocaleString"), context)?;
        let method = method.as_callable().ok_or_else(|| {
            JsNativeError::typ().with_message("toLocaleString of an element is not a function")
        })?;
        let printed = method
            .call(&element, &arguments, context)?
            .to_string(context)?;
        text.extend(printed.iter());
    }
    Ok(JsString::from(text.as_slice()))
}
