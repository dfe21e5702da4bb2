//! `Intl.RelativeTimeFormat` (`format`, `resolvedOptions`, `supportedLocalesOf`), on ICU4X's relative-time
//! data: `format(-1, "day")` is "1 day ago", or "yesterday" with `numeric: "auto"`.

#![allow(clippy::needless_pass_by_value)] // boa_class passes converted arguments by value

use boa_engine::{
    Context, Finalize, JsData, JsNativeError, JsObject, JsResult, JsString, JsValue, Trace,
    boa_class,
};
use fixed_decimal::{SignedRoundingMode, UnsignedRoundingMode};
use icu_experimental::relativetime::RelativeTimeFormatter;
use icu_experimental::relativetime::options::{Numeric, RelativeTimeFormatterOptions};
use icu_locale_core::Locale;

use super::{choice_option, decimal_of, resolve_locale};

/// The class, as errors name it.
const CLASS: &str = "Intl.RelativeTimeFormat";

/// Most fraction digits a relative time shows (as Node: `1.23456` days → "in 1.235 days").
const MAX_FRACTION_DIGITS: i16 = 3;

/// A `RelativeTimeFormat` object's data.
#[derive(Trace, Finalize, JsData)]
#[boa_gc(unsafe_no_drop)]
pub(super) struct RelativeTimeFormat {
    tag: String,
    numbering_system: String,
    #[unsafe_ignore_trace]
    locale: Locale,
    style: &'static str,
    numeric: &'static str,
}

#[boa_class(rename = "RelativeTimeFormat")]
#[boa(rename_all = "camelCase")]
impl RelativeTimeFormat {
    /// `new Intl.RelativeTimeFormat(locales?, { style, numeric }?)`.
    #[boa(constructor)]
    #[boa(length = 0)]
    fn new(locales: JsValue, options: JsValue, context: &mut Context) -> JsResult<Self> {
        let (tag, locale, numbering_system) = resolve_locale(&locales, context)?;
        let numeric = choice_option(CLASS, &options, "numeric", &["always", "auto"], context)?;
        let style = choice_option(
            CLASS,
            &options,
            "style",
            &["long", "short", "narrow"],
            context,
        )?;
        Ok(Self {
            tag,
            numbering_system,
            locale,
            style,
            numeric,
        })
    }

    /// `format(value, unit)`: `unit` singular or plural, as ECMA-402 allows.
    fn format(&self, value: JsValue, unit: JsValue, context: &mut Context) -> JsResult<JsString> {
        let unit_text = unit.to_string(context)?.to_std_string_escaped();
        let Some(mut amount) = decimal_of(&value, context)? else {
            return Err(JsNativeError::range()
                .with_message(
                    "Value need to be finite number for Intl.RelativeTimeFormat.prototype.format()",
                )
                .into());
        };
        amount.round_with_mode(
            -MAX_FRACTION_DIGITS,
            SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
        );
        amount.absolute.trim_end();
        let formatter = self.formatter(&unit_text).map_err(|message| {
            boa_engine::JsError::from(JsNativeError::range().with_message(message))
        })?;
        Ok(JsString::from(formatter.format(amount).to_string()))
    }

    #[boa(rename = "resolvedOptions")]
    fn resolved_options(&self, context: &mut Context) -> JsResult<JsObject> {
        let fields = [
            ("locale", self.tag.as_str()),
            ("style", self.style),
            ("numeric", self.numeric),
            ("numberingSystem", self.numbering_system.as_str()),
        ];
        super::string_fields(&fields, context)
    }

    /// `Intl.RelativeTimeFormat.supportedLocalesOf(locales)`: the locales boa's `Intl` supports.
    #[boa(static)]
    #[boa(rename = "supportedLocalesOf")]
    fn supported_locales_of(locales: JsValue, context: &mut Context) -> JsResult<JsValue> {
        super::supported_locales_of(locales, context)
    }
}

impl RelativeTimeFormat {
    /// ICU4X's formatter of `unit` in this object's style.
    fn formatter(&self, unit: &str) -> Result<RelativeTimeFormatter, String> {
        type New = fn(
            icu_experimental::relativetime::RelativeTimeFormatterPreferences,
            RelativeTimeFormatterOptions,
        ) -> Result<RelativeTimeFormatter, icu_provider::DataError>;
        let constructors: [(&str, [New; 3]); 8] = [
            (
                "second",
                [
                    RelativeTimeFormatter::try_new_long_second,
                    RelativeTimeFormatter::try_new_short_second,
                    RelativeTimeFormatter::try_new_narrow_second,
                ],
            ),
            (
                "minute",
                [
                    RelativeTimeFormatter::try_new_long_minute,
                    RelativeTimeFormatter::try_new_short_minute,
                    RelativeTimeFormatter::try_new_narrow_minute,
                ],
            ),
            (
                "hour",
                [
                    RelativeTimeFormatter::try_new_long_hour,
                    RelativeTimeFormatter::try_new_short_hour,
                    RelativeTimeFormatter::try_new_narrow_hour,
                ],
            ),
            (
                "day",
                [
                    RelativeTimeFormatter::try_new_long_day,
                    RelativeTimeFormatter::try_new_short_day,
                    RelativeTimeFormatter::try_new_narrow_day,
                ],
            ),
            (
                "week",
                [
                    RelativeTimeFormatter::try_new_long_week,
                    RelativeTimeFormatter::try_new_short_week,
                    RelativeTimeFormatter::try_new_narrow_week,
                ],
            ),
            (
                "month",
                [
                    RelativeTimeFormatter::try_new_long_month,
                    RelativeTimeFormatter::try_new_short_month,
                    RelativeTimeFormatter::try_new_narrow_month,
                ],
            ),
            (
                "quarter",
                [
                    RelativeTimeFormatter::try_new_long_quarter,
                    RelativeTimeFormatter::try_new_short_quarter,
                    RelativeTimeFormatter::try_new_narrow_quarter,
                ],
            ),
            (
                "year",
                [
                    RelativeTimeFormatter::try_new_long_year,
                    RelativeTimeFormatter::try_new_short_year,
                    RelativeTimeFormatter::try_new_narrow_year,
                ],
            ),
        ];
        let singular = unit.strip_suffix('s').unwrap_or(unit);
        let Some((_, by_style)) = constructors.iter().find(|(name, _)| *name == singular) else {
            return Err(format!(
                "Invalid unit argument for Intl.RelativeTimeFormat.prototype.format() '{unit}'"
            ));
        };
        let new = match self.style {
            "short" => by_style[1],
            "narrow" => by_style[2],
            _ => by_style[0],
        };
        let mut options = RelativeTimeFormatterOptions::default();
        if self.numeric == "auto" {
            options.numeric = Numeric::Auto;
        }
        new((&self.locale).into(), options).map_err(|e| format!("Intl.RelativeTimeFormat: {e}"))
    }
}

/// Defines `Intl.RelativeTimeFormat`.
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    super::register_class::<RelativeTimeFormat>("RelativeTimeFormat", context)
}
