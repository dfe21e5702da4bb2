//! JSON-RPC pieces the server needs beyond the protocol types: request ids and the error a request is
//! answered with.

use serde_json::{Value, json};

pub use gen_lsp_types::json_rpc::Id;

/// JSON-RPC and LSP error codes the server answers with.
pub mod codes {
    /// The request is not a valid request object (or came at the wrong time, e.g. after `shutdown`).
    pub const INVALID_REQUEST: i64 = -32600;
    /// No handler for the method.
    pub const METHOD_NOT_FOUND: i64 = -32601;
    /// The parameters do not fit the method.
    pub const INVALID_PARAMS: i64 = -32602;
    /// Something failed inside the server.
    pub const INTERNAL_ERROR: i64 = -32603;
    /// A request came before `initialize`.
    pub const SERVER_NOT_INITIALIZED: i64 = -32002;
    /// The client cancelled the request.
    pub const REQUEST_CANCELLED: i64 = -32800;
    /// The request was valid but could not be carried out (e.g. a refused rename).
    pub const REQUEST_FAILED: i64 = -32803;
}

/// The error a request is answered with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} ({code})")]
pub struct ResponseError {
    pub code: i64,
    pub message: String,
}

impl ResponseError {
    /// An error with `code`.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// The parameters do not fit (a position outside the document, an unknown command…).
    pub fn invalid_params(message: impl Into<String>) -> Self {
        Self::new(codes::INVALID_PARAMS, message)
    }

    /// The server failed.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(codes::INTERNAL_ERROR, message)
    }

    /// The request was understood but cannot be carried out; `message` says why.
    pub fn request_failed(message: impl Into<String>) -> Self {
        Self::new(codes::REQUEST_FAILED, message)
    }

    /// The error object of a response.
    pub fn to_json(&self) -> Value {
        json!({"code": self.code, "message": self.message})
    }

    /// From a response's `error` object.
    pub fn from_json(error: &Value) -> Self {
        Self::new(
            error
                .get("code")
                .and_then(Value::as_i64)
                .unwrap_or(codes::INTERNAL_ERROR),
            error
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("error without a message"),
        )
    }
}

/// What a request handler returns.
pub type Result<T> = std::result::Result<T, ResponseError>;
