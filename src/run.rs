//! `vmjs run FILE`: a fresh session rooted at `--root` (default: the current directory), the file run through
//! the pipeline, output streamed live, Node-like error report, exit code by outcome.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;
use vmjs_core::host::{ExecuteRequest, StartOptions};
use vmjs_core::model::{ExecutionKind, ExecutionRecord, ExecutionStatus};

use crate::follow::{Printing, follow, install_ctrl_c};
use crate::{exit, open_store, render, sessions};

#[derive(Args)]
pub struct RunArgs {
    /// The file to run, relative to the root (or an absolute path inside it).
    pub file: PathBuf,
    /// Session root (default: the current directory).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Template (profile) to use.
    #[arg(long, default_value = vmjs_core::model::DEFAULT_TEMPLATE)]
    pub template: String,
    /// Wall-clock limit in milliseconds (overrides the template).
    #[arg(long)]
    pub timeout: Option<u64>,
    /// Print one JSON object with the execution and its events instead of streaming.
    #[arg(long)]
    pub json: bool,
    /// Arguments visible to the script as `vmjs.args`.
    #[arg(last = true)]
    pub args: Vec<String>,
}

pub fn run(db: &Path, args: RunArgs) -> anyhow::Result<u8> {
    let root = match &args.root {
        Some(root) => root.clone(),
        None => std::env::current_dir().context("current directory")?,
    };
    let root = root
        .canonicalize()
        .with_context(|| format!("session root {}", root.display()))?;
    let relative = relative_to_root(&root, &args.file)?;
    let options = StartOptions {
        args: args.args.clone(),
        ..StartOptions::default()
    };
    let session = sessions(db)?
        .start(&args.template, root.clone(), options)
        .wait()?;
    let mut request = ExecuteRequest::run_file(&root, &relative);
    request.wall_ms = args.timeout;
    let source = request.source.clone();
    let interrupt = install_ctrl_c();
    let handle = session.execute(request);
    let printing = Printing {
        events: !args.json,
        values: false,
    };
    let record = follow(&session, handle, &interrupt, printing)?;
    let record = if args.json {
        let mut full = record.clone();
        let store = open_store(db)?;
        full.events = store.events(&record.id).unwrap_or_default();
        render::print_json(&full)?;
        full
    } else {
        if let Some(error) = &record.error {
            render::print_error(error, &record.source_name, &source, Some(&root));
        }
        record
    };
    session.close().wait();
    Ok(exit_code(&record))
}

/// The process exit code for an outcome.
pub fn exit_code(record: &ExecutionRecord) -> u8 {
    match record.status {
        ExecutionStatus::Ok => exit::OK,
        ExecutionStatus::Error => {
            // The file could not be read, or the root refused its path (the request then ran no code): the
            // command's input was wrong.
            let not_run = record.kind == ExecutionKind::RunFile && record.input.is_empty();
            if record
                .error
                .as_ref()
                .is_some_and(|e| e.name == "FileError" || (e.name == "PermissionDenied" && not_run))
            {
                exit::USAGE
            } else {
                exit::JS_ERROR
            }
        }
        ExecutionStatus::Timeout => exit::TIMEOUT,
        ExecutionStatus::Crashed => exit::CRASHED,
        ExecutionStatus::Cancelled => exit::INTERRUPTED,
        ExecutionStatus::Running => exit::CRASHED,
    }
}

/// `file` as a path relative to `root`; absolute paths must lie inside the root (checked again, with
/// symlinks, by the pipeline).
fn relative_to_root(root: &Path, file: &Path) -> anyhow::Result<String> {
    if file.is_absolute() {
        let canonical = file
            .canonicalize()
            .with_context(|| format!("{}", file.display()))?;
        let Ok(relative) = canonical.strip_prefix(root) else {
            anyhow::bail!(
                "{} is outside the session root {}: pass --root with a folder that holds it (the code may \
                 read the root's files when its template grants it), or run it from there",
                file.display(),
                root.display()
            );
        };
        return Ok(relative.display().to_string());
    }
    let cwd = std::env::current_dir()?.canonicalize()?;
    if cwd != root {
        let joined = cwd.join(file);
        if let Ok(canonical) = joined.canonicalize()
            && let Ok(relative) = canonical.strip_prefix(root)
        {
            return Ok(relative.display().to_string());
        }
    }
    Ok(file.display().to_string())
}
