//! Reusing the index of the previous version after an edit, so the first query of a new version does not
//! pay for a whole parse and semantic pass (~10 ms on 12.5k lines).
//!
//! An edit lies inside one statement list: the program's, or the body of the innermost function around it.
//! The statements it touches, with one unchanged statement before them and one after (or the rest of the
//! body), form the *run*: only the run is parsed again, inside a wrapper that gives it the same context (the
//! same source type, strictness, `async` and generator), and its index is spliced into the previous one, whose
//! other entries only move by the edit's length. It is sound when:
//!
//! - the previous version parsed without an error and the run parses without one, its first and last
//!   statements exactly where the unchanged neighbours are (so automatic semicolon insertion at both ends
//!   decided the same, and nothing before or after the run reads differently);
//! - the run declares the same names, of the same kinds, into the list's scope before and after (names the
//!   rest of the scope resolves to, or that would newly shadow outer ones); names it declares inside its own
//!   blocks and functions are visible only inside it;
//! - in the program, the run holds no `import`/`export` (they decide module vs script and the module's
//!   bindings).
//!
//! Anything else returns `None` and the caller indexes the new text whole; so does TypeScript (its type and
//! value names resolve apart) and text with errors. Whenever it returns an index, it is the one a whole build
//! gives, up to the order of internal tables (`tests` compares them on thousands of random edits).

use oxc_allocator::Allocator;
use oxc_ast::AstKind;
use oxc_ast::ast::Program;
use oxc_parser::Parser;
use oxc_semantic::{Semantic, SemanticBuilder};
use oxc_span::{GetSpan, SourceType};

mod splice;
mod tables;

use super::build::{index_of, span_of};
use super::{NavigationIndex, TextSpan};
use crate::analysis::{MAX_NESTING, check_nesting};
use splice::Splice;

/// An edit of a text: the bytes `start..end` replaced by `inserted` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextEdit {
    /// The first byte replaced.
    pub start: usize,
    /// The byte after the last one replaced.
    pub end: usize,
    /// How many bytes replace them.
    pub inserted: usize,
}

impl TextEdit {
    /// One edit that does what `self` and then `next` (whose range is in the text `self` left) do: the range
    /// both cover.
    pub fn then(self, next: TextEdit) -> TextEdit {
        // In the text `self` left, the bytes `self.start..end_now` are new; the rest is the old text, moved.
        let end_now = self.start + self.inserted;
        let start = self.start.min(next.start);
        let covered_now = end_now.max(next.end);
        let end = if next.end > end_now {
            self.end + (next.end - end_now)
        } else {
            self.end
        };
        let end_after = covered_now - (next.end - next.start) + next.inserted;
        TextEdit {
            start,
            end,
            inserted: end_after - start,
        }
    }
}

/// What a reusable index keeps of its parse: how its statement lists can be parsed again.
#[derive(Debug, Clone)]
pub(super) struct Reuse {
    /// The program's source type as parsed (module or script resolved).
    source_type: SourceType,
    /// The program's and each function body's statements, sorted by start.
    lists: Vec<StatementList>,
    /// The program's `import` and `export` statements.
    module_declarations: Vec<TextSpan>,
}

/// A list of statements: the program, or a function's body.
#[derive(Debug, Clone)]
struct StatementList {
    /// The program, or the body with its braces.
    body: TextSpan,
    /// The scope its declarations bind in.
    scope: u32,
    /// Its statements (directives excluded), in order.
    statements: Vec<TextSpan>,
    /// How many directives (`"use strict"`) come before them.
    directives: usize,
    context: Context,
}

/// What a statement list's statements parse in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Program {
        strict: bool,
    },
    Function {
        is_async: bool,
        generator: bool,
        strict: bool,
    },
}

impl Context {
    /// The text to put before and after a run of this list's statements so it parses as it does in place.
    fn wrapper(self, source_type: SourceType) -> (String, &'static str) {
        match self {
            Context::Program { strict } if strict && !source_type.is_module() => {
                ("\"use strict\";".to_owned(), "")
            }
            Context::Program { .. } => (String::new(), ""),
            Context::Function {
                is_async,
                generator,
                strict,
            } => (
                format!(
                    "({}function{}(){{{}",
                    if is_async { "async " } else { "" },
                    if generator { "*" } else { "" },
                    if strict { "\"use strict\";" } else { "" }
                ),
                "\n})",
            ),
        }
    }
}

