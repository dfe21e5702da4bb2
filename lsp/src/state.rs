//! The state request handlers share: the client handle, negotiated features, settings, folders and their
//! sessions, the runs in progress. (The open documents are the main loop's; handlers get a snapshot.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use gen_lsp_types::{ProgressToken, Uri};
use vmjs_core::host::{Session, Sessions, WorkerPool};

use crate::ServerOptions;
use crate::client::Client;
use crate::config::Settings;
use crate::diagnostics::FirstPhase;
use crate::diagnostics::publisher::Publisher;
use crate::disk::DiskFiles;
use crate::documents::{Documents, Versions};
use crate::folders::Folders;
use vmjs_core::line_index::Encoding;

/// What the client said it supports (fixed at initialize).
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientFeatures {
    /// `experimental.vmjsOutput`: send `vmjs/output` and `vmjs/runEnd`.
    pub output_notifications: bool,
    /// `window.workDoneProgress`.
    pub work_done_progress: bool,
    /// `workspace.configuration`.
    pub configuration: bool,
    /// `workspace.inlayHint.refreshSupport`: hints can be asked for again after a settings change.
    pub inlay_hint_refresh: bool,
}

/// A run in progress (for interrupt and progress cancellation).
pub struct ActiveRun {
    pub session: Arc<Session>,
    pub root: PathBuf,
    pub token: Option<ProgressToken>,
}

/// Everything handlers share.
pub struct State {
    pub client: Client,
    pub options: ServerOptions,
    pub encoding: OnceLock<Encoding>,
    pub features: OnceLock<ClientFeatures>,
    pub publisher: Arc<Publisher>,
    pub pool: Arc<WorkerPool>,
    pub folders: Folders,
    pub runs: Mutex<HashMap<String, ActiveRun>>,
    /// Workspace files read for navigation.
    pub disk: DiskFiles,
    /// The last semantic tokens sent per document (for deltas), with their result id.
    semantic_tokens: Mutex<HashMap<Uri, (String, Vec<u32>)>>,
    next_result_id: std::sync::atomic::AtomicU64,
    settings: Mutex<Settings>,
    folder_settings: Mutex<HashMap<PathBuf, Settings>>,
}

impl State {
    /// Starts the analysis threads (the two diagnostics phases, the indexer); returns the shared state and, for the main loop, the (empty) open
    /// documents and the first diagnostics phase.
    pub fn start(
        client: Client,
        options: ServerOptions,
    ) -> std::io::Result<(Arc<Self>, Documents, FirstPhase)> {
        let pool = WorkerPool::new(options.worker_exe.clone());
        let versions = Arc::new(Versions::default());
        let publisher = Arc::new(Publisher::new(Arc::clone(&versions), client.clone()));
        let (to_index, index_inbox) = std::sync::mpsc::channel();
        let first_phase = crate::diagnostics::start(
            Arc::clone(&versions),
            Arc::clone(&publisher),
            Arc::clone(&pool),
            to_index,
        )?;
        crate::indexer::start(Arc::clone(&versions), index_inbox)?;
        let state = Arc::new(Self {
            client,
            options,
            encoding: OnceLock::new(),
            features: OnceLock::new(),
            publisher,
            pool,
            folders: Folders::default(),
            runs: Mutex::new(HashMap::new()),
            disk: DiskFiles::default(),
            semantic_tokens: Mutex::new(HashMap::new()),
            next_result_id: std::sync::atomic::AtomicU64::new(1),
            settings: Mutex::new(Settings::default()),
            folder_settings: Mutex::new(HashMap::new()),
        });
        Ok((state, Documents::new(versions), first_phase))
    }

    /// Keeps the semantic tokens just sent for `uri`; returns their result id.
    pub fn remember_tokens(&self, uri: &Uri, data: Vec<u32>) -> String {
        let id = self
            .next_result_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            .to_string();
        if let Ok(mut tokens) = self.semantic_tokens.lock() {
            tokens.insert(uri.clone(), (id.clone(), data));
        }
        id
    }

    /// The semantic tokens sent for `uri` under `result_id`, if they are still the last ones.
    pub fn tokens_since(&self, uri: &Uri, result_id: &str) -> Option<Vec<u32>> {
        let tokens = self.semantic_tokens.lock().ok()?;
        let (id, data) = tokens.get(uri)?;
        (id == result_id).then(|| data.clone())
    }

    /// Forgets what was kept for a closed document.
    pub fn forget(&self, uri: &Uri) {
        if let Ok(mut tokens) = self.semantic_tokens.lock() {
            tokens.remove(uri);
        }
    }

    /// The negotiated position encoding.
    pub fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or_default()
    }

    /// The client's features.
    pub fn features(&self) -> ClientFeatures {
        self.features.get().copied().unwrap_or_default()
    }

    /// Settings for a folder: global ones overridden by the folder's own.
    pub fn settings_for(&self, root: &Path) -> Settings {
        let global = self.settings.lock().map(|s| s.clone()).unwrap_or_default();
        let folder = self
            .folder_settings
            .lock()
            .ok()
            .and_then(|f| f.get(root).cloned())
            .unwrap_or_default();
        global.merged(&folder)
    }

    /// Merges new global settings; returns whether anything changed.
    pub fn update_settings(&self, update: &Settings) -> bool {
        let Ok(mut settings) = self.settings.lock() else {
            return false;
        };
        let merged = settings.merged(update);
        let changed = merged != *settings;
        *settings = merged;
        changed
    }

    /// Replaces a folder's settings; returns whether they changed.
    pub fn set_folder_settings(&self, root: &Path, settings: Settings) -> bool {
        let Ok(mut folders) = self.folder_settings.lock() else {
            return false;
        };
        folders
            .insert(root.to_path_buf(), settings.clone())
            .unwrap_or_default()
            != settings
    }

    /// The database file for a folder.
    pub fn database_for(&self, root: &Path) -> PathBuf {
        self.settings_for(root)
            .database_path
            .unwrap_or_else(|| self.options.db_path.clone())
    }

    /// Sessions on the folder's database, with the server's worker pool.
    pub fn sessions_for(&self, root: &Path) -> Sessions {
        Sessions::new(self.database_for(root), Arc::clone(&self.pool))
    }

    /// Closes every session, the folders' and those of running files (shutdown): runs end `cancelled`, and
    /// every worker has exited when this returns.
    pub async fn stop_everything(&self) {
        let running: Vec<Arc<Session>> = self
            .runs
            .lock()
            .map(|runs| runs.values().map(|run| Arc::clone(&run.session)).collect())
            .unwrap_or_default();
        for session in running.iter().chain(&self.folders.take_all()) {
            session.close().await;
        }
    }
}
