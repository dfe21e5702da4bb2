//! The CLI as a client of `vmjs serve` (`vmjs --server URL session …`, `vmjs --server URL exec …`): a session
//! created by one command is used by the next; the output of code streams live while it runs (Server-Sent
//! Events, resumed with `Last-Event-ID` if the connection drops); exit codes are `vmjs run`'s.

mod http;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::Subcommand;
use serde_json::{Value, json};
use vmjs_core::model::{Event, ExecutionRecord};

pub use http::Client;

use crate::{exit, follow, render, run};

/// How often a dropped event stream is tried again before giving up.
const RECONNECTS: usize = 5;

#[derive(Subcommand)]
pub enum ExecCommand {
    /// Run REPL input in a session (`-` reads it from stdin); output streams while it runs.
    Repl {
        session: String,
        code: String,
        /// Wall-clock limit of this execution in ms.
        #[arg(long)]
        timeout: Option<u64>,
        /// Print the execution as JSON at the end instead of its output.
        #[arg(long)]
        json: bool,
    },
    /// Run a file of the session root in the session (`-- ARGS…` become `vmjs.args` for the run).
    RunFile {
        session: String,
        path: String,
        #[arg(long)]
        timeout: Option<u64>,
        #[arg(long)]
        json: bool,
        #[arg(last = true)]
        args: Vec<String>,
    },
    /// A session's executions, newest first.
    List {
        session: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// One execution, as JSON.
    Get { execution: String },
    /// An execution's events (`[seq] type: payload`); `--follow` waits for new ones until it ends.
    Events {
        execution: String,
        #[arg(long, default_value_t = 0)]
        after_seq: u64,
        #[arg(long)]
        follow: bool,
    },
}

/// `vmjs --server URL session …`.
pub fn run_session(
    client: &Client,
    command: crate::history_cmd::SessionCommand,
) -> anyhow::Result<u8> {
    use crate::history_cmd::SessionCommand;
    match command {
        SessionCommand::List {
            limit,
            json,
            status,
        } => {
            let mut path = format!("/sessions?limit={limit}");
            if let Some(status) = status {
                path.push_str(&format!("&status={status}"));
            }
            let sessions = client.get(&path)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&sessions)?);
            } else {
                // The server's sessions carry every field of the stored record (and more).
                let records: Vec<vmjs_core::model::SessionRecord> =
                    serde_json::from_value(sessions).context("reading the sessions")?;
                crate::history_cmd::print_sessions(&records);
            }
        }
        SessionCommand::Create {
            template,
            template_id,
            root,
            json,
        } => {
            let root = match root {
                Some(root) => root,
                None => std::env::current_dir().context("the current directory")?,
            };
            let root = root
                .canonicalize()
                .with_context(|| format!("session root {}", root.display()))?;
            let mut body = json!({ "worktree_path": root });
            if let Some(name) = template {
                body["template"] = json!(name);
            }
            if let Some(id) = template_id {
                body["template_id"] = json!(id);
            }
            let session = client.post("/sessions", &body)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&session)?);
            } else {
                println!("{}", text(&session["id"]));
            }
        }
        SessionCommand::Get { session } => {
            let session = client.get(&format!("/sessions/{session}"))?;
            println!("{}", serde_json::to_string_pretty(&session)?);
        }
        SessionCommand::Close { session } => {
            client.post(&format!("/sessions/{session}/close"), &json!({}))?;
            eprintln!("closed {session}");
        }
        SessionCommand::Interrupt { session } => {
            client.post(&format!("/sessions/{session}/interrupt"), &json!({}))?;
        }
    }
    Ok(exit::OK)
}

