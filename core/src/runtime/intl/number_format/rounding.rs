//! How the number of a styled format (currency, percent, unit, scientific, engineering) is rounded, padded
//! and signed — ECMA-402's digit options (fraction or significant digits, `minimumIntegerDigits`),
//! `roundingMode`, `trailingZeroDisplay` and `signDisplay` — on the number's exact decimal digits.

use boa_engine::{Context, JsNativeError, JsResult, JsString, JsValue};
use fixed_decimal::{Decimal, SignDisplay, SignedRoundingMode, UnsignedRoundingMode};

use super::super::choice_option;

/// Most fraction digits ECMA-402 allows.
const MAX_FRACTION_DIGITS: u8 = 100;

/// ECMA-402's rounding modes, by name (the default first).
const ROUNDING_MODES: [(&str, SignedRoundingMode); 9] = [
    (
        "halfExpand",
        SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
    ),
    ("ceil", SignedRoundingMode::Ceil),
    ("floor", SignedRoundingMode::Floor),
    (
        "expand",
        SignedRoundingMode::Unsigned(UnsignedRoundingMode::Expand),
    ),
    (
        "trunc",
        SignedRoundingMode::Unsigned(UnsignedRoundingMode::Trunc),
    ),
    ("halfCeil", SignedRoundingMode::HalfCeil),
    ("halfFloor", SignedRoundingMode::HalfFloor),
    (
        "halfTrunc",
        SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfTrunc),
    ),
    (
        "halfEven",
        SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfEven),
    ),
];

/// ECMA-402's sign displays, by name (the default first).
const SIGN_DISPLAYS: [(&str, SignDisplay); 5] = [
    ("auto", SignDisplay::Auto),
    ("never", SignDisplay::Never),
    ("always", SignDisplay::Always),
    ("exceptZero", SignDisplay::ExceptZero),
    ("negative", SignDisplay::Negative),
];

/// The digits a number is shown with.
#[derive(Clone, Copy)]
pub(super) struct Digits {
    /// Fraction digits (least, most).
    pub(super) fraction: (u8, u8),
    /// Significant digits (least, most) when asked for: they win over fraction digits.
    pub(super) significant: Option<(u8, u8)>,
    /// Integer digits at least (zeros before).
    pub(super) minimum_integer: u8,
    /// `roundingMode`'s name (one of [`ROUNDING_MODES`]).
    pub(super) rounding_mode: &'static str,
    /// `trailingZeroDisplay: "stripIfInteger"`: an integer shows no fraction digits.
    pub(super) strip_if_integer: bool,
}

impl Digits {
    /// The digit options of `options`; `fraction_defaults` are the style's fraction digits (least, most).
    pub(super) fn read(
        options: &JsValue,
        fraction_defaults: (u8, u8),
        context: &mut Context,
    ) -> JsResult<Self> {
        let minimum_integer = digit_option(options, "minimumIntegerDigits", 1, 21, context)?;
        let fraction = fraction_digits(options, fraction_defaults, context)?;
        let significant = significant_digits(options, context)?;
        let rounding_mode = choice_option(
            "Intl.NumberFormat",
            options,
            "roundingMode",
            &ROUNDING_MODES.map(|(name, _)| name),
            context,
        )?;
        let trailing_zeros = choice_option(
            "Intl.NumberFormat",
            options,
            "trailingZeroDisplay",
            &["auto", "stripIfInteger"],
            context,
        )?;
        Ok(Self {
            fraction,
            significant,
            minimum_integer: minimum_integer.unwrap_or(1),
            rounding_mode,
            strip_if_integer: trailing_zeros == "stripIfInteger",
        })
    }

    fn mode(&self) -> SignedRoundingMode {
        ROUNDING_MODES
            .iter()
            .find(|(name, _)| *name == self.rounding_mode)
            .map_or(
                SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
                |(_, mode)| *mode,
            )
    }

    /// Rounds `amount` to the most digits shown, with the rounding mode.
    pub(super) fn round(&self, amount: &mut Decimal) {
        let position = match self.significant {
            Some((_, most)) => amount.absolute.nonzero_magnitude_start() - i16::from(most) + 1,
            None => -i16::from(self.fraction.1),
        };
        amount.round_with_mode(position, self.mode());
    }

