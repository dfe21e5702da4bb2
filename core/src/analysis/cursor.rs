//! What is under or before a cursor, for completion, inspection and hover (the kernel and the language
//! server both use these): the identifier being typed, the property path before a `.`, the path under the
//! cursor, and the keywords offered as completions. Offsets are byte offsets into the text.

/// JavaScript keywords offered as completions.
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

/// What is being completed: the identifier prefix before the cursor, and the property path before a `.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionTarget {
    /// The identifier characters right before the cursor (may be empty).
    pub prefix: String,
    /// `a.b` in `a.b.pre|`: whose properties to offer (`None`: complete a name).
    pub object: Option<String>,
}

/// Splits the text before the cursor into `object.prefix` (or just `prefix`).
pub fn completion_target(before: &str) -> CompletionTarget {
    let prefix_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_identifier_char(*c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let prefix = before[prefix_start..].to_owned();
    let object = before[..prefix_start]
        .strip_suffix('.')
        .and_then(|rest| property_path_suffix(rest).map(str::to_owned));
    CompletionTarget { prefix, object }
}

/// The longest suffix of `text` that looks like a property path (`a.b[0]["c"]`), if any. Whether it really
/// is one is decided by [`super::parse_property_path`] where it is resolved.
pub fn property_path_suffix(text: &str) -> Option<&str> {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_identifier_char(*c) || matches!(c, '.' | '[' | ']' | '"' | '\''))
        .last()
        .map(|(i, _)| i)?;
    let path = text[start..].trim_start_matches('.');
    let first = path.chars().next()?;
    (is_identifier_char(first) && !first.is_ascii_digit()).then_some(path)
}

/// The property path that ends at (or runs through) byte `offset`: `Math.m|ax` → `Math.max`.
pub fn expression_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_identifier_char(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    property_path_suffix(&text[..end]).map(str::to_owned)
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
        .take_while(|(_, c)| is_identifier_char(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_identifier_char(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    let first = text[start..end].chars().next()?;
    (!first.is_ascii_digit()).then_some((start, end))
}

/// Characters of a JS identifier (letters and digits of any script, `_`, `$`).
pub fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(before: &str) -> (String, Option<String>) {
        let t = completion_target(before);
        (t.prefix, t.object)
    }

    #[test]
    fn completion_targets() {
        assert_eq!(target("Math.ma"), ("ma".into(), Some("Math".into())));
        assert_eq!(target("x = foo"), ("foo".into(), None));
        assert_eq!(target("a.b[0]."), (String::new(), Some("a.b[0]".into())));
        assert_eq!(target("f(x).y"), ("y".into(), None));
        assert_eq!(target("1.5"), ("5".into(), None));
        assert_eq!(target("café.le"), ("le".into(), Some("café".into())));
    }

    #[test]
    fn expressions_under_the_cursor() {
        assert_eq!(expression_at("Math.max(1)", 6).as_deref(), Some("Math.max"));
        assert_eq!(expression_at("x", 0).as_deref(), Some("x"));
        assert_eq!(expression_at("f(a.b)", 4).as_deref(), Some("a.b"));
        assert_eq!(expression_at("1 + 2", 2), None);
        assert_eq!(expression_at("é", 1), None);
    }

    #[test]
    fn identifiers_under_the_cursor() {
        let text = "let été = a.bc; 1x";
        assert_eq!(identifier_at(text, 6), Some((4, 9)));
        assert_eq!(identifier_at(text, 4), Some((4, 9)));
        assert_eq!(identifier_at(text, 5), None);
        assert_eq!(identifier_at(text, 3), Some((0, 3)));
        assert_eq!(identifier_at(text, 11), None);
        assert_eq!(identifier_at(text, text.len()), None);
    }
}
