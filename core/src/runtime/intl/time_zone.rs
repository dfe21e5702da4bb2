//! The time zone `Intl.DateTimeFormat` and `Date.prototype.toLocale*String` use when code names none.
//!
//! boa 0.22's `Intl` formats in UTC unless told otherwise, while its `Date` uses the host's zone: in a notebook
//! run in New York, `new Date().toLocaleString()` printed the UTC clock, five hours off what `toString()`
//! printed (Node prints the host's zone in both). So the worker finds the host's zone once — `TZ`, else the
//! zone `/etc/localtime` links to — and the constructor and the three methods are wrapped to pass it as
//! `timeZone` when the options name none. Deterministic sessions, whose `Date` is UTC, keep UTC.
//!
//! Nothing here constructs a format while the worker starts: boa's `DateTimeFormat` constructor reads the
//! running frame's `this`, and panics with no frame (seen: every worker failed to start).

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::{
    Context, JsArgs, JsObject, JsResult, JsString, JsValue, NativeFunction, js_string,
};

use icu_locale_core::subtags::Subtag;
use icu_time::TimeZone;
use icu_time::zone::iana::IanaParserExtended;

use super::super::lazy::define_hidden_on;
use super::{construct_in_frame, replace_constructor};

/// The host's zone as an IANA name, from `TZ` (`var`) or the target of `/etc/localtime` (`link`); `None` for
/// UTC or when neither names one.
pub(super) fn host_zone(var: Option<String>, link: Option<std::path::PathBuf>) -> Option<String> {
    let zone = match var {
        // `TZ=:Europe/Paris` is the same zone; an empty TZ is UTC.
        Some(value) => value.strip_prefix(':').unwrap_or(&value).to_owned(),
        None => {
            let target = link?.to_string_lossy().into_owned();
            let (_, name) = target.split_once("zoneinfo/")?;
            name.to_owned()
        }
    };
    let utc = [
        "",
        "UTC",
        "Etc/UTC",
        "UCT",
        "Etc/UCT",
        "GMT",
        "Etc/GMT",
        "Zulu",
        "Universal",
    ];
    (!utc.contains(&zone.as_str())).then_some(zone)
}

/// Wraps `Intl.DateTimeFormat` (always: so that it is built from a JavaScript frame, [`construct_in_frame`])
/// and `Date.prototype.toLocaleString`/`DateString`/`TimeString` to use the host's zone (not in deterministic
/// mode or on a UTC host; a zone boa does not know leaves UTC).
pub(super) fn register(deterministic: bool, context: &mut Context) -> JsResult<()> {
    let zone = if deterministic {
        None
    } else {
        host_zone(
            std::env::var("TZ").ok(),
            std::fs::read_link("/etc/localtime").ok(),
        )
    };
    let zone = zone.map(JsString::from);
    let standard = context
        .intrinsics()
        .constructors()
        .date_time_format()
        .clone();
    let boa = standard.constructor();
    let wrapper = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |new_target, args, (boa, zone): &(JsObject, Option<JsString>), context| {
                let construct = |args: &[JsValue], context: &mut Context| {
                    construct_in_frame(boa, args, new_target, context)
                };
                Ok(with_zone_or_without(args, zone.as_ref(), construct, context)?.into())
            },
            (boa.clone(), zone.clone()),
        ),
    )
    .name(js_string!("DateTimeFormat"))
    .length(0)
    .constructor(true)
    .build();
    let wrapper: JsObject = wrapper.into();
    replace_constructor("DateTimeFormat", &wrapper, &standard, context)?;
    name_zones_as_iana(&standard.prototype(), context)?;

    let Some(zone) = zone else {
        return Ok(());
    };
    let date_prototype = context.intrinsics().constructors().date().prototype();
    for name in ["toLocaleString", "toLocaleDateString", "toLocaleTimeString"] {
        let Some(original) = date_prototype
            .get(JsString::from(name), context)?
            .as_object()
            .filter(JsObject::is_callable)
        else {
            continue;
        };
        let method = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure_with_captures(
                |this, args, (original, zone): &(JsObject, JsString), context| {
                    let call = |args: &[JsValue], context: &mut Context| {
                        original.call(this, args, context)
                    };
                    with_zone_or_without(args, Some(zone), call, context)
                },
                (original, zone.clone()),
            ),
        )
        .name(JsString::from(name))
        .length(0)
        .build();
        define_hidden_on(&date_prototype, JsString::from(name), method, context)?;
    }
    Ok(())
}

