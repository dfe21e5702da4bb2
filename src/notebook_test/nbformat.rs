//! nbformat 4 notebooks (nbformat 3 ones are upgraded on read: `nbformat_v3`): read with serde (fields vmjs does not know are kept as they are) and written the
//! way Jupyter writes them (keys sorted, 1-space indent, non-ASCII kept, multi-line strings as lists of
//! lines, trailing newline), so an unchanged notebook round-trips byte for byte.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Why a notebook could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum NotebookError {
    #[error("cannot read {path}: {message}")]
    Read { path: String, message: String },
    #[error("{path} is not a valid notebook: {message}")]
    Malformed { path: String, message: String },
    #[error("{path}: nbformat {major} is not supported (vmjs test reads nbformat 3 and 4)")]
    Version { path: String, major: u64 },
    #[error("cannot write {path}: {message}")]
    Write { path: String, message: String },
}

/// A notebook (nbformat 4).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Notebook {
    pub nbformat: u64,
    pub nbformat_minor: u64,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    pub cells: Vec<Cell>,
    /// Fields this version does not know, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One cell. `execution_count` (code cells, `null` when never run) stays in `extra`, so `null` survives.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cell {
    pub cell_type: String,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    pub source: MultilineString,
    /// Saved outputs (code cells only), in nbformat's JSON shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outputs: Option<Vec<Value>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A string stored either whole or as a list of lines (nbformat allows both).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MultilineString {
    Whole(String),
    Lines(Vec<String>),
}

impl MultilineString {
    /// The text.
    pub fn text(&self) -> String {
        match self {
            Self::Whole(text) => text.clone(),
            Self::Lines(lines) => lines.concat(),
        }
    }
}

impl Cell {
    /// Whether this is a code cell.
    pub fn is_code(&self) -> bool {
        self.cell_type == "code"
    }

    /// The cell's tags (`metadata.tags`).
    pub fn tags(&self) -> Vec<&str> {
        self.metadata
            .get("tags")
            .and_then(Value::as_array)
            .map(|tags| tags.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// Whether the cell carries one of these tags.
    pub fn has_tag(&self, names: &[&str]) -> bool {
        self.tags().iter().any(|tag| names.contains(tag))
    }

    /// The first non-empty line of the source (for reports).
    pub fn first_line(&self) -> String {
        let source = self.source.text();
        source
            .lines()
            .find(|line| !line.trim().is_empty())
            .unwrap_or("")
            .trim_end()
            .to_owned()
    }
}

/// Reads and validates a notebook.
pub fn read(path: &Path) -> Result<Notebook, NotebookError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| NotebookError::Read {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    parse(&bytes, &shown)
}

/// Parses notebook JSON (`shown` names it in errors).
pub fn parse(bytes: &[u8], shown: &str) -> Result<Notebook, NotebookError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| NotebookError::Malformed {
        path: shown.to_owned(),
        message: e.to_string(),
    })?;
    let value = match value.get("nbformat").and_then(Value::as_u64) {
        None | Some(4) => value,
        // Upgraded on read, as nbformat does (written back as nbformat 4).
        Some(3) => {
            super::nbformat_v3::upgrade(value).map_err(|message| NotebookError::Malformed {
                path: shown.to_owned(),
                message: format!("nbformat 3: {message}"),
            })?
        }
        Some(major) => {
            return Err(NotebookError::Version {
                path: shown.to_owned(),
                major,
            });
        }
    };
    let notebook: Notebook =
        serde_json::from_value(value).map_err(|e| NotebookError::Malformed {
            path: shown.to_owned(),
            message: e.to_string(),
        })?;
    for (index, cell) in notebook.cells.iter().enumerate() {
        if let Some(outputs) = &cell.outputs
            && let Some(bad) = outputs
                .iter()
                .find(|o| o.get("output_type").and_then(Value::as_str).is_none())
        {
            return Err(NotebookError::Malformed {
                path: shown.to_owned(),
                message: format!("cell {index}: an output without `output_type`: {bad}"),
            });
        }
    }
    Ok(notebook)
}

/// The notebook as Jupyter writes it.
pub fn to_json(notebook: &Notebook) -> Result<String, serde_json::Error> {
    // Through `Value`: its maps are sorted, like Jupyter's `json.dumps(sort_keys=True)`.
    let value = serde_json::to_value(notebook)?;
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut serializer)?;
    let mut text = String::from_utf8_lossy(&out).into_owned();
    text.push('\n');
    Ok(text)
}

