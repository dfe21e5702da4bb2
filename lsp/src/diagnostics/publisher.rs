//! The one task that publishes diagnostics: it merges each document's syntax diagnostics (newest version
//! only; stale results are dropped here too) with the diagnostics of its last run, and publishes in the order
//! results arrive.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedReceiver;
use tower_lsp_server::Client;
use tower_lsp_server::gen_lsp_types::{Diagnostic, Uri};

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

/// Runs until every sender is gone.
pub async fn run(client: Client, versions: Arc<Versions>, mut inbox: UnboundedReceiver<Publish>) {
    let mut documents: HashMap<Uri, Published> = HashMap::new();
    while let Some(message) = inbox.recv().await {
        let uri = match message {
            Publish::Syntax {
                uri,
                version,
                diagnostics,
            } => {
                if !versions.is_current(&uri, version) {
                    continue;
                }
                let entry = documents.entry(uri.clone()).or_default();
                entry.version = Some(version);
                entry.syntax = diagnostics;
                uri
            }
            Publish::Runtime { uri, diagnostics } => {
                documents.entry(uri.clone()).or_default().runtime = diagnostics;
                uri
            }
            Publish::Closed { uri } => {
                documents.remove(&uri);
                client.publish_diagnostics(uri, Vec::new(), None).await;
                continue;
            }
        };
        if let Some(entry) = documents.get(&uri) {
            let all: Vec<Diagnostic> = entry.syntax.iter().chain(&entry.runtime).cloned().collect();
            client.publish_diagnostics(uri, all, entry.version).await;
        }
    }
}
