//! What boa's `Intl` lacks and notebooks use, on ICU4X's data (`icu_experimental`, the same ICU4X release
//! boa's `Intl` is built on): `Intl.RelativeTimeFormat`, `Intl.DisplayNames`, and `Intl.NumberFormat` with
//! `style: "currency"`, `"percent"` or `"unit"` — boa refused the first ("unimplemented"), had no second and
//! printed the third as the bare number (`0.256` → `"0"`, `5 km` → `"5"`). `Number.prototype.toLocaleString` with those styles goes
//! the same way. `Intl.DateTimeFormat` is vmjs's own (boa's misprinted numeric years and hour cycles), and
//! arrays' `toLocaleString` is mended beside them.
//!
//! The decimal style stays boa's, mended where it failed (`NaN` and infinities) and given `formatToParts`.
//! The styled formats (currency, percent, unit) support the fraction-digit options and `useGrouping`; an
//! option they cannot honour yet (significant digits, compact notation, a sign display, accounting, rounding
//! modes, a numbering system) is a `RangeError` naming it, never a number printed differently from what was
//! asked.

use std::str::FromStr;

use boa_engine::class::Class;
use boa_engine::context::intrinsics::StandardConstructor;
use boa_engine::object::builtins::JsArray;
use boa_engine::object::{FunctionObjectBuilder, NativeObject};
use boa_engine::{
    Context, Finalize, JsArgs, JsData, JsNativeError, JsObject, JsResult, JsString, JsSymbol,
    JsValue, NativeFunction, Source, Trace, js_string,
};
use boa_gc::GcRefCell;

use super::lazy::{define_hidden_on, define_read_only_on, link_constructor};
use fixed_decimal::{Decimal, FloatPrecision};
use icu_locale_core::Locale;

mod array_to_locale_string;
mod date_time_format;
mod display_names;
mod number_format;
mod parts;
mod relative_time;
mod supported_values;
mod unit;
mod unit_names_en;

/// Adds `Intl.RelativeTimeFormat`, wraps `Intl.NumberFormat` and `Number.prototype.toLocaleString`, and (not
/// in deterministic sessions) makes the host's time zone the default of dates' formats.
pub(super) fn register(deterministic: bool, context: &mut Context) -> JsResult<()> {
    // `Reflect.construct` as the realm starts with it, called from a JavaScript frame of its own.
    let source =
        "((construct) => (C, args, target) => construct(C, args, target))(Reflect.construct)";
    let constructing = context
        .eval(Source::from_bytes(source))?
        .as_object()
        .ok_or_else(|| JsNativeError::typ().with_message("Intl: no constructing function"))?;
    context.insert_data(Constructing(constructing));
    relative_time::register(context)?;
    display_names::register(context)?;
    array_to_locale_string::register(context)?;
    number_format::register(context)?;
    supported_values::register(context)?;
    date_time_format::register(deterministic, context)
}

/// The locale boa's `Intl` resolves `locales` to (its default when none is given or none is supported), as a
/// BCP 47 tag and as ICU4X's locale, and the locale's numbering system. A malformed tag is boa's `RangeError`.
fn resolve_locale(locales: &JsValue, context: &mut Context) -> JsResult<(String, Locale, String)> {
    let number_format = context
        .intrinsics()
        .constructors()
        .number_format()
        .constructor();
    let format = construct_in_frame(
        &number_format,
        std::slice::from_ref(locales),
        &JsValue::undefined(),
        context,
    )?;
    let resolved = call_method(&format, "resolvedOptions", &[], context)?;
    let mut field = |name: &str| -> JsResult<String> {
        resolved
            .as_object()
            .map(|options| options.get(JsString::from(name), context))
            .transpose()?
            .and_then(|value| value.as_string().map(|text| text.to_std_string_escaped()))
            .ok_or_else(|| {
                JsNativeError::typ()
                    .with_message(format!("Intl: no resolved {name}"))
                    .into()
            })
    };
    let tag = field("locale")?;
    let numbering_system = field("numberingSystem")?;
    let locale = Locale::from_str(&tag).map_err(|e| {
        JsNativeError::range().with_message(format!("Intl: the locale {tag:?}: {e}"))
    })?;
    Ok((tag, locale, numbering_system))
}

