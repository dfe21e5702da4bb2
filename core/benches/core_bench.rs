//! Side-by-side benchmarks of the core (not part of `cargo test`; run with `bench/run.sh core` or
//! `VMJS_BIN=… cargo bench -p vmjs-core --profile profiling`): pipeline overhead against bare boa in the same
//! process and run, console throughput into the SQLite store, session start (warm spare and cold), restart,
//! interrupt latency, timeout precision, RSS of an idle worker and of the host. Prints a table with ratios;
//! the numbers are recorded in bench/RESULTS.md.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use boa_engine::{Context, Script, Source};
use vmjs_core::ENGINE_BUDGET as BUDGET;
use vmjs_core::host::{ExecuteRequest, Session, Sessions, StartOptions, WorkerPool};
use vmjs_core::model::{
    EventBody, ExecutionKind, ExecutionRecord, ExecutionStatus, Metrics, Template,
};
use vmjs_core::store::{FinishExecution, NewExecution, ProcessIdentity, Store};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const TRIVIAL: &str = "1 + 1";
const LOOP: &str = "let s = 0; for (let i = 0; i < 3000000; i++) { s += i; } s";
/// The same loop where REPL rewriting cannot touch it (`s` stays a local, not a global-object binding).
const LOOP_IN_FUNCTION: &str =
    "(() => { let s = 0; for (let i = 0; i < 3000000; i++) { s += i; } return s; })()";
const LINES: usize = 100_000;

fn main() -> Result<()> {
    // `cargo bench` passes `--bench`; a filter argument selects sections by name.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted =
        |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()));
    let exe = worker_exe()?;
    let dir = tempfile::tempdir()?;
    let bench = Bench {
        root: dir.path().to_path_buf(),
        db: dir.path().join("bench.db"),
        pool: WorkerPool::new(&exe),
    };
    println!("worker binary: {}", exe.display());
    println!(
        "{:<48} {:>14} {:>14} {:>8}",
        "measure", "vmjs", "bare boa", "ratio"
    );
    if wanted("rss") {
        bench.rss()?;
    }
    if wanted("intl") {
        bench.intl()?;
    }
    if wanted("overhead-trivial") {
        bench.trivial_overhead()?;
    }
    if wanted("overhead-loop") {
        bench.loop_overhead()?;
    }
    if wanted("console") {
        bench.console()?;
    }
    if wanted("start") {
        bench.start()?;
    }
    if wanted("interrupt") {
        bench.interrupt()?;
    }
    if wanted("timeout") {
        bench.timeout()?;
    }
    Ok(())
}

struct Bench {
    root: PathBuf,
    db: PathBuf,
    pool: Arc<WorkerPool>,
}

impl Bench {
    fn session_with(&self, pool: &Arc<WorkerPool>, template: Template) -> Result<Session> {
        let sessions = Sessions::new(&self.db, Arc::clone(pool));
        Ok(sessions
            .start_with(template, &self.root, StartOptions::default())
            .wait()?)
    }

    fn session(&self) -> Result<Session> {
        self.session_with(&self.pool, Template::new("bench"))
    }

