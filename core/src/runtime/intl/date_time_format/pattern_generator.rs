//! ICU's date-time pattern generator as Node's ICU 78 runs it: of a locale's patterns (canonical items, its
//! date and time formats, CLDR's `availableFormats`), the one nearest a skeleton (`yMMMd`), its fields
//! widened or narrowed to what was asked, with a date and a time joined by the locale's glue when no one
//! pattern has both.
//!
//! Written from ICU's description of the algorithm (`DateTimePatternGenerator`, UTS 35), checked against
//! Node 20's output: the same distances between field types, the same order of candidates (ties go to the
//! first in ICU's iteration order), the same width rules.

use super::cldr::LocalePatterns;
use super::skeleton::{
    DATE_MASK, EXTRA_FIELD, FIELDS, FRACTION, HOUR, MINUTE, MISSING_FIELD, MONTH, SECOND, Skeleton,
    Token, WEEKDAY, YEAR, canonical, tokens,
};

/// How far `candidate` is from `request` over the fields of `include`; the fields the candidate lacks, and
/// whether it has fields not asked for.
fn distance(request: &Skeleton, candidate: &Skeleton, include: u32) -> (i32, u32, bool) {
    let mut distance = 0;
    let mut missing = 0;
    let mut extra = false;
    for field in 0..FIELDS {
        let wanted = if include & (1 << field) != 0 {
            request.kinds[field]
        } else {
            0
        };
        let has = candidate.kinds[field];
        if wanted == has {
            continue;
        }
        if wanted == 0 {
            distance += EXTRA_FIELD;
            extra = true;
        } else if has == 0 {
            distance += MISSING_FIELD;
            missing |= 1 << field;
        } else {
            distance += (wanted - has).abs();
        }
    }
    (distance, missing, extra)
}

/// One pattern the generator may choose.
struct Entry {
    base: String,
    skeleton: Skeleton,
    pattern: &'static str,
    /// Whether it came with a skeleton of its own (`availableFormats`), not one read from the pattern.
    specified: bool,
}

/// A locale's pattern generator.
pub(super) struct Generator {
    /// The patterns in ICU's iteration order (by the first letter of the base skeleton, then as added).
    entries: Vec<Entry>,
    data: LocalePatterns,
    /// The hour letter the locale's region prefers (`h`, `H`, `K` or `k`).
    default_hour: char,
}

/// Each field's `appendItems` key and display-name key in CLDR (`*`: none).
const APPEND_NAMES: [(&str, &str); FIELDS] = [
    ("Era", "era"),
    ("Year", "year"),
    ("Quarter", "quarter"),
    ("Month", "month"),
    ("Week", "week"),
    ("*", "*"),
    ("Day-Of-Week", "weekday"),
    ("*", "*"),
    ("*", "*"),
    ("Day", "day"),
    ("*", "dayperiod"),
    ("Hour", "hour"),
    ("Minute", "minute"),
    ("Second", "second"),
    ("*", "*"),
    ("Timezone", "zone"),
];

/// Whose width an hour takes (ICU's `UDATPG_MATCH_HOUR_FIELD_LENGTH` or not).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum HourWidth {
    /// The skeleton's (what V8 asks for).
    Asked,
    /// The pattern's (what ICU's own date formats ask for).
    Patterns,
}

impl Generator {
    /// The generator of `data`, whose region prefers the hour letter `default_hour`.
    pub(super) fn new(data: LocalePatterns, default_hour: char) -> Self {
        let mut generator = Self {
            entries: Vec::new(),
            data: LocalePatterns::default(),
            default_hour,
        };
        for item in [
            "G", "y", "Q", "M", "w", "W", "E", "D", "F", "d", "a", "H", "m", "s", "S", "v",
        ] {
            generator.add(item, None, false);
        }
        for pattern in data.time.iter().chain(&data.date) {
            generator.add(pattern, None, false);
        }
        for (skeleton, pattern) in &data.available {
            generator.add(pattern, Some(skeleton), true);
        }
        generator.data = data;
        let bucket = |base: &str| {
            base.chars().next().map_or(u32::MAX, |c| {
                if c.is_ascii_uppercase() {
                    u32::from(c)
                } else {
                    u32::from(c) + 0x100
                }
            })
        };
        generator.entries.sort_by_key(|entry| bucket(&entry.base));
        generator
    }

