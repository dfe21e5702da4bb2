//! The formats of `style: "currency"`, `"percent"` and `"unit"`, and of `notation: "scientific"` and
//! `"engineering"`, vmjs's own: their options, text and `resolvedOptions`.
//!
//! The number is rounded here (ECMA-402's fraction digits, half-expand, on its exact decimal digits) and
//! localised by ICU4X's decimal formatter. A currency's symbol and pattern come from ICU4X's currency
//! formatter, read once per object from the shape it gives `1` and `-1` (so the digits asked for are kept:
//! the currency formatter itself always rounds to the currency's own digits).

use boa_engine::{
    Context, Finalize, JsData, JsNativeError, JsObject, JsResult, JsString, JsValue, Trace,
    js_string,
};
use boa_gc::GcRefCell;
use fixed_decimal::{Decimal, Sign};
use icu_decimal::DecimalFormatter;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::percent::formatter::PercentFormatter;
use icu_locale_core::Locale;

use super::super::unit::{ENGLISH_GAPS, Unit, UnitFormatter};
use super::super::unit_names_en::{EnglishUnit, is_american_english};
use super::super::{BoundFormat, choice_option, decimal_of, resolve_locale, string_option};
use super::exponent::{exponent_form, exponent_symbol};
use super::rounding::{Digits, Signs};

/// Most fraction digits a currency is looked for with (ISO 4217 has none above 4).
const MOST_CURRENCY_DIGITS: u8 = 4;

/// The styles formatted here.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Currency,
    Percent,
    Unit,
    /// Decimal numbers as `1.235E5`.
    Scientific,
    /// Decimal numbers as `123.456E3` (exponents a multiple of three).
    Engineering,
}

impl Style {
    fn name(self) -> &'static str {
        match self {
            Self::Currency => "currency",
            Self::Percent => "percent",
            Self::Unit => "unit",
            Self::Scientific | Self::Engineering => "decimal",
        }
    }

    fn notation(self) -> &'static str {
        match self {
            Self::Scientific => "scientific",
            Self::Engineering => "engineering",
            _ => "standard",
        }
    }
}

/// What goes around the number of a currency amount or a percent, before and after it, for positive and for
/// negative amounts (en-US dollars: `$` before, nothing after; de-DE euros: nothing before, ` €` after).
struct Affixes {
    positive: (String, String),
    negative: (String, String),
}

/// The locale's minus and plus signs, as its numbers show them (`-`, `+`; Arabic's `؜-`, `؜+`).
struct SignsText {
    minus: String,
    plus: String,
}

impl SignsText {
    fn of(numbers: &DecimalFormatter) -> Self {
        let one = numbers.format(&Decimal::from(1)).to_string();
        let sign = |value: Decimal| numbers.format(&value).to_string().replacen(&one, "", 1);
        Self {
            minus: sign(Decimal::from(-1)),
            plus: sign(Decimal::from(1).with_sign(Sign::Positive)),
        }
    }

    /// `shown` (a negative number's text) with its minus sign made a plus.
    fn plus_for_minus(&self, shown: String) -> String {
        shown.replacen(&self.minus, &self.plus, 1)
    }
}

/// How the number of a styled format is turned into text.
enum Localised {
    /// A percent: ICU4X's whole (its affixes too, for NaN and infinities, which it cannot format).
    Percent {
        formatter: PercentFormatter<DecimalFormatter>,
        affixes: Option<Affixes>,
    },
    /// A currency by symbol or code: the number, rounded here, between the currency's affixes.
    Currency {
        numbers: DecimalFormatter,
        affixes: Affixes,
    },
    /// A currency by name (the name's plural form depends on the amount): ICU4X's whole.
    CurrencyName(CurrencyFormatter<DecimalFormatter>),
    /// A unit's name (its plural form depends on the amount too): ICU4X's whole, and its affixes for NaN
    /// and infinities.
    Unit {
        formatter: UnitFormatter,
        affixes: Option<Affixes>,
    },
    /// A number times a power of ten: the mantissa and the exponent, each localised, the locale's exponent
    /// symbol between them.
    Exponent {
        numbers: DecimalFormatter,
        symbol: &'static str,
    },
}

