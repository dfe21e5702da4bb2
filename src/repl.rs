//! `vmjs repl`: an interactive session with line editing, persistent line history, multi-line input while
//! the statement is incomplete, `.exit`, and Ctrl-C that interrupts running code without losing the session.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use anyhow::Context as _;
use clap::Args;
use rustyline::error::ReadlineError;
use vmjs_core::analysis::{Completeness, is_complete};
use vmjs_core::host::{ExecuteRequest, Session, StartOptions};

use crate::follow::{Printing, follow, install_ctrl_c};
use crate::{exit, render, sessions};

#[derive(Args)]
pub struct ReplArgs {
    /// Session root (default: the current directory).
    #[arg(long)]
    pub root: Option<PathBuf>,
    #[arg(long, default_value = vmjs_core::model::DEFAULT_TEMPLATE)]
    pub template: String,
}

pub fn run(db: &Path, args: ReplArgs) -> anyhow::Result<u8> {
    let root = match args.root {
        Some(root) => root,
        None => std::env::current_dir()?,
    };
    let session = sessions(db)?
        .start(&args.template, root.clone(), StartOptions::default())
        .wait()?;
    let mut editor = rustyline::DefaultEditor::new().context("terminal")?;
    let history_file = db.with_file_name("repl_history");
    let _ = editor.load_history(&history_file);
    eprintln!(
        "vmjs {} (boa 0.22) — .exit or Ctrl-D to quit",
        env!("CARGO_PKG_VERSION")
    );
    let interrupt = install_ctrl_c();
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() { "> " } else { "… " };
        match editor.readline(prompt) {
            Ok(line) => {
                if buffer.is_empty() && line.trim() == ".exit" {
                    break;
                }
                buffer.push_str(&line);
                buffer.push('\n');
                if let Completeness::Incomplete { .. } = is_complete(&buffer) {
                    continue;
                }
                let input = std::mem::take(&mut buffer);
                let _ = editor.add_history_entry(input.trim_end());
                interrupt.store(false, Ordering::SeqCst);
                evaluate(&session, &root, input.trim_end(), &interrupt);
            }
            Err(ReadlineError::Interrupted) => {
                buffer.clear();
            }
            Err(ReadlineError::Eof) => break,
            Err(error) => return Err(error.into()),
        }
    }
    let _ = editor.save_history(&history_file);
    session.close().wait();
    Ok(exit::OK)
}

fn evaluate(
    session: &Session,
    root: &Path,
    input: &str,
    interrupt: &std::sync::atomic::AtomicBool,
) {
    let handle = session.execute(ExecuteRequest::repl(input));
    let printing = Printing {
        events: true,
        values: true,
    };
    if let Ok(record) = follow(session, handle, interrupt, printing)
        && let Some(error) = &record.error
    {
        render::print_error(error, &record.source_name, input, Some(root));
    }
}
