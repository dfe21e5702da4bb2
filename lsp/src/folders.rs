//! Workspace folders: which folder a file belongs to, and one lazily started session per folder (root =
//! folder) for REPL input, hover and completion.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;
use vmjs_core::host::Session;

type SessionCell = Arc<OnceCell<Arc<Session>>>;

/// The folders of the workspace and their sessions.
#[derive(Default)]
pub struct Folders {
    roots: Mutex<Vec<PathBuf>>,
    sessions: Mutex<HashMap<PathBuf, SessionCell>>,
}

impl Folders {
    /// Replaces the list of folder roots.
    pub fn set_roots(&self, roots: Vec<PathBuf>) {
        if let Ok(mut current) = self.roots.lock() {
            *current = roots;
        }
    }

    /// The folder roots.
    pub fn roots(&self) -> Vec<PathBuf> {
        self.roots.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The innermost folder containing `path`, else the file's own directory.
    pub fn root_for(&self, path: &Path) -> PathBuf {
        let roots = self.roots();
        roots
            .iter()
            .filter(|root| path.starts_with(root))
            .max_by_key(|root| root.as_os_str().len())
            .cloned()
            .unwrap_or_else(|| {
                path.parent()
                    .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
            })
    }

    /// The folder's session, started by `start` if there is none yet.
    pub async fn session<E>(
        &self,
        root: &Path,
        start: impl Future<Output = Result<Session, E>>,
    ) -> Result<Arc<Session>, E> {
        let cell = self.cell(root);
        cell.get_or_try_init(|| async move { start.await.map(Arc::new) })
            .await
            .cloned()
    }

    /// The folder's session if it was started.
    pub fn existing(&self, root: &Path) -> Option<Arc<Session>> {
        let sessions = self.sessions.lock().ok()?;
        sessions.get(root)?.get().cloned()
    }

    /// Every started session.
    pub fn all(&self) -> Vec<Arc<Session>> {
        self.sessions
            .lock()
            .map(|s| s.values().filter_map(|c| c.get().cloned()).collect())
            .unwrap_or_default()
    }

    /// Forgets every session (each closes when its last user drops it): settings changed or shutting down.
    pub fn take_all(&self) -> Vec<Arc<Session>> {
        let taken = self
            .sessions
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default();
        taken
            .into_values()
            .filter_map(|c| c.get().cloned())
            .collect()
    }

    fn cell(&self, root: &Path) -> SessionCell {
        match self.sessions.lock() {
            Ok(mut sessions) => Arc::clone(sessions.entry(root.to_path_buf()).or_default()),
            Err(_) => Arc::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn innermost_folder_wins() {
        let folders = Folders::default();
        folders.set_roots(vec![PathBuf::from("/w"), PathBuf::from("/w/sub")]);
        assert_eq!(
            folders.root_for(Path::new("/w/sub/a.js")),
            Path::new("/w/sub")
        );
        assert_eq!(folders.root_for(Path::new("/w/b.js")), Path::new("/w"));
        assert_eq!(
            folders.root_for(Path::new("/other/c.js")),
            Path::new("/other")
        );
        assert_eq!(folders.root_for(Path::new("/wx/c.js")), Path::new("/wx"));
    }
}
