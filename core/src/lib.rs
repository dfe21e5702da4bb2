//! vmjs core: templates, sessions, the one execution pipeline, the SQLite store, the worker protocol and the
//! JavaScript runtime that runs inside `vmjs worker`.
//!
//! Layering (see ARCHITECTURE.md): adapters (`vmjs-kernel`, `vmjs-lsp`, the `vmjs` binary) use [`host`] and
//! [`store`]; [`runtime`] only ever runs inside a worker process; [`analysis`] is pure (oxc) and used by both.

pub mod analysis;
pub mod code_pages;
pub mod host;
pub mod memory;
pub mod model;
pub mod outbox;
pub mod paths;
pub mod protocol;
pub mod runtime;
pub mod store;
