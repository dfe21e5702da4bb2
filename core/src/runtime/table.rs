//! `console.table`: rows from an array or object, columns from the rows' keys (or the `columns` argument),
//! drawn with box characters like Node.

use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsObject, JsValue};

use super::inspect::{InspectOptions, inspect};
use super::props::{own_desc, own_keys};
use crate::tabular::draw;

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

/// The column names of a value whose JSON is a table (`crate::tabular::Table::of`), in the value's own key
/// order (its JSON has sorted keys): the records' keys in first-seen order, or the column object's keys. Reads
/// own keys and data properties only (no getter or Proxy trap runs); `None` when neither shape is there.
pub fn column_order(value: &JsValue, context: &mut Context) -> Option<Vec<String>> {
    let object = value.as_object()?;
    let enumerable_names = |object: &JsObject, context: &mut Context| -> Vec<String> {
        own_keys(object, context)
            .into_iter()
            .filter(|key| own_desc(object, key).is_some_and(|d| d.expect_enumerable()))
            .filter_map(|key| match key {
                PropertyKey::String(s) => Some(s.to_std_string_escaped()),
                PropertyKey::Index(i) => Some(i.get().to_string()),
                PropertyKey::Symbol(_) => None,
            })
            .collect()
    };
    if !object.is_array() {
        return Some(enumerable_names(&object, context));
    }
    let mut columns: Vec<String> = Vec::new();
    for key in own_keys(&object, context) {
        let PropertyKey::Index(_) = key else { continue };
        let record = own_desc(&object, &key)?.value()?.as_object()?;
        for name in enumerable_names(&record, context) {
            if !columns.contains(&name) {
                columns.push(name);
            }
        }
    }
    Some(columns)
}
