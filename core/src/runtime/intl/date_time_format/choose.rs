//! Which CLDR pattern a date format uses, chosen as V8 chooses it in Node 20: the hour cycle from
//! `hour12`/`hourCycle` and the region's preference, a skeleton from the options (`{month: "short",
//! day: "numeric"}` → `MMMd`) given to ICU's pattern generator, or the locale's `dateStyle`/`timeStyle`
//! patterns joined by its glue; then every hour letter set to the hour cycle.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use icu_locale_core::Locale;

use super::cldr;
use super::options::Components;
use super::pattern_generator::{Generator, HourWidth, join};
use super::skeleton::{Skeleton, Token, tokens};

/// A format's pattern and the hour cycle it shows (when it shows hours).
pub(super) struct Chosen {
    pub(super) pattern: String,
    pub(super) hour_cycle: Option<&'static str>,
}

/// The pattern of `components` in `locale` (Gregorian calendar), with the `hourCycle` option and `hour12`
/// as given; `locale_cycle` is the locale's `-u-hc-` keyword, which stands for its region's preference.
pub(super) fn choose(
    components: &Components,
    hour_cycle: Option<&'static str>,
    hour12: Option<bool>,
    locale_cycle: Option<&'static str>,
    locale: &Locale,
) -> Chosen {
    let cldr_id = cldr::cldr_locale(locale);
    let default_hour = match locale_cycle {
        Some(cycle) => hour_letter(cycle),
        None => match cldr::hour_formats(locale, cldr_id).1 {
            "h" => 'h',
            "K" => 'K',
            "k" => 'k',
            _ => 'H',
        },
    };
    let default_cycle = cycle_of(default_hour);
    let cycle = match hour12 {
        Some(twelve) => match (twelve, matches!(default_cycle, "h11" | "h23")) {
            (true, true) => "h11",
            (true, false) => "h12",
            (false, true) => "h23",
            (false, false) => "h24",
        },
        None => hour_cycle.unwrap_or(default_cycle),
    };
    let generator = generator(cldr_id, default_hour);
    let data = generator.data();
    if components.date_style.is_some() || components.time_style.is_some() {
        let style = |name: &str| match name {
            "full" => 0,
            "long" => 1,
            "medium" => 2,
            _ => 3,
        };
        let date = components.date_style.map(style);
        let time = components.time_style.map(style);
        let pattern = match (date, time) {
            (Some(date), None) => {
                return Chosen {
                    pattern: data.date[date].to_owned(),
                    hour_cycle: None,
                };
            }
            (date, Some(time)) => {
                // A locale's `-u-hc-` makes ICU's date format make its time pattern with the generator.
                let time = match locale_cycle {
                    Some(_) => keyword_time(&generator, time, default_hour),
                    None => data.time[time].to_owned(),
                };
                match date {
                    Some(date) => join(data.at_time[date], &time, data.date[date]),
                    None => time,
                }
            }
            (None, None) => String::new(),
        };
        if first_hour_cycle(&pattern) == Some(cycle) {
            return Chosen {
                pattern,
                hour_cycle: Some(cycle),
            };
        }
        // The style's pattern has another clock: its skeleton on this clock, as the generator makes it.
        let hour = hour_letter(cycle);
        let skeleton: String = Skeleton::of(&pattern)
            .text()
            .chars()
            .filter(|c| !matches!(c, 'a' | 'b' | 'B'))
            .map(|c| {
                if matches!(c, 'h' | 'H' | 'K' | 'k') {
                    hour
                } else {
                    c
                }
            })
            .collect();
        return Chosen {
            pattern: with_hour_cycle(&generator.best_pattern(&skeleton, HourWidth::Asked), cycle),
            hour_cycle: Some(cycle),
        };
    }
    let skeleton = skeleton(components, cycle);
    let pattern = generator.best_pattern(&skeleton, HourWidth::Asked);
    if components.hour.is_some() {
        Chosen {
            pattern: with_hour_cycle(&pattern, cycle),
            hour_cycle: Some(cycle),
        }
    } else {
        Chosen {
            pattern,
            hour_cycle: None,
        }
    }
}

/// The most locales whose generators a worker keeps (each ~100 KB).
const KEPT_GENERATORS: usize = 8;

