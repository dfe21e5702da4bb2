//! `history_request` from the store: `tail`, `range` and `search` (glob) over every session's REPL input,
//! so a fresh kernel can page back through earlier sessions. Fields are read leniently (clients omit
//! `n`, `unique`, …); a store failure is an error reply.

use std::path::PathBuf;

use serde_json::{Value, json};
use vmjs_core::store::{HistoryEntry, Store};

use super::error_reply;
use crate::server::Kernel;
use crate::wire::Message;

/// Entries returned when a request gives no `n`.
const DEFAULT_N: usize = 1000;

/// Which slice of history a request asks for.
#[derive(Debug, PartialEq, Eq)]
enum Query {
    Tail {
        n: usize,
    },
    Range {
        session: i64,
        start: u64,
        stop: Option<u64>,
    },
    Search {
        pattern: String,
        n: usize,
        unique: bool,
    },
}

fn query(request: &Message, current_session: i64) -> Result<Query, String> {
    let n = request
        .int_field("n")
        .map_or(DEFAULT_N, |n| n.clamp(0, 1_000_000) as usize);
    match request.str_field("hist_access_type").unwrap_or("tail") {
        "tail" => Ok(Query::Tail { n }),
        "range" => {
            // 0 is the current session; negative numbers count back from it.
            let session = match request.int_field("session").unwrap_or(0) {
                s if s <= 0 => current_session + s,
                s => s,
            };
            let start = request.int_field("start").unwrap_or(1).max(1) as u64;
            let stop = request
                .int_field("stop")
                .filter(|s| *s > 0)
                .map(|s| s as u64);
            Ok(Query::Range {
                session,
                start,
                stop,
            })
        }
        "search" => Ok(Query::Search {
            pattern: request.str_field("pattern").unwrap_or("*").to_owned(),
            n,
            unique: request.bool_field("unique", false),
        }),
        other => Err(format!("unknown hist_access_type `{other}`")),
    }
}

/// The `history_reply` content.
pub async fn history(kernel: &Kernel, request: &Message) -> Value {
    let current_session = match kernel.session.wait().await {
        Ok(session) => session.number(),
        Err(message) => return error_reply("SessionFailed", &message),
    };
    let query = match query(request, current_session) {
        Ok(query) => query,
        Err(message) => return error_reply("BadRequest", &message),
    };
    let output = request.bool_field("output", false);
    let db = kernel.db_path.clone();
    match tokio::task::spawn_blocking(move || read(db, query)).await {
        Ok(Ok(entries)) => json!({
            "status": "ok",
            "history": entries.iter().map(|e| entry_json(e, output)).collect::<Vec<_>>(),
        }),
        Ok(Err(message)) => error_reply("StoreError", &message),
        Err(error) => error_reply("StoreError", &error.to_string()),
    }
}

fn read(db: PathBuf, query: Query) -> Result<Vec<HistoryEntry>, String> {
    let store = Store::open_read_only(&db).map_err(|e| e.to_string())?;
    let entries = match query {
        Query::Tail { n } => store.history_tail(n),
        Query::Range {
            session,
            start,
            stop,
        } => store.history_range(session, start, stop),
        Query::Search { pattern, n, unique } => {
            // Fetch more than asked when de-duplicating, so `n` distinct inputs can come back.
            let fetch = if unique {
                n.saturating_mul(4).max(n)
            } else {
                n
            };
            store.history_search(&pattern, fetch).map(|entries| {
                if unique {
                    dedupe_keep_last(entries, n)
                } else {
                    entries
                }
            })
        }
    };
    entries.map_err(|e| e.to_string())
}

/// Keeps the last occurrence of each input (oldest first), at most `n`.
fn dedupe_keep_last(entries: Vec<HistoryEntry>, n: usize) -> Vec<HistoryEntry> {
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<HistoryEntry> = entries
        .into_iter()
        .rev()
        .filter(|e| seen.insert(e.input.clone()))
        .take(n)
        .collect();
    kept.reverse();
    kept
}

fn entry_json(entry: &HistoryEntry, output: bool) -> Value {
    if output {
        json!([
            entry.session_number,
            entry.line,
            [entry.input, entry.output]
        ])
    } else {
        json!([entry.session_number, entry.line, entry.input])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(content: Value) -> Message {
        Message {
            identities: Vec::new(),
            header: crate::wire::Header::default(),
            raw_header: json!({}),
            content,
            content_error: None,
            metadata: json!({}),
            buffers: Vec::new(),
        }
    }

    #[test]
    fn lenient_queries() {
        assert_eq!(
            query(&request(json!({"hist_access_type": "tail"})), 3),
            Ok(Query::Tail { n: DEFAULT_N })
        );
        assert_eq!(
            query(
                &request(
                    json!({"hist_access_type": "range", "session": -1, "start": 1, "stop": 3})
                ),
                3
            ),
            Ok(Query::Range {
                session: 2,
                start: 1,
                stop: Some(3)
            })
        );
        assert_eq!(
            query(
                &request(json!({"hist_access_type": "search", "pattern": "a*"})),
                3
            ),
            Ok(Query::Search {
                pattern: "a*".into(),
                n: DEFAULT_N,
                unique: false
            })
        );
        assert!(query(&request(json!({"hist_access_type": "nope"})), 3).is_err());
    }

    #[test]
    fn unique_keeps_the_last_occurrence() {
        let entry = |line, input: &str| HistoryEntry {
            session_number: 1,
            line,
            input: input.into(),
            output: None,
        };
        let kept = dedupe_keep_last(vec![entry(1, "a"), entry(2, "b"), entry(3, "a")], 10);
        assert_eq!(kept.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3]);
    }
}
