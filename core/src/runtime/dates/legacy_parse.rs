//! The date strings that are not ISO 8601 but that V8 (Node, Deno, Chrome) reads, as its "legacy" parser
//! reads them: `Jan 1, 2020`, `15 January 2020 10:30 UTC`, `1/15/2020`, `2020/01/15`, `12/25/95`,
//! `2020-01-15 10:30:00`, `Jan 15, 2020 10:30 PM EST`, and `Date.prototype.toString`'s own
//! `Wed Jan 15 2020 10:30:00 GMT+0000 (Coordinated Universal Time)`. boa reads ISO 8601 and RFC 2822 only,
//! so these were `Invalid Date` — a CSV column of `1/15/2020` became `NaN`s without an error.
//!
//! The reading: day names, commas and parenthesised comments are skipped; a month name (three letters or
//! more of it) names the month, the numbers around it are the day and the year (the year is the one above 31
//! or of three digits or more); without a month name, three numbers are month/day/year, or year/month/day
//! when the first has four digits; two-digit years are 1950–2049; `h:mm[:ss[.fff]]` with `AM`/`PM` is the
//! time; `UTC`/`GMT`/`Z`, US zone abbreviations and `+hhmm`/`-hh:mm` after them or after the time are the
//! offset (none: local time). Anything else — an unknown word, a fourth number — is no date (`NaN`), never a
//! guess.

/// A date read from text: its fields, and the offset from UTC it names (none for local time).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct LegacyDate {
    pub(crate) year: i32,
    /// 1–12.
    pub(crate) month: u32,
    /// 1–31 (a day past the month's end rolls over, as V8's does).
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
    pub(crate) millisecond: u32,
    pub(crate) offset_minutes: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A number and how many digits it was written with.
    Number(u32, usize),
    Word(String),
    Symbol(char),
}

/// The tokens of `text`; `None` for characters no date has.
fn tokens(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    let mut depth = 0usize;
    while let Some(c) = chars.next() {
        if depth > 0 {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            continue;
        }
        if c.is_ascii_digit() {
            let mut digits = c.to_string();
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                digits.push(d);
            }
            // Nine digits at most: no field is longer, and the value fits.
            if digits.len() > 9 {
                return None;
            }
            tokens.push(Token::Number(digits.parse().ok()?, digits.len()));
        } else if c.is_ascii_alphabetic() {
            let mut word = c.to_ascii_lowercase().to_string();
            while let Some(l) = chars.next_if(char::is_ascii_alphabetic) {
                word.push(l.to_ascii_lowercase());
            }
            tokens.push(Token::Word(word));
        } else if c == '(' {
            depth = 1;
        } else if matches!(c, ':' | '.' | '+' | '-' | '/') {
            tokens.push(Token::Symbol(c));
        } else if !(c.is_whitespace() || c == ',') {
            return None;
        }
    }
    Some(tokens)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether `word` is `full` or its first three letters or more.
fn abbreviates(word: &str, full: &str) -> bool {
    word.len() >= 3 && full.starts_with(word)
}

/// The offset from UTC, in minutes, of a zone word.
fn zone(word: &str) -> Option<i32> {
    Some(match word {
        "z" | "ut" | "utc" | "gmt" => 0,
        "est" => -5 * 60,
        "edt" => -4 * 60,
        "cst" => -6 * 60,
        "cdt" => -5 * 60,
        "mst" => -7 * 60,
        "mdt" => -6 * 60,
        "pst" => -8 * 60,
        "pdt" => -7 * 60,
        _ => return None,
    })
}

