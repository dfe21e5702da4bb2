//! Open documents. The input thread owns them ([`Editor`], its router): it applies `didOpen`/`didChange`/
//! `didClose` the moment it reads them, so edits apply in arrival order and before any later request is
//! even read; once no more input is waiting it runs the first diagnostics phase on the newest version of
//! each document that changed (a burst of edits is diagnosed once, and no thread hand-over lies between
//! an edit and its diagnostics). Each version is also published as an immutable [`Snapshot`]: queries
//! (runs, hover, completion) read the one that reflects every edit sent before them ([`Documents::get`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tower_lsp_server::gen_lsp_types::{TextDocumentContentChangeEvent, Uri};

use crate::diagnostics::FirstPhase;
use crate::diagnostics::publisher::{Publish, Publisher};
use crate::transport::Router;
use vmjs_core::line_index::{Encoding, LineIndex};

/// One version of one document, shared read-only.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    pub text: Arc<str>,
    pub index: Arc<LineIndex>,
    pub encoding: Encoding,
}

impl Snapshot {
    /// Whether the document is TypeScript (`.ts`, `.mts`, `.cts`): parsed as TypeScript, run with its types
    /// stripped.
    pub fn is_typescript(&self) -> bool {
        let uri: &str = self.uri.as_ref();
        // The path part only: a query or fragment is not part of the name.
        let path = uri.split(['?', '#']).next().unwrap_or(uri);
        vmjs_core::analysis::is_typescript_path(path)
    }
}

/// The newest version of each open document, for dropping stale results.
#[derive(Debug, Default)]
pub struct Versions(Mutex<HashMap<Uri, i32>>);

impl Versions {
    /// Whether `version` is still the newest one of `uri`.
    pub fn is_current(&self, uri: &Uri, version: i32) -> bool {
        self.0
            .lock()
            .map(|v| v.get(uri) == Some(&version))
            .unwrap_or(false)
    }

    fn set(&self, uri: &Uri, version: Option<i32>) {
        if let Ok(mut versions) = self.0.lock() {
            match version {
                Some(version) => versions.insert(uri.clone(), version),
                None => versions.remove(uri),
            };
        }
    }
}

/// The handlers' view of the open documents.
pub struct Documents {
    snapshots: Arc<Mutex<HashMap<Uri, Snapshot>>>,
    editor: Mutex<Option<Editor>>,
}

impl Documents {
    /// No documents yet. The first phase runs `first_phase`; closes clear diagnostics via `publisher`.
    pub fn new(
        encoding: Arc<OnceLock<Encoding>>,
        versions: Arc<Versions>,
        first_phase: FirstPhase,
        publisher: Arc<Publisher>,
    ) -> Self {
        let snapshots = Arc::new(Mutex::new(HashMap::new()));
        let editor = Editor {
            documents: HashMap::new(),
            changed: Vec::new(),
            snapshots: Arc::clone(&snapshots),
            encoding,
            versions,
            first_phase,
            publisher,
        };
        Self {
            snapshots,
            editor: Mutex::new(Some(editor)),
        }
    }

    /// The editor, for the input thread (`None` once taken).
    pub fn take_editor(&self) -> Option<Editor> {
        self.editor.lock().ok()?.take()
    }

    /// The current snapshot of `uri` (after every edit read before the request that asks), `None` if not
    /// open.
    pub fn get(&self, uri: &Uri) -> Option<Snapshot> {
        self.snapshots.lock().ok()?.get(uri).cloned()
    }
}

struct Document {
    text: String,
    snapshot: Snapshot,
}

/// Owns the text of every open document; runs on the input thread.
pub struct Editor {
    documents: HashMap<Uri, Document>,
    /// Documents changed since the first phase last ran, in order of first change.
    changed: Vec<Uri>,
    snapshots: Arc<Mutex<HashMap<Uri, Snapshot>>>,
    encoding: Arc<OnceLock<Encoding>>,
    versions: Arc<Versions>,
    first_phase: FirstPhase,
    publisher: Arc<Publisher>,
}

impl Editor {
    /// `textDocument/didOpen`.
    pub fn open(&mut self, uri: Uri, version: i32, text: String) {
        let index = LineIndex::new(&text);
        self.store(uri, version, text, index);
    }

    /// `textDocument/didChange`.
    pub fn change(&mut self, uri: Uri, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        let Some(document) = self.documents.remove(&uri) else {
            tracing::warn!(
                "didChange for a document that is not open: {}",
                uri.as_ref()
            );
            return;
        };
        let started = std::time::Instant::now();
        let encoding = document.snapshot.encoding;
        let (text, index) = apply_changes(
            document.text,
            LineIndex::clone(&document.snapshot.index),
            &changes,
            encoding,
        );
        self.store(uri, version, text, index);
        tracing::debug!(
            version,
            elapsed_us = started.elapsed().as_micros() as u64,
            "edit applied"
        );
    }

    /// `textDocument/didClose`.
    pub fn close(&mut self, uri: Uri) {
        self.documents.remove(&uri);
        if let Ok(mut snapshots) = self.snapshots.lock() {
            snapshots.remove(&uri);
        }
        self.versions.set(&uri, None);
        self.publisher.publish(Publish::Closed { uri });
    }

