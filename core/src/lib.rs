//! vmjs core: templates, sessions, the one execution pipeline, the SQLite store, the worker protocol and the
//! JavaScript runtime that runs inside `vmjs worker`.
//!
//! Layering (see ARCHITECTURE.md): adapters (`vmjs-kernel`, `vmjs-lsp`, the `vmjs` binary) use [`host`] and
//! [`store`]; the runtime (private: boa lives there) only ever runs inside a worker process, entered through
//! [`run_worker`]; [`analysis`] and [`stack`] are pure and used by both.

pub mod analysis;
pub mod code_pages;
pub mod host;
pub mod line_index;
pub mod memory;
pub mod model;
pub mod net;
pub mod outbox;
pub mod paths;
pub mod protocol;
pub mod redact;
mod runtime;

pub use runtime::resolve_package_import;
pub mod stack;
pub mod store;
pub mod tabular;
pub mod worker_exe;

/// The `vmjs worker` process's main: serves one session's worker protocol on stdin/stdout until the host hangs
/// up; returns the exit code.
pub fn run_worker() -> i32 {
    runtime::worker::run()
}

/// How many boa instructions run between two looks at the interrupt flag (the core benchmark gives bare boa the
/// same budget, to compare like with like).
pub const ENGINE_BUDGET: u32 = runtime::engine::BUDGET;
