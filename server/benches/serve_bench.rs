//! `vmjs serve` measured from a client on loopback, beside the same work done in-process through
//! `vmjs_core::host::Sessions` (what the daemon adds), in one run. Not a test: `bench/run.sh serve`.
//!
//! Sections (arguments filter them): `latency` (a trivial execution over HTTP with `wait=true`, p50/p99),
//! `sse` (100k console lines over Server-Sent Events: rate, all of them, in order), `sessions` (N live
//! sessions, `VMJS_BENCH_SESSIONS`, default 1 000: PSS of the server and its workers after each ran a trivial
//! execution, and p99 latency while 50 of them execute at once), `hibernate` (`VMJS_BENCH_HIBERNATE`, default
//! 10 000 sessions created and used once with a 1 s hibernation time: PSS once they sleep, and the latency of
//! waking one), `mcp` (`vmjs mcp` on stdio: a trivial `execute` in a session, p50/p99, and a cold `execute`
//! that creates its session, beside in-process core).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use vmjs_core::host::{ExecuteRequest, Sessions, StartOptions, WorkerPool};
use vmjs_core::model::Template;

fn vmjs_bin() -> PathBuf {
    std::env::var_os("VMJS_BIN")
        .map(PathBuf::from)
        .expect("set VMJS_BIN to the vmjs binary (bench/run.sh serve does)")
}

struct Server {
    child: Child,
    url: String,
    dir: tempfile::TempDir,
    agent: ureq::Agent,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(vmjs_bin())
            .arg("--db")
            .arg(dir.path().join("vmjs.db"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().unwrap().unwrap();
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap()
            .to_owned();
        std::thread::spawn(move || for _ in lines {});
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_idle_connections(256)
            .max_idle_connections_per_host(256)
            .build()
            .into();
        Server {
            child,
            url,
            dir,
            agent,
        }
    }

    fn post(&self, path: &str, body: &Value) -> Value {
        self.agent
            .post(format!("{}/api/v1{path}", self.url))
            .send_json(body)
            .unwrap()
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_json()
            .unwrap()
    }

    fn get(&self, path: &str) -> Value {
        self.agent
            .get(format!("{}/api/v1{path}", self.url))
            .call()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap()
    }

    fn session(&self, template: &str) -> String {
        let created = self.post(
            "/sessions",
            &json!({ "template": template, "worktree_path": self.dir.path() }),
        );
        created["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{created}"))
            .to_owned()
    }

    fn repl(&self, session: &str, input: &str) -> Value {
        self.post(
            "/executions/repl",
            &json!({ "session_id": session, "input": input }),
        )
    }

