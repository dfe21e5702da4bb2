//! Many sessions in one process (what `vmjs serve` and the MCP server hold): 200 sessions started at once
//! through one `Sessions`, a cell run in each, all closed — and nothing left behind: no thread, no file
//! descriptor, no child process. Prints what one idle session costs the host (threads, descriptors, memory)
//! and its worker (memory), the figures ARCHITECTURE.md quotes.
//!
//! Its own test binary: it counts this process's threads and descriptors, which other tests would disturb.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use vmjs_core::host::{ExecuteRequest, Sessions, StartOptions, WorkerPool};
use vmjs_core::memory::resident_kib;
use vmjs_core::model::{ExecutionStatus, Template};

/// How many sessions (`VMJS_MANY_SESSIONS` raises it for a measurement; 200 in the test suite).
fn session_count() -> usize {
    std::env::var("VMJS_MANY_SESSIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200)
}

fn vmjs_bin() -> PathBuf {
    std::env::var_os("VMJS_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_vmjs")))
}

fn count_entries(dir: &str) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

fn threads() -> usize {
    count_entries("/proc/self/task")
}

fn descriptors() -> usize {
    count_entries("/proc/self/fd")
}

/// Live (not zombie) children of this process.
fn children() -> Vec<u32> {
    let me = std::process::id().to_string();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let fields: Vec<&str> = stat
                .rsplit_once(')')
                .map(|(_, rest)| rest.split_whitespace().collect())
                .unwrap_or_default();
            fields.get(1) == Some(&me.as_str()) && fields.first() != Some(&"Z")
        })
        .collect()
}

/// Polls `settled` until it holds or `within` has passed; returns whether it held.
fn eventually(within: Duration, mut settled: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if settled() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn hundreds_of_sessions_start_run_and_close_leaving_nothing_behind() {
    let sessions_wanted = session_count();
    let dir = tempfile::tempdir().unwrap();
    let (threads_before, descriptors_before) = (threads(), descriptors());
    let host_before = resident_kib(std::process::id()).unwrap();
    let sessions = Sessions::new(dir.path().join("vmjs.db"), WorkerPool::new(vmjs_bin()));

    // Every start is asked for at once: the actors start their workers side by side.
    let started = Instant::now();
    let starting: Vec<_> = (0..sessions_wanted)
        .map(|_| sessions.start_with(Template::new("many"), dir.path(), StartOptions::default()))
        .collect();
    let open: Vec<_> = starting
        .into_iter()
        .map(|reply| reply.wait().expect("a session failed to start"))
        .collect();
    let start_time = started.elapsed();

    let handles: Vec<_> = open
        .iter()
        .enumerate()
        .map(|(n, session)| session.execute(ExecuteRequest::repl(format!("{n} * 2"))))
        .collect();
    for (n, handle) in handles.into_iter().enumerate() {
        let record = handle.wait_blocking(|_| {});
        assert_eq!(record.status, ExecutionStatus::Ok, "{:?}", record.error);
        assert_eq!(record.result.unwrap().preview, (n * 2).to_string());
    }

    // What the open, idle sessions cost, right after their cells.
    let workers = children();
    let worker_kib: u64 = workers
        .iter()
        .filter_map(|pid| resident_kib(*pid).ok())
        .sum();
    // What is not shared with the other workers (the binary's pages are, once in the page cache).
    let worker_anonymous_kib: u64 = workers.iter().filter_map(|pid| anonymous_kib(*pid)).sum();
    let host_kib = resident_kib(std::process::id()).unwrap();
    let per =
        |total: usize, before: usize| total.saturating_sub(before) as f64 / sessions_wanted as f64;
    eprintln!(
        "{sessions_wanted} sessions started in {start_time:?}; per idle session: {:.2} threads, {:.2} descriptors, \
         {:.0} KiB host RSS, {:.0} KiB worker RSS of which {:.0} KiB anonymous ({} children incl. the spare)",
        per(threads(), threads_before),
        per(descriptors(), descriptors_before),
        host_kib.saturating_sub(host_before) as f64 / sessions_wanted as f64,
        worker_kib as f64 / workers.len().max(1) as f64,
        worker_anonymous_kib as f64 / workers.len().max(1) as f64,
        workers.len(),
    );
    assert!(
        workers.len() >= sessions_wanted,
        "{} workers",
        workers.len()
    );

    let closing: Vec<_> = open.iter().map(|session| session.close()).collect();
    for reply in closing {
        reply.wait();
    }
    drop(open);
    drop(sessions); // the pool's spare goes with it

    assert!(
        eventually(Duration::from_secs(10), || children().is_empty()),
        "children left: {:?}",
        children()
    );
    assert!(
        eventually(Duration::from_secs(10), || threads() <= threads_before),
        "{} threads, {threads_before} before",
        threads()
    );
    assert!(
        eventually(Duration::from_secs(10), || descriptors()
            <= descriptors_before),
        "{} descriptors, {descriptors_before} before",
        descriptors()
    );
    let store = vmjs_core::store::Store::open(&dir.path().join("vmjs.db")).unwrap();
    let rows = store.list_sessions(sessions_wanted + 1).unwrap();
    assert_eq!(rows.len(), sessions_wanted);
    assert!(
        rows.iter()
            .all(|row| row.status == vmjs_core::model::SessionStatus::Closed),
        "a session row is not closed"
    );
}

/// The anonymous part of a process's RSS (`RssAnon`), in KiB.
fn anonymous_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("RssAnon:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
