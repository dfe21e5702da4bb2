//! Comparing a cell's new outputs with its saved ones, nbval-style: both sides (nbformat JSON) become one
//! canonical text — streams (adjacent ones of a name merged), `execute_result` `text/plain` and
//! `application/json`, display data per MIME type (images by content), errors by ename and evalue —
//! sanitised by the same regex replacements, then compared; a mismatch is shown as a unified diff.

use std::io::IsTerminal as _;

use regex::Regex;
use serde_json::Value;
use vmjs_core::tabular::{DATA_RESOURCE_MIME, Table};

use super::nbformat::{is_json_mime, joined_text};

/// One regex replacement applied to both sides before comparing.
#[derive(Debug, Clone)]
pub struct Sanitizer {
    pub regex: Regex,
    pub replace: String,
}

/// Reads sanitisers in nbval's file format: sections of `regex: …` and `replace: …` lines.
pub fn parse_sanitize_file(text: &str) -> Result<Vec<Sanitizer>, String> {
    let mut sanitizers = Vec::new();
    let mut pattern: Option<String> = None;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if let Some(rest) = line.strip_prefix("regex:") {
            pattern = Some(rest.trim().to_owned());
        } else if let Some(rest) = line.strip_prefix("replace:") {
            let regex = pattern
                .take()
                .ok_or_else(|| format!("line {}: `replace:` without `regex:`", number + 1))?;
            sanitizers.push(sanitizer(&regex, rest.trim())?);
        } else if !(line.trim().is_empty()
            || line.starts_with('[')
            || line.starts_with('#')
            || line.starts_with(';'))
        {
            return Err(format!(
                "line {}: expected `[section]`, `regex: …` or `replace: …`",
                number + 1
            ));
        }
    }
    if pattern.is_some() {
        return Err("a `regex:` without its `replace:`".into());
    }
    Ok(sanitizers)
}

/// Sanitisers from notebook metadata: `metadata.vmjs.sanitize = [{"regex": …, "replace": …}]`.
pub fn notebook_sanitizers(
    metadata: &serde_json::Map<String, Value>,
) -> Result<Vec<Sanitizer>, String> {
    let Some(list) = metadata.get("vmjs").and_then(|v| v.get("sanitize")) else {
        return Ok(Vec::new());
    };
    let list = list
        .as_array()
        .ok_or("metadata.vmjs.sanitize must be a list of {regex, replace}")?;
    list.iter()
        .map(|entry| {
            let regex = entry.get("regex").and_then(Value::as_str);
            let replace = entry.get("replace").and_then(Value::as_str).unwrap_or("");
            match regex {
                Some(regex) => sanitizer(regex, replace),
                None => Err(format!("metadata.vmjs.sanitize: no `regex` in {entry}")),
            }
        })
        .collect()
}

fn sanitizer(regex: &str, replace: &str) -> Result<Sanitizer, String> {
    Ok(Sanitizer {
        regex: Regex::new(regex).map_err(|e| format!("bad regex `{regex}`: {e}"))?,
        replace: replace.to_owned(),
    })
}

/// The canonical text of a cell's outputs (nbformat JSON), sanitised.
pub fn canonical(outputs: &[Value], sanitizers: &[Sanitizer]) -> String {
    let mut text = String::new();
    let mut last_stream: Option<String> = None;
    for output in outputs {
        let kind = output
            .get("output_type")
            .and_then(Value::as_str)
            .unwrap_or("");
        if kind == "stream" {
            let name = output
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("stdout");
            if last_stream.as_deref() != Some(name) {
                text.push_str(&format!("── {name} ──\n"));
            }
            last_stream = Some(name.to_owned());
            let body = output.get("text").and_then(joined_text).unwrap_or_default();
            text.push_str(&body);
            if !body.ends_with('\n') && !body.is_empty() {
                text.push_str("⏎\n");
            }
            continue;
        }
        last_stream = None;
        match kind {
            "execute_result" => {
                text.push_str("── result ──\n");
                bundle(&mut text, output.get("data"), Some(&["text/plain"]));
                if let Some(json) = output.get("data").and_then(result_json) {
                    text.push_str("application/json:\n");
                    text.push_str(&serde_json::to_string_pretty(&json).unwrap_or_default());
                    text.push('\n');
                }
            }
            "display_data" => {
                text.push_str("── display ──\n");
                bundle(&mut text, output.get("data"), None);
            }
            "error" => {
                let field = |name| output.get(name).and_then(Value::as_str).unwrap_or("");
                text.push_str(&format!(
                    "── error ──\n{}: {}\n",
                    field("ename"),
                    field("evalue")
                ));
            }
            other => text.push_str(&format!("── {other} ──\n")),
        }
    }
    sanitize(&text, sanitizers)
}

