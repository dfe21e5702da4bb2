//! `kernel_info_request`: who we are and what language we speak.

use serde_json::{Value, json};

/// The boa version vmjs is built with (kept in step with the workspace's `=`-pinned boa_engine).
pub const BOA_VERSION: &str = "0.22.0";

/// The `kernel_info_reply` content.
pub fn kernel_info() -> Value {
    let version = env!("CARGO_PKG_VERSION");
    json!({
        "status": "ok",
        "protocol_version": crate::wire::PROTOCOL_VERSION,
        "implementation": "vmjs",
        "implementation_version": version,
        "language_info": {
            "name": "javascript",
            "version": "ES2024",
            "mimetype": "text/javascript",
            "file_extension": ".js",
            "codemirror_mode": "javascript",
            "pygments_lexer": "javascript",
        },
        "banner": format!(
            "vmjs {version}: JavaScript on the boa engine {BOA_VERSION}, in an isolated, supervised session"
        ),
        "help_links": [
            { "text": "vmjs", "url": "https://example.invalid/vmjs" },
            { "text": "JavaScript (MDN)", "url": "https://developer.mozilla.org/docs/Web/JavaScript" },
        ],
        "debugger": false,
        "supported_features": [],
    })
}
