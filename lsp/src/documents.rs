//! Open documents. The main loop owns them ([`Documents`]) and applies every edit the moment it reads it.
//! Each version is an immutable [`Snapshot`]; a request's handler reads the [`OpenDocuments`] of the
//! moment the request was read, so it reflects every edit sent before it and none sent after.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use gen_lsp_types::{Position, TextDocumentContentChangeEvent, Uri};
use vmjs_core::analysis::{NavigationIndex, TextEdit};
use vmjs_core::line_index::{Encoding, LineIndex};

use crate::rpc::{self, ResponseError};

/// One version of one document, shared read-only.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    pub text: Arc<str>,
    pub index: Arc<LineIndex>,
    pub encoding: Encoding,
    /// Parsed as TypeScript (by the language the editor named, else by the file's extension).
    typescript: bool,
    /// The navigation index of this version, built by the first request that needs it.
    navigation: Arc<NavigationCell>,
}

/// The navigation index of one version, shared by every clone of its snapshot.
#[derive(Debug, Default)]
struct NavigationCell {
    index: OnceLock<Arc<NavigationIndex>>,
    /// The earlier version this one was edited from, until this one is indexed: its index, when built by
    /// then, is reused (`NavigationIndex::edited`) instead of indexing the text whole.
    base: Mutex<Option<Base>>,
}

/// An earlier version and the edit from it to this one.
#[derive(Debug)]
struct Base {
    cell: Arc<NavigationCell>,
    text: Arc<str>,
    edit: TextEdit,
}

impl NavigationCell {
    /// The base for a version edited from `previous` by `edit`. A previous version not indexed yet is
    /// skipped over to its own base (the edits composed), so a version never holds more than one earlier
    /// index.
    fn base_after(previous: &Snapshot, edit: TextEdit) -> Base {
        let cell = &previous.navigation;
        if cell.index.get().is_none()
            && let Ok(base) = cell.base.lock()
            && let Some(earlier) = base.as_ref()
        {
            return Base {
                cell: Arc::clone(&earlier.cell),
                text: Arc::clone(&earlier.text),
                edit: earlier.edit.then(edit),
            };
        }
        Base {
            cell: Arc::clone(cell),
            text: Arc::clone(&previous.text),
            edit,
        }
    }
}

impl Snapshot {
    /// Version `version` of `uri`, whose line index is `index`; TypeScript if its path says so.
    pub fn new(
        uri: Uri,
        version: i32,
        text: &str,
        index: Arc<LineIndex>,
        encoding: Encoding,
    ) -> Self {
        let typescript = {
            let uri: &str = uri.as_ref();
            // The path part only: a query or fragment is not part of the name.
            let path = uri.split(['?', '#']).next().unwrap_or(uri);
            vmjs_core::analysis::is_typescript_path(path)
        };
        Self {
            uri,
            version,
            text: Arc::from(text),
            index,
            encoding,
            typescript,
            navigation: Arc::default(),
        }
    }

    /// Version `version` of `uri` with `text` (its line index computed: a file read whole, not edited).
    pub fn from_text(uri: Uri, version: i32, text: &str, encoding: Encoding) -> Self {
        Self::new(uri, version, text, Arc::new(LineIndex::new(text)), encoding)
    }

    /// This version's navigation index (built once, by the first caller; later callers share it): the
    /// previous version's index reused when it is built and the edit allows, else the text indexed whole.
    pub fn navigation(&self) -> Arc<NavigationIndex> {
        self.navigation_built().0
    }

    /// [`Snapshot::navigation`], and — when this call built the index — whether it reused the earlier
    /// version's.
    fn navigation_built(&self) -> (Arc<NavigationIndex>, Option<bool>) {
        let mut built = None;
        let index = self.navigation.index.get_or_init(|| {
            let started = std::time::Instant::now();
            let base = self.navigation.base.lock().ok().and_then(|mut b| b.take());
            let reused = base.and_then(|base| {
                base.cell
                    .index
                    .get()?
                    .edited(&base.text, &self.text, base.edit)
            });
            let is_reused = reused.is_some();
            built = Some(is_reused);
            let index =
                reused.unwrap_or_else(|| NavigationIndex::build(&self.text, self.is_typescript()));
            tracing::debug!(
                version = self.version,
                reused = is_reused,
                elapsed_us = started.elapsed().as_micros() as u64,
                "navigation index built"
            );
            Arc::new(index)
        });
        (Arc::clone(index), built)
    }

    /// This version's navigation index if it is built already (never builds it).
    pub fn indexed(&self) -> Option<Arc<NavigationIndex>> {
        self.navigation.index.get().cloned()
    }