/// `vmjs --server URL exec …`.
pub fn run_exec(client: &Client, command: ExecCommand) -> anyhow::Result<u8> {
    match command {
        ExecCommand::Repl {
            session,
            code,
            timeout,
            json,
        } => {
            let code = if code == "-" {
                std::io::read_to_string(std::io::stdin()).context("reading the code from stdin")?
            } else {
                code
            };
            let body = json!({ "session_id": session, "input": code, "timeout_ms": timeout });
            execute(
                client,
                "/executions/repl",
                &body,
                &session,
                &code,
                true,
                json,
            )
        }
        ExecCommand::RunFile {
            session,
            path,
            timeout,
            json,
            args,
        } => {
            let mut body = json!({ "session_id": session, "path": path, "timeout_ms": timeout });
            if !args.is_empty() {
                body["args"] = json!(args);
            }
            execute(
                client,
                "/executions/run-file",
                &body,
                &session,
                "",
                false,
                json,
            )
        }
        ExecCommand::List {
            session,
            limit,
            json,
        } => {
            let list = client.get(&format!("/executions?session_id={session}&limit={limit}"))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for e in list.as_array().into_iter().flatten() {
                    println!(
                        "{}  {:<9} {:<8} {:>6} ms  {}",
                        text(&e["id"]),
                        text(&e["status"]),
                        text(&e["kind"]),
                        e["metrics"]["wall_ms"],
                        text(&e["source_name"]),
                    );
                }
            }
            Ok(exit::OK)
        }
        ExecCommand::Get { execution } => {
            let record = client.get(&format!("/executions/{execution}"))?;
            println!("{}", serde_json::to_string_pretty(&record)?);
            Ok(exit::OK)
        }
        ExecCommand::Events {
            execution,
            after_seq,
            follow,
        } => {
            let print = |event: &Event| {
                let payload = serde_json::to_value(&event.body)
                    .map(|v| v["payload"].to_string())
                    .unwrap_or_default();
                println!("[{}] {}: {payload}", event.seq, event.body.type_name());
            };
            if follow {
                let record = stream(client, &execution, after_seq, |event| print(event))?;
                Ok(run::exit_code(&record))
            } else {
                let events: Vec<Event> = serde_json::from_value(client.get(&format!(
                    "/executions/{execution}/events?after_seq={after_seq}"
                ))?)
                .context("reading the events")?;
                events.iter().for_each(print);
                Ok(exit::OK)
            }
        }
    }
}

/// Submits an execution without waiting, streams its output (Ctrl-C interrupts it), and returns the exit
/// code of its outcome.
fn execute(
    client: &Client,
    endpoint: &str,
    body: &Value,
    session: &str,
    source: &str,
    show_values: bool,
    json: bool,
) -> anyhow::Result<u8> {
    let submitted = client.post(&format!("{endpoint}?wait=false"), body)?;
    let id = text(&submitted["id"]).to_owned();
    let interrupt = follow::install_ctrl_c();
    let done = Arc::new(AtomicBool::new(false));
    let record = std::thread::scope(|scope| {
        let watcher = {
            let (interrupt, done) = (Arc::clone(&interrupt), Arc::clone(&done));
            scope.spawn(move || {
                while !done.load(Ordering::SeqCst) {
                    if interrupt.swap(false, Ordering::SeqCst) {
                        let _ = client.post(&format!("/sessions/{session}/interrupt"), &json!({}));
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        };
        let record = stream(client, &id, 0, |event| {
            if !json {
                render::print_event(&event.body, show_values);
            }
        });
        done.store(true, Ordering::SeqCst);
        let _ = watcher.join();
        record
    })?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&client.get(&format!("/executions/{id}"))?)?
        );
    } else if let Some(error) = &record.error {
        let source = if source.is_empty() {
            &record.input
        } else {
            source
        };
        // The daemon's root may be on another machine: only the executed text is shown.
        render::print_error(error, &record.source_name, source, None);
    }
    Ok(run::exit_code(&record))
}

/// Follows execution `id`'s events after `after_seq` to its end, reconnecting (with `Last-Event-ID`) when the
/// connection drops; returns the final record.
fn stream(
    client: &Client,
    id: &str,
    after_seq: u64,
    mut on_event: impl FnMut(&Event),
) -> anyhow::Result<ExecutionRecord> {
    let mut last = after_seq;
    let mut outcome: Option<ExecutionRecord> = None;
    let mut failure: Option<String> = None;
    for attempt in 0..=RECONNECTS {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(200 * attempt as u64));
        }
        let result = client.events(
            &format!("/executions/{id}/events?follow=true"),
            Some(last),
            |sse| match sse.event.as_str() {
                "end" => {
                    outcome = serde_json::from_str(&sse.data).ok();
                    false
                }
                "error" => {
                    failure = Some(sse.data.clone());
                    false
                }
                _ => {
                    if let Ok(event) = serde_json::from_str::<Event>(&sse.data)
                        && event.seq > last
                    {
                        last = event.seq;
                        on_event(&event);
                    }
                    true
                }
            },
        );
        if let Some(record) = outcome.take() {
            return Ok(record);
        }
        if let Some(failure) = failure.take() {
            bail!("the server could not stream the events: {failure}");
        }
        if let Err(error) = result
            && error.to_string().contains("HTTP 4")
        {
            return Err(error);
        }
    }
    bail!("lost the connection to the server while following execution {id}")
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("")
}

/// The token to send: `VMJS_TOKEN`, or the first line of `--token-file`.
pub fn token(token_file: Option<&PathBuf>) -> anyhow::Result<Option<String>> {
    if let Some(path) = token_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("token file {}", path.display()))?;
        return Ok(Some(text.trim().to_owned()));
    }
    Ok(std::env::var("VMJS_TOKEN").ok().filter(|t| !t.is_empty()))
}
