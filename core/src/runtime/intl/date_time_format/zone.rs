//! Zones: the one dates are formatted in when code names none, their names, and an instant in a zone.
//!
//! boa 0.22's `Intl` formats in UTC unless told otherwise, while its `Date` uses the host's zone: in a notebook
//! run in New York, `new Date().toLocaleString()` printed the UTC clock, five hours off what `toString()`
//! printed (Node prints the host's zone in both). So the worker finds the host's zone once — `TZ`, else the
//! zone `/etc/localtime` links to — and vmjs's `Intl.DateTimeFormat` uses it when the options name none.
//! Deterministic sessions, whose `Date` is UTC, keep UTC.

use std::cell::OnceCell;

use boa_engine::{Context, JsNativeError, JsResult};
use icu_calendar::Iso;
use icu_time::zone::UtcOffset;
use icu_time::zone::iana::IanaParserExtended;
use icu_time::zone::models::AtTime;
use icu_time::{DateTime, Time, TimeZone, TimeZoneInfo, ZonedDateTime};
use timezone_provider::experimental_tzif::ZeroCompiledTzdbProvider;
use timezone_provider::provider::{TimeZoneId, TimeZoneProvider};

use super::CLASS;
use crate::runtime::dates;

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

/// The host's zone (`None`: UTC), as context data: the zone of a date format whose options name none,
/// resolved at the first format that needs it (not at worker start) and then kept.
struct HostZone {
    name: Option<String>,
    resolved: OnceCell<(String, Zone)>,
}

/// Finds the host's zone once (none in deterministic mode, whose `Date` is UTC).
pub(super) fn register_host_zone(deterministic: bool, context: &mut Context) {
    let zone = if deterministic {
        None
    } else {
        host_zone(
            std::env::var("TZ").ok(),
            std::fs::read_link("/etc/localtime").ok(),
        )
    };
    context.insert_data(HostZone {
        name: zone,
        resolved: OnceCell::new(),
    });
}

/// ICU4X's id of the IANA zone `name` (any case, or an alias) and the name `resolvedOptions` gives it, as
/// Node does: the IANA name in its own case (`"america/new_york"` → `"America/New_York"`), and `"UTC"` for
/// the zones of UTC. boa 0.22 gave its BCP 47 id (`"usnyc"`). `None` for a name ICU4X does not know.
pub(super) fn iana_zone(name: &str) -> Option<(TimeZone, String)> {
    let parser =
        IanaParserExtended::try_new_with_buffer_provider(&boa_icu_provider::buffer()).ok()?;
    let parsed = parser.as_borrowed().parse(name);
    if parsed.time_zone == TimeZone::UNKNOWN {
        return None;
    }
    let utc = ["Etc/UTC", "Etc/GMT", "GMT", "Etc/UCT", "UTC"];
    let shown = if utc.contains(&parsed.canonical) {
        "UTC"
    } else {
        parsed.normalized
    };
    Some((parsed.time_zone, shown.to_owned()))
}

/// The zone a format shows instants in.
#[derive(Clone, Copy)]
pub(super) enum Zone {
    /// A fixed offset (`"+05:30"`), in seconds.
    Offset(i32),
    /// A named zone: ICU4X's id (for its names) and the time-zone database's (for its offsets).
    Named { zone: TimeZone, id: TimeZoneId },
}

/// The zone named by the `timeZone` option, else the host's (UTC in deterministic sessions), as
/// `resolvedOptions` names it and as formatting needs it. A zone nobody knows is a `RangeError`; a host zone
/// the database does not know is UTC.
pub(super) fn resolve_zone(
    asked: Option<String>,
    context: &mut Context,
) -> JsResult<(String, Zone)> {
    let utc = || named_zone("UTC").unwrap_or_else(|| ("UTC".to_owned(), Zone::Offset(0)));
    let Some(name) = asked else {
        let host = context.get_data::<HostZone>().map(|host| {
            host.resolved
                .get_or_init(|| {
                    host.name
                        .as_deref()
                        .and_then(named_zone)
                        .unwrap_or_else(utc)
                })
                .clone()
        });
        return Ok(host.unwrap_or_else(utc));
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
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 3_600 + minutes * 60))
}

/// The ISO date and time of local milliseconds since the epoch.
fn civil(local: f64) -> Option<DateTime<Iso>> {
    let ms = local as i64;
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    let (year, month, day) = dates::civil_from_days(days);
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

/// The instant `time` (whole milliseconds since the epoch, within ECMA-262's range) in `zone`, as ICU4X
/// formats it: the local date and time at the zone's offset then, and the zone with that offset.
pub(super) fn zoned(zone: Zone, time: f64) -> JsResult<ZonedDateTime<Iso, TimeZoneInfo<AtTime>>> {
    let (offset, zone) = match zone {
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
    Ok(ZonedDateTime {
        date: date_time.date,
        time: date_time.time,
        zone: zone.with_offset(Some(utc_offset)).at_date_time(date_time),
    })
}

#[cfg(test)]
mod tests {
    use super::{civil, host_zone, offset_seconds};
    use std::path::PathBuf;

    #[test]
    fn offsets_are_read_with_or_without_a_colon_and_checked() {
        assert_eq!(offset_seconds("+05:30"), Some(19_800));
        assert_eq!(offset_seconds("-0800"), Some(-28_800));
        assert_eq!(offset_seconds("+01"), Some(3_600));
        for bad in [
            "05:30",
            "+5:30",
            "+24:00",
            "+05:60",
            "+05:3",
            "-",
            "",
            "+٠٥:٣٠",
            "\u{2212}05:00",
        ] {
            assert_eq!(offset_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn local_milliseconds_become_the_proleptic_gregorian_date_and_time() {
        let shown = |ms: f64| {
            let t = civil(ms).expect("in range");
            format!(
                "{:?}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}",
                t.date.year().extended_year(),
                t.date.month().ordinal,
                t.date.day_of_month().0,
                t.time.hour.number(),
                t.time.minute.number(),
                t.time.second.number(),
                t.time.subsecond.number() / 1_000_000
            )
        };
        assert_eq!(shown(0.0), "1970-01-01 00:00:00.000");
        assert_eq!(shown(-1.0), "1969-12-31 23:59:59.999");
        assert_eq!(shown(951_825_600_000.0), "2000-02-29 12:00:00.000");
        assert_eq!(shown(4_107_542_400_000.0), "2100-03-01 00:00:00.000");
        assert_eq!(shown(-62_135_596_800_000.0), "1-01-01 00:00:00.000");
    }

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
