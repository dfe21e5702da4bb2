//! Publishing diagnostics: each document's syntax diagnostics (newest version only; stale results are
//! dropped here too) merged with the diagnostics of its last run. Whoever has a result publishes it at once,
//! from its own thread (the parser threads, a finished run, the editor on close): the merge and the
//! send happen under one lock, so the last notification a client gets for a document is always the newest
//! state, and it goes out through [`Client::notify_now`] — written to stdout by the publishing thread itself when
//! nothing is queued before it; no task in between.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use gen_lsp_types::{Diagnostic, PublishDiagnosticsParams, Uri};

use crate::client::Client;
use crate::documents::Versions;

/// What the publisher is told.
#[derive(Debug)]
pub enum Publish {
    /// Syntax diagnostics of one version (phase one or two).
    Syntax {
        uri: Uri,
        version: i32,
        diagnostics: Vec<Diagnostic>,
    },
    /// Diagnostics from the last run of the document (replacing the previous run's).
    Runtime {
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
    },
    /// The document was closed: clear everything.
    Closed { uri: Uri },
}

#[derive(Default)]
struct Published {
    version: Option<i32>,
    syntax: Vec<Diagnostic>,
    runtime: Vec<Diagnostic>,
}

/// The diagnostics published per document, and where notifications go.
pub struct Publisher {
    documents: Mutex<HashMap<Uri, Published>>,
    versions: Arc<Versions>,
    client: Client,
}

impl Publisher {
    /// A publisher that drops results older than `versions` says are current.
    pub fn new(versions: Arc<Versions>, client: Client) -> Self {
        Self {
            documents: Mutex::new(HashMap::new()),
            versions,
            client,
        }
    }

    /// Records `message` and publishes the document's diagnostics (nothing for a stale version).
    pub fn publish(&self, message: Publish) {
        let Ok(mut documents) = self.documents.lock() else {
            return;
        };
        let params = match message {
            Publish::Syntax {
                uri,
                version,
                diagnostics,
            } => {
                if !self.versions.is_current(&uri, version) {
                    return;
                }
                let entry = documents.entry(uri.clone()).or_default();
                entry.version = Some(version);
                entry.syntax = diagnostics;
                merged(uri, entry)
            }
            Publish::Runtime { uri, diagnostics } => {
                let entry = documents.entry(uri.clone()).or_default();
                entry.runtime = diagnostics;
                merged(uri, entry)
            }
            Publish::Closed { uri } => {
                documents.remove(&uri);
                PublishDiagnosticsParams {
                    uri,
                    diagnostics: Vec::new(),
                    version: None,
                }
            }
        };
        // Sent under the lock: notifications leave in the order the state changed.
        self.client
            .notify_now::<gen_lsp_types::PublishDiagnosticsNotification>(params);
    }
}

/// A document's syntax and runtime diagnostics together.
fn merged(uri: Uri, entry: &Published) -> PublishDiagnosticsParams {
    PublishDiagnosticsParams {
        uri,
        diagnostics: entry.syntax.iter().chain(&entry.runtime).cloned().collect(),
        version: entry.version,
    }
}
