//! `workspace/executeCommand`: `vmjs.runFile {uri}`, `vmjs.runSelection {uri, range}`, `vmjs.interrupt
//! {uri?}`, `vmjs.restartSession {uri?}`; each answers `{executionId, status, durationMs, result?, error?}`.

use gen_lsp_types::{ExecuteCommandParams, Range, Uri};
use serde::Deserialize;
use serde_json::Value;

use crate::context::Ctx;
use crate::ext::commands;
use crate::rpc::{self, ResponseError};
use crate::runs;

#[derive(Deserialize)]
struct UriArgument {
    uri: Uri,
}

#[derive(Deserialize)]
struct SelectionArgument {
    uri: Uri,
    range: Range,
}

/// Runs a command.
pub async fn execute_command(ctx: Ctx, params: ExecuteCommandParams) -> rpc::Result<Option<Value>> {
    let argument = params
        .arguments
        .and_then(|a| a.into_iter().next())
        .unwrap_or(Value::Null);
    let token = params.work_done_progress_params.work_done_token;
    let result = match params.command.as_str() {
        commands::RUN_FILE => {
            let uri = uri_argument(argument)?
                .ok_or_else(|| ResponseError::invalid_params("vmjs.runFile needs {uri}"))?;
            runs::run_file(&ctx, uri, token).await?
        }
        commands::RUN_SELECTION => {
            let selection: SelectionArgument = serde_json::from_value(argument).map_err(|e| {
                ResponseError::invalid_params(format!(
                    "vmjs.runSelection needs {{uri, range}}: {e}"
                ))
            })?;
            runs::run_selection(&ctx, selection.uri, selection.range, token).await?
        }
        commands::INTERRUPT => runs::interrupt(&ctx.state, uri_argument(argument)?.as_ref()),
        commands::RESTART_SESSION => {
            runs::restart(&ctx.state, uri_argument(argument)?.as_ref()).await?
        }
        other => {
            return Err(ResponseError::invalid_params(format!(
                "unknown command `{other}`"
            )));
        }
    };
    Ok(Some(result))
}

/// `{uri}`, a bare URI string, or nothing.
fn uri_argument(argument: Value) -> rpc::Result<Option<Uri>> {
    match argument {
        Value::Null => Ok(None),
        Value::String(uri) => Ok(Some(Uri::from(uri))),
        other => serde_json::from_value::<UriArgument>(other)
            .map(|a| Some(a.uri))
            .map_err(|e| ResponseError::invalid_params(format!("expected {{uri}}: {e}"))),
    }
}
