//! `initialize` (encoding negotiation, client features, folders, initial settings, capabilities),
//! `initialized`, `shutdown`, `workspace/didChangeWorkspaceFolders`.

use std::sync::Arc;

use gen_lsp_types::{
    ChangeNotifications, CodeLensOptions, CompletionOptions, DidChangeWorkspaceFoldersParams,
    ExecuteCommandOptions, Full, InitializeParams, InitializeResult, Notebook,
    NotebookCellLanguage, NotebookDocumentFilterWithCells, NotebookDocumentSync,
    NotebookDocumentSyncOptions, NotebookSelector, PositionEncodingKind, RenameOptions,
    RenameProvider, SemanticTokensFullDelta, SemanticTokensOptions, SemanticTokensProvider,
    ServerCapabilities, ServerInfo, SignatureHelpOptions, TextDocumentSync, TextDocumentSyncKind,
    TextDocumentSyncOptions, WorkspaceFolders, WorkspaceFoldersServerCapabilities,
    WorkspaceOptions,
};
use serde_json::json;

use crate::config::Settings;
use crate::context::Ctx;
use crate::ext::{OUTPUT_CAPABILITY, commands};
use crate::state::{ClientFeatures, State};
use crate::uri;
use vmjs_core::line_index::Encoding;

/// `initialize`.
pub fn initialize(state: &State, params: InitializeParams) -> InitializeResult {
    let offers_utf8 = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|encodings| encodings.contains(&PositionEncodingKind::UTF8));
    let encoding = if offers_utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let _ = state.encoding.set(encoding);
    let capabilities = &params.capabilities;
    let _ = state.features.set(ClientFeatures {
        output_notifications: capabilities
            .experimental
            .as_ref()
            .and_then(|e| e.get(OUTPUT_CAPABILITY))
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        work_done_progress: capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        configuration: capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false),
        inlay_hint_refresh: capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|h| h.refresh_support)
            .unwrap_or(false),
    });
    let mut roots: Vec<_> = match &params.workspace_folders_initialize_params.workspace_folders {
        Some(WorkspaceFolders::WorkspaceFolderList(folders)) => folders
            .iter()
            .filter_map(|f| uri::to_path(&f.uri))
            .collect(),
        _ => Vec::new(),
    };
    #[allow(deprecated)]
    let root_uri = params.root_uri.as_ref();
    if roots.is_empty()
        && let Some(root) = root_uri.and_then(uri::to_path)
    {
        roots.push(root);
    }
    state.folders.set_roots(roots);
    if let Some(options) = &params.initialization_options {
        state.update_settings(&Settings::from_json(options));
    }
    InitializeResult {
        capabilities: capabilities_for(encoding),
        server_info: Some(ServerInfo {
            name: "vmjs".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    }
}

fn capabilities_for(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }),
        text_document_sync: Some(TextDocumentSync::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::Incremental),
            ..TextDocumentSyncOptions::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into()]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(true.into()),
        signature_help_provider: Some(SignatureHelpOptions {
            trigger_characters: Some(vec!["(".into(), ",".into()]),
            retrigger_characters: None,
            ..SignatureHelpOptions::default()
        }),
        document_symbol_provider: Some(true.into()),
        definition_provider: Some(true.into()),
        type_definition_provider: Some(true.into()),
        inlay_hint_provider: Some(true.into()),
        notebook_document_sync: Some(NotebookDocumentSync::Options(NotebookDocumentSyncOptions {
            notebook_selector: vec![NotebookSelector::NotebookDocumentFilterWithCells(
                NotebookDocumentFilterWithCells {
                    notebook: Some(Notebook::String("jupyter-notebook".into())),
                    cells: ["javascript", "typescript"]
                        .iter()
                        .map(|language| NotebookCellLanguage {
                            language: (*language).to_owned(),
                        })
                        .collect(),
                },
            )],
            save: Some(false),
        })),
        references_provider: Some(true.into()),
        workspace_symbol_provider: Some(true.into()),
        document_highlight_provider: Some(true.into()),
        rename_provider: Some(RenameProvider::RenameOptions(RenameOptions {
            prepare_provider: Some(true),
            ..RenameOptions::default()
        })),
        folding_range_provider: Some(true.into()),
        selection_range_provider: Some(true.into()),
        semantic_tokens_provider: Some(SemanticTokensProvider::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: crate::to_proto::semantic_tokens_legend(),
                full: Some(Full::SemanticTokensFullDelta(SemanticTokensFullDelta {
                    delta: Some(true),
                })),
                ..SemanticTokensOptions::default()
            },
        )),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
            ..CodeLensOptions::default()
        }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: commands::ALL.iter().map(|c| (*c).to_owned()).collect(),
            ..ExecuteCommandOptions::default()
        }),
        workspace: Some(WorkspaceOptions {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(ChangeNotifications::Bool(true)),
            }),
            ..WorkspaceOptions::default()
        }),
        experimental: Some(json!({ OUTPUT_CAPABILITY: true })),
        ..ServerCapabilities::default()
    }
}

/// `initialized`: pull the folders' configuration (in a task: never await the client in a handler).
pub fn initialized(state: &Arc<State>) {
    if state.features().configuration {
        tokio::spawn(super::configuration::pull(Arc::clone(state)));
    }
}

/// `shutdown`: stop every run and close every session (their workers exit).
pub async fn shutdown(ctx: Ctx, (): ()) -> crate::rpc::Result<()> {
    ctx.state.stop_everything().await;
    Ok(())
}

/// `workspace/didChangeWorkspaceFolders`.
pub fn did_change_workspace_folders(state: &State, params: DidChangeWorkspaceFoldersParams) {
    let mut roots = state.folders.roots();
    for removed in params
        .event
        .removed
        .iter()
        .filter_map(|f| uri::to_path(&f.uri))
    {
        roots.retain(|r| *r != removed);
    }
    roots.extend(
        params
            .event
            .added
            .iter()
            .filter_map(|f| uri::to_path(&f.uri)),
    );
    state.folders.set_roots(roots);
}
