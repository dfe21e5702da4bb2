//! `textDocument/semanticTokens/full` and `/full/delta`: every name coloured by what it is (class,
//! function, parameter, readonly `const`, import namespace…), its declarations marked, and the globals the
//! folder's live session has (or, before it exists, the standard ones) marked `defaultLibrary` — so a
//! misspelt global stands out. A delta answers with the one edit between the previous answer and this one.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use gen_lsp_types::{
    SemanticToken, SemanticTokens, SemanticTokensDelta, SemanticTokensDeltaParams,
    SemanticTokensDeltaResponse, SemanticTokensEdit, SemanticTokensParams, Uri,
};

use super::words::STANDARD_GLOBALS;
use crate::context::Ctx;
use crate::{rpc, runs, to_proto};

/// How long the session may take to list its globals.
const NAMES_TIMEOUT: Duration = Duration::from_millis(300);

/// `semanticTokens/full`.
pub async fn full(ctx: Ctx, params: SemanticTokensParams) -> rpc::Result<Option<SemanticTokens>> {
    let data = token_data(&ctx, &params.text_document.uri).await?;
    let result_id = ctx
        .state
        .remember_tokens(&params.text_document.uri, data.clone());
    Ok(Some(SemanticTokens {
        result_id: Some(result_id),
        data: tokens_of(&data),
    }))
}

/// `semanticTokens/full/delta`.
pub async fn delta(
    ctx: Ctx,
    params: SemanticTokensDeltaParams,
) -> rpc::Result<Option<SemanticTokensDeltaResponse>> {
    let uri = &params.text_document.uri;
    let data = token_data(&ctx, uri).await?;
    let previous = ctx.state.tokens_since(uri, &params.previous_result_id);
    let result_id = ctx.state.remember_tokens(uri, data.clone());
    Ok(Some(match previous {
        Some(previous) => SemanticTokensDeltaResponse::SemanticTokensDelta(SemanticTokensDelta {
            result_id: Some(result_id),
            edits: one_edit(&previous, &data).into_iter().collect(),
        }),
        None => SemanticTokensDeltaResponse::SemanticTokens(SemanticTokens {
            result_id: Some(result_id),
            data: tokens_of(&data),
        }),
    }))
}

async fn token_data(ctx: &Ctx, uri: &Uri) -> rpc::Result<Vec<u32>> {
    let snapshot = ctx.snapshot(uri)?;
    let root = runs::root_of(&ctx.state, uri);
    let globals: HashSet<String> = match ctx.state.folders.existing(&root) {
        Some(session) => session
            .global_names(NAMES_TIMEOUT)
            .await
            .into_iter()
            .collect(),
        None => STANDARD_GLOBALS.iter().map(|g| (*g).to_owned()).collect(),
    };
    let globals = Arc::new(globals);
    tokio::task::spawn_blocking(move || {
        let tokens = snapshot.navigation().semantic_tokens();
        to_proto::semantic_token_data(&snapshot, &tokens, &|name| globals.contains(name))
    })
    .await
    .map_err(|e| rpc::ResponseError::internal(format!("semantic tokens failed: {e}")))
}

fn tokens_of(data: &[u32]) -> Vec<SemanticToken> {
    data.chunks_exact(5)
        .map(|t| SemanticToken {
            delta_line: t[0],
            delta_start: t[1],
            length: t[2],
            token_type: t[3],
            token_modifiers_bitset: t[4],
        })
        .collect()
}

/// The single edit turning `old` into `new` (their common start and end kept), in whole tokens.
fn one_edit(old: &[u32], new: &[u32]) -> Option<SemanticTokensEdit> {
    let prefix = old
        .chunks(5)
        .zip(new.chunks(5))
        .take_while(|(a, b)| a == b)
        .count()
        * 5;
    let suffix = old[prefix..]
        .rchunks(5)
        .zip(new[prefix..].rchunks(5))
        .take_while(|(a, b)| a == b)
        .count()
        * 5;
    let deleted = old.len() - prefix - suffix;
    let inserted = &new[prefix..new.len() - suffix];
    if deleted == 0 && inserted.is_empty() {
        return None;
    }
    Some(SemanticTokensEdit {
        start: prefix as u32,
        delete_count: deleted as u32,
        data: Some(inserted.to_vec()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies an edit as a client does.
    fn apply(old: &[u32], edit: &SemanticTokensEdit) -> Vec<u32> {
        let mut out = old[..edit.start as usize].to_vec();
        out.extend(edit.data.iter().flatten());
        out.extend(&old[(edit.start + edit.delete_count) as usize..]);
        out
    }

    #[test]
    fn one_edit_turns_the_old_tokens_into_the_new() {
        let a = [0, 0, 1, 0, 0, 1, 2, 3, 0, 1, 0, 4, 1, 2, 0];
        for b in [
            vec![0, 0, 1, 0, 0, 0, 9, 9, 9, 9, 1, 2, 3, 0, 1, 0, 4, 1, 2, 0],
            vec![0, 0, 1, 0, 0, 0, 4, 1, 2, 0],
            vec![],
            a.to_vec(),
        ] {
            match one_edit(&a, &b) {
                Some(edit) => assert_eq!(apply(&a, &edit), b),
                None => assert_eq!(a.to_vec(), b),
            }
        }
    }
}
