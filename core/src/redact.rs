//! Secret redaction: a template names secrets (`--redact`), and the worker replaces every occurrence in what
//! it sends the host — console lines, values, errors and their stacks, displays, messages, hover text — with
//! [`REDACTED`] before the message leaves the process. So a secret is never stored, streamed or returned by any
//! face.
//!
//! What is matched is the text as it leaves: a secret encoded first (base64, hex, reversed, split across two
//! console calls) is not recognised. The code the user submitted is not rewritten (it is theirs, and the
//! execution's input).

use std::borrow::Cow;

use crate::model::{Description, EventBody, ExceptionPayload, ValuePayload};
use crate::protocol::FromWorker;

/// What replaces a secret.
pub const REDACTED: &str = "[REDACTED]";

/// A literal secret shorter than this is refused: redacting it would cut ordinary text to pieces.
pub const MIN_LITERAL_CHARS: usize = 4;

/// One `--redact` rule of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedactRule {
    /// `env:NAME`: the value of the granted environment variable `NAME`.
    Env(String),
    /// `literal:VALUE`: this exact text.
    Literal(String),
    /// `/REGEX/`: every match of this regular expression (Rust `regex` syntax).
    Pattern(String),
}

/// A `--redact` rule that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedactError {
    #[error(
        "redact rule `{0}`: write `env:NAME`, `literal:VALUE` or `/REGEX/` (a regular expression between slashes)"
    )]
    Syntax(String),
    #[error("redact rule `{rule}`: a literal secret needs at least {MIN_LITERAL_CHARS} characters")]
    TooShort { rule: String },
    #[error("redact rule `{rule}`: {message}")]
    Pattern { rule: String, message: String },
    #[error("redact rule `{rule}`: a pattern that matches the empty text would redact everything")]
    MatchesEmpty { rule: String },
    #[error(
        "redact rule `env:{name}`: the template does not grant `{name}` (add --allow env:{name})"
    )]
    NotGranted { name: String },
}

/// A rule as shown to people and API clients: a literal secret's value is hidden (`literal:[REDACTED]`).
pub fn shown(rule: &str) -> String {
    match rule.strip_prefix("literal:") {
        Some(_) => format!("literal:{REDACTED}"),
        None => rule.to_owned(),
    }
}

/// Checks a template's rules: each parses, and each `env:NAME` names a variable in `granted`.
pub fn check_rules(rules: &[String], granted: &[String]) -> Result<(), RedactError> {
    for rule in rules {
        if let RedactRule::Env(name) = RedactRule::parse(rule)?
            && !granted.contains(&name)
        {
            return Err(RedactError::NotGranted { name });
        }
    }
    Ok(())
}

impl RedactRule {
    /// Reads a rule as a template stores it.
    pub fn parse(text: &str) -> Result<Self, RedactError> {
        if let Some(name) = text.strip_prefix("env:") {
            if name.is_empty() {
                return Err(RedactError::Syntax(text.to_owned()));
            }
            return Ok(Self::Env(name.to_owned()));
        }
        if let Some(value) = text.strip_prefix("literal:") {
            if value.chars().count() < MIN_LITERAL_CHARS {
                return Err(RedactError::TooShort {
                    rule: text.to_owned(),
                });
            }
            return Ok(Self::Literal(value.to_owned()));
        }
        if let Some(pattern) = text
            .strip_prefix('/')
            .and_then(|rest| rest.strip_suffix('/'))
            .filter(|pattern| !pattern.is_empty())
        {
            let regex = regex::Regex::new(pattern).map_err(|error| RedactError::Pattern {
                rule: text.to_owned(),
                message: error.to_string(),
            })?;
            if regex.is_match("") {
                return Err(RedactError::MatchesEmpty {
                    rule: text.to_owned(),
                });
            }
            return Ok(Self::Pattern(pattern.to_owned()));
        }
        Err(RedactError::Syntax(text.to_owned()))
    }
}

/// Replaces secrets in text. Built once per worker from the template's rules (environment values resolved by
/// the host); one regular expression matches every secret, longest literal first.
#[derive(Debug, Clone)]
pub struct Redactor {
    secrets: regex::Regex,
}

