//! `textDocument/codeLens`: "▶ Run file" on the first line, a real `vmjs.runFile` command any editor can
//! execute through `workspace/executeCommand`.

use gen_lsp_types::{CodeLens, CodeLensParams, Command, Position, Range};
use serde_json::json;

use crate::context::Ctx;
use crate::ext::commands;
use crate::rpc;

/// The lenses of a document.
pub fn code_lens(_: &Ctx, params: CodeLensParams) -> rpc::Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    let start = Position {
        line: 0,
        character: 0,
    };
    Ok(Some(vec![CodeLens {
        range: Range { start, end: start },
        command: Some(Command {
            title: "▶ Run file".into(),
            tooltip: Some("Run this file's current text with vmjs".into()),
            command: commands::RUN_FILE.into(),
            arguments: Some(vec![json!({ "uri": uri })]),
        }),
        data: None,
    }]))
}
