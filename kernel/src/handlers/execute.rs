//! `execute_request`: each cell is a REPL execution of the kernel's session (comm messages share its queue:
//! `handlers/comm.rs`). IOPub order: `busy` →
//! `execute_input` → outputs (streams coalesced, displays, result, error) → the shell reply → `idle`.
//! Executions run one at a time in arrival order; after an error with `stop_on_error`, the requests
//! already queued are answered `aborted`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde_json::{Map, Value, json};
use tokio::sync::mpsc;
use tokio::time::Instant;
use vmjs_core::host::{ExecuteRequest, ExecutionUpdate, Session};
use vmjs_core::model::{ExceptionPayload, ExecutionRecord, ExecutionStatus};
use vmjs_core::{code_pages, memory};

use crate::handlers::comm;
use crate::outputs::{
    Output, OutputBuilder, STREAM_FLUSH_INTERVAL, error_fields, record_error, value_bundle,
};
use crate::server::{Channel, Kernel, next_execution_count};
use crate::wire::Message;

/// A cell that printed this much counts as heavy work for the kernel (its outputs passed through here).
const HEAVY_OUTPUT_BYTES: u64 = 256 * 1024;

/// Runs queued execute requests one after another. Once it has idled [`memory::IDLE_AFTER_WORK`] after start-up
/// or a cell, the kernel trims its allocator and, the first time, releases the code mappings only start-up
/// needed (`vmjs_core::code_pages`); a heavy cell does both before its `idle`.
pub async fn run_queue(
    kernel: Arc<Kernel>,
    shell: Arc<Channel>,
    mut queue: mpsc::UnboundedReceiver<Message>,
) {
    // A cell (or start-up) ran since the last idle housekeeping.
    let mut worked = true;
    let mut start_up_code = true;
    loop {
        let next = if worked {
            match tokio::time::timeout(memory::IDLE_AFTER_WORK, queue.recv()).await {
                Ok(next) => next,
                Err(_elapsed) => {
                    memory::trim();
                    if std::mem::take(&mut start_up_code) {
                        let released = code_pages::release();
                        tracing::debug!(
                            "released {} KiB of start-up code mappings",
                            released / 1024
                        );
                    }
                    worked = false;
                    continue;
                }
            }
        } else {
            queue.recv().await
        };
        let Some(request) = next else { break };
        worked = true;
        if !is_cell(&request) {
            comm::deliver(&kernel, &request).await;
            continue;
        }
        let failed = execute(&kernel, &shell, &request).await;
        if failed && request.bool_field("stop_on_error", true) {
            // The cells queued behind a failed one are aborted; comm messages are still delivered.
            while let Ok(queued) = queue.try_recv() {
                if is_cell(&queued) {
                    abort(&kernel, &shell, &queued).await;
                } else {
                    comm::deliver(&kernel, &queued).await;
                }
            }
        }
    }
}

/// Whether a shell message waits in the execution queue: cells, and the frontend's comm messages, which reach
/// the session's code in arrival order once the cells before them have run (a comm message sent while a cell
/// runs is delivered after it: the session is then idle).
pub fn is_queued(msg_type: &str) -> bool {
    matches!(
        msg_type,
        "execute_request" | "comm_open" | "comm_msg" | "comm_close"
    )
}

fn is_cell(request: &Message) -> bool {
    request.header.msg_type == "execute_request"
}

/// The options of one forwarded execution (a cell's, as the request asks; a comm message's, fixed).
pub(crate) struct Options {
    code: String,
    silent: bool,
    store_history: bool,
    allow_stdin: bool,
}

impl Options {
    /// A comm message's execution: outputs shown (parented to the comm message, as ipykernel does), no
    /// history, no `input_request`.
    pub(crate) fn comm() -> Self {
        Self {
            code: String::new(),
            silent: false,
            store_history: false,
            allow_stdin: false,
        }
    }

    fn of(request: &Message) -> Result<Self, String> {
        if let Some(error) = &request.content_error {
            return Err(error.clone());
        }
        let code = request
            .str_field("code")
            .ok_or("execute_request without a string `code`")?
            .to_owned();
        let silent = request.bool_field("silent", false);
        Ok(Self {
            code,
            silent,
            store_history: request.bool_field("store_history", !silent) && !silent,
            allow_stdin: request.bool_field("allow_stdin", true),
        })
    }
}

