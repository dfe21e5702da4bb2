//! The document actor: one thread owns every open document and applies `didOpen`/`didChange`/`didClose` in
//! the order the input thread read them (it hands them over itself, see `handlers/text_sync.rs`). It runs
//! the first diagnostics phase on the newest version of what changed, and hands each version on as an
//! immutable [`Snapshot`]; queries (runs, hover, completion) get the snapshot that reflects every edit sent
//! before them.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};

use tokio::sync::oneshot;
use tower_lsp_server::gen_lsp_types::{TextDocumentContentChangeEvent, Uri};

use crate::diagnostics::publisher::{Publish, Publisher};
use crate::diagnostics::{ANALYSIS_STACK_BYTES, FirstPhase};
use crate::position::{Encoding, LineIndex};

/// One version of one document, shared read-only.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    pub text: Arc<str>,
    pub index: Arc<LineIndex>,
    pub encoding: Encoding,
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

enum Message {
    Open {
        uri: Uri,
        version: i32,
        text: String,
    },
    Change {
        uri: Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    },
    Close {
        uri: Uri,
    },
    Get {
        uri: Uri,
        reply: oneshot::Sender<Option<Snapshot>>,
    },
}

/// The handle handlers use; every method except [`Documents::get`] is synchronous.
#[derive(Clone)]
pub struct Documents {
    to_actor: Sender<Message>,
}

impl Documents {
    /// Starts the actor thread. It runs `first_phase` on new versions; closes clear diagnostics via
    /// `publisher`.
    pub fn start(
        encoding: Arc<OnceLock<Encoding>>,
        versions: Arc<Versions>,
        first_phase: FirstPhase,
        publisher: Arc<Publisher>,
    ) -> std::io::Result<Self> {
        let (to_actor, inbox) = mpsc::channel();
        let actor = Actor {
            documents: HashMap::new(),
            encoding,
            versions,
            first_phase,
            publisher,
        };
        std::thread::Builder::new()
            .name("lsp-documents".into())
            .stack_size(ANALYSIS_STACK_BYTES)
            .spawn(move || actor.run(inbox))?;
        Ok(Self { to_actor })
    }

    /// `textDocument/didOpen`.
    pub fn open(&self, uri: Uri, version: i32, text: String) {
        let _ = self.to_actor.send(Message::Open { uri, version, text });
    }

    /// `textDocument/didChange`.
    pub fn change(&self, uri: Uri, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        let _ = self.to_actor.send(Message::Change {
            uri,
            version,
            changes,
        });
    }

    /// `textDocument/didClose`.
    pub fn close(&self, uri: Uri) {
        let _ = self.to_actor.send(Message::Close { uri });
    }

    /// The current snapshot of `uri` (after every edit sent before this call), `None` if not open.
    pub async fn get(&self, uri: &Uri) -> Option<Snapshot> {
        let (reply, answer) = oneshot::channel();
        self.to_actor
            .send(Message::Get {
                uri: uri.clone(),
                reply,
            })
            .ok()?;
        answer.await.ok().flatten()
    }
}

struct Document {
    text: String,
    snapshot: Snapshot,
}

struct Actor {
    documents: HashMap<Uri, Document>,
    encoding: Arc<OnceLock<Encoding>>,
    versions: Arc<Versions>,
    first_phase: FirstPhase,
    publisher: Arc<Publisher>,
}

impl Actor {
    /// Takes every message that is waiting, applies them in order, then runs the first diagnostics phase on
    /// the newest version of each document they changed (an edit that arrived meanwhile is in the next
    /// batch: the first phase never works on a version already replaced).
    fn run(mut self, inbox: Receiver<Message>) {
        let mut changed: Vec<Uri> = Vec::new();
        while let Ok(first) = inbox.recv() {
            for message in std::iter::once(first).chain(inbox.try_iter()) {
                if let Some(uri) = self.apply(message)
                    && !changed.contains(&uri)
                {
                    changed.push(uri);
                }
            }
            for uri in changed.drain(..) {
                if let Some(document) = self.documents.get(&uri) {
                    self.first_phase.run(&document.snapshot);
                }
            }
        }
    }