/// A currency, percent or unit `Intl.NumberFormat`'s data.
#[derive(Trace, Finalize, JsData)]
#[boa_gc(unsafe_no_drop)]
pub(super) struct Styled {
    tag: String,
    numbering_system: String,
    #[unsafe_ignore_trace]
    style: Style,
    currency: Option<String>,
    currency_display: &'static str,
    unit: Option<String>,
    unit_display: &'static str,
    #[unsafe_ignore_trace]
    digits: Digits,
    #[unsafe_ignore_trace]
    signs: Signs,
    #[unsafe_ignore_trace]
    signs_text: SignsText,
    use_grouping: bool,
    #[unsafe_ignore_trace]
    localised: Localised,
    /// The function `format` gives, made once (ECMA-402's `[[BoundFormat]]`).
    bound_format: GcRefCell<Option<JsObject>>,
}

/// Options these styles cannot honour yet, with the value each may have (anything else is refused).
const UNSUPPORTED: [(&str, &str); 5] = [
    ("notation", "standard"),
    ("currencySign", "standard"),
    ("roundingPriority", "auto"),
    ("roundingIncrement", "1"),
    ("numberingSystem", ""),
];

impl Styled {
    pub(super) fn new(
        style: Style,
        locales: &JsValue,
        options: &JsValue,
        context: &mut Context,
    ) -> JsResult<Self> {
        let (tag, locale, numbering_system) = resolve_locale(locales, context)?;
        for (name, allowed) in UNSUPPORTED {
            if let Some(value) = string_option(options, name, context)?
                && value != allowed
                && !(name == "notation" && value == style.notation())
            {
                return Err(unsupported(style, name, &value));
            }
        }
        let use_grouping = match options.as_object() {
            Some(options) => {
                let grouping = options.get(js_string!("useGrouping"), context)?;
                grouping.is_undefined() || grouping.to_boolean()
            }
            None => true,
        };
        let numbers_options = DecimalFormatterOptions::from(if use_grouping {
            GroupingStrategy::Auto
        } else {
            GroupingStrategy::Never
        });
        let numbers = DecimalFormatter::try_new((&locale).into(), numbers_options)
            .map_err(|e| data_error(&e))?;
        let signs_text = SignsText::of(&numbers);
        let mut currency = None;
        let mut currency_display = "symbol";
        let mut unit = None;
        let mut unit_display = "short";
        // The formatting, and the fraction digits ECMA-402 defaults to for the style.
        let (localised, (minimum_default, maximum_default)) = match style {
            Style::Percent => (percent_format(&locale, numbers)?, (0, 0)),
            Style::Scientific | Style::Engineering => {
                let symbol = exponent_symbol(&locale, &numbering_system);
                (Localised::Exponent { numbers, symbol }, (0, 3))
            }
            Style::Currency => {
                let code = currency_code(options, context)?;
                currency_display = choice_option(
                    "Intl.NumberFormat",
                    options,
                    "currencyDisplay",
                    &["symbol", "narrowSymbol", "code", "name"],
                    context,
                )?;
                let (localised, digits) =
                    currency_format(&locale, &code, currency_display, numbers)?;
                currency = Some(code);
                (localised, (digits, digits))
            }
            Style::Unit => {
                let name = string_option(options, "unit", context)?;
                let invalid = || {
                    format!(
                        "Invalid unit argument for Intl.NumberFormat() '{}'",
                        name.as_deref().unwrap_or_default()
                    )
                };
                let Some(name) = name.as_deref() else {
                    return Err(JsNativeError::typ().with_message(invalid()).into());
                };
                let found = super::super::unit::unit(name)
                    .ok_or_else(|| JsNativeError::range().with_message(invalid()))?;
                unit_display = choice_option(
                    "Intl.NumberFormat",
                    options,
                    "unitDisplay",
                    &["short", "narrow", "long"],
                    context,
                )?;
                // American English names where ICU4X's data has none or not Node's (`named`: only for the
                // units whose English names it misses or gets wrong: `2 l`, `2 km` for `2 kilometers`).
                let american = is_american_english(
                    locale.id.language.as_str(),
                    locale.id.region.as_ref().map(|region| region.as_str()),
                );
                let english = |unit: &str, named: bool| {
                    let missing = !named || ENGLISH_GAPS.contains(&unit);
                    (american && missing)
                        .then(|| EnglishUnit::new(unit, unit_display))
                        .flatten()
                };
                let localised = match found {
                    Unit::Percent => {
                        unit = Some("percent".to_owned());
                        match (unit_display, english("percent", false)) {
                            ("long", Some(names)) => {
                                unit_format(UnitFormatter::English { numbers, names })
                            }
                            _ => percent_format(&locale, numbers)?,
                        }
                    }
                    Unit::Named(known) => {
                        unit = Some(known.to_owned());
                        if !use_grouping {
                            return Err(unsupported(style, "useGrouping", "false"));
                        }
                        let formatter = match english(known, true) {
                            Some(names) => UnitFormatter::English { numbers, names },
                            None => UnitFormatter::try_new(&locale, known, unit_display)
                                .map_err(|e| data_error(&e))?,
                        };
                        unit_format(formatter)
                    }
                    Unit::WithoutNames => {
                        let Some(names) = english(name, false) else {
                            return Err(JsNativeError::range()
                                .with_message(format!(
                                    "Intl.NumberFormat: unit \"{name}\" is not supported by vmjs yet in \
                                     this locale (its ICU4X data has the names of lengths, areas, volumes, \
                                     masses and durations only; vmjs has American English names of the \
                                     others)"
                                ))
                                .into());
                        };
                        unit = Some(name.to_owned());
                        if !use_grouping {
                            return Err(unsupported(style, "useGrouping", "false"));
                        }
                        unit_format(UnitFormatter::English { numbers, names })
                    }
                };
                (localised, (0, 3))
            }
        };
        let digits = Digits::read(options, (minimum_default, maximum_default), context)?;
        let signs = Signs::read(options, context)?;
        Ok(Self {
            tag,
            numbering_system,
            style,
            currency,
            currency_display,
            unit,
            unit_display,
            digits,
            signs,
            signs_text,
            use_grouping,
            localised,
            bound_format: GcRefCell::new(None),
        })
    }

