//! Core events and records → Jupyter output content (stream coalescing, execute_result, display data,
//! errors). Pure functions and one small buffer: the execute handler decides when to publish.

use serde_json::{Map, Value, json};
use vmjs_core::model::{ConsoleLevel, ExceptionPayload, ValuePayload};

/// Streams are flushed when this many bytes are buffered …
pub const STREAM_FLUSH_BYTES: usize = 64 * 1024;
/// … or when the oldest buffered text is this old.
pub const STREAM_FLUSH_INTERVAL: std::time::Duration = std::time::Duration::from_millis(50);

/// `stdout` for log/info/debug, `stderr` for warn/error.
pub fn stream_name(level: ConsoleLevel) -> &'static str {
    if level.is_stderr() {
        "stderr"
    } else {
        "stdout"
    }
}

/// Consecutive console text of one stream, merged into one `stream` message.
#[derive(Default)]
pub struct StreamBuffer {
    name: &'static str,
    text: String,
}

impl StreamBuffer {
    /// Appends a line; returns the text to publish first if the stream changed.
    pub fn push(&mut self, name: &'static str, line: &str) -> Option<(&'static str, String)> {
        let flushed = if !self.text.is_empty() && self.name != name {
            self.take()
        } else {
            None
        };
        self.name = name;
        self.text.push_str(line);
        self.text.push('\n');
        flushed
    }

    /// Buffered bytes.
    pub fn buffered_bytes(&self) -> usize {
        self.text.len()
    }

    /// Takes the buffered text, if any.
    pub fn take(&mut self) -> Option<(&'static str, String)> {
        (!self.text.is_empty()).then(|| (self.name, std::mem::take(&mut self.text)))
    }
}

/// Content of a `stream` message.
pub fn stream_content(name: &str, text: String) -> Value {
    json!({ "name": name, "text": text })
}

/// The MIME bundle of a value: its own bundle (`Symbol.for("Jupyter.display")`) or `text/plain` (+
/// `application/json` for objects and arrays, which JupyterLab shows as a tree). `None` for `undefined`.
pub fn value_bundle(value: &ValuePayload) -> Option<Map<String, Value>> {
    if let Some(mime) = &value.mime {
        let mut data = mime.clone();
        data.entry("text/plain")
            .or_insert_with(|| Value::String(value.preview.clone()));
        return Some(data);
    }
    if value.type_name == "undefined" {
        return None;
    }
    let mut data = Map::new();
    data.insert("text/plain".into(), Value::String(value.preview.clone()));
    if let Some(json @ (Value::Object(_) | Value::Array(_))) = &value.json {
        data.insert("application/json".into(), json.clone());
    }
    Some(data)
}

/// `ename`, `evalue` and a coloured traceback (frames in dim text) for an `error` message or reply.
pub fn error_fields(error: &ExceptionPayload) -> Map<String, Value> {
    let mut traceback = vec![Value::String(format!(
        "\u{1b}[0;31m{}\u{1b}[0m: {}",
        error.name, error.message
    ))];
    let frames = error
        .stack
        .lines()
        .skip_while(|line| !line.trim_start().starts_with("at "));
    traceback.extend(frames.map(|frame| Value::String(format!("\u{1b}[2m{frame}\u{1b}[0m"))));
    let mut fields = Map::new();
    fields.insert("ename".into(), Value::String(error.name.clone()));
    fields.insert("evalue".into(), Value::String(error.message.clone()));
    fields.insert("traceback".into(), Value::Array(traceback));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(type_name: &str, preview: &str, json: Option<Value>) -> ValuePayload {
        ValuePayload {
            type_name: type_name.into(),
            preview: preview.into(),
            json,
            mime: None,
        }
    }

    #[test]
    fn streams_merge_until_the_name_changes() {
        let mut buffer = StreamBuffer::default();
        assert_eq!(buffer.push("stdout", "a"), None);
        assert_eq!(buffer.push("stdout", "b"), None);
        assert_eq!(
            buffer.push("stderr", "c"),
            Some(("stdout", "a\nb\n".to_owned()))
        );
        assert_eq!(buffer.take(), Some(("stderr", "c\n".to_owned())));
        assert_eq!(buffer.take(), None);
    }

    #[test]
    fn bundles_of_values() {
        assert_eq!(value_bundle(&value("undefined", "undefined", None)), None);
        let number = value_bundle(&value("number", "42", Some(json!(42)))).unwrap();
        assert_eq!(Value::Object(number), json!({"text/plain": "42"}));
        let object = value_bundle(&value("Object", "{ a: 1 }", Some(json!({"a": 1})))).unwrap();
        assert_eq!(
            Value::Object(object),
            json!({"text/plain": "{ a: 1 }", "application/json": {"a": 1}})
        );
        let mut rich = value("Object", "Html", None);
        rich.mime = Some(
            json!({"text/html": "<b>x</b>"})
                .as_object()
                .unwrap()
                .clone(),
        );
        assert_eq!(
            Value::Object(value_bundle(&rich).unwrap()),
            json!({"text/html": "<b>x</b>", "text/plain": "Html"})
        );
    }

    #[test]
    fn errors_keep_name_message_and_frames() {
        let error = ExceptionPayload {
            name: "TypeError".into(),
            message: "x is not a function".into(),
            stack: "TypeError: x is not a function\n    at f (<cell 2>:1:5)\n    at <cell 2>:3:1"
                .into(),
            line: Some(1),
            column: Some(5),
            file: Some("<cell 2>".into()),
        };
        let fields = error_fields(&error);
        assert_eq!(fields["ename"], "TypeError");
        assert_eq!(fields["evalue"], "x is not a function");
        let traceback = fields["traceback"].as_array().unwrap();
        assert_eq!(traceback.len(), 3);
        assert!(traceback[1].as_str().unwrap().contains("<cell 2>:1:5"));
    }
}
