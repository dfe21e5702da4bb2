//! Splicing the index of a run parsed again into the previous version's index: entries outside the run
//! move by the edit's length, the run's replace those inside it, and every table is renumbered in one pass.

use std::collections::HashMap;

use super::{Reuse, Run, StatementList};
use crate::analysis::navigation::build::resolve_exports;
use crate::analysis::navigation::{NavigationIndex, Occurrence, Scope, Symbol, Target};

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
    /// The new number of each old global, once used (`GONE` before): a name is hashed once per old global,
    /// not once per occurrence.
    of_old: Vec<u32>,
}

impl Globals {
    /// The new number of the old index's global `g` (`None` if `old` has no such global).
    fn old(&mut self, old: &NavigationIndex, g: u32) -> Option<u32> {
        if self.of_old.is_empty() {
            self.of_old = vec![GONE; old.globals.len()];
        }
        let known = *self.of_old.get(g as usize)?;
        if known != GONE {
            return Some(known);
        }
        let number = self.number(&old.globals.get(g as usize)?.0);
        self.of_old[g as usize] = number;
        Some(number)
    }

    /// The new number of the global `name`.
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

/// Where the entries of one table (scopes, symbols) go in the new index: the old index's and the run's.
pub(super) struct Numbers {
    old: Vec<u32>,
    part: Vec<u32>,
}

impl Numbers {
    pub(super) fn old(&self, i: u32) -> Option<u32> {
        kept(&self.old, i)
    }