/// Runs one cell; returns whether it failed.
async fn execute(kernel: &Arc<Kernel>, shell: &Channel, request: &Message) -> bool {
    kernel.iopub.status("busy", Some(request));
    let options = match Options::of(request) {
        Ok(options) => options,
        Err(message) => {
            let error = ExceptionPayload::host("BadRequest", message);
            fail_before_running(kernel, shell, request, &error).await;
            return true;
        }
    };
    let session = match kernel.session.wait().await {
        Ok(session) => session,
        Err(message) => {
            let error = ExceptionPayload::host(
                "SessionFailed",
                format!("the kernel's session could not start: {message}"),
            );
            fail_before_running(kernel, shell, request, &error).await;
            return true;
        }
    };
    let count = if options.store_history {
        next_execution_count(kernel)
    } else {
        kernel
            .execution_count
            .load(std::sync::atomic::Ordering::SeqCst)
    };
    if !options.silent {
        kernel.iopub.publish(
            "execute_input",
            json!({ "code": options.code, "execution_count": count }),
            Some(request),
        );
    }
    let mut cell = ExecuteRequest::repl(options.code.clone());
    cell.source_name = Some(format!("<cell {count}>"));
    let record = forward(kernel, &session, request, &options, count, cell).await;
    let heavy = record.metrics.wall_ms >= memory::HEAVY_WORK.as_millis() as u64
        || record.metrics.output_bytes >= HEAVY_OUTPUT_BYTES;
    if heavy {
        // A heavy cell: its outputs passed through the session, this task and IOPub, which freed them: give the
        // pages back before `idle`, so the kernel a user sees after the cell is the small one.
        kernel.iopub.flush().await;
        memory::trim();
        // And the code mappings the cell's output path mapped back (`vmjs_core::code_pages`).
        code_pages::release();
    }
    let failed = record.status != ExecutionStatus::Ok;
    let mut content = Map::new();
    content.insert("execution_count".into(), json!(count));
    if failed {
        let error = record_error(&record);
        content.extend(error_fields(&error));
        content.insert("status".into(), json!("error"));
    } else {
        content.insert("status".into(), json!("ok"));
        content.insert("payload".into(), json!([]));
        let expressions = user_expressions(&session, request).await;
        content.insert("user_expressions".into(), Value::Object(expressions));
    }
    kernel
        .reply(shell, request, "execute_reply", Value::Object(content))
        .await;
    kernel.iopub.status("idle", Some(request));
    failed
}

/// Runs one execution of the kernel's session and forwards its outputs to IOPub as they arrive, parented to
/// `request` (a cell, or a comm message); returns its record.
pub(crate) async fn forward(
    kernel: &Arc<Kernel>,
    session: &Session,
    request: &Message,
    options: &Options,
    count: u64,
    execution: ExecuteRequest,
) -> ExecutionRecord {
    Cell {
        kernel,
        session,
        request,
        options,
        count,
        outputs: OutputBuilder::new(),
        oldest: None,
    }
    .run(execution)
    .await
}

/// One running execution: forwards its outputs to IOPub as they arrive.
struct Cell<'a> {
    kernel: &'a Arc<Kernel>,
    session: &'a Session,
    request: &'a Message,
    options: &'a Options,
    count: u64,
    outputs: OutputBuilder,
    /// When the oldest buffered stream text arrived.
    oldest: Option<Instant>,
}