    fn store(&mut self, uri: Uri, version: i32, text: String, index: LineIndex) {
        let snapshot = Snapshot {
            uri: uri.clone(),
            version,
            text: Arc::from(text.as_str()),
            index: Arc::new(index),
            encoding: self.encoding.get().copied().unwrap_or_default(),
        };
        self.versions.set(&uri, Some(version));
        if let Ok(mut snapshots) = self.snapshots.lock() {
            snapshots.insert(uri.clone(), snapshot.clone());
        }
        if !self.changed.contains(&uri) {
            self.changed.push(uri.clone());
        }
        self.documents.insert(uri, Document { text, snapshot });
    }
}

impl Router for Editor {
    fn take(&mut self, message: &mut serde_json::Value) -> bool {
        crate::handlers::text_sync::route(self, message)
    }

    fn has_deferred(&self) -> bool {
        !self.changed.is_empty()
    }

    /// The first phase on the newest version of each document that changed (an edit read meanwhile is in
    /// the next round: the first phase never works on a version already replaced).
    fn idle(&mut self) {
        for uri in std::mem::take(&mut self.changed) {
            if let Some(document) = self.documents.get(&uri) {
                self.first_phase.run(&document.snapshot);
            }
        }
    }
}

/// Applies content changes in order (ranges are in `encoding`; each range refers to the text after the
/// previous change), keeping `index` (the line index of `text`) up to date without scanning the text again.
fn apply_changes(
    mut text: String,
    mut index: LineIndex,
    changes: &[TextDocumentContentChangeEvent],
    encoding: Encoding,
) -> (String, LineIndex) {
    for change in changes {
        match change {
            TextDocumentContentChangeEvent::TextDocumentContentChangePartial(partial) => {
                let range = partial.range;
                let start =
                    index.offset_clamped(&text, range.start.line, range.start.character, encoding);
                let end = index
                    .offset_clamped(&text, range.end.line, range.end.character, encoding)
                    .max(start);
                text.replace_range(start..end, &partial.text);
                index.replace(&text, start, end, partial.text.len());
            }
            TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(whole) => {
                text = whole.text.clone();
                index = LineIndex::new(&text);
            }
        }
    }
    (text, index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::gen_lsp_types::{
        Position, Range, TextDocumentContentChangePartial, TextDocumentContentChangeWholeDocument,
    };

    #[allow(deprecated)] // `range_length` is deprecated but still a field to fill.
    fn partial(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent::TextDocumentContentChangePartial(
            TextDocumentContentChangePartial {
                range: Range {
                    start: Position {
                        line: l1,
                        character: c1,
                    },
                    end: Position {
                        line: l2,
                        character: c2,
                    },
                },
                range_length: None,
                text: text.into(),
            },
        )
    }

    /// Applies `changes` to `text`; checks that the index kept along is the edited text's.
    fn apply(text: &str, changes: &[TextDocumentContentChangeEvent], encoding: Encoding) -> String {
        let (edited, index) =
            apply_changes(text.to_owned(), LineIndex::new(text), changes, encoding);
        let fresh = LineIndex::new(&edited);
        assert_eq!(index.n_lines(), fresh.n_lines(), "{edited:?}");
        for line in 0..=index.n_lines() {
            assert_eq!(
                index.line_end(&edited, line),
                fresh.line_end(&edited, line),
                "{edited:?}"
            );
        }
        edited
    }

    #[test]
    fn incremental_edits_in_utf16_and_utf8() {
        // "😀" is two UTF-16 units, four UTF-8 bytes.
        let text = "let s = '😀';\nx";
        let edited = apply(text, &[partial(0, 11, 0, 12, "!")], Encoding::Utf16);
        assert_eq!(edited, "let s = '😀!;\nx");
        let edited = apply(text, &[partial(0, 13, 0, 14, "!")], Encoding::Utf8);
        assert_eq!(edited, "let s = '😀!;\nx");
        let edited = apply(text, &[partial(0, 0, 1, 0, "a\nb\n\n")], Encoding::Utf16);
        assert_eq!(edited, "a\nb\n\nx");
    }

    #[test]
    fn edits_apply_in_order_and_whole_replaces() {
        let text = "ab\ncd";
        let changes = [
            partial(1, 0, 1, 2, "xyz"),
            partial(0, 0, 0, 0, "//"),
            partial(9, 0, 9, 0, "!"),
        ];
        assert_eq!(apply(text, &changes, Encoding::Utf16), "//ab\nxyz!");
        let whole = TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(
            TextDocumentContentChangeWholeDocument { text: "new".into() },
        );
        assert_eq!(apply(text, &[whole], Encoding::Utf16), "new");
        // After a whole-text change the old line index no longer applies.
        let whole = TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(
            TextDocumentContentChangeWholeDocument {
                text: "x\nyy".into(),
            },
        );
        assert_eq!(
            apply("abc", &[whole, partial(1, 1, 1, 2, "z")], Encoding::Utf16),
            "x\nyz"
        );
    }
}
