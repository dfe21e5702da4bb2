//! Splicing the index of a run parsed again into the previous version's index: entries outside the run
//! move by the edit's length, the run's replace those inside it, and every table is renumbered in one pass.

use std::collections::HashMap;

use super::{Reuse, Run, StatementList};
use crate::analysis::navigation::build::resolve_exports;
use crate::analysis::navigation::{
    ArgumentKind, CallArgument, CallSite, ExportedName, FoldingRegion, NavigationIndex, Occurrence,
    OutlineSymbol, Scope, Shorthand, Symbol, Target, TextSpan, outline, ranges,
};

/// A number for a dropped table entry.
const GONE: u32 = u32::MAX;

/// The previous index with the run's index spliced in.
pub(super) struct Splice<'a> {
    pub(super) old: &'a NavigationIndex,
    /// The index of the wrapped run.
    pub(super) part: &'a NavigationIndex,
    pub(super) run: &'a Run,
    /// The statement list the run is in, and the run's statements in it.
    pub(super) list: &'a StatementList,
    pub(super) replaced: std::ops::Range<usize>,
    /// The run's statement list in the wrapped text.
    pub(super) part_list: &'a StatementList,
    pub(super) wrapped_len: usize,
}

/// The global names of the new index, numbered in order of first use.
#[derive(Default)]
struct Globals {
    list: Vec<(String, Vec<u32>)>,
    numbers: HashMap<String, u32>,
}

impl Globals {
    fn number(&mut self, name: &str) -> u32 {
        if let Some(&number) = self.numbers.get(name) {
            return number;
        }
        let number = self.list.len() as u32;
        self.list.push((name.to_owned(), Vec::new()));
        self.numbers.insert(name.to_owned(), number);
        number
    }
}

/// `numbers[i]`, unless the entry was dropped.
fn kept(numbers: &[u32], i: u32) -> Option<u32> {
    numbers.get(i as usize).copied().filter(|&n| n != GONE)
}

