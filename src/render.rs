//! Terminal rendering of execution events: console lines to stdout/stderr as they stream, errors like Node
//! (message, stack, the source line with a caret).

use std::io::Write;

use vmjs_core::model::{EventBody, ExceptionPayload, ExecutionRecord};

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

/// Prints an error like Node: the source line with a caret (when the position is known), then the stack.
pub fn print_error(error: &ExceptionPayload, source: &str) {
    let mut err = std::io::stderr().lock();
    if let (Some(line), Some(column)) = (error.line, error.column)
        && let Some(text) = source.lines().nth(line.saturating_sub(1) as usize)
    {
        let file = error.file.as_deref().unwrap_or("");
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