    /// The text of `value`.
    pub(super) fn format(&self, value: &JsValue, context: &mut Context) -> JsResult<String> {
        let Some(mut amount) = decimal_of(value, context)? else {
            let number = value.to_number(context)?;
            let (text, negative) = match number {
                n if n.is_nan() => ("NaN", false),
                n => ("∞", n < 0.0),
            };
            let sign = self.signs.of_non_finite(negative, text == "NaN");
            return Ok(match &self.localised {
                Localised::Currency { affixes, .. }
                | Localised::Percent {
                    affixes: Some(affixes),
                    ..
                }
                | Localised::Unit {
                    affixes: Some(affixes),
                    ..
                } => {
                    let (before, after) = match sign {
                        Some(_) => &affixes.negative,
                        None => &affixes.positive,
                    };
                    let shown = format!("{before}{text}{after}");
                    match sign {
                        Some(false) => self.signs_text.plus_for_minus(shown),
                        _ => shown,
                    }
                }
                _ => match sign {
                    Some(true) => format!("{}{text}", self.signs_text.minus),
                    Some(false) => format!("{}{text}", self.signs_text.plus),
                    None => text.to_owned(),
                },
            });
        };
        if let Localised::Exponent { numbers, symbol } = &self.localised {
            let (mut mantissa, exponent) =
                exponent_form(amount, self.style == Style::Engineering, self.digits);
            self.signs.apply(&mut mantissa);
            return Ok(format!(
                "{}{symbol}{}",
                numbers.format(&mantissa),
                numbers.format(&Decimal::from(exponent))
            ));
        }
        if self.style == Style::Percent {
            amount.multiply_pow10(2);
            amount.absolute.trim_start(); // 0.25 → 025 → 25
        }
        self.digits.round(&mut amount);
        self.digits.pad(&mut amount);
        self.signs.apply(&mut amount);
        // A plus goes where the minus would (as CLDR's patterns have it): shown as a minus, then swapped.
        let plus = amount.sign == Sign::Positive;
        if plus {
            amount.sign = Sign::Negative;
        }
        let shown = match &self.localised {
            Localised::Percent { formatter, .. } => formatter.format(&amount).to_string(),
            Localised::CurrencyName(currency) => currency.format_fixed_decimal(&amount).to_string(),
            Localised::Unit { formatter, .. } => formatter.format(&amount),
            Localised::Exponent { numbers, .. } => numbers.format(&amount).to_string(),
            Localised::Currency { numbers, affixes } => {
                let (before, after) = if amount.sign == Sign::Negative {
                    &affixes.negative
                } else {
                    &affixes.positive
                };
                let magnitude = amount.clone().with_sign(Sign::None);
                format!("{before}{}{after}", numbers.format(&magnitude))
            }
        };
        Ok(if plus {
            self.signs_text.plus_for_minus(shown)
        } else {
            shown
        })
    }

