//! The call that gives an error a `catch` clause receives Node's wording before user code reads it.
//!
//! boa's messages are not V8's (`not a callable function` where Node says `o.method is not a function`).
//! Reported errors are reworded when the worker reports them, but a caught error is the user's to read
//! (`e.message`, `String(e)`, `console.error(e)`) before vmjs ever sees it. So the code vmjs runs calls the
//! worker's hook ([`CAUGHT_HOOK`]) first thing in every `catch (name) { … }` block: `catch (e) {` becomes
//! `catch (e) {__vmjsCaught(e);`. The call goes right after the block's `{`, on its line: lines never move;
//! the columns after it on that line do, and [`CatchInserts`] (or, for a cell, its rewrite's edits) moves
//! them back. A `catch` without a binding or with a destructuring pattern is left alone: the first cannot
//! read the error, the second is rare enough not to be worth a second binding.

use super::source_kind::{Writes, analyze};
use crate::line_index::LineIndex;

/// The global function the worker defines and instrumented code calls with each caught value.
pub const CAUGHT_HOOK: &str = "__vmjsCaught";

/// The text inserted at [`CatchBody::at`](super::catch_bodies::CatchBody).
pub(crate) fn hook_call(name: &str) -> String {
    format!("{CAUGHT_HOOK}({name});")
}

/// `text` (a function's source, as boa keeps it) without the hook calls inserted into it, so that
/// `String(f)` shows what the user wrote; `None` when it has none.
pub fn strip_hook_calls(text: &str) -> Option<String> {
    let pattern = &format!("{{{CAUGHT_HOOK}(");
    if !text.contains(pattern) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(pattern) {
        let after = &rest[at + pattern.len()..];
        let name_len = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(after.len());
        out.push_str(&rest[..=at]);
        rest = match after[name_len..].strip_prefix(");") {
            Some(tail) if name_len > 0 => tail,
            _ => &rest[at + 1..],
        };
    }
    out.push_str(rest);
    Some(out)
}

/// The hook calls inserted into a file's code: the way back from a (line, column) of the code that ran to
/// one of the code before.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatchInserts(Vec<Insert>);

/// One inserted call: 1-based line and column (in `char`s) where it starts in the code that ran, and its
/// length in `char`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Insert {
    line: u32,
    column: u32,
    chars: u32,
}

impl CatchInserts {
    /// A 1-based (line, column-in-chars) of the code that ran, in the code before the calls were inserted; a
    /// position inside a call maps to where it was inserted.
    pub fn original_position(&self, line: u32, column: u32) -> (u32, u32) {
        let mut shift = 0;
        for insert in self.0.iter().filter(|insert| insert.line == line) {
            if column < insert.column {
                break;
            }
            if column < insert.column + insert.chars {
                return (line, insert.column - shift);
            }
            shift += insert.chars;
        }
        (line, column - shift)
    }

    /// No call was inserted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A file's code with the hook called first in each `catch (name)` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrumented {
    /// The code to run.
    pub code: String,
    /// Where the calls went.
    pub inserts: CatchInserts,
}

/// `code` with [`CAUGHT_HOOK`] called first in each of its `catch (name)` blocks, or `None` when it has none
/// (or does not parse: the engine will report that).
pub fn instrument_catches(code: &str) -> Option<Instrumented> {
    if !code.contains("catch") {
        return None;
    }
    let allocator = oxc_allocator::Allocator::default();
    let parsed = analyze(&allocator, code, Writes::Skip);
    if !parsed.errors.is_empty() || parsed.catch_bodies.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(code.len() + parsed.catch_bodies.len() * 24);
    let mut inserts = Vec::with_capacity(parsed.catch_bodies.len());
    let mut cursor = 0;
    let lines = LineIndex::new(code);
    // Columns on one line shift with each call inserted before on it.
    let mut line_shift = (0, 0);
    for body in &parsed.catch_bodies {
        let at = body.at as usize;
        out.push_str(&code[cursor..at]);
        let (line, column) = lines.line_col(code, at);
        if line_shift.0 != line {
            line_shift = (line, 0);
        }
        let call = hook_call(body.name);
        let chars = call.chars().count() as u32;
        inserts.push(Insert {
            line,
            column: column + line_shift.1,
            chars,
        });
        line_shift.1 += chars;
        out.push_str(&call);
        cursor = at;
    }
    out.push_str(&code[cursor..]);
    Some(Instrumented {
        code: out,
        inserts: CatchInserts(inserts),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_the_hook_first_in_each_named_catch_block() {
        let code = "try { f() } catch (e) { g(e) }\ntry {} catch {}\ntry {} catch ({message}) {}\n\
                    try { try {} catch (inner) {} } catch (outer) {\n}";
        let instrumented = instrument_catches(code).expect("catch clauses");
        assert_eq!(
            instrumented.code,
            "try { f() } catch (e) {__vmjsCaught(e); g(e) }\ntry {} catch {}\ntry {} catch ({message}) {}\n\
             try { try {} catch (inner) {__vmjsCaught(inner);} } catch (outer) {__vmjsCaught(outer);\n}"
        );
        assert_eq!(instrument_catches("let catcher = 1"), None);
        assert_eq!(instrument_catches("try {} catch {}"), None);
        // What does not parse runs unchanged (and fails as boa says).
        assert_eq!(instrument_catches("try { catch (e) {}"), None);
    }

    #[test]
    fn a_functions_text_loses_the_calls() {
        let code = "function f() { try { g() } catch (err$1) { return err$1 } }";
        let instrumented = instrument_catches(code).expect("a catch clause");
        assert_ne!(instrumented.code, code);
        assert_eq!(strip_hook_calls(&instrumented.code).as_deref(), Some(code));
        assert_eq!(strip_hook_calls(code), None);
        // Only the exact call goes.
        let lookalike = "x = {__vmjsCaught(a, b);}";
        assert_eq!(strip_hook_calls(lookalike).as_deref(), Some(lookalike));
    }

    #[test]
    fn positions_after_a_call_map_back_to_the_text_before_it() {
        let code = "try { f() } catch (e) { g(e) } try {} catch (x) { h(x) }\nnext()";
        let instrumented = instrument_catches(code).expect("catch clauses");
        let ran = &instrumented.code;
        let column_of = |needle: &str| ran.find(needle).map(|at| at as u32 + 1).unwrap_or(0);
        let original_column = |needle: &str| code.find(needle).map(|at| at as u32 + 1).unwrap_or(0);
        for needle in ["f()", "g(e)", "h(x)"] {
            assert_eq!(
                instrumented.inserts.original_position(1, column_of(needle)),
                (1, original_column(needle)),
                "{needle}"
            );
        }
        // Inside a call: where it went.
        assert_eq!(
            instrumented
                .inserts
                .original_position(1, column_of("__vmjsCaught(x)") + 3),
            (1, original_column("{ h(x)") + 1)
        );
        assert_eq!(instrumented.inserts.original_position(2, 1), (2, 1));
    }
}
