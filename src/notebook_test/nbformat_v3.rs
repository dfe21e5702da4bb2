//! nbformat 3 → 4, on read (as Jupyter's `nbformat.v4.convert.upgrade` does): the cells of the first
//! worksheet, `input` → `source`, `prompt_number` → `execution_count`, heading cells → Markdown, and outputs
//! (`pyout` → `execute_result`, `pyerr` → `error`, `stream.stream` → `name`, short MIME keys → MIME types).
//! A notebook written back (`vmjs test --update`) is nbformat 4.

use serde_json::{Map, Value, json};

/// Short output keys of nbformat 3 and their MIME types.
const MIME_KEYS: [(&str, &str); 9] = [
    ("text", "text/plain"),
    ("html", "text/html"),
    ("svg", "image/svg+xml"),
    ("png", "image/png"),
    ("jpeg", "image/jpeg"),
    ("latex", "text/latex"),
    ("json", "application/json"),
    ("javascript", "application/javascript"),
    ("markdown", "text/markdown"),
];

/// The nbformat 4 form of an nbformat 3 notebook; `Err` says what is not an nbformat 3 notebook.
pub fn upgrade(v3: Value) -> Result<Value, String> {
    let Value::Object(mut notebook) = v3 else {
        return Err("the notebook is not a JSON object".to_owned());
    };
    let worksheets = match notebook.remove("worksheets") {
        Some(Value::Array(worksheets)) => worksheets,
        None => Vec::new(),
        Some(_) => return Err("`worksheets` is not a list".to_owned()),
    };
    let mut cells = Vec::new();
    // nbformat's upgrade keeps the first worksheet's cells (Jupyter never wrote more than one).
    if let Some(Value::Object(mut first)) = worksheets.into_iter().next() {
        match first.remove("cells") {
            Some(Value::Array(old)) => {
                for (index, cell) in old.into_iter().enumerate() {
                    cells.push(upgrade_cell(cell).map_err(|e| format!("cell {index}: {e}"))?);
                }
            }
            None => {}
            Some(_) => return Err("the worksheet's `cells` is not a list".to_owned()),
        }
    }
    let mut metadata = match notebook.remove("metadata") {
        Some(Value::Object(metadata)) => metadata,
        _ => Map::new(),
    };
    // v3 kept the notebook's name in its metadata; v4 has none.
    metadata.remove("name");
    metadata.remove("signature");
    Ok(json!({
        "nbformat": 4,
        "nbformat_minor": 0,
        "metadata": metadata,
        "cells": cells,
    }))
}

fn upgrade_cell(cell: Value) -> Result<Value, String> {
    let Value::Object(mut cell) = cell else {
        return Err("not a JSON object".to_owned());
    };
    let kind = cell
        .get("cell_type")
        .and_then(Value::as_str)
        .ok_or("no `cell_type`")?
        .to_owned();
    let metadata = cell.remove("metadata").unwrap_or_else(|| json!({}));
    Ok(match kind.as_str() {
        "code" => {
            let outputs = match cell.remove("outputs") {
                Some(Value::Array(outputs)) => outputs.into_iter().map(upgrade_output).collect(),
                _ => Vec::new(),
            };
            json!({
                "cell_type": "code",
                "metadata": metadata,
                "source": cell.remove("input").unwrap_or_else(|| json!("")),
                "execution_count": cell.remove("prompt_number").unwrap_or(Value::Null),
                "outputs": outputs,
            })
        }
        "heading" => {
            let level = cell
                .get("level")
                .and_then(Value::as_u64)
                .unwrap_or(1)
                .clamp(1, 6);
            let text = text_of(cell.get("source"));
            json!({
                "cell_type": "markdown",
                "metadata": metadata,
                "source": format!("{} {}", "#".repeat(level as usize), text.trim_start()),
            })
        }
        other => json!({
            "cell_type": other,
            "metadata": metadata,
            "source": cell.remove("source").unwrap_or_else(|| json!("")),
        }),
    })
}

fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(lines)) => lines.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

