//! `textDocument/inlayHint`: the parameter's name before a call's argument (`make(size: 3)`), for calls of
//! functions and classes the workspace declares — in the file, in an imported module, in another notebook
//! cell, or `ns.f` of `import * as ns`. Off by default; the `inlayHints.parameterNames` setting turns it on
//! for literal arguments or for all (TypeScript's setting of the same name). An argument that is a name equal
//! to the parameter's gets no hint; nor do destructured parameters.

use std::collections::HashMap;

use gen_lsp_types::{InlayHint, InlayHintKind, InlayHintParams, Tooltip, Uri};
use vmjs_core::analysis::{ArgumentKind, CallArgument, Parameter, TextSpan};

use crate::config::ParameterNameHints;
use crate::context::Ctx;
use crate::crossfile;
use crate::documents::Snapshot;
use crate::workspace::Workspace;
use crate::{rpc, runs, to_proto};

/// The hints of a range of a document (none when the setting is off).
pub fn inlay_hint(ctx: &Ctx, params: InlayHintParams) -> rpc::Result<Option<Vec<InlayHint>>> {
    let root = runs::root_of(&ctx.state, &params.text_document.uri);
    let mode = ctx.state.settings_for(&root).parameter_name_hints();
    if mode == ParameterNameHints::None {
        return Ok(Some(Vec::new()));
    }
    let snapshot = ctx.snapshot(&params.text_document.uri)?;
    let start = snapshot.offset(params.range.start)?;
    // An editor may send the end of its viewport, past the text.
    let end = snapshot
        .offset(params.range.end)
        .unwrap_or(snapshot.text.len());
    let ws = Workspace::at(ctx, root);
    let index = snapshot.navigation();
    // One lookup per callee declaration: a file calls the same functions many times.
    let mut parameters: HashMap<(Uri, usize), Option<Vec<Parameter>>> = HashMap::new();
    let mut hints = Vec::new();
    for call in index.calls_in(TextSpan::new(start, end)) {
        if call.arguments.is_empty() {
            continue;
        }
        let Some(declared) = crossfile::declaration_at(&ws, &snapshot, call.callee.start) else {
            continue;
        };
        let key = (declared.file.uri.clone(), declared.span.start);
        let Some(params) = parameters.entry(key).or_insert_with(|| {
            let index = declared.file.navigation();
            index.parameters(declared.span).map(<[Parameter]>::to_vec)
        }) else {
            continue;
        };
        for (argument, label, param) in labelled(&call.arguments, params) {
            if argument.span.start < start || argument.span.start > end {
                continue;
            }
            if !wanted(mode, &snapshot, argument, label.trim_start_matches('.')) {
                continue;
            }
            hints.push(InlayHint {
                position: to_proto::range(&snapshot, argument.span.start, argument.span.start)
                    .start,
                label: format!("{label}:").into(),
                kind: Some(InlayHintKind::Parameter),
                text_edits: None,
                tooltip: (param.text != label).then(|| Tooltip::String(param.text.clone())),
                padding_left: None,
                padding_right: Some(true),
                data: None,
            });
        }
    }
    Ok(Some(hints))
}

/// Each argument with the label of the parameter it binds: the parameter's name, `...rest` on the first
/// argument a rest parameter gathers; destructured parameters and arguments past the last parameter get none.
fn labelled<'a>(
    arguments: &'a [CallArgument],
    params: &'a [Parameter],
) -> impl Iterator<Item = (&'a CallArgument, String, &'a Parameter)> {
    arguments.iter().enumerate().filter_map(|(i, argument)| {
        let param = params.get(i).or_else(|| params.last().filter(|p| p.rest))?;
        let name = param.name.as_deref()?;
        match (param.rest, params.get(i).is_some()) {
            (true, true) => Some((argument, format!("...{name}"), param)),
            (true, false) => None,
            (false, _) => Some((argument, name.to_owned(), param)),
        }
    })
}

/// Whether the argument gets a hint in this mode: literals only, or all but those whose name already says it.
fn wanted(
    mode: ParameterNameHints,
    snapshot: &Snapshot,
    argument: &CallArgument,
    name: &str,
) -> bool {
    match (mode, argument.kind) {
        (ParameterNameHints::None, _) => false,
        (ParameterNameHints::Literals, kind) => kind == ArgumentKind::Literal,
        (ParameterNameHints::All, ArgumentKind::Name(written)) => {
            !snapshot.text[written.start..written.end].eq_ignore_ascii_case(name)
        }
        (ParameterNameHints::All, _) => true,
    }
}
