//! Tables of data as Jupyter shows them: which plain JSON values are tables (an array of records, or an object
//! of equal-length columns), and their MIME data — an escaped HTML table of the first rows with the row count,
//! and a Table Schema data resource (`application/vnd.dataresource+json`, which JupyterLab's and nteract's data
//! explorers read). Also the box-drawn text table `console.table` prints. Pure: JSON in, text out.

use serde_json::{Map, Value, json};

/// Rows the HTML shows unless the caller asks for another number.
pub const DEFAULT_ROW_LIMIT: usize = 50;

/// Most rows the data resource carries (its consumers explore it in the browser; beyond this the value's own
/// JSON, or a file, is the better home).
pub const MAX_RESOURCE_ROWS: usize = 10_000;

/// Most columns a value may have and still be shown as a table.
pub const MAX_COLUMNS: usize = 200;

/// The data resource's MIME type.
pub const DATA_RESOURCE_MIME: &str = "application/vnd.dataresource+json";

/// A table read from JSON: column names in first-seen order, and rows of cells (`None`: the row lacks it).
#[derive(Debug, Clone, PartialEq)]
pub struct Table<'a> {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<&'a Value>>>,
}

impl<'a> Table<'a> {
    /// `json` as a table: a non-empty array of objects (records; columns from their keys) or an object of two or
    /// more equal-length, non-empty arrays of plain values (columns). `None` for every other value.
    pub fn of(json: &'a Value) -> Option<Self> {
        match json {
            Value::Array(records) => Self::of_records(records),
            Value::Object(columns) => Self::of_columns(columns),
            _ => None,
        }
    }

    fn of_records(records: &'a [Value]) -> Option<Self> {
        let objects: Vec<&Map<String, Value>> = records
            .iter()
            .map(Value::as_object)
            .collect::<Option<_>>()?;
        let mut columns: Vec<String> = Vec::new();
        for object in &objects {
            for key in object.keys() {
                if !columns.contains(key) {
                    columns.push(key.clone());
                }
            }
            if columns.len() > MAX_COLUMNS {
                return None;
            }
        }
        if columns.is_empty() {
            return None;
        }
        let rows = objects
            .iter()
            .map(|object| columns.iter().map(|c| object.get(c)).collect())
            .collect();
        Some(Self { columns, rows })
    }

    fn of_columns(object: &'a Map<String, Value>) -> Option<Self> {
        if object.len() < 2 || object.len() > MAX_COLUMNS {
            return None;
        }
        let arrays: Vec<&Vec<Value>> = object
            .values()
            .map(Value::as_array)
            .collect::<Option<_>>()?;
        let length = arrays.first()?.len();
        let plain = |v: &Value| !matches!(v, Value::Array(_) | Value::Object(_));
        if length == 0
            || arrays
                .iter()
                .any(|a| a.len() != length || !a.iter().all(plain))
        {
            return None;
        }
        let rows = (0..length)
            .map(|i| arrays.iter().map(|a| a.get(i)).collect())
            .collect();
        Some(Self {
            columns: object.keys().cloned().collect(),
            rows,
        })
    }