    /// ICU's `addPatternWithSkeleton`.
    fn add(&mut self, pattern: &'static str, skeleton: Option<&str>, override_: bool) {
        let parsed = Skeleton::of(skeleton.unwrap_or(pattern));
        let base = parsed.base_text();
        if let Some(same_base) = self.entries.iter().find(|entry| entry.base == base)
            && (!same_base.specified || (skeleton.is_some() && !override_))
            && !override_
        {
            return;
        }
        if let Some(same) = self
            .entries
            .iter()
            .find(|entry| entry.skeleton.original == parsed.original)
            && (!override_ || (skeleton.is_some() && same.specified))
        {
            return;
        }
        let specified = skeleton.is_some();
        if let Some(entry) = self
            .entries
            .iter_mut()
            .find(|entry| entry.base == base && entry.skeleton.kinds == parsed.kinds)
        {
            entry.pattern = pattern;
            entry.specified = specified;
            entry.skeleton = parsed;
        } else {
            self.entries.push(Entry {
                base,
                skeleton: parsed,
                pattern,
                specified,
            });
        }
    }

    /// The entry nearest `request` over the fields of `include`, and the fields it lacks.
    fn best_raw(&self, request: &Skeleton, include: u32) -> Option<(&Entry, u32, bool)> {
        let mut best: Option<(&Entry, i32, u32, bool)> = None;
        for entry in &self.entries {
            let (distance, missing, extra) = distance(request, &entry.skeleton, include);
            let better = match best {
                None => true,
                // A tie goes to the candidate lacking more (ICU's order), else to the first.
                Some((_, d, m, _)) => distance < d || (distance == d && m < missing),
            };
            if better {
                best = Some((entry, distance, missing, extra));
                if distance == 0 {
                    break;
                }
            }
        }
        best.map(|(entry, _, missing, extra)| (entry, missing, extra))
    }

    /// The locale's patterns.
    pub(super) fn data(&self) -> &LocalePatterns {
        &self.data
    }

    /// ICU's `getBestPattern(skeleton, UDATPG_MATCH_HOUR_FIELD_LENGTH)`.
    pub(super) fn best_pattern(&self, skeleton: &str, hours: HourWidth) -> String {
        let request = Skeleton::of(skeleton);
        let Some((entry, missing, extra)) = self.best_raw(&request, u32::MAX) else {
            return String::new();
        };
        if missing == 0 && !extra {
            return self.adjust(entry.pattern, spec(entry), &request, hours, false);
        }
        let needed = request.mask();
        let date = self.best_appending(&request, needed & DATE_MASK, hours);
        let time = self.best_appending(&request, needed & !DATE_MASK & 0xffff, hours);
        if date.is_empty() {
            return time;
        }
        if time.is_empty() {
            return date;
        }
        let style = match request.base[MONTH].1 {
            4 if request.has(WEEKDAY) => 0,
            4 => 1,
            3 => 2,
            _ => 3,
        };
        join(self.data.at_time[style], &time, &date)
    }

    /// ICU's `getBestAppending`: the nearest pattern for the fields of `mask`, what it lacks appended.
    fn best_appending(&self, request: &Skeleton, mask: u32, hours: HourWidth) -> String {
        if mask == 0 {
            return String::new();
        }
        let Some((entry, mut missing, _)) = self.best_raw(request, mask) else {
            return String::new();
        };
        let mut spec_now = spec(entry);
        let mut result = self.adjust(entry.pattern, spec_now, request, hours, false);
        let mut last = 0;
        let seconds = 1 << SECOND | 1 << FRACTION;
        while missing != 0 {
            if missing == last {
                break;
            }
            if missing & seconds == 1 << FRACTION && mask & seconds == seconds {
                result = self.adjust(&result, spec_now, request, hours, true);
                missing &= !(1 << FRACTION);
                continue;
            }
            let start = missing;
            let Some((next, next_missing, _)) = self.best_raw(request, missing) else {
                break;
            };
            missing = next_missing;
            spec_now = spec(next);
            let appended = self.adjust(next.pattern, spec_now, request, hours, false);
            let found = start & !missing;
            let top = (0..FIELDS)
                .rev()
                .find(|f| found & (1 << f) != 0)
                .unwrap_or(0);
            let (append_key, name_key) = APPEND_NAMES[top];
            let format = self
                .data
                .append
                .iter()
                .find(|(key, _)| *key == append_key)
                .map(|(_, format)| *format)
                .unwrap_or("{0} \u{251c}{2}: {1}\u{2524}");
            let name = self
                .data
                .names
                .iter()
                .find(|(key, _)| *key == name_key)
                .map_or(name_key, |(_, name)| *name);
            result = format
                .replace("{0}", &result)
                .replace("{1}", &appended)
                .replace("{2}", &format!("'{}'", name.replace('\'', "''")));
            last = missing;
        }
        result
    }

