//! What an agent gets back from running code: the execution's console output, displays, value and error,
//! gathered from its events and capped at a byte budget per call so a runaway print cannot flood the agent's
//! context (`truncated` says when something was cut — by this cap or by the template's output limit).

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};
use vmjs_core::model::{EventBody, ExecutionRecord};

/// The answer of `execute` and `run_file`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ExecutionAnswer {
    /// The session the code ran in: pass it back to keep its state.
    pub session_id: String,
    /// Whether this call created the session.
    pub session_created: bool,
    pub execution_id: String,
    /// `ok`, `error`, `timeout`, `cancelled` or `crashed`.
    pub status: String,
    /// The value of the last expression, printed as the REPL prints it (`null` when there is none).
    pub result: Option<String>,
    pub error: Option<ErrorAnswer>,
    /// `console.log`, `info` and `debug` lines.
    pub stdout: String,
    /// `console.warn` and `error` lines, and notes from vmjs (output cut by the template's limit).
    pub stderr: String,
    /// Rich outputs (`display(...)`): their MIME bundles.
    pub displays: Vec<Map<String, Value>>,
    /// Something was cut: by this call's output cap or by the template's `max_output_bytes`.
    pub truncated: bool,
}

/// The error an execution ended with.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorAnswer {
    /// `TypeError`, `SyntaxError`, `PermissionDenied`, `Timeout`, `Interrupted`, …
    pub name: String,
    pub message: String,
    /// `Name: message` and the stack frames (`at f (<cell 1>:2:3)`).
    pub stack: String,
}

/// Gathers an execution's events into an [`ExecutionAnswer`] within a byte budget.
pub struct Collector {
    left: usize,
    truncated: bool,
    stdout: String,
    stderr: String,
    displays: Vec<Map<String, Value>>,
    /// Console lines seen (for progress).
    pub lines: u64,
    /// Console lines not yet reported as progress.
    unreported: String,
}

/// Progress messages carry at most this much of the newest console text.
const PROGRESS_MESSAGE_BYTES: usize = 4 * 1024;

impl Collector {
    /// A collector that keeps at most `budget` bytes of output text (stdout, stderr, value, error, displays).
    pub fn new(budget: usize) -> Self {
        Self {
            left: budget,
            truncated: false,
            stdout: String::new(),
            stderr: String::new(),
            displays: Vec::new(),
            lines: 0,
            unreported: String::new(),
        }
    }