/// The function [`construct_in_frame`] calls.
#[derive(Trace, Finalize, JsData)]
struct Constructing(JsObject);

/// `new class(...args)` — or, when `new_target` is a constructor (a subclass's `new`), an instance of it —
/// run from a JavaScript frame: boa's
/// `NumberFormat` and `DateTimeFormat` constructors read the running frame's `this`, and panic when there is
/// none — as when a job calls the constructor itself (`queueMicrotask(Intl.NumberFormat)`), or the worker
/// builds a format at start.
fn construct_in_frame(
    class: &JsObject,
    args: &[JsValue],
    new_target: &JsValue,
    context: &mut Context,
) -> JsResult<JsObject> {
    let subclass = new_target.as_object().filter(JsObject::is_constructor);
    let Some(constructing) = context.get_data::<Constructing>().map(|c| c.0.clone()) else {
        return class.construct(args, subclass.as_ref(), context);
    };
    let list = JsArray::from_iter(args.iter().cloned(), context);
    let target = subclass.unwrap_or_else(|| class.clone());
    constructing
        .call(
            &JsValue::undefined(),
            &[class.clone().into(), list.into(), target.into()],
            context,
        )?
        .as_object()
        .ok_or_else(|| {
            JsNativeError::typ()
                .with_message("Intl: a constructor gave no object")
                .into()
        })
}

/// Puts `wrapper`, a native constructor in front of boa's `Intl.{name}` (`boa`), in its place: the same
/// prototype (whose `constructor` becomes the wrapper, so `instanceof` holds for both) and the same
/// `supportedLocalesOf`.
fn replace_constructor(
    name: &str,
    wrapper: &JsObject,
    boa: &StandardConstructor,
    context: &mut Context,
) -> JsResult<()> {
    let prototype = boa.prototype();
    link_constructor(wrapper, &prototype, context)?;
    let supported = boa
        .constructor()
        .get(js_string!("supportedLocalesOf"), context)?;
    define_hidden_on(
        wrapper,
        js_string!("supportedLocalesOf"),
        supported,
        context,
    )?;
    let intl: JsObject = context.intrinsics().objects().intl().upcast();
    define_hidden_on(&intl, JsString::from(name), wrapper.clone(), context)
}

/// Defines the class `C` as `Intl.{name}` (registered as a global class, then moved onto `Intl`), with the
/// `Symbol.toStringTag` "Intl.{name}" on its prototype.
fn register_class<C: Class>(name: &str, context: &mut Context) -> JsResult<()> {
    context.register_global_class::<C>()?;
    let global = context.global_object();
    let class = global.get(JsString::from(name), context)?;
    global.delete_property_or_throw(JsString::from(name), context)?;
    if let Some(prototype) = class
        .as_object()
        .map(|class| class.get(js_string!("prototype"), context))
        .transpose()?
        .and_then(|prototype| prototype.as_object())
    {
        define_read_only_on(
            &prototype,
            JsSymbol::to_string_tag(),
            JsString::from(format!("Intl.{name}")),
            context,
        )?;
    }
    let intl: JsObject = context.intrinsics().objects().intl().upcast();
    define_hidden_on(&intl, JsString::from(name), class, context)
}

/// `supportedLocalesOf(locales)` of the classes defined here: the locales boa's `Intl` supports.
fn supported_locales_of(locales: JsValue, context: &mut Context) -> JsResult<JsValue> {
    let plural_rules = context
        .intrinsics()
        .constructors()
        .plural_rules()
        .constructor();
    call_method(&plural_rules, "supportedLocalesOf", &[locales], context)
}

/// A plain object of string properties, in order (what `resolvedOptions()` returns).
fn string_fields(fields: &[(&str, &str)], context: &mut Context) -> JsResult<JsObject> {
    let object = JsObject::with_object_proto(context.intrinsics());
    for (name, value) in fields {
        object.set(JsString::from(*name), JsString::from(*value), true, context)?;
    }
    Ok(object)
}

