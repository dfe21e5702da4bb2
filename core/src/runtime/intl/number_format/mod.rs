//! `Intl.NumberFormat` with `style: "currency"`, `"percent"` and `"unit"`, and `Number.prototype.toLocaleString`
//! with them: a wrapper in front of boa's constructor makes these styles objects of its own (`styled.rs`; their
//! prototype inherits from boa's), and passes the decimal style to boa, whose `format` is mended for `NaN` and
//! infinities (`decimal.rs`). `formatToParts` serves every style (`parts.rs`).

mod decimal;
mod exponent;
mod parts;
mod rounding;
mod styled;

use std::cell::RefCell;
use std::rc::Rc;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{
    Context, Finalize, JsArgs, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, Trace, js_string,
};
use icu_locale_core::Locale;
use icu_locale_core::extensions::unicode::{Value, key};

use super::super::lazy::define_hidden_on;
use super::{BoundFormat, construct_in_frame, replace_constructor, string_option};
use decimal::BoaDecimal;
use parts::{Symbols, cut};
use styled::{Style, Styled, data_error};

/// The style `options` asks for, if it is one formatted here: the decimal style's scientific and engineering
/// notations too (boa ignored them: it printed `12,345` for `notation: "scientific"`, where Node says
/// `1.235E4`).
fn styled(options: &JsValue, context: &mut Context) -> JsResult<Option<Style>> {
    let style = match string_option(options, "style", context)?.as_deref() {
        Some("currency") => Some(Style::Currency),
        Some("percent") => Some(Style::Percent),
        Some("unit") => Some(Style::Unit),
        _ => None,
    };
    if style.is_none() {
        return Ok(
            match string_option(options, "notation", context)?.as_deref() {
                Some("scientific") => Some(Style::Scientific),
                Some("engineering") => Some(Style::Engineering),
                _ => None,
            },
        );
    }
    Ok(style)
}

/// What the wrapper and `toLocaleString` need: boa's constructor and the styled objects' prototype.
#[derive(Trace, Finalize, Clone)]
struct Classes {
    boa: JsObject,
    prototype: JsObject,
}

impl Classes {
    /// A styled object for `style`.
    fn create(
        &self,
        style: Style,
        locales: &JsValue,
        options: &JsValue,
        context: &mut Context,
    ) -> JsResult<JsObject> {
        let data = Styled::new(style, locales, options, context)?;
        Ok(JsObject::from_proto_and_data(self.prototype.clone(), data))
    }
}

/// `f` of the styled format `value` is; a `TypeError` for anything else.
fn with_styled<T>(value: &JsValue, f: impl FnOnce(&Styled) -> JsResult<T>) -> JsResult<T> {
    super::with_data(value, Styled::incompatible, f)
}

/// The prototype of styled formats: boa's `Intl.NumberFormat.prototype` with `format` and
/// `resolvedOptions` of their own.
fn styled_prototype(boa_prototype: &JsObject, context: &mut Context) -> JsResult<JsObject> {
    let prototype = JsObject::with_null_proto();
    prototype.set_prototype(Some(boa_prototype.clone()));
    let realm = context.realm().clone();
    let get_format = FunctionObjectBuilder::new(
        &realm,
        NativeFunction::from_fn_ptr(|this, _, context| {
            super::bound_format::<Styled>(this, context)
        }),
    )
    .name(js_string!("get format"))
    .build();
    prototype.define_property_or_throw(
        js_string!("format"),
        PropertyDescriptor::builder()
            .get(get_format)
            .enumerable(false)
            .configurable(true),
        context,
    )?;
    let resolved = FunctionObjectBuilder::new(
        &realm,
        NativeFunction::from_fn_ptr(|this, _, context| {
            Ok(with_styled(this, |styled| styled.resolved_options(context))?.into())
        }),
    )
    .name(js_string!("resolvedOptions"))
    .build();
    define_hidden_on(&prototype, js_string!("resolvedOptions"), resolved, context)?;
    Ok(prototype)
}

