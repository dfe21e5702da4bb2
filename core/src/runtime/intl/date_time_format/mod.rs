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
//! Patterns are chosen as Node chooses them (`choose.rs`: V8's skeleton and hour-cycle rules over ICU's
//! pattern generator, `pattern_generator.rs`, on CLDR's data, `cldr.rs`) and printed by ICU4X's pattern
//! formatter with boa's ICU data. ICU4X's semantic field sets remain for what that data does not cover:
//! calendars other than the Gregorian and the rare pattern ICU4X cannot print (a lone fraction of seconds).
//!
//! Not here yet: `formatRange` (ICU4X's range formatter is unstable and has no data in boa's build).

mod choose;
mod cldr;
mod formatter;
mod keywords;
mod options;
mod parts;
mod pattern_generator;
mod skeleton;
mod zone;

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::{JsArray, JsDate};
use boa_engine::property::PropertyDescriptor;
use boa_engine::{
    Context, Finalize, JsArgs, JsData, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, Trace, js_string,
};
use boa_gc::GcRefCell;
use icu_datetime::DateTimeFormatterPreferences;
use icu_locale_core::extensions::unicode::Value;
use icu_locale_core::preferences::extensions::unicode::keywords::{
    CalendarAlgorithm, HourCycle, NumberingSystem,
};

use super::super::lazy::define_hidden_on;
use super::{BoundFormat, resolve_locale, string_option, with_data};
use formatter::Formatter;
use options::{Components, Defaults, Required, optional_choice};
use zone::{Zone, resolve_zone, zoned};

/// The class, as errors name it.
const CLASS: &str = "Intl.DateTimeFormat";

/// U+202F NARROW NO-BREAK SPACE, which CLDR 42 put before the day period (`2:30 PM`).
const NARROW_NO_BREAK_SPACE: char = '\u{202f}';

