use super::*;
use crate::analysis::navigation::{SymbolKind, Target};

/// Everything an index answers from, with internal numbering replaced by what it names, in a fixed order:
/// two indexes of one text give the same string whatever order their tables were built in.
fn canonical(index: &NavigationIndex) -> String {
    use std::fmt::Write;
    let scope_span = |scope: u32| index.scopes[scope as usize].span;
    let target = |target: Target| match target {
        Target::Symbol(s) => {
            let symbol = &index.symbols[s as usize];
            format!("{}@{:?}:{:?}", symbol.name, symbol.span, symbol.kind)
        }
        Target::Global(g) => format!("global {}", index.globals[g as usize].0),
    };
    let mut out = String::new();
    for (i, o) in index.occurrences.iter().enumerate() {
        let scope = scope_span(index.occurrence_scopes[i]);
        let _ = writeln!(
            out,
            "occ {:?} {:?} {} in {scope:?}",
            o.span,
            o.kind,
            target(o.target)
        );
    }
    let spans = |list: &[u32]| -> Vec<TextSpan> {
        list.iter()
            .map(|&i| index.occurrences[i as usize].span)
            .collect()
    };
    let mut symbols: Vec<String> = index
        .symbols
        .iter()
        .map(|s| {
            format!(
                "sym {} {:?} {:?} in {:?}: {:?}",
                s.name,
                s.kind,
                s.span,
                scope_span(s.scope),
                spans(&s.occurrences)
            )
        })
        .collect();
    symbols.sort();
    let mut scopes: Vec<String> = index
        .scopes
        .iter()
        .map(|s| {
            let mut names: Vec<String> = s
                .symbols
                .iter()
                .map(|&symbol| {
                    let symbol = &index.symbols[symbol as usize];
                    format!("{}@{:?}", symbol.name, symbol.span)
                })
                .collect();
            names.sort();
            format!(
                "scope {:?} in {:?}: {names:?}",
                s.span,
                s.parent.map(scope_span)
            )
        })
        .collect();
    scopes.sort();
    let mut globals: Vec<String> = index
        .globals
        .iter()
        .map(|(name, list)| format!("global {name}: {:?}", spans(list)))
        .collect();
    globals.sort();
    for line in symbols.iter().chain(&scopes).chain(&globals) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "shorthands {:?}", index.shorthands);
    let _ = writeln!(
        out,
        "imports {:?}\nexports {:?}",
        index.imports, index.exports
    );
    let _ = writeln!(out, "outline {:?}\nfolds {:?}", index.outline, index.folds);
    let _ = writeln!(out, "nodes {:?}", index.nodes);
    let _ = writeln!(out, "calls {:?}", index.calls);
    let _ = writeln!(out, "parameters {:?}", index.parameters);
    let _ = writeln!(
        out,
        "types {:?}\nlen {}",
        index.stated_types, index.text_len
    );
    if let Some(reuse) = &index.reuse {
        let _ = writeln!(out, "source {:?}", reuse.source_type);
        for list in &reuse.lists {
            let _ = writeln!(
                out,
                "list {:?} in {:?} {:?}: {:?}",
                list.body,
                scope_span(list.scope),
                list.context,
                list.statements
            );
        }
        let _ = writeln!(out, "modules {:?}", reuse.module_declarations);
    }
    out
}

/// `text` with `edit` applied (`inserted` the new bytes).
fn apply(text: &str, start: usize, end: usize, inserted: &str) -> (String, TextEdit) {
    let mut out = text.to_owned();
    out.replace_range(start..end, inserted);
    (
        out,
        TextEdit {
            start,
            end,
            inserted: inserted.len(),
        },
    )
}

/// The index of `text` after the edit, reused from `before`'s; fails if it differs from a whole build.
fn reused(before: &str, start: usize, end: usize, inserted: &str) -> Option<NavigationIndex> {
    let (after, edit) = apply(before, start, end, inserted);
    let index = NavigationIndex::build(before, false).edited(before, &after, edit)?;
    assert_eq!(
        canonical(&index),
        canonical(&NavigationIndex::build(&after, false)),
        "{after}"
    );
    Some(index)
}

const SAMPLE: &str = r#"'use strict';
var counter = 0;
const limit = 10, names = ['a', 'b'];
let shared = { limit, names, nested: { deep: 1 } };

