//! One module per LSP method (or a few close ones); each handler takes a [`crate::context::Ctx`] and the
//! method's parameters and leaves conversions to [`crate::to_proto`]. [`dispatch`] is the table of which
//! handler answers which request, and how it runs.

pub mod code_lens;
pub mod completion;
pub mod configuration;
pub mod document_symbol;
pub mod execute_command;
pub mod hover;
pub mod lifecycle;
pub mod words;

use gen_lsp_types::{
    CodeLensRequest, CompletionRequest, DocumentSymbolRequest, ExecuteCommandRequest, HoverRequest,
    ShutdownRequest,
};

use crate::server::RequestDispatcher;

/// Routes a request (after `initialize`) to its handler: `query` for answers computed from the documents
/// alone (blocking pool, cancellable), `task` for those that wait on sessions or the client.
pub fn dispatch(request: RequestDispatcher<'_>) {
    request
        .query::<CodeLensRequest>(code_lens::code_lens)
        .query::<DocumentSymbolRequest>(document_symbol::document_symbol)
        .task::<HoverRequest, _>(hover::hover)
        .task::<CompletionRequest, _>(completion::completion)
        .task::<ExecuteCommandRequest, _>(execute_command::execute_command)
        .task::<ShutdownRequest, _>(lifecycle::shutdown)
        .finish();
}
