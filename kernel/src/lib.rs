//! Jupyter kernel adapter over vmjs-core: Jupyter messages in, core calls, Jupyter messages out.
//!
//! `server` binds the five channels and routes requests, `wire` is the signed multipart format, `iopub`
//! owns the publishing socket, `handlers/` has one file per message kind, `outputs` turns core events into
//! output content, and `install` writes kernelspecs. No boa and no SQL here: sessions and the store come
//! from `vmjs_core`.

mod connection;
mod handlers;
mod heartbeat;
pub mod install;
mod iopub;
pub mod outputs;
mod server;
mod session_slot;
pub mod wire;

pub use connection::{ConnectionError, ConnectionInfo};
pub use handlers::info::Language;
pub use server::{KernelConfig, KernelError, serve};
