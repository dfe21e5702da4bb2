//! `formatToParts` of dates: the fields ICU4X marks in what it writes, `literal` between them.

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
        parts.push((part.value, &text[range.clone()]));
        at = range.end;
    }
    if at < text.len() {
        parts.push(("literal", &text[at..]));
    }
    parts
}
