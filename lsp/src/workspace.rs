//! The files navigation reaches beyond the document it starts in: the one a module specifier names (as the
//! runtime resolves it, inside the folder root), and the workspace's JavaScript and TypeScript files that
//! may import a given file. Open documents are read as they are in the editor; other files from disk.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use gen_lsp_types::Uri;
use vmjs_core::analysis::module_candidates;

use crate::context::Ctx;
use crate::documents::{OpenDocuments, Snapshot};
use crate::{runs, uri};

/// At most this many files are considered when looking for the importers of a file.
const MAX_FILES: usize = 5_000;
/// The extensions of the files that can import others.
const SOURCE_EXTENSIONS: [&str; 8] = ["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"];

/// A request's view of the workspace folder of the document it started in.
pub struct Workspace<'a> {
    ctx: &'a Ctx,
    root: PathBuf,
    /// The open documents by path.
    open: HashMap<PathBuf, &'a Snapshot>,
}

impl<'a> Workspace<'a> {
    /// The workspace folder of `uri`.
    pub fn of(ctx: &'a Ctx, uri: &Uri) -> Self {
        Self::at(ctx, runs::root_of(&ctx.state, uri))
    }

    /// The workspace folder `root`.
    pub fn at(ctx: &'a Ctx, root: PathBuf) -> Self {
        let open = ctx
            .documents
            .iter()
            .filter_map(|s| Some((uri::to_path(&s.uri)?, s)))
            .collect();
        Self { ctx, root, open }
    }

    /// The open documents (notebook cells included).
    pub fn documents(&self) -> &'a OpenDocuments {
        &self.ctx.documents
    }

    /// The text of a file: the open document, else the file on disk.
    pub fn file(&self, path: &Path) -> Option<Snapshot> {
        if let Some(snapshot) = self.open.get(path) {
            return Some((*snapshot).clone());
        }
        self.ctx.state.disk.get(path, self.ctx.state.encoding())
    }

    /// The file `specifier` names when imported from `from`: a relative specifier inside the root (with
    /// the runtime's extension and index fallbacks), or a package of the root's `node_modules`.
    pub fn resolve(&self, from: &Path, specifier: &str) -> Option<PathBuf> {
        let directory = from.parent()?;
        if specifier.starts_with("./") || specifier.starts_with("../") {
            let joined = normalize(&directory.join(specifier))?;
            if !joined.starts_with(&self.root) {
                return None;
            }
            if self.exists(&joined) {
                return Some(joined);
            }
            let joined = joined.to_str()?;
            return module_candidates(joined)
                .into_iter()
                .map(PathBuf::from)
                .find(|candidate| self.exists(candidate));
        }
        if specifier.starts_with('/') || specifier.contains(':') {
            return None;
        }
        let from_dir = directory
            .strip_prefix(&self.root)
            .ok()?
            .to_str()?
            .to_owned();
        let root = &self.root;
        let read = |relative: &str| std::fs::read_to_string(root.join(relative)).ok();
        let relative = vmjs_core::resolve_package_import(specifier, &from_dir, &read).ok()?;
        Some(root.join(relative))
    }

    /// Whether `path` is an open document or a file on disk.
    fn exists(&self, path: &Path) -> bool {
        self.open.contains_key(path) || path.is_file()
    }

    /// The workspace's source files whose text contains `needle` (open documents first, as edited), at most
    /// [`MAX_FILES`] looked at; `node_modules` and hidden folders are skipped.
    pub fn files_mentioning(&self, needle: &str) -> Vec<(PathBuf, Snapshot)> {
        let mut found: Vec<(PathBuf, Snapshot)> = self
            .open
            .iter()
            .filter(|(_, s)| s.text.contains(needle))
            .map(|(path, s)| (path.clone(), (*s).clone()))
            .collect();
        let mut pending = vec![self.root.clone()];
        let mut seen = 0;
        while let Some(directory) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&directory) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                let path = entry.path();
                if kind.is_dir() {
                    if !(name.starts_with('.') || name == "node_modules") {
                        pending.push(path);
                    }
                    continue;
                }
                let is_source = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| SOURCE_EXTENSIONS.contains(&e));
                if !kind.is_file() || !is_source || self.open.contains_key(&path) {
                    continue;
                }
                seen += 1;
                if seen > MAX_FILES {
                    tracing::debug!("more than {MAX_FILES} files: the rest are not searched");
                    return found;
                }
                if let Some(snapshot) = self.ctx.state.disk.get(&path, self.ctx.state.encoding())
                    && snapshot.text.contains(needle)
                {
                    found.push((path, snapshot));
                }
            }
        }
        found
    }
}

/// `path` with `.` and `..` resolved lexically (`None` if it climbs above the filesystem root).
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// What a specifier naming `path` must contain: the file's stem, or its folder's name for an index file.
pub fn specifier_needle(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    if stem == "index" {
        return Some(path.parent()?.file_name()?.to_str()?.to_owned());
    }
    Some(stem.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_and_names_the_needle() {
        assert_eq!(
            normalize(Path::new("/r/a/./b/../c.js")),
            Some(PathBuf::from("/r/a/c.js"))
        );
        assert_eq!(normalize(Path::new("/..")), None);
        assert_eq!(
            specifier_needle(Path::new("/r/lib.js")).as_deref(),
            Some("lib")
        );
        assert_eq!(
            specifier_needle(Path::new("/r/utils/index.ts")).as_deref(),
            Some("utils")
        );
    }
}
