//! Errors of session control.

use crate::store::StoreError;

/// Errors of session control (a JS error is an execution outcome, never this).
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("session root {root}: {message}")]
    Root { root: String, message: String },
    #[error("cannot start a worker process ({exe}): {message}")]
    Spawn { exe: String, message: String },
    #[error("startup file `{file}` failed: {message}")]
    Startup { file: String, message: String },
    #[error("the session is busy")]
    Busy,
    #[error("the session is closed")]
    Closed,
}
