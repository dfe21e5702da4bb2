//! Terminal rendering of execution events: console lines to stdout/stderr as they stream, errors like Node
//! (message, stack, the source line with a caret).

use std::io::Write;
use std::path::{Component, Path};

use vmjs_core::model::{EventBody, ExceptionPayload, ExecutionRecord};
use vmjs_core::paths::Root;

/// Prints one streamed event. `show_value` prints values (REPL), not for `run`.
pub fn print_event(body: &EventBody, show_value: bool) {
    match body {
        EventBody::Console { level, text } => {
            if level.is_stderr() {
                eprintln!("{text}");
            } else {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{text}");
            }
        }
        EventBody::Value(value) if show_value => println!("{}", value.preview),
        EventBody::Display { data, .. } => {
            if let Some(text) = data.get("text/plain").and_then(|v| v.as_str()) {
                println!("{text}");
            }
        }
        EventBody::System { text } => eprintln!("vmjs: {text}"),
        _ => {}
    }
}

/// Prints an error like Node: the line it was thrown at with a caret, then the stack. The line comes from the
/// file the error names ([`error_file_text`]: `source` when that is `running`, the executed source's name, else
/// a file of `root`), with no excerpt when its text is not known — so an error thrown in an imported module
/// shows that module's line, never the running file's line of that number.
pub fn print_error(error: &ExceptionPayload, running: &str, source: &str, root: Option<&Path>) {
    let mut err = std::io::stderr().lock();
    if let (Some(line), Some(column), Some(file)) = (error.line, error.column, &error.file)
        && let Some(source) = error_file_text(file, running, source, root)
        && let Some(text) = source.lines().nth(line.saturating_sub(1) as usize)
    {
        let _ = writeln!(err, "{file}:{line}");
        let _ = writeln!(err, "{text}");
        let caret: String = text
            .chars()
            .take(column.saturating_sub(1) as usize)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(err, "{caret}^\n");
    }
    let _ = writeln!(err, "{}", error.stack);
}

/// The text of `file` as an error names it: `source` when it is `running` (the name of what was executed);
/// else, given the session `root`, a file of the root by that plain relative name (an imported module), opened
/// beneath the root as the session's own reads are ([`Root::read_text`]: nothing absolute, nothing through
/// `..` or a link out of the root); else `None`.
fn error_file_text(file: &str, running: &str, source: &str, root: Option<&Path>) -> Option<String> {
    if file == running {
        return Some(source.to_owned());
    }
    let plain = Path::new(file)
        .components()
        .all(|part| matches!(part, Component::Normal(_)));
    if !plain {
        return None;
    }
    Root::open(root?).ok()?.read_text(file).ok()
}

/// Prints the record as the one JSON object of `--json`.
pub fn print_json(record: &ExecutionRecord) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(record)?);
    Ok(())
}

/// Answers `prompt()`: shows the prompt on stderr and reads one line from stdin (`None` at end of input).
pub fn read_line(prompt: &str) -> Option<String> {
    eprint!("{prompt}");
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim_end_matches(['\n', '\r']).to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::error_file_text;

    /// The name an error carries comes from the session's code: whatever it says, only files of the root
    /// are read — not absolute names, `..`, links out of the root (existing or dangling), odd spellings.
    #[test]
    fn only_files_of_the_root_are_read_for_an_excerpt() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("sub")).unwrap();
        std::fs::write(root.path().join("sub/lib.js"), "in the root").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            root.path().join("link.js"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("out")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("later.js"),
            root.path().join("dangling.js"),
        )
        .unwrap();
        let read = |file: &str| error_file_text(file, "main.js", "MAIN", Some(root.path()));
        assert_eq!(read("main.js").as_deref(), Some("MAIN"));
        assert_eq!(read("sub/lib.js").as_deref(), Some("in the root"));
        assert_eq!(read("./sub/lib.js"), None, "only plain relative names");
        let secret = outside.path().join("secret.txt");
        let escapes = [
            secret.to_str().unwrap().to_owned(),
            "../secret.txt".to_owned(),
            "sub/../../secret.txt".to_owned(),
            "link.js".to_owned(),
            "out/secret.txt".to_owned(),
            "dangling.js".to_owned(),
            "sub%2F..%2F..%2Fsecret.txt".to_owned(),
            "".to_owned(),
        ];
        // A dangling link's target appearing later is still outside.
        std::fs::write(outside.path().join("later.js"), "LATER").unwrap();
        for name in escapes {
            assert_eq!(read(&name), None, "{name:?}");
        }
        // Without a root (the daemon's client) only the running text is known.
        assert_eq!(error_file_text("sub/lib.js", "main.js", "MAIN", None), None);
    }
}