impl Cell<'_> {
    async fn run(mut self, cell: ExecuteRequest) -> ExecutionRecord {
        let mut handle = self.session.execute(cell);
        // The frontend's answer to the cell's open `input_request`, if any. The cell keeps listening while
        // it waits: an interrupt ends a waiting `prompt()`, and the cell with it.
        let mut answer: Option<Pin<Box<dyn Future<Output = Option<String>> + Send + '_>>> = None;
        let record = loop {
            let deadline = self.oldest.map(|at| at + STREAM_FLUSH_INTERVAL);
            let update = tokio::select! {
                update = handle.next() => update,
                reply = async { answer.as_mut().expect("guarded").await }, if answer.is_some() => {
                    answer = None;
                    self.session.reply_input(reply);
                    continue;
                }
                () = sleep_until(deadline) => {
                    self.flush_streams();
                    continue;
                }
            };
            match update {
                ExecutionUpdate::Event(event) => {
                    if !self.options.silent {
                        let outputs = self.outputs.push(event.body);
                        self.publish(outputs);
                        if !self.outputs.has_buffered() {
                            self.oldest = None;
                        } else if self.oldest.is_none() {
                            self.oldest = Some(Instant::now());
                        }
                    }
                }
                ExecutionUpdate::InputRequest { prompt, password } => {
                    self.flush_streams();
                    if self.options.allow_stdin {
                        let (kernel, request) = (self.kernel, self.request);
                        answer = Some(Box::pin(async move {
                            kernel
                                .stdin
                                .ask(&kernel.identity, request, &prompt, password)
                                .await
                        }));
                    } else {
                        self.session.reply_input(None);
                    }
                }
                ExecutionUpdate::Finished(record) => break *record,
            }
        };
        if answer.take().is_some() {
            // The cell ended (interrupted) before the frontend answered: a late `input_reply` is dropped.
            self.kernel.stdin.forget_pending().await;
        }
        if !self.options.silent {
            let outputs = self.outputs.finish(&record);
            self.publish(outputs);
        }
        record
    }

    fn publish(&self, outputs: Vec<Output>) {
        for output in outputs {
            match output {
                Output::Message { msg_type, content } => {
                    crate::handlers::comm::broadcast(self.kernel, &msg_type, content, self.request);
                }
                output => self.kernel.iopub.publish(
                    output.msg_type(),
                    output.content(self.count),
                    Some(self.request),
                ),
            }
        }
    }

    fn flush_streams(&mut self) {
        self.oldest = None;
        let flushed = self.outputs.flush();
        self.publish(flushed.into_iter().collect());
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

/// Evaluates `user_expressions` after a successful cell (each as its own silent REPL input).
async fn user_expressions(session: &Session, request: &Message) -> Map<String, Value> {
    let mut results = Map::new();
    let Some(expressions) = request
        .content
        .get("user_expressions")
        .and_then(Value::as_object)
    else {
        return results;
    };
    for (name, expression) in expressions {
        let Some(code) = expression.as_str() else {
            continue;
        };
        let mut input = ExecuteRequest::repl(code);
        input.source_name = Some(format!("<user_expression {name}>"));
        let record = session.execute(input).finished().await;
        let outcome = if record.status == ExecutionStatus::Ok {
            let data = record
                .result
                .as_ref()
                .and_then(value_bundle)
                .unwrap_or_else(|| {
                    let mut data = Map::new();
                    data.insert("text/plain".into(), json!("undefined"));
                    data
                });
            json!({ "status": "ok", "data": data, "metadata": {} })
        } else {
            let mut fields = error_fields(&record_error(&record));
            fields.insert("status".into(), json!("error"));
            Value::Object(fields)
        };
        results.insert(name.clone(), outcome);
    }
    results
}

/// Answers a request that fails before it runs (malformed, or no session): an `error` output so the
/// notebook shows why, then the error reply.
async fn fail_before_running(
    kernel: &Kernel,
    shell: &Channel,
    request: &Message,
    error: &ExceptionPayload,
) {
    let count = kernel
        .execution_count
        .load(std::sync::atomic::Ordering::SeqCst);
    kernel
        .iopub
        .publish("error", Value::Object(error_fields(error)), Some(request));
    let mut content = error_fields(error);
    content.insert("status".into(), json!("error"));
    content.insert("execution_count".into(), json!(count));
    kernel
        .reply(shell, request, "execute_reply", Value::Object(content))
        .await;
    kernel.iopub.status("idle", Some(request));
}

/// Answers a queued request that will not run because an earlier cell failed.
async fn abort(kernel: &Kernel, shell: &Channel, request: &Message) {
    kernel.iopub.status("busy", Some(request));
    let count = kernel
        .execution_count
        .load(std::sync::atomic::Ordering::SeqCst);
    kernel
        .reply(
            shell,
            request,
            "execute_reply",
            json!({ "status": "aborted", "execution_count": count }),
        )
        .await;
    kernel.iopub.status("idle", Some(request));
}