/// Writes the notebook (to a temporary file renamed over the original).
pub fn write(path: &Path, notebook: &Notebook) -> Result<(), NotebookError> {
    let error = |message: String| NotebookError::Write {
        path: path.display().to_string(),
        message,
    };
    let text = to_json(notebook).map_err(|e| error(e.to_string()))?;
    let temporary = path.with_extension("ipynb.vmjs-tmp");
    std::fs::write(&temporary, text).map_err(|e| error(e.to_string()))?;
    std::fs::rename(&temporary, path).map_err(|e| error(e.to_string()))
}

/// Text split into lines that keep their `\n`, as nbformat stores multi-line strings.
pub fn split_lines(text: &str) -> Value {
    Value::Array(
        text.split_inclusive('\n')
            .map(|line| Value::String(line.to_owned()))
            .collect(),
    )
}

/// Whether a MIME type's value is JSON data rather than text (`application/json`, `…+json`).
pub fn is_json_mime(mime: &str) -> bool {
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// A string stored either whole or as a list of lines, joined (`None` for other JSON).
pub fn joined_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Array(lines) => lines
            .iter()
            .map(|line| line.as_str())
            .collect::<Option<Vec<_>>>()
            .map(|lines| lines.concat()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JUPYTER_WRITTEN: &str = r##"{
 "cells": [
  {
   "cell_type": "markdown",
   "id": "a1",
   "metadata": {},
   "source": [
    "# Title — ünïcode\n",
    "text"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "b2",
   "metadata": {
    "tags": [
     "skip"
    ]
   },
   "outputs": [],
   "source": []
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "id": "c3",
   "metadata": {},
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "a\n",
      "b\n"
     ]
    },
    {
     "data": {
      "application/json": {
       "a": [
        1,
        2.5
       ]
      },
      "text/plain": [
       "{ a: [ 1, 2.5 ] }"
      ]
     },
     "execution_count": 1,
     "metadata": {},
     "output_type": "execute_result"
    }
   ],
   "source": [
    "console.log('a\\nb'); ({a: [1, 2.5]})"
   ]
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "JavaScript (vmjs)",
   "language": "javascript",
   "name": "vmjs"
  },
  "zzz_unknown": {
   "kept": true
  }
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
"##;

    #[test]
    fn a_notebook_jupyter_wrote_round_trips_byte_for_byte() {
        let notebook = parse(JUPYTER_WRITTEN.as_bytes(), "t.ipynb").unwrap();
        assert_eq!(notebook.cells.len(), 3);
        assert!(notebook.cells[1].has_tag(&["skip"]));
        assert_eq!(
            notebook.cells[2].first_line(),
            "console.log('a\\nb'); ({a: [1, 2.5]})"
        );
        assert_eq!(to_json(&notebook).unwrap(), JUPYTER_WRITTEN);
    }

    #[test]
    fn malformed_notebooks_are_errors_not_panics() {
        for bad in [
            "",
            "{",
            "[]",
            r#"{"nbformat": 4}"#,
            r#"{"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "code"}]}"#,
            r#"{"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "code", "source": "", "outputs": [{}]}]}"#,
        ] {
            assert!(
                matches!(
                    parse(bad.as_bytes(), "x"),
                    Err(NotebookError::Malformed { .. })
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            parse(br#"{"nbformat": 5, "nbformat_minor": 0, "cells": []}"#, "x"),
            Err(NotebookError::Version { major: 5, .. })
        ));
        // nbformat 3 is upgraded; one that is not what nbformat 3 says is malformed.
        assert!(
            parse(
                br#"{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}"#,
                "x"
            )
            .is_ok_and(|notebook| notebook.nbformat == 4 && notebook.cells.is_empty())
        );
        assert!(matches!(
            parse(br#"{"nbformat": 3, "worksheets": 7}"#, "x"),
            Err(NotebookError::Malformed { .. })
        ));
    }

    #[test]
    fn lines_keep_their_newlines() {
        assert_eq!(split_lines("a\nb\n"), serde_json::json!(["a\n", "b\n"]));
        assert_eq!(split_lines("a\nb"), serde_json::json!(["a\n", "b"]));
        assert_eq!(
            joined_text(&serde_json::json!(["a\n", "b"])),
            Some("a\nb".into())
        );
    }
}
