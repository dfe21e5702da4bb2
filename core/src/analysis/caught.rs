//! The call that gives an error a `catch` clause receives Node's wording before user code reads it.
//!
//! boa's messages are not V8's (`not a callable function` where Node says `o.method is not a function`).
//! Reported errors are reworded when the worker reports them, but a caught error is the user's to read
//! (`e.message`, `String(e)`, `console.error(e)`) before vmjs ever sees it. So the code vmjs runs calls the
//! worker's hook ([`CAUGHT_HOOK`]) first thing in every `catch (name) { … }` block: `catch (e) {` becomes
//! `catch (e) {__vmjsCaught(e);`. The call goes right after the block's `{`, on its line: lines never move;
//! the columns after it on that line do, and [`CatchInserts`] (or, for a cell, its rewrite's edits) moves
//! them back. A destructuring pattern reads the error before the block runs, so `catch ({ message }) {…}`
//! catches it under a name of vmjs's first and throws it again to the clause as written:
//! `catch (__vmjsCaughtValue) {__vmjsCaught(__vmjsCaughtValue);try{throw __vmjsCaughtValue}catch({ message })
//! {…}/*__vmjsCaught*/}` — text only inserted, never removed, so positions map back the same way. A `catch`
//! without a binding is left alone: it cannot read the error.

use super::catch_bodies::CatchBody;
use super::source_kind::{Writes, analyze};
use crate::line_index::LineIndex;

/// The global function the worker defines and instrumented code calls with each caught value.
pub const CAUGHT_HOOK: &str = "__vmjsCaught";

/// The name a clause with a pattern catches the value under, before throwing it again to the pattern.
const CAUGHT_VALUE: &str = "__vmjsCaughtValue";

/// What closes the clause a pattern's clause is nested in (marked, so that a function's text can lose it).
const RECATCH_CLOSE: &str = "/*__vmjsCaught*/}";

/// The text inserted at a `catch (name) {` block's start.
fn hook_call(name: &str) -> String {
    format!("{CAUGHT_HOOK}({name});")
}

/// The text inserted at the start of a clause's pattern: the clause it becomes nested in.
fn recatch_open() -> String {
    format!(
        "{CAUGHT_VALUE}) {{{}try{{throw {CAUGHT_VALUE}}}catch(",
        hook_call(CAUGHT_VALUE)
    )
}

/// The texts inserted into the clause `body`, each with its byte offset in the text, in order.
pub(crate) fn inserts_for(body: &CatchBody<'_>) -> Vec<(u32, String)> {
    match *body {
        CatchBody::Named { at, name } => vec![(at, hook_call(name))],
        CatchBody::Pattern { open, close } => {
            vec![(open, recatch_open()), (close, RECATCH_CLOSE.to_owned())]
        }
    }
}