/// Applies the replacements in order.
pub fn sanitize(text: &str, sanitizers: &[Sanitizer]) -> String {
    let mut text = text.to_owned();
    for sanitizer in sanitizers {
        text = sanitizer
            .regex
            .replace_all(&text, sanitizer.replace.as_str())
            .into_owned();
    }
    text
}

/// The data of a result, compared beside its text: its `application/json`, or its table's data resource. A
/// table is compared as its records, whichever it came as (vmjs before tables sent records and columns as
/// `application/json`; now as a data resource), so notebooks recorded either way agree.
fn result_json(data: &Value) -> Option<Value> {
    let json = match data.get("application/json") {
        Some(json) => json,
        None => data.get(DATA_RESOURCE_MIME)?.get("data")?,
    };
    Some(match Table::of(json) {
        Some(table) => {
            let mut resource = table.data_resource();
            resource["data"].take()
        }
        None => json.clone(),
    })
}

/// The MIME type of a widget's view (its model lives in the kernel; the output names it by id).
const WIDGET_VIEW_MIME: &str = "application/vnd.jupyter.widget-view+json";

fn bundle(text: &mut String, data: Option<&Value>, only: Option<&[&str]>) {
    let Some(Value::Object(data)) = data else {
        return;
    };
    for (mime, value) in data {
        if only.is_some_and(|only| !only.contains(&mime.as_str())) {
            continue;
        }
        text.push_str(&format!("{mime}:\n"));
        let body = if mime == WIDGET_VIEW_MIME {
            // A widget's model id is random: the view is compared without it (its text/plain names the model).
            let mut view = value.clone();
            if let Some(id) = view.get_mut("model_id") {
                *id = Value::String("<model id>".into());
            }
            serde_json::to_string_pretty(&view).unwrap_or_default()
        } else if is_json_mime(mime) {
            serde_json::to_string_pretty(value).unwrap_or_default()
        } else if mime.starts_with("image/") && mime != "image/svg+xml" {
            let base64: String = joined_text(value)
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            format!(
                "<{} base64 characters, fnv {:016x}>",
                base64.len(),
                fnv(&base64)
            )
        } else {
            joined_text(value).unwrap_or_else(|| value.to_string())
        };
        text.push_str(&body);
        if !body.ends_with('\n') {
            text.push('\n');
        }
    }
}

/// FNV-1a: a fingerprint for comparing images by content and naming them in a diff.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A unified diff of expected → actual, coloured when `colour`.
pub fn diff(expected: &str, actual: &str, colour: bool) -> String {
    let diff = similar::TextDiff::from_lines(expected, actual);
    let mut unified = diff.unified_diff();
    let text = unified
        .context_radius(3)
        .header("expected", "actual")
        .to_string();
    if !colour {
        return text;
    }
    text.lines()
        .map(|line| {
            let code = if line.starts_with("+++") || line.starts_with("---") {
                "1"
            } else if line.starts_with('+') {
                "32"
            } else if line.starts_with('-') {
                "31"
            } else if line.starts_with("@@") {
                "36"
            } else {
                return format!("{line}\n");
            };
            format!("\u{1b}[{code}m{line}\u{1b}[0m\n")
        })
        .collect()
}

