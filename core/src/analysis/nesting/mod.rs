//! Linear, non-recursive bracket-depth pre-scan (guards the recursive parsers).

mod levels;
mod lexical;
mod scan;
mod words;

pub(crate) use scan::scan;

/// Default maximum bracket nesting accepted by [`check_nesting`].
pub const MAX_NESTING: usize = 1000;

/// Chained tokens ([`levels::Level`]) per level of depth. They cost a parser less stack than a bracket
/// (oxc, release: under 0.7 KB per `a=`, ~1 KB per `a=>`, 1–2.7 KB per `(`), and ordinary code holds many
/// more of them in one expression or statement (the tags and attributes of JSX in one `return ( … )`, the
/// members of a type written without semicolons): four count as one level, so a chain is stopped at 4 000 —
/// still two orders of magnitude below what overflows a 16 MiB stack.
const CHAINED_PER_LEVEL: usize = 4;

/// Brackets (`(`, `[`, `{`, template `${`) and chained constructs (see [`scan`]) went past the allowed depth.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("code is nested too deeply (depth {depth}) at {line}:{column}")]
pub struct NestingError {
    /// 1-based line of the offending bracket or token.
    pub line: u32,
    /// 1-based column (in chars) of the offending bracket or token.
    pub column: u32,
    /// The depth reached there (`max_depth + 1`).
    pub depth: usize,
    /// Byte offset of the offending bracket or token.
    pub offset: usize,
}

/// Checks that no part of `src` makes a parser recurse deeper than `max_depth`: brackets, and the
/// constructs a recursive-descent parser also recurses on (see [`scan`]).
///
/// This is a cheap linear token scan (no parser, no recursion) that skips string literals, template
/// literals (tracking `${ }`), comments and, heuristically, regular expression literals — reading again as
/// code what one of them left open to the end of the text hid. Run it before handing text to a
/// recursive-descent parser: boa and oxc abort the process on stack overflow.
pub fn check_nesting(src: &str, max_depth: usize) -> Result<(), NestingError> {
    // Every level takes at least one byte: text no longer than the limit cannot nest deeper.
    if src.len() <= max_depth {
        return Ok(());
    }
    match scan(src, max_depth).too_deep {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

impl NestingError {
    /// The diagnostic's message: "code is nested too deeply (more than N levels)".
    pub fn message(&self) -> String {
        format!(
            "code is nested too deeply (more than {} levels)",
            self.depth.saturating_sub(1)
        )
    }
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

#[cfg(test)]
mod tests;