thread_local! {
    /// Generators by CLDR locale and preferred hour letter: making one reads and sorts the locale's ~150
    /// patterns, which made a format (and each `toLocaleDateString('de-DE')`) cost twice as much.
    static GENERATORS: RefCell<HashMap<(&'static str, char), Rc<Generator>>> =
        RefCell::new(HashMap::new());
}

/// The generator of CLDR locale `cldr_id` whose region prefers `default_hour`, made at its first use.
fn generator(cldr_id: &'static str, default_hour: char) -> Rc<Generator> {
    GENERATORS.with(|generators| {
        let mut generators = generators.borrow_mut();
        if let Some(generator) = generators.get(&(cldr_id, default_hour)) {
            return Rc::clone(generator);
        }
        if generators.len() >= KEPT_GENERATORS {
            generators.clear();
        }
        let generator = Rc::new(Generator::new(cldr::patterns(cldr_id), default_hour));
        generators.insert((cldr_id, default_hour), Rc::clone(&generator));
        generator
    })
}

/// The time pattern of style `time` (0 full … 3 short) as ICU's date format makes it for a locale with an
/// `-u-hc-` keyword: its generator's pattern of the style's skeleton, the hour in the keyword's letter.
fn keyword_time(generator: &Generator, time: usize, hour: char) -> String {
    let skeleton =
        ["jmmsszzzz", "jmmssz", "jmmss", "jmm"][time.min(3)].replace('j', &hour.to_string());
    generator.best_pattern(&skeleton, HourWidth::Patterns)
}

/// V8's skeleton of the components, in its order, the hour in the letter of `cycle`.
fn skeleton(c: &Components, cycle: &str) -> String {
    let text =
        |style: Option<&str>, narrow: &'static str, long: &'static str, short: &'static str| {
            match style {
                Some("narrow") => narrow,
                Some("long") => long,
                Some(_) => short,
                None => "",
            }
        };
    let number = |style: Option<&str>, two: &'static str, one: &'static str| match style {
        Some("2-digit") => two,
        Some(_) => one,
        None => "",
    };
    let mut out = String::new();
    out.push_str(text(c.weekday, "EEEEE", "EEEE", "EEE"));
    out.push_str(text(c.era, "GGGGG", "GGGG", "GGG"));
    out.push_str(number(c.year, "yy", "y"));
    out.push_str(match c.month {
        Some("narrow") => "MMMMM",
        Some("long") => "MMMM",
        Some("short") => "MMM",
        Some("2-digit") => "MM",
        Some(_) => "M",
        None => "",
    });
    out.push_str(number(c.day, "dd", "d"));
    out.push_str(text(c.day_period, "BBBBB", "BBBB", "B"));
    if let Some(style) = c.hour {
        let letter = hour_letter(cycle);
        out.push(letter);
        if style == "2-digit" {
            out.push(letter);
        }
    }
    out.push_str(number(c.minute, "mm", "m"));
    out.push_str(number(c.second, "ss", "s"));
    if let Some(digits) = c.fractional_second_digits {
        out.extend(std::iter::repeat_n('S', usize::from(digits)));
    }
    out.push_str(match c.time_zone_name {
        Some("long") => "zzzz",
        Some("short") => "z",
        Some("longOffset") => "OOOO",
        Some("shortOffset") => "O",
        Some("longGeneric") => "vvvv",
        Some("shortGeneric") => "v",
        _ => "",
    });
    out
}

/// The hour letter of an hour cycle.
fn hour_letter(cycle: &str) -> char {
    match cycle {
        "h11" => 'K',
        "h12" => 'h',
        "h24" => 'k',
        _ => 'H',
    }
}

/// The hour cycle of an hour letter.
fn cycle_of(letter: char) -> &'static str {
    match letter {
        'K' => "h11",
        'h' => "h12",
        'k' => "h24",
        _ => "h23",
    }
}

/// The hour cycle of the first hour field of `pattern`.
fn first_hour_cycle(pattern: &str) -> Option<&'static str> {
    tokens(pattern).into_iter().find_map(|token| match token {
        Token::Field(letter @ ('h' | 'H' | 'K' | 'k'), _) => Some(cycle_of(letter)),
        _ => None,
    })
}

/// V8's `ReplaceHourCycleInPattern`: every hour letter outside quotes set to the cycle's (a space put
/// between a day and an hour that touch).
fn with_hour_cycle(pattern: &str, cycle: &str) -> String {
    let hour = hour_letter(cycle);
    let mut out = String::with_capacity(pattern.len() + 1);
    let mut outside_quote = true;
    let mut last = '\0';
    for c in pattern.chars() {
        if c == '\'' {
            outside_quote = !outside_quote;
            out.push(c);
        } else if matches!(c, 'H' | 'h' | 'K' | 'k') {
            if outside_quote && last == 'd' {
                out.push(' ');
            }
            out.push(if outside_quote { hour } else { c });
        } else {
            out.push(c);
        }
        last = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hour_cycles_replace_hour_letters_outside_quotes_only() {
        assert_eq!(with_hour_cycle("h:mm a", "h23"), "H:mm a");
        assert_eq!(with_hour_cycle("HH 'h' d", "h12"), "hh 'h' d");
        assert_eq!(with_hour_cycle("dH", "h23"), "d H");
        assert_eq!(first_hour_cycle("'h' HH:mm"), Some("h23"));
    }
}
