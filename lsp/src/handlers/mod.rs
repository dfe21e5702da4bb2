//! One module per kind of LSP message; each takes the shared [`crate::state::State`] and protocol types and
//! leaves conversions to [`crate::to_proto`].

pub mod code_lens;
pub mod completion;
pub mod configuration;
pub mod document_symbol;
pub mod execute_command;
pub mod hover;
pub mod lifecycle;
pub mod text_sync;
pub mod words;