impl Reuse {
    /// The statement lists of a clean parse.
    pub(super) fn collect(semantic: &Semantic<'_>, program: &Program<'_>) -> Self {
        let scoping = semantic.scoping();
        let strict =
            |scope: oxc_syntax::scope::ScopeId| scoping.scope_flags(scope).is_strict_mode();
        let statements = |body: &[oxc_ast::ast::Statement<'_>]| -> Vec<TextSpan> {
            body.iter().map(|s| span_of(s.span())).collect()
        };
        let mut lists = Vec::new();
        for node in semantic.nodes().iter() {
            let scope = node.scope_id();
            let (body, list, directives, context) = match node.kind() {
                AstKind::Program(p) => (
                    p.span,
                    &p.body,
                    p.directives.len(),
                    Context::Program {
                        strict: strict(scope),
                    },
                ),
                AstKind::Function(f) => match &f.body {
                    Some(body) => (
                        body.span,
                        &body.statements,
                        body.directives.len(),
                        Context::Function {
                            is_async: f.r#async,
                            generator: f.generator,
                            strict: strict(f.scope_id()),
                        },
                    ),
                    None => continue,
                },
                AstKind::ArrowFunctionExpression(a) => match &a.body {
                    oxc_ast::ast::ArrowFunctionBody::FunctionBody(body) => (
                        body.span,
                        &body.statements,
                        body.directives.len(),
                        Context::Function {
                            is_async: a.r#async,
                            generator: false,
                            strict: strict(a.scope_id()),
                        },
                    ),
                    _ => continue,
                },
                _ => continue,
            };
            let scope = match node.kind() {
                AstKind::Function(f) => f.scope_id(),
                AstKind::ArrowFunctionExpression(a) => a.scope_id(),
                _ => scope,
            };
            lists.push(StatementList {
                body: span_of(body),
                scope: scope.index() as u32,
                statements: statements(list),
                directives,
                context,
            });
        }
        Self {
            source_type: program.source_type,
            lists,
            module_declarations: program
                .body
                .iter()
                .filter(|s| s.is_module_declaration())
                .map(|s| span_of(s.span()))
                .collect(),
        }
    }
}

/// Where the run is, in the old text and in the wrapped text parsed again.
struct Run {
    /// The run in the old text.
    old: TextSpan,
    /// Its length in the new text.
    new_len: usize,
    /// Where it starts in the wrapped text.
    header: usize,
}

impl Run {
    /// Whether an item of the old index lies in the run (and is replaced).
    fn holds_old(&self, span: TextSpan) -> bool {
        self.old.start <= span.start && span.end <= self.old.end
    }

    /// Where an offset of the old text outside the run is in the new text (`None` inside the run).
    fn old_offset(&self, offset: usize) -> Option<usize> {
        if offset <= self.old.start {
            Some(offset)
        } else if offset >= self.old.end {
            Some(offset - self.old.end + self.old.start + self.new_len)
        } else {
            None
        }
    }

    fn old_span(&self, span: TextSpan) -> Option<TextSpan> {
        Some(TextSpan::new(
            self.old_offset(span.start)?,
            self.old_offset(span.end)?,
        ))
    }

    /// Whether an item of the wrapped text's index lies in the run (and is taken).
    fn holds_new(&self, span: TextSpan) -> bool {
        self.header <= span.start && span.end <= self.header + self.new_len
    }

    /// Where a span of the wrapped text (inside the run) is in the new text.
    fn new_span(&self, span: TextSpan) -> TextSpan {
        TextSpan::new(
            span.start - self.header + self.old.start,
            span.end - self.header + self.old.start,
        )
    }
}

