//! The time zone dates are formatted in when code names none, and zones' names.
//!
//! boa 0.22's `Intl` formats in UTC unless told otherwise, while its `Date` uses the host's zone: in a notebook
//! run in New York, `new Date().toLocaleString()` printed the UTC clock, five hours off what `toString()`
//! printed (Node prints the host's zone in both). So the worker finds the host's zone once — `TZ`, else the
//! zone `/etc/localtime` links to — and vmjs's `Intl.DateTimeFormat` uses it when the options name none.
//! Deterministic sessions, whose `Date` is UTC, keep UTC.

use boa_engine::Context;
use icu_time::TimeZone;
use icu_time::zone::iana::IanaParserExtended;

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

/// The host's zone (`None`: UTC), as context data: the zone of a date format whose options name none.
pub(super) struct HostZone(pub(super) Option<String>);

/// Finds the host's zone once (none in deterministic mode, whose `Date` is UTC).
pub(super) fn register(deterministic: bool, context: &mut Context) {
    let zone = if deterministic {
        None
    } else {
        host_zone(
            std::env::var("TZ").ok(),
            std::fs::read_link("/etc/localtime").ok(),
        )
    };
    context.insert_data(HostZone(zone));
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
