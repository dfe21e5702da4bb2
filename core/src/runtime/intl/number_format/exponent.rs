//! Numbers in scientific and engineering notation (`notation: "scientific"`/`"engineering"`): the mantissa
//! rounded on its exact decimal digits to the fraction or significant digits asked for, and CLDR's exponent
//! symbol of each locale and numbering system.

use fixed_decimal::Decimal;
use icu_locale_core::Locale;

use super::rounding::Digits;

/// `amount` as a mantissa, rounded to the fraction digits, and a power of ten: one digit before the
/// point (scientific) or one to three with an exponent a multiple of three (engineering). Zero is `0E0`.
pub(super) fn exponent_form(
    mut amount: Decimal,
    engineering: bool,
    digits: Digits,
) -> (Decimal, i16) {
    let step: i16 = if engineering { 3 } else { 1 };
    let mut exponent = 0;
    if !amount.absolute.is_zero() {
        let top = amount.absolute.nonzero_magnitude_start();
        exponent = top.div_euclid(step) * step;
        amount.multiply_pow10(-exponent);
        digits.round(&mut amount);
        // Rounding up may carry into one more digit (9.9996 → 10.000): one step further.
        if amount.absolute.nonzero_magnitude_start() >= step {
            amount.multiply_pow10(-step);
            exponent += step;
            digits.round(&mut amount);
        }
    }
    amount.absolute.trim_start();
    digits.pad(&mut amount);
    (amount, exponent)
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
