//! The `LanguageServer` implementation: a thin dispatcher from protocol methods to [`crate::handlers`].

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::gen_lsp_types::{
    CodeLens, CodeLensParams, CompletionParams, CompletionResponse, DidChangeConfigurationParams,
    DidChangeWorkspaceFoldersParams, DocumentSymbolParams, DocumentSymbolResponse,
    ExecuteCommandParams, Hover, HoverParams, InitializeParams, InitializeResult,
    InitializedParams, WorkDoneProgressCancelParams,
};
use tower_lsp_server::{Client, LanguageServer, jsonrpc};

use crate::ServerOptions;
use crate::handlers::{
    code_lens, completion, configuration, document_symbol, execute_command, hover, lifecycle,
};
use crate::state::State;
use crate::transport::Notifier;

/// The language server: the shared state, or why it could not be set up.
pub struct Backend {
    state: Result<Arc<State>, String>,
}

impl Backend {
    /// Sets up the state (threads; diagnostics go out through `notifier`).
    pub fn new(client: Client, options: ServerOptions, notifier: Notifier) -> Self {
        Self {
            state: State::start(client, options, notifier).map_err(|e| e.to_string()),
        }
    }

    /// The state, if it could be set up.
    pub fn state(&self) -> Option<Arc<State>> {
        self.state.as_ref().ok().cloned()
    }

    fn checked(&self) -> jsonrpc::Result<&Arc<State>> {
        self.state.as_ref().map_err(|message| jsonrpc::Error {
            code: jsonrpc::ErrorCode::InternalError,
            message: message.clone().into(),
            data: None,
        })
    }

    /// `window/workDoneProgress/cancel`: interrupts the run behind the progress.
    pub async fn work_done_progress_cancel(&self, params: WorkDoneProgressCancelParams) {
        if let Ok(state) = self.checked() {
            crate::runs::cancel_progress(state, &params.token);
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> jsonrpc::Result<InitializeResult> {
        Ok(lifecycle::initialize(self.checked()?, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        if let Ok(state) = self.checked() {
            lifecycle::initialized(state);
        }
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        lifecycle::shutdown(self.checked()?).await;
        Ok(())
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if let Ok(state) = self.checked() {
            configuration::did_change_configuration(state, params);
        }
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        if let Ok(state) = self.checked() {
            lifecycle::did_change_workspace_folders(state, params);
        }
    }

    async fn code_lens(&self, params: CodeLensParams) -> jsonrpc::Result<Option<Vec<CodeLens>>> {
        Ok(Some(code_lens::code_lens(params)))
    }

    async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> jsonrpc::Result<Option<Value>> {
        execute_command::execute_command(self.checked()?, params).await
    }

    async fn hover(&self, params: HoverParams) -> jsonrpc::Result<Option<Hover>> {
        hover::hover(self.checked()?, params).await
    }

    async fn completion(
        &self,
        params: CompletionParams,
    ) -> jsonrpc::Result<Option<CompletionResponse>> {
        completion::completion(self.checked()?, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> jsonrpc::Result<Option<DocumentSymbolResponse>> {
        let symbols = document_symbol::document_symbol(self.checked()?, params).await?;
        Ok(Some(DocumentSymbolResponse::DocumentSymbolList(symbols)))
    }
}
