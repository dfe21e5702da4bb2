//! Stack traces as text: the Node-like `    at f (file:line:column)` lines of a reported stack. The worker
//! parses boa's backtrace and formats the frames it keeps; the language server parses a reported stack to place
//! a runtime error in the document. Pure, so both layers may use it.

/// A stack frame parsed from boa's backtrace text (`    at f (<cell 1>:2:5)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The function's name (`<anonymous>` and the like as boa writes them).
    pub function: String,
    /// The file or cell name (`<cell 3>`, `lib/a.js`).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
}

impl Frame {
    /// A frame of vmjs's own JavaScript, which errors do not show: a file named `<vmjs:…>` (the display
    /// prelude) or a function so named (what a cell's rewrite adds).
    pub fn is_vmjs_own(&self) -> bool {
        self.file.starts_with("<vmjs:") || self.function.contains("<vmjs:")
    }
}

/// Parses the `    at name (file:line:col)` lines of boa's error display.
pub fn parse_frames(text: &str) -> Vec<Frame> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("at ")?;
            let open = rest.find(" (")?;
            let function = rest[..open].to_owned();
            let location = rest[open + 2..].strip_suffix(')')?;
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next()?;
            let line_no = parts.next()?;
            let file = parts.next()?.to_owned();
            Some(Frame {
                function,
                file,
                line: line_no.parse().ok(),
                column: column.parse().ok(),
            })
        })
        .collect()
}

/// Formats frames like V8/Node: `    at f (file:1:2)`, `?` for unknown positions.
pub fn format_frames(frames: &[Frame]) -> String {
    let mut out = String::new();
    for frame in frames {
        let line = frame.line.map_or("?".to_owned(), |l| l.to_string());
        let column = frame.column.map_or("?".to_owned(), |c| c.to_string());
        out.push_str(&format!(
            "\n    at {} ({}:{line}:{column})",
            frame.function, frame.file
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_odd_lines_are_skipped() {
        let frames = vec![
            Frame {
                function: "f".into(),
                file: "<cell 1>".into(),
                line: Some(2),
                column: Some(5),
            },
            Frame {
                function: "<main>".into(),
                file: "lib/a:b.js".into(),
                line: Some(10),
                column: Some(1),
            },
        ];
        let text = format!(
            "Error: boom{}\n  not a frame\n    at g (nowhere)",
            format_frames(&frames)
        );
        assert_eq!(parse_frames(&text), frames);
    }
}