    /// Per-execution cost of a trivial cell: Session::execute vs Context::eval, and the store's share.
    fn trivial_overhead(&self) -> Result<()> {
        let session = self.session()?;
        let mut context = Context::default();
        for _ in 0..50 {
            run(&session, TRIVIAL)?;
            bare(&mut context, TRIVIAL)?;
        }
        let n = 2000;
        let started = Instant::now();
        for _ in 0..n {
            bare(&mut context, TRIVIAL)?;
        }
        let bare_each = started.elapsed() / n;
        let mut samples = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let started = Instant::now();
            run(&session, TRIVIAL)?;
            samples.push(started.elapsed());
        }
        let vmjs_each = mean(&samples);
        row(
            "trivial cell `1 + 1`, mean of 2000",
            us(vmjs_each),
            us(bare_each),
            ratio(vmjs_each, bare_each),
        );
        row(
            "  p50 / p95 through the pipeline",
            us(percentile(&mut samples, 50.0)),
            us(percentile(&mut samples, 95.0)),
            String::new(),
        );
        let p50 = percentile(&mut samples, 50.0);
        row(
            "  overhead added per execution, p50 / mean (goal <= 100 us)",
            us(p50.saturating_sub(bare_each)),
            us(vmjs_each.saturating_sub(bare_each)),
            String::new(),
        );
        self.store_cost()?;
        session.close().wait();
        Ok(())
    }

    /// A 3M-iteration loop through the pipeline vs Context::eval, and boa's budgeted evaluation alone.
    fn loop_overhead(&self) -> Result<()> {
        let session = self.session()?;
        run(&session, TRIVIAL)?;
        for (label, code) in [
            ("3M-iteration loop, median of 5 (goal <= 1.30x)", LOOP),
            ("  same loop inside an arrow function", LOOP_IN_FUNCTION),
        ] {
            let mut vmjs_loop = Vec::new();
            let mut bare_loop = Vec::new();
            for _ in 0..5 {
                let mut context = Context::default();
                let started = Instant::now();
                bare(&mut context, code)?;
                bare_loop.push(started.elapsed());
                let started = Instant::now();
                let record = run(&session, code)?;
                vmjs_loop.push(started.elapsed());
                let preview = record.result.map(|r| r.preview).unwrap_or_default();
                if preview != "4499998500000" {
                    return Err(format!("loop gave {preview}").into());
                }
            }
            let (v, b) = (median(&mut vmjs_loop), median(&mut bare_loop));
            row(label, ms(v), ms(b), ratio(v, b));
            // What boa's budgeted evaluation (the price of a soft interrupt) costs by itself, same process.
            let mut budgeted = Vec::new();
            for _ in 0..5 {
                let mut context = Context::default();
                let started = Instant::now();
                bare_budgeted(&mut context, code)?;
                budgeted.push(started.elapsed());
            }
            let bb = median(&mut budgeted);
            row(
                "    bare boa budgeted (vmjs column) vs plain eval",
                ms(bb),
                ms(b),
                ratio(bb, b),
            );
        }
        session.close().wait();
        Ok(())
    }

    /// What the two commits of a short execution cost alone (begin + finish on the same kind of file).
    fn store_cost(&self) -> Result<()> {
        let mut store = Store::open(&self.root.join("store-only.db"))?;
        let session = store.create_session("bench", "/", ProcessIdentity::current())?;
        let n = 2000;
        let started = Instant::now();
        for _ in 0..n {
            let record = store.begin_execution(NewExecution {
                id: &uuid::Uuid::new_v4().to_string(),
                session_id: &session.id,
                kind: ExecutionKind::Repl,
                input: TRIVIAL,
                source_name: "<cell>",
                owner: ProcessIdentity::current(),
            })?;
            store.finish_execution(FinishExecution {
                id: &record.id,
                status: ExecutionStatus::Ok,
                result: None,
                error: None,
                metrics: Metrics::default(),
                replayable: true,
                events: &[],
            })?;
        }
        row(
            "  of which store: begin + finish alone",
            us(started.elapsed() / n),
            String::new(),
            String::new(),
        );
        Ok(())
    }

    /// 100k console.log lines through the pipeline into the store.
    fn console(&self) -> Result<()> {
        let session = self.session()?;
        let code = format!("for (let i = 0; i < {LINES}; i++) console.log(i)");
        let mut context = Context::default();
        bare(&mut context, "globalThis.console = { log() {} }")?;
        let mut rates = Vec::new();
        let mut bare_rates = Vec::new();
        for _ in 0..3 {
            let started = Instant::now();
            let record = run(&session, &code)?;
            let elapsed = started.elapsed();
            let stored = stored_console_events(&self.db, &record.id)?;
            if stored != LINES {
                return Err(format!("{stored} console events stored, expected {LINES}").into());
            }
            rates.push(LINES as f64 / elapsed.as_secs_f64());
            let started = Instant::now();
            bare(&mut context, &code)?;
            bare_rates.push(LINES as f64 / started.elapsed().as_secs_f64());
        }
        rates.sort_by(f64::total_cmp);
        bare_rates.sort_by(f64::total_cmp);
        let (v, b) = (rates[1], bare_rates[1]);
        row(
            "100k console.log lines/s, median of 3 (goal >= 250k)",
            format!("{v:.0}"),
            format!("{b:.0}"),
            format!("{:.2}x", b / v),
        );
        row(
            "  (bare: a no-op JS console.log; all 100k lines checked in the store)",
            String::new(),
            String::new(),
            String::new(),
        );
        session.close().wait();
        Ok(())
    }

    /// Session start with the warm spare and cold, and restart.
    fn start(&self) -> Result<()> {
        let n = 20;
        let mut warm = Vec::new();
        // One session first so the pool has a spare.
        drop(self.session()?);
        for _ in 0..n {
            std::thread::sleep(Duration::from_millis(150)); // the spare is started behind each take
            let started = Instant::now();
            let session = self.session()?;
            warm.push(started.elapsed());
            session.close().wait();
        }
        let mut cold = Vec::new();
        for _ in 0..n {
            let pool = WorkerPool::new(self.pool.exe());
            std::thread::sleep(Duration::from_millis(50));
            let started = Instant::now();
            let session = self.session_with(&pool, Template::new("bench"))?;
            cold.push(started.elapsed());
            session.close().wait();
            drop(pool);
        }
        row(
            "session start, warm spare p50 (goal <= 20 ms)",
            ms(median(&mut warm)),
            String::new(),
            String::new(),
        );
        row(
            "session start, warm spare p95",
            ms(percentile(&mut warm, 95.0)),
            String::new(),
            String::new(),
        );
        row(
            "session start, cold (no spare) p50",
            ms(median(&mut cold)),
            String::new(),
            format!("{:.2}x", ratio_f(median(&mut cold), median(&mut warm))),
        );
        // Where a warm start goes: the host's store work and the worker's Context (bare boa, this process).
        let mut contexts = Vec::new();
        let mut opens = Vec::new();
        for _ in 0..n {
            let started = Instant::now();
            drop(Context::default());
            contexts.push(started.elapsed());
            let started = Instant::now();
            let mut store = Store::open(&self.db)?;
            store.create_session("bench", "/", ProcessIdentity::current())?;
            opens.push(started.elapsed());
        }
        row(
            "  of which: Store::open + create_session p50",
            ms(median(&mut opens)),
            String::new(),
            String::new(),
        );
        row(
            "  of which: boa Context::default() p50 (bare boa)",
            String::new(),
            ms(median(&mut contexts)),
            String::new(),
        );
        let session = self.session()?;
        run(&session, "globalThis.x = 1")?;
        let mut restarts = Vec::new();
        for _ in 0..n {
            std::thread::sleep(Duration::from_millis(150));
            let started = Instant::now();
            session.restart().wait();
            restarts.push(started.elapsed());
        }
        let after = run(&session, "typeof x")?;
        row(
            "restart (warm spare) p50 (goal <= 20 ms)",
            ms(median(&mut restarts)),
            String::new(),
            String::new(),
        );
        row(
            "restart p95",
            ms(percentile(&mut restarts, 95.0)),
            String::new(),
            format!(
                "state after: {}",
                after.result.map(|r| r.preview).unwrap_or_default()
            ),
        );
        session.close().wait();
        Ok(())
    }

    /// Session::interrupt → Finished for a top-level `while (true) {}`, then a state check.
    fn interrupt(&self) -> Result<()> {
        let session = self.session()?;
        run(&session, "let kept = 41")?;
        let mut samples = Vec::new();
        for _ in 0..20 {
            let handle = session.execute(ExecuteRequest::repl("while (true) {}"));
            std::thread::sleep(Duration::from_millis(100));
            let started = Instant::now();
            session.interrupt();
            let record = handle.wait_blocking(|_| {});
            samples.push(started.elapsed());
            if record.status != ExecutionStatus::Cancelled {
                return Err(format!("interrupted loop ended {:?}", record.status).into());
            }
        }
        let kept = run(&session, "kept + 1")?
            .result
            .map(|r| r.preview)
            .unwrap_or_default();
        row(
            "interrupt of while(true){} p50 (goal <= 50 ms)",
            ms(median(&mut samples)),
            String::new(),
            format!("kept+1 = {kept}"),
        );
        row(
            "interrupt max of 20",
            ms(samples.iter().copied().max().unwrap_or_default()),
            String::new(),
            String::new(),
        );
        session.close().wait();
        Ok(())
    }

    /// A `wall_ms` of 200 on `while (true) {}`: how long after the deadline the execution finishes.
    fn timeout(&self) -> Result<()> {
        let session = self.session()?;
        let wall = Duration::from_millis(200);
        let mut late = Vec::new();
        for _ in 0..10 {
            let mut request = ExecuteRequest::repl("while (true) {}");
            request.wall_ms = Some(wall.as_millis() as u64);
            let started = Instant::now();
            let record = session.execute(request).wait_blocking(|_| {});
            late.push(started.elapsed().saturating_sub(wall));
            if record.status != ExecutionStatus::Timeout {
                return Err(format!("timed-out loop ended {:?}", record.status).into());
            }
        }
        row(
            "timeout 200 ms: finished after deadline, p50 (goal <= 100 ms)",
            ms(median(&mut late)),
            String::new(),
            String::new(),
        );
        row(
            "  max of 10",
            ms(late.iter().copied().max().unwrap_or_default()),
            String::new(),
            String::new(),
        );
        session.close().wait();
        Ok(())
    }

    /// What `Intl` costs a session: the first cell that formats numbers and dates and compares strings, and
    /// the worker's RSS right after it and after idling — beside a cell that does the same work without
    /// `Intl`. Guarded, so a binary built without Intl runs it too (as its before).
    fn intl(&self) -> Result<()> {
        const WITH: &str = "try { [(61290.5).toLocaleString(), new Date(0).toLocaleDateString('en-US', \
            { dateStyle: 'long', timeZone: 'UTC' }), ['b', 'C', 'a'].sort((x, y) => x.localeCompare(y)), \
            new Intl.PluralRules('en').select(2)] } catch (e) { String(e) }";
        const WITHOUT: &str =
            "[String(61290.5), new Date(0).toISOString(), ['b', 'C', 'a'].sort(), 2]";
        // What vmjs adds to boa's Intl (ICU4X's experimental data): currencies, percents, relative times.
        const STYLED: &str = "try { [(1234.5).toLocaleString('en-US', { style: 'currency', currency: 'USD' }), \
            new Intl.NumberFormat('de-DE', { style: 'percent' }).format(0.256), \
            new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(-1, 'day')] } catch (e) { String(e) }";
        for (name, code) in [
            ("without Intl", WITHOUT),
            ("with Intl", WITH),
            ("with currency, percent, relative time", STYLED),
        ] {
            let session = self.session()?;
            run(&session, TRIVIAL)?;
            let started = Instant::now();
            run(&session, code)?;
            let first = started.elapsed();
            let worker = session_worker()?;
            let right_after = rss_kib(worker)?;
            let started = Instant::now();
            run(&session, code)?;
            let again = started.elapsed();
            std::thread::sleep(Duration::from_millis(1500));
            row(
                &format!("cell {name}: first / second run"),
                ms(first),
                ms(again),
                String::new(),
            );
            row(
                "  worker RSS right after / after 1.5 s idle",
                mib(right_after),
                mib(rss_kib(worker)?),
                String::new(),
            );
            session.close().wait();
        }
        Ok(())
    }

    /// RSS of an idle session's worker, the spare, and this (host) process.
    fn rss(&self) -> Result<()> {
        let host_before = rss_kib(std::process::id())?;
        let session = self.session()?;
        run(&session, TRIVIAL)?;
        std::thread::sleep(Duration::from_millis(300));
        let active = session_worker()?;
        let children = workers_oldest_first();
        row(
            "RSS of an idle worker (goal <= 15 MB)",
            mib(rss_kib(active)?),
            String::new(),
            String::new(),
        );
        // PSS splits the pages the worker shares with the spare and the host (the same binary's code).
        row(
            "  PSS of the idle worker (shared pages split)",
            mib(pss_kib(active)?),
            String::new(),
            String::new(),
        );
        if let Some(spare) = children.get(1) {
            row(
                "RSS of the spare worker (before Init)",
                mib(rss_kib(*spare)?),
                String::new(),
                String::new(),
            );
        }
        row(
            "RSS of the host (this bench process) before/with a session",
            mib(host_before),
            mib(rss_kib(std::process::id())?),
            String::new(),
        );
        session.close().wait();
        Ok(())
    }
}

