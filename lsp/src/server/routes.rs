//! The routing table: which handler answers which request, and how it runs.

use gen_lsp_types::{
    CodeLensRequest, CompletionRequest, DefinitionRequest, DocumentHighlightRequest,
    DocumentSymbolRequest, ExecuteCommandRequest, FoldingRangeRequest, HoverRequest,
    InlayHintRequest, PrepareRenameRequest, ReferencesRequest, RenameRequest,
    SelectionRangeRequest, SemanticTokensDeltaRequest, SemanticTokensRequest, ShutdownRequest,
    SignatureHelpRequest, TypeDefinitionRequest, WorkspaceSymbolRequest,
};

use super::dispatch::RequestDispatcher;
use crate::handlers::{
    code_lens, completion, definition, document_symbol, execute_command, folding, hover,
    inlay_hint, lifecycle, references, rename, semantic_tokens, signature_help, workspace_symbol,
};

/// Routes a request (after `initialize`) to its handler: `query` for answers computed from the documents
/// alone (blocking pool, cancellable; `query_or_shortcut` when the main loop can often answer at once),
/// `task` for those that wait on sessions or the client.
pub fn route(request: RequestDispatcher<'_>) {
    request
        .query::<CodeLensRequest>(code_lens::code_lens)
        .query::<DocumentSymbolRequest>(document_symbol::document_symbol)
        .query_or_shortcut::<DefinitionRequest>(definition::definition_here, definition::definition)
        .query::<TypeDefinitionRequest>(definition::type_definition)
        .query::<InlayHintRequest>(inlay_hint::inlay_hint)
        .query_or_shortcut::<ReferencesRequest>(references::references_here, references::references)
        .query_or_shortcut::<DocumentHighlightRequest>(
            references::document_highlight_here,
            references::document_highlight,
        )
        .query::<PrepareRenameRequest>(rename::prepare_rename)
        .query_or_shortcut::<RenameRequest>(rename::rename_here, rename::rename)
        .query::<FoldingRangeRequest>(folding::folding_range)
        .query::<SelectionRangeRequest>(folding::selection_range)
        .query::<WorkspaceSymbolRequest>(workspace_symbol::workspace_symbol)
        .task::<SignatureHelpRequest, _>(signature_help::signature_help)
        .task::<SemanticTokensRequest, _>(semantic_tokens::full)
        .task::<SemanticTokensDeltaRequest, _>(semantic_tokens::delta)
        .task::<HoverRequest, _>(hover::hover)
        .task::<CompletionRequest, _>(completion::completion)
        .task::<ExecuteCommandRequest, _>(execute_command::execute_command)
        .task::<ShutdownRequest, _>(lifecycle::shutdown)
        .finish();
}