    /// PSS (KiB) of the server and of every process it started.
    fn pss_kib(&self) -> (u64, u64, usize) {
        let server = pss(self.child.id());
        let children = children_of(self.child.id());
        let workers: u64 = children.iter().map(|&pid| pss(pid)).sum();
        (server, workers, children.len())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pss(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("Pss:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn children_of(pid: u32) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| {
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
            stat.rfind(')').is_some_and(|at| {
                stat[at + 2..].split(' ').nth(1) == Some(pid.to_string().as_str())
            })
        })
        .collect()
}

/// A session in this process (the in-process column), with its directory.
fn local_session() -> (vmjs_core::host::Session, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let sessions = Sessions::new(dir.path().join("vmjs.db"), WorkerPool::new(vmjs_bin()));
    let session = sessions
        .start_with(Template::new("t"), dir.path(), StartOptions::default())
        .wait()
        .unwrap();
    (session, dir)
}

/// `n` trivial executions (`1 + 1`) in a row in an in-process session, after 200 to warm up.
fn core_latencies(n: usize) -> Vec<Duration> {
    let (local, _dir) = local_session();
    let run = || {
        local
            .execute(ExecuteRequest::repl("1 + 1"))
            .wait_blocking(|_| {})
    };
    for _ in 0..200 {
        run();
    }
    (0..n)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed()
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn summary(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    (
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples.iter().sum::<Duration>() / samples.len() as u32,
    )
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn latency() {
    const N: usize = 2_000;
    let server = Server::start();
    let session = server.session("default");
    for _ in 0..200 {
        server.repl(&session, "1 + 1");
    }
    let http: Vec<Duration> = (0..N)
        .map(|_| {
            let t = Instant::now();
            let done = server.repl(&session, "1 + 1");
            assert_eq!(done["status"], "ok");
            t.elapsed()
        })
        .collect();

    let core = core_latencies(N);
    let (hp50, hp99, hmean) = summary(http);
    let (cp50, cp99, cmean) = summary(core);
    println!("latency: trivial execution (`1 + 1`), {N} in a row, after 200 to warm up");
    println!(
        "  in-process core   p50 {:>8}  p99 {:>8}  mean {:>8}",
        us(cp50),
        us(cp99),
        us(cmean)
    );
    println!(
        "  HTTP wait=true    p50 {:>8}  p99 {:>8}  mean {:>8}   ({:.2}× the in-process p50; goal p50 ≤ 1 ms)",
        us(hp50),
        us(hp99),
        us(hmean),
        hp50.as_secs_f64() / cp50.as_secs_f64()
    );
}

fn sse() {
    const LINES: usize = 100_000;
    let code = format!("for (let i = 0; i < {LINES}; i++) console.log('line ' + i)");
    let server = Server::start();
    let session = server.session("default");
    server.repl(&session, "1");
    let started = Instant::now();
    let submitted = server.post(
        "/executions/repl?wait=false",
        &json!({ "session_id": session, "input": code }),
    );
    let id = submitted["id"].as_str().unwrap().to_owned();
    let response = ureq::get(format!(
        "{}/api/v1/executions/{id}/events?follow=true",
        server.url
    ))
    .call()
    .unwrap();
    let reader = BufReader::new(response.into_body().into_reader());
    let (mut next_seq, mut lines, mut ended) = (1u64, 0usize, false);
    let mut event_name = String::new();
    for line in reader.lines() {
        let line = line.unwrap();
        if let Some(name) = line.strip_prefix("event: ") {
            event_name = name.to_owned();
        } else if let Some(data) = line.strip_prefix("data: ") {
            if event_name == "end" {
                ended = true;
                break;
            }
            let event: Value = serde_json::from_str(data).unwrap();
            assert_eq!(event["seq"], next_seq, "events out of order or missing");
            next_seq += 1;
            if event["type"] == "console" {
                assert_eq!(event["payload"]["text"], format!("line {lines}"));
                lines += 1;
            }
        } else if line.is_empty() {
            event_name.clear();
        }
    }
    let http = started.elapsed();
    assert!(ended && lines == LINES, "{lines} lines, ended {ended}");

    let (local, _dir) = local_session();
    let started = Instant::now();
    let mut count = 0usize;
    local
        .execute(ExecuteRequest::repl(code))
        .wait_blocking(|_| count += 1);
    let core = started.elapsed();
    println!("sse: {LINES} console lines, from submission to the end");
    println!(
        "  in-process core   {:>6.0} ms  ({:.0} lines/s)",
        core.as_secs_f64() * 1e3,
        LINES as f64 / core.as_secs_f64()
    );
    println!(
        "  HTTP + SSE        {:>6.0} ms  ({:.0} lines/s; all {LINES}, in order; {:.2}× the in-process time)",
        http.as_secs_f64() * 1e3,
        LINES as f64 / http.as_secs_f64(),
        http.as_secs_f64() / core.as_secs_f64()
    );
}

/// Runs `work(i)` for i in 0..n on `threads` threads.
fn parallel(n: usize, threads: usize, work: impl Fn(usize) + Sync) {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        break;
                    }
                    work(i);
                }
            });
        }
    });
}