fn worker_exe() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("VMJS_BIN") {
        return Ok(PathBuf::from(path));
    }
    // target/<profile>/deps/core_bench-… → target/<profile>/vmjs
    let me = std::env::current_exe()?;
    let candidate = me
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("vmjs"))
        .ok_or("cannot locate the vmjs binary")?;
    if candidate.exists() {
        Ok(candidate)
    } else {
        Err(format!(
            "{} not found: build it (`cargo build --profile profiling --bin vmjs`) or set VMJS_BIN",
            candidate.display()
        )
        .into())
    }
}

fn run(session: &Session, code: &str) -> Result<ExecutionRecord> {
    let record = session
        .execute(ExecuteRequest::repl(code))
        .wait_blocking(|_| {});
    if record.status != ExecutionStatus::Ok {
        return Err(format!("`{code}` ended {:?}: {:?}", record.status, record.error).into());
    }
    Ok(record)
}

fn bare(context: &mut Context, code: &str) -> Result<()> {
    context
        .eval(Source::from_bytes(code))
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// [`bare`] through `Script::evaluate_async_with_budget`, polled to completion as the worker polls it.
fn bare_budgeted(context: &mut Context, code: &str) -> Result<()> {
    use std::task::{Context as TaskContext, Poll, Waker};
    let script =
        Script::parse(Source::from_bytes(code), None, context).map_err(|e| e.to_string())?;
    let mut future = std::pin::pin!(script.evaluate_async_with_budget(context, BUDGET));
    let mut task_context = TaskContext::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(outcome) = future.as_mut().poll(&mut task_context) {
            outcome.map_err(|e| e.to_string())?;
            return Ok(());
        }
    }
}

