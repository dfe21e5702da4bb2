//! `vmjs test PATH…`: notebooks as regression tests. Each notebook runs in a fresh session, its new
//! outputs are compared with the saved ones (or written with `--update`); reports as progress lines,
//! coloured diffs, JUnit XML; exit code 0 all passed, 1 failures, 2 errors.

mod compare;
mod junit;
mod nbformat;
mod nbformat_v3;
mod outputs;
mod runner;
mod template;

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context as _;
use clap::Args;

use crate::exit;
use runner::{NotebookReport, RunConfig, Verdict};

/// `vmjs test` options.
#[derive(Args)]
pub struct TestArgs {
    /// Notebooks (`.ipynb`) or folders searched recursively for them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Rewrite the saved outputs with the new ones (snapshot workflow).
    #[arg(long)]
    pub update: bool,
    /// Run with the real clock and an unseeded `Math.random` (deterministic by default).
    #[arg(long)]
    pub no_deterministic: bool,
    /// Regex replacements applied to both sides (nbval's format: `regex: …` / `replace: …` pairs).
    #[arg(long, value_name = "FILE")]
    pub sanitize: Option<PathBuf>,
    /// Notebooks run in parallel.
    #[arg(long, short = 'j', default_value_t = 1)]
    pub jobs: usize,
    /// Write a JUnit XML report.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Wall-clock limit per cell in milliseconds (overrides the template).
    #[arg(long, value_name = "MS")]
    pub timeout: Option<u64>,
}

/// Runs the notebooks; returns the exit code (0 all passed, 1 failures, 2 errors).
pub fn run(db: &Path, args: TestArgs) -> anyhow::Result<u8> {
    let sanitizers = match &args.sanitize {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading {}", file.display()))?;
            compare::parse_sanitize_file(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?
        }
        None => Vec::new(),
    };
    let notebooks = collect(&args.paths)?;
    if notebooks.is_empty() {
        anyhow::bail!("no notebooks (.ipynb) found in the given paths");
    }
    // Open (and migrate) the store once before the notebooks' sessions share it.
    drop(crate::open_store(db)?);
    let config = RunConfig {
        sessions: crate::sessions(db)?,
        deterministic: !args.no_deterministic,
        update: args.update,
        sanitizers,
        timeout_ms: args.timeout,
        colour: compare::colour_stdout(),
    };
    let progress = Progress::new(notebooks.len());
    let queue = Mutex::new(notebooks.iter().enumerate());
    let reports: Mutex<Vec<(usize, NotebookReport)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..args.jobs.clamp(1, 64) {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.next());
                    let Some((order, path)) = next else { break };
                    let report = runner::run(path, &config);
                    progress.finished(&report, config.colour);
                    if let Ok(mut reports) = reports.lock() {
                        reports.push((order, report));
                    }
                }
            });
        }
    });
    progress.done();
    let mut reports = reports
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a test thread panicked"))?;
    reports.sort_by_key(|(order, _)| *order);
    let reports: Vec<NotebookReport> = reports.into_iter().map(|(_, r)| r).collect();
    summary(&reports);
    if let Some(file) = &args.junit {
        std::fs::write(file, junit::xml(&reports))
            .with_context(|| format!("writing {}", file.display()))?;
    }
    Ok(if reports.iter().any(|r| r.error.is_some()) {
        exit::USAGE
    } else if reports.iter().all(NotebookReport::passed) {
        exit::OK
    } else {
        exit::JS_ERROR
    })
}

/// The notebooks named or found (recursively, sorted, skipping `.ipynb_checkpoints`, hidden folders and
/// `node_modules` — installed packages are not the user's notebooks) in the paths.
fn collect(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut notebooks = Vec::new();
    for path in paths {
        let metadata =
            std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if metadata.is_dir() {
            walk(path, &mut notebooks).with_context(|| format!("reading {}", path.display()))?;
        } else {
            notebooks.push(path.clone());
        }
    }
    Ok(notebooks)
}

fn walk(dir: &Path, notebooks: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        let skipped = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.') || n == "node_modules");
        if skipped {
            continue;
        }
        if path.is_dir() {
            walk(&path, notebooks)?;
        } else if path.extension().is_some_and(|e| e == "ipynb") {
            notebooks.push(path);
        }
    }
    Ok(())
}

/// Progress: a counter on stderr when it is a terminal; one line per notebook on stdout, with the
/// diffs of its failed cells.
struct Progress {
    total: usize,
    done: Mutex<usize>,
    bar: bool,
}

impl Progress {
    fn new(total: usize) -> Self {
        Self {
            total,
            done: Mutex::new(0),
            bar: std::io::stderr().is_terminal(),
        }
    }

    fn finished(&self, report: &NotebookReport, colour: bool) {
        let Ok(mut done) = self.done.lock() else {
            return;
        };
        *done += 1;
        let mut out = std::io::stdout().lock();
        if self.bar {
            eprint!("\r\u{1b}[K");
        }
        let _ = out.write_all(describe(report, colour).as_bytes());
        let _ = out.flush();
        if self.bar {
            let filled = *done * 30 / self.total.max(1);
            eprint!(
                "[{}{}] {}/{}",
                "#".repeat(filled),
                " ".repeat(30 - filled),
                *done,
                self.total
            );
        }
    }

    fn done(&self) {
        if self.bar {
            eprint!("\r\u{1b}[K");
        }
    }
}

/// A notebook's line, then what went wrong.
fn describe(report: &NotebookReport, colour: bool) -> String {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_owned()
        }
    };
    let word = if report.error.is_some() {
        paint("1;31", "ERROR")
    } else if report.passed() {
        paint("32", "PASS ")
    } else {
        paint("1;31", "FAIL ")
    };
    let count =
        |wanted: fn(&Verdict) -> bool| report.cells.iter().filter(|c| wanted(&c.verdict)).count();
    let mut text = format!(
        "{word} {} ({}{} cells: {} passed, {} failed, {} skipped{}{}; {} ms)\n",
        report.path.display(),
        report
            .template
            .as_ref()
            .map_or_else(String::new, |t| format!("template {t}, ")),
        report.cells.len(),
        count(|v| matches!(v, Verdict::Passed | Verdict::Updated)),
        count(|v| matches!(v, Verdict::Failed(_))),
        count(|v| matches!(v, Verdict::Skipped)),
        match count(|v| *v == Verdict::Updated) {
            0 => String::new(),
            n => format!(", {n} updated"),
        },
        if report.written { ", written" } else { "" },
        report.elapsed.as_millis()
    );
    if let Some(error) = &report.error {
        text.push_str(&format!("  {error}\n"));
    }
    if let Some(failure) = &report.failure {
        text.push_str(&format!("  {failure}\n"));
    }
    for cell in &report.cells {
        if let Verdict::Failed(why) = &cell.verdict {
            text.push_str(&format!(
                "  {} cell {}: {}\n",
                report.path.display(),
                cell.index,
                cell.first_line
            ));
            for line in why.lines() {
                text.push_str(&format!("    {line}\n"));
            }
        }
    }
    text
}

fn summary(reports: &[NotebookReport]) {
    let passed = reports.iter().filter(|r| r.passed()).count();
    let errors = reports.iter().filter(|r| r.error.is_some()).count();
    println!(
        "{} notebooks: {passed} passed, {} failed, {errors} errors",
        reports.len(),
        reports.len() - passed - errors
    );
}
