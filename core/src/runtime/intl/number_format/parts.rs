//! `Intl.NumberFormat.prototype.formatToParts`: a format's text cut into ECMA-402's parts.
//!
//! One cut serves every style, boa's decimal one included (boa keeps its formatter private and has no
//! `formatToParts`): the text `format` gives is read with the locale's own symbols, which ICU4X's decimal
//! formatter names in what it writes — digits are `integer` until the decimal separator and `fraction`
//! after it, a group or decimal separator counts as one only between digits, the minus and plus signs are
//! the locale's, spaces and bidi marks are `literal`, and any other text is what the style puts around the
//! number (`currency`, `percentSign`, `unit`, the decimal style's `compact`). So the parts always join to
//! exactly what `format` gives.

use fixed_decimal::{Decimal, Sign};
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;

use super::super::parts::written;

/// The symbols of a locale's numbers (in its numbering system).
pub(super) struct Symbols {
    decimal: String,
    group: String,
    /// The signs as the formatter writes them before a number, bidi marks included (`ar`: U+061C and `-`).
    minus: String,
    plus: String,
    /// The numbering system's digits (`hanidec`'s are letters to Unicode, not numbers).
    digits: Vec<char>,
}

impl Symbols {
    /// `locale`'s symbols, as ICU4X's decimal formatter writes and names them.
    pub(super) fn of(locale: &Locale) -> Result<Self, icu_provider::DataError> {
        let formatter = DecimalFormatter::try_new(locale.into(), Default::default())?;
        let mut symbols = Self {
            decimal: String::new(),
            group: String::new(),
            minus: String::new(),
            plus: String::new(),
            digits: Vec::new(),
        };
        // Eight integer digits: grouped in every locale that groups at all (some only from five digits).
        let mut probes: Vec<Decimal> = ["-12345678.5", "1", "9876543210"]
            .iter()
            .filter_map(|text| text.parse().ok())
            .collect();
        if let Some(one) = probes.get_mut(1) {
            one.sign = Sign::Positive;
        }
        for probe in &probes {
            let sink = written(&formatter.format(probe));
            for (range, part) in &sink.parts {
                if *part == icu_decimal::parts::INTEGER {
                    symbols.digits.extend(sink.text[range.clone()].chars());
                }
                let slot = match *part {
                    icu_decimal::parts::DECIMAL => &mut symbols.decimal,
                    icu_decimal::parts::GROUP => &mut symbols.group,
                    icu_decimal::parts::MINUS_SIGN => &mut symbols.minus,
                    icu_decimal::parts::PLUS_SIGN => &mut symbols.plus,
                    _ => continue,
                };
                if slot.is_empty() {
                    slot.push_str(&sink.text[range.clone()]);
                }
            }
        }
        // The integer parts hold the group separators too.
        let separators = format!("{}{}", symbols.group, symbols.decimal);
        symbols.digits.retain(|c| !separators.contains(*c));
        symbols.digits.sort_unstable();
        symbols.digits.dedup();
        Ok(symbols)
    }

    /// The minus sign written before a negative number.
    pub(super) fn minus(&self) -> &str {
        &self.minus
    }

    /// The plus sign written before a number shown with its sign.
    pub(super) fn plus(&self) -> &str {
        &self.plus
    }

    fn is_digit(&self, c: char) -> bool {
        c.is_numeric() || self.digits.contains(&c)
    }
}