/// `text` (a function's source, as boa keeps it) without the hook calls inserted into it, so that
/// `String(f)` shows what the user wrote; `None` when it has none.
pub fn strip_hook_calls(text: &str) -> Option<String> {
    let pattern = &format!("{{{CAUGHT_HOOK}(");
    if !text.contains(pattern) {
        return None;
    }
    let unnested = text.replace(&recatch_open(), "").replace(RECATCH_CLOSE, "");
    let text = unnested.as_str();
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

/// The texts put into a file's code — the hook calls, and a wrapper's opening before its first line (a
/// CommonJS module's function) —: the way back from a (line, column) of the code that ran to one of the code
/// before.
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

    /// Only `chars` chars put before a text on its first line (none when 0): a wrapper's opening.
    pub fn opening(chars: u32) -> Self {
        Self::default().after_opening(chars)
    }

    /// These inserts, of code that also had `chars` chars put before it on its first line (the inserts were
    /// made with them there: their columns count them).
    pub fn after_opening(mut self, chars: u32) -> Self {
        if chars > 0 {
            self.0.insert(
                0,
                Insert {
                    line: 1,
                    column: 1,
                    chars,
                },
            );
        }
        self
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
    let mut texts: Vec<(u32, String)> = parsed.catch_bodies.iter().flat_map(inserts_for).collect();
    // A pattern's clause closes after the clauses nested in it open (stable: one offset keeps its order).
    texts.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(code.len() + texts.len() * 24);
    let mut inserts = Vec::with_capacity(texts.len());
    let mut cursor = 0;
    let lines = LineIndex::new(code);
    // Columns on one line shift with each text inserted before on it.
    let mut line_shift = (0, 0);
    for (at, call) in texts {
        let at = at as usize;
        out.push_str(&code[cursor..at]);
        let (line, column) = lines.line_col(code, at);
        if line_shift.0 != line {
            line_shift = (line, 0);
        }
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
            "try { f() } catch (e) {__vmjsCaught(e); g(e) }\ntry {} catch {}\n\
             try {} catch (__vmjsCaughtValue) {__vmjsCaught(__vmjsCaughtValue);try{throw __vmjsCaughtValue}catch({message}) {}/*__vmjsCaught*/}\n\
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

    /// A pattern's clause is nested in one that calls the hook: clauses inside it (and around it) keep
    /// theirs, the text of a function loses every inserted piece, and positions after them map back.
    #[test]
    fn a_pattern_clause_is_nested_in_one_that_calls_the_hook() {
        let code = "function f() { try { g() } catch ({ message, stack: [first] }) { try { h() } catch (e) { k(e) } return message } }\nz()";
        let instrumented = instrument_catches(code).expect("catch clauses");
        let ran = &instrumented.code;
        assert!(ran.contains("catch (__vmjsCaughtValue) {__vmjsCaught(__vmjsCaughtValue);try{throw __vmjsCaughtValue}catch({ message, stack: [first] }) {"), "{ran}");
        assert!(
            ran.contains("catch (e) {__vmjsCaught(e); k(e) } return message }/*__vmjsCaught*/} }"),
            "{ran}"
        );
        assert_eq!(strip_hook_calls(ran).as_deref(), Some(code));
        let column_of = |needle: &str| ran.find(needle).map(|at| at as u32 + 1).unwrap_or(0);
        let original_column = |needle: &str| code.find(needle).map(|at| at as u32 + 1).unwrap_or(0);
        for needle in ["g()", "message,", "h()", "k(e)", "return message"] {
            assert_eq!(
                instrumented.inserts.original_position(1, column_of(needle)),
                (1, original_column(needle)),
                "{needle}"
            );
        }
        assert_eq!(instrumented.inserts.original_position(2, 1), (2, 1));
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

    /// A wrapper's opening put before the text (a CommonJS module's function) and the calls inserted after it:
    /// positions of the first line map back past both, others past the calls only; inside the opening, to
    /// the text's start.
    #[test]
    fn an_opening_before_the_text_maps_back_with_the_calls() {
        let text = "try { f() } catch (e) { g(e) }\ntry {} catch (x) { h(x) }";
        let opening = "(function (a) {";
        let wrapped = format!("{opening}{text}\n}})");
        let instrumented = instrument_catches(&wrapped).expect("catch clauses");
        let inserts = instrumented
            .inserts
            .after_opening(opening.chars().count() as u32);
        let ran = &instrumented.code;
        let position_in = |code: &str, needle: &str| {
            let at = code.find(needle).unwrap();
            let line_start = code[..at].rfind('\n').map_or(0, |i| i + 1);
            (
                code[..at].matches('\n').count() as u32 + 1,
                (at - line_start) as u32 + 1,
            )
        };
        for needle in ["f()", "g(e)", "h(x)"] {
            let (line, column) = position_in(ran, needle);
            assert_eq!(
                inserts.original_position(line, column),
                position_in(text, needle),
                "{needle}"
            );
        }
        assert_eq!(inserts.original_position(1, 3), (1, 1));
        assert_eq!(CatchInserts::opening(15).original_position(1, 16), (1, 1));
        assert_eq!(CatchInserts::opening(15).original_position(2, 16), (2, 16));
        assert!(CatchInserts::opening(0).is_empty());
    }
}