    /// Puts the columns in `order` first, in that order, then the others (the value's own key order, which its
    /// JSON lost).
    pub fn reorder(self, order: &[String]) -> Self {
        let mut columns: Vec<String> = order
            .iter()
            .filter(|name| self.columns.contains(name))
            .cloned()
            .collect();
        for name in &self.columns {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
        self.select(&columns)
    }

    /// Keeps only `wanted` columns, in that order (a name the table lacks gives an empty column).
    pub fn select(self, wanted: &[String]) -> Self {
        let index: Vec<Option<usize>> = wanted
            .iter()
            .map(|name| self.columns.iter().position(|c| c == name))
            .collect();
        let rows = self
            .rows
            .iter()
            .map(|row| index.iter().map(|i| i.and_then(|i| row[i])).collect())
            .collect();
        Self {
            columns: wanted.to_vec(),
            rows,
        }
    }

    /// `text/html` (the first `limit` rows) and the data resource (the first [`MAX_RESOURCE_ROWS`]); the caller
    /// adds `text/plain` (the value's preview, or [`Self::text`]).
    pub fn mime_data(&self, limit: usize) -> Map<String, Value> {
        let mut data = Map::new();
        data.insert("text/html".into(), Value::String(self.html(limit)));
        data.insert(DATA_RESOURCE_MIME.into(), self.data_resource());
        data
    }

    /// The first `limit` rows as a box-drawn text table, with a line saying how many rows there are in all
    /// when it shows fewer.
    pub fn text(&self, limit: usize) -> String {
        let mut header = vec!["(index)".to_owned()];
        header.extend(self.columns.iter().cloned());
        let body: Vec<Vec<String>> = self
            .rows
            .iter()
            .take(limit)
            .enumerate()
            .map(|(n, row)| {
                let mut line = vec![n.to_string()];
                line.extend(
                    row.iter()
                        .map(|cell| cell.map(cell_text).unwrap_or_default()),
                );
                line
            })
            .collect();
        let mut text = draw(&header, &body);
        if self.rows.len() > limit {
            text.push_str(&format!(
                "\n… first {limit} of {}",
                count(self.rows.len(), "row")
            ));
        }
        text
    }

    /// An HTML table of the first `limit` rows (row numbers in the first column), then the table's size.
    pub fn html(&self, limit: usize) -> String {
        let mut html = String::from("<table class=\"vmjs-table\">\n<thead><tr><th></th>");
        for column in &self.columns {
            html.push_str(&format!("<th>{}</th>", escape(column)));
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for (n, row) in self.rows.iter().take(limit).enumerate() {
            html.push_str(&format!("<tr><th>{n}</th>"));
            for cell in row {
                let text = cell.map(cell_text).unwrap_or_default();
                html.push_str(&format!("<td>{}</td>", escape(&text)));
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n");
        let shown = if self.rows.len() > limit {
            format!("first {limit} of ")
        } else {
            String::new()
        };
        html.push_str(&format!(
            "<p>{shown}{} × {}</p>",
            count(self.rows.len(), "row"),
            count(self.columns.len(), "column")
        ));
        html
    }

    /// The Table Schema data resource: `{schema: {fields: [{name, type}]}, data: [records]}`.
    pub fn data_resource(&self) -> Value {
        let fields: Vec<Value> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, name)| json!({ "name": name, "type": field_type(self.rows.iter().filter_map(|r| r[i])) }))
            .collect();
        let data: Vec<Value> = self
            .rows
            .iter()
            .take(MAX_RESOURCE_ROWS)
            .map(|row| {
                let record: Map<String, Value> = self
                    .columns
                    .iter()
                    .zip(row)
                    .filter_map(|(name, cell)| cell.map(|v| (name.clone(), v.clone())))
                    .collect();
                Value::Object(record)
            })
            .collect();
        json!({ "schema": { "fields": fields }, "data": data })
    }
}

/// Table Schema's type for a column's values: `integer`, `number`, `boolean`, `string`, `object`, `array`,
/// else `any` (nulls do not count).
fn field_type<'a>(values: impl Iterator<Item = &'a Value>) -> &'static str {
    let mut kind: Option<&'static str> = None;
    for value in values {
        let this = match value {
            Value::Null => continue,
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        kind = match (kind, this) {
            (None, this) => Some(this),
            (Some(a), b) if a == b => Some(a),
            (Some("integer" | "number"), "integer" | "number") => Some("number"),
            _ => return "any",
        };
    }
    kind.unwrap_or("any")
}

/// A cell's text: strings as they are, other values as compact JSON.
fn cell_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A box-drawn text table (as Node's `console.table`): a header row, then the body rows.
pub fn draw(header: &[String], body: &[Vec<String>]) -> String {
    let width = |text: &str| text.chars().count();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            body.iter()
                .map(|row| row.get(i).map_or(0, |cell| width(cell)))
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
        let parts: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let cell = cells.get(i).map_or("", String::as_str);
                format!(" {cell}{}", " ".repeat(w - 1 - width(cell)))
            })
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
    fn records_and_columns_are_tables_other_values_are_not() {
        let records = json!([{"a": 1, "b": "x"}, {"b": "y", "c": true}]);
        let table = Table::of(&records).expect("records");
        assert_eq!(table.columns, ["a", "b", "c"]);
        assert_eq!(table.rows[1], [None, Some(&json!("y")), Some(&json!(true))]);
        let columns = json!({"x": [1, 2], "y": ["a", "b"]});
        let table = Table::of(&columns).expect("columns");
        assert_eq!(
            table.rows,
            [
                [Some(&json!(1)), Some(&json!("a"))],
                [Some(&json!(2)), Some(&json!("b"))]
            ]
        );
        for not in [
            json!([]),
            json!([{}]),
            json!([{"a": 1}, 2]),
            json!([[1, 2]]),
            json!({"only": [1, 2]}),
            json!({"x": [1, 2], "y": [1]}),
            json!({"x": [], "y": []}),
            json!({"x": [{"a": 1}], "y": [1]}),
            json!({"x": [1], "y": 1}),
            json!("text"),
            json!(1),
        ] {
            assert_eq!(Table::of(&not), None, "{not}");
        }
    }

    #[test]
    fn html_is_escaped_limited_and_counted() {
        let value =
            json!([{"<b>": "<script>alert('x')</script>", "n": 1}, {"n": 2.5}, {"n": null}]);
        let table = Table::of(&value).expect("table");
        let html = table.html(2);
        assert!(html.contains("<th>&lt;b&gt;</th>"), "{html}");
        assert!(
            html.contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td>"),
            "{html}"
        );
        assert!(!html.contains("<script>"));
        assert!(
            html.contains("<tr><th>1</th><td></td><td>2.5</td></tr>"),
            "{html}"
        );
        assert!(!html.contains("<tr><th>2</th>"), "{html}");
        assert!(
            html.ends_with("<p>first 2 of 3 rows × 2 columns</p>"),
            "{html}"
        );
        assert!(table.html(50).ends_with("<p>3 rows × 2 columns</p>"));
    }

    #[test]
    fn the_data_resource_has_a_schema_with_types() {
        let value = json!([{"i": 1, "f": 1, "s": "a", "b": true, "m": 1}, {"i": 2, "f": 1.5, "s": null, "b": false, "m": "x"}]);
        let order = ["i", "f", "s", "b", "m"].map(String::from);
        let resource = Table::of(&value)
            .expect("table")
            .reorder(&order)
            .data_resource();
        assert_eq!(
            resource["schema"]["fields"],
            json!([{"name": "i", "type": "integer"}, {"name": "f", "type": "number"}, {"name": "s", "type": "string"},
                   {"name": "b", "type": "boolean"}, {"name": "m", "type": "any"}])
        );
        assert_eq!(resource["data"], value);
        let selected = Table::of(&value)
            .expect("table")
            .select(&["s".into(), "zz".into()]);
        assert_eq!(selected.columns, ["s", "zz"]);
        assert_eq!(
            selected.data_resource()["data"],
            json!([{"s": "a"}, {"s": null}])
        );
        // Key order the JSON lost comes back; names it does not have are left out, others kept at the end.
        let reordered =
            Table::of(&value)
                .expect("table")
                .reorder(&["s".into(), "gone".into(), "b".into()]);
        assert_eq!(reordered.columns, ["s", "b", "f", "i", "m"]);
    }

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
