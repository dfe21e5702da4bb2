//! Spawning and talking to `vmjs worker` processes: a 1 GiB RLIMIT_STACK inherited from the host (the Context
//! runs on the worker's main thread, so deep recursion gets that stack), own process group (a terminal's
//! Ctrl-C reaches the host, not the workers behind its back), stdout frames forwarded to the session actor,
//! stderr's tail kept to explain a death. A spare worker is kept warm so a restart costs no process start.
//!
//! Workers are started with `posix_spawn` (glibc: `clone(CLONE_VM | CLONE_VFORK)`), never `fork`: a host that
//! holds thousands of sessions (`vmjs serve`) has thousands of threads and mappings, and forking copies them
//! all for every worker — measured on 2 cores, starting sessions fell from 35/s to 6/s past 4 000 sessions, most
//! of the time in the kernel copying page tables. So nothing runs between fork and exec (no `pre_exec`): the
//! stack limit is raised in the host itself, once, and inherited.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;

use crate::protocol::{FrameReader, FromWorker, ProtocolError, ToWorker, write_frame};
use crate::worker_exe::WorkerCommand;

/// Stack size of a worker's main thread (virtual memory: only what is touched is used).
pub const WORKER_STACK_BYTES: u64 = 1024 * 1024 * 1024;
const STDERR_TAIL_BYTES: usize = 4096;
/// What the lines that explain a worker's death contain (Rust's messages for a failed allocation and a
/// stack overflow): kept apart from the tail, which a backtrace after them (`RUST_BACKTRACE=1`) pushes out,
/// and read by [`death_cause`].
const OUT_OF_MEMORY_NOTES: [&str; 2] = ["memory allocation", "out of memory"];
const STACK_OVERFLOW_NOTES: [&str; 2] = ["overflowed its stack", "stack overflow"];

/// Why a worker died, as its stderr says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeathCause {
    /// An allocation failed: the template's memory limit.
    OutOfMemory,
    /// The main thread's stack ran out.
    StackOverflow,
}

/// What a dead worker's stderr ([`WorkerProcess::final_stderr_tail`]) says killed it, if it says.
pub(crate) fn death_cause(stderr: &str) -> Option<DeathCause> {
    let says = |notes: &[&str]| notes.iter().any(|note| stderr.contains(note));
    if says(&OUT_OF_MEMORY_NOTES) {
        Some(DeathCause::OutOfMemory)
    } else if says(&STACK_OVERFLOW_NOTES) {
        Some(DeathCause::StackOverflow)
    } else {
        None
    }
}
/// How long [`WorkerProcess::final_stderr_tail`] waits for the reader to see the end of a dead worker's stderr.
const STDERR_DRAIN: std::time::Duration = std::time::Duration::from_millis(250);

/// How long after a take the next spare is started. Starting a process costs a few ms of CPU, and at once it
/// would compete with the worker just taken while that one builds its engine and runs its first input
/// (measured on 2 cores: an LSP run-file round trip 7.1 → 4.4 ms). A take within this window starts its
/// worker itself.
const REFILL_DELAY: std::time::Duration = std::time::Duration::from_millis(20);

/// What a worker's reader threads tell its session.
#[derive(Debug)]
pub enum WorkerSignal {
    Message(Box<FromWorker>),
    /// stdout closed: the worker exited or was killed.
    Exited,
}

/// A running worker, adopted by a session.
pub struct WorkerProcess {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    stderr_tail: Arc<Mutex<StderrTail>>,
    /// Told when the stderr reader has read everything (the pipe closed).
    stderr_read: std::sync::mpsc::Receiver<()>,
}

impl WorkerProcess {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send(&mut self, message: &ToWorker) -> Result<(), ProtocolError> {
        write_frame(&mut self.stdin, message)
    }

    /// The last lines the worker wrote to stderr (abort messages, panics), once it has ended (stdout closed, or
    /// killed), after the lines that explain a death ([`death_cause`]) when the tail no longer holds them. The
    /// reader thread may still be reading the pipe when the process is reaped — a dying worker's last lines
    /// are the ones that explain its death —, so this waits for it to reach the pipe's end, at most
    /// [`STDERR_DRAIN`].
    pub fn final_stderr_tail(&self) -> String {
        let _ = self.stderr_read.recv_timeout(STDERR_DRAIN);
        let Ok(stderr) = self.stderr_tail.lock() else {
            return String::new();
        };
        if stderr.notes.is_empty() || stderr.tail.contains(&stderr.notes) {
            stderr.tail.clone()
        } else {
            format!("{}{}", stderr.notes, stderr.tail)
        }
    }