/// Reads `text` as V8's legacy parser would; `None` when it is no date.
pub(crate) fn parse(text: &str) -> Option<LegacyDate> {
    let tokens = tokens(text)?;
    let mut numbers: Vec<(u32, usize)> = Vec::new();
    let mut month = None;
    let mut time: Option<(u32, u32, u32, u32)> = None;
    let mut meridiem = None;
    let mut offset: Option<i32> = None;
    let mut at = 0;
    let number_at = |i: usize| match tokens.get(i) {
        Some(Token::Number(n, len)) => Some((*n, *len)),
        _ => None,
    };
    let symbol_at = |i: usize, c: char| tokens.get(i) == Some(&Token::Symbol(c));
    while at < tokens.len() {
        match &tokens[at] {
            Token::Number(hour, _) if symbol_at(at + 1, ':') => {
                if time.is_some() {
                    return None;
                }
                let (minute, _) = number_at(at + 2)?;
                at += 3;
                let mut second = 0;
                let mut millisecond = 0;
                if symbol_at(at, ':') {
                    second = number_at(at + 1)?.0;
                    at += 2;
                    if symbol_at(at, '.')
                        && let Some((fraction, len)) = number_at(at + 1)
                    {
                        // The first three digits are milliseconds.
                        millisecond = match len {
                            1 => fraction * 100,
                            2 => fraction * 10,
                            _ => fraction / 10u32.pow(len.saturating_sub(3) as u32),
                        };
                        at += 2;
                    }
                }
                time = Some((*hour, minute, second, millisecond));
                continue;
            }
            Token::Number(value, len) => {
                if numbers.len() == 3 {
                    return None;
                }
                numbers.push((*value, *len));
            }
            Token::Symbol(sign @ ('+' | '-')) if time.is_some() || offset.is_some() => {
                // An offset: `+hhmm`, `+hh`, `+hh:mm`, after the time or a zone word.
                let (value, len) = number_at(at + 1)?;
                let mut minutes = match len {
                    1 | 2 => value * 60,
                    4 => value / 100 * 60 + value % 100,
                    _ => return None,
                };
                at += 2;
                if len <= 2 && symbol_at(at, ':') {
                    minutes += number_at(at + 1)?.0;
                    at += 2;
                }
                let minutes = i32::try_from(minutes).ok()?;
                offset = Some(offset.unwrap_or(0) + if *sign == '-' { -minutes } else { minutes });
                continue;
            }
            Token::Symbol(_) => {}
            Token::Word(word) => {
                if let Some(index) = MONTHS.iter().position(|full| abbreviates(word, full)) {
                    if month.replace(index as u32 + 1).is_some() {
                        return None;
                    }
                } else if word == "am" || word == "pm" {
                    meridiem = Some(word == "pm");
                } else if let Some(minutes) = zone(word) {
                    if offset.is_some() {
                        return None;
                    }
                    offset = Some(minutes);
                } else if !(word == "t" || DAYS.iter().any(|full| abbreviates(word, full))) {
                    return None;
                }
            }
        }
        at += 1;
    }

    let (year, month, day) = match (month, numbers.as_slice()) {
        (Some(month), [only]) if only.0 > 31 || only.1 >= 3 => (*only, month, 1),
        (Some(month), [first, second]) if first.0 > 31 || first.1 >= 3 => (*first, month, second.0),
        (Some(month), [first, second]) => (*second, month, first.0),
        (None, [first, second, third]) if first.1 >= 3 => (*first, second.0, third.0),
        (None, [first, second, third]) => (*third, first.0, second.0),
        _ => return None,
    };
    let year = match year {
        (short, len) if len <= 2 && short < 50 => 2000 + short,
        (short, len) if len <= 2 => 1900 + short,
        (full, _) => full,
    };
    let (mut hour, minute, second, millisecond) = time.unwrap_or((0, 0, 0, 0));
    match meridiem {
        Some(_) if hour > 12 => return None,
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (hour < 24 || (hour == 24 && minute == 0 && second == 0 && millisecond == 0))
        && minute < 60
        && second < 60;
    valid.then(|| LegacyDate {
        year: i32::try_from(year).unwrap_or(i32::MAX),
        month,
        day,
        hour,
        minute,
        second,
        millisecond,
        offset_minutes: offset,
    })
}

#[cfg(test)]
mod tests {
    use super::{LegacyDate, parse};

    /// Year, month, day, hour, minute, second, millisecond and offset.
    type Fields = (i32, u32, u32, u32, u32, u32, u32, Option<i32>);

    fn date(text: &str) -> Option<Fields> {
        parse(text).map(|d: LegacyDate| {
            (
                d.year,
                d.month,
                d.day,
                d.hour,
                d.minute,
                d.second,
                d.millisecond,
                d.offset_minutes,
            )
        })
    }

    #[test]
    fn the_forms_v8_reads_are_read() {
        let local = |y, m, d| Some((y, m, d, 0, 0, 0, 0, None));
        assert_eq!(date("Jan 1, 2020"), local(2020, 1, 1));
        assert_eq!(date("15 Jan 2020"), local(2020, 1, 15));
        assert_eq!(date("Thursday, January 1, 1970"), local(1970, 1, 1));
        assert_eq!(date("January 2020"), local(2020, 1, 1));
        assert_eq!(date("June 2020 15"), local(2020, 6, 15));
        assert_eq!(date("1/15/2020"), local(2020, 1, 15));
        assert_eq!(date("2020/01/15"), local(2020, 1, 15));
        assert_eq!(date("2020-1-5"), local(2020, 1, 5));
        assert_eq!(date("12/25/95"), local(1995, 12, 25));
        assert_eq!(date("1/2/03"), local(2003, 1, 2));
        assert_eq!(
            date("01/15/2020 10:30:45 PM"),
            Some((2020, 1, 15, 22, 30, 45, 0, None))
        );
        assert_eq!(
            date("Jan 1 2020 12:00 AM"),
            Some((2020, 1, 1, 0, 0, 0, 0, None))
        );
        assert_eq!(
            date("2020-01-15 10:30:00.1234"),
            Some((2020, 1, 15, 10, 30, 0, 123, None))
        );
        assert_eq!(
            date("Wed Jan 15 2020 10:30:00 GMT+0000 (Coordinated Universal Time)"),
            Some((2020, 1, 15, 10, 30, 0, 0, Some(0)))
        );
        assert_eq!(
            date("Tue Mar 05 2024 14:00:00 GMT-0800 (Pacific Standard Time)"),
            Some((2024, 3, 5, 14, 0, 0, 0, Some(-480)))
        );
        assert_eq!(
            date("Jan 15, 2020 10:30 PM EST"),
            Some((2020, 1, 15, 22, 30, 0, 0, Some(-300)))
        );
        assert_eq!(
            date("2020/1/15 10:30:00 +05:30"),
            Some((2020, 1, 15, 10, 30, 0, 0, Some(330)))
        );
        assert_eq!(
            date("Sat, 01-Jan-2000 08:00:00 GMT"),
            Some((2000, 1, 1, 8, 0, 0, 0, Some(0)))
        );
        assert_eq!(
            date("2000-01-01 00:00:00Z"),
            Some((2000, 1, 1, 0, 0, 0, 0, Some(0)))
        );
    }

    #[test]
    fn what_is_no_date_is_none_not_a_guess() {
        for text in [
            "",
            "   ",
            "nonsense",
            "10:30",
            "Jan 15",
            "2020-13-45",
            "Jan 32, 2020",
            "1/2/3/4",
            "Jan Feb 2020",
            "1/15/2020 13:00 PM",
            "1/15/2020 10:61",
            "1/15/2020 10:30 10:30",
            "1/15/2020 EST PST",
            "1/15/2020 10:30 +123",
            "1/15/2020 10:30 +",
            "12345678901/1/1",
            "1/15/2020 ☃",
            "((((",
        ] {
            assert_eq!(date(text), None, "{text:?}");
        }
    }
}
