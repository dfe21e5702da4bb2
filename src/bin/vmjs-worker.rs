//! `vmjs-worker`: a vmjs session's worker process, the JavaScript runtime without the host's code. `vmjs`
//! starts it (see `vmjs_core::worker_exe`); run by hand it says so and exits.

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = vmjs_core::worker_exe::run_worker_binary(std::env::args_os().skip(1));
    ExitCode::from(code.clamp(0, 255) as u8)
}