    /// The byte offset of an LSP position (a position outside the text is an `invalid_params` error).
    pub fn offset(&self, position: Position) -> rpc::Result<usize> {
        self.index
            .offset(&self.text, position.line, position.character, self.encoding)
            .map_err(|e| ResponseError::invalid_params(e.to_string()))
    }

    /// Whether the document is TypeScript (`.ts`, `.mts`, `.cts`, or a cell the editor calls
    /// `typescript`): parsed as TypeScript, run with its types stripped.
    pub fn is_typescript(&self) -> bool {
        self.typescript
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

/// The open documents at one moment, shared read-only with the handlers of the requests read at that
/// moment (cheap to clone: the loop copies a map only when it edits while a handler holds it).
#[derive(Debug, Clone, Default)]
pub struct OpenDocuments {
    documents: Arc<HashMap<Uri, Snapshot>>,
    pub(crate) notebooks: Arc<Notebooks>,
}

/// The open notebooks: each one's cells in order (their texts are open documents), and the notebook of
/// each cell.
#[derive(Debug, Clone, Default)]
pub struct Notebooks {
    pub(crate) cells: HashMap<Uri, Vec<Uri>>,
    pub(crate) owner: HashMap<Uri, Uri>,
}

impl OpenDocuments {
    /// The snapshot of `uri`, if open.
    pub fn get(&self, uri: &Uri) -> Option<&Snapshot> {
        self.documents.get(uri)
    }

    /// Every open document (notebook cells included).
    pub fn iter(&self) -> impl Iterator<Item = &Snapshot> {
        self.documents.values()
    }

    /// The open cells, in order, of the notebook `cell` belongs to (`None` for a document that is not a
    /// notebook cell).
    pub fn notebook_cells(&self, cell: &Uri) -> Option<Vec<&Snapshot>> {
        let notebook = self.notebooks.owner.get(cell)?;
        let cells = self.notebooks.cells.get(notebook)?;
        Some(cells.iter().filter_map(|c| self.documents.get(c)).collect())
    }
}

/// The open documents, owned by the main loop: it applies `didOpen`/`didChange`/`didClose` the moment it
/// reads them, so edits apply in arrival order and before any later request is even read; each request's
/// handler gets the [`OpenDocuments`] of the moment it was read. The loop also asks which documents changed
/// since it last ran the first diagnostics phase ([`Documents::take_changed`]).
#[derive(Debug, Default)]
pub struct Documents {
    texts: HashMap<Uri, String>,
    /// Whether a document is TypeScript, where the editor named its language.
    typescript: HashMap<Uri, bool>,
    pub(crate) open: OpenDocuments,
    /// Documents changed since the first phase last ran, in order of first change.
    changed: Vec<Uri>,
    versions: Arc<Versions>,
    encoding: Encoding,
}

impl Documents {
    /// No documents yet; `versions` is kept up to date for whoever drops stale results.
    pub fn new(versions: Arc<Versions>) -> Self {
        Self {
            versions,
            ..Self::default()
        }
    }

    /// Sets the negotiated position encoding (at `initialize`, before any document opens).
    pub fn set_encoding(&mut self, encoding: Encoding) {
        self.encoding = encoding;
    }

    /// The open documents now.
    pub fn snapshot(&self) -> OpenDocuments {
        self.open.clone()
    }

    /// `textDocument/didOpen` (`language` is the editor's language id).
    pub fn open(&mut self, uri: Uri, version: i32, text: String, language: &str) {
        let typescript = match language {
            "typescript" | "typescriptreact" => Some(true),
            "javascript" | "javascriptreact" => Some(false),
            _ => None,
        };
        match typescript {
            Some(typescript) => self.typescript.insert(uri.clone(), typescript),
            None => self.typescript.remove(&uri),
        };
        let index = LineIndex::new(&text);
        self.store(uri, version, text, index, None);
    }

    /// `textDocument/didChange`.
    pub fn change(&mut self, uri: Uri, version: i32, changes: &[TextDocumentContentChangeEvent]) {
        let Some(text) = self.texts.remove(&uri) else {
            tracing::warn!(
                "didChange for a document that is not open: {}",
                uri.as_ref()
            );
            return;
        };
        let Some(previous) = self.open.get(&uri).cloned() else {
            return;
        };
        let started = std::time::Instant::now();
        let (text, index, edit) = apply_changes(
            text,
            LineIndex::clone(&previous.index),
            changes,
            self.encoding,
        );
        let base = edit.map(|edit| NavigationCell::base_after(&previous, edit));
        drop(previous);
        self.store(uri, version, text, index, base);
        tracing::debug!(
            version,
            elapsed_us = started.elapsed().as_micros() as u64,
            "edit applied"
        );
    }

    /// `textDocument/didClose`; whether it was open.
    pub fn close(&mut self, uri: &Uri) -> bool {
        let was_open = self.texts.remove(uri).is_some();
        self.typescript.remove(uri);
        Arc::make_mut(&mut self.open.documents).remove(uri);
        self.changed.retain(|changed| changed != uri);
        self.versions.set(uri, None);
        was_open
    }

    /// The newest snapshot of each document changed since the last call, in order of first change.
    pub fn take_changed(&mut self) -> Vec<Snapshot> {
        std::mem::take(&mut self.changed)
            .iter()
            .filter_map(|uri| self.open.get(uri).cloned())
            .collect()
    }

    /// Whether a document changed since [`Documents::take_changed`] last ran.
    pub fn has_changed(&self) -> bool {
        !self.changed.is_empty()
    }

    fn store(
        &mut self,
        uri: Uri,
        version: i32,
        text: String,
        index: LineIndex,
        base: Option<Base>,
    ) {
        let mut snapshot =
            Snapshot::new(uri.clone(), version, &text, Arc::new(index), self.encoding);
        snapshot.navigation = Arc::new(NavigationCell {
            base: Mutex::new(base),
            ..NavigationCell::default()
        });
        if let Some(typescript) = self.typescript.get(&uri) {
            snapshot.typescript = *typescript;
        }
        self.versions.set(&uri, Some(version));
        Arc::make_mut(&mut self.open.documents).insert(uri.clone(), snapshot);
        if !self.changed.contains(&uri) {
            self.changed.push(uri.clone());
        }
        self.texts.insert(uri, text);
    }
}

/// Applies content changes in order (ranges are in `encoding`; each range refers to the text after the
/// previous change), keeping `index` (the line index of `text`) up to date without scanning the text again;
/// also returns one edit covering them all (`None` after a change of the whole text).
fn apply_changes(
    mut text: String,
    mut index: LineIndex,
    changes: &[TextDocumentContentChangeEvent],
    encoding: Encoding,
) -> (String, LineIndex, Option<TextEdit>) {
    let mut covering: Option<Option<TextEdit>> = None;
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
                let edit = TextEdit {
                    start,
                    end,
                    inserted: partial.text.len(),
                };
                covering = Some(match covering {
                    None => Some(edit),
                    Some(earlier) => earlier.map(|earlier| earlier.then(edit)),
                });
            }
            TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(whole) => {
                text = whole.text.clone();
                index = LineIndex::new(&text);
                covering = Some(None);
            }
        }
    }
    (text, index, covering.flatten())
}