/// `Intl.NumberFormat.prototype.formatToParts(value)`, of every style: the text `format` gives, cut into
/// parts with the symbols of the format's locale and numbering system.
fn format_to_parts(
    this: &JsValue,
    value: &JsValue,
    decimal: &BoaDecimal,
    context: &mut Context,
) -> JsResult<JsValue> {
    let is_styled = this
        .as_object()
        .is_some_and(|object| object.downcast_ref::<Styled>().is_some());
    if is_styled
        && let Some((mantissa, symbol, exponent)) =
            with_styled(this, |styled| styled.exponent_parts(value, context))?
    {
        let (tag, numbering_system) = with_styled(this, |styled| Ok(styled.locale()))?;
        let symbols = symbols_of(&tag, &numbering_system, context)?;
        let mut parts = cut(&mantissa, &symbols, "literal");
        parts.push(("exponentSeparator", symbol));
        parts.extend(
            cut(&exponent, &symbols, "literal")
                .into_iter()
                .map(|(kind, text)| {
                    let kind = match kind {
                        "minusSign" => "exponentMinusSign",
                        "integer" => "exponentInteger",
                        other => other,
                    };
                    (kind, text)
                }),
        );
        return Ok(super::parts::to_array(parts, context)?.into());
    }
    let (text, (tag, numbering_system), around) = if is_styled {
        with_styled(this, |styled| {
            let text = styled.format(value, context)?;
            Ok((text, styled.locale(), styled.around_the_number()))
        })?
    } else {
        let text = decimal.format(this, value, "formatToParts", context)?;
        (text, decimal.locale(this, context)?, "compact")
    };
    let symbols = symbols_of(&tag, &numbering_system, context)?;
    let parts = cut(&text, &symbols, around);
    Ok(super::parts::to_array(parts, context)?.into())
}

/// The symbols of the last locales asked for (a format's `formatToParts` needs them at every call; reading
/// them costs a decimal formatter).
#[derive(Default)]
struct SymbolsCache(RefCell<Vec<(String, String, Rc<Symbols>)>>);

/// Locales whose symbols [`SymbolsCache`] keeps.
const CACHED_SYMBOLS: usize = 8;

/// The symbols of a format's resolved `locale` and `numberingSystem`.
fn symbols_of(tag: &str, numbering_system: &str, context: &mut Context) -> JsResult<Rc<Symbols>> {
    if context.get_data::<SymbolsCache>().is_none() {
        context.insert_data(SymbolsCache::default());
    }
    let cached = context.get_data::<SymbolsCache>().and_then(|cache| {
        cache
            .0
            .borrow()
            .iter()
            .find(|(t, n, _)| t == tag && n == numbering_system)
            .map(|(_, _, symbols)| Rc::clone(symbols))
    });
    if let Some(symbols) = cached {
        return Ok(symbols);
    }
    let locale = locale_with_numbering(tag, numbering_system)?;
    let symbols = Rc::new(Symbols::of(&locale).map_err(|e| data_error(&e))?);
    if let Some(cache) = context.get_data::<SymbolsCache>() {
        let mut cache = cache.0.borrow_mut();
        if cache.len() == CACHED_SYMBOLS {
            cache.remove(0);
        }
        cache.push((
            tag.to_owned(),
            numbering_system.to_owned(),
            Rc::clone(&symbols),
        ));
    }
    Ok(symbols)
}

/// The ICU4X locale of a format's resolved `locale` and `numberingSystem`.
fn locale_with_numbering(tag: &str, numbering_system: &str) -> JsResult<Locale> {
    let invalid = || {
        JsNativeError::range().with_message(format!(
            "Intl.NumberFormat: the locale {tag:?} with numbering system {numbering_system:?} is not valid"
        ))
    };
    let mut locale: Locale = tag.parse().map_err(|_| invalid())?;
    let value = Value::try_from_str(numbering_system).map_err(|_| invalid())?;
    locale.extensions.unicode.keywords.set(key!("nu"), value);
    Ok(locale)
}

