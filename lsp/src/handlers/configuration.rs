//! Configuration: `workspace/didChangeConfiguration` and pulling `workspace/configuration` (section `vmjs`,
//! globally and per folder). New settings apply to new runs; folder sessions restart with them on next use.

use std::sync::Arc;

use gen_lsp_types::{
    ConfigurationItem, ConfigurationParams, ConfigurationRequest, DidChangeConfigurationParams,
    InlayHintRefreshRequest,
};

use crate::config::{SECTION, Settings};
use crate::state::State;
use crate::uri;

/// `workspace/didChangeConfiguration`.
pub fn did_change_configuration(state: &Arc<State>, params: DidChangeConfigurationParams) {
    let changed = state.update_settings(&Settings::from_json(&params.settings));
    if changed {
        settings_changed(state);
    }
    if state.features().configuration {
        tokio::spawn(pull(Arc::clone(state)));
    }
}

/// Asks the client for the global and per-folder settings and applies them.
pub async fn pull(state: Arc<State>) {
    let roots = state.folders.roots();
    let mut items = vec![ConfigurationItem {
        scope_uri: None,
        section: Some(SECTION.into()),
    }];
    items.extend(roots.iter().map(|root| ConfigurationItem {
        scope_uri: Some(uri::from_path(root)),
        section: Some(SECTION.into()),
    }));
    let values = match state
        .client
        .request::<ConfigurationRequest>(ConfigurationParams { items })
        .await
    {
        Ok(values) => values,
        Err(error) => {
            tracing::debug!("workspace/configuration failed: {error}");
            return;
        }
    };
    let mut changed = false;
    let mut values = values.into_iter();
    if let Some(global) = values.next() {
        changed |= state.update_settings(&Settings::from_json(&global));
    }
    for (root, value) in roots.iter().zip(values) {
        changed |= state.set_folder_settings(root, Settings::from_json(&value));
    }
    if changed {
        settings_changed(&state);
    }
}

/// Applies new settings: forgets the folder sessions so the next use starts one with them (each closes, in
/// the background, when its last run ends), and asks the client to fetch inlay hints again.
fn settings_changed(state: &Arc<State>) {
    drop(state.folders.take_all());
    if state.features().inlay_hint_refresh {
        let state = Arc::clone(state);
        tokio::spawn(async move {
            if let Err(error) = state.client.request::<InlayHintRefreshRequest>(()).await {
                tracing::debug!("workspace/inlayHint/refresh failed: {error}");
            }
        });
    }
}