/// The MIME bundle of a v3 output: every short key under its MIME type (JSON parsed from its text).
fn bundle(output: &mut Map<String, Value>) -> Map<String, Value> {
    let mut data = Map::new();
    for (key, mime) in MIME_KEYS {
        if let Some(value) = output.remove(key) {
            let value = if mime == "application/json" {
                serde_json::from_str(&text_of(Some(&value))).unwrap_or(value)
            } else {
                value
            };
            data.insert(mime.to_owned(), value);
        }
    }
    data
}

fn upgrade_output(output: Value) -> Value {
    let Value::Object(mut output) = output else {
        return output;
    };
    let kind = output
        .get("output_type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let metadata = output.remove("metadata").unwrap_or_else(|| json!({}));
    match kind.as_str() {
        "pyout" | "execute_result" => json!({
            "output_type": "execute_result",
            "execution_count": output.remove("prompt_number").unwrap_or(Value::Null),
            "data": bundle(&mut output),
            "metadata": metadata,
        }),
        "display_data" => json!({
            "output_type": "display_data",
            "data": bundle(&mut output),
            "metadata": metadata,
        }),
        "stream" => json!({
            "output_type": "stream",
            "name": output.remove("stream").unwrap_or_else(|| json!("stdout")),
            "text": output.remove("text").unwrap_or_else(|| json!("")),
        }),
        "pyerr" | "error" => json!({
            "output_type": "error",
            "ename": output.remove("ename").unwrap_or_else(|| json!("")),
            "evalue": output.remove("evalue").unwrap_or_else(|| json!("")),
            "traceback": output.remove("traceback").unwrap_or_else(|| json!([])),
        }),
        _ => Value::Object(output),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_v3_notebook_reads_as_nbformat_4() {
        let v3 = json!({
            "nbformat": 3, "nbformat_minor": 0,
            "metadata": {"name": "old", "language": "javascript"},
            "worksheets": [{"cells": [
                {"cell_type": "heading", "level": 2, "metadata": {}, "source": ["Title"]},
                {"cell_type": "code", "language": "javascript", "collapsed": false, "metadata": {},
                 "input": ["console.log('hi');\n", "1 + 1"], "prompt_number": 3,
                 "outputs": [
                    {"output_type": "stream", "stream": "stdout", "text": ["hi\n"]},
                    {"output_type": "pyout", "prompt_number": 3, "metadata": {}, "text": ["2"]},
                    {"output_type": "display_data", "metadata": {}, "html": ["<b>x</b>"], "text": ["x"],
                     "json": "{\"a\": 1}"},
                    {"output_type": "pyerr", "ename": "Error", "evalue": "e", "traceback": ["Error: e"]}
                 ]},
                {"cell_type": "markdown", "metadata": {}, "source": "text"}
            ]}]
        });
        let v4 = upgrade(v3).unwrap();
        assert_eq!(
            v4,
            json!({
                "nbformat": 4, "nbformat_minor": 0,
                "metadata": {"language": "javascript"},
                "cells": [
                    {"cell_type": "markdown", "metadata": {}, "source": "## Title"},
                    {"cell_type": "code", "metadata": {}, "source": ["console.log('hi');\n", "1 + 1"],
                     "execution_count": 3, "outputs": [
                        {"output_type": "stream", "name": "stdout", "text": ["hi\n"]},
                        {"output_type": "execute_result", "execution_count": 3, "data": {"text/plain": ["2"]},
                         "metadata": {}},
                        {"output_type": "display_data", "metadata": {},
                         "data": {"text/html": ["<b>x</b>"], "text/plain": ["x"], "application/json": {"a": 1}}},
                        {"output_type": "error", "ename": "Error", "evalue": "e", "traceback": ["Error: e"]}
                     ]},
                    {"cell_type": "markdown", "metadata": {}, "source": "text"}
                ]
            })
        );
    }

    #[test]
    fn what_is_not_a_v3_notebook_is_refused() {
        assert!(upgrade(json!([])).is_err());
        assert!(upgrade(json!({"worksheets": 1})).is_err());
        assert!(upgrade(json!({"worksheets": [{"cells": [{"input": "1"}]}]})).is_err());
        assert_eq!(
            upgrade(json!({"nbformat": 3}))
                .unwrap()
                .get("cells")
                .and_then(Value::as_array)
                .map(Vec::len),
            Some(0)
        );
    }
}
