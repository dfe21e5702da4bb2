//! vmjs's LSP extensions: the notifications that stream a run's output, sent only to clients that announce
//! `experimental: {vmjsOutput: true}` (others get `window/logMessage`), and the command names.

use gen_lsp_types::{LspNotificationMethod, MessageDirection, Notification};
use serde::{Deserialize, Serialize};

/// `workspace/executeCommand` names.
pub mod commands {
    /// `{uri}`: run the document's current text in a fresh worker.
    pub const RUN_FILE: &str = "vmjs.runFile";
    /// `{uri, range}`: REPL input into the folder's session.
    pub const RUN_SELECTION: &str = "vmjs.runSelection";
    /// `{uri?}`: stop the running code (of the folder of `uri`, or everywhere).
    pub const INTERRUPT: &str = "vmjs.interrupt";
    /// `{uri?}`: a fresh worker for the folder's session (state is gone).
    pub const RESTART_SESSION: &str = "vmjs.restartSession";
    /// Every command, as announced in the server capabilities.
    pub const ALL: [&str; 4] = [RUN_FILE, RUN_SELECTION, INTERRUPT, RESTART_SESSION];
}

/// The experimental client capability that enables [`Output`] and [`RunEnd`].
pub const OUTPUT_CAPABILITY: &str = "vmjsOutput";

/// `vmjs/output`: a piece of a run's output, in order.
pub enum Output {}

/// Parameters of [`Output`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutputParams {
    pub execution_id: String,
    /// `stdout` or `stderr`.
    pub stream: String,
    /// The text, including its final newline.
    pub text: String,
}

impl Notification for Output {
    type Params = OutputParams;
    const METHOD: LspNotificationMethod<'static> = LspNotificationMethod::Custom("vmjs/output");
    const MESSAGE_DIRECTION: MessageDirection = MessageDirection::ServerToClient;
}

/// `vmjs/runEnd`: the run is over (sent after all its output).
pub enum RunEnd {}

/// Parameters of [`RunEnd`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunEndParams {
    pub execution_id: String,
    /// `ok`, `error`, `timeout`, `cancelled` or `crashed`.
    pub status: String,
    pub duration_ms: u64,
}

impl Notification for RunEnd {
    type Params = RunEndParams;
    const METHOD: LspNotificationMethod<'static> = LspNotificationMethod::Custom("vmjs/runEnd");
    const MESSAGE_DIRECTION: MessageDirection = MessageDirection::ServerToClient;
}
