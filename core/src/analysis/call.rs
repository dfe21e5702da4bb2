//! The call being typed at a cursor: where its argument list opens and which argument the cursor is in —
//! from a backward scan of the text before the cursor, so it works while the call is unfinished and the text
//! does not parse yet (what signature help needs).

/// How far back the scan looks for the opening parenthesis.
const MAX_SCAN_BYTES: usize = 16 * 1024;

/// A call around the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallAt {
    /// Byte offset of the `(` that opens the argument list.
    pub open_paren: usize,
    /// The argument the cursor is in, 0-based (commas at the call's own depth before the cursor).
    pub active_argument: usize,
}

/// The innermost unclosed call before `offset`, or `None` (inside a block, an array or an object literal
/// first, at a `;`, or nothing found within [`MAX_SCAN_BYTES`]). Quoted strings and template literals on the
/// way are skipped; brackets nest.
pub fn call_at(src: &str, offset: usize) -> Option<CallAt> {
    let offset = crate::line_index::floor_char_boundary(src, offset.min(src.len()));
    let bytes = src.as_bytes();
    let floor = offset.saturating_sub(MAX_SCAN_BYTES);
    let mut depth = 0usize;
    let mut commas = 0usize;
    let mut i = offset;
    while i > floor {
        i -= 1;
        match bytes[i] {
            quote @ (b'"' | b'\'' | b'`') => {
                // Back to the opening quote (not escaped).
                let mut j = i;
                loop {
                    if j <= floor {
                        return None;
                    }
                    j -= 1;
                    if bytes[j] == quote && (j == 0 || bytes[j - 1] != b'\\') {
                        break;
                    }
                    if quote != b'`' && bytes[j] == b'\n' {
                        break;
                    }
                }
                i = j;
            }
            b')' | b']' | b'}' => depth += 1,
            b'(' if depth == 0 => {
                return Some(CallAt {
                    open_paren: i,
                    active_argument: commas,
                });
            }
            b'[' | b'{' if depth == 0 => return None,
            b'(' | b'[' | b'{' => depth -= 1,
            b',' if depth == 0 => commas += 1,
            b';' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// Splits a parameter list (`a, { b, c } = {}, ...rest`) at its top-level commas.
pub fn split_parameters(params: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in params.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(current.trim().to_owned());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(src: &str) -> Option<(usize, usize)> {
        let offset = src.find('|').unwrap();
        let text = src.replace('|', "");
        call_at(&text, offset).map(|c| (c.open_paren, c.active_argument))
    }

    #[test]
    fn finds_the_call_and_the_argument_while_typing() {
        assert_eq!(at("f(|"), Some((1, 0)));
        assert_eq!(at("f(a, |"), Some((1, 1)));
        assert_eq!(at("f(a, g(b, c), |"), Some((1, 2)));
        assert_eq!(at("f(a, g(b, |"), Some((6, 1)));
        assert_eq!(at("f('a, b', [1, 2], {x: 1, y}, |)"), Some((1, 3)));
        assert_eq!(at("f(`x ${y}, z`, |"), Some((1, 1)));
        assert_eq!(at("f(a); g|"), None);
        assert_eq!(at("if (x) { y|"), None);
        assert_eq!(at("[1, 2|"), None);
        assert_eq!(at("|"), None);
        assert_eq!(at("é(ü, |"), Some((2, 1)));
    }

    #[test]
    fn splits_parameters_at_top_level_commas() {
        assert_eq!(
            split_parameters("a, { b, c } = {}, [d, e], ...rest"),
            ["a", "{ b, c } = {}", "[d, e]", "...rest"]
        );
        assert!(split_parameters("").is_empty());
    }
}
