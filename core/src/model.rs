//! The data model shared by the store, the host and the adapters: templates, sessions, executions, events.
//!
//! Every type here is plain data (serde, snake_case JSON) so it can cross the worker protocol, live in SQLite
//! and be printed by `vmjs ... --json` without conversion layers.

use serde::{Deserialize, Serialize};

/// Name of the template that always exists.
pub const DEFAULT_TEMPLATE: &str = "default";

/// A session profile: limits, capabilities, files evaluated into every new session, runtime options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// Unique name (`default` is built in).
    pub name: String,
    /// Free text shown by `vmjs template show`.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub capabilities: Capabilities,
    /// Files (relative to the session root) evaluated in order after the libraries, as `startup` executions.
    #[serde(default)]
    pub startup_files: Vec<String>,
    /// Local JS files (relative to the session root, or absolute) evaluated into every new session first.
    #[serde(default)]
    pub libraries: Vec<String>,
    #[serde(default)]
    pub options: RuntimeOptions,
}

impl Template {
    /// The template's id where APIs address templates by UUID (the daemon's `/api/v1/templates/{id}`): the
    /// UUID v5 of its name, so it is the same in every process and database and needs no column of its own.
    pub fn id(&self) -> String {
        template_id(&self.name)
    }

    /// A template with the given name and every setting at its default.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: String::new(),
            limits: Limits::default(),
            capabilities: Capabilities::default(),
            startup_files: Vec::new(),
            libraries: Vec::new(),
            options: RuntimeOptions::default(),
        }
    }
}

/// The id of the template called `name` (see [`Template::id`]).
pub fn template_id(name: &str) -> String {
    /// The namespace of template ids (a random UUID, fixed forever).
    const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6f0f_54a2_5c3e_4d8e_9b61_0c2f_7a1d_e5b3);
    uuid::Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
}

/// What happens when an execution's output passes `max_output_bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OutputStrategy {
    /// Keep the head, drop the rest, and say what was cut in a `system` event.
    #[default]
    Truncate,
    /// Stop the execution with an error.
    Fail,
}

/// Limits enforced while code runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Wall-clock budget of one execution in milliseconds; `None` = unlimited.
    pub wall_ms: Option<u64>,
    /// Memory cap of the session's worker process (RLIMIT_DATA), in MiB.
    pub mem_mb: u64,
    /// Console/display bytes one execution may produce.
    pub max_output_bytes: u64,
    pub output_strategy: OutputStrategy,
    /// Events one execution may produce; `None` = unlimited.
    pub max_events: Option<u64>,
    /// boa's per-frame loop iteration guard; `None` = unlimited.
    pub loop_iterations: Option<u64>,
    /// boa's recursion guard (JS call depth).
    pub recursion: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            wall_ms: None,
            mem_mb: 512,
            max_output_bytes: 10 * 1024 * 1024,
            output_strategy: OutputStrategy::Truncate,
            max_events: None,
            loop_iterations: None,
            recursion: 10_000,
        }
    }
}

/// Ambient authority granted to code in a session. Everything is denied by default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Capabilities {
    /// `vmjs.fs.readTextFile` inside the session root.
    pub fs_read: bool,
    /// `vmjs.fs.writeTextFile` inside the session root.
    pub fs_write: bool,
    /// Environment variables readable through `vmjs.env.get` (exact names).
    pub env: Vec<String>,
    /// Hosts `fetch` may reach: `HOST` (every port) or `HOST:PORT`, exact ([`crate::net`]).
    pub net: Vec<String>,
}

