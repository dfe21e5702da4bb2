//! `Intl.DateTimeFormat` (`format`, `formatToParts`, `resolvedOptions`) and dates' `toLocaleString`,
//! `toLocaleDateString` and `toLocaleTimeString`, on ICU4X's date formatter with boa's ICU data.
//!
//! boa 0.22's own printed what notebooks show most often differently from every browser and Node: numeric
//! dates with a two-digit year (`new Date(0).toLocaleDateString()` → `1/1/70`, Node `1/1/1970`), `'2-digit'`
//! fields unpadded, `hour12: false` ignored, `timeZoneName` as `GMT+?`, and no `formatToParts`. The options
//! are read here as ECMA-402 reads them (defaults included) and mapped onto ICU4X's field sets: a numeric
//! year is a full year, a `'2-digit'` field aligns the numbers in columns, `hour12`/`hourCycle` choose the
//! clock, and the zone's offset at the instant comes from the compiled time-zone database boa's `Temporal`
//! uses. Instances keep `Intl.DateTimeFormat.prototype` (boa's), so `instanceof` and subclasses hold.
//!
//! Not here yet: `formatRange` (ICU4X's range formatter is unstable and has no data in boa's build).

use std::fmt;
use std::ops::Range;

use boa_engine::object::builtins::{JsArray, JsDate};
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::{Attribute, PropertyDescriptor};
use boa_engine::{
    Context, Finalize, JsArgs, JsData, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, Trace, js_string,
};
use boa_gc::GcRefCell;
use icu_datetime::fieldsets::builder::{DateFields, FieldSetBuilder, ZoneStyle};
use icu_datetime::fieldsets::enums::CompositeFieldSet;
use icu_datetime::options::{Alignment, Length, SubsecondDigits, TimePrecision, YearStyle};
use icu_datetime::{DateTimeFormatter, DateTimeFormatterPreferences};
use icu_locale_core::extensions::unicode::Value;
use icu_locale_core::preferences::extensions::unicode::keywords::{
    CalendarAlgorithm, HourCycle, NumberingSystem,
};
use icu_time::zone::UtcOffset;
use icu_time::{DateTime, Time, TimeZone, ZonedDateTime};
use timezone_provider::experimental_tzif::ZeroCompiledTzdbProvider;
use timezone_provider::provider::{TimeZoneId, TimeZoneProvider};
use writeable::{Part, PartsWrite, Writeable};

use super::super::lazy::define_hidden_on;
use super::time_zone::{HostZone, iana_zone};
use super::{one_of, resolve_locale, string_option};

/// The class, as errors name it.
const CLASS: &str = "Intl.DateTimeFormat";

/// Which fields must be shown for the caller to need none by default (ECMA-402's `required`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Required {
    Date,
    Time,
    Any,
}

/// Which fields are shown when the options name none of the required ones (ECMA-402's `defaults`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Defaults {
    Date,
    Time,
    All,
}

/// The fields and styles asked for, spelled as ECMA-402 spells them, defaults applied.
#[derive(Default, Clone, Copy)]
struct Components {
    weekday: Option<&'static str>,
    era: Option<&'static str>,
    year: Option<&'static str>,
    month: Option<&'static str>,
    day: Option<&'static str>,
    day_period: Option<&'static str>,
    hour: Option<&'static str>,
    minute: Option<&'static str>,
    second: Option<&'static str>,
    fractional_second_digits: Option<u8>,
    time_zone_name: Option<&'static str>,
    date_style: Option<&'static str>,
    time_style: Option<&'static str>,
}

const TEXT_OR_NUMBER: [&str; 5] = ["numeric", "2-digit", "long", "short", "narrow"];
const NUMBER: [&str; 2] = ["numeric", "2-digit"];
const TEXT: [&str; 3] = ["long", "short", "narrow"];
const STYLES: [&str; 4] = ["full", "long", "medium", "short"];

