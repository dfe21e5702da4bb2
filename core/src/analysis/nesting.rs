//! Linear, non-recursive bracket-depth pre-scan (guards the recursive parsers).

use super::line_col;

/// Default maximum bracket nesting accepted by [`check_nesting`].
pub const MAX_NESTING: usize = 1000;

/// A bracket (`(`, `[`, `{` or template `${`) went past the allowed depth.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("brackets are nested too deeply (depth {depth}) at {line}:{column}")]
pub struct NestingError {
    /// 1-based line of the offending bracket.
    pub line: u32,
    /// 1-based column (in chars) of the offending bracket.
    pub column: u32,
    /// The depth reached by the offending bracket (`max_depth + 1`).
    pub depth: usize,
    /// Byte offset of the offending bracket.
    pub offset: usize,
}

/// Checks that no bracket in `src` is nested deeper than `max_depth`.
///
/// This is a cheap linear token scan (no parser, no recursion) that skips
/// string literals, template literals (tracking `${ }`), comments and,
/// heuristically, regular expression literals. Run it before handing text to
/// a recursive-descent parser: boa aborts the process on stack overflow.
pub fn check_nesting(src: &str, max_depth: usize) -> Result<(), NestingError> {
    // Every level of nesting opens with one of these bytes (`${` included), so text with no more of them
    // than `max_depth` cannot nest deeper: counting them is a tight loop the compiler vectorises, many
    // times faster than the scan (most source files have fewer than 1000 brackets).
    if count_openers(src.as_bytes(), max_depth) <= max_depth {
        return Ok(());
    }
    match scan(src, max_depth).too_deep {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

/// How many of `(`, `[`, `{` `bytes` holds, counted up to a little past `limit`.
fn count_openers(bytes: &[u8], limit: usize) -> usize {
    let mut count = 0;
    for chunk in bytes.chunks(4096) {
        // Branch-free (`|`, not `||`), counted in bytes over blocks of 255: the compiler turns this into
        // wide vector compares.
        for block in chunk.chunks(255) {
            let in_block = block.iter().fold(0u8, |n, &b| {
                n + u8::from((b == b'(') | (b == b'[') | (b == b'{'))
            });
            count += usize::from(in_block);
        }
        if count > limit {
            break;
        }
    }
    count
}

/// An open bracket on the scanner's stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Open {
    Paren,
    Bracket,
    Brace,
    /// `${` inside a template literal.
    Subst,
}

/// A construct that was still open when the input ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unterminated {
    String,
    Template,
    BlockComment,
    Regex,
}

/// Result of [`scan`].
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Brackets still open at the end of the input (or at the error).
    pub open: Vec<Open>,
    /// What was unterminated at the end of the input, if anything.
    pub unterminated: Option<Unterminated>,
    /// A closing bracket did not match (or had nothing to close).
    pub mismatched: bool,
    /// The nesting limit was exceeded (the scan stopped there).
    pub too_deep: Option<NestingError>,
}

/// Identifier-like words after which a `/` starts a regex, not a division.
const REGEX_AFTER_WORDS: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
];

/// The last token before the scanner's position (white space and comments aside).
#[derive(Debug, Clone, Copy)]
enum Prev {
    /// An operator or an opening bracket: a `/` starts a regex.
    Operator,
    /// A value (literal, closing bracket): a `/` divides.
    Operand,
    /// A word, at these byte offsets: a `/` starts a regex after some keywords (looked up only when a `/`
    /// follows, which few words are).
    Word(usize, usize),
}

impl Prev {
    fn allows_regex(self, src: &str) -> bool {
        match self {
            Prev::Operator => true,
            Prev::Operand => false,
            Prev::Word(start, end) => REGEX_AFTER_WORDS.contains(&&src[start..end]),
        }
    }
}

