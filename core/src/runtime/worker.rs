//! The `vmjs worker` process: reads [`ToWorker`] frames on stdin, evaluates on the main thread (whose stack
//! the host raised with RLIMIT_STACK), writes [`FromWorker`] frames on stdout.
//!
//! Threads: the main thread owns the boa `Context`, reads stdin itself ([`host_input`]: a request wakes it
//! directly; stop requests and input replies are taken in while code runs) and writes its replies itself
//! when nothing is queued before them ([`Outbox`]); a stdout writer writes events (batched under load,
//! flushed as soon as it is idle); a watcher ends the process at once when the host hangs up, even if user
//! code is looping.

use super::engine::Engine;
use super::host_input;
use super::housekeeping::{self, Housekeeping};
use super::locale;
use super::state::{self, StopFlag, WorkerState};
use super::to_host::ToHost;
use crate::code_pages;
use crate::model::ExceptionPayload;
use crate::outbox::Outbox;
use crate::paths::Root;
use crate::protocol::{EvalDone, EvalStatus, FromWorker, ToWorker, WorkerInit};
use crate::redact::Redactor;
use std::os::fd::AsFd;
use std::rc::Rc;

/// Runs the worker until the host says `Shutdown` or closes stdin. Returns the process exit code.
pub fn run() -> i32 {
    let stop = StopFlag::default();
    if let Err(error) = host_input::install(stop.clone()) {
        eprintln!("vmjs worker: cannot take over stdin: {error}");
        return 2;
    }
    let stdout = match std::io::stdout().as_fd().try_clone_to_owned() {
        Ok(fd) => std::fs::File::from(fd),
        Err(error) => {
            eprintln!("vmjs worker: cannot take over stdout: {error}");
            return 2;
        }
    };
    let (outbox, writer) = match Outbox::start("stdout", stdout, || {}) {
        Ok(started) => started,
        Err(error) => {
            eprintln!("vmjs worker: cannot start the stdout thread: {error}");
            return 2;
        }
    };
    let code = serve(&outbox, stop);
    state::uninstall();
    outbox.close();
    let _ = writer.join();
    code
}

fn serve(to_host: &Outbox<FromWorker>, stop: StopFlag) -> i32 {
    // A spare worker (`host::WorkerPool`) waits for its session: the code its start mapped is not needed
    // meanwhile (measured: 4.9 MiB of a 6.9 MiB spare).
    if !host_input::request_within(code_pages::IDLE_AFTER_START_UP) {
        code_pages::release();
    }
    let init = match host_input::next_request() {
        Some(ToWorker::Init(init)) => init,
        Some(_) => return fatal(to_host, "the first message must be init"),
        None => return 0,
    };
    if let Some(mem_mb) = init.mem_mb
        && let Err(error) = limit_memory(mem_mb)
    {
        return fatal(to_host, &format!("cannot apply the memory limit: {error}"));
    }
    let root = match Root::open(std::path::Path::new(&init.root)) {
        Ok(root) => Rc::new(root),
        Err(error) => return fatal(to_host, &error.to_string()),
    };
    let redactor = match Redactor::new(&init.redact_values, &init.redact_patterns) {
        Ok(redactor) => redactor,
        Err(error) => return fatal(to_host, &error.to_string()),
    };
    // From here on every message goes through the redacting link.
    let to_host = &ToHost::new(to_host.clone(), redactor);
    state::install(worker_state(&init, Rc::clone(&root), to_host.clone()));
    locale::make_default(&locale::choose(init.deterministic, |name| {
        std::env::var(name).ok()
    }));
    let mut engine = match Engine::new(&init, root, stop) {
        Ok(engine) => engine,
        Err(error) => {
            let _ = to_host.reply(FromWorker::Fatal {
                message: format!("cannot build the JS engine: {error}"),
            });
            return 2;
        }
    };
    let _ = to_host.reply(FromWorker::Ready {
        pid: std::process::id(),
        names: engine.global_names(),
    });
    let mut housekeeping = Housekeeping::new();
    loop {
        if housekeeping.due() && !host_input::request_within(housekeeping::IDLE_AFTER_WORK) {
            housekeeping.when_idle();
        }
        let Some(message) = host_input::next_request() else {
            break;
        };
        match message {
            ToWorker::Eval(request) => {
                let started = std::time::Instant::now();
                let evaluated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    engine.evaluate(&request)
                }));
                match evaluated {
                    Ok(done) => {
                        housekeeping.after_evaluation(started.elapsed());
                        if to_host.reply(FromWorker::Done(done)).is_err() {
                            break;
                        }
                    }
                    Err(panic) => {
                        // The engine may be inconsistent now: report, then exit so the host restores the
                        // session in a fresh worker.
                        let message = panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                            .unwrap_or_else(|| "unknown panic".to_owned());
                        let error = ExceptionPayload::host(
                            "InternalError",
                            format!(
                                "the engine failed on this input ({message}); the session will be restored"
                            ),
                        );
                        let _ = to_host.reply(FromWorker::Done(EvalDone {
                            execution_id: request.execution_id.clone(),
                            status: EvalStatus::Error,
                            result: None,
                            error: Some(error),
                            side_effects: true,
                            names: None,
                        }));
                        return 101;
                    }
                }
            }
            ToWorker::Names => {
                let names = engine.global_names();
                let _ = to_host.reply(FromWorker::Names { names });
            }
            ToWorker::Properties { expression } => {
                let names = guarded(Vec::new, || engine.property_names(&expression));
                let _ = to_host.reply(FromWorker::Names { names });
            }
            ToWorker::Describe { expression, detail } => {
                let description = guarded(|| None, || engine.describe(&expression, detail));
                let _ = to_host.reply(FromWorker::Description { description });
            }
            ToWorker::Check { source, module } => {
                let errors = engine.check(&source, module);
                let _ = to_host.reply(FromWorker::Checked { errors });
            }
            ToWorker::Shutdown => break,
            ToWorker::Init(_) | ToWorker::Stop { .. } | ToWorker::InputReply { .. } => {}
        }
    }
    0
}

/// Runs an introspection request; a panic inside boa gives the empty answer (the request ran no user code, so
/// the engine's state is unchanged).
fn guarded<T>(empty: impl FnOnce() -> T, run: impl FnOnce() -> T) -> T {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|_| empty())
}

pub(super) fn worker_state(init: &WorkerInit, root: Rc<Root>, to_host: ToHost) -> WorkerState {
    WorkerState {
        to_host,
        root,
        capabilities: init.capabilities.clone(),
        env: init.env.clone(),
        current: Default::default(),
        group_indent: Default::default(),
        counts: Default::default(),
        timers: Default::default(),
        random_state: std::cell::Cell::new(init.seed),
        deterministic: init.deterministic,
    }
}

fn fatal(to_host: &Outbox<FromWorker>, message: &str) -> i32 {
    eprintln!("vmjs worker: {message}");
    let _ = to_host.reply(FromWorker::Fatal {
        message: message.to_owned(),
    });
    2
}

/// Caps the heap (RLIMIT_DATA). Allocation failures then abort this process, which the host reports as the
/// memory limit — never a dead host.
fn limit_memory(mem_mb: u64) -> std::io::Result<()> {
    let bytes = mem_mb.saturating_mul(1024 * 1024);
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit only reads the struct we pass.
    if unsafe { libc::setrlimit(libc::RLIMIT_DATA, &limit) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}
