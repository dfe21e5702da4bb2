//! The API's error envelope (`{"error":{"code","message","details"}}`, vm-system's) and the mapping from core's
//! errors to HTTP statuses and codes.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use vmjs_core::host::SessionError;
use vmjs_core::store::StoreError;

/// An error answer: an HTTP status, a stable machine-readable code, a sentence for people, optional details.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: None,
        }
    }

    /// Adds machine-readable details (ids, limits, what is allowed).
    pub fn details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    /// 400 `VALIDATION_ERROR`: well-formed input with a bad value.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "VALIDATION_ERROR", message)
    }

    /// 400 `INVALID_REQUEST`: input that is not the JSON the endpoint takes.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "INVALID_REQUEST", message)
    }

    /// 404 with a resource's code (`SESSION_NOT_FOUND`, …).
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    /// 422 `INVALID_PATH`.
    pub fn invalid_path(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "INVALID_PATH", message)
    }

    /// 503 `SHUTTING_DOWN`: the server refuses new work while it stops.
    pub fn shutting_down() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "SHUTTING_DOWN",
            "the server is shutting down",
        )
    }

    /// 500 `INTERNAL`: a failure of the server or its store, never of the request.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": {
                "code": self.code,
                "message": self.message,
                "details": self.details.unwrap_or(Value::Null),
            }
        });
        (self.status, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match &error {
            StoreError::TemplateNotFound(_) => {
                Self::not_found("TEMPLATE_NOT_FOUND", error.to_string())
            }
            StoreError::SessionNotFound(_) => {
                Self::not_found("SESSION_NOT_FOUND", error.to_string())
            }
            StoreError::ExecutionNotFound(_) => {
                Self::not_found("EXECUTION_NOT_FOUND", error.to_string())
            }
            StoreError::DuplicateTemplate(_) => {
                Self::new(StatusCode::CONFLICT, "TEMPLATE_EXISTS", error.to_string())
            }
            StoreError::DefaultTemplateIsBuiltIn => {
                Self::new(StatusCode::CONFLICT, "TEMPLATE_BUILT_IN", error.to_string())
            }
            _ => {
                tracing::error!("store: {error}");
                Self::internal(error.to_string())
            }
        }
    }
}

impl From<SessionError> for ApiError {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::Store(store) => store.into(),
            SessionError::Root { .. } => Self::invalid_path(error.to_string()),
            SessionError::Startup { ref file, .. } => {
                let file = file.clone();
                Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "STARTUP_FAILED",
                    error.to_string(),
                )
                .details(json!({ "file": file }))
            }
            SessionError::Busy => {
                Self::new(StatusCode::CONFLICT, "SESSION_BUSY", error.to_string())
            }
            SessionError::Closed => {
                Self::new(StatusCode::CONFLICT, "SESSION_NOT_READY", error.to_string())
            }
            SessionError::Spawn { .. } => Self::internal(error.to_string()),
        }
    }
}

/// What handlers return.
pub type ApiResult<T> = Result<T, ApiError>;