    /// Takes one event (the value and the error come from the record, at the end).
    pub fn push(&mut self, body: &EventBody) {
        match body {
            EventBody::Console { level, text } => {
                self.lines += 1;
                // At most PROGRESS_MESSAGE_BYTES per notification, however long the line.
                let room = PROGRESS_MESSAGE_BYTES.saturating_sub(self.unreported.len());
                if room > 0 {
                    let mut end = text.len().min(room);
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    self.unreported.push_str(&text[..end]);
                    self.unreported.push('\n');
                }
                let line = self.take(text);
                let out = if level.is_stderr() {
                    &mut self.stderr
                } else {
                    &mut self.stdout
                };
                if let Some(line) = line {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
            EventBody::System { text } => {
                if EventBody::is_truncation_note(text) {
                    self.truncated = true;
                }
                if let Some(line) = self.take(text) {
                    self.stderr.push_str("[vmjs] ");
                    self.stderr.push_str(&line);
                    self.stderr.push('\n');
                }
            }
            EventBody::Display { data, .. } => {
                let size = serde_json::to_string(data).map_or(usize::MAX, |text| text.len());
                if size <= self.left {
                    self.left -= size;
                    self.displays.push(data.clone());
                } else {
                    self.truncated = true;
                    self.left = 0;
                }
            }
            EventBody::InputEcho { .. }
            | EventBody::Value(_)
            | EventBody::Exception(_)
            | EventBody::ClearOutput { .. }
            | EventBody::Message { .. } => {}
        }
    }

    /// Whether console lines came since the last [`Collector::take_unreported`].
    pub fn has_unreported(&self) -> bool {
        !self.unreported.is_empty()
    }

    /// The console text since the last call, if any (for a progress notification).
    pub fn take_unreported(&mut self) -> Option<String> {
        if self.unreported.is_empty() {
            return None;
        }
        Some(std::mem::take(&mut self.unreported))
    }

    /// As much of `text` as the budget holds (`None` when nothing is left).
    fn take(&mut self, text: &str) -> Option<String> {
        if self.left == 0 {
            self.truncated |= !text.is_empty();
            return None;
        }
        if text.len() <= self.left {
            self.left -= text.len();
            return Some(text.to_owned());
        }
        let mut end = self.left;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        self.left = 0;
        self.truncated = true;
        Some(text[..end].to_owned())
    }

    /// The answer, once the execution ended with `record`.
    pub fn finish(
        mut self,
        record: &ExecutionRecord,
        session_id: &str,
        session_created: bool,
    ) -> ExecutionAnswer {
        let result = record
            .result
            .as_ref()
            .and_then(|value| self.take(&value.preview));
        let error = record.error.as_ref().map(|error| ErrorAnswer {
            name: error.name.clone(),
            message: self.take(&error.message).unwrap_or_default(),
            stack: self.take(&error.stack).unwrap_or_default(),
        });
        ExecutionAnswer {
            session_id: session_id.to_owned(),
            session_created,
            execution_id: record.id.clone(),
            status: record.status.as_str().to_owned(),
            result,
            error,
            stdout: self.stdout,
            stderr: self.stderr,
            displays: self.displays,
            truncated: self.truncated,
        }
    }
}

impl ExecutionAnswer {
    /// The answer as text for a reader (the tool result's text content).
    pub fn text(&self) -> String {
        let mut text = String::new();
        for (label, out) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            if !out.is_empty() {
                text.push_str(&format!("{label}:\n{out}"));
            }
        }
        if !self.displays.is_empty() {
            let kinds: Vec<String> = self
                .displays
                .iter()
                .map(|data| data.keys().cloned().collect::<Vec<_>>().join("+"))
                .collect();
            text.push_str(&format!("displays: {}\n", kinds.join(", ")));
        }
        if let Some(error) = &self.error {
            text.push_str(&format!("{}\n", error.stack_or_message()));
        } else if let Some(result) = &self.result {
            text.push_str(&format!("result: {result}\n"));
        }
        if self.truncated {
            text.push_str("(output truncated)\n");
        }
        text.push_str(&format!(
            "status: {} · session {} · execution {}",
            self.status, self.session_id, self.execution_id
        ));
        text
    }
}

impl ErrorAnswer {
    fn stack_or_message(&self) -> String {
        if self.stack.is_empty() {
            format!("{}: {}", self.name, self.message)
        } else {
            self.stack.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vmjs_core::model::ConsoleLevel;

    fn log(text: &str) -> EventBody {
        EventBody::Console {
            level: ConsoleLevel::Log,
            text: text.to_owned(),
        }
    }

    #[test]
    fn output_past_the_budget_is_cut_at_a_character_and_flagged() {
        let mut collector = Collector::new(5);
        collector.push(&log("ab"));
        collector.push(&log("cdéfghijk"));
        collector.push(&log("more"));
        let record = ExecutionRecord {
            id: "e".into(),
            ..serde_json::from_value(serde_json::json!({
                "id": "e", "session_id": "s", "kind": "repl", "status": "ok", "input": "",
                "source_name": "<cell 1>", "metrics": {"wall_ms": 0, "n_events": 0, "output_bytes": 0},
                "started_at_ms": 0, "replayable": true
            }))
            .unwrap()
        };
        let answer = collector.finish(&record, "s", false);
        // 3 bytes were left for the second line: "cd" and half of "é", which is not cut.
        assert_eq!(answer.stdout, "ab\ncd\n");
        assert!(answer.truncated);
    }

    #[test]
    fn progress_messages_stay_small_whatever_the_lines() {
        let mut collector = Collector::new(usize::MAX);
        collector.push(&log(&"é".repeat(10_000)));
        collector.push(&log("next"));
        let message = collector.take_unreported().unwrap();
        assert!(
            message.len() <= PROGRESS_MESSAGE_BYTES + 1,
            "{}",
            message.len()
        );
        assert_eq!(collector.take_unreported(), None);
        collector.push(&log("after"));
        assert_eq!(collector.take_unreported().as_deref(), Some("after\n"));
    }

    #[test]
    fn the_templates_truncation_note_sets_the_flag() {
        let mut collector = Collector::new(1_000);
        collector.push(&EventBody::System {
            text: EventBody::truncation_note(3, 30, 10, None),
        });
        assert!(collector.truncated);
        assert!(collector.stderr.starts_with("[vmjs] output truncated"));
    }
}
