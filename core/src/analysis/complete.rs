//! Input completeness (Jupyter `is_complete_request`, multi-line CLI input).

use oxc_allocator::Allocator;
use oxc_parser::Parser;
use oxc_span::SourceType;

use super::MAX_NESTING;
use super::nesting::{Unterminated, scan};

/// Whether a piece of REPL input is ready to run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Completeness {
    /// The input parses (or is empty): run it.
    Complete,
    /// The input only fails because it ended early (open bracket, template
    /// literal or block comment, trailing operator): ask for more lines.
    Incomplete {
        /// Suggested indentation for the next line (2 spaces per open bracket).
        indent: String,
    },
    /// The input has a real syntax error: run it to report the error.
    Invalid,
}

/// Decides whether `src` is complete, incomplete or invalid.
///
/// The input is parsed with oxc (unambiguous mode, so `import` and top-level
/// `await` are accepted); semantic errors do not make input invalid here. A
/// failed parse counts as incomplete when every parser error is at the end of
/// the input, or when the input ends inside a template literal or a block
/// comment; the indentation comes from a bracket balance scan.
pub fn is_complete(src: &str) -> Completeness {
    if src.trim().is_empty() {
        return Completeness::Complete;
    }
    let scanned = scan(src, MAX_NESTING);
    if scanned.too_deep.is_some() {
        return Completeness::Invalid;
    }
    let indent = "  ".repeat(scanned.open.len());
    if matches!(
        scanned.unterminated,
        Some(Unterminated::Template | Unterminated::BlockComment)
    ) {
        return Completeness::Incomplete { indent };
    }
    let allocator = Allocator::default();
    let ret = Parser::new(&allocator, src, SourceType::unambiguous()).parse();
    if ret.diagnostics.is_empty() {
        return Completeness::Complete;
    }
    if scanned.mismatched {
        return Completeness::Invalid;
    }
    let end = src.trim_end().len();
    let all_at_end = ret
        .diagnostics
        .iter()
        .all(|d| d.labels.iter().any(|l| l.span().start as usize >= end));
    if all_at_end {
        Completeness::Incomplete { indent }
    } else {
        Completeness::Invalid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incomplete(indent: &str) -> Completeness {
        Completeness::Incomplete {
            indent: indent.to_string(),
        }
    }

    #[test]
    fn cases() {
        let cases = [
            ("let x = 1", Completeness::Complete),
            ("", Completeness::Complete),
            ("let x = 1;\nlet x = 2;", Completeness::Complete),
            ("const z = await p", Completeness::Complete),
            ("import x from './m.js'", Completeness::Complete),
            ("function f() {", incomplete("  ")),
            ("function f() {\n  if (x) {", incomplete("    ")),
            ("foo(1,\n", incomplete("  ")),
            ("x = [1, 2,", incomplete("  ")),
            ("`abc", incomplete("")),
            ("`abc ${ {", incomplete("    ")),
            ("/* abc", incomplete("")),
            ("x +", incomplete("")),
            ("x +\n", incomplete("")),
            ("if (x)", incomplete("")),
            ("let = ;", Completeness::Invalid),
            ("foo(]", Completeness::Invalid),
            ("'abc", Completeness::Invalid),
            ("function f() { let = ; ", Completeness::Invalid),
            ("}", Completeness::Invalid),
            (&"(".repeat(5000), Completeness::Invalid),
        ];
        for (src, want) in cases {
            assert_eq!(is_complete(src), want, "{src:?}");
        }
    }
}
