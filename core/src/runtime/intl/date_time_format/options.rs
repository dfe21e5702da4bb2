//! The options of a date format: read as ECMA-402 reads them, defaults applied, and mapped onto ICU4X's
//! field sets.

use boa_engine::{Context, JsNativeError, JsResult, JsValue};
use icu_datetime::fieldsets::builder::{DateFields, FieldSetBuilder, ZoneStyle};
use icu_datetime::fieldsets::enums::CompositeFieldSet;
use icu_datetime::options::{Alignment, Length, SubsecondDigits, TimePrecision, YearStyle};

use super::super::{one_of, string_option};
use super::CLASS;

/// Which fields must be shown for the caller to need none by default (ECMA-402's `required`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Required {
    Date,
    Time,
    Any,
}

/// Which fields are shown when the options name none of the required ones (ECMA-402's `defaults`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Defaults {
    Date,
    Time,
    All,
}

/// The fields and styles asked for, spelled as ECMA-402 spells them, defaults applied.
#[derive(Default, Clone, Copy)]
pub(super) struct Components {
    pub(super) weekday: Option<&'static str>,
    pub(super) era: Option<&'static str>,
    pub(super) year: Option<&'static str>,
    pub(super) month: Option<&'static str>,
    pub(super) day: Option<&'static str>,
    pub(super) day_period: Option<&'static str>,
    pub(super) hour: Option<&'static str>,
    pub(super) minute: Option<&'static str>,
    pub(super) second: Option<&'static str>,
    pub(super) fractional_second_digits: Option<u8>,
    pub(super) time_zone_name: Option<&'static str>,
    pub(super) date_style: Option<&'static str>,
    pub(super) time_style: Option<&'static str>,
}

const TEXT_OR_NUMBER: [&str; 5] = ["numeric", "2-digit", "long", "short", "narrow"];
const NUMBER: [&str; 2] = ["numeric", "2-digit"];
const TEXT: [&str; 3] = ["long", "short", "narrow"];
const STYLES: [&str; 4] = ["full", "long", "medium", "short"];