/// Whether `c` is space or a bidi mark: `literal` wherever it stands.
fn is_literal(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text`, what a format gave, as ECMA-402's parts; `other` names the text around the number that is
/// neither a sign nor space (`currency`, `percentSign`, `unit`, `compact`).
pub(super) fn cut<'t>(
    text: &'t str,
    symbols: &Symbols,
    other: &'static str,
) -> Vec<(&'static str, &'t str)> {
    // A sign's bidi marks are literal parts of their own (as ICU4C, and so Node, cuts them).
    let minus = symbols.minus.trim_matches(is_literal);
    let plus = symbols.plus.trim_matches(is_literal);
    let sign_at = |rest: &str| {
        (!minus.is_empty() && rest.starts_with(minus))
            || (!plus.is_empty() && rest.starts_with(plus))
    };
    let mut parts: Vec<(&'static str, &'t str)> = Vec::new();
    let mut in_fraction = false;
    let mut at = 0;
    let after_digit =
        |parts: &[(&str, &str)]| matches!(parts.last(), Some(("integer" | "fraction", _)));
    let digit_at = |i: usize| {
        text[i..]
            .chars()
            .next()
            .is_some_and(|c| symbols.is_digit(c))
    };
    while at < text.len() {
        let rest = &text[at..];
        let Some(c) = rest.chars().next() else { break };
        let (kind, len) = if symbols.is_digit(c) {
            let len = rest
                .find(|c: char| !symbols.is_digit(c))
                .unwrap_or(rest.len());
            (if in_fraction { "fraction" } else { "integer" }, len)
        } else if !symbols.group.is_empty()
            && rest.starts_with(&symbols.group)
            && after_digit(&parts)
            && !in_fraction
            && digit_at(at + symbols.group.len())
        {
            ("group", symbols.group.len())
        } else if !symbols.decimal.is_empty()
            && rest.starts_with(&symbols.decimal)
            && after_digit(&parts)
            && !in_fraction
            && digit_at(at + symbols.decimal.len())
        {
            in_fraction = true;
            ("decimal", symbols.decimal.len())
        } else if !minus.is_empty() && rest.starts_with(minus) {
            ("minusSign", minus.len())
        } else if !plus.is_empty() && rest.starts_with(plus) {
            ("plusSign", plus.len())
        } else if rest.starts_with("NaN") {
            ("nan", 3)
        } else if c == '∞' {
            ("infinity", c.len_utf8())
        } else if is_literal(c) {
            let len = rest.find(|c: char| !is_literal(c)).unwrap_or(rest.len());
            ("literal", len)
        } else {
            // The style's text runs to the next digit, sign, NaN or ∞; spaces inside it are its own
            // (`US dollars`, `fluid ounces`), spaces after it are literal.
            let end = rest
                .char_indices()
                .skip(1)
                .find(|(i, c)| {
                    symbols.is_digit(*c)
                        || *c == '∞'
                        || sign_at(&rest[*i..])
                        || rest[*i..].starts_with("NaN")
                })
                .map_or(rest.len(), |(i, _)| i);
            let len = rest[..end].trim_end_matches(is_literal).len();
            (other, len.max(c.len_utf8()))
        };
        parts.push((kind, &rest[..len]));
        at += len;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::{Symbols, cut};

    fn cut_in(locale: &str, text: &str, other: &'static str) -> Vec<(&'static str, String)> {
        let symbols = Symbols::of(&locale.parse().expect("a locale")).expect("symbols");
        cut(text, &symbols, other)
            .into_iter()
            .map(|(kind, value)| (kind, value.to_owned()))
            .collect()
    }

    #[test]
    fn the_parts_join_to_the_text_and_name_each_piece() {
        let parts = cut_in("en", "-$1,234.50", "currency");
        let kinds: Vec<&str> = parts.iter().map(|(kind, _)| *kind).collect();
        assert_eq!(
            kinds,
            [
                "minusSign",
                "currency",
                "integer",
                "group",
                "integer",
                "decimal",
                "fraction"
            ]
        );
        let parts = cut_in("de", "1.234,5\u{a0}%", "percentSign");
        assert_eq!(parts[1], ("group", ".".to_owned()));
        assert_eq!(parts[3], ("decimal", ",".to_owned()));
        assert_eq!(parts[5], ("literal", "\u{a0}".to_owned()));
        assert_eq!(parts[6], ("percentSign", "%".to_owned()));
        let parts = cut_in("en", "3 fluid ounces", "unit");
        assert_eq!(parts[2], ("unit", "fluid ounces".to_owned()));
        let parts = cut_in("ar", "\u{61c}-١٬٢٣٤٫٥", "unit");
        assert_eq!(parts[0], ("literal", "\u{61c}".to_owned()));
        assert_eq!(parts[1], ("minusSign", "-".to_owned()));
        assert_eq!(
            cut_in("en", "$NaN", "currency")[1],
            ("nan", "NaN".to_owned())
        );
        let hanidec = cut_in("zh-u-nu-hanidec", "一,二三四", "compact");
        assert_eq!(hanidec[0], ("integer", "一".to_owned()));
        for (locale, text) in [
            ("en", "∞ km"),
            ("fr", "-1\u{202f}234,5 g"),
            ("ar", "\u{61c}-١٬٢٣٤٫٥"),
        ] {
            let joined: String = cut_in(locale, text, "unit")
                .into_iter()
                .map(|(_, value)| value)
                .collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn a_separator_counts_only_between_digits() {
        // A trailing dot is the compact suffix's, not a decimal separator.
        let parts = cut_in("de", "12\u{a0}Tsd.", "compact");
        assert_eq!(
            parts,
            [
                ("integer", "12".to_owned()),
                ("literal", "\u{a0}".to_owned()),
                ("compact", "Tsd.".to_owned())
            ]
        );
        assert_eq!(cut_in("en", "NaN", "compact"), [("nan", "NaN".to_owned())]);
    }
}