impl Components {
    /// Reads the options in ECMA-402's order and applies the defaults.
    fn read(
        options: &JsValue,
        required: Required,
        defaults: Defaults,
        context: &mut Context,
    ) -> JsResult<Self> {
        let mut choice = |name: &str, allowed: &[&'static str]| -> JsResult<Option<&'static str>> {
            string_option(options, name, context)?
                .map(|value| one_of(CLASS, name, value, allowed))
                .transpose()
        };
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
        let mut choice = |name: &str, allowed: &[&'static str]| -> JsResult<Option<&'static str>> {
            string_option(options, name, context)?
                .map(|value| one_of(CLASS, name, value, allowed))
                .transpose()
        };
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
    fn field_set(&self) -> Result<CompositeFieldSet, String> {
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

/// The zone a format shows instants in.
#[derive(Clone, Copy)]
enum Zone {
    /// A fixed offset (`"+05:30"`), in seconds.
    Offset(i32),
    /// A named zone: ICU4X's id (for its names) and the time-zone database's (for its offsets).
    Named { zone: TimeZone, id: TimeZoneId },
}

/// An `Intl.DateTimeFormat`'s data.
#[derive(Trace, Finalize, JsData)]
#[boa_gc(unsafe_no_drop)]
pub(super) struct DateTimeFormat {
    tag: String,
    calendar: String,
    numbering_system: String,
    /// The zone as `resolvedOptions` names it.
    zone_name: String,
    #[unsafe_ignore_trace]
    zone: Zone,
    #[unsafe_ignore_trace]
    components: Components,
    /// `hourCycle` as resolved (when the format shows hours).
    hour_cycle: Option<&'static str>,
    #[unsafe_ignore_trace]
    formatter: DateTimeFormatter<CompositeFieldSet>,
    /// The function `format` gives, made once (ECMA-402's `[[BoundFormat]]`).
    bound_format: GcRefCell<Option<JsObject>>,
}

impl DateTimeFormat {
    /// ECMA-402's `CreateDateTimeFormat(locales, options, required, defaults)`.
    fn create(
        locales: &JsValue,
        options: &JsValue,
        required: Required,
        defaults: Defaults,
        context: &mut Context,
    ) -> JsResult<Self> {
        if !options.is_undefined() && !options.is_object() {
            // ECMA-402 coerces with ToObject: a primitive's own properties are none of the options.
            options.to_object(context)?;
        }
        let (tag, locale, locale_numbering) = resolve_locale(locales, context)?;
        string_option(options, "localeMatcher", context)?
            .map(|value| one_of(CLASS, "localeMatcher", value, &["best fit", "lookup"]))
            .transpose()?;
        let calendar = string_option(options, "calendar", context)?;
        let numbering = string_option(options, "numberingSystem", context)?;
        let hour12 = options
            .as_object()
            .map(|o| o.get(js_string!("hour12"), context))
            .transpose()?
            .filter(|v| !v.is_undefined())
            .map(|v| v.to_boolean());
        let hour_cycle = string_option(options, "hourCycle", context)?
            .map(|value| one_of(CLASS, "hourCycle", value, &["h11", "h12", "h23", "h24"]))
            .transpose()?;
        let zone_option = string_option(options, "timeZone", context)?;
        let components = Components::read(options, required, defaults, context)?;

        let mut prefs = DateTimeFormatterPreferences::from(&locale);
        let calendar = calendar.unwrap_or_else(|| "gregory".to_owned());
        prefs.calendar_algorithm = Some(
            Value::try_from_str(&calendar)
                .ok()
                .and_then(|value| CalendarAlgorithm::try_from(&value).ok())
                .ok_or_else(|| {
                    JsNativeError::range().with_message(format!("Invalid calendar : {calendar}"))
                })?,
        );
        let numbering_system = numbering.unwrap_or(locale_numbering);
        prefs.numbering_system = Some(
            Value::try_from_str(&numbering_system)
                .ok()
                .and_then(|value| NumberingSystem::try_from(value).ok())
                .ok_or_else(|| {
                    JsNativeError::range()
                        .with_message(format!("Invalid numberingSystem : {numbering_system}"))
                })?,
        );
        prefs.hour_cycle = match (hour12, hour_cycle) {
            (Some(true), _) => Some(HourCycle::H12),
            (Some(false), _) => Some(HourCycle::H23),
            (None, Some("h11")) => Some(HourCycle::H11),
            (None, Some("h12")) => Some(HourCycle::H12),
            (None, Some(_)) => Some(HourCycle::H23),
            (None, None) => None,
        };
        let (zone_name, zone) = resolve_zone(zone_option, context)?;
        let field_set = components
            .field_set()
            .map_err(|e| JsNativeError::range().with_message(format!("{CLASS}: {e}")))?;
        let formatter = DateTimeFormatter::try_new_with_buffer_provider(
            &boa_icu_provider::buffer(),
            prefs,
            field_set,
        )
        .map_err(|e| JsNativeError::range().with_message(format!("{CLASS}: no data: {e}")))?;
        let mut format = Self {
            tag,
            calendar,
            numbering_system,
            zone_name,
            zone,
            components,
            hour_cycle: None,
            formatter,
            bound_format: GcRefCell::new(None),
        };
        if components.hour.is_some() {
            format.hour_cycle = Some(match (hour12, hour_cycle, prefs.hour_cycle) {
                (None, Some(asked), _) => asked,
                (_, _, Some(HourCycle::H11)) => "h11",
                (_, _, Some(HourCycle::H12)) => "h12",
                (_, _, Some(_)) => "h23",
                // The locale's own: 13:00 shows as "13" on a 24-hour clock.
                (_, _, None) => {
                    let afternoon = format.text(13.0 * 3_600_000.0)?;
                    if afternoon.contains("13") {
                        "h23"
                    } else {
                        "h12"
                    }
                }
            });
        }
        Ok(format)
    }

    /// The instant `time` (milliseconds since the epoch) as ICU4X formats it, in this format's zone.
    fn formatted<T>(
        &self,
        time: f64,
        f: impl FnOnce(icu_datetime::FormattedDateTime<'_>) -> T,
    ) -> JsResult<T> {
        if !time.is_finite() || time.abs() > 8.64e15 {
            return Err(JsNativeError::range()
                .with_message("Invalid time value")
                .into());
        }
        let time = time.trunc();
        let (offset, zone) = match self.zone {
            Zone::Offset(seconds) => (seconds, TimeZone::UNKNOWN),
            Zone::Named { zone, id } => {
                let offset = ZeroCompiledTzdbProvider::default()
                    .transition_nanoseconds_for_utc_epoch_nanoseconds(id, time as i128 * 1_000_000)
                    .map_err(|e| {
                        JsNativeError::range().with_message(format!("{CLASS}: the zone: {e:?}"))
                    })?;
                (offset.0 as i32, zone)
            }
        };
        let date_time = civil(time + f64::from(offset) * 1_000.0)
            .ok_or_else(|| JsNativeError::range().with_message("Invalid time value"))?;
        let utc_offset = UtcOffset::try_from_seconds(offset)
            .map_err(|_| JsNativeError::range().with_message("Invalid time zone offset"))?;
        let zoned = ZonedDateTime {
            date: date_time.date,
            time: date_time.time,
            zone: zone.with_offset(Some(utc_offset)).at_date_time(date_time),
        };
        Ok(f(self.formatter.format(&zoned)))
    }

    /// ECMA-402's `FormatDateTime`.
    fn text(&self, time: f64) -> JsResult<String> {
        self.formatted(time, |formatted| formatted.to_string())
    }

    /// ECMA-402's `FormatDateTimeToParts`: `{ type, value }` objects, `literal` between the fields.
    fn parts(&self, time: f64, context: &mut Context) -> JsResult<JsArray> {
        let (text, mut parts) = self.formatted(time, |formatted| {
            let mut sink = PartsSink::default();
            // Writing to a String cannot fail.
            let _ = formatted.write_to_parts(&mut sink);
            (sink.text, sink.parts)
        })?;
        parts.retain(|(_, part)| part.category == icu_datetime::parts::YEAR.category);
        parts.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
        let array = JsArray::new(context)?;
        let push = |kind: &str, value: &str, context: &mut Context| -> JsResult<()> {
            let part = ObjectInitializer::new(context)
                .property(js_string!("type"), JsString::from(kind), Attribute::all())
                .property(js_string!("value"), JsString::from(value), Attribute::all())
                .build();
            array.push(part, context).map(|_| ())
        };
        let mut at = 0;
        for (range, part) in parts {
            if range.start < at {
                continue; // a part inside one already given
            }
            if range.start > at {
                push("literal", &text[at..range.start], context)?;
            }
            push(part.value, &text[range.clone()], context)?;
            at = range.end;
        }
        if at < text.len() {
            push("literal", &text[at..], context)?;
        }
        Ok(array)
    }

    /// ECMA-402's `resolvedOptions()`, in Node's order.
    fn resolved_options(&self, context: &mut Context) -> JsResult<JsObject> {
        let options = JsObject::with_object_proto(context.intrinsics());
        let c = self.components;
        let shown_with_hour = |style: Option<&'static str>| {
            // Minutes and seconds beside hours are always two digits (as Node reports them).
            style.map(|style| if c.hour.is_some() { "2-digit" } else { style })
        };
        let fields: [(&str, Option<&str>); 16] = [
            ("locale", Some(&self.tag)),
            ("calendar", Some(&self.calendar)),
            ("numberingSystem", Some(&self.numbering_system)),
            ("timeZone", Some(&self.zone_name)),
            ("hourCycle", self.hour_cycle),
            ("weekday", c.weekday),
            ("era", c.era),
            ("year", c.year),
            ("month", c.month),
            ("day", c.day),
            ("dayPeriod", c.day_period),
            ("hour", c.hour),
            ("minute", shown_with_hour(c.minute)),
            ("second", shown_with_hour(c.second)),
            ("timeZoneName", c.time_zone_name),
            ("dateStyle", c.date_style),
        ];
        for (name, value) in fields {
            let Some(value) = value else { continue };
            options.set(JsString::from(name), JsString::from(value), true, context)?;
            if name == "hourCycle" {
                let twelve = matches!(value, "h11" | "h12");
                options.set(js_string!("hour12"), twelve, true, context)?;
            }
            if name == "second"
                && let Some(digits) = c.fractional_second_digits
            {
                options.set(
                    js_string!("fractionalSecondDigits"),
                    i32::from(digits),
                    true,
                    context,
                )?;
            }
        }
        if let Some(style) = c.time_style {
            options.set(
                js_string!("timeStyle"),
                JsString::from(style),
                true,
                context,
            )?;
        }
        Ok(options)
    }
}

/// The zone named by the `timeZone` option, else the host's (UTC in deterministic sessions), as
/// `resolvedOptions` names it and as formatting needs it. A zone nobody knows is a `RangeError`; a host zone
/// the database does not know is UTC.
fn resolve_zone(asked: Option<String>, context: &mut Context) -> JsResult<(String, Zone)> {
    let name = match asked {
        Some(name) => name,
        None => {
            let host = context.get_data::<HostZone>().and_then(|h| h.0.clone());
            match host.and_then(|host| named_zone(&host)) {
                Some(found) => return Ok(found),
                None => "UTC".to_owned(),
            }
        }
    };
    if let Some(seconds) = offset_seconds(&name) {
        let sign = if seconds < 0 { '-' } else { '+' };
        let minutes = seconds.abs() / 60;
        let shown = format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60);
        return Ok((shown, Zone::Offset(seconds)));
    }
    named_zone(&name).ok_or_else(|| {
        JsNativeError::range()
            .with_message(format!("Invalid time zone specified: {name}"))
            .into()
    })
}

/// A named zone's IANA name and ids, if the databases know it.
fn named_zone(name: &str) -> Option<(String, Zone)> {
    let id = ZeroCompiledTzdbProvider::default()
        .get(name.as_bytes())
        .ok()?;
    let (zone, shown) = iana_zone(name)?;
    Some((shown, Zone::Named { zone, id }))
}

/// `"+05:30"`, `"-08"`, `"+0530"` as seconds east of UTC.
fn offset_seconds(text: &str) -> Option<i32> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' | b'\xe2' if text.starts_with('-') => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits.get(2..).map_or(Some(0), |m| m.parse().ok())?;
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 3_600 + minutes * 60))
}

/// The ISO date and time of local milliseconds since the epoch.
fn civil(local: f64) -> Option<DateTime<icu_calendar::Iso>> {
    let ms = local as i64;
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    // Howard Hinnant's days_from_civil, inverted.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let date = icu_calendar::Date::try_new_iso(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()?;
    let seconds = in_day / 1_000;
    let time = Time::try_new(
        u8::try_from(seconds / 3_600).ok()?,
        u8::try_from(seconds / 60 % 60).ok()?,
        u8::try_from(seconds % 60).ok()?,
        u32::try_from(in_day % 1_000 * 1_000_000).ok()?,
    )
    .ok()?;
    Some(DateTime { date, time })
}

/// The text and parts ICU4X writes.
#[derive(Default)]
struct PartsSink {
    text: String,
    parts: Vec<(Range<usize>, Part)>,
}

impl fmt::Write for PartsSink {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

impl PartsWrite for PartsSink {
    type SubPartsWrite = Self;

