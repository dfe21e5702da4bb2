//! Skeletons and patterns as ICU reads them: a pattern's pieces (fields, a letter repeated; literal text),
//! each pattern letter's field and type (ICU's table: numeric types above zero, their width added; text
//! below), and the fields a skeleton asks for.

/// The fields, in ICU's order.
pub(super) const ERA: usize = 0;
pub(super) const YEAR: usize = 1;
pub(super) const MONTH: usize = 3;
pub(super) const WEEKDAY: usize = 6;
pub(super) const DAY_PERIOD: usize = 10;
pub(super) const HOUR: usize = 11;
pub(super) const MINUTE: usize = 12;
pub(super) const SECOND: usize = 13;
pub(super) const FRACTION: usize = 14;
pub(super) const FIELDS: usize = 16;
/// The date fields (era … day); the rest are time fields, the day period and the zone included.
pub(super) const DATE_MASK: u32 = 0x3ff;

/// What a candidate with a field the skeleton does not ask for costs, and one without an asked field.
pub(super) const EXTRA_FIELD: i32 = 0x10000;
pub(super) const MISSING_FIELD: i32 = 0x1000;

/// Field types: numeric ones above zero (their width added), text ones below.
const N: i32 = 0x100;
const D: i32 = 0x10;
const NARROW: i32 = -0x101;
const SHORTER: i32 = -0x102;
const SHORT: i32 = -0x103;
const LONG: i32 = -0x104;

/// A pattern letter from its minimum width on: the field it shows and its type.
pub(super) struct Row {
    letter: char,
    pub(super) field: usize,
    pub(super) kind: i32,
    min_len: usize,
}

const fn row(letter: char, field: usize, kind: i32, min_len: usize) -> Row {
    Row {
        letter,
        field,
        kind,
        min_len,
    }
}

/// ICU's table of pattern letters; a letter's rows are consecutive, by minimum width.
const ROWS: &[Row] = &[
    row('G', ERA, SHORT, 1),
    row('G', ERA, LONG, 4),
    row('G', ERA, NARROW, 5),
    row('y', YEAR, N, 1),
    row('Y', YEAR, N + D, 1),
    row('u', YEAR, N + 2 * D, 1),
    row('r', YEAR, N + 3 * D, 1),
    row('U', YEAR, SHORT, 1),
    row('U', YEAR, LONG, 4),
    row('U', YEAR, NARROW, 5),
    row('Q', 2, N, 1),
    row('Q', 2, SHORT, 3),
    row('Q', 2, LONG, 4),
    row('Q', 2, NARROW, 5),
    row('q', 2, N + D, 1),
    row('q', 2, SHORT - D, 3),
    row('q', 2, LONG - D, 4),
    row('q', 2, NARROW - D, 5),
    row('M', MONTH, N, 1),
    row('M', MONTH, SHORT, 3),
    row('M', MONTH, LONG, 4),
    row('M', MONTH, NARROW, 5),
    row('L', MONTH, N + D, 1),
    row('L', MONTH, SHORT - D, 3),
    row('L', MONTH, LONG - D, 4),
    row('L', MONTH, NARROW - D, 5),
    row('l', MONTH, N + D, 1),
    row('w', 4, N, 1),
    row('W', 5, N, 1),
    row('E', WEEKDAY, SHORT, 1),
    row('E', WEEKDAY, LONG, 4),
    row('E', WEEKDAY, NARROW, 5),
    row('E', WEEKDAY, SHORTER, 6),
    row('c', WEEKDAY, N + 2 * D, 1),
    row('c', WEEKDAY, SHORT - 2 * D, 3),
    row('c', WEEKDAY, LONG - 2 * D, 4),
    row('c', WEEKDAY, NARROW - 2 * D, 5),
    row('c', WEEKDAY, SHORTER - 2 * D, 6),
    row('e', WEEKDAY, N + D, 1),
    row('e', WEEKDAY, SHORT - D, 3),
    row('e', WEEKDAY, LONG - D, 4),
    row('e', WEEKDAY, NARROW - D, 5),
    row('e', WEEKDAY, SHORTER - D, 6),
    row('d', 9, N, 1),
    row('g', 9, N + D, 1),
    row('D', 7, N, 1),
    row('F', 8, N, 1),
    row('a', DAY_PERIOD, SHORT, 1),
    row('a', DAY_PERIOD, LONG, 4),
    row('a', DAY_PERIOD, NARROW, 5),
    row('b', DAY_PERIOD, SHORT - D, 1),
    row('b', DAY_PERIOD, LONG - D, 4),
    row('b', DAY_PERIOD, NARROW - D, 5),
    row('B', DAY_PERIOD, SHORT - 3 * D, 1),
    row('B', DAY_PERIOD, LONG - 3 * D, 4),
    row('B', DAY_PERIOD, NARROW - 3 * D, 5),
    row('H', HOUR, N + 10 * D, 1),
    row('k', HOUR, N + 11 * D, 1),
    row('h', HOUR, N, 1),
    row('K', HOUR, N + D, 1),
    row('m', MINUTE, N, 1),
    row('s', SECOND, N, 1),
    row('A', SECOND, N + D, 1),
    row('S', FRACTION, N, 1),
    row('v', 15, SHORT - 2 * D, 1),
    row('v', 15, LONG - 2 * D, 4),
    row('z', 15, SHORT, 1),
    row('z', 15, LONG, 4),
    row('Z', 15, NARROW - D, 1),
    row('Z', 15, LONG - D, 4),
    row('Z', 15, SHORT - D, 5),
    row('O', 15, SHORT - D, 1),
    row('O', 15, LONG - D, 4),
    row('V', 15, SHORT - D, 1),
    row('V', 15, LONG - D, 2),
    row('V', 15, LONG - 1 - D, 3),
    row('V', 15, LONG - 2 - D, 4),
    row('X', 15, NARROW - D, 1),
    row('X', 15, SHORT - D, 2),
    row('X', 15, LONG - D, 4),
    row('x', 15, NARROW - D, 1),
    row('x', 15, SHORT - D, 2),
    row('x', 15, LONG - D, 4),
];