/// Wraps `Intl.DateTimeFormat.prototype.resolvedOptions` to name the zone as IANA does, as Node does
/// (`"America/New_York"`, `"UTC"`): boa 0.22 gives its BCP 47 id (`"usnyc"`, `"utc"`), which code that
/// prints the zone or hands it on (to `Temporal`, a server, another library) does not expect.
fn name_zones_as_iana(prototype: &JsObject, context: &mut Context) -> JsResult<()> {
    let Some(original) = prototype
        .get(js_string!("resolvedOptions"), context)?
        .as_object()
        .filter(JsObject::is_callable)
    else {
        return Ok(());
    };
    let method = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |this, args, original: &JsObject, context| {
                let resolved = original.call(this, args, context)?;
                if let Some(options) = resolved.as_object() {
                    let zone = options.get(js_string!("timeZone"), context)?;
                    if let Some(name) = zone
                        .as_string()
                        .and_then(|id| iana_name(&id.to_std_string_escaped()))
                    {
                        options.set(js_string!("timeZone"), JsString::from(name), true, context)?;
                    }
                }
                Ok(resolved)
            },
            original,
        ),
    )
    .name(js_string!("resolvedOptions"))
    .length(0)
    .build();
    define_hidden_on(prototype, js_string!("resolvedOptions"), method, context)
}

/// The IANA name of the zone whose BCP 47 id is `id` (`"usnyc"` → `"America/New_York"`; the zones of UTC
/// → `"UTC"`, as ECMA-402 names them); `None` for anything else (an offset such as `"+05:30"` stays).
fn iana_name(id: &str) -> Option<String> {
    let zone = TimeZone(Subtag::try_from_str(id).ok()?);
    let parser =
        IanaParserExtended::try_new_with_buffer_provider(&boa_icu_provider::buffer()).ok()?;
    let canonical = parser
        .as_borrowed()
        .iter()
        .find(|known| known.time_zone == zone)?
        .canonical;
    let utc = ["Etc/UTC", "Etc/GMT", "GMT", "Etc/UCT", "UTC"];
    Some(
        if utc.contains(&canonical) {
            "UTC"
        } else {
            canonical
        }
        .to_owned(),
    )
}

/// `f(locales, options)` with the host's zone added to the options; if that fails, as given (a zone boa's time
/// zone data does not know leaves dates in UTC rather than failing every format, and the error of options
/// that are wrong anyway is theirs).
fn with_zone_or_without<T>(
    args: &[JsValue],
    zone: Option<&JsString>,
    f: impl Fn(&[JsValue], &mut Context) -> JsResult<T>,
    context: &mut Context,
) -> JsResult<T> {
    let Some(zone) = zone else {
        return f(args, context);
    };
    let (locales, options) = (args.get_or_undefined(0).clone(), args.get_or_undefined(1));
    let zoned = with_zone(options, zone, context)?;
    if zoned == *options {
        return f(&[locales, zoned], context);
    }
    f(&[locales.clone(), zoned], context).or_else(|_| f(&[locales, options.clone()], context))
}

/// `options` with `timeZone: zone` when it names none: a new object inheriting the others (ECMA-402 reads
/// options with `Get`, so inherited ones count). Anything else passes unchanged (boa then judges it).
fn with_zone(options: &JsValue, zone: &JsString, context: &mut Context) -> JsResult<JsValue> {
    let derived = match options {
        v if v.is_undefined() => JsObject::with_object_proto(context.intrinsics()),
        v => match v.as_object() {
            Some(object) if object.get(js_string!("timeZone"), context)?.is_undefined() => {
                let derived = JsObject::with_object_proto(context.intrinsics());
                derived.set_prototype(Some(object.clone()));
                derived
            }
            _ => return Ok(options.clone()),
        },
    };
    derived.create_data_property_or_throw(js_string!("timeZone"), zone.clone(), context)?;
    Ok(derived.into())
}

#[cfg(test)]
mod tests {
    use super::host_zone;
    use std::path::PathBuf;

    #[test]
    fn the_host_zone_comes_from_tz_then_the_localtime_link() {
        let link = |target: &str| Some(PathBuf::from(target));
        assert_eq!(
            host_zone(Some("America/New_York".into()), None).as_deref(),
            Some("America/New_York")
        );
        assert_eq!(
            host_zone(
                Some(":Europe/Paris".into()),
                link("/usr/share/zoneinfo/Asia/Tokyo")
            )
            .as_deref(),
            Some("Europe/Paris")
        );
        assert_eq!(
            host_zone(None, link("/usr/share/zoneinfo/Asia/Tokyo")).as_deref(),
            Some("Asia/Tokyo")
        );
        assert_eq!(host_zone(None, link("/usr/share/zoneinfo/Etc/UTC")), None);
        assert_eq!(
            host_zone(Some(String::new()), link("/usr/share/zoneinfo/Asia/Tokyo")),
            None
        );
        assert_eq!(host_zone(None, link("/somewhere/else")), None);
        assert_eq!(host_zone(None, None), None);
    }
}