impl Splice<'_> {
    pub(super) fn apply(
        &self,
        text_len: usize,
        reuse: &Reuse,
        part_reuse: &Reuse,
    ) -> Option<NavigationIndex> {
        let (old, part, run) = (self.old, self.part, self.run);
        let list_scope = self.list.scope;
        let part_root = self.part_list.scope;

        // Scopes outside the run keep their place (renumbered); the run's own follow.
        let mut scope_map = vec![GONE; old.scopes.len()];
        let mut kept_scopes = Vec::new();
        for (i, scope) in old.scopes.iter().enumerate() {
            if i as u32 == list_scope || !run.holds_old(scope.span) {
                scope_map[i] = kept_scopes.len() as u32;
                kept_scopes.push(i);
            }
        }
        let mut part_scope_map = vec![GONE; part.scopes.len()];
        *part_scope_map.get_mut(part_root as usize)? = kept(&scope_map, list_scope)?;
        let mut part_scopes = Vec::new();
        for (i, scope) in part.scopes.iter().enumerate() {
            if i as u32 != part_root && run.holds_new(scope.span) {
                part_scope_map[i] = (kept_scopes.len() + part_scopes.len()) as u32;
                part_scopes.push(i);
            }
        }

        // Symbols declared outside the run, and those the run declares into the list's scope under a name
        // it declared before (the rest of the scope may read them), keep their place; the run's others
        // follow. A name the run no longer declares there must not be read outside it, and a name it newly
        // declares there must not appear outside it (it could shadow what such a name meant).
        let declared_now: HashMap<&str, usize> = part
            .symbols
            .iter()
            .enumerate()
            .filter(|(_, s)| s.scope == part_root)
            .map(|(i, s)| (s.name.as_str(), i))
            .collect();
        let outside = |occurrences: &[u32]| {
            occurrences
                .iter()
                .any(|&i| !run.holds_old(old.occurrences[i as usize].span))
        };
        let mut symbol_map = vec![GONE; old.symbols.len()];
        let mut symbols = Vec::with_capacity(old.symbols.len());
        let mut part_symbol_map = vec![GONE; part.symbols.len()];
        for (i, symbol) in old.symbols.iter().enumerate() {
            let span = if run.holds_old(symbol.span) {
                if symbol.scope != list_scope {
                    continue;
                }
                match declared_now.get(symbol.name.as_str()) {
                    Some(&now) => {
                        part_symbol_map[now] = symbols.len() as u32;
                        run.new_span(part.symbols[now].span)
                    }
                    None if outside(&symbol.occurrences) => return None,
                    None => continue,
                }
            } else {
                run.old_span(symbol.span)?
            };
            symbol_map[i] = symbols.len() as u32;
            symbols.push(Symbol {
                name: symbol.name.clone(),
                kind: symbol.kind,
                span,
                scope: kept(&scope_map, symbol.scope)?,
                occurrences: Vec::new(),
            });
        }
        let mut declared_newly = Vec::new();
        for (i, symbol) in part.symbols.iter().enumerate() {
            if symbol.scope == part_root {
                let number = part_symbol_map[i];
                if number != GONE {
                    symbols[number as usize].kind = symbol.kind;
                    continue;
                }
                let used_outside = old
                    .symbols
                    .iter()
                    .filter(|s| s.name == symbol.name)
                    .map(|s| &s.occurrences)
                    .chain(
                        old.globals
                            .iter()
                            .filter(|(name, _)| *name == symbol.name)
                            .map(|(_, occurrences)| occurrences),
                    )
                    .any(|occurrences| outside(occurrences));
                if used_outside {
                    return None;
                }
                declared_newly.push(symbols.len() as u32);
            } else if !run.holds_new(symbol.span) {
                return None;
            }
            part_symbol_map[i] = symbols.len() as u32;
            symbols.push(Symbol {
                name: symbol.name.clone(),
                kind: symbol.kind,
                span: run.new_span(symbol.span),
                scope: kept(&part_scope_map, symbol.scope)?,
                occurrences: Vec::new(),
            });
        }

        let mut scopes = Vec::with_capacity(kept_scopes.len() + part_scopes.len());
        for &i in &kept_scopes {
            let scope = &old.scopes[i];
            scopes.push(Scope {
                parent: match scope.parent {
                    Some(parent) => Some(kept(&scope_map, parent)?),
                    None => None,
                },
                span: run.old_span(scope.span)?,
                symbols: if i as u32 == list_scope {
                    // Less the names the run no longer declares, plus those it newly declares.
                    scope
                        .symbols
                        .iter()
                        .filter_map(|&symbol| kept(&symbol_map, symbol))
                        .chain(declared_newly.iter().copied())
                        .collect()
                } else {
                    scope
                        .symbols
                        .iter()
                        .map(|&symbol| kept(&symbol_map, symbol))
                        .collect::<Option<_>>()?
                },
            });
        }
        for &i in &part_scopes {
            let scope = &part.scopes[i];
            scopes.push(Scope {
                parent: Some(kept(&part_scope_map, scope.parent?)?),
                span: run.new_span(scope.span),
                symbols: scope
                    .symbols
                    .iter()
                    .map(|&symbol| kept(&part_symbol_map, symbol))
                    .collect::<Option<_>>()?,
            });
        }

        // Occurrences: the old ones before the run, the run's, the old ones after it.
        let mut globals = Globals::default();
        let mut occurrences = Vec::with_capacity(old.occurrences.len());
        let mut occurrence_scopes = Vec::with_capacity(old.occurrences.len());
        let before = old
            .occurrences
            .partition_point(|o| o.span.start < run.old.start);
        let after = old
            .occurrences
            .partition_point(|o| o.span.start < run.old.end);
        if !old.occurrences[before..after]
            .iter()
            .all(|o| run.holds_old(o.span))
        {
            return None;
        }
        let keep_old = |range: std::ops::Range<usize>,
                        occurrences: &mut Vec<Occurrence>,
                        occurrence_scopes: &mut Vec<u32>,
                        globals: &mut Globals|
         -> Option<()> {
            for i in range {
                let occurrence = old.occurrences[i];
                occurrences.push(Occurrence {
                    span: run.old_span(occurrence.span)?,
                    kind: occurrence.kind,
                    target: match occurrence.target {
                        Target::Symbol(s) => Target::Symbol(kept(&symbol_map, s)?),
                        Target::Global(g) => {
                            Target::Global(globals.number(&old.globals.get(g as usize)?.0))
                        }
                    },
                });
                occurrence_scopes.push(kept(&scope_map, old.occurrence_scopes[i])?);
            }
            Some(())
        };
        keep_old(
            0..before,
            &mut occurrences,
            &mut occurrence_scopes,
            &mut globals,
        )?;
        for (i, occurrence) in part.occurrences.iter().enumerate() {
            if !run.holds_new(occurrence.span) {
                continue;
            }
            let target = match occurrence.target {
                Target::Symbol(s) => Target::Symbol(kept(&part_symbol_map, s)?),
                Target::Global(g) => {
                    let name = &part.globals.get(g as usize)?.0;
                    // Resolved around the list's scope as it is now (the run resolved its own names).
                    match old.resolve(list_scope, name, |symbol| kept(&symbol_map, symbol)) {
                        Some(symbol) => Target::Symbol(symbol),
                        None => Target::Global(globals.number(name)),
                    }
                }
            };
            occurrences.push(Occurrence {
                span: run.new_span(occurrence.span),
                kind: occurrence.kind,
                target,
            });
            occurrence_scopes.push(kept(&part_scope_map, part.occurrence_scopes[i])?);
        }
        keep_old(
            after..old.occurrences.len(),
            &mut occurrences,
            &mut occurrence_scopes,
            &mut globals,
        )?;
        for (i, occurrence) in occurrences.iter().enumerate() {
            match occurrence.target {
                Target::Symbol(s) => symbols[s as usize].occurrences.push(i as u32),
                Target::Global(g) => globals.list[g as usize].1.push(i as u32),
            }
        }

        let mut index = NavigationIndex {
            occurrences,
            occurrence_scopes,
            symbols,
            scopes,
            globals: globals.list,
            shorthands: self.shorthands(),
            imports: old
                .imports
                .iter()
                .map(|import| {
                    let mut import = import.clone();
                    import.local_span = run.old_span(import.local_span)?;
                    import.imported_span = match import.imported_span {
                        Some(span) => Some(run.old_span(span)?),
                        None => None,
                    };
                    Some(import)
                })
                .collect::<Option<_>>()?,
            exports: self.exports()?,
            outline: self.outline()?,
            folds: self.folds()?,
            nodes: self.nodes()?,
            calls: self.calls()?,
            parameters: self.keyed(&old.parameters, &part.parameters)?,
            stated_types: self.keyed(&old.stated_types, &part.stated_types)?,
            text_len,
            reuse: None,
        };
        // The run's declarations into the list's scope moved: exports of them point at the new places.
        resolve_exports(&mut index);
        index.reuse = Some(self.reuse(reuse, part_reuse, &scope_map, &part_scope_map)?);
        Some(index)
    }

    fn shorthands(&self) -> Vec<(usize, Shorthand)> {
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

    /// The exports, moved; those pointing into the run are pointed again by [`resolve_exports`].
    fn exports(&self) -> Option<Vec<ExportedName>> {
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

    fn outline(&self) -> Option<Vec<OutlineSymbol>> {
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

    fn folds(&self) -> Option<Vec<FoldingRegion>> {
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

    fn nodes(&self) -> Option<ranges::SyntaxSpans> {
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

    fn calls(&self) -> Option<Vec<CallSite>> {
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
    fn keyed<T: Moved>(
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

    fn reuse(
        &self,
        reuse: &Reuse,
        part_reuse: &Reuse,
        scope_map: &[u32],
        part_scope_map: &[u32],
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
                scope: kept(scope_map, list.scope)?,
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
                scope: kept(part_scope_map, list.scope)?,
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
trait Moved: Sized {
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
