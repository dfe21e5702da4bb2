//! Files navigation reads from disk (workspace files that are not open), as snapshots kept while their size
//! and modification time stay the same, so each is read and indexed once per change, not once per request.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use vmjs_core::line_index::Encoding;

use crate::documents::Snapshot;
use crate::uri;

/// Files bigger than this are not read for navigation (generated bundles, data).
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The cache of disk snapshots.
#[derive(Default)]
pub struct DiskFiles(Mutex<HashMap<PathBuf, (SystemTime, u64, Snapshot)>>);

impl DiskFiles {
    /// The file's current text as a snapshot (version 0); `None` if it cannot be read, is not UTF-8 or is
    /// too big.
    pub fn get(&self, path: &Path, encoding: Encoding) -> Option<Snapshot> {
        let metadata = std::fs::metadata(path).ok()?;
        if !metadata.is_file() || metadata.len() > MAX_FILE_BYTES {
            return None;
        }
        let modified = metadata.modified().ok()?;
        if let Ok(cache) = self.0.lock()
            && let Some((time, len, snapshot)) = cache.get(path)
            && *time == modified
            && *len == metadata.len()
            && snapshot.encoding == encoding
        {
            return Some(snapshot.clone());
        }
        let text = std::fs::read_to_string(path).ok()?;
        let snapshot = Snapshot::from_text(uri::from_path(path), 0, &text, encoding);
        if let Ok(mut cache) = self.0.lock() {
            cache.insert(
                path.to_path_buf(),
                (modified, metadata.len(), snapshot.clone()),
            );
        }
        Some(snapshot)
    }
}
