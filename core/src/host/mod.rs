//! The host side of vmjs: sessions (one supervised worker process each), the one execution pipeline, and the
//! worker pool. Adapters (kernel, language server, CLI) start sessions through [`Sessions`] and read the
//! [`crate::store`]; they never see boa or SQL.
//!
//! Every wait is a [`Reply`] (or an [`ExecutionHandle`]): threads wait for it, async code awaits it — the
//! same channel underneath.

mod checker;
mod execution;
mod pipeline;
mod reply;
mod session;
mod sessions;
mod store_file;
mod tuning;
mod worker_process;

pub use checker::{CheckerError, SyntaxChecker};
pub use execution::{ExecuteRequest, ExecutionHandle, ExecutionUpdate};
pub use reply::Reply;
pub use session::{HARD_STOP_GRACE, Session, SessionError, StartOptions};
pub use sessions::Sessions;
pub use worker_process::{WORKER_STACK_BYTES, WorkerPool};
