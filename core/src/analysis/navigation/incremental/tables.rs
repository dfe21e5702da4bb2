//! The tables of the spliced index that hold spans only (no numbering): each is the old table outside the run,
//! moved, with the run's in its place.

use super::splice::{Numbers, Splice};
use super::{Reuse, Run, StatementList};
use crate::analysis::navigation::{
    ArgumentKind, CallArgument, CallSite, ExportedName, FoldingRegion, ImportBinding,
    OutlineSymbol, Shorthand, TextSpan, outline, ranges,
};

impl Splice<'_> {
    /// The imports, moved (a run holds none).
    pub(super) fn imports(&self) -> Option<Vec<ImportBinding>> {
        self.old
            .imports
            .iter()
            .map(|import| {
                let mut import = import.clone();
                import.local_span = self.run.old_span(import.local_span)?;
                import.imported_span = match import.imported_span {
                    Some(span) => Some(self.run.old_span(span)?),
                    None => None,
                };
                Some(import)
            })
            .collect()
    }

    /// Where shorthand names are written: the old ones outside the run, moved, and the run's.
    pub(super) fn shorthands(&self) -> Vec<(usize, Shorthand)> {
        let run = self.run;
        let old = &self.old.shorthands;
        let before = old.partition_point(|(at, _)| *at < run.old.start);
        let after = old.partition_point(|(at, _)| *at < run.old.end);
        let moved = run.old.start + run.new_len;
        old[..before]
            .iter()
            .copied()
            .chain(
                self.part
                    .shorthands
                    .iter()
                    .filter(|(at, _)| run.holds_new(TextSpan::new(*at, *at)))
                    .map(|&(at, kind)| (run.new_span(TextSpan::new(at, at)).start, kind)),
            )
            .chain(
                old[after..]
                    .iter()
                    .map(|&(at, kind)| (at - run.old.end + moved, kind)),
            )
            .collect()
    }

    /// The exports, moved; those pointing into the run are pointed again by `build::resolve_exports`.
    pub(super) fn exports(&self) -> Option<Vec<ExportedName>> {
        let run = self.run;
        self.old
            .exports
            .iter()
            .map(|export| {
                let mut export = export.clone();
                if let Some(span) = export.exported_span {
                    export.exported_span = Some(run.old_span(span)?);
                }
                if let Some((_, span)) = &mut export.local {
                    *span = run.old_span(*span)?;
                }
                export.declaration = match export.declaration {
                    Some(span) if run.holds_old(span) => None,
                    Some(span) => Some(run.old_span(span)?),
                    None => None,
                };
                Some(export)
            })
            .collect()
    }

    /// The outline, the run's entries in the entry around the run (or at the top level).
    pub(super) fn outline(&self) -> Option<Vec<OutlineSymbol>> {
        let run = self.run;
        let mut part = Vec::new();
        flatten(&self.part.outline, &mut part);
        part.retain(|entry| run.holds_new(entry.span));
        for entry in &mut part {
            entry.span = run.new_span(entry.span);
            entry.name_span = run.new_span(entry.name_span);
        }
        outline_spliced(&self.old.outline, run, outline::nest(part))
    }

    /// The folding regions: the old ones outside the run, moved, and the run's.
    pub(super) fn folds(&self) -> Option<Vec<FoldingRegion>> {
        let run = self.run;
        let mut folds = Vec::with_capacity(self.old.folds.len());
        for fold in &self.old.folds {
            if run.holds_old(fold.span) {
                continue;
            }
            folds.push(FoldingRegion {
                span: run.old_span(fold.span)?,
                kind: fold.kind,
            });
        }
        folds.extend(
            self.part
                .folds
                .iter()
                .filter(|f| run.holds_new(f.span))
                .map(|f| FoldingRegion {
                    span: run.new_span(f.span),
                    kind: f.kind,
                }),
        );
        folds.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
        folds.dedup_by_key(|f| f.span);
        Some(folds)
    }

    /// The syntax node spans: the old ones outside the run (and the list's own), moved, and the run's.
    pub(super) fn nodes(&self) -> Option<ranges::SyntaxSpans> {
        let run = self.run;
        let whole = TextSpan::new(0, self.wrapped_len);
        self.old.nodes.replaced(
            run.old,
            self.list.body,
            |span| run.old_span(span),
            &self.part.nodes,
            |span| (run.holds_new(span) && span != whole).then(|| run.new_span(span)),
        )
    }

    /// The calls, in text order: the old ones before the run, the run's, the old ones after it, moved.
    pub(super) fn calls(&self) -> Option<Vec<CallSite>> {
        let run = self.run;
        let old = &self.old.calls;
        let before = old.partition_point(|c| c.span.start < run.old.start);
        let after = old.partition_point(|c| c.span.start < run.old.end);
        if !old[before..after].iter().all(|c| run.holds_old(c.span)) {
            return None;
        }
        let mut calls = Vec::with_capacity(old.len());
        let moved = |call: &CallSite, at: &dyn Fn(TextSpan) -> Option<TextSpan>| {
            Some(CallSite {
                span: at(call.span)?,
                callee: at(call.callee)?,
                is_member: call.is_member,
                arguments: call
                    .arguments
                    .iter()
                    .map(|a| {
                        Some(CallArgument {
                            span: at(a.span)?,
                            kind: match a.kind {
                                ArgumentKind::Name(span) => ArgumentKind::Name(at(span)?),
                                kind => kind,
                            },
                        })
                    })
                    .collect::<Option<_>>()?,
            })
        };
        let at_old = |span| run.old_span(span);
        let at_new = |span| Some(run.new_span(span));
        for call in &old[..before] {
            calls.push(moved(call, &at_old)?);
        }
        for call in self.part.calls.iter().filter(|c| run.holds_new(c.span)) {
            calls.push(moved(call, &at_new)?);
        }
        for call in &old[after..] {
            calls.push(moved(call, &at_old)?);
        }
        Some(calls)
    }

    /// A table keyed by a declaring identifier (sorted by it): the old entries outside the run, moved, and
    /// the run's.
    pub(super) fn keyed<T: Moved>(
        &self,
        old: &[(TextSpan, T)],
        part: &[(TextSpan, T)],
    ) -> Option<Vec<(TextSpan, T)>> {
        let run = self.run;
        let mut out = Vec::with_capacity(old.len());
        for (key, value) in old {
            if !run.holds_old(*key) {
                out.push((run.old_span(*key)?, value.moved(&|s| run.old_span(s))?));
            }
        }
        for (key, value) in part {
            if run.holds_new(*key) {
                out.push((run.new_span(*key), value.moved(&|s| Some(run.new_span(s)))?));
            }
        }
        out.sort_by_key(|(key, _)| *key);
        Some(out)
    }

    /// The statement lists of the new text (for the next edit): the old ones outside the run, moved, the run's
    /// list with the run's statements in place of the replaced ones, and the lists inside the run.
    pub(super) fn reuse(
        &self,
        reuse: &Reuse,
        part_reuse: &Reuse,
        scopes: &Numbers,
    ) -> Option<Reuse> {
        let run = self.run;
        let mut lists = Vec::with_capacity(reuse.lists.len());
        for list in &reuse.lists {
            let is_the_list = std::ptr::eq(list, self.list);
            if run.holds_old(list.body) && !is_the_list {
                continue;
            }
            let moved = |spans: &[TextSpan]| -> Option<Vec<TextSpan>> {
                spans.iter().map(|s| run.old_span(*s)).collect()
            };
            let statements = if is_the_list {
                let mut statements = moved(&list.statements[..self.replaced.start])?;
                statements.extend(self.part_list.statements.iter().map(|s| run.new_span(*s)));
                statements.extend(moved(&list.statements[self.replaced.end..])?);
                statements
            } else {
                moved(&list.statements)?
            };
            lists.push(StatementList {
                body: run.old_span(list.body)?,
                scope: scopes.old(list.scope)?,
                statements,
                directives: list.directives,
                context: list.context,
            });
        }
        for list in &part_reuse.lists {
            if std::ptr::eq(list, self.part_list) || !run.holds_new(list.body) {
                continue;
            }
            lists.push(StatementList {
                body: run.new_span(list.body),
                scope: scopes.part(list.scope)?,
                statements: list.statements.iter().map(|s| run.new_span(*s)).collect(),
                directives: list.directives,
                context: list.context,
            });
        }
        lists.sort_by_key(|l| l.body.start);
        Some(Reuse {
            source_type: reuse.source_type,
            lists,
            module_declarations: reuse
                .module_declarations
                .iter()
                .map(|s| run.old_span(*s))
                .collect::<Option<_>>()?,
        })
    }
}

