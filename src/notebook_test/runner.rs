//! Running one notebook: a fresh session of its template rooted at the notebook's folder, its code
//! cells as REPL executions (outputs built by the kernel crate's `OutputBuilder`, the kernel's own code
//! path), then each cell's verdict and, with `--update`, the new outputs written back.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use vmjs_core::host::{ExecuteRequest, ExecutionUpdate, Sessions, StartOptions};
use vmjs_core::model::ExecutionStatus;
use vmjs_kernel::outputs::{OutputBuilder, record_error};

use super::compare::{Sanitizer, canonical, diff, notebook_sanitizers};
use super::nbformat::{self, Notebook};
use super::outputs::NotebookOutputs;
use super::template;

/// Settings shared by every notebook of a run.
pub struct RunConfig {
    /// Where every notebook's session starts (its store and workers).
    pub sessions: Sessions,
    /// Force the template's `deterministic` option to this.
    pub deterministic: bool,
    /// Rewrite saved outputs instead of failing on differences.
    pub update: bool,
    /// `--sanitize FILE` replacements (each notebook adds its own).
    pub sanitizers: Vec<Sanitizer>,
    /// Wall-clock limit per cell (overrides the template's).
    pub timeout_ms: Option<u64>,
    /// Colour the diffs.
    pub colour: bool,
}

/// What happened to one code cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Outputs match (or are not checked: no saved outputs, `nbval-ignore-output`).
    Passed,
    /// Outputs rewritten by `--update`.
    Updated,
    /// Tagged `nbval-skip` / `skip`.
    Skipped,
    /// Why it failed (a diff or the unexpected error).
    Failed(String),
}

/// One code cell's result.
#[derive(Debug, Clone)]
pub struct CellReport {
    /// Index among all cells of the notebook (0-based, like nbval).
    pub index: usize,
    /// The cell's first non-empty line.
    pub first_line: String,
    pub verdict: Verdict,
    /// Time the cell ran.
    pub elapsed: Duration,
}

/// One notebook's result.
#[derive(Debug)]
pub struct NotebookReport {
    pub path: PathBuf,
    /// The template the notebook ran with (once chosen).
    pub template: Option<String>,
    /// Code cells in notebook order.
    pub cells: Vec<CellReport>,
    /// The notebook could not be run at all (unreadable, bad metadata, session failure): exit code 2.
    pub error: Option<String>,
    /// The notebook failed as a whole (cells hit a limit; the others still ran).
    pub failure: Option<String>,
    /// `--update` rewrote the file.
    pub written: bool,
    /// Wall time of the whole notebook.
    pub elapsed: Duration,
}

impl NotebookReport {
    /// Whether everything passed.
    pub fn passed(&self) -> bool {
        self.error.is_none()
            && self.failure.is_none()
            && !self
                .cells
                .iter()
                .any(|c| matches!(c.verdict, Verdict::Failed(_)))
    }
}

/// Runs one notebook.
pub fn run(path: &Path, config: &RunConfig) -> NotebookReport {
    let started = Instant::now();
    let mut report = NotebookReport {
        path: path.to_owned(),
        template: None,
        cells: Vec::new(),
        error: None,
        failure: None,
        written: false,
        elapsed: Duration::ZERO,
    };
    if let Err(error) = run_into(path, config, &mut report) {
        report.error = Some(error);
    }
    report.elapsed = started.elapsed();
    report
}

/// The outcome of one executed cell.
struct Executed {
    index: usize,
    count: u64,
    raised: Option<String>,
    elapsed: Duration,
}

