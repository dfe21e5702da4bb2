//! Words in source text: the identifier at an offset, whether a dot precedes it, JS keywords and the
//! standard globals offered when no session knows better.

/// JavaScript keywords offered by completion.
pub const KEYWORDS: &[&str] = &[
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "let",
    "new",
    "null",
    "of",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// Standard globals offered when the folder has no session yet.
pub const STANDARD_GLOBALS: &[&str] = &[
    "Array",
    "ArrayBuffer",
    "BigInt",
    "Boolean",
    "Date",
    "Error",
    "JSON",
    "Map",
    "Math",
    "Number",
    "Object",
    "Promise",
    "Proxy",
    "RangeError",
    "Reflect",
    "RegExp",
    "Set",
    "String",
    "Symbol",
    "TypeError",
    "WeakMap",
    "WeakSet",
    "clearTimeout",
    "console",
    "globalThis",
    "isNaN",
    "parseFloat",
    "parseInt",
    "setTimeout",
    "structuredClone",
    "vmjs",
];

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// The identifier touching byte `offset` (`start..end`), if any.
pub fn identifier_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_ident(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_ident(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    let word = &text[start..end];
    let first = word.chars().next()?;
    (!first.is_ascii_digit()).then_some((start, end))
}

/// Whether the word ending at `offset` follows a `.` (property completion).
pub fn after_dot(text: &str, offset: usize) -> bool {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return false;
    }
    let before = text[..offset].trim_end_matches(is_ident);
    before.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_and_dots() {
        let text = "let été = a.bc; 1x";
        assert_eq!(identifier_at(text, 6), Some((4, 9)));
        assert_eq!(identifier_at(text, 4), Some((4, 9)));
        assert_eq!(identifier_at(text, 5), None);
        assert_eq!(identifier_at(text, 3), Some((0, 3)));
        assert_eq!(identifier_at(text, 11), None);
        assert_eq!(identifier_at(text, text.len()), None);
        assert!(after_dot(text, 16));
        assert!(after_dot(text, 14));
        assert!(!after_dot(text, 12));
    }
}
