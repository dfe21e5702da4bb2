//! Core events and records → Jupyter outputs: the one code path shared by the kernel's IOPub messages and
//! `vmjs test`'s nbformat outputs. [`OutputBuilder`] is fed a session's [`EventBody`]s in `seq` order and
//! yields [`Output`]s (adjacent console text of one stream coalesced, `execute_result`, display data and
//! updates, `clear_output`, `error`, `[vmjs] …` system lines); it is pure — the caller decides when to
//! publish and flushes buffered streams on its own clock.

use serde_json::{Map, Value, json};
use vmjs_core::model::{
    ConsoleLevel, EventBody, ExceptionPayload, ExecutionRecord, ExecutionStatus, ValuePayload,
};
use vmjs_core::tabular::{DEFAULT_ROW_LIMIT, Table};

/// Streams are flushed when this many bytes are buffered …
pub const STREAM_FLUSH_BYTES: usize = 64 * 1024;
/// … or when the oldest buffered text is this old.
pub const STREAM_FLUSH_INTERVAL: std::time::Duration = std::time::Duration::from_millis(50);

/// One Jupyter output, as the kernel publishes it on IOPub (and a notebook stores it).
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Console text of one stream (`stdout` or `stderr`), lines ending in `\n`.
    Stream { name: &'static str, text: String },
    /// The cell's last value.
    ExecuteResult { data: Map<String, Value> },
    /// `Jupyter.display(…)` and friends; `display_id` when the code named the display.
    DisplayData {
        data: Map<String, Value>,
        metadata: Map<String, Value>,
        display_id: Option<String>,
    },
    /// A new bundle for the earlier display with this id.
    UpdateDisplayData {
        data: Map<String, Value>,
        metadata: Map<String, Value>,
        display_id: String,
    },
    /// `Jupyter.clearOutput({wait})`.
    ClearOutput { wait: bool },
    /// A thrown error (or an execution that ended badly: timeout, interrupt, crash).
    Error {
        ename: String,
        evalue: String,
        traceback: Vec<String>,
    },
    /// A message code broadcast (`Deno.jupyter.broadcast`): `{content, metadata, buffers}`; only a live
    /// kernel has somewhere to send it.
    Message { msg_type: String, content: Value },
}

impl Output {
    /// The IOPub message type.
    pub fn msg_type(&self) -> &str {
        match self {
            Self::Stream { .. } => "stream",
            Self::ExecuteResult { .. } => "execute_result",
            Self::DisplayData { .. } => "display_data",
            Self::UpdateDisplayData { .. } => "update_display_data",
            Self::ClearOutput { .. } => "clear_output",
            Self::Error { .. } => "error",
            Self::Message { msg_type, .. } => msg_type,
        }
    }

    /// The IOPub message content (`execution_count` goes into `execute_result`).
    pub fn content(&self, execution_count: u64) -> Value {
        match self {
            Self::Stream { name, text } => stream_content(name, text.clone()),
            Self::ExecuteResult { data } => {
                json!({ "execution_count": execution_count, "data": data, "metadata": {} })
            }
            Self::DisplayData {
                data,
                metadata,
                display_id,
            } => {
                let transient = display_id
                    .as_ref()
                    .map_or_else(|| json!({}), |id| json!({ "display_id": id }));
                json!({ "data": data, "metadata": metadata, "transient": transient })
            }
            Self::UpdateDisplayData {
                data,
                metadata,
                display_id,
            } => json!({
                "data": data, "metadata": metadata, "transient": { "display_id": display_id }
            }),
            Self::ClearOutput { wait } => json!({ "wait": wait }),
            Self::Error {
                ename,
                evalue,
                traceback,
            } => json!({ "ename": ename, "evalue": evalue, "traceback": traceback }),
            Self::Message { content, .. } => content.clone(),
        }
    }

    /// The `error` output of an exception.
    pub fn error(error: &ExceptionPayload) -> Self {
        Self::Error {
            ename: error.name.clone(),
            evalue: error.message.clone(),
            traceback: traceback(error),
        }
    }
}

/// Turns one execution's events into outputs, in order.
#[derive(Debug, Default)]
pub struct OutputBuilder {
    streams: StreamBuffer,
    /// The last error emitted (so the record's final error is not emitted twice).
    emitted_error: Option<ExceptionPayload>,
}