fn run_into(path: &Path, config: &RunConfig, report: &mut NotebookReport) -> Result<(), String> {
    let mut notebook = nbformat::read(path).map_err(|e| e.to_string())?;
    let mut sanitizers = config.sanitizers.clone();
    sanitizers.extend(
        notebook_sanitizers(&notebook.metadata).map_err(|e| format!("{}: {e}", path.display()))?,
    );
    let template_name = template::choose(&notebook.metadata);
    report.template = Some(template_name.clone());
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let root = folder
        .canonicalize()
        .map_err(|e| format!("{}: {e}", folder.display()))?;
    let options = StartOptions {
        deterministic: Some(config.deterministic),
        ..StartOptions::default()
    };
    let session = config
        .sessions
        .start(&template_name, root, options)
        .wait()
        .map_err(|e| format!("{}: starting a session: {e}", path.display()))?;
    let mut outputs = NotebookOutputs::default();
    let mut executed = Vec::new();
    let mut count = 0;
    for (index, cell) in notebook.cells.iter().enumerate() {
        if !cell.is_code() {
            continue;
        }
        if cell.has_tag(&["nbval-skip", "skip"]) {
            report.cells.push(CellReport {
                index,
                first_line: cell.first_line(),
                verdict: Verdict::Skipped,
                elapsed: Duration::ZERO,
            });
            continue;
        }
        count += 1;
        let started = Instant::now();
        let mut request = ExecuteRequest::repl(cell.source.text());
        request.source_name = Some(format!("<cell {count}>"));
        request.wall_ms = config.timeout_ms;
        let mut builder = OutputBuilder::new();
        let record = session
            .execute(request)
            .wait_blocking(|update| match update {
                ExecutionUpdate::Event(event) => {
                    for output in builder.push(event.body.clone()) {
                        outputs.apply(index, count, output);
                    }
                }
                ExecutionUpdate::InputRequest { .. } => session.reply_input(None),
                ExecutionUpdate::Finished(_) => {}
            });
        for output in builder.finish(&record) {
            outputs.apply(index, count, output);
        }
        let raised = (record.status != ExecutionStatus::Ok).then(|| {
            let error = record_error(&record);
            format!("{}: {}", error.name, error.message)
        });
        let limit = matches!(
            record.status,
            ExecutionStatus::Timeout | ExecutionStatus::Crashed | ExecutionStatus::Cancelled
        );
        // As nbclient does with interrupt-on-timeout: the notebook fails, and the next cells run on the
        // session as the limit left it (interrupted, or restored by replay after a crash).
        if limit && !cell.has_tag(&["raises-exception"]) {
            let note = format!(
                "cell {index} ({}) hit a limit: {}",
                cell.first_line(),
                raised.clone().unwrap_or_default()
            );
            report.failure = Some(match report.failure.take() {
                Some(earlier) => format!("{earlier}; {note}"),
                None => note,
            });
        }
        executed.push(Executed {
            index,
            count,
            raised,
            elapsed: started.elapsed(),
        });
    }
    session.close().wait();
    let mut changed = false;
    for cell in executed {
        let verdict = verdict(
            &mut notebook,
            &cell,
            &outputs,
            config,
            &sanitizers,
            &mut changed,
        );
        report.cells.push(CellReport {
            index: cell.index,
            first_line: notebook.cells[cell.index].first_line(),
            verdict,
            elapsed: cell.elapsed,
        });
    }
    report.cells.sort_by_key(|c| c.index);
    if config.update && changed {
        nbformat::write(path, &notebook).map_err(|e| e.to_string())?;
        report.written = true;
    }
    Ok(())
}

/// Compares (or, with `--update`, rewrites) one executed cell's outputs.
fn verdict(
    notebook: &mut Notebook,
    executed: &Executed,
    outputs: &NotebookOutputs,
    config: &RunConfig,
    sanitizers: &[Sanitizer],
    changed: &mut bool,
) -> Verdict {
    let cell = &mut notebook.cells[executed.index];
    let new: Vec<Value> = outputs
        .of(executed.index)
        .iter()
        .map(|o| o.to_nbformat())
        .collect();
    let saved = cell.outputs.clone().unwrap_or_default();
    let unexpected_error = executed
        .raised
        .as_ref()
        .filter(|_| !cell.has_tag(&["raises-exception"]))
        .map(|error| format!("the cell raised {error} (tag it `raises-exception` if expected)"));
    let ignore_output = cell.has_tag(&["nbval-ignore-output"]);
    let (expected, actual) = (canonical(&saved, sanitizers), canonical(&new, sanitizers));
    if config.update {
        let mut rewritten = false;
        if !ignore_output && expected != actual {
            cell.outputs = Some(new);
            rewritten = true;
        }
        let count = Value::from(executed.count);
        if cell.extra.get("execution_count") != Some(&count) {
            cell.extra.insert("execution_count".into(), count);
            *changed = true;
        }
        *changed |= rewritten;
        return match unexpected_error {
            Some(error) => Verdict::Failed(error),
            None if rewritten => Verdict::Updated,
            None => Verdict::Passed,
        };
    }
    if let Some(error) = unexpected_error {
        return Verdict::Failed(error);
    }
    if ignore_output || saved.is_empty() || expected == actual {
        return Verdict::Passed;
    }
    Verdict::Failed(diff(&expected, &actual, config.colour))
}