fn stored_console_events(db: &Path, execution_id: &str) -> Result<usize> {
    let store = vmjs_core::store::Store::open_read_only(db)?;
    Ok(store
        .events(execution_id)?
        .iter()
        .filter(|e| matches!(e.body, EventBody::Console { .. }))
        .count())
}

fn row(name: &str, vmjs: String, other: String, ratio: String) {
    println!("{name:<48} {vmjs:>14} {other:>14} {ratio:>8}");
}

fn us(d: Duration) -> String {
    format!("{:.1} us", d.as_secs_f64() * 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn ratio(a: Duration, b: Duration) -> String {
    format!("{:.2}x", ratio_f(a, b))
}

fn ratio_f(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-12)
}

fn mean(samples: &[Duration]) -> Duration {
    samples.iter().sum::<Duration>() / samples.len().max(1) as u32
}

fn median(samples: &mut [Duration]) -> Duration {
    percentile(samples, 50.0)
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    if samples.is_empty() {
        return Duration::ZERO;
    }
    let index = ((p / 100.0) * (samples.len() - 1) as f64).round() as usize;
    samples[index.min(samples.len() - 1)]
}

fn rss_kib(pid: u32) -> Result<u64> {
    proc_kib(pid, "status", "VmRSS:")
}

/// Proportional set size from `/proc/<pid>/smaps_rollup`.
fn pss_kib(pid: u32) -> Result<u64> {
    proc_kib(pid, "smaps_rollup", "Pss:")
}

/// The value in KiB of the line starting with `field` in `/proc/<pid>/<file>`.
fn proc_kib(pid: u32, file: &str, field: &str) -> Result<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}"))?;
    text.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("no {field} in /proc/{pid}/{file}").into())
}

/// This process's workers, the oldest first (the spare is started after the session it replaced).
fn workers_oldest_first() -> Vec<u32> {
    let mut children = children(std::process::id());
    children.sort_by_key(|pid| start_time(*pid).unwrap_or(u64::MAX));
    children
}

/// The worker of the one open session (the oldest of this process's workers; the spare is younger).
fn session_worker() -> Result<u32> {
    workers_oldest_first()
        .first()
        .copied()
        .ok_or_else(|| "no worker process".into())
}

fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for task in tasks.flatten() {
            if let Ok(text) = std::fs::read_to_string(task.path().join("children")) {
                out.extend(
                    text.split_whitespace()
                        .filter_map(|c| c.parse::<u32>().ok()),
                );
            }
        }
    }
    out
}

fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(19)?
        .parse()
        .ok()
}
