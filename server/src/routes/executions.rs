//! `/api/v1/executions`: run code in a held session (queued in order), read executions and their events.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use vmjs_core::host::ExecuteRequest;
use vmjs_core::store::ExecutionFilter;

use crate::error::{ApiError, ApiResult};
use crate::extract::{PathId, StrictJson, StrictQuery, parse_uuid};
use crate::live::LiveExecution;
use crate::routes::sessions::held;
use crate::routes::templates::check_relative;
use crate::state::AppState;
use crate::views;

type Shared = State<Arc<AppState>>;

/// How long a request waits for the outcome unless it says (`wait_ms`).
const DEFAULT_WAIT_MS: u64 = 30_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitQuery {
    /// Answer once the execution ended (default), or at once (`false`: then follow its events).
    #[serde(default)]
    wait: Option<bool>,
    /// The longest to wait, in ms (default 30 000; at most the server's limit). An execution still running
    /// then is answered as it is (`running`), and goes on.
    #[serde(default)]
    wait_ms: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplBody {
    #[serde(default)]
    session_id: Option<String>,
    #[serde(default)]
    input: Option<String>,
    /// Wall-clock limit of this execution in ms (the template's otherwise).
    #[serde(default)]
    timeout_ms: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunFileBody {
    #[serde(default)]
    session_id: Option<String>,
    #[serde(default)]
    path: Option<String>,
    /// `vmjs.args` for the run (an array of strings).
    #[serde(default)]
    args: Option<Value>,
    /// Variables `vmjs.env.get` answers during the run (an object of strings).
    #[serde(default)]
    env: Option<Value>,
    #[serde(default)]
    timeout_ms: Option<u64>,
}

fn required(value: Option<String>, what: &str) -> ApiResult<String> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::validation(format!("{what} is required")))
}

pub async fn repl(
    State(state): Shared,
    StrictQuery(wait): StrictQuery<WaitQuery>,
    StrictJson(body): StrictJson<ReplBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let session_id = parse_uuid("session_id", &required(body.session_id, "session_id")?)?;
    let Some(input) = body.input else {
        return Err(ApiError::validation("input is required"));
    };
    let live = held(&state, &session_id).await?;
    let mut request = ExecuteRequest::repl(input);
    request.wall_ms = body.timeout_ms;
    let execution = state.submit(&live, request)?;
    answer(&state, execution, wait).await
}

/// vm-system's run-file `args`: here `vmjs.args` for the run, an array of strings.
fn run_args(value: Option<Value>) -> ApiResult<Option<Vec<String>>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value).map(Some).map_err(|_| {
            ApiError::validation(
                "args must be an array of strings (they become vmjs.args for the run)",
            )
        }),
    }
}

/// vm-system's run-file `env`: variables `vmjs.env.get` answers during the run, an object of strings.
fn run_env(value: Option<Value>) -> ApiResult<Vec<(String, String)>> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(value) => {
            let map: std::collections::BTreeMap<String, String> = serde_json::from_value(value)
                .map_err(|_| {
                    ApiError::validation(
                        "env must be an object of strings (vmjs.env.get answers them during the run)",
                    )
                })?;
            Ok(map.into_iter().collect())
        }
    }
}

pub async fn run_file(
    State(state): Shared,
    StrictQuery(wait): StrictQuery<WaitQuery>,
    StrictJson(body): StrictJson<RunFileBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let session_id = parse_uuid("session_id", &required(body.session_id, "session_id")?)?;
    let path = required(body.path, "path")?;
    let args = run_args(body.args)?;
    let env = run_env(body.env)?;
    check_relative(&path)?;
    let live = held(&state, &session_id).await?;
    let root = live.session.root().to_owned();
    let read_path = path.clone();
    // Opened beneath the root (no link leads out); reading may block.
    let mut request =
        tokio::task::spawn_blocking(move || ExecuteRequest::run_file(&root, &read_path))
            .await
            .map_err(|error| ApiError::internal(format!("reading the file: {error}")))?;
    if let Some(error) = &request.prepare_error {
        return Err(if error.name == "PermissionDenied" {
            ApiError::invalid_path(error.message.clone())
        } else {
            ApiError::not_found("FILE_NOT_FOUND", error.message.clone())
        }
        .details(json!({ "session_id": session_id, "path": path })));
    }
    request.wall_ms = body.timeout_ms;
    request.args = args;
    request.env = env;
    let execution = state.submit(&live, request)?;
    answer(&state, execution, wait).await
}

/// 201 with the execution: when it ended if the request waits (bounded), else as it is now.
async fn answer(
    state: &Arc<AppState>,
    execution: Arc<LiveExecution>,
    wait: WaitQuery,
) -> ApiResult<(StatusCode, Json<Value>)> {
    if wait.wait.unwrap_or(true) {
        let limit = wait
            .wait_ms
            .unwrap_or(DEFAULT_WAIT_MS)
            .min(state.limits.max_wait_ms);
        let _ = tokio::time::timeout(Duration::from_millis(limit), execution.ended()).await;
    }
    Ok((StatusCode::CREATED, Json(live_view(state, &execution))))
}

fn live_view(state: &AppState, execution: &LiveExecution) -> Value {
    let record = execution.snapshot();
    let queued = execution.finished().is_none()
        && state
            .session(&execution.session_id)
            .and_then(|live| live.running())
            .is_some_and(|running| running != execution.id);
    views::execution(&record, queued)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    #[serde(default)]
    session_id: Option<String>,
    #[serde(default)]
    limit: Option<usize>,
}

/// Executions, newest first (`?session_id=`, `?limit=` 1–1 000, default 50): those waiting their turn in this
/// server first, then the store's.
pub async fn list(
    State(state): Shared,
    StrictQuery(query): StrictQuery<ListQuery>,
) -> ApiResult<Json<Value>> {
    let session_id = query
        .session_id
        .filter(|s| !s.is_empty())
        .map(|raw| parse_uuid("session_id", &raw))
        .transpose()?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=1_000).contains(&limit) {
        return Err(ApiError::validation(
            "limit must be an integer from 1 to 1000",
        ));
    }
    let filter = ExecutionFilter {
        session_id: session_id.clone(),
        limit,
    };
    let stored = state
        .store(move |store| store.list_executions(&filter))
        .await?;
    let mut listed: Vec<Value> = Vec::new();
    let in_store: std::collections::HashSet<&str> =
        stored.iter().map(|record| record.id.as_str()).collect();
    // Queued executions have no row yet: list them first (they are the newest).
    let sessions = match &session_id {
        Some(id) => state.session(id).into_iter().collect(),
        None => state.held(),
    };
    for live in sessions {
        for id in live.queued_ids().into_iter().rev() {
            if !in_store.contains(id.as_str())
                && let Some(execution) = state.execution(&id)
            {
                listed.push(live_view(&state, &execution));
            }
        }
    }
    for record in &stored {
        listed.push(match state.execution(&record.id) {
            Some(execution) => live_view(&state, &execution),
            None => views::execution(record, false),
        });
    }
    listed.truncate(limit);
    Ok(Json(Value::Array(listed)))
}

pub async fn get(State(state): Shared, PathId(id): PathId) -> ApiResult<Json<Value>> {
    if let Some(execution) = state.execution(&id) {
        return Ok(Json(live_view(&state, &execution)));
    }
    let record = state
        .store(move |store| store.get_execution(&id, false))
        .await?;
    Ok(Json(views::execution(&record, false)))
}