impl Redactor {
    /// A redactor for these literal `values` and regular-expression `patterns`; `None` when there is nothing to
    /// redact (empty values are skipped: an unset variable redacts nothing).
    pub fn new(values: &[String], patterns: &[String]) -> Result<Option<Self>, RedactError> {
        let mut literals: Vec<&String> = values.iter().filter(|v| !v.is_empty()).collect();
        // The longest first, so a secret that contains another is replaced whole.
        literals.sort_by_key(|value| std::cmp::Reverse(value.len()));
        literals.dedup();
        let alternatives: Vec<String> = literals
            .into_iter()
            .map(|value| regex::escape(value))
            .chain(patterns.iter().map(|pattern| format!("(?:{pattern})")))
            .collect();
        if alternatives.is_empty() {
            return Ok(None);
        }
        let secrets =
            regex::Regex::new(&alternatives.join("|")).map_err(|error| RedactError::Pattern {
                rule: patterns.join(" "),
                message: error.to_string(),
            })?;
        Ok(Some(Self { secrets }))
    }

    /// `text` with every secret replaced by [`REDACTED`].
    pub fn text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.secrets.replace_all(text, REDACTED)
    }

    fn string(&self, text: &mut String) {
        if let Cow::Owned(redacted) = self.text(text) {
            *text = redacted;
        }
    }

    /// Every string in `value`, object keys included.
    fn json(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(text) => self.string(text),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|item| self.json(item)),
            serde_json::Value::Object(map) => self.map(map),
            serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {
            }
        }
    }

    fn map(&self, map: &mut serde_json::Map<String, serde_json::Value>) {
        let needs_new_keys = map.keys().any(|key| self.secrets.is_match(key));
        if needs_new_keys {
            let entries = std::mem::take(map);
            for (key, mut value) in entries {
                self.json(&mut value);
                map.insert(self.text(&key).into_owned(), value);
            }
        } else {
            map.values_mut().for_each(|value| self.json(value));
        }
    }

    fn value(&self, value: &mut ValuePayload) {
        self.string(&mut value.preview);
        if let Some(json) = &mut value.json {
            self.json(json);
        }
        if let Some(mime) = &mut value.mime {
            // MIME types are keys the frontends choose by: only the data is redacted.
            mime.values_mut().for_each(|data| self.json(data));
        }
    }

    fn exception(&self, error: &mut ExceptionPayload) {
        self.string(&mut error.message);
        self.string(&mut error.stack);
    }

    fn description(&self, description: &mut Description) {
        self.string(&mut description.preview);
        for text in [&mut description.signature, &mut description.doc]
            .into_iter()
            .flatten()
        {
            self.string(text);
        }
    }

    fn event(&self, body: &mut EventBody) {
        match body {
            EventBody::InputEcho { text }
            | EventBody::Console { text, .. }
            | EventBody::System { text } => self.string(text),
            EventBody::Value(value) => self.value(value),
            EventBody::Display { data, metadata, .. } => {
                data.values_mut().for_each(|data| self.json(data));
                self.map(metadata);
            }
            EventBody::Exception(error) => self.exception(error),
            EventBody::Message { content, .. } => self.json(content),
            EventBody::ClearOutput { .. } => {}
        }
    }

    /// Redacts the user-visible text of a message for the host, completion names included (ids and tags are
    /// left alone).
    pub fn message(&self, message: &mut FromWorker) {
        match message {
            FromWorker::Event { body, .. } => self.event(body),
            FromWorker::Done(done) => {
                if let Some(value) = &mut done.result {
                    self.value(value);
                }
                if let Some(error) = &mut done.error {
                    self.exception(error);
                }
            }
            FromWorker::InputRequest { prompt, .. } => self.string(prompt),
            FromWorker::Description {
                description: Some(description),
            } => self.description(description),
            FromWorker::Fatal { message } => self.string(message),
            // Property names complete in editors: an object keyed by a secret must not offer it.
            FromWorker::Ready { names, .. } | FromWorker::Names { names } => {
                names.iter_mut().for_each(|name| self.string(name));
            }
            FromWorker::Description { description: None } | FromWorker::Checked { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ConsoleLevel;

    fn redactor(values: &[&str], patterns: &[&str]) -> Redactor {
        let values: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
        let patterns: Vec<String> = patterns.iter().map(|p| (*p).to_owned()).collect();
        Redactor::new(&values, &patterns).unwrap().unwrap()
    }

    #[test]
    fn rules_parse_and_refuse_what_would_redact_too_much() {
        assert_eq!(
            RedactRule::parse("env:API_KEY"),
            Ok(RedactRule::Env("API_KEY".into()))
        );
        assert_eq!(
            RedactRule::parse("literal:hunter2"),
            Ok(RedactRule::Literal("hunter2".into()))
        );
        assert_eq!(
            RedactRule::parse("/sk-[a-z]+/"),
            Ok(RedactRule::Pattern("sk-[a-z]+".into()))
        );
        for bad in ["env:", "hunter2", "/", "//", "", "literal:abc"] {
            assert!(RedactRule::parse(bad).is_err(), "{bad} was accepted");
        }
        assert!(matches!(
            RedactRule::parse("/a*/"),
            Err(RedactError::MatchesEmpty { .. })
        ));
        assert!(matches!(
            RedactRule::parse("/(/"),
            Err(RedactError::Pattern { .. })
        ));
    }

    #[test]
    fn literal_values_are_not_shown() {
        assert_eq!(shown("literal:hunter2"), "literal:[REDACTED]");
        assert_eq!(shown("env:KEY"), "env:KEY");
        assert_eq!(shown("/sk-[a-z]+/"), "/sk-[a-z]+/");
    }

    #[test]
    fn nothing_to_redact_is_no_redactor() {
        assert!(Redactor::new(&[String::new()], &[]).unwrap().is_none());
    }

    #[test]
    fn literals_are_literal_and_the_longest_wins() {
        let r = redactor(&["a.b+c", "secret", "secret-longer"], &[]);
        assert_eq!(r.text("x a.b+c y axb+c"), "x [REDACTED] y axb+c");
        assert_eq!(r.text("secret-longer!"), "[REDACTED]!");
        assert_eq!(r.text("no keys here"), "no keys here");
    }

    #[test]
    fn patterns_and_unicode() {
        let r = redactor(&["pässwörd"], &["sk-[a-z0-9]{8}"]);
        assert_eq!(
            r.text("k=sk-abcd1234 p=pässwörd"),
            "k=[REDACTED] p=[REDACTED]"
        );
    }

    #[test]
    fn every_user_visible_string_of_a_message_is_redacted_and_ids_are_not() {
        let r = redactor(&["TOPSECRET"], &[]);
        let mut event = FromWorker::Event {
            execution_id: "TOPSECRET-id".into(),
            body: EventBody::Display {
                data: serde_json::from_value(serde_json::json!({
                    "text/plain": "TOPSECRET",
                    "application/json": {"TOPSECRET": ["x TOPSECRET y"]},
                }))
                .unwrap(),
                metadata: serde_json::Map::new(),
                display_id: None,
                update: false,
            },
        };
        r.message(&mut event);
        let FromWorker::Event { execution_id, body } = event else {
            unreachable!()
        };
        assert_eq!(execution_id, "TOPSECRET-id");
        let EventBody::Display { data, .. } = body else {
            unreachable!()
        };
        assert_eq!(
            serde_json::Value::Object(data),
            serde_json::json!({
                "text/plain": "[REDACTED]",
                "application/json": {"[REDACTED]": ["x [REDACTED] y"]},
            })
        );
        let mut console = FromWorker::Event {
            execution_id: "e".into(),
            body: EventBody::Console {
                level: ConsoleLevel::Log,
                text: "{ k: 'TOPSECRET' }".into(),
            },
        };
        r.message(&mut console);
        assert!(matches!(
            console,
            FromWorker::Event { body: EventBody::Console { text, .. }, .. } if text == "{ k: '[REDACTED]' }"
        ));
    }
}