    /// Pads a rounded `amount` to the least digits shown: fraction or significant digits (none after the
    /// point for an integer with `stripIfInteger`), and integer digits.
    pub(super) fn pad(&self, amount: &mut Decimal) {
        amount.absolute.trim_end();
        let integer = amount.absolute.nonzero_magnitude_end() >= 0;
        if !(self.strip_if_integer && integer) {
            let last_shown = match self.significant {
                Some((least, _)) => {
                    let top = if amount.absolute.is_zero() {
                        0
                    } else {
                        amount.absolute.nonzero_magnitude_start()
                    };
                    (top - i16::from(least) + 1).min(0)
                }
                None => -i16::from(self.fraction.0),
            };
            amount.absolute.pad_end(last_shown);
        }
        amount.absolute.pad_start(i16::from(self.minimum_integer));
    }

    /// `resolvedOptions()`'s digit options, as `(name, value)` pairs in ECMA-402's order.
    pub(super) fn resolved(&self) -> Vec<(&'static str, JsValue)> {
        let mut resolved = vec![("minimumIntegerDigits", self.minimum_integer.into())];
        match self.significant {
            Some((least, most)) => {
                resolved.push(("minimumSignificantDigits", least.into()));
                resolved.push(("maximumSignificantDigits", most.into()));
            }
            None => {
                resolved.push(("minimumFractionDigits", self.fraction.0.into()));
                resolved.push(("maximumFractionDigits", self.fraction.1.into()));
            }
        }
        resolved
    }
}

/// `signDisplay`: which numbers show a sign.
#[derive(Clone, Copy)]
pub(super) struct Signs(&'static str);

impl Signs {
    pub(super) fn read(options: &JsValue, context: &mut Context) -> JsResult<Self> {
        choice_option(
            "Intl.NumberFormat",
            options,
            "signDisplay",
            &SIGN_DISPLAYS.map(|(name, _)| name),
            context,
        )
        .map(Self)
    }

    /// The option's name.
    pub(super) fn name(self) -> &'static str {
        self.0
    }

    /// Gives a rounded `amount` the sign it shows: `Negative` (a minus), `Positive` (a plus) or `None`.
    pub(super) fn apply(self, amount: &mut Decimal) {
        let display = SIGN_DISPLAYS
            .iter()
            .find(|(name, _)| *name == self.0)
            .map_or(SignDisplay::Auto, |(_, display)| *display);
        amount.apply_sign_display(display);
    }

    /// The sign an infinity (`negative` or not) or NaN shows: `Some(true)` a minus, `Some(false)` a plus,
    /// `None` none. NaN is neither negative nor zero: only `always` gives it a plus.
    pub(super) fn of_non_finite(self, negative: bool, nan: bool) -> Option<bool> {
        match (self.0, negative, nan) {
            ("never", ..) => None,
            ("always", _, true) => Some(false),
            (_, _, true) => None,
            (_, true, _) => Some(true),
            ("always" | "exceptZero", false, _) => Some(false),
            _ => None,
        }
    }
}

/// ECMA-402's fraction digits: the options, or the style's defaults (least, most) around them.
fn fraction_digits(
    options: &JsValue,
    (minimum_default, maximum_default): (u8, u8),
    context: &mut Context,
) -> JsResult<(u8, u8)> {
    let minimum = digit_option(
        options,
        "minimumFractionDigits",
        0,
        MAX_FRACTION_DIGITS,
        context,
    )?;
    let maximum = digit_option(
        options,
        "maximumFractionDigits",
        0,
        MAX_FRACTION_DIGITS,
        context,
    )?;
    match (minimum, maximum) {
        (None, None) => Ok((minimum_default, maximum_default)),
        (Some(minimum), None) => Ok((minimum, minimum.max(maximum_default))),
        (None, Some(maximum)) => Ok((minimum_default.min(maximum), maximum)),
        (Some(minimum), Some(maximum)) if minimum <= maximum => Ok((minimum, maximum)),
        _ => Err(JsNativeError::range()
            .with_message("maximumFractionDigits value is out of range.")
            .into()),
    }
}

/// ECMA-402's significant digits: `None` when neither option is given, else the least (default 1) and the
/// most (default 21), each 1–21.
fn significant_digits(options: &JsValue, context: &mut Context) -> JsResult<Option<(u8, u8)>> {
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
fn digit_option(
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
