//! One module per LSP method (or a few close ones); each handler takes a [`crate::context::Ctx`] and the
//! method's parameters and leaves conversions to [`crate::to_proto`]. Which handler answers which request is
//! the table in `server/routes.rs`.

pub mod code_lens;
pub mod completion;
pub mod configuration;
pub mod definition;
pub mod document_symbol;
pub mod execute_command;
pub mod folding;
pub mod hover;
pub mod inlay_hint;
pub mod lifecycle;
pub mod references;
pub mod rename;
pub mod semantic_tokens;
pub mod signature_help;
pub mod words;
pub mod workspace_symbol;
