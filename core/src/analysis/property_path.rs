//! Property paths for introspection (completion, hover): `ident`, then `.name`, `[0]` or `["key"]` segments.
//!
//! Anything else (calls, operators, computed expressions, template literals) is not a path, so resolving a
//! path never needs to evaluate code. Pure and total: every input gives `Some(path)` or `None`, never a panic.

use oxc_syntax::identifier::{is_identifier_part, is_identifier_start};

/// A parsed property path: a root identifier and the property keys read from it, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyPath {
    /// The identifier the path starts at (a global name).
    pub root: String,
    /// The keys read one after the other.
    pub segments: Vec<PathSegment>,
}

/// One property read of a [`PropertyPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// `.name` or `["name"]`.
    Name(String),
    /// `[123]` (an array index, at most `u32::MAX - 1`).
    Index(u32),
}

/// Longest expression accepted (completion requests send the text before the cursor).
const MAX_PATH_BYTES: usize = 4096;

/// Parses `text` (surrounding whitespace ignored) as a property path; `None` if it is anything else.
pub fn parse_property_path(text: &str) -> Option<PropertyPath> {
    let text = text.trim();
    if text.len() > MAX_PATH_BYTES {
        return None;
    }
    let mut chars = text.char_indices().peekable();
    let root = identifier(text, &mut chars)?;
    let mut segments = Vec::new();
    while let Some((_, c)) = chars.next() {
        match c {
            '.' => segments.push(PathSegment::Name(identifier(text, &mut chars)?)),
            '[' => {
                let segment = match chars.peek().map(|&(_, c)| c)? {
                    quote @ ('"' | '\'') => {
                        chars.next();
                        PathSegment::Name(string_literal(&mut chars, quote)?)
                    }
                    '0'..='9' => PathSegment::Index(index(&mut chars)?),
                    _ => return None,
                };
                if chars.next().map(|(_, c)| c) != Some(']') {
                    return None;
                }
                segments.push(segment);
            }
            _ => return None,
        }
    }
    Some(PropertyPath { root, segments })
}

/// Whether `name` is an identifier name (what completion offers after `.`).
pub fn is_identifier_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_identifier_start) && chars.all(is_identifier_part)
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

fn identifier(text: &str, chars: &mut Chars<'_>) -> Option<String> {
    let (start, first) = chars.next()?;
    if !is_identifier_start(first) {
        return None;
    }
    let mut end = start + first.len_utf8();
    while let Some(&(i, c)) = chars.peek() {
        if !is_identifier_part(c) {
            break;
        }
        end = i + c.len_utf8();
        chars.next();
    }
    Some(text[start..end].to_owned())
}

fn string_literal(chars: &mut Chars<'_>, quote: char) -> Option<String> {
    let mut out = String::new();
    loop {
        let (_, c) = chars.next()?;
        match c {
            c if c == quote => return Some(out),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                c @ ('\\' | '\'' | '"') => out.push(c),
                _ => return None,
            },
            '\n' | '\r' => return None,
            c => out.push(c),
        }
    }
}

fn index(chars: &mut Chars<'_>) -> Option<u32> {
    let mut value: u64 = 0;
    let mut digits = 0;
    while let Some(&(_, c)) = chars.peek() {
        let Some(d) = c.to_digit(10) else { break };
        if digits == 1 && value == 0 {
            return None; // leading zero: `[01]` is not an index key
        }
        value = value * 10 + u64::from(d);
        if value >= u64::from(u32::MAX) {
            return None;
        }
        digits += 1;
        chars.next();
    }
    u32::try_from(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> PathSegment {
        PathSegment::Name(s.to_owned())
    }

    #[test]
    fn accepts_dots_indices_and_quoted_keys() {
        let path = parse_property_path(" a.b[0]['c d'][\"e\\\"f\"].$g_1 ").unwrap();
        assert_eq!(path.root, "a");
        assert_eq!(
            path.segments,
            vec![
                name("b"),
                PathSegment::Index(0),
                name("c d"),
                name("e\"f"),
                name("$g_1")
            ]
        );
        assert_eq!(parse_property_path("Math").unwrap().segments, vec![]);
        assert_eq!(parse_property_path("ü.ß").unwrap().root, "ü");
    }

    #[test]
    fn rejects_everything_that_is_not_a_path() {
        for text in [
            "",
            "[1,2]",
            "[1, 2].length",
            "f()",
            "a.b()",
            "a + b",
            "a.",
            "a..b",
            "a[b]",
            "a[1+1]",
            "a[01]",
            "a[-1]",
            "a[4294967295]",
            "a['x]",
            "a['x'",
            "a[`x`]",
            "1.toFixed",
            "a?.b",
            "new A",
            "a b",
            "(a)",
            "a['\\u0041']",
        ] {
            assert_eq!(parse_property_path(text), None, "{text:?}");
        }
        assert_eq!(parse_property_path(&"a.b".repeat(5000)), None);
    }

    #[test]
    fn identifier_names() {
        assert!(is_identifier_name("push"));
        assert!(is_identifier_name("$x"));
        assert!(!is_identifier_name("text/plain"));
        assert!(!is_identifier_name("0"));
        assert!(!is_identifier_name(""));
    }
}
