//! Settings of the language server: from `initializationOptions`, `workspace/configuration` (section `vmjs`)
//! and `workspace/didChangeConfiguration`. Unknown keys are ignored; a later source overrides only the keys it
//! sets.

use std::path::PathBuf;

use serde::Deserialize;

/// The configuration section asked for with `workspace/configuration`.
pub const SECTION: &str = "vmjs";

/// What a client can configure (all optional; camelCase on the wire).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Template (session profile) for runs and folder sessions.
    pub template: Option<String>,
    /// Wall-clock limit of each run in ms (overrides the template's).
    pub timeout_ms: Option<u64>,
    /// SQLite database shared with the CLI and the kernel.
    #[serde(alias = "db", alias = "database")]
    pub database_path: Option<PathBuf>,
    /// Inlay hints (`inlayHints.parameterNames`).
    pub inlay_hints: Option<InlayHintSettings>,
}

/// What inlay hints show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InlayHintSettings {
    /// Parameter names before a call's arguments.
    pub parameter_names: ParameterNameHints,
}

/// Which arguments get their parameter's name shown before them (TypeScript's setting of the same name).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ParameterNameHints {
    /// None (the default).
    #[default]
    None,
    /// Literal arguments only (`f(/* size: */ 3)`): the ones a reader cannot tell the meaning of.
    Literals,
    /// Every argument, except a name that already is the parameter's.
    All,
}

impl Settings {
    /// Reads settings from a JSON value: either the settings object itself or one nested under `vmjs`.
    /// Anything unreadable yields no settings (the defaults stay).
    pub fn from_json(value: &serde_json::Value) -> Self {
        if value.is_null() {
            return Self::default();
        }
        let inner = value.get(SECTION).unwrap_or(value);
        serde_json::from_value(inner.clone()).unwrap_or_else(|error| {
            tracing::warn!("ignoring unreadable vmjs settings: {error}");
            Self::default()
        })
    }

    /// `self` with every key `other` sets replaced.
    pub fn merged(&self, other: &Settings) -> Settings {
        Settings {
            template: other.template.clone().or_else(|| self.template.clone()),
            timeout_ms: other.timeout_ms.or(self.timeout_ms),
            database_path: other
                .database_path
                .clone()
                .or_else(|| self.database_path.clone()),
            inlay_hints: other.inlay_hints.or(self.inlay_hints),
        }
    }

    /// Which arguments get parameter-name hints.
    pub fn parameter_name_hints(&self) -> ParameterNameHints {
        self.inlay_hints.unwrap_or_default().parameter_names
    }

    /// The template name to use.
    pub fn template_name(&self) -> &str {
        self.template
            .as_deref()
            .filter(|t| !t.is_empty())
            .unwrap_or(vmjs_core::model::DEFAULT_TEMPLATE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_flat_and_nested_and_merges() {
        let flat = Settings::from_json(&serde_json::json!({"template": "t", "timeoutMs": 50}));
        assert_eq!(flat.template.as_deref(), Some("t"));
        assert_eq!(flat.timeout_ms, Some(50));
        let nested = Settings::from_json(&serde_json::json!({"vmjs": {"databasePath": "/x.db"}}));
        assert_eq!(nested.database_path, Some(PathBuf::from("/x.db")));
        let merged = flat.merged(&nested);
        assert_eq!(merged.template_name(), "t");
        assert_eq!(merged.database_path, Some(PathBuf::from("/x.db")));
        assert_eq!(
            Settings::from_json(&serde_json::json!(3)),
            Settings::default()
        );
        assert_eq!(Settings::default().template_name(), "default");
        assert_eq!(
            Settings::default().parameter_name_hints(),
            ParameterNameHints::None
        );
        let hints = Settings::from_json(
            &serde_json::json!({"vmjs": {"inlayHints": {"parameterNames": "literals"}}}),
        );
        assert_eq!(hints.parameter_name_hints(), ParameterNameHints::Literals);
        assert_eq!(
            merged.merged(&hints).parameter_name_hints(),
            ParameterNameHints::Literals
        );
        assert_eq!(merged.merged(&hints).template_name(), "t");
    }
}