impl NavigationIndex {
    /// The index of `new_text` — `old_text` (this index's text) with `edit` applied — reusing this index
    /// where the edit cannot change it (see the module docs); `None` when it can, and the text must be
    /// indexed whole.
    pub fn edited(
        &self,
        old_text: &str,
        new_text: &str,
        edit: TextEdit,
    ) -> Option<NavigationIndex> {
        let reuse = self.reuse.as_ref()?;
        if old_text.len() != self.text_len
            || edit.start > edit.end
            || edit.end > self.text_len
            || self.text_len - (edit.end - edit.start) + edit.inserted != new_text.len()
        {
            return None;
        }
        // The innermost statement list around the edit (lists are sorted by start, outer ones first).
        let list = reuse.lists.iter().rev().find(|l| match l.context {
            Context::Program { .. } => true,
            Context::Function { .. } => l.body.start < edit.start && edit.end < l.body.end,
        })?;
        let statements = &list.statements;
        let first_touched = statements.partition_point(|s| s.end < edit.start);
        let after_touched = statements.partition_point(|s| s.start <= edit.end);
        // Without a statement before the edit, the run starts where the list does: its directives (none
        // before or after, or strictness would change outside the run) are in it.
        let before_index = first_touched.checked_sub(1);
        let after_index = after_touched.max(first_touched);
        let before = before_index.and_then(|i| statements.get(i));
        let after = statements.get(after_index);
        let (inner_start, inner_end) = match list.context {
            Context::Program { .. } => (list.body.start, list.body.end),
            Context::Function { .. } => (list.body.start + 1, list.body.end - 1),
        };
        if before.is_none() && list.directives > 0 {
            return None;
        }
        let old = TextSpan::new(
            before.map_or(inner_start, |s| s.start),
            after.map_or(inner_end, |s| s.end),
        );
        let new_len = (old.end - old.start + edit.inserted).checked_sub(edit.end - edit.start)?;
        if matches!(list.context, Context::Program { .. })
            && reuse
                .module_declarations
                .iter()
                .any(|m| m.end > old.start && m.start < old.end)
        {
            return None;
        }
        let (header, footer) = list.context.wrapper(reuse.source_type);
        let run = Run {
            old,
            new_len,
            header: header.len(),
        };
        let text = new_text.get(old.start..old.start + new_len)?;
        // A region around the run (a body, a literal) folds when it spans lines: whether it does changes only
        // when the run gains its first line break or loses its last.
        if old_text.get(old.start..old.end)?.contains('\n') != text.contains('\n') {
            return None;
        }
        let wrapped = format!("{header}{text}{footer}");
        let (part, part_reuse) = index_run(&wrapped, reuse.source_type)?;
        // The run's own list: the program's, or the wrapper function's (the second list, after the
        // program's).
        let part_list = match list.context {
            Context::Program { .. } => part_reuse.lists.first()?,
            Context::Function { .. } => part_reuse.lists.get(1)?,
        };
        // Both ends parsed where the unchanged neighbours are, and no directive came or went.
        let injected = usize::from(header.ends_with("\"use strict\";"));
        if part_list.directives != injected {
            return None;
        }
        if let Some(before) = before {
            let first = part_list.statements.first()?;
            if run.new_span(*first) != *before {
                return None;
            }
        }
        if let Some(after) = after {
            let last = part_list.statements.last()?;
            let moved = TextSpan::new(
                after.start + new_len + old.start - old.end,
                old.start + new_len,
            );
            if run.new_span(*last) != moved {
                return None;
            }
        }
        Splice {
            old: self,
            part: &part,
            run: &run,
            list,
            replaced: before_index.unwrap_or(0)..(after_index + 1).min(statements.len()),
            part_list,
            wrapped_len: wrapped.len(),
        }
        .apply(new_text.len(), reuse, &part_reuse)
    }
}

/// The index of a wrapped run and its statement lists, when it parses without an error and without module
/// syntax.
fn index_run(wrapped: &str, source_type: SourceType) -> Option<(NavigationIndex, Reuse)> {
    if check_nesting(wrapped, MAX_NESTING).is_err() {
        return None;
    }
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, wrapped, source_type).parse();
    if parsed.panicked || !parsed.diagnostics.is_empty() || parsed.module_record.has_module_syntax {
        return None;
    }
    let program = allocator.alloc(parsed.program);
    let semantic = SemanticBuilder::new()
        .with_build_nodes(true)
        .build(program)
        .semantic;
    Some((
        index_of(&semantic, program, wrapped),
        Reuse::collect(&semantic, program),
    ))
}

impl NavigationIndex {
    /// The symbol `name` resolves to from `scope` (declared there or in a scope around it), as numbered by
    /// `renumbered`; a symbol it drops is skipped (no longer declared).
    fn resolve(
        &self,
        scope: u32,
        name: &str,
        renumbered: impl Fn(u32) -> Option<u32>,
    ) -> Option<u32> {
        let mut current = Some(scope);
        while let Some(scope) = current {
            if let Some(symbol) = self.declares(scope, name).and_then(&renumbered) {
                return Some(symbol);
            }
            current = self.scopes.get(scope as usize)?.parent;
        }
        None
    }
}

#[cfg(test)]
mod tests;