function outer(a, { b, c = 2 }, ...rest) {
  var hoisted = a;
  let local = b + c;
  function inner(x) {
    const twice = x * 2;
    return twice + local + hoisted;
  }
  for (let i = 0; i < rest.length; i++) {
    counter += inner(rest[i]);
  }
  label: for (const n of names) {
    if (n === 'b') break label;
    try {
      inner(n);
    } catch (err) {
      console.log(err, `at ${n}
        (multi-line template)`);
    }
  }
  return () => {
    const arrowLocal = local;
    return { arrowLocal, local };
  };
}

async function* stream(items) {
  for await (const item of items) {
    yield await item;
  }
}

class Shape {
  #secret = 1;
  static count = 0;
  constructor(width, height) {
    this.width = width;
    this.height = height;
    Shape.count++;
  }
  area() {
    const { width, height } = this;
    return width * height + this.#secret;
  }
  get wide() {
    return this.width > limit;
  }
}

const square = new Shape(2, 2);
const handlers = {
  click(event) {
    return outer(event, { b: 1 });
  },
  hover: function (event) {
    let [first, second] = [event, square];
    [first, second] = [second, first];
    return first;
  },
  leave: (event) => event,
};

/*
 * A comment over lines.
 */
function usesGlobals() {
  if (typeof window !== 'undefined') {
    window.value = counter;
  }
  return Math.max(counter, limit, square.area());
}

outer(1, { b: 2 }, 3, 4);
handlers.click(shared);
"#;

const MODULE: &str = r#"import { helper as help, other } from './lib.js';
import * as ns from './ns.js';

export const exported = help(1);
let local = 2;
export { local, local as alias };

export function make(kind) {
  const made = { kind, other };
  if (kind) {
    return ns.build(made);
  }
  return made;
}

export default function () {
  return make(local);
}
"#;

/// Deterministic pseudo-random numbers (a test must fail the same way every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

const SNIPPETS: &[&str] = &[
    " ",
    "\n",
    "// note\n",
    "/* note */",
    "x",
    "let added = counter;\n",
    "var hoist = 1;\n",
    "const local = 3;\n",
    "counter = limit;\n",
    "{ let z = 1; z; }\n",
    "function fresh() { return counter; }\n",
    "if (counter) { outer(counter); }\n",
    "const o = { counter, m() { return this; } };\n",
    "class Fresh { m() { return Fresh; } }\n",
    "for (let k = 0; k < 2; k++) { inner(k); }\n",
    "(",
    "}",
    "{",
    "'",
    "`",
    "/*",
    "*/",
    "a",
    "0",
    ";",
    ",",
    ".",
    "=",
    "=>",
    "local",
    "hoisted",
    "await ",
    "yield ",
    "return;\n",
    "\"use strict\";\n",
    "import x from 'y';\n",
    "export { counter };\n",
];

/// Random edits of `text`: each index reused from the previous version's (itself possibly reused) must equal
/// a whole build of the new text. Returns how many edits were reused.
fn random_edits(original: &str, seed: u64, rounds: usize) -> usize {
    let mut random = Lcg(seed);
    let mut text = original.to_owned();
    let mut index = NavigationIndex::build(&text, false);
    let mut reused = 0;
    for round in 0..rounds {
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        // Edits at line starts keep statements whole more often than edits anywhere.
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let start = if random.below(2) == 0 {
            line_starts[random.below(line_starts.len())]
        } else {
            boundaries[random.below(boundaries.len())]
        };
        let end = match random.below(4) {
            0 => {
                boundaries[(boundaries.partition_point(|&b| b < start) + random.below(12))
                    .min(boundaries.len() - 1)]
            }
            _ => start,
        };
        let inserted = if end > start && random.below(2) == 0 {
            ""
        } else {
            SNIPPETS[random.below(SNIPPETS.len())]
        };
        let (after, edit) = apply(&text, start, end, inserted);
        let whole = NavigationIndex::build(&after, false);
        if let Some(edited) = index.edited(&text, &after, edit) {
            reused += 1;
            assert_eq!(
                canonical(&edited),
                canonical(&whole),
                "seed {seed}, round {round}: {edit:?} {inserted:?} gives\n{after}"
            );
            index = edited;
            text = after;
        } else if whole.reuse.is_some() {
            index = whole;
            text = after;
        } else {
            // Text that no longer parses is not reused from, nor edited further: start again.
            text = original.to_owned();
            index = NavigationIndex::build(&text, false);
        }
    }
    reused
}