    /// The resolved locale's tag and numbering system.
    pub(super) fn locale(&self) -> (String, String) {
        (self.tag.clone(), self.numbering_system.clone())
    }

    /// What `formatToParts` calls the text around the number that is neither a sign nor space.
    pub(super) fn around_the_number(&self) -> &'static str {
        match self.style {
            Style::Currency => "currency",
            Style::Percent => "percentSign",
            Style::Unit => "unit",
            Style::Scientific | Style::Engineering => "literal",
        }
    }

    /// For a format of exponents, `value`'s mantissa and exponent as text and the exponent's symbol; `None`
    /// for other formats and for values that are not finite.
    pub(super) fn exponent_parts(
        &self,
        value: &JsValue,
        context: &mut Context,
    ) -> JsResult<Option<(String, &'static str, String)>> {
        let Localised::Exponent { numbers, symbol } = &self.localised else {
            return Ok(None);
        };
        let Some(amount) = decimal_of(value, context)? else {
            return Ok(None);
        };
        let (mantissa, exponent) =
            exponent_form(amount, self.style == Style::Engineering, self.digits);
        Ok(Some((
            numbers.format(&mantissa).to_string(),
            symbol,
            numbers.format(&Decimal::from(exponent)).to_string(),
        )))
    }

    pub(super) fn resolved_options(&self, context: &mut Context) -> JsResult<JsObject> {
        let options = JsObject::with_object_proto(context.intrinsics());
        let set = |name: &str, value: JsValue, context: &mut Context| {
            options.set(JsString::from(name), value, true, context)
        };
        set("locale", JsString::from(self.tag.as_str()).into(), context)?;
        set(
            "numberingSystem",
            JsString::from(self.numbering_system.as_str()).into(),
            context,
        )?;
        set("style", JsString::from(self.style.name()).into(), context)?;
        if let Some(unit) = &self.unit {
            set("unit", JsString::from(unit.as_str()).into(), context)?;
            set(
                "unitDisplay",
                JsString::from(self.unit_display).into(),
                context,
            )?;
        }
        if let Some(code) = &self.currency {
            set("currency", JsString::from(code.as_str()).into(), context)?;
            set(
                "currencyDisplay",
                JsString::from(self.currency_display).into(),
                context,
            )?;
            set("currencySign", js_string!("standard").into(), context)?;
        }
        for (name, value) in self.digits.resolved() {
            set(name, value, context)?;
        }
        let grouping: JsValue = if self.use_grouping {
            js_string!("auto").into()
        } else {
            false.into()
        };
        set("useGrouping", grouping, context)?;
        set(
            "notation",
            JsString::from(self.style.notation()).into(),
            context,
        )?;
        set(
            "signDisplay",
            JsString::from(self.signs.name()).into(),
            context,
        )?;
        set(
            "roundingMode",
            JsString::from(self.digits.rounding_mode).into(),
            context,
        )?;
        set("roundingIncrement", 1.into(), context)?;
        let trailing_zeros = if self.digits.strip_if_integer {
            js_string!("stripIfInteger")
        } else {
            js_string!("auto")
        };
        set("trailingZeroDisplay", trailing_zeros.into(), context)?;
        set("roundingPriority", js_string!("auto").into(), context)?;
        Ok(options)
    }
}

impl BoundFormat for Styled {
    fn bound_format(&self) -> &GcRefCell<Option<JsObject>> {
        &self.bound_format
    }

    fn format_value(&self, value: &JsValue, context: &mut Context) -> JsResult<String> {
        self.format(value, context)
    }

    fn incompatible() -> String {
        "Method Intl.NumberFormat.prototype called on an incompatible receiver".to_owned()
    }
}

