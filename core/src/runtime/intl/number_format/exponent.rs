//! Numbers in scientific and engineering notation (`notation: "scientific"`/`"engineering"`): the mantissa
//! rounded on its exact decimal digits to the fraction or significant digits asked for, and CLDR's exponent
//! symbol of each locale and numbering system.

use boa_engine::{Context, JsNativeError, JsResult, JsString, JsValue};
use fixed_decimal::{Decimal, SignedRoundingMode, UnsignedRoundingMode};
use icu_locale_core::Locale;

/// The digits a mantissa is shown with: fraction digits (least, most), and significant digits (least, most)
/// when asked for, which win.
#[derive(Clone, Copy)]
pub(super) struct Digits {
    pub(super) fraction: (u8, u8),
    pub(super) significant: Option<(u8, u8)>,
}

/// `amount` as a mantissa, rounded to the fraction digits, and a power of ten: one digit before the
/// point (scientific) or one to three with an exponent a multiple of three (engineering). Zero is `0E0`.
pub(super) fn exponent_form(
    mut amount: Decimal,
    engineering: bool,
    digits: Digits,
) -> (Decimal, i16) {
    let step: i16 = if engineering { 3 } else { 1 };
    let round = |amount: &mut Decimal| {
        let position = match digits.significant {
            Some((_, most)) => amount.absolute.nonzero_magnitude_start() - i16::from(most) + 1,
            None => -i16::from(digits.fraction.1),
        };
        amount.round_with_mode(
            position,
            SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
        );
    };
    let mut exponent = 0;
    if !amount.absolute.is_zero() {
        let top = amount.absolute.nonzero_magnitude_start();
        exponent = top.div_euclid(step) * step;
        amount.multiply_pow10(-exponent);
        round(&mut amount);
        // Rounding up may carry into one more digit (9.9996 → 10.000): one step further.
        if amount.absolute.nonzero_magnitude_start() >= step {
            amount.multiply_pow10(-step);
            exponent += step;
            round(&mut amount);
        }
    }
    amount.absolute.trim_start();
    amount.absolute.trim_end();
    let last_shown = match digits.significant {
        Some((least, _)) => {
            let top = if amount.absolute.is_zero() {
                0
            } else {
                amount.absolute.nonzero_magnitude_start()
            };
            (top - i16::from(least) + 1).min(0)
        }
        None => -i16::from(digits.fraction.0),
    };
    amount.absolute.pad_end(last_shown);
    (amount, exponent)
}

/// ECMA-402's significant digits: `None` when neither option is given, else the least (default 1) and the
/// most (default 21), each 1–21.
pub(super) fn significant_digits(
    options: &JsValue,
    context: &mut Context,
) -> JsResult<Option<(u8, u8)>> {
    let least = digit_option(options, "minimumSignificantDigits", 1, 21, context)?;
    let most = digit_option(options, "maximumSignificantDigits", 1, 21, context)?;
    match (least, most) {
        (None, None) => Ok(None),
        (least, most) => {
            let (least, most) = (least.unwrap_or(1), most.unwrap_or(21));
            if least > most {
                return Err(JsNativeError::range()
                    .with_message("maximumSignificantDigits value is out of range.")
                    .into());
            }
            Ok(Some((least, most)))
        }
    }
}

/// ECMA-402's `GetNumberOption` for a count of digits: `options[name]` as a number from `lowest` to `highest`
/// (rounded down), `None` when absent; a `RangeError` naming the option otherwise.
pub(super) fn digit_option(
    options: &JsValue,
    name: &str,
    lowest: u8,
    highest: u8,
    context: &mut Context,
) -> JsResult<Option<u8>> {
    let Some(options) = options.as_object() else {
        return Ok(None);
    };
    let value = options.get(JsString::from(name), context)?;
    if value.is_undefined() {
        return Ok(None);
    }
    let number = value.to_number(context)?;
    if !(f64::from(lowest)..=f64::from(highest)).contains(&number) {
        return Err(JsNativeError::range()
            .with_message(format!("{name} value is out of range."))
            .into());
    }
    Ok(Some(number.floor() as u8))
}

/// The symbol between a mantissa and its exponent in `locale` with `numbering` digits: CLDR 48's (Node 20's),
/// `E` but where written here.
pub(super) fn exponent_symbol(locale: &Locale, numbering: &str) -> &'static str {
    let language = locale.id.language.as_str();
    let region = locale.id.region.as_ref().map(|region| region.as_str());
    match numbering {
        "arab" if matches!(language, "ckb" | "dv" | "ha" | "sd" | "sdh") => "\u{627}\u{633}",
        "arab" => "\u{623}\u{633}",
        "arabext" => "\u{d7}\u{6f1}\u{6f0}^",
        "adlm" => "\u{1e909}",
        "latn" => match (language, region) {
            ("el" | "sk" | "sl", _) | ("en", Some("AU" | "SI" | "SK")) => "e",
            ("et" | "ksh" | "lt" | "sv", _) | ("en", Some("SE")) => "\u{d7}10^",
            ("se", _) => "\u{b7}10^",
            ("uk", _) => "\u{415}",
            _ => "E",
        },
        _ => "E",
    }
}