#[test]
fn random_edits_reuse_an_index_only_when_it_equals_a_whole_build() {
    let mut reused = 0;
    for seed in 0..40 {
        reused += random_edits(SAMPLE, seed, 60);
        reused += random_edits(MODULE, 1000 + seed, 30);
    }
    // Not vacuous: of the 3 600 edits about 1 400 leave text that parses, and most of those take the
    // reusing path.
    assert!(
        reused > 800,
        "only {reused} of 3 600 edits reused the index"
    );
}

#[test]
fn typical_edits_reuse_the_index() {
    let end = SAMPLE.len();
    // A comment added at the end; a statement typed inside a function; a local renamed; a new name
    // declared at the top level that nothing else uses yet.
    assert!(reused(SAMPLE, end, end, "// more\n").is_some());
    let inside = SAMPLE.find("    counter += inner").unwrap();
    assert!(reused(SAMPLE, inside, inside, "    void 0;\n").is_some());
    let local = SAMPLE.find("arrowLocal = local").unwrap();
    let edited = reused(SAMPLE, local, local + "arrowLocal".len(), "arrowLocal2").unwrap();
    let (after, _) = apply(SAMPLE, local, local + "arrowLocal".len(), "arrowLocal2");
    let read = after.find("return { arrowLocal").unwrap() + "return { ".len();
    // `{ arrowLocal }` now reads a global (the shorthand names it).
    assert!(edited.occurrence_at(read).unwrap().is_global());
    let top = SAMPLE.find("const square").unwrap();
    let edited = reused(SAMPLE, top, top, "let fresh = 1;\n").unwrap();
    assert_eq!(
        edited.definition(top + 4).unwrap().kind,
        SymbolKind::Variable
    );
}

#[test]
fn edits_that_change_what_other_statements_read_are_indexed_whole() {
    // `counter` is read outside the run: declaring it in the function changes those reads.
    let inside = SAMPLE.find("  let local = b + c;").unwrap();
    assert!(reused(SAMPLE, inside, inside, "  let counter = 1;\n").is_none());
    // Removing a declaration others read.
    let declared = SAMPLE.find("  let local = b + c;\n").unwrap();
    assert!(
        reused(
            SAMPLE,
            declared,
            declared + "  let local = b + c;\n".len(),
            ""
        )
        .is_none()
    );
    // An unfinished comment swallows the rest; a string left open does not parse.
    assert!(reused(SAMPLE, inside, inside, "/*").is_none());
    assert!(reused(SAMPLE, inside, inside, "'").is_none());
    // An import makes the script a module.
    let top = SAMPLE.find("const square").unwrap();
    assert!(reused(SAMPLE, top, top, "import q from 'q';\n").is_none());
    // A statement whose end moves into the next one (no semicolon: `(` continues it).
    let call = SAMPLE.find("handlers.click(shared);").unwrap();
    assert!(reused(SAMPLE, call - 1, call, "\n(").is_none());
    // TypeScript is always indexed whole.
    let ts = NavigationIndex::build("let a = 1;\nlet b = a;\n", true);
    assert!(
        ts.edited(
            "let a = 1;\nlet b = a;\n",
            "let a = 1;\n\nlet b = a;\n",
            TextEdit {
                start: 11,
                end: 11,
                inserted: 1
            }
        )
        .is_none()
    );
}

#[test]
fn an_edit_then_another_is_one_edit_covering_both() {
    let text = "abcdefghij";
    let cases = [
        ((2, 4, "XYZ"), (0, 1, "")),
        ((2, 4, "XYZ"), (3, 8, "q")),
        ((2, 4, ""), (6, 7, "ww")),
        ((5, 5, "++"), (1, 2, "")),
        ((0, 10, "n"), (1, 1, "m")),
    ];
    for ((s1, e1, t1), (s2, e2, t2)) in cases {
        let (once, first) = apply(text, s1, e1, t1);
        let (twice, second) = apply(&once, s2, e2, t2);
        let both = first.then(second);
        let mut direct = text.to_owned();
        direct.replace_range(
            both.start..both.end,
            &twice[both.start..both.start + both.inserted],
        );
        assert_eq!(direct, twice, "{first:?} then {second:?} = {both:?}");
    }
}
