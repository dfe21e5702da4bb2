//! `vmjs history list|show|prune` and `vmjs session list`.

use std::path::Path;

use anyhow::Context as _;
use clap::Subcommand;
use vmjs_core::model::SessionStatus;
use vmjs_core::store::{ExecutionFilter, PruneOptions};

use crate::{exit, open_store};

#[derive(Subcommand)]
pub enum HistoryCommand {
    /// Recent executions, newest first.
    List {
        #[arg(long)]
        session: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// One execution with its events in order.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete finished sessions (and their executions) older than N days.
    Prune {
        #[arg(long, default_value_t = 30)]
        older_than_days: u64,
    },
}

#[derive(Subcommand)]
pub enum SessionCommand {
    /// Sessions, newest first (of the database, or of `--server`).
    List {
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
        /// Only sessions in this status (starting, ready, closed, crashed).
        #[arg(long)]
        status: Option<String>,
    },
    /// (--server) Start a session in the server; prints its id.
    Create {
        /// Template name (default: `default`).
        #[arg(long)]
        template: Option<String>,
        /// Template id (as `GET /api/v1/templates` lists it).
        #[arg(long, conflicts_with = "template")]
        template_id: Option<String>,
        /// Session root (default: the current directory).
        #[arg(long)]
        root: Option<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// (--server) One session, as JSON.
    Get { session: String },
    /// (--server) Close a session (what runs or waits in it is cancelled).
    Close { session: String },
    /// (--server) Stop what runs in a session; the session and its state stay.
    Interrupt { session: String },
}

pub fn run_history(db: &Path, command: HistoryCommand) -> anyhow::Result<u8> {
    let mut store = open_store(db)?;
    match command {
        HistoryCommand::List {
            session,
            limit,
            json,
        } => {
            let records = store.list_executions(&ExecutionFilter {
                session_id: session,
                limit,
            })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&records)?);
            } else {
                for r in records {
                    let first_line = r.input.lines().next().unwrap_or("");
                    println!(
                        "{}  {:<9} {:<8} {:>6} ms  {}",
                        r.id,
                        r.status.as_str(),
                        r.kind.as_str(),
                        r.metrics.wall_ms,
                        truncate(first_line, 60)
                    );
                }
            }
        }
        HistoryCommand::Show { id, json } => {
            let record = store.get_execution(&id, true)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&record)?);
            } else {
                println!(
                    "execution {} ({}, {})",
                    record.id,
                    record.kind.as_str(),
                    record.status.as_str()
                );
                println!("session   {}", record.session_id);
                println!("source    {}", record.source_name);
                for event in &record.events {
                    println!(
                        "[{}] {}: {}",
                        event.seq,
                        event.body.type_name(),
                        serde_json::to_string(&event.body)?
                    );
                }
            }
        }
        HistoryCommand::Prune { older_than_days } => {
            let cutoff = vmjs_core::model::now_ms() - (older_than_days as i64) * 86_400_000;
            let report = store.prune(&PruneOptions {
                older_than_ms: Some(cutoff),
                keep_sessions: None,
            })?;
            println!(
                "pruned {} sessions, {} executions",
                report.sessions, report.executions
            );
        }
    }
    Ok(exit::OK)
}

pub fn run_session(db: &Path, command: SessionCommand) -> anyhow::Result<u8> {
    let store = open_store(db)?;
    match command {
        SessionCommand::List {
            limit,
            json,
            status,
        } => {
            let sessions = match status {
                None => store.list_sessions(limit)?,
                Some(raw) => {
                    let status = SessionStatus::parse(&raw).with_context(|| {
                        format!("status `{raw}` is not one of starting, ready, closed, crashed")
                    })?;
                    store.list_sessions_in(status, limit)?
                }
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&sessions)?);
            } else {
                print_sessions(&sessions);
            }
        }
        _ => anyhow::bail!("this command talks to a server: give --server URL (or VMJS_SERVER)"),
    }
    Ok(exit::OK)
}

/// One line per session: number, id, status, template, root (`session list`, local or from a server).
pub fn print_sessions(sessions: &[vmjs_core::model::SessionRecord]) {
    for s in sessions {
        println!(
            "{:>4}  {}  {:<8} {:<12} {}",
            s.number,
            s.id,
            s.status.as_str(),
            s.template,
            s.root
        );
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}
