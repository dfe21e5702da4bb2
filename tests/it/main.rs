//! End-to-end tests of vmjs: real worker processes (the built `vmjs` binary), real SQLite files.

mod array_callbacks;
mod array_moves;
mod blob_formdata;
mod checker;
mod cli;
mod commonjs_frames;
mod confinement;
mod date_iso;
mod faults;
mod fetch;
mod fuzz_corpus;
mod hostile;
mod https;
mod intl;
mod intl_dates;
mod intl_notation;
mod intl_rounding;
mod intl_supported;
mod json_stringify;
mod jupyter;
mod long_scans;
mod long_strings;
mod notebooks;
mod packages;
mod property_deletes;
mod redaction;
mod serve;
mod session;
mod string_append;
mod structured_clone;
mod typescript;
mod worker_binary;
mod wpt;

use std::path::{Path, PathBuf};

use vmjs_core::host::{ExecuteRequest, Session, SessionError, Sessions, StartOptions, WorkerPool};
use vmjs_core::model::{EventBody, ExecutionRecord, Template};

/// A temporary root + database.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub sessions: Sessions,
}

impl Default for Env {
    fn default() -> Self {
        Self::new()
    }
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let sessions = Sessions::new(dir.path().join("vmjs.db"), WorkerPool::new(vmjs_bin()));
        Self { dir, sessions }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.sessions.store_path().to_path_buf()
    }

    /// Starts a session of `template` (stored or not) on this environment's root, with `vmjs.args` `["a1"]`.
    pub fn start(&self, template: Template) -> Result<Session, SessionError> {
        let options = StartOptions {
            args: vec!["a1".into()],
            ..StartOptions::default()
        };
        self.sessions
            .start_with(template, self.root(), options)
            .wait()
    }

    pub fn session(&self, template: Template) -> Session {
        self.start(template).unwrap()
    }
}

/// A template whose executions end after `wall_ms` of wall-clock time.
pub fn timed(wall_ms: u64) -> Template {
    let mut template = Template::new("t");
    template.limits.wall_ms = Some(wall_ms);
    template
}

/// The `vmjs` binary under test: `VMJS_BIN` when set (a private copy, safe from concurrent builds in a shared
/// target directory), else the one cargo built with this test.
pub fn vmjs_bin() -> PathBuf {
    std::env::var_os("VMJS_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_vmjs")))
}

/// A live (not zombie) child process of this test process.
pub struct Child {
    pub pid: i32,
    /// Its arguments, the program first.
    pub argv: Vec<String>,
    /// When it started (clock ticks after boot: orders children by age).
    pub started: u64,
}

/// This test process's live children.
pub fn live_children() -> Vec<Child> {
    let me = std::process::id().to_string();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let pid: i32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let (_, after) = stat.rsplit_once(')')?;
            let fields: Vec<&str> = after.split_whitespace().collect();
            // fields[0] = state, [1] = ppid, [19] = starttime.
            if fields.first() == Some(&"Z") || fields.get(1) != Some(&me.as_str()) {
                return None;
            }
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let argv = cmdline
                .split(|b| *b == 0)
                .filter(|arg| !arg.is_empty())
                .map(|arg| String::from_utf8_lossy(arg).into_owned())
                .collect();
            Some(Child {
                pid,
                argv,
                started: fields.get(19)?.parse().ok()?,
            })
        })
        .collect()
}

/// Runs REPL input and waits for the record.
pub fn repl(session: &Session, input: &str) -> ExecutionRecord {
    session
        .execute(ExecuteRequest::repl(input))
        .wait_blocking(|_| {})
}

/// The preview of the result (panics with the error otherwise).
pub fn value(session: &Session, input: &str) -> String {
    let record = repl(session, input);
    match &record.result {
        Some(result) => result.preview.clone(),
        None => panic!(
            "{input:?} gave no value: {:?} {:?}",
            record.status, record.error
        ),
    }
}

/// Asserts that `script` (an expression giving a string: a table of cases) evaluates in a fresh session to
/// `node`, the text Node 20 printed for the same script.
pub fn assert_same_as_node(script: &str, node: &str) {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let node = node.trim_end();
    // The session compares (a long string would print over several lines): `'same'`, else what it made.
    let code = format!(
        "const node = {}; const made = eval({}); made === node ? 'same' : made",
        serde_json::Value::from(node),
        serde_json::Value::from(script),
    );
    assert_eq!(value(&session, &code), "'same'", "Node's:\n{node}");
}

/// Asserts that `script` run as a cell — instrumented as cells are, so that errors its `catch` clauses
/// receive are in Node's words, which `eval`'d code is not — leaves `result` (an expression a later cell
/// evaluates) equal to `node`, what Node 20 printed for the script.
pub fn assert_cell_same_as_node(script: &str, result: &str, node: &str) {
    assert_cell_same_as_node_in(&Env::new(), script, result, node);
}

/// [`assert_cell_same_as_node`] in a session of `env` (whose root the caller filled).
pub fn assert_cell_same_as_node_in(env: &Env, script: &str, result: &str, node: &str) {
    let session = env.session(Template::new("t"));
    let record = repl(&session, script);
    assert!(record.error.is_none(), "{:?}", record.error);
    let code = format!(
        "const node = {}; const made = {result}; made === node ? 'same' : made",
        serde_json::Value::from(node.trim_end()),
    );
    assert_eq!(value(&session, &code), "'same'", "Node's:\n{node}");
}

/// The console lines of an execution as the store holds them (a record from `wait_blocking` carries no
/// events).
pub fn stored_console_lines(env: &Env, record: &ExecutionRecord) -> Vec<String> {
    let events = vmjs_core::store::Store::open(&env.db())
        .and_then(|store| store.events(&record.id))
        .expect("the execution's events");
    events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::Console { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}
