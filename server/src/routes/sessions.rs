//! `/api/v1/sessions`: sessions this server starts and holds, and every session of the store to read.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use vmjs_core::model::{DEFAULT_TEMPLATE, SessionRecord, SessionStatus};

use crate::error::{ApiError, ApiResult};
use crate::extract::{PathId, StrictJson, StrictQuery, parse_uuid};
use crate::routes::templates;
use crate::state::{AppState, LiveSession};
use crate::views;

type Shared = State<Arc<AppState>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSession {
    /// The template's id (`GET /templates`); or give its `template` name; neither = `default`.
    #[serde(default)]
    template_id: Option<String>,
    #[serde(default)]
    template: Option<String>,
    /// The session root: an absolute path to an existing directory (default: where `vmjs serve` runs).
    #[serde(default)]
    worktree_path: Option<String>,
    /// Accepted from vm-system clients; vmjs does not use them.
    #[serde(default)]
    workspace_id: Option<String>,
    #[serde(default)]
    base_commit_oid: Option<String>,
}

/// The stored record of session `id`, or 404.
async fn record(state: &Arc<AppState>, id: &str) -> ApiResult<SessionRecord> {
    let lookup = id.to_owned();
    state
        .store(move |store| store.get_session(&lookup))
        .await?
        .ok_or_else(|| not_found(id))
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found("SESSION_NOT_FOUND", format!("session {id} not found"))
        .details(json!({ "session_id": id }))
}

/// The session `id` this server holds; 404 if it is unknown or not open here.
pub async fn held(state: &Arc<AppState>, id: &str) -> ApiResult<Arc<LiveSession>> {
    if let Some(live) = state.session(id) {
        return Ok(live);
    }
    let record = record(state, id).await?;
    Err(ApiError::not_found(
        "SESSION_NOT_FOUND",
        format!(
            "session {id} is not open in this server (it is {})",
            record.status.as_str()
        ),
    )
    .details(json!({ "session_id": id, "status": record.status.as_str() })))
}

pub async fn create(
    State(state): Shared,
    StrictJson(body): StrictJson<CreateSession>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let _ = (&body.workspace_id, &body.base_commit_oid);
    let root = match body.worktree_path {
        None => state.default_root.clone(),
        Some(path) if path.is_empty() => {
            return Err(ApiError::validation("worktree_path must not be empty"));
        }
        Some(path) => PathBuf::from(path),
    };
    let template = match (body.template_id, body.template) {
        (Some(_), Some(_)) => {
            return Err(ApiError::validation(
                "give template_id or template, not both",
            ));
        }
        (Some(id), None) => {
            let id = parse_uuid("template_id", &id)?;
            let lookup = id.clone();
            state
                .store(move |store| templates::find(store, &lookup))
                .await?
                .ok_or_else(|| {
                    ApiError::not_found("TEMPLATE_NOT_FOUND", format!("template {id} not found"))
                        .details(json!({ "template_id": id }))
                })?
                .name
        }
        (None, Some(name)) => name,
        (None, None) => DEFAULT_TEMPLATE.to_owned(),
    };
    let live = state.open_session(template, root).await?;
    let record = record(&state, live.session.id()).await?;
    Ok((
        StatusCode::CREATED,
        Json(views::session(&record, Some(&live))),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    limit: Option<usize>,
}

/// Sessions of the store, newest first (`?status=starting|ready|closed|crashed`, `?limit=`, default 1 000).
pub async fn list(
    State(state): Shared,
    StrictQuery(query): StrictQuery<ListQuery>,
) -> ApiResult<Json<Value>> {
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(SessionStatus::parse(raw).ok_or_else(|| {
            ApiError::validation(format!(
                "status `{raw}` is not one of starting, ready, closed, crashed"
            ))
        })?),
    };
    let limit = query.limit.unwrap_or(1_000);
    if limit == 0 {
        return Err(ApiError::validation("limit must be a positive integer"));
    }
    let records = state
        .store(move |store| match status {
            Some(status) => store.list_sessions_in(status, limit),
            None => store.list_sessions(limit),
        })
        .await?;
    let sessions: Vec<Value> = records
        .iter()
        .map(|record| views::session(record, state.session(&record.id).as_deref()))
        .collect();
    Ok(Json(Value::Array(sessions)))
}

pub async fn get(State(state): Shared, PathId(id): PathId) -> ApiResult<Json<Value>> {
    let record = record(&state, &id).await?;
    Ok(Json(views::session(&record, state.session(&id).as_deref())))
}

/// Closes a session this server holds: what runs or waits in it ends `cancelled`.
pub async fn close(State(state): Shared, PathId(id): PathId) -> ApiResult<Json<Value>> {
    held(&state, &id).await?;
    let Some(live) = state.release(&id) else {
        // Closed by a request that came in between.
        return Err(not_found(&id));
    };
    live.session.close().await;
    let record = record(&state, &id).await?;
    Ok(Json(views::session(&record, None)))
}

/// Stops the worker of an idle session now (as its template's `hibernate_after_ms` does); 409 if it is busy.
pub async fn hibernate(State(state): Shared, PathId(id): PathId) -> ApiResult<Json<Value>> {
    let live = held(&state, &id).await?;
    if !live.session.hibernate().await {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "SESSION_BUSY",
            "the session is running code: it hibernates once idle",
        )
        .details(json!({ "session_id": id, "queue_length": live.queue_length() })));
    }
    Ok(Json(
        json!({ "status": "ok", "session_id": id, "hibernating": true }),
    ))
}

/// Stops what runs in the session (the session and its state stay).
pub async fn interrupt(State(state): Shared, PathId(id): PathId) -> ApiResult<Json<Value>> {
    let live = held(&state, &id).await?;
    let running = live.running();
    live.session.interrupt();
    Ok(Json(json!({
        "status": "ok",
        "session_id": id,
        "interrupted_execution_id": running,
    })))
}