/// How many bytes at the start of `bytes` satisfy `in_run`.
fn run_length(bytes: &[u8], in_run: impl Fn(u8) -> bool) -> usize {
    bytes
        .iter()
        .position(|&c| !in_run(c))
        .unwrap_or(bytes.len())
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// Scans `src` once, tracking brackets; stops early past `max_depth`.
pub(crate) fn scan(src: &str, max_depth: usize) -> Scan {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = Scan::default();
    let mut i = 0;
    // What came last, which decides whether a `/` here would start a regex literal.
    let mut prev = Prev::Operator;
    // Whether we are inside the text part of a template literal.
    let mut in_template = false;

    let push = |out: &mut Scan, open: Open, at: usize| -> bool {
        out.open.push(open);
        if out.open.len() > max_depth {
            let (line, column) = line_col(src, at);
            out.too_deep = Some(NestingError {
                line,
                column,
                depth: out.open.len(),
                offset: at,
            });
            return false;
        }
        true
    };

    while i < n {
        if in_template {
            match b[i] {
                b'\\' => i += 2,
                b'`' => {
                    in_template = false;
                    prev = Prev::Operand;
                    i += 1;
                }
                b'$' if b.get(i + 1) == Some(&b'{') => {
                    if !push(&mut out, Open::Subst, i) {
                        return out;
                    }
                    in_template = false;
                    prev = Prev::Operator;
                    i += 2;
                }
                _ => i += 1,
            }
            continue;
        }
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                // A run of white space at once (indentation is much of a source file).
                i += run_length(&b[i..], |c| {
                    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
                });
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < n && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => match src[i + 2..].find("*/") {
                Some(k) => i += 2 + k + 2,
                None => {
                    out.unterminated = Some(Unterminated::BlockComment);
                    return out;
                }
            },
            b'/' if prev.allows_regex(src) => {
                i += 1;
                let mut in_class = false;
                loop {
                    if i >= n {
                        out.unterminated = Some(Unterminated::Regex);
                        return out;
                    }
                    match b[i] {
                        b'\\' => i += 2,
                        b'[' => {
                            in_class = true;
                            i += 1;
                        }
                        b']' => {
                            in_class = false;
                            i += 1;
                        }
                        b'/' if !in_class => {
                            i += 1;
                            break;
                        }
                        // Not a regex after all (or an invalid one): resume as code.
                        b'\n' => break,
                        _ => i += 1,
                    }
                }
                prev = Prev::Operand;
            }
            b'\'' | b'"' => {
                i += 1;
                loop {
                    if i >= n {
                        out.unterminated = Some(Unterminated::String);
                        return out;
                    }
                    match b[i] {
                        b'\\' => i += 2,
                        // Unterminated string on this line: resume as code.
                        b'\n' => break,
                        q if q == c => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                prev = Prev::Operand;
            }
            b'`' => {
                in_template = true;
                i += 1;
            }
            b'(' | b'[' | b'{' => {
                let open = match c {
                    b'(' => Open::Paren,
                    b'[' => Open::Bracket,
                    _ => Open::Brace,
                };
                if !push(&mut out, open, i) {
                    return out;
                }
                prev = Prev::Operator;
                i += 1;
            }
            b')' | b']' => {
                let want = if c == b')' {
                    Open::Paren
                } else {
                    Open::Bracket
                };
                if out.open.last() == Some(&want) {
                    out.open.pop();
                } else {
                    out.mismatched = true;
                }
                prev = Prev::Operand;
                i += 1;
            }
            b'}' => {
                match out.open.last() {
                    Some(Open::Brace) => {
                        out.open.pop();
                    }
                    Some(Open::Subst) => {
                        out.open.pop();
                        in_template = true;
                    }
                    _ => out.mismatched = true,
                }
                prev = Prev::Operand;
                i += 1;
            }
            b'0'..=b'9' => {
                i += run_length(&b[i..], |c| is_word_byte(c) || c == b'.');
                prev = Prev::Operand;
            }
            _ if is_word_byte(c) => {
                let start = i;
                i += run_length(&b[i..], is_word_byte);
                prev = Prev::Word(start, i);
            }
            b'+' | b'-' if b.get(i + 1) == Some(&c) => {
                // `x++ / y` is a division; `++/re/` is nonsense anyway.
                prev = Prev::Operand;
                i += 2;
            }
            _ => {
                prev = Prev::Operator;
                i += 1;
            }
        }
    }
    if in_template {
        out.unterminated = Some(Unterminated::Template);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openers_are_counted_across_blocks_and_chunks() {
        let text = format!(
            "{}{}{}",
            "(".repeat(300),
            "a".repeat(5000),
            "[{".repeat(3000)
        );
        assert_eq!(count_openers(text.as_bytes(), usize::MAX), 6300);
        assert_eq!(count_openers(b"'(' // [\n /* { */", usize::MAX), 3);
        // Counting stops soon after the limit.
        assert!(count_openers(text.as_bytes(), 10) < 6300);
    }

    #[test]
    fn few_brackets_pass_without_a_scan_and_many_shallow_ones_pass_the_scan() {
        // Unbalanced and unterminated, but no more openers than the limit: cannot nest deeper.
        assert_eq!(check_nesting("((( `${ '", 4), Ok(()));
        // More openers than the limit, none deeper than 2: the scan decides.
        assert_eq!(check_nesting(&"f(a[0]); ".repeat(1000), 2), Ok(()));
        assert!(check_nesting(&"(".repeat(5), 4).is_err());
    }

    #[test]
    fn deep_parens_are_rejected_quickly() {
        let src = "(".repeat(100_000);
        let err = check_nesting(&src, MAX_NESTING).unwrap_err();
        assert_eq!((err.line, err.column, err.depth), (1, 1001, 1001));
    }

    #[test]
    fn ten_megabytes_of_parens() {
        let src = "(".repeat(10 * 1024 * 1024);
        assert!(check_nesting(&src, MAX_NESTING).is_err());
        // Balanced but long input is scanned linearly.
        let src = "(a)".repeat(3 * 1024 * 1024);
        assert!(check_nesting(&src, MAX_NESTING).is_ok());
    }

    #[test]
    fn position_is_in_chars_on_the_right_line() {
        let src = "let é = 1;\n  é + [[[";
        let err = check_nesting(src, 2).unwrap_err();
        assert_eq!((err.line, err.column, err.depth), (2, 9, 3));
        assert_eq!(&src[err.offset..err.offset + 1], "[");
    }

    #[test]
    fn brackets_in_strings_comments_templates_and_regexes_are_ignored() {
        let cases = [
            "'(((((' + \"[[[[[\"",
            "// (((((\n1",
            "/* {{{{{ */ 1",
            "`((((( ${ 1 } [[[[[`",
            "x = /[(((((]/.test(s)",
            "x = /\\(\\(\\(\\(\\(/",
            "a = b / c / (d)",
        ];
        for src in cases {
            assert_eq!(check_nesting(src, 2), Ok(()), "{src}");
        }
    }

    #[test]
    fn a_slash_after_a_keyword_starts_a_regex_and_after_a_name_divides() {
        for regex in [
            "return /((((/",
            "typeof /((((/",
            "x = a in /((((/",
            "return /* c */ /((((/",
            "case\n  /((((/",
        ] {
            assert!(scan(regex, 3).too_deep.is_none(), "{regex}");
        }
        for division in [
            "returned / 2 / ((((x))))",
            "x /* c */ / ((((1))))",
            "inner / ((((1))))",
        ] {
            assert!(scan(division, 3).too_deep.is_some(), "{division}");
        }
    }

    #[test]
    fn template_substitutions_count_as_depth() {
        assert!(check_nesting("`${ `${ `${ 1 }` }` }`", 3).is_ok());
        assert!(check_nesting("`${ `${ `${ ( 1 ) }` }` }`", 3).is_err());
        assert!(check_nesting("`${ { a: 1 } }`", 2).is_ok());
    }

    #[test]
    fn scan_reports_open_and_unterminated_state() {
        let s = scan("function f() {\n  if (x) {", MAX_NESTING);
        assert_eq!(s.open, vec![Open::Brace, Open::Brace]);
        assert_eq!(s.unterminated, None);
        assert!(!s.mismatched);
        assert_eq!(
            scan("`abc", MAX_NESTING).unterminated,
            Some(Unterminated::Template)
        );
        assert_eq!(
            scan("/* abc", MAX_NESTING).unterminated,
            Some(Unterminated::BlockComment)
        );
        assert_eq!(
            scan("'abc", MAX_NESTING).unterminated,
            Some(Unterminated::String)
        );
        assert!(scan("(]", MAX_NESTING).mismatched);
        assert!(scan("}", MAX_NESTING).mismatched);
    }
}
