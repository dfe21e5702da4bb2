//! Selection ranges: the syntax nodes around a position, innermost first, each containing the one before.
//!
//! The node spans are kept sorted by start (longest first among equal starts) with each node's parent — the
//! nearest span that contains it — so a query is a binary search and a walk up the tree, never a scan.

use super::{NavigationIndex, TextSpan};

/// The spans of a program's syntax nodes as a tree of containment.
#[derive(Debug, Clone, Default)]
pub(super) struct SyntaxSpans {
    /// Sorted by start, then longest first; no duplicates, none empty.
    spans: Vec<TextSpan>,
    /// For each span, the index of the nearest span containing it (`u32::MAX` for none).
    parents: Vec<u32>,
}

const NO_PARENT: u32 = u32::MAX;

impl SyntaxSpans {
    /// The tree of `spans` (any order; empty spans and duplicates are dropped). Spans that overlap without
    /// nesting (oxc's spans nest) only lose the ancestors they do not lie inside.
    pub(super) fn new(mut spans: Vec<TextSpan>) -> Self {
        spans.retain(|span| span.end > span.start);
        sort_nearly_sorted(&mut spans);
        spans.dedup();
        let mut parents = Vec::with_capacity(spans.len());
        // The chain of open spans, outermost first: each contains the next.
        let mut open: Vec<u32> = Vec::new();
        for (i, span) in spans.iter().enumerate() {
            while let Some(&top) = open.last() {
                if spans[top as usize].contains_span(span) {
                    break;
                }
                open.pop();
            }
            parents.push(open.last().copied().unwrap_or(NO_PARENT));
            open.push(u32::try_from(i).unwrap_or(NO_PARENT));
        }
        Self { spans, parents }
    }

    /// These spans with those inside `old` (other than `keep`, the list holding it) replaced by the spans
    /// of `part` that `taken` maps into the new text (sorted and with their parents as they come), the rest
    /// moved by `moved`: what [`SyntaxSpans::new`] gives for the new text, without sorting again. `None`
    /// when a span straddles `old` or does not move.
    pub(super) fn replaced(
        &self,
        old: TextSpan,
        keep: TextSpan,
        moved: impl Fn(TextSpan) -> Option<TextSpan>,
        part: &SyntaxSpans,
        taken: impl Fn(TextSpan) -> Option<TextSpan>,
    ) -> Option<Self> {
        let inside = |s: &TextSpan| old.contains_span(s) && *s != keep;
        // Before: the spans starting before `old`, and those around it starting where it does.
        let mut before = self.spans.partition_point(|s| s.start < old.start);
        while self
            .spans
            .get(before)
            .is_some_and(|s| s.start == old.start && !inside(s))
        {
            before += 1;
        }
        let after = self.spans.partition_point(|s| s.start < old.end);
        if !self.spans[before..after].iter().all(inside) {
            return None;
        }
        let mut spans = Vec::with_capacity(self.spans.len());
        let mut parents = Vec::with_capacity(self.spans.len());
        for (span, parent) in self.spans[..before].iter().zip(&self.parents) {
            spans.push(moved(*span)?);
            parents.push(*parent);
        }
        // The innermost span around `old`: the parent of the part's outermost spans.
        let mut around = before.checked_sub(1).map_or(NO_PARENT, |i| i as u32);
        while around != NO_PARENT && !self.spans[around as usize].contains_span(&old) {
            around = self.parents[around as usize];
        }
        let mut part_index = vec![NO_PARENT; part.spans.len()];
        for (k, span) in part.spans.iter().enumerate() {
            let Some(span) = taken(*span) else {
                continue;
            };
            if spans.last() == Some(&span) {
                part_index[k] = (spans.len() - 1) as u32;
                continue;
            }
            let parent = part.parents[k];
            parents.push(match part_index.get(parent as usize) {
                Some(&index) if index != NO_PARENT => index,
                _ => around,
            });
            part_index[k] = spans.len() as u32;
            spans.push(span);
        }
        let taken_count = spans.len() - before;
        for (span, &parent) in self.spans[after..].iter().zip(&self.parents[after..]) {
            spans.push(moved(*span)?);
            parents.push(match parent as usize {
                p if parent == NO_PARENT || p < before => parent,
                p if p >= after => (p - after + before + taken_count) as u32,
                _ => return None,
            });
        }
        Some(Self { spans, parents })
    }

    /// The innermost span satisfying `around` among the ancestors (or self) of the last span starting at
    /// or before `offset` (`strictly_before`: before it).
    fn innermost(
        &self,
        offset: usize,
        strictly_before: bool,
        around: impl Fn(&TextSpan) -> bool,
    ) -> Option<usize> {
        let after = self.spans.partition_point(|span| {
            if strictly_before {
                span.start < offset
            } else {
                span.start <= offset
            }
        });
        let mut current = after.checked_sub(1)?;
        loop {
            if around(&self.spans[current]) {
                return Some(current);
            }
            let parent = self.parents[current];
            if parent == NO_PARENT {
                return None;
            }
            current = parent as usize;
        }
    }

