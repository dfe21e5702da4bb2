//! Resources: the sessions of this server, a session's history and an execution with its events, as JSON.

use std::sync::Arc;

use rmcp::ErrorData;
use rmcp::model::{ReadResourceResult, Resource, ResourceContents, ResourceTemplate};
use serde_json::json;
use vmjs_core::store::ExecutionFilter;

use crate::extract::parse_uuid;
use crate::state::AppState;

const SESSIONS: &str = "vmjs://sessions";
const JSON: &str = "application/json";

/// The fixed resources.
pub fn listed() -> Vec<Resource> {
    let mut sessions = Resource::new(SESSIONS, "sessions")
        .with_description("The sessions this server holds, with their template and root.");
    sessions.mime_type = Some(JSON.into());
    vec![sessions]
}

/// The resource templates.
pub fn templates() -> Vec<ResourceTemplate> {
    let template = |uri: &str, name: &str, description: &str| {
        let mut template = ResourceTemplate::new(uri, name);
        template.description = Some(description.into());
        template.mime_type = Some(JSON.into());
        template
    };
    vec![
        template(
            "vmjs://sessions/{id}/history",
            "session history",
            "The executions of a session, newest first (input, status, result, error, metrics).",
        ),
        template(
            "vmjs://executions/{id}",
            "execution",
            "One execution with every event it produced, in order (seq).",
        ),
    ]
}

fn not_found(uri: &str, message: String) -> ErrorData {
    ErrorData::resource_not_found(message, Some(json!({ "uri": uri })))
}

/// Reads resource `uri`.
pub async fn read(state: &Arc<AppState>, uri: &str) -> Result<ReadResourceResult, ErrorData> {
    let value = if uri == SESSIONS {
        let sessions: Vec<_> = state
            .held()
            .iter()
            .map(|live| {
                json!({
                    "session_id": live.session.id(),
                    "template": live.template,
                    "root": live.session.root(),
                    "hibernating": live.session.is_hibernating(),
                    "queue_length": live.queue_length(),
                    "running_execution_id": live.running(),
                })
            })
            .collect();
        json!({ "sessions": sessions })
    } else if let Some(id) = uri
        .strip_prefix("vmjs://sessions/")
        .and_then(|rest| rest.strip_suffix("/history"))
    {
        let id = parse_uuid("session id", id).map_err(|e| not_found(uri, e.message))?;
        let filter = ExecutionFilter {
            session_id: Some(id.clone()),
            limit: 1_000,
        };
        let executions = state
            .store(move |store| store.list_executions(&filter))
            .await
            .map_err(|e| ErrorData::internal_error(e.message, None))?;
        json!({ "session_id": id, "executions": executions })
    } else if let Some(id) = uri.strip_prefix("vmjs://executions/") {
        let id = parse_uuid("execution id", id).map_err(|e| not_found(uri, e.message))?;
        match state.execution(&id) {
            Some(live) => {
                let mut record = live.snapshot();
                record.events = live
                    .events()
                    .iter()
                    .map(|event| (**event).clone())
                    .collect();
                serde_json::to_value(record).unwrap_or_default()
            }
            None => {
                let record = state
                    .store(move |store| store.get_execution(&id, true))
                    .await
                    .map_err(|e| not_found(uri, e.message))?;
                serde_json::to_value(record).unwrap_or_default()
            }
        }
    } else {
        return Err(not_found(
            uri,
            format!(
                "no resource {uri}: vmjs://sessions, vmjs://sessions/{{id}}/history or vmjs://executions/{{id}}"
            ),
        ));
    };
    let text = serde_json::to_string_pretty(&value)
        .map_err(|error| ErrorData::internal_error(error.to_string(), None))?;
    let mut contents = ResourceContents::text(text, uri);
    if let ResourceContents::TextResourceContents { mime_type, .. } = &mut contents {
        *mime_type = Some(JSON.into());
    }
    Ok(ReadResourceResult::new(vec![contents]))
}
