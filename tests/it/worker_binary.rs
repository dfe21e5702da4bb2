//! Sessions' workers run `vmjs-worker` (the runtime without the host's code) when it lies beside `vmjs`, and a
//! `vmjs-worker` of another build hands over to `vmjs worker` in the same process instead of serving a host
//! it may not understand.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use vmjs_core::host::{Sessions, WorkerPool};
use vmjs_core::model::Template;
use vmjs_core::protocol::{FrameReader, FromWorker, ToWorker, WorkerInit, write_frame};
use vmjs_core::worker_exe::{WORKER_BINARY, WORKER_BUILD};

use super::{Env, value, vmjs_bin};

fn worker_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_vmjs-worker"))
}

/// The executable a process runs now (after any `exec`).
fn exe_of(pid: u32) -> PathBuf {
    std::fs::read_link(format!("/proc/{pid}/exe")).unwrap()
}

/// Starts `vmjs-worker worker BUILD HOST` and speaks the worker protocol with it: `init`, then a syntax check.
/// Returns the pid `Ready` names, the executable the process runs by then, and boa's verdict on `1 +`.
fn serve_with(build: &str, host: &Path) -> (u32, PathBuf, Vec<String>) {
    let mut child = Command::new(worker_bin())
        .args([
            std::ffi::OsStr::new("worker"),
            build.as_ref(),
            host.as_os_str(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut reader = FrameReader::new(child.stdout.take().unwrap());
    let init = WorkerInit::bare(
        std::env::temp_dir()
            .canonicalize()
            .unwrap()
            .display()
            .to_string(),
    );
    write_frame(&mut stdin, &ToWorker::Init(init)).unwrap();
    let pid = match reader.read::<FromWorker>().unwrap() {
        Some(FromWorker::Ready { pid, .. }) => pid,
        other => panic!("expected Ready, got {other:?}"),
    };
    let exe = exe_of(child.id());
    let check = ToWorker::Check {
        source: "1 +".into(),
        module: false,
    };
    write_frame(&mut stdin, &check).unwrap();
    let errors = match reader.read::<FromWorker>().unwrap() {
        Some(FromWorker::Checked { errors }) => errors.into_iter().map(|e| e.message).collect(),
        other => panic!("expected Checked, got {other:?}"),
    };
    assert_eq!(pid, child.id(), "Ready comes from the process started");
    drop(stdin);
    child.wait().unwrap();
    (pid, exe, errors)
}

/// A session on a `vmjs` linked into a directory of its own (with `vmjs-worker` beside it when `with_worker`):
/// returns the first argument of each of this process's children started from that directory.
fn workers_started(with_worker: bool) -> Vec<String> {
    let bin_dir = tempfile::tempdir().unwrap();
    let host = bin_dir.path().join("vmjs");
    std::os::unix::fs::symlink(vmjs_bin(), &host).unwrap();
    if with_worker {
        std::os::unix::fs::symlink(worker_bin(), bin_dir.path().join(WORKER_BINARY)).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let pool = WorkerPool::new(&host);
    let env = Env {
        sessions: Sessions::new(dir.path().join("vmjs.db"), pool),
        dir,
    };
    let session = env.session(Template::new("t"));
    assert_eq!(value(&session, "1 + 1"), "2");
    let prefix = bin_dir.path().to_string_lossy().into_owned();
    let started: Vec<String> = super::live_children()
        .into_iter()
        .map(|child| child.argv.join(" "))
        .filter(|line| line.starts_with(&prefix))
        .map(|line| line.replace(&prefix, "DIR"))
        .collect();
    session.close().wait();
    started
}

#[test]
fn sessions_run_the_worker_binary_beside_vmjs_and_vmjs_worker_without_it() {
    let started = workers_started(true);
    assert!(!started.is_empty(), "no worker started");
    for line in &started {
        assert_eq!(
            line,
            &format!("DIR/vmjs-worker worker {WORKER_BUILD} DIR/vmjs")
        );
    }
    let started = workers_started(false);
    assert!(!started.is_empty(), "no worker started");
    for line in &started {
        assert_eq!(line, "DIR/vmjs worker");
    }
    assert_eq!(
        WorkerPool::new(vmjs_bin()).worker_program(),
        worker_bin(),
        "cargo builds vmjs-worker beside vmjs"
    );
}

#[test]
fn a_worker_binary_of_this_build_serves_and_one_of_another_build_hands_over_to_vmjs_worker() {
    let (_, exe, errors) = serve_with(WORKER_BUILD, &vmjs_bin());
    assert_eq!(exe.file_name().unwrap(), WORKER_BINARY);
    assert_eq!(errors.len(), 1, "{errors:?}");

    let other_build = "0123456789abcdef";
    assert_ne!(other_build, WORKER_BUILD);
    let (_, exe, handed_over) = serve_with(other_build, &vmjs_bin());
    assert_eq!(
        exe,
        std::fs::canonicalize(vmjs_bin()).unwrap(),
        "the same process now runs `vmjs worker`"
    );
    assert_eq!(handed_over, errors);
}

#[test]
fn the_worker_binary_run_by_hand_says_what_it_is() {
    for args in [&[][..], &["worker"][..], &["serve", "x", "y"][..]] {
        let output = Command::new(worker_bin())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("started by vmjs"), "{args:?}: {stderr}");
    }
    let output = Command::new(worker_bin())
        .args(["worker", "0123456789abcdef", "/nonexistent/vmjs"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(70));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("/nonexistent/vmjs") && stderr.contains("No such file"),
        "{stderr}"
    );
}
