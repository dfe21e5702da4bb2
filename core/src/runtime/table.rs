//! `console.table`: rows from an array or object, columns from the rows' keys (or the `columns` argument),
//! drawn with box characters like Node.

use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsObject, JsValue};

use super::inspect::{InspectOptions, inspect};

/// The table text, or `None` when `data` is not tabular (Node then logs it normally).
pub fn render(data: &JsValue, columns: Option<&JsValue>, context: &mut Context) -> Option<String> {
    let object = data.as_object()?;
    let short = InspectOptions {
        depth: 0,
        ..InspectOptions::default()
    };
    let mut row_names = Vec::new();
    let mut rows: Vec<Vec<(String, String)>> = Vec::new();
    let mut values_column: Vec<Option<String>> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for (name, value) in entries(&object, context)? {
        row_names.push(name);
        let mut cells = Vec::new();
        match value.as_object() {
            Some(row) if !row.is_callable() => {
                for (column, cell) in entries(&row, context)? {
                    if !keys.contains(&column) {
                        keys.push(column.clone());
                    }
                    cells.push((column, inspect(&cell, &short, context)));
                }
                values_column.push(None);
            }
            _ => values_column.push(Some(inspect(&value, &short, context))),
        }
        rows.push(cells);
    }
    if let Some(filter) = columns.and_then(JsValue::as_object) {
        let mut chosen = Vec::new();
        for key in filter.own_property_keys(context).ok()? {
            if let PropertyKey::Index(_) = key {
                let name = filter.get(key, context).ok()?.to_string(context).ok()?;
                chosen.push(name.to_std_string_escaped());
            }
        }
        keys = chosen;
    }
    let has_values = values_column.iter().any(Option::is_some);
    let mut header = vec!["(index)".to_owned()];
    header.extend(keys.iter().cloned());
    if has_values {
        header.push("Values".to_owned());
    }
    let body: Vec<Vec<String>> = row_names
        .iter()
        .zip(rows.iter().zip(values_column.iter()))
        .map(|(name, (cells, value))| {
            let mut line = vec![name.clone()];
            for key in &keys {
                line.push(
                    cells
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default(),
                );
            }
            if has_values {
                line.push(value.clone().unwrap_or_default());
            }
            line
        })
        .collect();
    Some(draw(&header, &body))
}

/// Own string- and index-keyed entries of `object` with their values (an array's `length` left out).
fn entries(object: &JsObject, context: &mut Context) -> Option<Vec<(String, JsValue)>> {
    let mut entries = Vec::new();
    for key in object.own_property_keys(context).ok()? {
        let name = match &key {
            PropertyKey::String(s) => s.to_std_string_escaped(),
            PropertyKey::Index(i) => i.get().to_string(),
            PropertyKey::Symbol(_) => continue,
        };
        if object.is_array() && name == "length" {
            continue;
        }
        let value = object.get(key, context).ok()?;
        entries.push((name, value));
    }
    Some(entries)
}

fn width(text: &str) -> usize {
    text.chars().count()
}

fn draw(header: &[String], body: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            body.iter()
                .map(|row| width(&row[i]))
                .chain([width(&header[i])])
                .max()
                .unwrap_or(0)
                + 2
        })
        .collect();
    let rule = |left: &str, mid: &str, right: &str| {
        let parts: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        format!("{left}{}{right}", parts.join(mid))
    };
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!(" {cell}{}", " ".repeat(w - 1 - width(cell))))
            .collect();
        format!("│{}│", parts.join("│"))
    };
    let mut out = vec![rule("┌", "┬", "┐"), line(header), rule("├", "┼", "┤")];
    out.extend(body.iter().map(|row| line(row)));
    out.push(rule("└", "┴", "┘"));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_like_node() {
        let text = draw(
            &["(index)".into(), "a".into(), "b".into()],
            &[
                vec!["0".into(), "1".into(), "'x'".into()],
                vec!["1".into(), "22".into(), String::new()],
            ],
        );
        assert_eq!(
            text,
            "┌─────────┬────┬─────┐\n│ (index) │ a  │ b   │\n├─────────┼────┼─────┤\n│ 0       │ 1  │ 'x' │\n│ 1       │ 22 │     │\n└─────────┴────┴─────┘"
        );
    }
}
