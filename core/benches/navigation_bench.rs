//! What the language server's navigation index costs (not part of `cargo test`;
//! `cargo bench -p vmjs-core --profile profiling --bench navigation_bench`): `NavigationIndex::build` of a
//! ~12.5k-line JavaScript file beside what any analysis on oxc's semantic model pays anyway (oxc parse +
//! `SemanticBuilder`, same text, same process), the nesting pre-scan that runs before every parse beside
//! oxc's parse, the index of an edited version reused from the previous one beside a whole build, then the queries an editor sends on every cursor move or edit, each on the
//! built index. Prints a table with the ratio of the build to its baseline.

use std::time::{Duration, Instant};

use oxc_allocator::Allocator;
use oxc_parser::Parser;
use oxc_semantic::SemanticBuilder;
use oxc_span::SourceType;
use vmjs_core::analysis::{MAX_NESTING, NavigationIndex, RenameMode, TextEdit, check_nesting};

/// One block of JavaScript (50 lines) with what real files have: imports, a class with fields, getters and
/// methods, closures, destructuring, an object literal of handlers, template literals, loops and comments.
fn block(i: usize) -> String {
    format!(
        "import {{ helper{i}, other as alias{i} }} from './lib{i}.js';\n\
         /**\n * A store of items (block {i}).\n */\n\
         export class Store{i} {{\n  #items = [];\n  static count = 0;\n  \
         constructor(name, limit = 100) {{\n    this.name = name;\n    this.limit = limit;\n  }}\n  \
         get size() {{ return this.#items.length; }}\n  \
         add(item) {{\n    if (this.#items.length < this.limit) {{\n      this.#items.push(item);\n      \
         Store{i}.count += 1;\n    }}\n    return this;\n  }}\n  \
         find(id) {{\n    return this.#items.find((x) => x.id === id);\n  }}\n}}\n\
         const handlers{i} = {{\n  open(event) {{ return helper{i}(event.target); }},\n  \
         close: (event) => alias{i}(event),\n  nested: {{ depth: {i}, label: `block ${{{i}}}` }},\n}};\n\
         export function make{i}(n, {{ prefix = 'p', suffix }} = {{}}) {{\n  const store = new Store{i}('s{i}');\n  \
         let total = 0;\n  for (let k = 0; k < n; k++) {{\n    const item = {{ id: k, label: `${{prefix}}${{k}}${{suffix}}` }};\n    \
         store.add(item);\n    total += item.id;\n  }}\n  \
         try {{\n    handlers{i}.open({{ target: store }});\n  }} catch (error) {{\n    console.error(error);\n  }}\n  \
         return {{ store, total }};\n}}\n\
         export const value{i} = make{i}(3).total ?? -1;\n\n"
    )
}