    pub(super) fn part(&self, i: u32) -> Option<u32> {
        kept(&self.part, i)
    }
}

/// The new index's occurrences, the scope each is in, and its global names.
#[derive(Default)]
struct Occurrences {
    list: Vec<Occurrence>,
    scopes: Vec<u32>,
    globals: Globals,
}

impl Splice<'_> {
    pub(super) fn apply(
        &self,
        text_len: usize,
        reuse: &Reuse,
        part_reuse: &Reuse,
    ) -> Option<NavigationIndex> {
        let (scope_numbers, kept_scopes, taken_scopes) = self.scope_numbers()?;
        let (mut symbols, symbol_numbers, declared_newly) = self.symbols(&scope_numbers)?;
        let scopes = self.scopes(
            &kept_scopes,
            &taken_scopes,
            &scope_numbers,
            &symbol_numbers,
            &declared_newly,
        )?;
        let mut occurrences = self.occurrences(&scope_numbers, &symbol_numbers)?;
        for (i, occurrence) in occurrences.list.iter().enumerate() {
            match occurrence.target {
                Target::Symbol(s) => symbols[s as usize].occurrences.push(i as u32),
                Target::Global(g) => occurrences.globals.list[g as usize].1.push(i as u32),
            }
        }
        let (old, part) = (self.old, self.part);
        let mut index = NavigationIndex {
            occurrences: occurrences.list,
            occurrence_scopes: occurrences.scopes,
            symbols,
            scopes,
            globals: occurrences.globals.list,
            shorthands: self.shorthands(),
            imports: self.imports()?,
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
        index.reuse = Some(self.reuse(reuse, part_reuse, &scope_numbers)?);
        Some(index)
    }

    /// Scopes outside the run keep their place (renumbered), the run's own follow; the run's outermost is the
    /// list's. Also the old scopes kept and the run's taken, in their new order.
    fn scope_numbers(&self) -> Option<(Numbers, Vec<usize>, Vec<usize>)> {
        let (old, part, run) = (self.old, self.part, self.run);
        let mut numbers = Numbers {
            old: vec![GONE; old.scopes.len()],
            part: vec![GONE; part.scopes.len()],
        };
        let mut kept_scopes = Vec::new();
        for (i, scope) in old.scopes.iter().enumerate() {
            if i as u32 == self.list.scope || !run.holds_old(scope.span) {
                numbers.old[i] = kept_scopes.len() as u32;
                kept_scopes.push(i);
            }
        }
        *numbers.part.get_mut(self.part_list.scope as usize)? = numbers.old(self.list.scope)?;
        let mut taken = Vec::new();
        for (i, scope) in part.scopes.iter().enumerate() {
            if i as u32 != self.part_list.scope && run.holds_new(scope.span) {
                numbers.part[i] = (kept_scopes.len() + taken.len()) as u32;
                taken.push(i);
            }
        }
        Some((numbers, kept_scopes, taken))
    }

    /// Symbols declared outside the run, and those the run declares into the list's scope under a name it
    /// declared before (the rest of the scope may read them), keep their place; the run's others follow. A
    /// name the run no longer declares there must not be read outside it, and a name it newly declares there
    /// must not appear outside it (it could shadow what such a name meant). Also the symbols newly declared
    /// into the list's scope.
    fn symbols(&self, scopes: &Numbers) -> Option<(Vec<Symbol>, Numbers, Vec<u32>)> {
        let (old, part, run) = (self.old, self.part, self.run);
        let part_root = self.part_list.scope;
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
        let mut numbers = Numbers {
            old: vec![GONE; old.symbols.len()],
            part: vec![GONE; part.symbols.len()],
        };
        let mut symbols = Vec::with_capacity(old.symbols.len());
        for (i, symbol) in old.symbols.iter().enumerate() {
            let span = if run.holds_old(symbol.span) {
                if symbol.scope != self.list.scope {
                    continue;
                }
                match declared_now.get(symbol.name.as_str()) {
                    Some(&now) => {
                        numbers.part[now] = symbols.len() as u32;
                        run.new_span(part.symbols[now].span)
                    }
                    None if outside(&symbol.occurrences) => return None,
                    None => continue,
                }
            } else {
                run.old_span(symbol.span)?
            };
            numbers.old[i] = symbols.len() as u32;
            symbols.push(Symbol {
                name: symbol.name.clone(),
                kind: symbol.kind,
                span,
                scope: scopes.old(symbol.scope)?,
                occurrences: Vec::new(),
            });
        }
        let mut declared_newly = Vec::new();
        for (i, symbol) in part.symbols.iter().enumerate() {
            if symbol.scope == part_root {
                if let Some(number) = numbers.part(i as u32) {
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
            numbers.part[i] = symbols.len() as u32;
            symbols.push(Symbol {
                name: symbol.name.clone(),
                kind: symbol.kind,
                span: run.new_span(symbol.span),
                scope: scopes.part(symbol.scope)?,
                occurrences: Vec::new(),
            });
        }
        Some((symbols, numbers, declared_newly))
    }

    /// The scope table: the old scopes kept, then the run's taken, renumbered.
    fn scopes(
        &self,
        kept_scopes: &[usize],
        taken: &[usize],
        scopes: &Numbers,
        symbols: &Numbers,
        declared_newly: &[u32],
    ) -> Option<Vec<Scope>> {
        let run = self.run;
        let mut out = Vec::with_capacity(kept_scopes.len() + taken.len());
        for &i in kept_scopes {
            let scope = &self.old.scopes[i];
            out.push(Scope {
                parent: match scope.parent {
                    Some(parent) => Some(scopes.old(parent)?),
                    None => None,
                },
                span: run.old_span(scope.span)?,
                symbols: if i as u32 == self.list.scope {
                    // Less the names the run no longer declares, plus those it newly declares.
                    scope
                        .symbols
                        .iter()
                        .filter_map(|&symbol| symbols.old(symbol))
                        .chain(declared_newly.iter().copied())
                        .collect()
                } else {
                    scope
                        .symbols
                        .iter()
                        .map(|&symbol| symbols.old(symbol))
                        .collect::<Option<_>>()?
                },
            });
        }
        for &i in taken {
            let scope = &self.part.scopes[i];
            out.push(Scope {
                parent: Some(scopes.part(scope.parent?)?),
                span: run.new_span(scope.span),
                symbols: scope
                    .symbols
                    .iter()
                    .map(|&symbol| symbols.part(symbol))
                    .collect::<Option<_>>()?,
            });
        }
        Some(out)
    }

    /// The occurrences: the old ones before the run, the run's, the old ones after it.
    fn occurrences(&self, scopes: &Numbers, symbols: &Numbers) -> Option<Occurrences> {
        let (old, part, run) = (self.old, self.part, self.run);
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
        let mut out = Occurrences::default();
        self.old_occurrences(0..before, scopes, symbols, &mut out)?;
        for (i, occurrence) in part.occurrences.iter().enumerate() {
            if !run.holds_new(occurrence.span) {
                continue;
            }
            let target = match occurrence.target {
                Target::Symbol(s) => Target::Symbol(symbols.part(s)?),
                Target::Global(g) => {
                    let name = &part.globals.get(g as usize)?.0;
                    // Resolved around the list's scope as it is now (the run resolved its own names).
                    match old.resolve(self.list.scope, name, |symbol| symbols.old(symbol)) {
                        Some(symbol) => Target::Symbol(symbol),
                        None => Target::Global(out.globals.number(name)),
                    }
                }
            };
            out.list.push(Occurrence {
                span: run.new_span(occurrence.span),
                kind: occurrence.kind,
                target,
            });
            out.scopes.push(scopes.part(part.occurrence_scopes[i])?);
        }
        self.old_occurrences(after..old.occurrences.len(), scopes, symbols, &mut out)?;
        Some(out)
    }

    /// The old occurrences in `range` (outside the run), moved and renumbered.
    fn old_occurrences(
        &self,
        range: std::ops::Range<usize>,
        scopes: &Numbers,
        symbols: &Numbers,
        out: &mut Occurrences,
    ) -> Option<()> {
        let old = self.old;
        for i in range {
            let occurrence = old.occurrences[i];
            out.list.push(Occurrence {
                span: self.run.old_span(occurrence.span)?,
                kind: occurrence.kind,
                target: match occurrence.target {
                    Target::Symbol(s) => Target::Symbol(symbols.old(s)?),
                    Target::Global(g) => Target::Global(out.globals.old(old, g)?),
                },
            });
            out.scopes.push(scopes.old(old.occurrence_scopes[i])?);
        }
        Some(())
    }
}