/// Runtime options of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuntimeOptions {
    /// Fixed epoch + virtual clock, seeded `Math.random`.
    pub deterministic: bool,
    /// Seed of `Math.random` in deterministic mode.
    pub seed: u64,
    /// `Date.now()` at session start in deterministic mode (ms since the Unix epoch).
    pub epoch_ms: i64,
    /// Restore a session by replaying its successful inputs after its worker died.
    pub restore: bool,
    /// Wall-clock cap on the whole replay, in milliseconds.
    pub replay_cap_ms: u64,
    /// A server (`vmjs serve`) stops the worker of a session idle this long (ms) and restores the session by
    /// replay when it is used again; `None` = never.
    pub hibernate_after_ms: Option<u64>,
    /// A server (`vmjs serve`, `vmjs mcp`) closes a session idle this long (ms); `None` = never.
    pub close_after_ms: Option<u64>,
    /// Secrets the worker replaces with `[REDACTED]` in everything it sends ([`crate::redact::RedactRule`]
    /// text: `env:NAME`, `literal:VALUE`, `/REGEX/`).
    pub redact: Vec<String>,
    /// Also redact the value of every environment variable the template grants.
    pub redact_env: bool,
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        Self {
            deterministic: false,
            seed: 42,
            // 2024-01-01T00:00:00Z
            epoch_ms: 1_704_067_200_000,
            restore: true,
            replay_cap_ms: 5_000,
            hibernate_after_ms: None,
            close_after_ms: None,
            redact: Vec::new(),
            redact_env: false,
        }
    }
}

/// Where an execution's code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExecutionKind {
    /// Input typed into a REPL or a notebook cell.
    Repl,
    /// A file run with `vmjs run` or the language server.
    RunFile,
    /// A library or startup file of the session's template.
    Startup,
    /// A Jupyter comm message from a frontend (`comm_open`, `comm_msg`, `comm_close`) delivered to the comm
    /// targets and comms the session's code registered; the input is the message as JSON
    /// ([`crate::host::CommMessage`]).
    Comm,
}

impl ExecutionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Repl => "repl",
            Self::RunFile => "run_file",
            Self::Startup => "startup",
            Self::Comm => "comm",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "repl" => Self::Repl,
            "run_file" => Self::RunFile,
            "startup" => Self::Startup,
            "comm" => Self::Comm,
            _ => return None,
        })
    }
}

/// What a frontend's comm message does ([`CommMessage::action`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommAction {
    /// `comm_open`: a comm to one of the targets the session's code registered.
    Open,
    /// `comm_msg`: a message on an open comm.
    Msg,
    /// `comm_close`: the frontend closed the comm.
    Close,
}

/// A Jupyter comm message from a frontend, delivered to the session's code as an execution of kind
/// [`ExecutionKind::Comm`] whose input is this, as JSON (so it is stored, and replayed in order, like a cell).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommMessage {
    pub action: CommAction,
    pub comm_id: String,
    /// The target a `comm_open` asks for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    #[serde(default)]
    pub data: serde_json::Value,
    #[serde(default)]
    pub metadata: serde_json::Value,
    /// The message's binary buffers, base64 (standard alphabet, padded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buffers: Vec<String>,
}

impl CommMessage {
    /// The name an execution delivering this message carries (`<comm ID>`).
    pub fn source_name(&self) -> String {
        format!("<comm {}>", self.comm_id)
    }
}

/// Lifecycle of an execution row. Every row ends in a final status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExecutionStatus {
    Running,
    Ok,
    Error,
    Timeout,
    Cancelled,
    Crashed,
}

impl ExecutionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Ok => "ok",
            Self::Error => "error",
            Self::Timeout => "timeout",
            Self::Cancelled => "cancelled",
            Self::Crashed => "crashed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "running" => Self::Running,
            "ok" => Self::Ok,
            "error" => Self::Error,
            "timeout" => Self::Timeout,
            "cancelled" => Self::Cancelled,
            "crashed" => Self::Crashed,
            _ => return None,
        })
    }
}

/// Lifecycle of a session: `starting → ready → closed`, or `crashed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Starting,
    Ready,
    Closed,
    Crashed,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Starting => "starting",
            Self::Ready => "ready",
            Self::Closed => "closed",
            Self::Crashed => "crashed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "starting" => Self::Starting,
            "ready" => Self::Ready,
            "closed" => Self::Closed,
            "crashed" => Self::Crashed,
            _ => return None,
        })
    }
}

/// Console level as called from JS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsoleLevel {
    Log,
    Info,
    Debug,
    Warn,
    Error,
}

impl ConsoleLevel {
    /// `true` for levels that go to stderr (warn, error).
    pub fn is_stderr(self) -> bool {
        matches!(self, Self::Warn | Self::Error)
    }
}