/// The row of a field `letter` repeated `len` times: the last of the letter's rows whose minimum width
/// `len` reaches.
pub(super) fn canonical(letter: char, len: usize) -> Option<&'static Row> {
    let first = ROWS.iter().position(|row| row.letter == letter)?;
    let mut at = first;
    while let Some(next) = ROWS.get(at + 1) {
        if next.letter != letter || next.min_len > len {
            break;
        }
        at += 1;
    }
    ROWS.get(at)
}

/// A piece of a pattern: a field (a letter repeated) or literal text (quoted text keeps its quotes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Token<'a> {
    Field(char, usize),
    Literal(&'a str),
}

/// The tokens of `pattern`.
pub(super) fn tokens(pattern: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = pattern.char_indices().collect();
    let offset = |i: usize| chars.get(i).map_or(pattern.len(), |(at, _)| *at);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&(start, c)) = chars.get(i) {
        let mut j = i + 1;
        if c == '\'' {
            if chars.get(j).is_some_and(|(_, c)| *c == '\'') {
                j += 1; // '' is a quote
            } else {
                while let Some(&(_, c)) = chars.get(j) {
                    j += 1;
                    if c == '\'' {
                        if chars.get(j).is_some_and(|(_, c)| *c == '\'') {
                            j += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            out.push(Token::Literal(&pattern[start..offset(j)]));
        } else if c.is_ascii_alphabetic() {
            while chars.get(j).is_some_and(|(_, next)| *next == c) {
                j += 1;
            }
            out.push(Token::Field(c, j - i));
        } else {
            out.push(Token::Literal(&pattern[start..offset(j)]));
        }
        i = j;
    }
    out
}

/// The fields a skeleton (or a pattern read as one) asks for: ICU's `DateTimeMatcher`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Skeleton {
    /// Each field's type (0: absent).
    pub(super) kinds: [i32; FIELDS],
    /// Each field's letter and width as written (width 0: absent).
    pub(super) original: [(char, usize); FIELDS],
    /// Each field's letter at its row's minimum width.
    pub(super) base: [(char, usize); FIELDS],
    /// Whether the day period was added because a 12-hour clock had none.
    added_day_period: bool,
}

impl Skeleton {
    /// The skeleton of `text` (a skeleton, or a pattern whose literals are skipped).
    pub(super) fn of(text: &str) -> Self {
        let mut skeleton = Self::default();
        for token in tokens(text) {
            let Token::Field(letter, len) = token else {
                continue;
            };
            let Some(row) = canonical(letter, len) else {
                continue;
            };
            skeleton.put(row, letter, len);
        }
        let has = |s: &Self, field: usize| s.kinds[field] != 0;
        if has(&skeleton, MINUTE)
            && has(&skeleton, FRACTION)
            && !has(&skeleton, SECOND)
            && let Some(row) = canonical('s', 1)
        {
            skeleton.put(row, 's', 1);
        }
        if has(&skeleton, HOUR) {
            if matches!(skeleton.original[HOUR].0, 'h' | 'K') {
                if !has(&skeleton, DAY_PERIOD)
                    && let Some(row) = canonical('a', 1)
                {
                    skeleton.put(row, 'a', 1);
                    skeleton.added_day_period = true;
                }
            } else {
                skeleton.kinds[DAY_PERIOD] = 0;
                skeleton.original[DAY_PERIOD] = ('\0', 0);
                skeleton.base[DAY_PERIOD] = ('\0', 0);
            }
        }
        skeleton
    }

    fn put(&mut self, row: &Row, letter: char, len: usize) {
        let len_i32 = i32::try_from(len).unwrap_or(i32::MAX / 2);
        self.kinds[row.field] = if row.kind > 0 {
            row.kind + len_i32
        } else {
            row.kind
        };
        self.original[row.field] = (letter, len);
        self.base[row.field] = (row.letter, row.min_len);
    }

    /// The fields as a skeleton string in ICU's field order (`yMMMd`), an added day period left out.
    pub(super) fn text(&self) -> String {
        let mut out = String::new();
        for (field, (letter, len)) in self.original.iter().enumerate() {
            if field == DAY_PERIOD && self.added_day_period {
                continue;
            }
            out.extend(std::iter::repeat_n(*letter, *len));
        }
        out
    }

    pub(super) fn base_text(&self) -> String {
        let mut out = String::new();
        for (letter, len) in &self.base {
            out.extend(std::iter::repeat_n(*letter, *len));
        }
        out
    }

    pub(super) fn mask(&self) -> u32 {
        (0..FIELDS)
            .filter(|field| self.kinds[*field] != 0)
            .fold(0, |mask, field| mask | 1 << field)
    }

    pub(super) fn has(&self, field: usize) -> bool {
        self.kinds[field] != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_quoted_text_whole() {
        assert_eq!(
            tokens("h 'Uhr' B''"),
            vec![
                Token::Field('h', 1),
                Token::Literal(" "),
                Token::Literal("'Uhr'"),
                Token::Literal(" "),
                Token::Field('B', 1),
                Token::Literal("''"),
            ]
        );
    }
}
