//! Faults around user code: the host or the worker killed with SIGKILL mid-execution, several processes writing one
//! database at once, a database locked by another process. Nothing committed is lost, nothing is left `running`,
//! the database stays intact.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use vmjs_core::code_pages;
use vmjs_core::host::{ExecuteRequest, ExecutionUpdate, WorkerPool};
use vmjs_core::model::{
    CommAction, CommMessage, EventBody, ExecutionKind, ExecutionStatus, Template,
};
use vmjs_core::store::Store;

use super::{Env, value};

#[test]
fn host_killed_mid_output_leaves_an_intact_database_and_a_gap_free_prefix() {
    let env = Env::new();
    std::fs::write(
        env.root().join("lines.js"),
        "for (let i = 0; i < 100000; i++) console.log('line ' + i)",
    )
    .unwrap();
    let (mut host, mut stdout) = spawn_run(&env, "lines.js");
    let mut line = String::new();
    // Output arrives only after the execution row is committed; wait for a good part of it.
    for _ in 0..5000 {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "output ended early"
        );
    }
    host.kill().unwrap();
    host.wait().unwrap();
    drop(stdout);

    let raw = rusqlite::Connection::open(env.db()).unwrap();
    let integrity: String = raw
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(raw);

    // Opening the store reaps what the killed host left running.
    let store = Store::open(&env.db()).unwrap();
    let raw = rusqlite::Connection::open(env.db()).unwrap();
    let (id, status): (String, String) = raw
        .query_row("SELECT id, status FROM executions", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(status, "crashed");
    assert_eq!(
        store.get_execution(&id, false).unwrap().status,
        ExecutionStatus::Crashed
    );
    let events = store.events(&id).unwrap();
    let lines: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::Console { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    for (index, event) in events.iter().enumerate() {
        assert_eq!(event.seq, index as u64 + 1, "gap before seq {}", event.seq);
    }
    for (index, text) in lines.iter().enumerate() {
        assert_eq!(text, &format!("line {index}"));
    }
    assert!(lines.len() < 100_000, "the kill came after the end");
}

/// A worker never outlives its host, whether its code loops where the engine polls for the host (top-level
/// code, between budget slices) or where nothing does (inside a callback called by a native function).
#[test]
fn workers_exit_when_their_host_is_killed_even_in_a_callback_loop() {
    for (file, code) in [
        ("top.js", "console.log('looping'); for (;;) {}"),
        (
            "callback.js",
            "console.log('looping'); [1].forEach(() => { for (;;) {} })",
        ),
    ] {
        let env = Env::new();
        std::fs::write(env.root().join(file), code).unwrap();
        let (mut host, mut stdout) = spawn_run(&env, file);
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert_eq!(line.trim_end(), "looping", "{file}");
        let workers = children(host.id());
        assert!(!workers.is_empty(), "{file}: no worker found");
        host.kill().unwrap();
        host.wait().unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while workers.iter().any(|pid| is_running(*pid)) {
            assert!(
                std::time::Instant::now() < deadline,
                "{file}: workers {workers:?} outlived their host"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// `vmjs run FILE` in `env`'s root and database, and its stdout.
fn spawn_run(env: &Env, file: &str) -> (std::process::Child, BufReader<std::process::ChildStdout>) {
    let mut host = Command::new(super::vmjs_bin())
        .args(["run", file])
        .arg("--db")
        .arg(env.db())
        .current_dir(env.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(host.stdout.take().unwrap());
    (host, stdout)
}

/// The child processes of `pid` (of all its threads).
fn children(pid: u32) -> Vec<i32> {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("children")).ok())
        .flat_map(|list| {
            list.split_whitespace()
                .filter_map(|pid| pid.parse().ok())
                .collect::<Vec<i32>>()
        })
        .collect()
}

/// Whether `pid` exists and is not a zombie.
fn is_running(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(')')
            .is_some_and(|(_, after)| !after.trim_start().starts_with('Z'))
    })
}

#[test]
fn worker_killed_mid_execution_ends_it_as_crashed_and_restores_the_session() {
    let (_exe_dir, exe, env) = env_with_named_workers("vmjs-kill-target");
    let session = env.session(Template::new("t"));
    assert_eq!(value(&session, "var kept = 20; kept"), "20");
    let handle = session.execute(ExecuteRequest::repl(
        "console.log('started'); while (true) {}",
    ));
    let (started_tx, started_rx) = mpsc::channel();
    let waiter = std::thread::spawn(move || {
        handle.wait_blocking(|update| {
            if let ExecutionUpdate::Event(event) = update
                && matches!(&event.body, EventBody::Console { text, .. } if text == "started")
            {
                let _ = started_tx.send(());
            }
        })
    });
    started_rx.recv_timeout(Duration::from_secs(20)).unwrap();
    let worker = oldest_child_running(&exe).expect("the session's worker");
    let killed = Command::new("kill")
        .args(["-9", &worker.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let record = waiter.join().unwrap();
    assert_eq!(record.status, ExecutionStatus::Crashed);
    let error = record.error.unwrap();
    assert!(!error.message.is_empty());
    let stored = Store::open(&env.db())
        .unwrap()
        .get_execution(&record.id, false)
        .unwrap();
    assert_eq!(stored.status, ExecutionStatus::Crashed);
    assert_eq!(value(&session, "kept * 2"), "40");
}

/// Comm messages are executions like cells: after the worker dies, the restored session has replayed them in
/// order, so what the frontend's messages did (a widget moved) is still there.
#[test]
fn comm_messages_are_replayed_when_a_killed_worker_is_restored() {
    let (_exe_dir, exe, env) = env_with_named_workers("vmjs-comm-replay-target");
    let session = env.session(Template::new("t"));
    value(
        &session,
        "globalThis.total = 0; Jupyter.comm.registerTarget('sum', (comm) => { \
         comm.onMsg = (m) => { total += m.content.data.n; }; }); 0",
    );
    let deliver = |action: CommAction, data: serde_json::Value| {
        let message = CommMessage {
            action,
            comm_id: "c1".into(),
            target_name: (action == CommAction::Open).then(|| "sum".into()),
            data,
            metadata: serde_json::json!({}),
            buffers: Vec::new(),
        };
        let record = session
            .execute(ExecuteRequest::comm(&message))
            .wait_blocking(|_| {});
        assert_eq!(record.status, ExecutionStatus::Ok, "{:?}", record.error);
        assert_eq!(record.kind, ExecutionKind::Comm);
    };
    deliver(CommAction::Open, serde_json::json!({}));
    deliver(CommAction::Msg, serde_json::json!({"n": 5}));
    deliver(CommAction::Msg, serde_json::json!({"n": 7}));
    assert_eq!(value(&session, "total"), "12");
    let worker = oldest_child_running(&exe).expect("the session's worker");
    assert!(
        Command::new("kill")
            .args(["-9", &worker.to_string()])
            .status()
            .unwrap()
            .success()
    );
    // The next execution finds the worker gone, restores the session (replaying cells and comm messages in
    // order) and runs.
    let mut restored = None;
    for _ in 0..50 {
        let record = session
            .execute(ExecuteRequest::repl("total"))
            .wait_blocking(|_| {});
        if record.status == ExecutionStatus::Ok {
            restored = record.result.map(|r| r.preview);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(restored.as_deref(), Some("12"));
    assert_ne!(oldest_child_running(&exe), Some(worker));
}

/// A session's worker that sat idle after its first execution unmaps the code only start-up ran
/// (`vmjs_core::code_pages`), and runs on as before.
#[test]
fn an_idle_worker_releases_its_start_up_code_and_runs_on() {
    let (_exe_dir, exe, env) = env_with_named_workers("vmjs-release-target");
    let session = env.session(Template::new("t"));
    assert_eq!(
        value(&session, "var kept = [1, 2, 3].map(x => x * 2); kept"),
        "[ 2, 4, 6 ]"
    );
    let worker = oldest_child_running(&exe).expect("the session's worker");
    let code_kib = || code_pages::resident_code_kib(worker as u32).unwrap();
    let before = code_kib();
    std::thread::sleep(code_pages::IDLE_AFTER_START_UP + Duration::from_millis(500));
    let after = code_kib();
    assert!(
        after * 2 < before,
        "code mapped: {before} KiB after the first cell, {after} KiB after idling"
    );
    assert_eq!(value(&session, "kept.length"), "3");
    assert_eq!(
        oldest_child_running(&exe),
        Some(worker),
        "the same worker runs on"
    );
}

/// An environment whose workers run from a uniquely named link to the binary (returned, with the directory
/// that holds it: keep it alive), which tells this test's workers apart from every other test's.
fn env_with_named_workers(name: &str) -> (tempfile::TempDir, std::path::PathBuf, Env) {
    let exe_dir = tempfile::tempdir().unwrap();
    let exe = exe_dir.path().join(name);
    std::os::unix::fs::symlink(super::vmjs_bin(), &exe).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sessions =
        vmjs_core::host::Sessions::new(dir.path().join("vmjs.db"), WorkerPool::new(&exe));
    let env = Env { dir, sessions };
    (exe_dir, exe, env)
}

/// The pid of the oldest live child of this process whose command line starts with `exe` (the session's worker;
/// the pool's spare is started after it).
fn oldest_child_running(exe: &std::path::Path) -> Option<i32> {
    let exe = exe.to_string_lossy();
    super::live_children()
        .into_iter()
        .filter(|child| child.argv.first().map(String::as_str) == Some(&*exe))
        .min_by_key(|child| child.started)
        .map(|child| child.pid)
}

/// The rows of a two-column query.
fn pairs<A: rusqlite::types::FromSql, B: rusqlite::types::FromSql>(
    conn: &rusqlite::Connection,
    sql: &str,
) -> Vec<(A, B)> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Cells per writer in [`many_processes_share_one_database_without_losing_or_repeating_events`]; the full
/// size is `VMJS_WRITER_CELLS=500`.
fn writer_cells() -> usize {
    std::env::var("VMJS_WRITER_CELLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60)
}

#[test]
fn many_processes_share_one_database_without_losing_or_repeating_events() {
    const WRITERS: usize = 8;
    let cells = writer_cells();
    let env = Env::new();
    Store::open(&env.db()).unwrap();
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let mut child = Command::new(super::vmjs_bin())
                .arg("--db")
                .arg(env.db())
                .arg("repl")
                .current_dir(env.root())
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            let input: String = (0..cells)
                .map(|c| format!("console.log('w{w} c{c} a'); console.error('w{w} c{c} b'); {c}\n"))
                .chain([".exit\n".to_owned()])
                .collect();
            let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
            (child, feeder)
        })
        .collect();
    for (child, feeder) in writers {
        feeder.join().unwrap().unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        let lower = stderr.to_lowercase();
        assert!(
            !lower.contains("busy") && !lower.contains("locked") && !lower.contains("storeerror"),
            "{stderr}"
        );
    }

    let raw = rusqlite::Connection::open(env.db()).unwrap();
    let statuses: Vec<(String, i64)> = pairs(
        &raw,
        "SELECT status, count(*) FROM executions GROUP BY status",
    );
    assert_eq!(statuses, [("ok".to_owned(), (WRITERS * cells) as i64)]);
    let store = Store::open(&env.db()).unwrap();
    let ids: Vec<(String, String)> = pairs(&raw, "SELECT id, input FROM executions");
    let mut seen = std::collections::BTreeSet::new();
    for (id, input) in ids {
        let events = store.events(&id).unwrap();
        let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>(), "{input}");
        let texts: Vec<&str> = events
            .iter()
            .filter_map(|e| match &e.body {
                EventBody::Console { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let tag = input
            .strip_prefix("console.log('")
            .and_then(|rest| rest.split(" a'").next())
            .unwrap_or_default()
            .to_owned();
        assert_eq!(texts, [format!("{tag} a"), format!("{tag} b")], "{input}");
        assert!(
            events.iter().any(|e| matches!(e.body, EventBody::Value(_))),
            "{input}"
        );
        assert!(seen.insert(tag), "{input} twice");
    }
    assert_eq!(seen.len(), WRITERS * cells);
}

#[test]
fn output_held_back_by_a_locked_database_is_written_when_the_lock_goes() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(value(&session, "1"), "1");

    // Locked once the cell runs (its row exists), so its first batch of events (flushed 200 ms after `before`
    // while the loop runs quietly) waits out the busy timeout (5 s) and fails; `after` and the outcome come
    // once that write gave up, and the lock is released 2 s later, while the outcome is being written.
    let mut lock = None;
    let mut release = None;
    let record = session
        .execute(ExecuteRequest::repl(
            "console.log('before'); const t0 = Date.now(); while (Date.now() - t0 < 600) {}\n\
             console.log('after'); 7",
        ))
        .wait_blocking(|update| {
            let ExecutionUpdate::Event(event) = update else {
                return;
            };
            match &event.body {
                EventBody::Console { text, .. } if text == "before" => {
                    // Another process takes the write lock (as in session.rs's locked-database test).
                    let conn = rusqlite::Connection::open(env.db()).unwrap();
                    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                    lock = Some(conn);
                }
                EventBody::Console { text, .. } if text == "after" => {
                    let conn = lock.take().expect("locked at `before`");
                    release = Some(std::thread::spawn(move || {
                        std::thread::sleep(Duration::from_millis(2_000));
                        conn.execute_batch("COMMIT").unwrap();
                    }));
                }
                _ => {}
            }
        });
    release.expect("the cell printed `after`").join().unwrap();
    assert_eq!(record.status, ExecutionStatus::Ok, "{:?}", record.error);
    assert!(record.metrics.wall_ms >= 5_000, "{:?}", record.metrics);

    let stored = Store::open(&env.db()).unwrap();
    assert_eq!(
        stored.get_execution(&record.id, false).unwrap().status,
        ExecutionStatus::Ok
    );
    let events = stored.events(&record.id).unwrap();
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=events.len() as u64).collect::<Vec<_>>());
    let texts: Vec<&str> = events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::Console { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["before", "after"]);
    assert!(
        events.iter().any(|e| matches!(e.body, EventBody::Value(_))),
        "{events:?}"
    );
}
