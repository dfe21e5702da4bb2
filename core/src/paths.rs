//! Path safety for everything that names a file inside a session root: run-file, startup files, module imports
//! and the `fs` capability. A path must be relative, must not climb out with `..`, and after resolving
//! symlinks must still lie inside the (canonical) root.

use std::path::{Component, Path, PathBuf};

/// Why a path was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("`{0}` is empty")]
    Empty(String),
    #[error("`{0}` is absolute; give a path relative to the session root")]
    Absolute(String),
    #[error("`{0}` leaves the session root")]
    Escapes(String),
    #[error("`{path}` does not exist in the session root ({root})")]
    NotFound { path: String, root: String },
    #[error("`{path}`: {message}")]
    Io { path: String, message: String },
}

/// Lexically checks `relative` (no absolute path, no `..` above the root) and joins it to `root`.
pub fn join_checked(root: &Path, relative: &str) -> Result<PathBuf, PathError> {
    if relative.trim().is_empty() {
        return Err(PathError::Empty(relative.to_owned()));
    }
    let path = Path::new(relative);
    if path.is_absolute() {
        return Err(PathError::Absolute(relative.to_owned()));
    }
    let mut depth: usize = 0;
    for component in path.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| PathError::Escapes(relative.to_owned()))?;
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(PathError::Absolute(relative.to_owned()));
            }
        }
    }
    Ok(root.join(path))
}

/// Resolves an existing file: lexical check, then symlinks resolved and the result re-checked against the
/// canonical root.
pub fn resolve_existing(root: &Path, relative: &str) -> Result<PathBuf, PathError> {
    let joined = join_checked(root, relative)?;
    let canonical_root = canonical(root, relative)?;
    let resolved = joined.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => PathError::NotFound {
            path: relative.to_owned(),
            root: root.display().to_string(),
        },
        _ => PathError::Io {
            path: relative.to_owned(),
            message: e.to_string(),
        },
    })?;
    ensure_inside(&canonical_root, &resolved, relative)?;
    Ok(resolved)
}

/// Resolves a file that may not exist yet (for writing): its parent directory must exist and resolve inside
/// the root, and an existing file at the path must not be a symlink leading out.
pub fn resolve_for_write(root: &Path, relative: &str) -> Result<PathBuf, PathError> {
    let joined = join_checked(root, relative)?;
    let canonical_root = canonical(root, relative)?;
    if joined.exists() {
        return resolve_existing(root, relative);
    }
    let parent = joined.parent().unwrap_or(root);
    let file_name = joined
        .file_name()
        .ok_or_else(|| PathError::Escapes(relative.to_owned()))?;
    let parent = parent.canonicalize().map_err(|e| PathError::Io {
        path: relative.to_owned(),
        message: e.to_string(),
    })?;
    ensure_inside(&canonical_root, &parent, relative)?;
    Ok(parent.join(file_name))
}

fn canonical(root: &Path, relative: &str) -> Result<PathBuf, PathError> {
    root.canonicalize().map_err(|e| PathError::Io {
        path: relative.to_owned(),
        message: format!("session root {}: {e}", root.display()),
    })
}

fn ensure_inside(root: &Path, path: &Path, relative: &str) -> Result<(), PathError> {
    if path.starts_with(root) {
        Ok(())
    } else {
        Err(PathError::Escapes(relative.to_owned()))
    }
}

/// `path` relative to `root` for display (`src/a.js`), or the path itself when it is elsewhere.
pub fn display_relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_checks() {
        let root = Path::new("/r");
        assert_eq!(
            join_checked(root, "a/b.js").unwrap(),
            Path::new("/r/a/b.js")
        );
        assert_eq!(
            join_checked(root, "a/../b.js").unwrap(),
            Path::new("/r/a/../b.js")
        );
        assert!(matches!(
            join_checked(root, "../x"),
            Err(PathError::Escapes(_))
        ));
        assert!(matches!(
            join_checked(root, "a/../../x"),
            Err(PathError::Escapes(_))
        ));
        assert!(matches!(
            join_checked(root, "/etc/passwd"),
            Err(PathError::Absolute(_))
        ));
        assert!(matches!(join_checked(root, ""), Err(PathError::Empty(_))));
    }

    #[test]
    fn symlink_out_of_root_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        std::fs::write(root.join("ok.js"), "1").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        assert!(resolve_existing(&root, "ok.js").is_ok());
        assert!(matches!(
            resolve_existing(&root, "link.txt"),
            Err(PathError::Escapes(_))
        ));
        assert!(matches!(
            resolve_existing(&root, "up/secret.txt"),
            Err(PathError::Escapes(_))
        ));
        assert!(matches!(
            resolve_for_write(&root, "up/new.txt"),
            Err(PathError::Escapes(_))
        ));
        assert!(matches!(
            resolve_for_write(&root, "link.txt"),
            Err(PathError::Escapes(_))
        ));
        assert!(resolve_for_write(&root, "new.txt").is_ok());
        assert!(matches!(
            resolve_existing(&root, "missing.js"),
            Err(PathError::NotFound { .. })
        ));
    }
}
