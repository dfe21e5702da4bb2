//! The web UI: `/` and `/assets/…`, embedded in the binary (`cargo install` alone gives a working UI). The
//! pages hold no data and need no token; everything they show comes from `/api/v1` with the token the page
//! was opened with (`/#token=…`).

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::ApiError;

/// One embedded file.
struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

macro_rules! asset {
    ($path:literal, $type:expr) => {
        Asset {
            path: $path,
            content_type: $type,
            body: include_bytes!(concat!("../assets/", $path)),
        }
    };
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

static ASSETS: &[Asset] = &[
    asset!("app.js", JS),
    asset!("app.css", CSS),
    asset!("vendor/codemirror.js", JS),
    asset!("vendor/codemirror.css", CSS),
    asset!("vendor/javascript.js", JS),
    asset!("vendor/vega.min.js", JS),
    asset!("vendor/vega-lite.min.js", JS),
    asset!("vendor/vega-embed.min.js", JS),
];

static INDEX: &[u8] = include_bytes!("../assets/index.html");

/// The UI's routes.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(index))
        .route("/assets/{*path}", get(asset))
}

async fn index() -> Response {
    serve("text/html; charset=utf-8", INDEX, "no-cache")
}

async fn asset(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|asset| asset.path == path) {
        Some(asset) => serve(asset.content_type, asset.body, "no-cache"),
        None => ApiError::not_found("NOT_FOUND", format!("no asset {path}")).into_response(),
    }
}

fn serve(content_type: &'static str, body: &'static [u8], cache: &'static str) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    // The token may be in the address: never send it on.
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    response
}
