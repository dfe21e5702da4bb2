//! Source analysis with oxc (parsing, REPL rewriting, nesting pre-scan).
//!
//! Everything here is a pure function of its input text, so these are also
//! the entry points for fuzzing:
//!
//! - [`check_nesting`]: a linear, non-recursive bracket scan that guards the
//!   recursive-descent parsers (boa's and oxc's) against stack overflows.
//! - [`source_kind`] / [`syntax_errors`]: script-vs-module detection and
//!   diagnostics (parser and semantic errors).
//! - [`rewrite_repl_input`]: turns a REPL cell into code that can be evaluated
//!   as one more script in a persistent boa `Context` (re-declarable bindings,
//!   top-level `await`, static `import`).
//! - [`is_complete`]: multi-line input detection for Jupyter and the CLI REPL.
//! - [`declared_names`]: the top-level names a cell declares.
//! - [`parse_property_path`]: `a.b[0]["c"]` paths for introspection (nothing else is accepted).
//! - [`function_shape`]: a function's parameter list from its source text.
//! - [`call_at`]: the call being typed at a cursor (its `(` and the active argument).
//! - [`commonjs_exports`]: the names a CommonJS module exports, from its syntax.
//! - [`instrument_catches`]: a file's code with the call that rewords caught errors in each `catch` block.
//! - [`strip_types`]: TypeScript to JavaScript, with a source map back to the TypeScript's positions.
//! - [`module_candidates`]: the files a relative specifier without an extension may name.
//! - [`NavigationIndex`]: symbols, references, imports/exports, outline, folding and selection ranges of
//!   one text, for the language server's navigation.
//!
//! Positions: byte offsets are `usize` into the UTF-8 text; lines and columns
//! are 1-based, columns count `char`s, and only `\n` starts a new line.

mod call;
mod catch_bodies;
mod caught;
mod commonjs;
mod complete;
mod cursor;
mod explain;
mod explain_constructs;
mod explain_region;
mod explain_uninitialized;
mod navigation;
mod nesting;
mod property_path;
mod rewrite;
mod signature;
mod source_kind;
mod specifiers;
mod typescript;

pub use call::{CallAt, call_at, split_parameters};
pub use caught::{CAUGHT_HOOK, CatchInserts, Instrumented, instrument_catches, strip_hook_calls};
pub use commonjs::commonjs_exports;
pub use complete::{Completeness, is_complete};
pub use cursor::{
    CompletionTarget, KEYWORDS, completion_target, expression_at, identifier_at,
    is_identifier_char, property_path_suffix,
};
pub use explain::{explain_error, is_vague_error};
pub use explain_region::Site;
pub use navigation::{
    ArgumentKind, CallArgument, CallSite, Definition, ExportedName, FoldKind, FoldingRegion,
    ImportBinding, Imported, NavigationIndex, Occurrence, OccurrenceKind, OutlineKind,
    OutlineSymbol, RenameEdit, RenameError, RenameMode, SemanticToken, SymbolKind, TextEdit,
    TextSpan, TokenKind, TokenModifiers,
};
pub use nesting::{MAX_NESTING, NestingError, check_nesting};
pub use property_path::{PathSegment, PropertyPath, is_identifier_name, parse_property_path};
pub use rewrite::{GlobalBinding, ReplRewrite, rewrite_repl_input, rewrite_repl_input_in};
pub use signature::{FunctionShape, Parameter, function_shape};
pub use source_kind::{
    FileFacts, SourceKind, declared_names, file_facts, find_identifier, find_identifier_from,
    source_kind, syntax_errors,
};
pub use specifiers::module_candidates;
pub use typescript::{StrippedTs, TsUnit, is_typescript_path, strip_types};

use serde::Serialize;

use crate::line_index::{LineIndex, floor_char_boundary};

/// One problem found in a piece of source text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Human-readable message (from oxc, or from this module).
    pub message: String,
    /// Byte offset where the problem starts.
    pub start: usize,
    /// Byte offset where the problem ends (exclusive; may equal `start`).
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, in `char`s.
    pub column: u32,
}

impl Diagnostic {
    /// Builds a diagnostic for `start..end` of `src`, computing line and column.
    pub(crate) fn new(src: &str, message: impl Into<String>, start: usize, end: usize) -> Self {
        let start = floor_char_boundary(src, start);
        let end = floor_char_boundary(src, end.max(start));
        let (line, column) = line_col(src, start);
        Self {
            message: message.into(),
            start,
            end,
            line,
            column,
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// 1-based (line, column-in-chars) of byte `offset` in `src` (lines end as ECMAScript's and LSP's do:
/// see [`crate::line_index`]).
pub(crate) fn line_col(src: &str, offset: usize) -> (u32, u32) {
    LineIndex::new(src).line_col(src, offset)
}

/// Byte offset of 1-based (line, column-in-chars) in `src`, clamped to the end of that line (or of the
/// text).
pub(crate) fn offset_of(src: &str, line: u32, column: u32) -> usize {
    LineIndex::new(src).offset_of_line_col(src, line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every prefix of a varied sample goes through every entry point
    /// without panicking (a poor man's fuzz run).
    #[test]
    fn no_panics_on_prefixes() {
        let sample = "#!/bin/vmjs\nimport d, {a as b} from './m.js' with { type: 'json' };\n\
            let é = `t ${ { x: [1, /re[/]/g] } }`; // c\nconst {p, q: [r]} = await o, s;\n\
            class C extends (B) { #f = 1; static { } }\nfunction f() { return 'ü' }\n/* e */ f(), é";
        for (i, _) in sample.char_indices() {
            let src = &sample[..i];
            let _ = check_nesting(src, 3);
            let _ = source_kind(src);
            let _ = syntax_errors(src, SourceKind::Script);
            let _ = is_complete(src);
            let _ = declared_names(src);
            if let Ok(r) = rewrite_repl_input(src) {
                for (n, line) in r.code.lines().enumerate() {
                    let n = u32::try_from(n + 1).unwrap_or(u32::MAX);
                    let _ = r.original_position(n, 1);
                    let len = u32::try_from(line.chars().count()).unwrap_or(u32::MAX);
                    let _ = r.original_position(n, len + 5);
                }
            }
        }
    }

    #[test]
    fn line_col_round_trip() {
        let src = "ab\nüx\n\nz";
        for offset in [0, 1, 3, 5, 6, 7, 8] {
            let (line, col) = line_col(src, offset);
            assert_eq!(offset_of(src, line, col), offset);
        }
        assert_eq!(line_col(src, 6), (2, 3));
        assert_eq!(offset_of(src, 9, 9), src.len());
    }
}