impl OutputBuilder {
    /// A builder for a new execution.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one event; returns the outputs it completes, in order (console text stays buffered until
    /// the stream changes, another kind of output comes, [`STREAM_FLUSH_BYTES`] are buffered or the caller
    /// calls [`OutputBuilder::flush`]).
    pub fn push(&mut self, body: EventBody) -> Vec<Output> {
        let mut outputs = Vec::new();
        match body {
            EventBody::InputEcho { .. } => {}
            EventBody::Console { level, text } => {
                outputs.extend(self.streams.push(stream_name(level), &text));
                if self.streams.buffered_bytes() >= STREAM_FLUSH_BYTES {
                    outputs.extend(self.flush());
                }
            }
            EventBody::System { text } => {
                outputs.extend(self.streams.push("stderr", &format!("[vmjs] {text}")));
                outputs.extend(self.flush());
            }
            EventBody::Value(value) => {
                outputs.extend(self.flush());
                if let Some(data) = value_bundle(&value) {
                    outputs.push(Output::ExecuteResult { data });
                }
            }
            EventBody::Display {
                data,
                metadata,
                display_id,
                update,
            } => {
                outputs.extend(self.flush());
                outputs.push(match display_id {
                    Some(display_id) if update => Output::UpdateDisplayData {
                        data,
                        metadata,
                        display_id,
                    },
                    display_id => Output::DisplayData {
                        data,
                        metadata,
                        display_id,
                    },
                });
            }
            EventBody::ClearOutput { wait } => {
                outputs.extend(self.flush());
                outputs.push(Output::ClearOutput { wait });
            }
            EventBody::Exception(error) => {
                outputs.extend(self.flush());
                outputs.push(Output::error(&error));
                self.emitted_error = Some(error);
            }
            EventBody::Message { msg_type, content } => {
                outputs.extend(self.flush());
                outputs.push(Output::Message { msg_type, content });
            }
        }
        outputs
    }

    /// The buffered console text as one stream output, if any.
    pub fn flush(&mut self) -> Option<Output> {
        self.streams
            .take()
            .map(|(name, text)| Output::Stream { name, text })
    }

    /// Whether console text is waiting to be flushed.
    pub fn has_buffered(&self) -> bool {
        self.streams.buffered_bytes() > 0
    }

    /// Ends the execution: the buffered streams, then the record's error unless it was the last error
    /// already emitted.
    pub fn finish(&mut self, record: &ExecutionRecord) -> Vec<Output> {
        let mut outputs: Vec<Output> = self.flush().into_iter().collect();
        if record.status != ExecutionStatus::Ok {
            let error = record_error(record);
            if self.emitted_error.as_ref() != Some(&error) {
                outputs.push(Output::error(&error));
                self.emitted_error = Some(error);
            }
        }
        outputs
    }
}

/// The error a failed record ends with (every failure has one; this covers a missing payload).
pub fn record_error(record: &ExecutionRecord) -> ExceptionPayload {
    record.error.clone().unwrap_or_else(|| {
        ExceptionPayload::host(
            "ExecutionFailed",
            format!("the execution ended with status {}", record.status.as_str()),
        )
    })
}

/// `stdout` for log/info/debug, `stderr` for warn/error.
pub fn stream_name(level: ConsoleLevel) -> &'static str {
    if level.is_stderr() {
        "stderr"
    } else {
        "stdout"
    }
}

/// Content of a `stream` message.
pub fn stream_content(name: &str, text: String) -> Value {
    json!({ "name": name, "text": text })
}

/// Consecutive console text of one stream, merged into one `stream` message.
#[derive(Debug, Default)]
struct StreamBuffer {
    name: &'static str,
    text: String,
}

impl StreamBuffer {
    /// Appends a line; returns the output to emit first if the stream changed.
    fn push(&mut self, name: &'static str, line: &str) -> Option<Output> {
        let flushed = if !self.text.is_empty() && self.name != name {
            self.take()
                .map(|(name, text)| Output::Stream { name, text })
        } else {
            None
        };
        self.name = name;
        self.text.push_str(line);
        self.text.push('\n');
        flushed
    }

    /// Buffered bytes.
    fn buffered_bytes(&self) -> usize {
        self.text.len()
    }

    /// Takes the buffered text, if any.
    fn take(&mut self) -> Option<(&'static str, String)> {
        (!self.text.is_empty()).then(|| (self.name, std::mem::take(&mut self.text)))
    }
}

/// The MIME bundle of a value: its own bundle (`Symbol.for("Jupyter.display")`) or `text/plain` (+
/// `application/json` for objects and arrays, which JupyterLab shows as a tree; records or columns get an HTML
/// table and a Table Schema data resource instead, `vmjs_core::tabular`). `None` for `undefined`.
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
        match Table::of(json) {
            // Records, or an object of equal-length columns, show as a table; its data resource carries the
            // data (JupyterLab would prefer a JSON tree to the table if `application/json` were there).
            Some(mut table) => {
                if let Some(columns) = &value.columns {
                    table = table.reorder(columns);
                }
                data.extend(table.mime_data(DEFAULT_ROW_LIMIT));
            }
            None => {
                data.insert("application/json".into(), json.clone());
            }
        }
    }
    Some(data)
}

/// `ename`, `evalue` and a coloured traceback (frames in dim text) for an `error` message or reply.
pub fn error_fields(error: &ExceptionPayload) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("ename".into(), Value::String(error.name.clone()));
    fields.insert("evalue".into(), Value::String(error.message.clone()));
    let traceback = traceback(error).into_iter().map(Value::String).collect();
    fields.insert("traceback".into(), Value::Array(traceback));
    fields
}