/// A JS value as seen by a user: its JS type name, the inspect-style preview and, when JSON-serialisable, JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValuePayload {
    /// `number`, `string`, `undefined`, `object`, `Array`, `Map`, a class name, …
    #[serde(rename = "type")]
    pub type_name: String,
    /// Inspect text (like Node's `util.inspect`), no ANSI escapes.
    pub preview: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<serde_json::Value>,
    /// A rich MIME bundle the value asked to be shown as (`Symbol.for("Jupyter.display")`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime: Option<serde_json::Map<String, serde_json::Value>>,
    /// When `json` is a table ([`crate::tabular::Table::of`]): its column names in the value's own key order
    /// (`json`'s objects have sorted keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
}

/// What introspection (`inspect_request`, hover) knows about the value at a property path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Description {
    /// Like [`ValuePayload::type_name`]: `number`, `function`, `Array`, a class name, …
    #[serde(rename = "type")]
    pub type_name: String,
    /// Inspect text: short at detail 0, deeper and longer at detail ≥ 1. No ANSI escapes.
    pub preview: String,
    /// For functions: `name(a, b = 1, ...rest)` (classes: `class Name(a, b)`), from the source text, or
    /// `name(arg0, arg1)` from `.length` for native functions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// Extra text for the reader (e.g. that a function is native); `None` when there is nothing to add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// A JS exception (or an execution failure reported like one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExceptionPayload {
    /// `TypeError`, `SyntaxError`, `Interrupted`, `Timeout`, `Crashed`, …
    pub name: String,
    pub message: String,
    /// `Name: message` followed by `    at fn (file:line:col)` frames.
    pub stack: String,
    /// 1-based line of the innermost frame in the executed source, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column (in characters) of the innermost frame, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// Source name of the innermost frame (`<cell 3>`, `src/a.js`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl ExceptionPayload {
    /// An exception without position, e.g. a host-side failure (`Crashed`, `StoreError`).
    pub fn host(name: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            name: name.to_owned(),
            stack: format!("{name}: {message}"),
            message,
            line: None,
            column: None,
            file: None,
        }
    }
}

/// The body of an event; serialised as `{"type": ..., "payload": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "payload", rename_all = "snake_case")]
pub enum EventBody {
    /// The input as typed (REPL executions only).
    InputEcho {
        text: String,
    },
    Console {
        level: ConsoleLevel,
        text: String,
    },
    Value(ValuePayload),
    Display {
        data: serde_json::Map<String, serde_json::Value>,
        #[serde(default)]
        metadata: serde_json::Map<String, serde_json::Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        display_id: Option<String>,
        #[serde(default)]
        update: bool,
    },
    ClearOutput {
        #[serde(default)]
        wait: bool,
    },
    Exception(ExceptionPayload),
    /// A note from vmjs itself (output truncated, session restored, …).
    System {
        text: String,
    },
    /// A neutral message for adapters: core does not interpret it. Produced by
    /// `Deno.jupyter.broadcast(msg_type, content, {metadata, buffers})` for every `msg_type` except
    /// `display_data`/`update_display_data`/`clear_output` (those become [`EventBody::Display`] /
    /// [`EventBody::ClearOutput`]).
    ///
    /// `content` always has exactly this shape:
    /// `{"content": <the JSON content, an object>, "metadata": <object, {} when not given>,
    /// "buffers": [<base64 string>, …] (empty when not given)}` — i.e. what a Jupyter kernel needs to
    /// publish an IOPub message of type `msg_type` (buffers decoded from base64).
    Message {
        msg_type: String,
        content: serde_json::Value,
    },
}

/// How the note on output dropped after a template's limit begins.
const TRUNCATION_NOTE: &str = "output truncated:";

impl EventBody {
    /// The text of the `system` event that closes an execution whose output went past the template's limit.
    pub fn truncation_note(
        dropped_events: u64,
        dropped_bytes: u64,
        max_output_bytes: u64,
        max_events: Option<u64>,
    ) -> String {
        format!(
            "{TRUNCATION_NOTE} {dropped_events} more events ({dropped_bytes} bytes) were dropped after the \
             template's limit (max_output_bytes {max_output_bytes}, max_events {})",
            max_events.map_or_else(|| "unlimited".to_owned(), |n| n.to_string())
        )
    }