impl Components {
    /// Reads the options in ECMA-402's order and applies the defaults.
    pub(super) fn read(
        options: &JsValue,
        required: Required,
        defaults: Defaults,
        context: &mut Context,
    ) -> JsResult<Self> {
        let mut choice =
            |name: &str, allowed: &[&'static str]| optional_choice(options, name, allowed, context);
        let mut c = Self {
            weekday: choice("weekday", &TEXT)?,
            era: choice("era", &TEXT)?,
            year: choice("year", &NUMBER)?,
            month: choice("month", &TEXT_OR_NUMBER)?,
            day: choice("day", &NUMBER)?,
            day_period: choice("dayPeriod", &TEXT)?,
            hour: choice("hour", &NUMBER)?,
            minute: choice("minute", &NUMBER)?,
            second: choice("second", &NUMBER)?,
            ..Self::default()
        };
        c.fractional_second_digits =
            match string_option(options, "fractionalSecondDigits", context)? {
                None => None,
                Some(text) => match text.parse::<f64>() {
                    Ok(digits) if (1.0..=3.0).contains(&digits) => Some(digits.floor() as u8),
                    _ => {
                        return Err(JsNativeError::range()
                            .with_message(format!(
                                "fractionalSecondDigits value is out of range: {text}"
                            ))
                            .into());
                    }
                },
            };
        let mut choice =
            |name: &str, allowed: &[&'static str]| optional_choice(options, name, allowed, context);
        c.time_zone_name = choice(
            "timeZoneName",
            &[
                "short",
                "long",
                "shortOffset",
                "longOffset",
                "shortGeneric",
                "longGeneric",
            ],
        )?;
        choice("formatMatcher", &["best fit", "basic"])?;
        c.date_style = choice("dateStyle", &STYLES)?;
        c.time_style = choice("timeStyle", &STYLES)?;
        if c.date_style.is_some() || c.time_style.is_some() {
            if let Some(name) = c.explicit_field() {
                return Err(JsNativeError::typ()
                    .with_message(format!(
                        "Can't set option {name} when dateStyle or timeStyle is used"
                    ))
                    .into());
            }
            if (required == Required::Date && c.time_style.is_some())
                || (required == Required::Time && c.date_style.is_some())
            {
                return Err(JsNativeError::typ()
                    .with_message("Invalid option: dateStyle or timeStyle does not fit this method")
                    .into());
            }
            return Ok(c);
        }
        let has_date =
            c.weekday.is_some() || c.year.is_some() || c.month.is_some() || c.day.is_some();
        let has_time = c.day_period.is_some()
            || c.hour.is_some()
            || c.minute.is_some()
            || c.second.is_some()
            || c.fractional_second_digits.is_some();
        let need_defaults =
            !((required != Required::Time && has_date) || (required != Required::Date && has_time));
        if need_defaults && matches!(defaults, Defaults::Date | Defaults::All) {
            (c.year, c.month, c.day) = (Some("numeric"), Some("numeric"), Some("numeric"));
        }
        if need_defaults && matches!(defaults, Defaults::Time | Defaults::All) {
            (c.hour, c.minute, c.second) = (Some("numeric"), Some("numeric"), Some("numeric"));
        }
        Ok(c)
    }

    /// The first field option set, which `dateStyle`/`timeStyle` exclude.
    fn explicit_field(&self) -> Option<&'static str> {
        [
            ("weekday", self.weekday.is_some()),
            ("era", self.era.is_some()),
            ("year", self.year.is_some()),
            ("month", self.month.is_some()),
            ("day", self.day.is_some()),
            ("dayPeriod", self.day_period.is_some()),
            ("hour", self.hour.is_some()),
            ("minute", self.minute.is_some()),
            ("second", self.second.is_some()),
            (
                "fractionalSecondDigits",
                self.fractional_second_digits.is_some(),
            ),
            ("timeZoneName", self.time_zone_name.is_some()),
        ]
        .into_iter()
        .find_map(|(name, set)| set.then_some(name))
    }

    /// ICU4X's field set for these components.
    pub(super) fn field_set(&self) -> Result<CompositeFieldSet, String> {
        let mut builder = FieldSetBuilder::default();
        if self.date_style.is_some() || self.time_style.is_some() {
            let length = |style: &str| match style {
                "full" | "long" => Length::Long,
                "medium" => Length::Medium,
                _ => Length::Short,
            };
            builder.length = self.date_style.or(self.time_style).map(length);
            builder.date_fields = self.date_style.map(|style| {
                if style == "full" {
                    DateFields::YMDE
                } else {
                    DateFields::YMD
                }
            });
            builder.time_precision = self.time_style.map(|style| {
                if style == "short" {
                    TimePrecision::Minute
                } else {
                    TimePrecision::Second
                }
            });
            builder.zone_style = match self.time_style {
                Some("full") => Some(ZoneStyle::SpecificLong),
                Some("long") => Some(ZoneStyle::SpecificShort),
                _ => None,
            };
        } else {
            let text_length = |style: &str| match style {
                "long" => Some(Length::Long),
                "short" => Some(Length::Medium),
                "narrow" => Some(Length::Short),
                _ => None,
            };
            builder.length = [self.month, self.weekday, self.era]
                .into_iter()
                .flatten()
                .find_map(text_length)
                .or(Some(Length::Short));
            builder.date_fields = match (self.year, self.month, self.day, self.weekday) {
                (Some(_), _, _, Some(_)) => Some(DateFields::YMDE),
                (Some(_), _, Some(_), None) => Some(DateFields::YMD),
                (Some(_), Some(_), None, None) => Some(DateFields::YM),
                (Some(_), None, None, None) => Some(DateFields::Y),
                (None, Some(_), _, Some(_)) => Some(DateFields::MDE),
                (None, Some(_), Some(_), None) => Some(DateFields::MD),
                (None, Some(_), None, None) => Some(DateFields::M),
                (None, None, Some(_), Some(_)) => Some(DateFields::DE),
                (None, None, Some(_), None) => Some(DateFields::D),
                (None, None, None, Some(_)) => Some(DateFields::E),
                (None, None, None, None) => None,
            };
            builder.time_precision = match (
                self.hour,
                self.minute,
                self.second,
                self.fractional_second_digits,
            ) {
                (_, _, _, Some(digits)) => Some(TimePrecision::Subsecond(match digits {
                    1 => SubsecondDigits::S1,
                    2 => SubsecondDigits::S2,
                    _ => SubsecondDigits::S3,
                })),
                (_, _, Some(_), None) => Some(TimePrecision::Second),
                (_, Some(_), None, None) => Some(TimePrecision::Minute),
                (Some(_), None, None, None) => Some(TimePrecision::Hour),
                (None, None, None, None) => None,
            };
            if self.year.is_some() {
                builder.year_style = Some(match (self.era, self.year) {
                    (Some(_), _) => YearStyle::WithEra,
                    (None, Some("2-digit")) => YearStyle::Auto,
                    _ => YearStyle::Full,
                });
            }
            let two_digits = [self.month, self.day, self.hour]
                .into_iter()
                .flatten()
                .any(|style| style == "2-digit");
            if two_digits && (builder.date_fields.is_some() || builder.time_precision.is_some()) {
                builder.alignment = Some(Alignment::Column);
            }
            builder.zone_style = self.time_zone_name.map(|name| match name {
                "long" => ZoneStyle::SpecificLong,
                "shortOffset" => ZoneStyle::LocalizedOffsetShort,
                "longOffset" => ZoneStyle::LocalizedOffsetLong,
                "shortGeneric" => ZoneStyle::GenericShort,
                "longGeneric" => ZoneStyle::GenericLong,
                _ => ZoneStyle::SpecificShort,
            });
        }
        builder.build_composite().map_err(|e| e.to_string())
    }
}

/// `options[name]`, if present, as one of `allowed` (a `RangeError` naming it otherwise).
pub(super) fn optional_choice(
    options: &JsValue,
    name: &str,
    allowed: &[&'static str],
    context: &mut Context,
) -> JsResult<Option<&'static str>> {
    string_option(options, name, context)?
        .map(|value| one_of(CLASS, name, value, allowed))
        .transpose()
}
