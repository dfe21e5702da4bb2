//! A notebook's outputs as a Jupyter client records them: the kernel crate's [`Output`]s (the same ones
//! the kernel publishes) applied like nbclient does — `clear_output` (now or before the next output),
//! `update_display_data` rewriting earlier displays with that id (in any cell), adjacent streams of the
//! same name merged — and written in nbformat's JSON shape.

use std::collections::HashMap;

use serde_json::{Map, Value, json};
use vmjs_kernel::outputs::Output;

use super::nbformat::split_lines;

/// One recorded output, before it is written as nbformat JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    Stream {
        name: String,
        text: String,
    },
    ExecuteResult {
        data: Map<String, Value>,
        execution_count: u64,
    },
    DisplayData {
        data: Map<String, Value>,
        metadata: Map<String, Value>,
    },
    Error {
        ename: String,
        evalue: String,
        traceback: Vec<String>,
    },
}

/// The outputs of every cell of one notebook run.
#[derive(Debug, Default)]
pub struct NotebookOutputs {
    /// Outputs per cell index.
    cells: HashMap<usize, Vec<Recorded>>,
    /// Where each display id was shown: (cell, output index).
    displays: HashMap<String, Vec<(usize, usize)>>,
    /// `clear_output(wait=true)` seen: clear before the next output of that cell.
    clear_pending: Option<usize>,
}

impl NotebookOutputs {
    /// Applies one output of cell `cell` (run as `execution_count`).
    pub fn apply(&mut self, cell: usize, execution_count: u64, output: Output) {
        match output {
            Output::ClearOutput { wait: true } => self.clear_pending = Some(cell),
            Output::ClearOutput { wait: false } => self.clear(cell),
            Output::UpdateDisplayData {
                data,
                metadata,
                display_id,
            } => {
                for &(at_cell, at) in self.displays.get(&display_id).into_iter().flatten() {
                    if let Some(Recorded::DisplayData {
                        data: old_data,
                        metadata: old_metadata,
                    }) = self.cells.get_mut(&at_cell).and_then(|o| o.get_mut(at))
                    {
                        *old_data = data.clone();
                        *old_metadata = metadata.clone();
                    }
                }
            }
            Output::Message { .. } => {}
            Output::Stream { name, text } => self.push(
                cell,
                Recorded::Stream {
                    name: name.to_owned(),
                    text,
                },
                None,
            ),
            Output::ExecuteResult { data } => self.push(
                cell,
                Recorded::ExecuteResult {
                    data,
                    execution_count,
                },
                None,
            ),
            Output::DisplayData {
                data,
                metadata,
                display_id,
            } => self.push(cell, Recorded::DisplayData { data, metadata }, display_id),
            Output::Error {
                ename,
                evalue,
                traceback,
            } => self.push(
                cell,
                Recorded::Error {
                    ename,
                    evalue,
                    traceback,
                },
                None,
            ),
        }
    }

    /// The recorded outputs of a cell (streams merged).
    pub fn of(&self, cell: usize) -> Vec<Recorded> {
        self.cells.get(&cell).cloned().unwrap_or_default()
    }

    fn push(&mut self, cell: usize, output: Recorded, display_id: Option<String>) {
        if self.clear_pending.take_if(|c| *c == cell).is_some() {
            self.clear(cell);
        }
        let outputs = self.cells.entry(cell).or_default();
        if let (
            Recorded::Stream { name, text },
            Some(Recorded::Stream {
                name: last_name,
                text: last_text,
            }),
        ) = (&output, outputs.last_mut())
            && name == last_name
        {
            last_text.push_str(text);
            return;
        }
        outputs.push(output);
        if let Some(id) = display_id {
            self.displays
                .entry(id)
                .or_default()
                .push((cell, outputs.len() - 1));
        }
    }

    fn clear(&mut self, cell: usize) {
        self.cells.remove(&cell);
        for places in self.displays.values_mut() {
            places.retain(|(at_cell, _)| *at_cell != cell);
        }
    }
}

impl Recorded {
    /// The output as nbformat JSON (text as lists of lines, like Jupyter saves it).
    pub fn to_nbformat(&self) -> Value {
        match self {
            Self::Stream { name, text } => {
                json!({ "name": name, "output_type": "stream", "text": split_lines(text) })
            }
            Self::ExecuteResult {
                data,
                execution_count,
            } => json!({
                "data": mime_bundle(data),
                "execution_count": execution_count,
                "metadata": {},
                "output_type": "execute_result",
            }),
            Self::DisplayData { data, metadata } => json!({
                "data": mime_bundle(data),
                "metadata": metadata,
                "output_type": "display_data",
            }),
            Self::Error {
                ename,
                evalue,
                traceback,
            } => json!({
                "ename": ename,
                "evalue": evalue,
                "output_type": "error",
                "traceback": traceback,
            }),
        }
    }
}

/// A MIME bundle with text values split into lines like nbformat does (`text/*`, SVG and JavaScript;
/// base64 images and JSON stay whole).
fn mime_bundle(data: &Map<String, Value>) -> Value {
    Value::Object(
        data.iter()
            .map(|(mime, value)| {
                let split = mime.starts_with("text/")
                    || mime == "image/svg+xml"
                    || mime == "application/javascript";
                let value = match value {
                    Value::String(text) if split => split_lines(text),
                    other => other.clone(),
                };
                (mime.clone(), value)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(name: &'static str, text: &str) -> Output {
        Output::Stream {
            name,
            text: text.into(),
        }
    }

    fn bundle(text: &str) -> Map<String, Value> {
        let mut data = Map::new();
        data.insert("text/plain".into(), json!(text));
        data
    }

    #[test]
    fn adjacent_streams_merge_and_clear_output_waits_for_the_next_output() {
        let mut outputs = NotebookOutputs::default();
        outputs.apply(0, 1, stream("stdout", "a\n"));
        outputs.apply(0, 1, stream("stdout", "b\n"));
        outputs.apply(0, 1, stream("stderr", "c\n"));
        assert_eq!(outputs.of(0).len(), 2);
        outputs.apply(0, 1, Output::ClearOutput { wait: true });
        assert_eq!(outputs.of(0).len(), 2);
        outputs.apply(0, 1, stream("stdout", "d\n"));
        assert_eq!(
            outputs.of(0),
            vec![Recorded::Stream {
                name: "stdout".into(),
                text: "d\n".into()
            }]
        );
        assert_eq!(
            outputs.of(0)[0].to_nbformat(),
            json!({"name": "stdout", "output_type": "stream", "text": ["d\n"]})
        );
    }

    #[test]
    fn updates_rewrite_displays_of_earlier_cells() {
        let mut outputs = NotebookOutputs::default();
        outputs.apply(
            0,
            1,
            Output::DisplayData {
                data: bundle("0%"),
                metadata: Map::new(),
                display_id: Some("p".into()),
            },
        );
        outputs.apply(
            1,
            2,
            Output::UpdateDisplayData {
                data: bundle("100%"),
                metadata: Map::new(),
                display_id: "p".into(),
            },
        );
        assert_eq!(
            outputs.of(0),
            vec![Recorded::DisplayData {
                data: bundle("100%"),
                metadata: Map::new()
            }]
        );
        assert!(outputs.of(1).is_empty());
    }
}