fn main() {
    let blocks = 280;
    let src: String = (0..blocks).map(block).collect();
    let lines = src.lines().count();
    println!("a JavaScript file of {lines} lines ({} bytes)", src.len());
    println!(
        "{:<56} {:>12} {:>12} {:>8}",
        "measure", "index", "baseline", "ratio"
    );

    let rounds = 30;
    for _ in 0..3 {
        std::hint::black_box(NavigationIndex::build(&src, false));
    }
    let mut build = Vec::with_capacity(rounds);
    let mut semantic = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        let index = NavigationIndex::build(&src, false);
        build.push(started.elapsed());
        std::hint::black_box(index);
        let started = Instant::now();
        let allocator = Allocator::default();
        let parsed =
            Parser::new(&allocator, &src, SourceType::unambiguous().with_jsx(true)).parse();
        let built = SemanticBuilder::new()
            .with_build_nodes(true)
            .build(&parsed.program);
        std::hint::black_box(&built.semantic);
        drop(built);
        semantic.push(started.elapsed());
    }
    compare("build vs oxc parse + semantic", &mut build, &mut semantic);

    // The nesting pre-scan, run before every parse, beside the parse it guards.
    let mut scanned = Vec::with_capacity(rounds);
    let mut parsed = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        std::hint::black_box(check_nesting(&src, MAX_NESTING).is_ok());
        scanned.push(started.elapsed());
        let started = Instant::now();
        let allocator = Allocator::default();
        let program =
            Parser::new(&allocator, &src, SourceType::unambiguous().with_jsx(true)).parse();
        std::hint::black_box(program.diagnostics.len());
        drop(program);
        parsed.push(started.elapsed());
    }
    compare("nesting pre-scan vs oxc parse", &mut scanned, &mut parsed);

    let index = NavigationIndex::build(&src, false);
    let middle = src.len() / 2;
    // An edit reusing the index (a statement typed into a function in the middle of the file) beside a
    // whole build of the edited text, alternately.
    let typed_at =
        middle + src[middle..].find("let total = 0;\n").unwrap_or(0) + "let total = 0;\n".len();
    let typed = "  void 0;\n";
    let mut edited_src = src.clone();
    edited_src.insert_str(typed_at, typed);
    let edit = TextEdit {
        start: typed_at,
        end: typed_at,
        inserted: typed.len(),
    };
    let mut reused = Vec::with_capacity(rounds);
    let mut whole = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        let edited = index.edited(&src, &edited_src, edit);
        reused.push(started.elapsed());
        assert!(edited.is_some(), "the edit was not reused");
        std::hint::black_box(edited);
        let started = Instant::now();
        std::hint::black_box(NavigationIndex::build(&edited_src, false));
        whole.push(started.elapsed());
    }
    compare(
        "index after a statement typed: reused vs built",
        &mut reused,
        &mut whole,
    );

    // Positions spread over the file: a use of a class, of a local, of an import, and of a global.
    let offsets: Vec<usize> = ["new Store", "total +=", "helper", "console"]
        .iter()
        .filter_map(|needle| {
            src[middle..]
                .find(needle)
                .map(|i| middle + i + needle.len() - 1)
        })
        .collect();
    query("definition", &offsets, |o| {
        std::hint::black_box(index.definition(o));
    });
    query("references (with the declaration)", &offsets, |o| {
        std::hint::black_box(index.references(o, true));
    });
    query("rename (checks included)", &offsets, |o| {
        std::hint::black_box(index.rename(o, "renamed", RenameMode::ThisFile).ok());
    });
    query("selection ranges", &offsets, |o| {
        std::hint::black_box(index.selection_ranges(o));
    });
    query("semantic tokens (whole file)", &[0], |_| {
        std::hint::black_box(index.semantic_tokens());
    });
    query("folding regions + outline (whole file)", &[0], |_| {
        std::hint::black_box((index.folding_regions().len(), index.outline().len()));
    });
}

/// Times `run` at each offset, 200 rounds; prints the median per call.
fn query(what: &str, offsets: &[usize], run: impl Fn(usize)) {
    let mut samples = Vec::with_capacity(200 * offsets.len());
    for _ in 0..200 {
        for &offset in offsets {
            let started = Instant::now();
            run(offset);
            samples.push(started.elapsed());
        }
    }
    row(what, median(&mut samples), None);
}

/// Prints the median and the max of `measured` beside `baseline`'s, with their ratios.
fn compare(what: &str, measured: &mut [Duration], baseline: &mut [Duration]) {
    row(
        &format!("{what} (median)"),
        median(measured),
        Some(median(baseline)),
    );
    row("  max", max(measured), Some(max(baseline)));
}

fn row(what: &str, measured: Duration, baseline: Option<Duration>) {
    match baseline {
        Some(baseline) => println!(
            "{what:<56} {:>9.3} ms {:>9.3} ms {:>7.2}x",
            ms(measured),
            ms(baseline),
            measured.as_secs_f64() / baseline.as_secs_f64().max(1e-9)
        ),
        None => println!("{what:<56} {:>9.1} µs", measured.as_secs_f64() * 1e6),
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn max(samples: &[Duration]) -> Duration {
    samples.iter().copied().max().unwrap_or_default()
}