/// The refusal of an option these styles cannot honour yet.
fn unsupported(style: Style, name: &str, value: &str) -> boa_engine::JsError {
    JsNativeError::range()
        .with_message(format!(
            "Intl.NumberFormat: {name} {value:?} is not supported by vmjs with style \"{}\" yet",
            style.name()
        ))
        .into()
}

/// A percent's formatting: ICU4X's, with the affixes it gives 1 and -1 (for NaN and infinities).
fn percent_format(locale: &Locale, numbers: DecimalFormatter) -> JsResult<Localised> {
    let one = numbers.format(&Decimal::from(1)).to_string();
    let formatter = PercentFormatter::try_new_with_decimal_formatter(
        locale.into(),
        numbers,
        Default::default(),
    )
    .map_err(|e| data_error(&e))?;
    let shown = |value: i32| formatter.format(&Decimal::from(value)).to_string();
    let affixes = affixes_around(&shown(1), &shown(-1), &one);
    Ok(Localised::Percent { formatter, affixes })
}

pub(super) fn data_error(error: &icu_provider::DataError) -> boa_engine::JsError {
    JsNativeError::range()
        .with_message(format!("Intl.NumberFormat: {error}"))
        .into()
}

/// `options.currency`, upper-cased: required, three ASCII letters (as Node words both errors).
fn currency_code(options: &JsValue, context: &mut Context) -> JsResult<String> {
    let Some(code) = string_option(options, "currency", context)? else {
        return Err(JsNativeError::typ()
            .with_message("Currency code is required with currency style.")
            .into());
    };
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(JsNativeError::range()
            .with_message(format!("Invalid currency code : {code}"))
            .into());
    }
    Ok(code.to_ascii_uppercase())
}

/// A unit's format: `formatter`, and its affixes for NaN and infinities.
fn unit_format(formatter: UnitFormatter) -> Localised {
    let shown = |value: i32| formatter.format(&Decimal::from(value));
    // 2, not 1: NaN and infinities take the plural's "other" form (`∞ kilometers`).
    let affixes = affixes_around(&shown(2), &shown(-2), "2");
    Localised::Unit { formatter, affixes }
}

/// The currency's formatting and its own number of fraction digits.
fn currency_format(
    locale: &Locale,
    code: &str,
    display: &str,
    numbers: DecimalFormatter,
) -> JsResult<(Localised, u8)> {
    let currency = CurrencyType::try_from_str(&code.to_ascii_lowercase()).map_err(|_| {
        JsNativeError::range().with_message(format!("Invalid currency code : {code}"))
    })?;
    let prefs = locale.into();
    let formatter = match display {
        "narrowSymbol" => {
            CurrencyFormatter::try_new_symbol_narrow(prefs, currency, Default::default())
        }
        "code" => CurrencyFormatter::try_new_code(prefs, currency, Default::default()),
        "name" => CurrencyFormatter::try_new_name(prefs, currency),
        _ => CurrencyFormatter::try_new_symbol(prefs, currency, Default::default()),
    }
    .map_err(|e| data_error(&e))?;
    // The shape ICU4X gives 1: its digits are the currency's (`$1.00`: 2, `￥1`: 0), the rest its affixes.
    let shown = |value: i32| {
        formatter
            .format_fixed_decimal(&Decimal::from(value))
            .to_string()
    };
    let (one, minus_one) = (shown(1), shown(-1));
    let found = (0..=MOST_CURRENCY_DIGITS).rev().find_map(|digits| {
        let mut probe = Decimal::from(1);
        probe.absolute.pad_end(-i16::from(digits));
        let number = numbers.format(&probe).to_string();
        Some((digits, affixes_around(&one, &minus_one, &number)?))
    });
    Ok(match found {
        Some((digits, affixes)) if display != "name" => {
            (Localised::Currency { numbers, affixes }, digits)
        }
        Some((digits, ..)) => (Localised::CurrencyName(formatter), digits),
        None => (Localised::CurrencyName(formatter), 2),
    })
}

/// What surrounds `number` in a format's rendering of 1 (`one`) and of -1 (`minus_one`).
fn affixes_around(one: &str, minus_one: &str, number: &str) -> Option<Affixes> {
    let split = |text: &str| {
        text.split_once(number)
            .map(|(before, after)| (before.to_owned(), after.to_owned()))
    };
    Some(Affixes {
        positive: split(one)?,
        negative: split(minus_one)?,
    })
}
