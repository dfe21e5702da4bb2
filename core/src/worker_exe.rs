//! Which executable a session's worker runs, and the check that it is this build's.
//!
//! A worker runs only the runtime (boa and what `runtime` puts around it), but `vmjs` also holds the kernel,
//! the language server, the HTTP server and the CLI: every page of machine code a worker touches is spread
//! among theirs, and the loader relocates and the kernel maps far more of the binary than the worker uses.
//! `vmjs-worker` is the runtime alone (built with `vmjs`, installed beside it); measured in bench/RESULTS.md
//! (2026-12-06): a worker right after a cell 19.1 → 16.3 MiB RSS, the spare 9.0 → 6.2 MiB, and what 1 000
//! sessions take from the machine 3.0–3.3 → 2.6 GiB.
//!
//! The host runs `vmjs-worker` when it lies beside its own executable and `vmjs worker` otherwise (a `vmjs`
//! copied alone still works). It passes the name of its build ([`WORKER_BUILD`]) and its own path: a
//! `vmjs-worker` of another build — `cargo build --bin vmjs` relinks `vmjs` alone — does not serve a host it
//! may not understand; it replaces itself (`exec`, same process, same pipes) with `vmjs worker` of the host's
//! binary, so nothing changes for the host but a millisecond.

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The name of this build of the worker: a hash of core's sources and manifest and the workspace's manifest
/// and lock file (core's build script).
pub const WORKER_BUILD: &str = env!("VMJS_WORKER_BUILD");

/// The file name of the worker-only binary.
pub const WORKER_BINARY: &str = "vmjs-worker";

/// The argument both binaries take to serve as a worker (`vmjs worker`, `vmjs-worker worker BUILD HOST`).
const WORKER_ARG: &str = "worker";

/// What the host runs to start a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerCommand {
    program: PathBuf,
    args: Vec<OsString>,
}

impl WorkerCommand {
    /// The worker command of the host binary `host_exe` (`vmjs`): `vmjs-worker` beside it when there is one,
    /// else `host_exe worker`.
    pub fn for_host(host_exe: &Path) -> Self {
        let sibling = host_exe.with_file_name(WORKER_BINARY);
        if is_executable_file(&sibling) {
            return Self {
                program: sibling,
                args: vec![
                    WORKER_ARG.into(),
                    WORKER_BUILD.into(),
                    host_exe.as_os_str().to_owned(),
                ],
            };
        }
        Self {
            program: host_exe.to_owned(),
            args: vec![WORKER_ARG.into()],
        }
    }

    /// The executable started.
    pub fn program(&self) -> &Path {
        &self.program
    }

    /// A [`Command`] with this program and its arguments (the caller sets up the pipes).
    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        command
    }
}

/// Whether `path` is a file this process may execute (a `vmjs-worker` installed without its execute bits
/// would stop every session; `vmjs worker` serves instead).
fn is_executable_file(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .is_ok_and(|metadata| metadata.is_file() && metadata.permissions().mode() & 0o111 != 0)
}

/// The main of `vmjs-worker`: serves the worker protocol when the host's build is this one (`args` without
/// the program name: `worker BUILD HOST_EXE`), hands over to `HOST_EXE worker` when it is another, and explains
/// itself to a person who runs it by hand. Returns the exit code.
pub fn run_worker_binary(args: impl IntoIterator<Item = OsString>) -> i32 {
    let args: Vec<OsString> = args.into_iter().collect();
    let [arg, build, host_exe] = args.as_slice() else {
        eprintln!(
            "{WORKER_BINARY} runs a vmjs session's JavaScript and is started by vmjs; run `vmjs` instead"
        );
        return 2;
    };
    if arg != WORKER_ARG {
        eprintln!("{WORKER_BINARY}: unexpected argument {arg:?}; it is started by vmjs");
        return 2;
    }
    if build == WORKER_BUILD {
        return crate::run_worker();
    }
    // Only returns on failure.
    let error = Command::new(host_exe).arg(WORKER_ARG).exec();
    let host_exe = Path::new(host_exe).display();
    eprintln!(
        "{WORKER_BINARY}: this build ({WORKER_BUILD}) is not the one of {host_exe} ({}), and `{host_exe} \
         worker` could not start in its place: {error}",
        Path::new(build).display()
    );
    70
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_runs_the_worker_binary_beside_it_and_itself_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let host = dir.path().join("vmjs");
        std::fs::write(&host, b"").unwrap();
        assert_eq!(
            WorkerCommand::for_host(&host),
            WorkerCommand {
                program: host.clone(),
                args: vec!["worker".into()]
            },
            "no vmjs-worker beside it"
        );
        std::fs::create_dir(dir.path().join(WORKER_BINARY)).unwrap();
        assert_eq!(
            WorkerCommand::for_host(&host).program(),
            host,
            "a directory of that name is no binary"
        );
        let other = tempfile::tempdir().unwrap();
        let host = other.path().join("vmjs");
        let worker = other.path().join(WORKER_BINARY);
        std::fs::write(&worker, b"").unwrap();
        assert_eq!(
            WorkerCommand::for_host(&host).program(),
            host,
            "a vmjs-worker that may not be executed is passed over"
        );
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&worker, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(
            WorkerCommand::for_host(&host),
            WorkerCommand {
                program: worker.clone(),
                args: vec!["worker".into(), WORKER_BUILD.into(), host.clone().into()]
            }
        );
    }

    #[test]
    fn the_build_name_is_a_hash() {
        assert_eq!(WORKER_BUILD.len(), 16);
        assert!(WORKER_BUILD.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
