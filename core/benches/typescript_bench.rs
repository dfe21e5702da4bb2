//! What TypeScript costs (not part of `cargo test`; `bench/run.sh typescript`): stripping the types of a
//! 1 000-line TypeScript file (oxc parse + transform + print with a source map) beside what running it costs
//! anyway (boa parsing the printed JavaScript), in one process and run; then the same program run end to end
//! in a session as `.ts` and as the `.js` it prints to, alternating, so the difference is what a user waits
//! for. Prints a table with ratios; recorded in bench/RESULTS.md.

use std::time::{Duration, Instant};

use boa_engine::{Context, Module, Source};
use vmjs_core::analysis::{TsUnit, strip_types};
use vmjs_core::host::{ExecuteRequest, Sessions, StartOptions, WorkerPool};
use vmjs_core::model::{ExecutionStatus, Template};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// One block of TypeScript (25 lines) with what real files have: interfaces, an enum, a class with parameter
/// properties, generics, annotations, `as`.
fn block(i: usize) -> String {
    format!(
        "interface Item{i} {{\n  id: number;\n  label: string;\n  tags?: string[];\n}}\n\
         enum Kind{i} {{ A = 'a', B = 'b' }}\n\
         export class Store{i}<T extends Item{i}> {{\n  private items: T[] = [];\n  \
         constructor(public readonly name: string, private limit: number = 100) {{}}\n  \
         add(item: T): this {{\n    if (this.items.length < this.limit) this.items.push(item);\n    return this;\n  }}\n  \
         find(id: number): T | undefined {{\n    return this.items.find((x: T) => x.id === id);\n  }}\n}}\n\
         export function make{i}(n: number): Store{i}<Item{i}> {{\n  const s = new Store{i}<Item{i}>('s{i}');\n  \
         for (let k = 0; k < n; k++) {{\n    s.add({{ id: k, label: `${{Kind{i}.A}}${{k}}` }} as Item{i});\n  }}\n  \
         return s;\n}}\n\
         export const value{i}: number = make{i}(3).find(1)?.id ?? -1;\n\n"
    )
}

fn main() -> Result<()> {
    let blocks = 40;
    let typescript: String = (0..blocks).map(block).collect();
    let lines = typescript.lines().count();
    let javascript = strip_types(&typescript, TsUnit::File)
        .map_err(|e| format!("{e:?}"))?
        .code;
    println!(
        "a TypeScript file of {lines} lines ({} bytes)",
        typescript.len()
    );
    println!(
        "{:<52} {:>12} {:>12} {:>8}",
        "measure", "TypeScript", "baseline", "ratio"
    );

    // In process: stripping vs boa parsing the result (as a module; what running it costs before it runs).
    let n = 200;
    for _ in 0..20 {
        strip_types(&typescript, TsUnit::File).map_err(|e| format!("{e:?}"))?;
    }
    let mut strip = Vec::with_capacity(n);
    let mut parse = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        let stripped = strip_types(&typescript, TsUnit::File).map_err(|e| format!("{e:?}"))?;
        strip.push(started.elapsed());
        std::hint::black_box(stripped);
        let mut context = Context::default();
        let started = Instant::now();
        let module = Module::parse(
            Source::from_bytes(javascript.as_bytes()),
            None,
            &mut context,
        )
        .map_err(|e| e.to_string())?;
        parse.push(started.elapsed());
        std::hint::black_box(module);
    }
    row(
        "strip 1 000 lines vs boa parsing the JS (median)",
        median(&mut strip),
        median(&mut parse),
    );
    row("  p99", p99(&mut strip), p99(&mut parse));

    // End to end: `vmjs run` of main.ts vs main.js (the printed JavaScript), alternating, in one session each.
    let exe = std::env::var_os("VMJS_BIN").ok_or("set VMJS_BIN to the vmjs binary")?;
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("main.ts"), &typescript)?;
    std::fs::write(dir.path().join("main.js"), &javascript)?;
    let sessions = Sessions::new(dir.path().join("bench.db"), WorkerPool::new(exe));
    let session = sessions
        .start_with(Template::new("bench"), dir.path(), StartOptions::default())
        .wait()?;
    let run = |file: &str| -> Result<Duration> {
        let started = Instant::now();
        let record = session
            .execute(ExecuteRequest::run_file(session.root(), file))
            .wait_blocking(|_| {});
        if record.status != ExecutionStatus::Ok {
            return Err(format!("{file}: {:?}", record.error).into());
        }
        Ok(started.elapsed())
    };
    for _ in 0..5 {
        run("main.ts")?;
        run("main.js")?;
    }
    let rounds = 60;
    let (mut ts, mut js) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        ts.push(run("main.ts")?);
        js.push(run("main.js")?);
    }
    row(
        "run main.ts vs main.js in a session (median)",
        median(&mut ts),
        median(&mut js),
    );
    row("  p99", p99(&mut ts), p99(&mut js));
    let added = median(&mut ts).saturating_sub(median(&mut js));
    println!(
        "added by TypeScript, end to end (median): {:.2} ms",
        ms(added)
    );
    Ok(())
}

fn row(what: &str, typescript: Duration, baseline: Duration) {
    println!(
        "{what:<52} {:>9.3} ms {:>9.3} ms {:>7.2}x",
        ms(typescript),
        ms(baseline),
        typescript.as_secs_f64() / baseline.as_secs_f64().max(1e-9)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

fn p99(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples[(samples.len() * 99 / 100).min(samples.len() - 1)]
}
