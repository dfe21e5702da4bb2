//! The routing table: which handler answers which request, and how it runs.

use gen_lsp_types::{
    CodeLensRequest, CompletionRequest, DocumentSymbolRequest, ExecuteCommandRequest, HoverRequest,
    ShutdownRequest,
};

use super::dispatch::RequestDispatcher;
use crate::handlers::{code_lens, completion, document_symbol, execute_command, hover, lifecycle};

/// Routes a request (after `initialize`) to its handler: `query` for answers computed from the documents
/// alone (blocking pool, cancellable), `task` for those that wait on sessions or the client.
pub fn route(request: RequestDispatcher<'_>) {
    request
        .query::<CodeLensRequest>(code_lens::code_lens)
        .query::<DocumentSymbolRequest>(document_symbol::document_symbol)
        .task::<HoverRequest, _>(hover::hover)
        .task::<CompletionRequest, _>(completion::completion)
        .task::<ExecuteCommandRequest, _>(execute_command::execute_command)
        .task::<ShutdownRequest, _>(lifecycle::shutdown)
        .finish();
}