    /// Applies one message; the document it changed, if any.
    fn apply(&mut self, message: Message) -> Option<Uri> {
        match message {
            Message::Open { uri, version, text } => {
                self.store(uri.clone(), version, text);
                Some(uri)
            }
            Message::Change {
                uri,
                version,
                changes,
            } => {
                let Some(document) = self.documents.remove(&uri) else {
                    tracing::warn!(
                        "didChange for a document that is not open: {}",
                        uri.as_ref()
                    );
                    return None;
                };
                let started = std::time::Instant::now();
                let encoding = document.snapshot.encoding;
                let text = apply_changes(
                    document.text,
                    Some(&document.snapshot.index),
                    &changes,
                    encoding,
                );
                self.store(uri.clone(), version, text);
                tracing::debug!(
                    version,
                    elapsed_us = started.elapsed().as_micros() as u64,
                    "edit applied"
                );
                Some(uri)
            }
            Message::Close { uri } => {
                self.documents.remove(&uri);
                self.versions.set(&uri, None);
                self.publisher.publish(Publish::Closed { uri });
                None
            }
            Message::Get { uri, reply } => {
                let _ = reply.send(self.documents.get(&uri).map(|d| d.snapshot.clone()));
                None
            }
        }
    }

    fn store(&mut self, uri: Uri, version: i32, text: String) {
        let snapshot = Snapshot {
            uri: uri.clone(),
            version,
            text: Arc::from(text.as_str()),
            index: Arc::new(LineIndex::new(&text)),
            encoding: self.encoding.get().copied().unwrap_or_default(),
        };
        self.versions.set(&uri, Some(version));
        self.documents.insert(uri, Document { text, snapshot });
    }
}

/// Applies content changes in order (ranges are in `encoding`; each range refers to the text after the
/// previous change). `index` is the line index of `text` when it is at hand (saves a scan of the whole text
/// for the first change).
fn apply_changes(
    mut text: String,
    mut index: Option<&LineIndex>,
    changes: &[TextDocumentContentChangeEvent],
    encoding: Encoding,
) -> String {
    for change in changes {
        match change {
            TextDocumentContentChangeEvent::TextDocumentContentChangePartial(partial) => {
                let fresh;
                let index = match index.take() {
                    Some(index) => index,
                    None => {
                        fresh = LineIndex::new(&text);
                        &fresh
                    }
                };
                let start = index.offset_clamped(
                    &text,
                    partial.range.start.line,
                    partial.range.start.character,
                    encoding,
                );
                let end = index
                    .offset_clamped(
                        &text,
                        partial.range.end.line,
                        partial.range.end.character,
                        encoding,
                    )
                    .max(start);
                text.replace_range(start..end, &partial.text);
            }
            TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(whole) => {
                text = whole.text.clone();
                index = None;
            }
        }
    }
    text
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

    #[test]
    fn incremental_edits_in_utf16_and_utf8() {
        // "😀" is two UTF-16 units, four UTF-8 bytes.
        let text = "let s = '😀';\nx".to_owned();
        let edited = apply_changes(
            text.clone(),
            None,
            &[partial(0, 11, 0, 12, "!")],
            Encoding::Utf16,
        );
        assert_eq!(edited, "let s = '😀!;\nx");
        let edited = apply_changes(text, None, &[partial(0, 13, 0, 14, "!")], Encoding::Utf8);
        assert_eq!(edited, "let s = '😀!;\nx");
    }

    #[test]
    fn edits_apply_in_order_and_whole_replaces() {
        let text = "ab\ncd".to_owned();
        let changes = [
            partial(1, 0, 1, 2, "xyz"),
            partial(0, 0, 0, 0, "//"),
            partial(9, 0, 9, 0, "!"),
        ];
        assert_eq!(
            apply_changes(
                text.clone(),
                Some(&LineIndex::new("ab\ncd")),
                &changes,
                Encoding::Utf16
            ),
            "//ab\nxyz!"
        );
        let whole = TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(
            TextDocumentContentChangeWholeDocument { text: "new".into() },
        );
        assert_eq!(apply_changes(text, None, &[whole], Encoding::Utf16), "new");
        // After a whole-text change the old line index no longer applies.
        let whole = TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(
            TextDocumentContentChangeWholeDocument {
                text: "x\nyy".into(),
            },
        );
        let old = "abc".to_owned();
        assert_eq!(
            apply_changes(
                old.clone(),
                Some(&LineIndex::new(&old)),
                &[whole, partial(1, 1, 1, 2, "z")],
                Encoding::Utf16
            ),
            "x\nyz"
        );
    }
}