/// `text` with a plain space where CLDR's date and time patterns have U+202F, as V8 prints them — and so
/// Node, Deno and Chrome, whose outputs notebooks saved (`2:30 PM`): Chromium changed its ICU data back after
/// CLDR 42 broke pages that parsed times.
fn as_v8_spaces(text: &str) -> Cow<'_, str> {
    if text.contains(NARROW_NO_BREAK_SPACE) {
        Cow::Owned(text.replace(NARROW_NO_BREAK_SPACE, " "))
    } else {
        Cow::Borrowed(text)
    }
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
    formatter: Formatter,
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
        let keywords = keywords::Keywords::of(locales, context)?;
        optional_choice(options, "localeMatcher", &["best fit", "lookup"], context)?;
        let calendar = string_option(options, "calendar", context)?;
        let numbering = string_option(options, "numberingSystem", context)?;
        let hour12 = options
            .as_object()
            .map(|o| o.get(js_string!("hour12"), context))
            .transpose()?
            .filter(|v| !v.is_undefined())
            .map(|v| v.to_boolean());
        let hour_cycle =
            optional_choice(options, "hourCycle", &["h11", "h12", "h23", "h24"], context)?;
        let zone_option = string_option(options, "timeZone", context)?;
        let components = Components::read(options, required, defaults, context)?;

        let mut prefs = DateTimeFormatterPreferences::from(&locale);
        let known_calendar = |name: &str| {
            Value::try_from_str(name)
                .ok()
                .and_then(|value| CalendarAlgorithm::try_from(&value).ok())
        };
        let known_numbering = |name: &str| {
            Value::try_from_str(name)
                .ok()
                .and_then(|value| NumberingSystem::try_from(value).ok())
        };
        // A keyword is honoured when no option says otherwise and vmjs knows its value.
        let mut honoured: Vec<(&str, &str)> = Vec::new();
        let calendar_keyword = keywords.calendar.as_deref().filter(|name| {
            known_calendar(name).is_some() && calendar.as_deref().is_none_or(|c| c == *name)
        });
        let numbering_keyword = keywords.numbering_system.as_deref().filter(|name| {
            known_numbering(name).is_some() && numbering.as_deref().is_none_or(|n| n == *name)
        });
        let cycle_keyword = keywords
            .hour_cycle
            .filter(|cycle| hour12.is_none() && hour_cycle.is_none_or(|c| c == *cycle));
        for (key, value) in [
            ("ca", calendar_keyword),
            ("hc", cycle_keyword),
            ("nu", numbering_keyword),
        ] {
            if let Some(value) = value {
                honoured.push((key, value));
            }
        }
        let tag = keywords::tag_with(&locale, &tag, &honoured);
        let calendar = calendar
            .or_else(|| calendar_keyword.map(str::to_owned))
            .unwrap_or_else(|| cldr::default_calendar(&locale).to_owned());
        let numbering = numbering.or_else(|| numbering_keyword.map(str::to_owned));
        // The keyword's hour cycle is the locale's own (`hour12` maps from it, as in V8).
        let locale_cycle = keywords.hour_cycle.filter(|_| hour_cycle.is_none());
        let hour_cycle = hour_cycle.or(cycle_keyword);
        prefs.calendar_algorithm = Some(known_calendar(&calendar).ok_or_else(|| {
            JsNativeError::range().with_message(format!("Invalid calendar : {calendar}"))
        })?);
        let numbering_system = numbering.unwrap_or(locale_numbering);
        prefs.numbering_system = Some(known_numbering(&numbering_system).ok_or_else(|| {
            JsNativeError::range()
                .with_message(format!("Invalid numberingSystem : {numbering_system}"))
        })?);
        // Only a format that shows hours has an hour cycle (ICU4X's field sets failed on one without hours).
        let shows_hours = components.hour.is_some() || components.time_style.is_some();
        prefs.hour_cycle = match (hour12, hour_cycle) {
            _ if !shows_hours => None,
            (Some(true), _) => Some(HourCycle::H12),
            (Some(false), _) => Some(HourCycle::H23),
            (None, Some("h11")) => Some(HourCycle::H11),
            (None, Some("h12")) => Some(HourCycle::H12),
            (None, Some(_)) => Some(HourCycle::H23),
            (None, None) => None,
        };
        let (zone_name, zone) = resolve_zone(zone_option, context)?;
        // (`choose` reads `hourCycle` only without `hour12`, as V8 does.)
        let chosen = (calendar == "gregory")
            .then(|| choose::choose(&components, hour_cycle, hour12, locale_cycle, &locale));
        let by_pattern = chosen.and_then(|chosen| {
            Formatter::of_pattern(&chosen.pattern, prefs).map(|f| (f, chosen.hour_cycle))
        });
        let by_fields = by_pattern.is_none();
        let (formatter, chosen_cycle) = match by_pattern {
            Some(found) => found,
            None => {
                let field_set = components
                    .field_set()
                    .map_err(|e| JsNativeError::range().with_message(format!("{CLASS}: {e}")))?;
                let formatter = Formatter::of_fields(prefs, field_set).map_err(|e| {
                    JsNativeError::range().with_message(format!("{CLASS}: no data: {e}"))
                })?;
                (formatter, None)
            }
        };
        let mut format = Self {
            tag,
            calendar,
            numbering_system,
            zone_name,
            zone,
            components,
            hour_cycle: chosen_cycle,
            formatter,
            bound_format: GcRefCell::new(None),
        };
        if by_fields && (components.hour.is_some() || components.time_style.is_some()) {
            format.hour_cycle = Some(match (hour12, hour_cycle, prefs.hour_cycle) {
                (None, Some(asked), _) => asked,
                (_, _, Some(HourCycle::H11)) => "h11",
                (_, _, Some(HourCycle::H12)) => "h12",
                (_, _, Some(_)) => "h23",
                // The locale's own: 13:00 (UTC, whatever this format's zone) shows as "13" on a 24-hour
                // clock.
                (_, _, None) => {
                    if format.written(13.0 * 3_600_000.0)?.text.contains("13") {
                        "h23"
                    } else {
                        "h12"
                    }
                }
            });
        }
        Ok(format)
    }

    /// The instant `time` (milliseconds since the epoch) as ICU4X writes it, with its parts, in this
    /// format's zone.
    fn written(&self, time: f64) -> JsResult<super::parts::PartsSink> {
        if !time.is_finite() || time.abs() > 8.64e15 {
            return Err(JsNativeError::range()
                .with_message("Invalid time value")
                .into());
        }
        Ok(self.formatter.write(zoned(self.zone, time.trunc())?))
    }

    /// ECMA-402's `FormatDateTime`.
    fn text(&self, time: f64) -> JsResult<String> {
        let written = self.written(time)?;
        Ok(as_v8_spaces(&written.text).into_owned())
    }

    /// ECMA-402's `FormatDateTimeToParts`: `{ type, value }` objects, `literal` between the fields.
    fn parts(&self, time: f64, context: &mut Context) -> JsResult<JsArray> {
        let written = self.written(time)?;
        let fields: Vec<(&str, Cow<'_, str>)> = parts::fields(&written)
            .into_iter()
            .map(|(kind, value)| (kind, as_v8_spaces(value)))
            .collect();
        super::parts::to_array(
            fields.iter().map(|(kind, value)| (*kind, value.as_ref())),
            context,
        )
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

impl BoundFormat for DateTimeFormat {
    fn bound_format(&self) -> &GcRefCell<Option<JsObject>> {
        &self.bound_format
    }

    fn format_value(&self, value: &JsValue, context: &mut Context) -> JsResult<String> {
        self.text(time_of(value, context)?)
    }

    fn incompatible() -> String {
        "Method Intl.DateTimeFormat.prototype.format called on incompatible receiver".to_owned()
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

/// `f` of `this`'s format; a `TypeError` naming `method` when `this` is not a `DateTimeFormat`.
fn with_format<T>(
    this: &JsValue,
    method: &str,
    f: impl FnOnce(&DateTimeFormat) -> JsResult<T>,
) -> JsResult<T> {
    let incompatible =
        || format!("Method Intl.DateTimeFormat.prototype.{method} called on incompatible receiver");
    with_data(this, incompatible, f)
}

/// The formats of dates' `toLocaleString`, `toLocaleDateString` and `toLocaleTimeString` called with no
/// locales and no options, made at the first such call (the default locale and the host's zone are fixed
/// for the worker's life): most calls are these, and making a format costs ~20 µs (Node caches them too).
/// The fourth is the zone's long name that `toString` and `toTimeString` end with.
#[derive(Default)]
struct DefaultFormats(RefCell<[Option<Rc<DateTimeFormat>>; 4]>);

/// Where [`DefaultFormats`] keeps the zone-name format.
const ZONE_NAME: usize = 3;

/// The format of date method `index` with no locales and `options`, made at its first call.
fn default_format(
    index: usize,
    options: &JsValue,
    required: Required,
    defaults: Defaults,
    context: &mut Context,
) -> JsResult<Rc<DateTimeFormat>> {
    let cached = context
        .get_data::<DefaultFormats>()
        .and_then(|formats| formats.0.borrow()[index].clone());
    if let Some(format) = cached {
        return Ok(format);
    }
    let none = JsValue::undefined();
    let format = Rc::new(DateTimeFormat::create(
        &none, options, required, defaults, context,
    )?);
    if let Some(formats) = context.get_data::<DefaultFormats>() {
        formats.0.borrow_mut()[index] = Some(Rc::clone(&format));
    }
    Ok(format)
}

/// Puts vmjs's `Intl.DateTimeFormat` in place of boa's (keeping its prototype) and dates' `toLocale*String`,
/// with the host's zone as their default (UTC in deterministic sessions).
pub(super) fn register(deterministic: bool, context: &mut Context) -> JsResult<()> {
    zone::register_host_zone(deterministic, context);
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
            super::bound_format::<DateTimeFormat>(this, context)
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
            with_format(this, "formatToParts", |_| Ok(()))?;
            let time = time_of(args.get_or_undefined(0), context)?;
            let parts = with_format(this, "formatToParts", |format| format.parts(time, context))?;
            Ok(parts.into())
        },
        1,
        context,
    )?;
    method(
        "resolvedOptions",
        |this, _, context| {
            let options = with_format(this, "resolvedOptions", |format| {
                format.resolved_options(context)
            })?;
            Ok(options.into())
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
    context.insert_data(DefaultFormats::default());
    for (index, (name, required, defaults)) in date_methods.into_iter().enumerate() {
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
                let (locales, options) = (args.get_or_undefined(0), args.get_or_undefined(1));
                let text = if locales.is_undefined() && options.is_undefined() {
                    default_format(index, options, required, defaults, context)?.text(time)?
                } else {
                    DateTimeFormat::create(locales, options, required, defaults, context)?
                        .text(time)?
                };
                Ok(JsString::from(text).into())
            }),
        )
        .name(JsString::from(name))
        .length(0)
        .build();
        define_hidden_on(&date_prototype, JsString::from(name), function, context)?;
    }
    for name in ["toString", "toTimeString"] {
        let boa = date_prototype.get(JsString::from(name), context)?;
        let Some(boa) = boa.as_object() else {
            continue;
        };
        let function = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure_with_captures(
                |this, _, boa: &JsObject, context| {
                    let text = boa.call(this, &[], context)?;
                    let time = this
                        .as_object()
                        .and_then(|object| JsDate::from_object(object.clone()).ok())
                        .map(|date| date.get_time(context))
                        .transpose()?
                        .map(|time| time.to_number(context))
                        .transpose()?;
                    let (Some(time), Some(shown)) = (time, text.as_string()) else {
                        return Ok(text);
                    };
                    // Beyond ICU4X's years (±271 821) the text goes without the name.
                    let Some(name) = zone_name(time, context).ok().flatten() else {
                        return Ok(text);
                    };
                    Ok(
                        JsString::from(format!("{} ({name})", shown.to_std_string_escaped()))
                            .into(),
                    )
                },
                boa,
            ),
        )
        .name(JsString::from(name))
        .length(0)
        .build();
        define_hidden_on(&date_prototype, JsString::from(name), function, context)?;
    }
    Ok(())
}

/// The long name, in the default locale, of the zone dates are shown in at `time` (`Coordinated Universal
/// Time`, `Eastern Daylight Time`, `Mitteleuropäische Normalzeit`): what V8 ends a date's `toString()` with.
fn zone_name(time: f64, context: &mut Context) -> JsResult<Option<String>> {
    let cached = context
        .get_data::<DefaultFormats>()
        .and_then(|formats| formats.0.borrow()[ZONE_NAME].clone());
    let format = match cached {
        Some(format) => format,
        None => {
            let options = JsObject::with_object_proto(context.intrinsics());
            options.set(
                js_string!("timeZoneName"),
                js_string!("long"),
                true,
                context,
            )?;
            default_format(
                ZONE_NAME,
                &options.into(),
                Required::Any,
                Defaults::Date,
                context,
            )?
        }
    };
    let written = format.written(time)?;
    Ok(parts::fields(&written)
        .into_iter()
        .find(|(kind, _)| *kind == "timeZoneName")
        .map(|(_, name)| name.to_owned()))
}