    /// Kills and reaps the worker; returns how it ended.
    pub fn kill(&mut self) -> Option<ExitStatus> {
        let _ = self.child.kill();
        self.child.wait().ok()
    }

    /// Asks the worker to exit, then kills it if it does not within `grace`.
    pub fn shutdown(&mut self, grace: std::time::Duration) -> Option<ExitStatus> {
        let _ = self.send(&ToWorker::Shutdown);
        let deadline = std::time::Instant::now() + grace;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            thread::sleep(std::time::Duration::from_millis(2));
        }
        self.kill()
    }

    /// How the process ended, waiting for it (the caller saw its stdout close).
    pub fn wait(&mut self) -> Option<ExitStatus> {
        self.child.wait().ok()
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a worker wrote to stderr: its last [`STDERR_TAIL_BYTES`], and the lines that explain a death.
#[derive(Default)]
struct StderrTail {
    tail: String,
    notes: String,
}

impl StderrTail {
    fn push(&mut self, line: &str) {
        if death_cause(line).is_some() && self.notes.len() < STDERR_TAIL_BYTES {
            self.notes.push_str(line);
            self.notes.push('\n');
        }
        let tail = &mut self.tail;
        tail.push_str(line);
        tail.push('\n');
        if tail.len() > STDERR_TAIL_BYTES {
            let cut = tail.len() - STDERR_TAIL_BYTES;
            let cut = (cut..tail.len())
                .find(|i| tail.is_char_boundary(*i))
                .unwrap_or(0);
            tail.drain(..cut);
        }
    }
}

/// Starts worker processes and keeps one spare.
pub struct WorkerPool {
    exe: PathBuf,
    worker: WorkerCommand,
    spare: Mutex<Option<Child>>,
}

impl WorkerPool {
    /// `exe` is the `vmjs` binary; workers run `vmjs-worker` beside it when there is one, else `vmjs worker`
    /// ([`WorkerCommand::for_host`]).
    pub fn new(exe: impl Into<PathBuf>) -> Arc<Self> {
        let exe = exe.into();
        Arc::new(Self {
            worker: WorkerCommand::for_host(&exe),
            exe,
            spare: Mutex::new(None),
        })
    }

    /// The `vmjs` binary this pool was made for.
    pub fn exe(&self) -> &Path {
        &self.exe
    }

    /// The executable workers run (`vmjs-worker`, or `vmjs` itself).
    pub fn worker_program(&self) -> &Path {
        self.worker.program()
    }

    /// A worker whose signals go to `deliver` (the spare if one is warm), and a new spare started
    /// [`REFILL_DELAY`] behind it.
    /// `deliver` returns `false` when nobody listens any more.
    pub fn take(
        self: &Arc<Self>,
        deliver: impl FnMut(WorkerSignal) -> bool + Send + 'static,
    ) -> std::io::Result<WorkerProcess> {
        let spare = self.spare.lock().ok().and_then(|mut s| s.take());
        let child = match spare {
            Some(mut child) => match child.try_wait() {
                Ok(None) => child,
                _ => spawn(&self.worker)?,
            },
            None => spawn(&self.worker)?,
        };
        let pool = Arc::clone(self);
        thread::spawn(move || {
            thread::sleep(REFILL_DELAY);
            pool.refill();
        });
        adopt(child, deliver)
    }

    /// Starts the spare if there is none.
    pub fn refill(&self) {
        let Ok(mut spare) = self.spare.lock() else {
            return;
        };
        if spare.is_none()
            && let Ok(child) = spawn(&self.worker)
        {
            *spare = Some(child);
        }
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        if let Ok(mut spare) = self.spare.lock()
            && let Some(mut child) = spare.take()
        {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn spawn(worker: &WorkerCommand) -> std::io::Result<Child> {
    static STACK_LIMIT: std::sync::Once = std::sync::Once::new();
    STACK_LIMIT.call_once(raise_stack_limit);
    let mut command = worker.command();
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("VMJS_DB")
        // Supported by posix_spawn (POSIX_SPAWN_SETPGROUP): keeps the spawn fork-free.
        .process_group(0);
    command.spawn()
}

/// Sets this process's soft RLIMIT_STACK to [`WORKER_STACK_BYTES`] (at most the hard limit), for the workers
/// to inherit. The host's own threads are unaffected (Rust and tokio size their stacks explicitly; the main
/// thread's stack was laid out at exec), so only the room its main thread may grow into changes.
fn raise_stack_limit() {
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_STACK, &mut current) != 0 {
            return;
        }
        // Exactly this (a larger or unlimited stack would also change the worker's memory layout).
        let wanted = current.rlim_max.min(WORKER_STACK_BYTES as libc::rlim_t);
        if current.rlim_cur != wanted {
            current.rlim_cur = wanted;
            libc::setrlimit(libc::RLIMIT_STACK, &current);
        }
    }
}

fn adopt(
    mut child: Child,
    mut deliver: impl FnMut(WorkerSignal) -> bool + Send + 'static,
) -> std::io::Result<WorkerProcess> {
    let missing = || std::io::Error::other("worker pipes missing");
    let stdin = child.stdin.take().ok_or_else(missing)?;
    let stdout = child.stdout.take().ok_or_else(missing)?;
    let stderr = child.stderr.take().ok_or_else(missing)?;
    let stderr_tail = Arc::new(Mutex::new(StderrTail::default()));
    let tail = Arc::clone(&stderr_tail);
    let (read_all, stderr_read) = std::sync::mpsc::channel();
    thread::Builder::new()
        .name("worker-stderr".into())
        .spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                tracing::debug!(target: "vmjs::worker", "{line}");
                if let Ok(mut stderr) = tail.lock() {
                    stderr.push(&line);
                }
            }
            let _ = read_all.send(());
        })?;
    let pid = child.id();
    thread::Builder::new()
        .name("worker-stdout".into())
        .spawn(move || {
            let mut reader = FrameReader::new(BufReader::with_capacity(256 * 1024, stdout));
            loop {
                match reader.read::<FromWorker>() {
                    Ok(Some(message)) => {
                        if !deliver(WorkerSignal::Message(Box::new(message))) {
                            return;
                        }
                    }
                    Ok(None) => break,
                    Err(error) => {
                        tracing::warn!("worker {pid}: bad frame: {error}");
                        break;
                    }
                }
            }
            deliver(WorkerSignal::Exited);
        })?;
    let mut stdin = BufWriter::new(stdin);
    stdin.flush()?;
    Ok(WorkerProcess {
        child,
        stdin,
        stderr_tail,
        stderr_read,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A child that runs `script` in `sh`, adopted as a worker.
    fn dying_child(script: &str) -> WorkerProcess {
        let child = std::process::Command::new("sh")
            .args(["-c", script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        adopt(child, |_| true).unwrap()
    }

    /// A worker that dies right after writing a lot to stderr: when it is reaped, up to a pipe's worth of its
    /// output is still unread, and the last line — the one that says why it died — must be in the tail.
    /// A backtrace after the line that says why (`RUST_BACKTRACE=1`: 4 KiB and more) does not push it out.
    #[test]
    fn the_line_that_explains_a_death_outlives_the_backtrace_after_it() {
        let mut worker = dying_child(
            "echo 'memory allocation of 1024 bytes failed' >&2; \
             yes '   12: boa_engine::vm::Context::run at /some/long/path/to/a/source/file.rs:123:45' \
             | head -n 200 >&2; kill -ABRT $$",
        );
        worker.wait().unwrap();
        let tail = worker.final_stderr_tail();
        assert!(
            tail.starts_with("memory allocation of 1024 bytes failed\n"),
            "{tail}"
        );
        assert!(tail.ends_with("file.rs:123:45\n"));
    }

    #[test]
    fn a_dead_workers_last_stderr_line_is_in_its_tail() {
        for _ in 0..5 {
            let mut worker = dying_child(
                "yes 'a line of noise before the end' | head -n 20000 >&2; \
                 echo 'memory allocation of 1024 bytes failed' >&2; kill -ABRT $$",
            );
            let status = worker.wait().unwrap();
            assert!(!status.success());
            let tail = worker.final_stderr_tail();
            assert!(
                tail.ends_with("memory allocation of 1024 bytes failed\n"),
                "{}",
                &tail[tail.len().saturating_sub(200)..]
            );
        }
    }
}
