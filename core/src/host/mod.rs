//! The host side of vmjs: sessions (one supervised worker process each), the one execution pipeline, and the
//! worker pool. Adapters (kernel, language server, CLI) use this module and the [`crate::store`]; they never
//! see boa or SQL.

mod checker;
mod pipeline;
mod session;
mod worker_process;

pub use checker::{CheckerError, SyntaxChecker};
pub use session::{
    ExecuteRequest, ExecutionHandle, ExecutionUpdate, Session, SessionConfig, SessionError,
};
pub use worker_process::{WORKER_STACK_BYTES, WorkerPool};
