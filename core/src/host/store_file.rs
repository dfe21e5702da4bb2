//! [`StoreFile`]: the database file every session of one `Sessions` records into.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::store::{Store, StoreError};

/// The store file of a `Sessions`: the first connection is a full [`Store::open`] (migration, built-in
/// template, reaping of dead processes' rows), every later one a plain [`Store::connect`] — so hundreds of
/// sessions starting at once do not each take the write lock three times. Their writes take turns in this
/// process before they reach SQLite's lock.
#[derive(Clone)]
pub(crate) struct StoreFile {
    path: PathBuf,
    /// Whether a full open succeeded (held while it runs, so the others wait for it).
    opened: Arc<Mutex<bool>>,
    /// Shared by every connection: their writes take turns here ([`Store::sharing_writes`]).
    writer: Arc<Mutex<()>>,
}

impl StoreFile {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self {
            path,
            opened: Arc::new(Mutex::new(false)),
            writer: Arc::default(),
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// A connection of the caller's own.
    pub(crate) fn connection(&self) -> Result<Store, StoreError> {
        let mut opened = self
            .opened
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let store = if *opened {
            drop(opened);
            Store::connect(&self.path)?
        } else {
            let store = Store::open(&self.path)?;
            *opened = true;
            store
        };
        Ok(store.sharing_writes(Arc::clone(&self.writer)))
    }
}
