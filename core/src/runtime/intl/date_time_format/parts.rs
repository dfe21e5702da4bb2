//! `formatToParts` of dates: the fields ICU4X marks in what it writes, `literal` between them (a fraction of
//! seconds split from its seconds, as ECMA-402 names it).

use std::ops::Range;

use writeable::Part;

use super::super::parts::PartsSink;

/// The date and time fields of `written`, each with its text, and `literal` text between them.
pub(super) fn fields(written: &PartsSink) -> Vec<(&'static str, &str)> {
    let text = &written.text;
    let mut fields: Vec<&(Range<usize>, Part)> = written
        .parts
        .iter()
        .filter(|(_, part)| part.category == icu_datetime::parts::YEAR.category)
        .collect();
    fields.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
    let mut parts = Vec::with_capacity(fields.len() * 2 + 1);
    let mut at = 0;
    for (range, part) in fields {
        if range.start < at {
            continue; // a part inside one already given
        }
        if range.start > at {
            parts.push(("literal", &text[at..range.start]));
        }
        let value = &text[range.clone()];
        match split_fraction(part.value, value) {
            Some((seconds, separator, fraction)) => {
                parts.push(("second", seconds));
                parts.push(("literal", separator));
                parts.push(("fractionalSecond", fraction));
            }
            None => parts.push((part.value, value)),
        }
        at = range.end;
    }
    if at < text.len() {
        parts.push(("literal", &text[at..]));
    }
    parts
}

/// A seconds part with a fraction (`03.045`, ICU4X's one part) as ECMA-402's three: seconds, the decimal
/// separator, the fraction.
fn split_fraction<'a>(kind: &str, value: &'a str) -> Option<(&'a str, &'a str, &'a str)> {
    if kind != "second" {
        return None;
    }
    let (at, separator) = value.char_indices().find(|(_, c)| !c.is_numeric())?;
    let end = at + separator.len_utf8();
    (at > 0 && end < value.len()).then(|| (&value[..at], &value[at..end], &value[end..]))
}

/// `written` with its hour, written as zero, as 24 in the same digits: ICU4X has no `k` (hours 1–24), so a
/// pattern's `k` is written as `H` and midnight mended here.
pub(super) fn hour_zero_as_24(written: &mut PartsSink) {
    let Some(at) = written
        .parts
        .iter()
        .position(|(_, part)| *part == icu_datetime::parts::HOUR)
    else {
        return;
    };
    let range = written.parts[at].0.clone();
    let Some(zero) = written.text[range.clone()].chars().next() else {
        return;
    };
    let digit = |n: u32| char::from_u32(u32::from(zero) + n).unwrap_or(zero);
    let replacement: String = [digit(2), digit(4)].into_iter().collect();
    let shift = replacement.len() as isize - range.len() as isize;
    written.text.replace_range(range.clone(), &replacement);
    for (part_range, _) in &mut written.parts {
        let moved = |at: usize| (at as isize + shift) as usize;
        if part_range.start >= range.end {
            *part_range = moved(part_range.start)..moved(part_range.end);
        } else if part_range.end >= range.end {
            part_range.end = moved(part_range.end);
        }
    }
}