#[cfg(test)]
mod tests {
    use super::*;
    use gen_lsp_types::{
        Range, TextDocumentContentChangePartial, TextDocumentContentChangeWholeDocument,
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
        let (edited, index, edit) =
            apply_changes(text.to_owned(), LineIndex::new(text), changes, encoding);
        // The covering edit turns the text into the edited one.
        if let Some(edit) = edit {
            let mut direct = text.to_owned();
            direct.replace_range(
                edit.start..edit.end,
                &edited[edit.start..edit.start + edit.inserted],
            );
            assert_eq!(direct, edited);
        }
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
    fn a_version_reuses_the_index_of_the_last_indexed_one() {
        let mut documents = Documents::default();
        let uri = crate::uri::from_path(std::path::Path::new("/w/a.js"));
        let text = "let a = 1;\nfunction f() {\n  const b = a;\n  return b;\n}\nf();\n";
        documents.open(uri.clone(), 1, text.into(), "javascript");
        let get = |documents: &Documents| documents.snapshot().get(&uri).cloned().unwrap();
        get(&documents).navigation();
        // Two edits inside `f`, the first version never indexed: the second reuses version 1's index
        // through both.
        documents.change(uri.clone(), 2, &[partial(2, 2, 2, 2, "void 0;\n  ")]);
        documents.change(
            uri.clone(),
            3,
            &[partial(3, 2, 3, 2, "b;\n  "), partial(0, 0, 0, 0, "")],
        );
        let third = get(&documents);
        assert!(
            third.text.contains("void 0;\n  b;\n  const b = a;"),
            "{}",
            third.text
        );
        let (index, reused) = third.navigation_built();
        assert_eq!(reused, Some(true));
        let read = third.text.find("= a;").unwrap() + 2;
        let definition = index.definition(read).unwrap();
        assert_eq!(definition.span.start, 4, "`a` of line 1");
        // A change of the whole text is indexed whole.
        let whole = TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(
            TextDocumentContentChangeWholeDocument {
                text: "let c;".into(),
            },
        );
        documents.change(uri.clone(), 4, &[whole]);
        let fourth = get(&documents);
        assert_eq!(fourth.navigation_built().1, Some(false));
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