/// Defines `formatToParts` on boa's `Intl.NumberFormat.prototype` (styled formats inherit it).
fn define_format_to_parts(
    boa_prototype: &JsObject,
    decimal: BoaDecimal,
    context: &mut Context,
) -> JsResult<()> {
    let format_to_parts = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |this, args, decimal: &BoaDecimal, context| {
                format_to_parts(this, args.get_or_undefined(0), decimal, context)
            },
            decimal,
        ),
    )
    .name(js_string!("formatToParts"))
    .length(1)
    .build();
    define_hidden_on(
        boa_prototype,
        js_string!("formatToParts"),
        format_to_parts,
        context,
    )
}

/// Puts the wrapper in place of `Intl.NumberFormat` and wraps `Number.prototype.toLocaleString`.
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    let standard = context.intrinsics().constructors().number_format().clone();
    let boa = standard.constructor();
    let boa_prototype = standard.prototype();
    let decimal = decimal::register(&boa_prototype, context)?;
    define_format_to_parts(&boa_prototype, decimal.clone(), context)?;
    let classes = Classes {
        prototype: styled_prototype(&boa_prototype, context)?,
        boa: boa.clone(),
    };
    let wrapper = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |new_target, args, classes: &Classes, context| {
                let (locales, options) = (args.get_or_undefined(0), args.get_or_undefined(1));
                match styled(options, context)? {
                    Some(style) => Ok(classes.create(style, locales, options, context)?.into()),
                    // A subclass's `new` passes its own constructor: boa's then makes its instance.
                    None => Ok(construct_in_frame(&classes.boa, args, new_target, context)?.into()),
                }
            },
            classes.clone(),
        ),
    )
    .name(js_string!("NumberFormat"))
    .length(0)
    .constructor(true)
    .build();
    let wrapper: JsObject = wrapper.into();
    replace_constructor("NumberFormat", &wrapper, &standard, context)?;

    // Number.prototype.toLocaleString(locales, options) with these styles: a styled format's text.
    let number_prototype = context.intrinsics().constructors().number().prototype();
    let boa_to_locale_string = number_prototype.get(js_string!("toLocaleString"), context)?;
    let Some(boa_to_locale_string) = boa_to_locale_string.as_object() else {
        return Ok(());
    };
    let boa = BoaLocaleString {
        to_locale_string: boa_to_locale_string,
        number_format: boa,
        decimal,
    };
    let to_locale_string = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |this, args, boa: &BoaLocaleString, context| {
                let (locales, options) = (args.get_or_undefined(0), args.get_or_undefined(1));
                let number = this_number(this)?;
                let Some(style) = styled(options, context)? else {
                    if number.is_finite() {
                        return boa.to_locale_string.call(this, args, context);
                    }
                    // boa's printed `Infinity` (Node `∞`).
                    let format = boa.number_format.construct(
                        &[locales.clone(), options.clone()],
                        None,
                        context,
                    )?;
                    let text =
                        boa.decimal
                            .format(&format.into(), &number.into(), "format", context)?;
                    return Ok(JsString::from(text).into());
                };
                let styled = Styled::new(style, locales, options, context)?;
                Ok(JsString::from(styled.format(&number.into(), context)?).into())
            },
            boa,
        ),
    )
    .name(js_string!("toLocaleString"))
    .length(0)
    .build();
    define_hidden_on(
        &number_prototype,
        js_string!("toLocaleString"),
        to_locale_string,
        context,
    )?;
    Ok(())
}

/// What `Number.prototype.toLocaleString` hands the decimal style to: boa's own method, and for `NaN` and the
/// infinities a decimal format of boa's, printed by the mended `format`.
#[derive(Trace, Finalize, Clone)]
struct BoaLocaleString {
    to_locale_string: JsObject,
    number_format: JsObject,
    decimal: BoaDecimal,
}

/// `this` of `Number.prototype.toLocaleString`: a number or a `Number` object.
fn this_number(this: &JsValue) -> JsResult<f64> {
    if let Some(number) = this.as_number() {
        return Ok(number);
    }
    this.as_object()
        .and_then(|object| object.downcast_ref::<f64>().map(|number| *number))
        .ok_or_else(|| {
            JsNativeError::typ()
                .with_message("Number.prototype.toLocaleString requires that 'this' be a Number")
                .into()
        })
}
