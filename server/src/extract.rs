//! Request extractors whose every rejection is an [`ApiError`] in the envelope: strict JSON bodies (unknown
//! fields, wrong types and bodies over the limit are refused before a handler runs) and UUID path ids.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use futures_util::StreamExt as _;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body decoded strictly: request types use `#[serde(deny_unknown_fields)]`, so a misspelt field is a
/// 400 `INVALID_REQUEST` rather than silently ignored. An empty body reads as `{}`.
pub struct StrictJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for StrictJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(request).await?;
        let body: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &bytes
        };
        serde_json::from_slice(body)
            .map(StrictJson)
            .map_err(|error| ApiError::invalid_request(format!("request body: {error}")))
    }
}

/// How much of a body over the limit is read (and dropped) before answering 413, so that a client still
/// sending gets the answer instead of a broken pipe. Beyond it the connection is cut.
const DRAIN_BYTES: usize = 8 * crate::MAX_BODY_BYTES;

/// The body, at most [`crate::MAX_BODY_BYTES`]; 413 `PAYLOAD_TOO_LARGE` beyond.
async fn read_body(request: Request) -> Result<Vec<u8>, ApiError> {
    let mut chunks = request.into_body().into_data_stream();
    let mut body = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = chunks.next().await {
        let chunk: Bytes = chunk
            .map_err(|error| ApiError::invalid_request(format!("reading the body: {error}")))?;
        seen = seen.saturating_add(chunk.len());
        if seen <= crate::MAX_BODY_BYTES {
            body.extend_from_slice(&chunk);
        } else if seen > DRAIN_BYTES {
            break;
        }
    }
    if seen > crate::MAX_BODY_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            format!(
                "the request body is larger than {} bytes",
                crate::MAX_BODY_BYTES
            ),
        )
        .details(serde_json::json!({ "max_bytes": crate::MAX_BODY_BYTES })));
    }
    Ok(body)
}

/// Query parameters; a bad one is a 400 `VALIDATION_ERROR`.
pub struct StrictQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for StrictQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| StrictQuery(value))
            .map_err(|rejection| ApiError::validation(rejection.body_text()))
    }
}

/// The one id of a path (`/sessions/{session_id}`), which must be a UUID (400 `VALIDATION_ERROR` otherwise).
/// Kept in its canonical lower-case hyphenated form.
pub struct PathId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| ApiError::validation(rejection.body_text()))?;
        parse_uuid("id", &raw).map(PathId)
    }
}

/// An id and a name (`/templates/{template_id}/libraries/{name}`).
pub struct PathIdName(pub String, pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathIdName {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path((raw, name)) = Path::<(String, String)>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| ApiError::validation(rejection.body_text()))?;
        Ok(PathIdName(parse_uuid("id", &raw)?, name))
    }
}

/// `raw` as a canonical UUID, or a 400 naming `what`.
pub fn parse_uuid(what: &str, raw: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(raw)
        .map(|id| id.to_string())
        .map_err(|_| {
            ApiError::validation(format!("{what} must be a valid UUID"))
                .details(serde_json::json!({ what: raw }))
        })
}
