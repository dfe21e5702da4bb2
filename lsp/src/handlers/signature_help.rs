//! `textDocument/signatureHelp`: while a call is typed, the called function's parameters with the one the
//! cursor is in — from its declaration in the workspace (the file, an imported module, another notebook
//! cell), else from the live value in the folder's session (a function defined by a run, a built-in),
//! which only vmjs has.

use std::time::Duration;

use gen_lsp_types::{
    ActiveParameter, ParameterInformation, ParameterInformationLabel, SignatureHelp,
    SignatureHelpParams, SignatureInformation,
};
use vmjs_core::analysis::{call_at, expression_at, split_parameters};

use crate::context::Ctx;
use crate::crossfile;
use crate::documents::Snapshot;
use crate::workspace::Workspace;
use crate::{rpc, runs};

/// How long the session may take to describe the callee.
const DESCRIBE_TIMEOUT: Duration = Duration::from_millis(300);

/// The signature of the call at a position (`None` outside a call's arguments or for an unknown callee).
pub async fn signature_help(
    ctx: Ctx,
    params: SignatureHelpParams,
) -> rpc::Result<Option<SignatureHelp>> {
    let position = &params.text_document_position_params;
    let (snapshot, offset) = ctx.snapshot_at(position)?;
    let Some(call) = call_at(&snapshot.text, offset) else {
        return Ok(None);
    };
    let before_paren = snapshot.text[..call.open_paren].trim_end().len();
    let Some(callee) = expression_at(&snapshot.text, before_paren) else {
        return Ok(None);
    };
    let declared = {
        let (ctx, snapshot, name) = (ctx.clone(), snapshot.clone(), callee.clone());
        let at = before_paren.saturating_sub(1);
        tokio::task::spawn_blocking(move || declared_parameters(&ctx, &snapshot, &name, at))
            .await
            .ok()
            .flatten()
    };
    let params = match declared {
        Some(params) => params,
        None => {
            let root = runs::root_of(&ctx.state, &position.text_document.uri);
            let Some(session) = ctx.state.folders.existing(&root) else {
                return Ok(None);
            };
            let Some(signature) = session
                .describe(&callee, 0, DESCRIBE_TIMEOUT)
                .await
                .and_then(|d| d.signature)
            else {
                return Ok(None);
            };
            let inside = signature
                .split_once('(')
                .and_then(|(_, rest)| rest.rsplit_once(')'))
                .map_or("", |(params, _)| params);
            split_parameters(inside)
        }
    };
    let label = format!("{callee}({})", params.join(", "));
    let parameters = params
        .into_iter()
        .map(|param| ParameterInformation {
            label: ParameterInformationLabel::String(param),
            documentation: None,
        })
        .collect::<Vec<_>>();
    let active = call.active_argument.min(parameters.len().saturating_sub(1)) as u32;
    Ok(Some(SignatureHelp {
        signatures: vec![SignatureInformation {
            label,
            documentation: None,
            parameters: Some(parameters),
            active_parameter: Some(ActiveParameter::Int(active)),
        }],
        active_signature: Some(0),
        ..SignatureHelp::default()
    }))
}

/// The parameters of the function `callee` whose name ends at byte `at`, from its declaration. The call
/// being typed often does not parse yet; then the name is looked up among the file's top-level declarations.
fn declared_parameters(
    ctx: &Ctx,
    snapshot: &Snapshot,
    callee: &str,
    at: usize,
) -> Option<Vec<String>> {
    let ws = Workspace::of(ctx, &snapshot.uri);
    let declared = crossfile::declaration_at(&ws, snapshot, at).or_else(|| {
        let declared = snapshot.navigation().top_level_declaration(callee)?;
        crossfile::declaration_at(&ws, snapshot, declared.start)
    })?;
    let index = declared.file.navigation();
    let params = index.parameters(declared.span)?;
    Some(params.iter().map(|p| p.text.clone()).collect())
}