fn count(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn sessions_section() {
    let n = count("VMJS_BENCH_SESSIONS", 1_000);
    let server = Server::start();
    let ids: Vec<String> = {
        let ids = std::sync::Mutex::new(vec![String::new(); n]);
        let started = Instant::now();
        parallel(n, 8, |i| {
            let id = server.session("default");
            assert_eq!(server.repl(&id, "1 + 1")["status"], "ok");
            ids.lock().unwrap()[i] = id;
        });
        println!(
            "sessions: {n} live sessions created and each ran `1 + 1` in {:.1} s (8 clients)",
            started.elapsed().as_secs_f64()
        );
        ids.into_inner().unwrap()
    };
    std::thread::sleep(Duration::from_millis(300));
    let (server_kib, workers_kib, workers) = server.pss_kib();
    let total = server_kib + workers_kib;
    println!(
        "  right after: PSS server {:.1} MiB + {workers} workers {:.1} MiB = {:.2} GiB ({:.2} MiB per session; goal ≤ 5 MB)",
        server_kib as f64 / 1024.0,
        workers_kib as f64 / 1024.0,
        total as f64 / 1024.0 / 1024.0,
        total as f64 / 1024.0 / n as f64
    );
    let ids = Arc::new(ids);
    let samples = std::sync::Mutex::new(Vec::new());
    let per_client = 40;
    parallel(50, 50, |client| {
        let id = &ids[client * (n / 50).max(1) % n];
        let mut mine = Vec::with_capacity(per_client);
        for _ in 0..per_client {
            let t = Instant::now();
            assert_eq!(server.repl(id, "1 + 1")["status"], "ok");
            mine.push(t.elapsed());
        }
        samples.lock().unwrap().extend(mine);
    });
    let (p50, p99, _) = summary(samples.into_inner().unwrap());
    println!(
        "  50 sessions executing at once ({per_client} each): p50 {} p99 {}",
        us(p50),
        us(p99)
    );
}

fn hibernate() {
    let n = count("VMJS_BENCH_HIBERNATE", 10_000);
    let server = Server::start();
    server.post(
        "/templates",
        &json!({ "name": "sleepy", "options": { "hibernate_after_ms": 1000 } }),
    );
    let ids = std::sync::Mutex::new(Vec::with_capacity(n));
    let started = Instant::now();
    parallel(n, 8, |i| {
        let id = server.session("sleepy");
        let done = server.repl(&id, &format!("var mine = {i}; mine"));
        assert_eq!(done["status"], "ok", "{done}");
        ids.lock().unwrap().push((i, id));
    });
    let created = started.elapsed();
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let asleep = server.get("/runtime/summary")["hibernating_sessions"]
            .as_u64()
            .unwrap_or(0);
        if asleep as usize >= n {
            break;
        }
        assert!(Instant::now() < deadline, "only {asleep} of {n} hibernated");
        std::thread::sleep(Duration::from_millis(250));
    }
    std::thread::sleep(Duration::from_millis(500));
    let (server_kib, workers_kib, workers) = server.pss_kib();
    println!(
        "hibernate: {n} sessions created and used once in {:.1} s; once asleep: PSS server {:.1} MiB + {workers} workers {:.1} MiB ({:.0} KiB per session)",
        created.as_secs_f64(),
        server_kib as f64 / 1024.0,
        workers_kib as f64 / 1024.0,
        (server_kib + workers_kib) as f64 / n as f64
    );
    let ids = ids.into_inner().unwrap();
    let wakes: Vec<Duration> = ids
        .iter()
        .step_by((n / 100).max(1))
        .map(|(i, id)| {
            let t = Instant::now();
            let done = server.repl(id, "mine");
            assert_eq!(done["result"]["preview"], i.to_string(), "{done}");
            t.elapsed()
        })
        .collect();
    let (p50, p99, _) = summary(wakes);
    println!(
        "  waking one (replay of its input, then `mine`): p50 {} p99 {}",
        us(p50),
        us(p99)
    );
}

/// `vmjs mcp` on stdio, spoken to with raw JSON-RPC lines (what any MCP client sends).
struct Mcp {
    child: Child,
    stdin: std::process::ChildStdin,
    lines: std::io::Lines<BufReader<std::process::ChildStdout>>,
    next_id: u64,
    _dir: tempfile::TempDir,
}

