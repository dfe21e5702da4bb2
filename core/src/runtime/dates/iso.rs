//! `Date.prototype.toISOString` in integer arithmetic. boa's splits the time value into fields with one
//! floating-point remainder and floor after another (each field recomputes the year), a fifth of the time
//! `JSON.stringify` spends on records with a date (`toJSON` calls `toISOString`). This one divides once into
//! days and milliseconds and takes the civil date from the day number (Howard Hinnant's `civil_from_days`).
//! Inspection prints dates with the same function.

use std::fmt::Write as _;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsDate;
use boa_engine::{Context, JsNativeError, JsObject, JsResult, JsValue, NativeFunction, js_string};

use crate::runtime::lazy::define_hidden_on;
use crate::runtime::v8_shown::v8_shown;

const MS_PER_DAY: i64 = 86_400_000;

/// The largest time value a `Date` holds (ECMAScript's TimeClip): ±100 000 000 days.
const MAX_TIME: f64 = 8.64e15;

/// The Date Time String Format of `time` (milliseconds since the epoch, UTC), as `toISOString` gives it
/// (`2001-09-09T01:46:40.000Z`; years outside 0–9999 as `+010000`/`-000001`), or `None` for a time no `Date`
/// holds (`NaN`, infinities, beyond ±8.64e15): `Invalid Date`.
pub(crate) fn iso_string(time: f64) -> Option<String> {
    if !time.is_finite() || time.abs() > MAX_TIME {
        return None;
    }
    // A `Date`'s time value is an integer (TimeClip); `as` truncates anything else the same way.
    let time = time as i64;
    let (year, month, day) = civil_from_days(time.div_euclid(MS_PER_DAY));
    let in_day = time.rem_euclid(MS_PER_DAY);
    let mut out = String::with_capacity(27);
    if (0..=9999).contains(&year) {
        let _ = write!(out, "{year:04}");
    } else {
        let sign = if year < 0 { '-' } else { '+' };
        let _ = write!(out, "{sign}{:06}", year.unsigned_abs());
    }
    let _ = write!(
        out,
        "-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000
    );
    Some(out)
}

/// The proleptic Gregorian (year, month 1–12, day 1–31) of a day number (days since 1970-01-01); also what
/// `Intl.DateTimeFormat` reads a zone's local time with.
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Puts vmjs's `toISOString` on `Date.prototype` in place of boa's (same name, length and attributes;
/// `toJSON` calls it as it called boa's).
pub(super) fn register(prototype: &JsObject, context: &mut Context) -> JsResult<()> {
    let to_iso_string = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_fn_ptr(|this, _, context| {
            let date = this
                .as_object()
                .and_then(|object| JsDate::from_object(object.clone()).ok())
                .ok_or_else(|| {
                    JsNativeError::typ().with_message(format!(
                        "Method Date.prototype.toISOString called on incompatible receiver {}",
                        v8_shown(this, context)
                    ))
                })?;
            let time = date.get_time(context)?.to_number(context)?;
            let text = iso_string(time)
                .ok_or_else(|| JsNativeError::range().with_message("Invalid time value"))?;
            Ok(JsValue::from(js_string!(text.as_str())))
        }),
    )
    .name(js_string!("toISOString"))
    .length(0)
    .build();
    define_hidden_on(prototype, js_string!("toISOString"), to_iso_string, context)
}

#[cfg(test)]
mod tests {
    use super::{civil_from_days, iso_string};

    #[test]
    fn civil_dates_of_day_numbers() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-719_528), (0, 1, 1));
        assert_eq!(civil_from_days(-719_529), (-1, 12, 31));
    }

    #[test]
    fn times_no_date_holds_have_no_text() {
        for time in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 8.64e15 + 1.0] {
            assert_eq!(iso_string(time), None, "{time}");
        }
        assert_eq!(
            iso_string(-0.0).as_deref(),
            Some("1970-01-01T00:00:00.000Z")
        );
    }
}