    /// ICU's `adjustFieldTypes`: each field of `pattern` that the request has, given the request's
    /// width — unless the matched skeleton already had that width, or one is a number and the other text —
    /// and the request's letter (the pattern's for the month, the weekday and the hour).
    fn adjust(
        &self,
        pattern: &str,
        spec: Option<&Skeleton>,
        request: &Skeleton,
        hours: HourWidth,
        fix_fraction: bool,
    ) -> String {
        let mut out = String::with_capacity(pattern.len() + 8);
        for token in tokens(pattern) {
            let (letter, len) = match token {
                Token::Literal(text) => {
                    out.push_str(text);
                    continue;
                }
                Token::Field(letter, len) => (letter, len),
            };
            let Some(row) = canonical(letter, len) else {
                out.extend(std::iter::repeat_n(letter, len));
                continue;
            };
            let field = row.field;
            if fix_fraction && field == SECOND {
                out.extend(std::iter::repeat_n(letter, len));
                // ICU4X prints its locale's decimal separator in place of this one.
                out.push('.');
                let (fraction, digits) = request.original[FRACTION];
                out.extend(std::iter::repeat_n(fraction, digits));
                continue;
            }
            if !request.has(field) {
                out.extend(std::iter::repeat_n(letter, len));
                continue;
            }
            let (wanted, mut wanted_len) = request.original[field];
            if wanted == 'E' && wanted_len < 3 {
                wanted_len = 3;
            }
            let mut width = wanted_len;
            if (field == HOUR && hours == HourWidth::Patterns) || field == MINUTE || field == SECOND
            {
                width = len;
            } else if let Some(spec) = spec
                && wanted != 'c'
                && wanted != 'e'
            {
                let pattern_numeric = row.kind > 0;
                let wanted_numeric = request.kinds[field] > 0;
                if spec.original[field].1 == wanted_len || pattern_numeric != wanted_numeric {
                    width = len;
                }
            }
            let keeps_own =
                matches!(field, HOUR | MONTH | WEEKDAY) || (field == YEAR && wanted != 'Y');
            let mut shown = if keeps_own { letter } else { wanted };
            if shown == 'E' && width < 3 {
                shown = 'e';
            }
            if field == HOUR {
                let preferred = self.default_hour;
                shown = match (wanted, preferred) {
                    (w, p) if w == p => p,
                    ('h', 'K') => 'K',
                    ('H', 'k') => 'k',
                    ('k', 'H') => 'H',
                    ('K', 'h') => 'h',
                    _ => shown,
                };
            }
            out.extend(std::iter::repeat_n(shown, width));
        }
        out
    }
}

/// The skeleton an entry came with, if it came with one.
fn spec(entry: &Entry) -> Option<&Skeleton> {
    entry.specified.then_some(&entry.skeleton)
}

/// `glue` (`{1}, {0}`) with the time pattern as `{0}` and the date pattern as `{1}`.
pub(super) fn join(glue: &str, time: &str, date: &str) -> String {
    glue.replace("{0}", time).replace("{1}", date)
}

#[cfg(test)]
mod tests {
    use super::super::cldr::patterns;
    use super::*;

    fn best(locale: &str, hour: char, skeleton: &str) -> String {
        let data = patterns(locale);
        Generator::new(data, hour).best_pattern(skeleton, HourWidth::Asked)
    }

    #[test]
    fn skeletons_find_the_patterns_node_uses() {
        for (locale, hour, skeleton, expected) in [
            ("de", 'H', "yMd", "d.M.y"),
            ("de", 'H', "yMMMd", "d. MMM y"),
            ("de", 'H', "MMMd", "d. MMM"),
            ("de", 'H', "Hmm", "H:mm"),
            ("de", 'H', "yyMMdd", "dd.MM.yy"),
            ("en", 'h', "yMd", "M/d/y"),
            ("en", 'h', "yMMMMEEEEd", "EEEE, MMMM d, y"),
            ("en", 'h', "hmmss", "h:mm:ss\u{202f}a"),
            ("en", 'h', "yMdhmmss", "M/d/y, h:mm:ss\u{202f}a"),
            ("en", 'h', "yMMMMdhmm", "MMMM d, y 'at' h:mm\u{202f}a"),
            // Two skeletons equally near (`MMdd`, `Md`): the first in key order, whose month is widened.
            ("ru", 'H', "Mdd", "dd.M"),
            ("ja", 'H', "yMMMd", "y年M月d日"),
            ("en", 'h', "GGGGyMd", "M/d/y GGGG"),
        ] {
            assert_eq!(
                best(locale, hour, skeleton),
                expected,
                "{locale} {skeleton}"
            );
        }
    }
}