impl Mcp {
    fn start() -> Mcp {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(vmjs_bin())
            .arg("--db")
            .arg(dir.path().join("vmjs.db"))
            .args(["mcp", "--root"])
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut mcp = Mcp {
            child,
            stdin,
            lines,
            next_id: 0,
            _dir: dir,
        };
        mcp.request(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "serve_bench", "version": "0"}}),
        );
        mcp.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        mcp
    }

    fn send(&mut self, message: &Value) {
        use std::io::Write;
        writeln!(self.stdin, "{message}").unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let line = self.lines.next().unwrap().unwrap();
            let answer: Value = serde_json::from_str(&line).unwrap();
            if answer["id"] == id {
                return answer["result"].clone();
            }
        }
    }

    /// `execute` → its structured answer.
    fn execute(&mut self, arguments: Value) -> Value {
        let result = self.request(
            "tools/call",
            json!({"name": "execute", "arguments": arguments}),
        );
        result["structuredContent"].clone()
    }
}

impl Drop for Mcp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn mcp() {
    const N: usize = 2_000;
    const COLD: usize = 50;
    let mut mcp = Mcp::start();
    let first = mcp.execute(json!({"code": "1 + 1"}));
    let session = first["session_id"].as_str().unwrap().to_owned();
    for _ in 0..200 {
        mcp.execute(json!({"code": "1 + 1", "session_id": session}));
    }
    let warm: Vec<Duration> = (0..N)
        .map(|_| {
            let t = Instant::now();
            let answer = mcp.execute(json!({"code": "1 + 1", "session_id": session}));
            assert_eq!(answer["result"], "2");
            t.elapsed()
        })
        .collect();
    let cold: Vec<Duration> = (0..COLD)
        .map(|_| {
            let t = Instant::now();
            let answer = mcp.execute(json!({"code": "1 + 1"}));
            let elapsed = t.elapsed();
            assert_eq!(answer["session_created"], true);
            let id = answer["session_id"].clone();
            mcp.request(
                "tools/call",
                json!({"name": "close_session", "arguments": {"session_id": id}}),
            );
            elapsed
        })
        .collect();

    let core = core_latencies(N);
    let dir = tempfile::tempdir().unwrap();
    let sessions = Sessions::new(dir.path().join("vmjs.db"), WorkerPool::new(vmjs_bin()));
    let core_cold: Vec<Duration> = (0..COLD)
        .map(|_| {
            let t = Instant::now();
            let session = sessions
                .start_with(Template::new("t"), dir.path(), StartOptions::default())
                .wait()
                .unwrap();
            session
                .execute(ExecuteRequest::repl("1 + 1"))
                .wait_blocking(|_| {});
            let elapsed = t.elapsed();
            session.close().wait();
            elapsed
        })
        .collect();
    let (wp50, wp99, _) = summary(warm);
    let (cp50, cp99, _) = summary(core);
    let (xp50, xp99, _) = summary(cold);
    let (kp50, kp99, _) = summary(core_cold);
    println!("mcp: `vmjs mcp` on stdio (JSON-RPC lines), `execute` of `1 + 1`");
    println!(
        "  in a session       p50 {:>8}  p99 {:>8}   in-process core p50 {:>8} p99 {:>8}   ({:.2}× core; goal p50 ≤ 1 ms)",
        us(wp50),
        us(wp99),
        us(cp50),
        us(cp99),
        wp50.as_secs_f64() / cp50.as_secs_f64()
    );
    println!(
        "  cold (new session) p50 {:>8}  p99 {:>8}   in-process start+execute p50 {:>8} p99 {:>8}   ({:.2}× core; goal ≤ 10 ms)",
        us(xp50),
        us(xp99),
        us(kp50),
        us(kp99),
        xp50.as_secs_f64() / kp50.as_secs_f64()
    );
}

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let run = |name: &str| wanted.is_empty() || wanted.iter().any(|w| w == name);
    if run("latency") {
        latency();
    }
    if run("sse") {
        sse();
    }
    if run("sessions") {
        sessions_section();
    }
    if run("hibernate") {
        hibernate();
    }
    if run("mcp") {
        mcp();
    }
}
