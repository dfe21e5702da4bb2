//! `kernel_info_request`: who we are and what language we speak.

use serde_json::{Value, json};

/// The boa version vmjs is built with (kept in step with the workspace's `=`-pinned boa_engine).
pub const BOA_VERSION: &str = "0.22.0";

/// The language a kernel announces (its notebooks' syntax highlighting, file extension and name). Cells run
/// the same either way: a cell that only parses as TypeScript runs as TypeScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    JavaScript,
    TypeScript,
}

impl Language {
    /// The name Jupyter uses (`language` of the kernelspec, `language_info.name`).
    pub fn name(self) -> &'static str {
        match self {
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
        }
    }

    /// How it is shown (`JavaScript (vmjs)`).
    pub fn title(self) -> &'static str {
        match self {
            Language::JavaScript => "JavaScript",
            Language::TypeScript => "TypeScript",
        }
    }
}

/// The `kernel_info_reply` content.
pub fn kernel_info(language: Language) -> Value {
    let version = env!("CARGO_PKG_VERSION");
    let language_info = match language {
        Language::JavaScript => json!({
            "name": "javascript",
            "version": "ES2024",
            "mimetype": "text/javascript",
            "file_extension": ".js",
            "codemirror_mode": "javascript",
            "pygments_lexer": "javascript",
        }),
        // Types are stripped, never checked (as Deno and tsx run TypeScript).
        Language::TypeScript => json!({
            "name": "typescript",
            "version": "5",
            "mimetype": "text/typescript",
            "file_extension": ".ts",
            "codemirror_mode": { "name": "javascript", "typescript": true },
            "pygments_lexer": "typescript",
        }),
    };
    let title = language.title();
    json!({
        "status": "ok",
        "protocol_version": crate::wire::PROTOCOL_VERSION,
        "implementation": "vmjs",
        "implementation_version": version,
        "language_info": language_info,
        "banner": format!(
            "vmjs {version}: {title} on the boa engine {BOA_VERSION}, in an isolated, supervised session"
        ),
        "help_links": [
            { "text": "vmjs", "url": "https://example.invalid/vmjs" },
            { "text": "JavaScript (MDN)", "url": "https://developer.mozilla.org/docs/Web/JavaScript" },
        ],
        "debugger": false,
        "supported_features": [],
    })
}