/// Whether diffs on stdout should be coloured (a terminal, and `NO_COLOR` unset).
pub fn colour_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn split_and_adjacent_streams_compare_equal_and_execution_counts_do_not_matter() {
        let saved = [
            json!({"output_type": "stream", "name": "stdout", "text": ["a\n"]}),
            json!({"output_type": "stream", "name": "stdout", "text": "b\n"}),
            json!({"output_type": "execute_result", "execution_count": 7, "metadata": {},
                   "data": {"text/plain": ["1"], "text/html": "<b>1</b>"}}),
        ];
        let new = [
            json!({"output_type": "stream", "name": "stdout", "text": "a\nb\n"}),
            json!({"output_type": "execute_result", "execution_count": 1, "metadata": {},
                   "data": {"text/plain": "1"}}),
        ];
        assert_eq!(canonical(&saved, &[]), canonical(&new, &[]));
    }

    #[test]
    fn tables_compare_as_records_whether_recorded_as_json_or_as_a_data_resource() {
        let result =
            |data: Value| json!({"output_type": "execute_result", "metadata": {}, "data": data});
        let old =
            result(json!({"text/plain": "t", "application/json": {"a": [1, 2], "b": [3, 4]}}));
        let new = result(json!({"text/plain": "t", "text/html": "<table/>",
            "application/vnd.dataresource+json": {"schema": {"fields": []}, "data": [{"a": 1, "b": 3}, {"a": 2, "b": 4}]}}));
        assert_eq!(
            canonical(&[old], &[]),
            canonical(std::slice::from_ref(&new), &[])
        );
        let changed = result(
            json!({"text/plain": "t", "application/json": [{"a": 1, "b": 3}, {"a": 2, "b": 5}]}),
        );
        assert_ne!(canonical(&[changed], &[]), canonical(&[new], &[]));
    }

    #[test]
    fn widget_views_compare_by_model_not_by_id() {
        let view = |id: &str, name: &str| {
            json!({"output_type": "display_data", "metadata": {}, "data": {
                "application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 1, "model_id": id},
                "text/plain": name}})
        };
        assert_eq!(
            canonical(&[view("aa11", "IntSlider(value=1)")], &[]),
            canonical(&[view("bb22", "IntSlider(value=1)")], &[])
        );
        assert_ne!(
            canonical(&[view("aa11", "IntSlider(value=1)")], &[]),
            canonical(&[view("aa11", "IntSlider(value=2)")], &[])
        );
    }

    #[test]
    fn images_compare_by_content_and_errors_by_name_and_message() {
        let image = |b64: &str| json!({"output_type": "display_data", "metadata": {}, "data": {"image/png": b64}});
        assert_eq!(
            canonical(&[image("iVBO\nRw0K")], &[]),
            canonical(&[image("iVBORw0K\n")], &[])
        );
        assert_ne!(
            canonical(&[image("iVBORw0K")], &[]),
            canonical(&[image("iVBORw0L")], &[])
        );
        let error = |tb: &str| json!({"output_type": "error", "ename": "TypeError", "evalue": "x", "traceback": [tb]});
        assert_eq!(
            canonical(&[error("<cell 1>")], &[]),
            canonical(&[error("<cell 9>")], &[])
        );
    }

    #[test]
    fn sanitizers_apply_to_both_sides() {
        let sanitizers = parse_sanitize_file(
            "[ids]\nregex: [0-9a-f]{8}-[0-9a-f-]{27}\nreplace: UUID\n\n# comment\n[time]\nregex: \\d+ ms\nreplace: N ms\n",
        )
        .unwrap();
        assert_eq!(sanitizers.len(), 2);
        let out = |text: &str| [json!({"output_type": "stream", "name": "stdout", "text": text})];
        assert_eq!(
            canonical(
                &out("id 0f8fad5b-d9cb-469f-a165-70867728950e took 12 ms\n"),
                &sanitizers
            ),
            canonical(
                &out("id 7c9e6679-7425-40de-944b-e07fc1f90ae7 took 3 ms\n"),
                &sanitizers
            )
        );
        assert!(parse_sanitize_file("regex: (\nreplace: x\n").is_err());
        assert!(parse_sanitize_file("nonsense\n").is_err());
        let metadata = json!({"vmjs": {"sanitize": [{"regex": "\\d+", "replace": "N"}]}});
        assert_eq!(
            notebook_sanitizers(metadata.as_object().unwrap())
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn diffs_are_unified() {
        let text = diff("a\nb\n", "a\nc\n", false);
        assert!(
            text.contains("--- expected") && text.contains("-b") && text.contains("+c"),
            "{text}"
        );
    }
}