/// `f` of the `D` data of `value`; a `TypeError` with `incompatible()`'s message when `value` has none (a
/// method of a class called on something else).
fn with_data<D: NativeObject, T>(
    value: &JsValue,
    incompatible: impl FnOnce() -> String,
    f: impl FnOnce(&D) -> JsResult<T>,
) -> JsResult<T> {
    let result = value
        .as_object()
        .and_then(|object| object.downcast_ref::<D>().map(|data| f(&data)));
    result.unwrap_or_else(|| Err(JsNativeError::typ().with_message(incompatible()).into()))
}

/// A format whose `format` getter gives one function per object, bound to it (ECMA-402's
/// `[[BoundFormat]]`: `values.map(nf.format)` works and `nf.format === nf.format`).
trait BoundFormat: NativeObject + Sized {
    /// Where the function is kept once made.
    fn bound_format(&self) -> &GcRefCell<Option<JsObject>>;
    /// The text of `value`.
    fn format_value(&self, value: &JsValue, context: &mut Context) -> JsResult<String>;
    /// The `TypeError` message of `format` read from what is not such a format.
    fn incompatible() -> String;
}

/// What `format`'s getter gives: the function bound to `this`, made at the first read and kept.
fn bound_format<D: BoundFormat>(this: &JsValue, context: &mut Context) -> JsResult<JsValue> {
    if let Some(bound) = with_data(this, D::incompatible, |data: &D| {
        Ok(data.bound_format().borrow().clone())
    })? {
        return Ok(bound.into());
    }
    let bound: JsObject = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |_, args, this: &JsValue, context| {
                let text = with_data(this, D::incompatible, |data: &D| {
                    data.format_value(args.get_or_undefined(0), context)
                })?;
                Ok(JsString::from(text).into())
            },
            this.clone(),
        ),
    )
    .length(1)
    .build()
    .into();
    with_data(this, D::incompatible, |data: &D| {
        *data.bound_format().borrow_mut() = Some(bound.clone());
        Ok(())
    })?;
    Ok(bound.into())
}

/// `object[name](...args)`.
fn call_method(
    object: &JsObject,
    name: &str,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let method = object.get(JsString::from(name), context)?;
    let method = method.as_callable().ok_or_else(|| {
        JsNativeError::typ().with_message(format!("Intl: {name} is not a function"))
    })?;
    method.call(&object.clone().into(), args, context)
}

/// The number a value formats as, exactly: a BigInt's digits, a string's decimal text, or a Number's
/// shortest round-trip digits. `None` for NaN and infinities.
fn decimal_of(value: &JsValue, context: &mut Context) -> JsResult<Option<Decimal>> {
    if let Some(big) = value.as_bigint() {
        return Ok(Decimal::from_str(&big.to_string()).ok());
    }
    let number = value.to_number(context)?;
    if !number.is_finite() {
        return Ok(None);
    }
    Ok(Decimal::try_from_f64(number, FloatPrecision::RoundTrip).ok())
}

/// `options[name]` as a string, if present (`undefined` → `None`).
fn string_option(options: &JsValue, name: &str, context: &mut Context) -> JsResult<Option<String>> {
    let Some(options) = options.as_object() else {
        return Ok(None);
    };
    let value = options.get(JsString::from(name), context)?;
    if value.is_undefined() {
        return Ok(None);
    }
    Ok(Some(value.to_string(context)?.to_std_string_escaped()))
}

/// `options[name]`, one of `allowed` (the first when absent); a `RangeError` names the option of `class`
/// otherwise (as Node words it).
fn choice_option(
    class: &str,
    options: &JsValue,
    name: &str,
    allowed: &[&'static str],
    context: &mut Context,
) -> JsResult<&'static str> {
    match string_option(options, name, context)? {
        None => Ok(allowed[0]),
        Some(value) => one_of(class, name, value, allowed),
    }
}

/// `value` of the option `name` of `class` as one of `allowed`; a `RangeError` naming it otherwise (as Node
/// words it).
fn one_of(
    class: &str,
    name: &str,
    value: String,
    allowed: &[&'static str],
) -> JsResult<&'static str> {
    allowed
        .iter()
        .find(|choice| **choice == value)
        .copied()
        .ok_or_else(|| {
            JsNativeError::range()
                .with_message(format!(
                    "Value {value} out of range for {class} options property {name}"
                ))
                .into()
        })
}