    fn with_part(
        &mut self,
        part: Part,
        mut f: impl FnMut(&mut Self::SubPartsWrite) -> fmt::Result,
    ) -> fmt::Result {
        let start = self.text.len();
        f(self)?;
        self.parts.push((start..self.text.len(), part));
        Ok(())
    }
}

/// The time value of `date` for `format`: `undefined` is now, anything else `ToNumber`.
fn time_of(date: &JsValue, context: &mut Context) -> JsResult<f64> {
    if date.is_undefined() {
        let now = JsDate::new(context);
        return now.get_time(context)?.to_number(context);
    }
    date.to_number(context)
}

/// `this` as a `DateTimeFormat`'s object.
fn this_format(this: &JsValue, method: &str) -> JsResult<JsObject> {
    this.as_object()
        .filter(|object| object.downcast_ref::<DateTimeFormat>().is_some())
        .ok_or_else(|| {
            JsNativeError::typ()
                .with_message(format!(
                    "Method Intl.DateTimeFormat.prototype.{method} called on incompatible receiver"
                ))
                .into()
        })
}

/// Puts vmjs's `Intl.DateTimeFormat` in place of boa's (keeping its prototype) and dates' `toLocale*String`.
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    let standard = context
        .intrinsics()
        .constructors()
        .date_time_format()
        .clone();
    let prototype = standard.prototype();
    let constructor = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |new_target, args, prototype: &JsObject, context| {
                let format = DateTimeFormat::create(
                    args.get_or_undefined(0),
                    args.get_or_undefined(1),
                    Required::Any,
                    Defaults::Date,
                    context,
                )?;
                let prototype = match new_target.as_object() {
                    Some(target) => target
                        .get(js_string!("prototype"), context)?
                        .as_object()
                        .unwrap_or_else(|| prototype.clone()),
                    None => prototype.clone(),
                };
                Ok(JsObject::from_proto_and_data(prototype, format).into())
            },
            prototype.clone(),
        ),
    )
    .name(js_string!("DateTimeFormat"))
    .length(0)
    .constructor(true)
    .build();
    let constructor: JsObject = constructor.into();
    super::replace_constructor("DateTimeFormat", &constructor, &standard, context)?;

    let format_getter = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_fn_ptr(|this, _, context| {
            let object = this_format(this, "format")?;
            let format = object
                .downcast_ref::<DateTimeFormat>()
                .ok_or_else(|| JsNativeError::typ().with_message("not a DateTimeFormat"))?;
            if let Some(bound) = format.bound_format.borrow().clone() {
                return Ok(bound.into());
            }
            drop(format);
            let bound: JsObject = FunctionObjectBuilder::new(
                context.realm(),
                NativeFunction::from_copy_closure_with_captures(
                    |_, args, object: &JsObject, context| {
                        let time = time_of(args.get_or_undefined(0), context)?;
                        let format = object.downcast_ref::<DateTimeFormat>().ok_or_else(|| {
                            JsNativeError::typ().with_message("not a DateTimeFormat")
                        })?;
                        Ok(JsString::from(format.text(time)?).into())
                    },
                    object.clone(),
                ),
            )
            .length(1)
            .build()
            .into();
            if let Some(format) = object.downcast_ref::<DateTimeFormat>() {
                *format.bound_format.borrow_mut() = Some(bound.clone());
            }
            Ok(bound.into())
        }),
    )
    .name(js_string!("get format"))
    .build();
    prototype.define_property_or_throw(
        js_string!("format"),
        PropertyDescriptor::builder()
            .get(format_getter)
            .enumerable(false)
            .configurable(true),
        context,
    )?;
    let method = |name: &'static str,
                  f: fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>,
                  length,
                  context: &mut Context|
     -> JsResult<()> {
        let function = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(f))
            .name(JsString::from(name))
            .length(length)
            .build();
        define_hidden_on(&prototype, JsString::from(name), function, context)
    };
    method(
        "formatToParts",
        |this, args, context| {
            let object = this_format(this, "formatToParts")?;
            let time = time_of(args.get_or_undefined(0), context)?;
            let format = object
                .downcast_ref::<DateTimeFormat>()
                .ok_or_else(|| JsNativeError::typ().with_message("not a DateTimeFormat"))?;
            Ok(format.parts(time, context)?.into())
        },
        1,
        context,
    )?;
    method(
        "resolvedOptions",
        |this, _, context| {
            let object = this_format(this, "resolvedOptions")?;
            let format = object
                .downcast_ref::<DateTimeFormat>()
                .ok_or_else(|| JsNativeError::typ().with_message("not a DateTimeFormat"))?;
            Ok(format.resolved_options(context)?.into())
        },
        0,
        context,
    )?;

    let date_prototype = context.intrinsics().constructors().date().prototype();
    let date_methods: [(&str, Required, Defaults); 3] = [
        ("toLocaleString", Required::Any, Defaults::All),
        ("toLocaleDateString", Required::Date, Defaults::Date),
        ("toLocaleTimeString", Required::Time, Defaults::Time),
    ];
    for (name, required, defaults) in date_methods {
        let function = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure(move |this, args, context| {
                let date = this
                    .as_object()
                    .and_then(|object| JsDate::from_object(object.clone()).ok())
                    .ok_or_else(|| {
                        JsNativeError::typ().with_message("this is not a Date object.")
                    })?;
                let time = date.get_time(context)?.to_number(context)?;
                if time.is_nan() {
                    return Ok(js_string!("Invalid Date").into());
                }
                let format = DateTimeFormat::create(
                    args.get_or_undefined(0),
                    args.get_or_undefined(1),
                    required,
                    defaults,
                    context,
                )?;
                Ok(JsString::from(format.text(time)?).into())
            }),
        )
        .name(JsString::from(name))
        .length(0)
        .build();
        define_hidden_on(&date_prototype, JsString::from(name), function, context)?;
    }
    Ok(())
}