    /// Whether a `system` event's text is [`EventBody::truncation_note`].
    pub fn is_truncation_note(text: &str) -> bool {
        text.starts_with(TRUNCATION_NOTE)
    }

    /// The value or the error an execution ends with: the end of the execution follows at once (after the
    /// outcome is recorded).
    pub fn is_outcome(&self) -> bool {
        matches!(self, Self::Value(_) | Self::Exception(_))
    }

    /// Type name as stored in the `events.type` column.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::InputEcho { .. } => "input_echo",
            Self::Console { .. } => "console",
            Self::Value(_) => "value",
            Self::Display { .. } => "display",
            Self::ClearOutput { .. } => "clear_output",
            Self::Exception(_) => "exception",
            Self::System { .. } => "system",
            Self::Message { .. } => "message",
        }
    }

    /// Bytes of user-visible output this event carries (counted against `max_output_bytes`).
    pub fn output_bytes(&self) -> u64 {
        match self {
            Self::Console { text, .. } => text.len() as u64 + 1,
            Self::Display { data, .. } => data
                .values()
                .map(|v| match v {
                    serde_json::Value::String(s) => s.len() as u64,
                    other => other.to_string().len() as u64,
                })
                .sum(),
            _ => 0,
        }
    }
}

/// One event of an execution, numbered from 1 in the order it happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub seq: u64,
    #[serde(flatten)]
    pub body: EventBody,
}

/// Measurements of one execution.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metrics {
    pub wall_ms: u64,
    pub n_events: u64,
    pub output_bytes: u64,
}

/// An execution as stored and as printed by `vmjs run --json` / `vmjs history show --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecutionRecord {
    pub id: String,
    pub session_id: String,
    pub kind: ExecutionKind,
    pub status: ExecutionStatus,
    /// The input exactly as typed (REPL) or the file's text (run-file, startup).
    pub input: String,
    /// Source name: `<cell N>` for REPL input, the path relative to the root for files.
    pub source_name: String,
    #[serde(default)]
    pub result: Option<ValuePayload>,
    #[serde(default)]
    pub error: Option<ExceptionPayload>,
    pub metrics: Metrics,
    pub started_at_ms: i64,
    #[serde(default)]
    pub ended_at_ms: Option<i64>,
    /// Whether this input may be replayed to restore the session (it succeeded and used no capability / prompt).
    #[serde(default)]
    pub replayable: bool,
    /// Events, when loaded (`vmjs history show`, `vmjs run --json`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
}

/// A session as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: String,
    /// Small integer id, unique per database (Jupyter's history addresses sessions by integer).
    pub number: i64,
    pub template: String,
    pub root: String,
    pub status: SessionStatus,
    #[serde(default)]
    pub last_error: Option<String>,
    pub created_at_ms: i64,
    #[serde(default)]
    pub closed_at_ms: Option<i64>,
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_ids_are_stable_uuids_that_differ_by_name() {
        let id = template_id("default");
        assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 5);
        assert_eq!(id, Template::new("default").id());
        assert_ne!(id, template_id("Default"));
        // Fixed forever: clients keep ids across restarts and upgrades.
        expect_test::expect!["c6ba1fad-e9fe-53f6-a85e-9247e5a11c88"].assert_eq(&id);
    }

    #[test]
    fn event_serialises_as_seq_type_payload() {
        let event = Event {
            seq: 3,
            body: EventBody::Console {
                level: ConsoleLevel::Warn,
                text: "careful".into(),
            },
        };
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(
            json,
            r#"{"seq":3,"type":"console","payload":{"level":"warn","text":"careful"}}"#
        );
        let back: Event = serde_json::from_str(&json).unwrap();
        assert_eq!(back, event);
    }

    #[test]
    fn template_json_fills_defaults() {
        let t: Template = serde_json::from_str(r#"{"name":"x","limits":{"wall_ms":5}}"#).unwrap();
        assert_eq!(t.limits.wall_ms, Some(5));
        assert_eq!(t.limits.mem_mb, 512);
        assert!(t.options.restore);
    }
}
