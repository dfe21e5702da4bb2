//! The `/api/v1` routes (vm-system's paths) and the two that answer for the server itself.

pub mod events;
pub mod executions;
pub mod sessions;
pub mod templates;

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::state::AppState;

/// Every route: the API (behind `token`) and the web UI.
pub fn all(
    state: Arc<AppState>,
    token: Arc<crate::auth::Token>,
    mcp: crate::mcp::HttpService,
) -> Router {
    let templates = Router::new()
        .route("/{id}", get(templates::get).delete(templates::delete))
        .route(
            "/{id}/capabilities",
            get(templates::list_capabilities).post(templates::add_capability),
        )
        .route(
            "/{id}/startup-files",
            get(templates::list_startup_files).post(templates::add_startup_file),
        )
        .route(
            "/{id}/modules",
            get(templates::list_modules).post(templates::add_module),
        )
        .route("/{id}/modules/{name}", delete(templates::remove_module))
        .route(
            "/{id}/libraries",
            get(templates::list_libraries).post(templates::add_library),
        )
        .route("/{id}/libraries/{name}", delete(templates::remove_library));
    let sessions = Router::new()
        .route("/{id}", get(sessions::get).delete(sessions::close))
        .route("/{id}/close", post(sessions::close))
        .route("/{id}/interrupt", post(sessions::interrupt))
        .route("/{id}/hibernate", post(sessions::hibernate));
    let executions = Router::new()
        .route("/repl", post(executions::repl))
        .route("/run-file", post(executions::run_file))
        .route("/{id}", get(executions::get))
        .route("/{id}/events", get(events::events));
    let v1 = Router::new()
        .route("/health", get(health))
        .route("/runtime/summary", get(summary))
        .nest("/templates", templates)
        .route("/templates", get(templates::list).post(templates::create))
        .nest("/sessions", sessions)
        .route("/sessions", get(sessions::list).post(sessions::create))
        .nest("/executions", executions)
        .route("/executions", get(executions::list));
    let v1 = v1.layer(axum::middleware::from_fn_with_state(
        Arc::clone(&token),
        crate::auth::require,
    ));
    let mcp = Router::new()
        .nest_service("/mcp", mcp)
        .layer(axum::middleware::from_fn_with_state(
            token,
            crate::auth::require,
        ));
    Router::new()
        .nest("/api/v1", v1)
        .merge(mcp)
        .merge(crate::web::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// What this server holds now: vm-system's `active_sessions`, `active_session_ids`, and what runs and waits.
async fn summary(State(state): State<Arc<AppState>>) -> Json<Value> {
    let held = state.held();
    let queued: usize = held.iter().map(|live| live.queue_length()).sum();
    let running = held.iter().filter(|live| live.running().is_some()).count();
    Json(json!({
        "active_sessions": held.len(),
        "active_session_ids": held.iter().map(|live| live.session.id()).collect::<Vec<_>>(),
        "running_executions": running,
        "queued_executions": queued - running,
        "hibernating_sessions": held.iter().filter(|live| live.session.is_hibernating()).count(),
    }))
}

async fn not_found() -> ApiError {
    ApiError::not_found("NOT_FOUND", "no such endpoint")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "this endpoint does not take that method",
    )
}