/// The coloured traceback lines: `Name: message`, then the stack frames dimmed.
fn traceback(error: &ExceptionPayload) -> Vec<String> {
    let mut traceback = vec![format!(
        "\u{1b}[0;31m{}\u{1b}[0m: {}",
        error.name, error.message
    )];
    let frames = error
        .stack
        .lines()
        .skip_while(|line| !line.trim_start().starts_with("at "));
    traceback.extend(frames.map(|frame| format!("\u{1b}[2m{frame}\u{1b}[0m")));
    traceback
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
            columns: None,
        }
    }

    fn record() -> ExecutionRecord {
        ExecutionRecord {
            id: String::new(),
            session_id: String::new(),
            kind: vmjs_core::model::ExecutionKind::Repl,
            status: ExecutionStatus::Ok,
            input: String::new(),
            source_name: String::new(),
            result: None,
            error: None,
            metrics: vmjs_core::model::Metrics::default(),
            started_at_ms: 0,
            ended_at_ms: None,
            replayable: false,
            events: Vec::new(),
        }
    }

    fn console(level: ConsoleLevel, text: &str) -> EventBody {
        EventBody::Console {
            level,
            text: text.into(),
        }
    }

    fn stream(name: &'static str, text: &str) -> Output {
        Output::Stream {
            name,
            text: text.into(),
        }
    }

    #[test]
    fn streams_merge_until_the_name_changes() {
        let mut builder = OutputBuilder::new();
        assert_eq!(builder.push(console(ConsoleLevel::Log, "a")), vec![]);
        assert_eq!(builder.push(console(ConsoleLevel::Info, "b")), vec![]);
        assert_eq!(
            builder.push(console(ConsoleLevel::Error, "c")),
            vec![stream("stdout", "a\nb\n")]
        );
        assert!(builder.has_buffered());
        assert_eq!(builder.flush(), Some(stream("stderr", "c\n")));
        assert_eq!(builder.flush(), None);
    }

    #[test]
    fn other_outputs_flush_streams_first_and_system_lines_go_to_stderr() {
        let mut builder = OutputBuilder::new();
        builder.push(console(ConsoleLevel::Log, "a"));
        let outputs = builder.push(EventBody::Value(value("number", "1", Some(json!(1)))));
        assert_eq!(
            outputs,
            vec![
                stream("stdout", "a\n"),
                Output::ExecuteResult {
                    data: json!({"text/plain": "1"}).as_object().unwrap().clone()
                }
            ]
        );
        let outputs = builder.push(EventBody::System {
            text: "restored".into(),
        });
        assert_eq!(outputs, vec![stream("stderr", "[vmjs] restored\n")]);
        let outputs = builder.push(EventBody::Display {
            data: Map::new(),
            metadata: Map::new(),
            display_id: Some("d".into()),
            update: true,
        });
        assert_eq!(outputs[0].msg_type(), "update_display_data");
        assert_eq!(outputs[0].content(3)["transient"]["display_id"], "d");
    }

    #[test]
    fn big_output_is_flushed_at_the_byte_threshold() {
        let mut builder = OutputBuilder::new();
        let line = "x".repeat(1023);
        let mut flushed = 0;
        for _ in 0..65 {
            flushed += builder.push(console(ConsoleLevel::Log, &line)).len();
        }
        assert_eq!(flushed, 1);
    }

    #[test]
    fn the_final_error_is_not_emitted_twice() {
        let error = ExceptionPayload::host("Error", "boom");
        let mut builder = OutputBuilder::new();
        assert_eq!(
            builder.push(EventBody::Exception(error.clone())),
            vec![Output::error(&error)]
        );
        let mut record = record();
        record.status = ExecutionStatus::Error;
        record.error = Some(error);
        assert_eq!(builder.finish(&record), vec![]);
        record.error = Some(ExceptionPayload::host("Timeout", "too slow"));
        assert_eq!(builder.finish(&record)[0].msg_type(), "error");
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

    #[test]
    fn records_and_columns_show_as_tables_in_the_values_key_order() {
        let mut records = value("Array", "[ … ]", Some(json!([{"b": 1, "a": "x"}])));
        records.columns = Some(vec!["b".into(), "a".into()]);
        let data = value_bundle(&records).expect("bundle");
        let keys: Vec<&str> = data.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "application/vnd.dataresource+json",
                "text/html",
                "text/plain"
            ]
        );
        let html = data["text/html"].as_str().expect("html");
        assert!(html.contains("<th>b</th><th>a</th>"), "{html}");
        let plain = value("Array", "[ 1 ]", Some(json!([1])));
        let data = value_bundle(&plain).expect("bundle");
        assert!(!data.contains_key("text/html") && data.contains_key("application/json"));
    }
}