/// An entry keyed by a declaring identifier whose other spans move with it.
pub(super) trait Moved: Sized {
    fn moved(&self, at: &dyn Fn(TextSpan) -> Option<TextSpan>) -> Option<Self>;
}

impl Moved for TextSpan {
    fn moved(&self, at: &dyn Fn(TextSpan) -> Option<TextSpan>) -> Option<Self> {
        at(*self)
    }
}

impl Moved for Vec<crate::analysis::signature::Parameter> {
    fn moved(&self, _: &dyn Fn(TextSpan) -> Option<TextSpan>) -> Option<Self> {
        Some(self.clone())
    }
}

/// `entries` (one level of the outline) with those in the run replaced by `part`, which goes into the entry
/// around the run, or at this level in text order when none is.
fn outline_spliced(
    entries: &[OutlineSymbol],
    run: &Run,
    part: Vec<OutlineSymbol>,
) -> Option<Vec<OutlineSymbol>> {
    let around = entries.iter().position(|e| {
        !run.holds_old(e.span) && e.span.start <= run.old.start && run.old.end <= e.span.end
    });
    let mut part = Some(part);
    let mut out = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        if run.holds_old(entry.span) {
            continue;
        }
        if Some(i) == around {
            out.push(OutlineSymbol {
                name: entry.name.clone(),
                kind: entry.kind,
                span: run.old_span(entry.span)?,
                name_span: run.old_span(entry.name_span)?,
                children: outline_spliced(&entry.children, run, part.take()?)?,
            });
            continue;
        }
        if around.is_none() && entry.span.start >= run.old.end {
            out.extend(part.take().into_iter().flatten());
        }
        out.push(outline_moved(entry, run)?);
    }
    if around.is_none() {
        out.extend(part.take().into_iter().flatten());
    }
    Some(out)
}

/// An outline entry outside the run, moved.
fn outline_moved(entry: &OutlineSymbol, run: &Run) -> Option<OutlineSymbol> {
    Some(OutlineSymbol {
        name: entry.name.clone(),
        kind: entry.kind,
        span: run.old_span(entry.span)?,
        name_span: run.old_span(entry.name_span)?,
        children: entry
            .children
            .iter()
            .map(|child| outline_moved(child, run))
            .collect::<Option<_>>()?,
    })
}

/// Every entry of an outline, without children, parents first.
fn flatten(entries: &[OutlineSymbol], out: &mut Vec<OutlineSymbol>) {
    for entry in entries {
        out.push(OutlineSymbol {
            name: entry.name.clone(),
            kind: entry.kind,
            span: entry.span,
            name_span: entry.name_span,
            children: Vec::new(),
        });
        flatten(&entry.children, out);
    }
}