    /// The spans around `offset`, innermost first, each containing the one before.
    ///
    /// A node that ends right at `offset` (the cursor just after a name) is preferred when it lies inside
    /// the innermost node that contains `offset` (`foo|(x)` starts with `foo`, not the call); otherwise the
    /// chain starts from the innermost node containing `offset` (`a;|b;` starts with `b`).
    pub(super) fn around(&self, offset: usize) -> Vec<TextSpan> {
        let inside = self.innermost(offset, false, |s| s.start <= offset && offset < s.end);
        let ending = self.innermost(offset, true, |s| s.start < offset && offset <= s.end);
        let start = match (inside, ending) {
            (Some(inside), Some(ending))
                if self.spans[inside].contains_span(&self.spans[ending]) =>
            {
                Some(ending)
            }
            (None, ending) => ending,
            (inside, _) => inside,
        };
        let mut chain = Vec::new();
        let mut current = start;
        while let Some(i) = current {
            chain.push(self.spans[i]);
            current = match self.parents[i] {
                NO_PARENT => None,
                parent => Some(parent as usize),
            };
        }
        chain
    }
}

/// Sorts spans by start, longest first. Node ids are in source order, parents before children, so the spans
/// come nearly sorted (a shorthand pattern's key before the `key = default` around it): an insertion sort is
/// a linear pass; past as many moves as spans it hands over to a general sort.
fn sort_nearly_sorted(spans: &mut [TextSpan]) {
    let key = |span: &TextSpan| (span.start, std::cmp::Reverse(span.end));
    let mut budget = spans.len();
    for i in 1..spans.len() {
        let mut j = i;
        while j > 0 && key(&spans[j - 1]) > key(&spans[j]) {
            if budget == 0 {
                spans.sort_unstable_by_key(key);
                return;
            }
            budget -= 1;
            spans.swap(j - 1, j);
            j -= 1;
        }
    }
}

impl NavigationIndex {
    /// The spans of the syntax around `offset`, innermost first, each containing the one before, ending with
    /// the whole text (also for an offset outside it, or an index of text that did not parse).
    pub fn selection_ranges(&self, offset: usize) -> Vec<TextSpan> {
        let mut spans = self.nodes.around(offset);
        let whole = TextSpan::new(0, self.text_len);
        spans.retain(|span| whole.contains_span(span));
        if spans.last() != Some(&whole) {
            spans.push(whole);
        }
        spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(src: &str, offset: usize) -> Vec<&str> {
        NavigationIndex::build(src, false)
            .selection_ranges(offset)
            .iter()
            .map(|s| &src[s.start..s.end])
            .collect()
    }

    #[test]
    fn ranges_nest_from_the_name_to_the_whole_text() {
        let src = "function f(a) {\n  return a.b + 1;\n}\n";
        let at = src.find("a.b").unwrap_or_default();
        assert_eq!(
            chain(src, at),
            [
                "a",
                "a.b",
                "a.b + 1",
                "return a.b + 1;",
                "{\n  return a.b + 1;\n}",
                "function f(a) {\n  return a.b + 1;\n}",
                src,
            ]
        );
    }

    #[test]
    fn cursor_after_a_name_selects_the_name() {
        let src = "foo(x);";
        assert_eq!(chain(src, 3), ["foo", "foo(x)", "foo(x);"]);
    }

    /// `a;|b;`: both statements touch the offset; the ranges must still nest (editors reject them otherwise).
    #[test]
    fn touching_siblings_still_give_a_nested_chain() {
        let src = "a;b;";
        assert_eq!(chain(src, 2), ["b", "b;", "a;b;"]);
        let index = NavigationIndex::build(src, false);
        for offset in 0..=src.len() + 2 {
            let ranges = index.selection_ranges(offset);
            assert!(ranges.windows(2).all(|w| w[1].contains_span(&w[0])));
        }
    }

    #[test]
    fn offsets_outside_the_text_give_the_whole_text() {
        let src = "let x = 1;";
        let index = NavigationIndex::build(src, false);
        assert_eq!(index.selection_ranges(1000), [TextSpan::new(0, src.len())]);
        assert_eq!(
            NavigationIndex::build("", false).selection_ranges(0),
            [TextSpan::new(0, 0)]
        );
    }

    /// A shorthand pattern with a default: oxc visits the key (`p`) before the `p = 1` around it.
    #[test]
    fn out_of_order_nodes_are_sorted_into_the_tree() {
        let src = "function f({ p = 1 }) {}";
        let at = src.find('p').unwrap_or_default();
        assert_eq!(
            chain(src, at),
            ["p", "p = 1", "{ p = 1 }", "({ p = 1 })", src]
        );
        let mut reversed: Vec<TextSpan> = (0..50).map(|i| TextSpan::new(50 - i, 100)).collect();
        sort_nearly_sorted(&mut reversed);
        assert!(reversed.is_sorted_by_key(|s| s.start));
    }

    #[test]
    fn overlapping_spans_keep_the_chain_nested() {
        let tree = SyntaxSpans::new(vec![
            TextSpan::new(0, 10),
            TextSpan::new(2, 6),
            TextSpan::new(4, 8),
            TextSpan::new(5, 5),
        ]);
        let chain = tree.around(5);
        assert_eq!(chain, [TextSpan::new(4, 8), TextSpan::new(0, 10)]);
    }
}
