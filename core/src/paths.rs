//! The session root, as a directory handle: every file a session reads or writes by a root-relative name —
//! the `fs` capability, module imports, run-file, startup files and root-relative libraries — is opened
//! *beneath* that handle, never by checking a name and then opening it.
//!
//! Opening goes through `cap-std`: `openat2(RESOLVE_BENEATH)` where the kernel has it, else a walk of the path
//! one component at a time with `O_NOFOLLOW`, following each symlink itself. Either way the kernel resolves the
//! path relative to the root's descriptor and refuses any step out of it: `..` above the root, a symlink whose
//! target is absolute or climbs out (dangling or not), a symlink swapped between two calls. Symlinks whose
//! relative targets stay inside the root keep working. A name is checked lexically first only to give clear
//! errors (an absolute path, `..` above the root); the check that confines is the open.
//!
//! Beyond confinement: only regular files are read or written (a FIFO or device is refused, and opening never
//! blocks on one), and a file with more than one hard link is never written (its other names may be outside
//! the root; git cannot carry hard links, but a local user can make one). Reading such a file is allowed: it is
//! the same file as the name in the root (pnpm's node_modules consist of them).

use std::io::{Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};

use cap_std::ambient_authority;
use cap_std::fs::{Dir, OpenOptions, OpenOptionsExt};

/// Why a path was refused or could not be used.
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
    #[error("`{path}` is {kind}, not a regular file")]
    NotAFile { path: String, kind: &'static str },
    #[error("`{0}` is not a directory")]
    NotADirectory(String),
    #[error("`{0}` has other hard links, which may be outside the session root: it is not written")]
    MultiplyLinked(String),
    #[error("session root {root}: {message}")]
    Root { root: String, message: String },
    #[error("`{path}`: {message}")]
    Io { path: String, message: String },
}

/// [`PathError::NotAFile`]'s `kind` for a directory.
const DIRECTORY: &str = "a directory";

impl PathError {
    /// Whether the path names a directory (where a file was wanted).
    pub fn is_directory(&self) -> bool {
        matches!(self, PathError::NotAFile { kind, .. } if *kind == DIRECTORY)
    }

    /// Whether the path was refused by the root's confinement (JavaScript sees a `PermissionDenied` error),
    /// rather than being missing or unreadable.
    pub fn is_permission_denied(&self) -> bool {
        matches!(
            self,
            PathError::Absolute(_) | PathError::Escapes(_) | PathError::MultiplyLinked(_)
        )
    }

    /// The same error naming `path` (the name as the code wrote it) instead of the name that was opened.
    pub fn naming(self, path: &str) -> PathError {
        let path = path.to_owned();
        match self {
            PathError::Empty(_) => PathError::Empty(path),
            PathError::Absolute(_) => PathError::Absolute(path),
            PathError::Escapes(_) => PathError::Escapes(path),
            PathError::NotFound { root, .. } => PathError::NotFound { path, root },
            PathError::NotAFile { kind, .. } => PathError::NotAFile { path, kind },
            PathError::NotADirectory(_) => PathError::NotADirectory(path),
            PathError::MultiplyLinked(_) => PathError::MultiplyLinked(path),
            PathError::Io { message, .. } => PathError::Io { path, message },
            root @ PathError::Root { .. } => root,
        }
    }
}

/// The root-relative name of `path` as session code names files: the root is its `/` (Node's
/// `process.cwd()` is `/`, so `path.resolve("data.csv")` is `/data.csv`), never the host's. A relative path is
/// unchanged; `/` is the root itself. Only the name changes: what it opens is confined as any relative name
/// is (`/../x` is `../x`, which leaves the root and is refused).
pub fn session_relative(path: &str) -> &str {
    match path
        .strip_prefix('/')
        .map(|rest| rest.trim_start_matches('/'))
    {
        None => path,
        Some("") => ".",
        Some(rest) => rest,
    }
}

/// A session root opened as a directory handle. Everything opened through it stays beneath the directory it
/// was opened on, even if that directory is later renamed or its path made to point elsewhere.
#[derive(Debug)]
pub struct Root {
    dir: Dir,
    path: PathBuf,
}

/// An entry of a directory beneath a [`Root`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    /// The entry's name (lossily UTF-8).
    pub name: String,
    /// What it is, its links not followed.
    pub kind: EntryKind,
}

/// What is at a path beneath a [`Root`].
#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    /// File, directory or other (links are followed).
    pub kind: EntryKind,
    /// The size in bytes.
    pub size: u64,
    /// When it was last modified, in milliseconds since the Unix epoch, when the system says.
    pub modified_ms: Option<f64>,
}

/// What a directory entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Directory,
    /// A symbolic link (listed as itself: directory listings do not follow links).
    Symlink,
    /// A FIFO, socket or device.
    Other,
}

/// A regular file opened beneath a [`Root`], not read yet.
#[derive(Debug)]
pub struct RootFile {
    file: std::fs::File,
    path: PathBuf,
    relative: String,
}

impl Root {
    /// Opens the directory at `path` (a symlink to a directory is followed: the caller chose the root).
    pub fn open(path: &Path) -> Result<Root, PathError> {
        let root_error = |e: std::io::Error| PathError::Root {
            root: path.display().to_string(),
            message: e.to_string(),
        };
        let canonical = path.canonicalize().map_err(root_error)?;
        let dir = Dir::open_ambient_dir(&canonical, ambient_authority()).map_err(root_error)?;
        Ok(Root {
            dir,
            path: canonical,
        })
    }

    /// The root's canonical path (as it was when opened).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the regular file at `relative` for reading, with its canonical path (for a caller that needs the
    /// file's identity, as the module loader does).
    pub fn open_file(&self, relative: &str) -> Result<RootFile, PathError> {
        let name = checked_relative(relative)?;
        let file = self.open_regular(name, relative, &read_options())?;
        let path = real_path(&file)
            .filter(|real| real.starts_with(&self.path))
            .unwrap_or_else(|| self.path.join(name));
        Ok(RootFile {
            file,
            path,
            relative: relative.to_owned(),
        })
    }

    /// The UTF-8 text of the regular file at `relative` (without asking the kernel for its path).
    pub fn read_text(&self, relative: &str) -> Result<String, PathError> {
        let name = checked_relative(relative)?;
        let file = self.open_regular(name, relative, &read_options())?;
        read_all(file, relative)
    }

    /// The bytes of the regular file at `relative`.
    pub fn read_bytes(&self, relative: &str) -> Result<Vec<u8>, PathError> {
        let name = checked_relative(relative)?;
        let mut file = self.open_regular(name, relative, &read_options())?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| io_error(relative, e))?;
        Ok(bytes)
    }

    /// The entries of the directory at `relative` (`.` for the root), sorted by name; links are not followed
    /// (an entry that is a symlink says so).
    pub fn list_dir(&self, relative: &str) -> Result<Vec<DirEntry>, PathError> {
        let name = checked_relative(relative)?;
        let io = |e: std::io::Error| io_error(relative, e);
        let entries = self.dir.read_dir(name).map_err(|e| {
            if e.raw_os_error() == Some(libc::ENOTDIR) {
                PathError::NotADirectory(relative.to_owned())
            } else {
                self.open_error(relative, e)
            }
        })?;
        let mut listed = Vec::new();
        for entry in entries {
            let entry = entry.map_err(io)?;
            let file_type = entry.file_type().map_err(io)?;
            listed.push(DirEntry {
                name: entry.file_name().to_string_lossy().into_owned(),
                kind: if file_type.is_symlink() {
                    EntryKind::Symlink
                } else if file_type.is_dir() {
                    EntryKind::Directory
                } else if file_type.is_file() {
                    EntryKind::File
                } else {
                    EntryKind::Other
                },
            });
        }
        listed.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(listed)
    }

    /// What is at `relative`, its links followed (beneath the root only).
    pub fn stat(&self, relative: &str) -> Result<Stat, PathError> {
        let name = checked_relative(relative)?;
        let metadata = self
            .dir
            .metadata(name)
            .map_err(|e| self.open_error(relative, e))?;
        let file_type = metadata.file_type();
        let modified_ms = metadata
            .modified()
            .ok()
            .map(|time| time.into_std())
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|since| since.as_millis() as f64);
        Ok(Stat {
            kind: if file_type.is_dir() {
                EntryKind::Directory
            } else if file_type.is_file() {
                EntryKind::File
            } else {
                EntryKind::Other
            },
            size: metadata.len(),
            modified_ms,
        })
    }

    /// Writes `text` to the file at `relative`, creating it or replacing its contents. An existing file with
    /// other hard links is refused before anything is truncated.
    pub fn write_text(&self, relative: &str, text: &str) -> Result<(), PathError> {
        self.write_bytes(relative, text.as_bytes())
    }

    /// Writes `bytes` to the file at `relative`, as [`Root::write_text`] writes text.
    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) -> Result<(), PathError> {
        let name = checked_relative(relative)?;
        let mut options = OpenOptions::new();
        options
            .write(true)
            .create(true)
            .custom_flags(libc::O_NONBLOCK);
        let mut file = self.open_regular(name, relative, &options)?;
        let io = |e: std::io::Error| io_error(relative, e);
        if file.metadata().map_err(io)?.nlink() > 1 {
            return Err(PathError::MultiplyLinked(relative.to_owned()));
        }
        file.set_len(0).map_err(io)?;
        file.write_all(bytes).map_err(io)
    }

    fn open_regular(
        &self,
        name: &Path,
        relative: &str,
        options: &OpenOptions,
    ) -> Result<std::fs::File, PathError> {
        let file = self
            .dir
            .open_with(name, options)
            .map_err(|e| self.open_error(relative, e))?
            .into_std();
        let file_type = file
            .metadata()
            .map_err(|e| io_error(relative, e))?
            .file_type();
        if !file_type.is_file() {
            use std::os::unix::fs::FileTypeExt;
            let kind = if file_type.is_dir() {
                DIRECTORY
            } else if file_type.is_fifo() {
                "a FIFO"
            } else if file_type.is_socket() {
                "a socket"
            } else if file_type.is_block_device() || file_type.is_char_device() {
                "a device"
            } else {
                "something else"
            };
            return Err(PathError::NotAFile {
                path: relative.to_owned(),
                kind,
            });
        }
        Ok(file)
    }

    fn open_error(&self, relative: &str, error: std::io::Error) -> PathError {
        match error.kind() {
            std::io::ErrorKind::NotFound => PathError::NotFound {
                path: relative.to_owned(),
                root: self.path.display().to_string(),
            },
            // cap-std reports an escape as PermissionDenied without an OS error (a real EACCES has one);
            // openat2's EXDEV means the same.
            std::io::ErrorKind::PermissionDenied if error.raw_os_error().is_none() => {
                PathError::Escapes(relative.to_owned())
            }
            _ if error.raw_os_error() == Some(libc::EXDEV) => {
                PathError::Escapes(relative.to_owned())
            }
            _ => io_error(relative, error),
        }
    }
}

impl RootFile {
    /// The file's canonical path (what the kernel says the opened file's path is; beneath the root).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the file as UTF-8 text.
    pub fn read_text(self) -> Result<String, PathError> {
        read_all(self.file, &self.relative)
    }
}

/// How files are opened for reading: non-blocking, so that opening a FIFO never waits for a writer.
fn read_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true).custom_flags(libc::O_NONBLOCK);
    options
}

/// The whole of `file` as UTF-8 text.
fn read_all(mut file: std::fs::File, relative: &str) -> Result<String, PathError> {
    let mut text = String::new();
    file.read_to_string(&mut text)
        .map_err(|e| io_error(relative, e))?;
    Ok(text)
}

/// Lexically checks `relative` (not empty, not absolute, no `..` above the root), for clear errors before the
/// open that really confines.
fn checked_relative(relative: &str) -> Result<&Path, PathError> {
    if relative.trim().is_empty() {
        return Err(PathError::Empty(relative.to_owned()));
    }
    let path = Path::new(relative);
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
    Ok(path)
}

/// The path the kernel gives an open file (`/proc/self/fd/N`), `None` where it cannot tell.
fn real_path(file: &std::fs::File) -> Option<PathBuf> {
    use std::os::fd::AsRawFd;
    std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()
}

fn io_error(relative: &str, error: std::io::Error) -> PathError {
    PathError::Io {
        path: relative.to_owned(),
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    /// A temporary directory holding `root/` and, beside it, `outside/` with `secret.txt`.
    struct Fixture {
        _dir: tempfile::TempDir,
        root: PathBuf,
        outside: PathBuf,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        let outside = dir.path().join("outside");
        std::fs::create_dir(&root).unwrap();
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "secret").unwrap();
        std::fs::write(root.join("ok.js"), "1").unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/inner.txt"), "inner").unwrap();
        Fixture {
            _dir: dir,
            root,
            outside,
        }
    }

    #[test]
    fn lexical_checks_name_the_path_as_written() {
        assert!(checked_relative("a/b.js").is_ok());
        assert!(checked_relative("a/../b.js").is_ok());
        assert_eq!(
            checked_relative("../x"),
            Err(PathError::Escapes("../x".into()))
        );
        assert!(matches!(
            checked_relative("a/../../x"),
            Err(PathError::Escapes(_))
        ));
        assert_eq!(
            checked_relative("/etc/passwd"),
            Err(PathError::Absolute("/etc/passwd".into()))
        );
        assert!(matches!(checked_relative(" "), Err(PathError::Empty(_))));
    }

    #[test]
    fn session_paths_see_the_root_as_slash_and_errors_name_them_as_written() {
        assert_eq!(session_relative("a/b"), "a/b");
        assert_eq!(session_relative("/a/b"), "a/b");
        assert_eq!(session_relative("///a"), "a");
        assert_eq!(session_relative("/"), ".");
        assert_eq!(session_relative("/../etc/passwd"), "../etc/passwd");
        assert_eq!(session_relative(""), "");
        let f = fixture();
        let root = Root::open(&f.root).unwrap();
        assert_eq!(
            root.read_text(session_relative("/sub/inner.txt")).unwrap(),
            "inner"
        );
        let escaped = checked_relative(session_relative("/../outside/secret.txt")).unwrap_err();
        assert_eq!(
            escaped.naming("/../outside/secret.txt"),
            PathError::Escapes("/../outside/secret.txt".into())
        );
    }

    #[test]
    fn inside_files_and_inside_symlinks_work() {
        let f = fixture();
        let root = Root::open(&f.root).unwrap();
        symlink("sub/inner.txt", f.root.join("link.txt")).unwrap();
        symlink("sub", f.root.join("sublink")).unwrap();
        assert_eq!(root.read_text("ok.js").unwrap(), "1");
        assert_eq!(root.read_text("./sub/../ok.js").unwrap(), "1");
        assert_eq!(root.read_text("link.txt").unwrap(), "inner");
        assert_eq!(root.read_text("sublink/inner.txt").unwrap(), "inner");
        // The identity of a file reached through a link is its real path.
        let opened = root.open_file("link.txt").unwrap();
        assert_eq!(
            opened.path(),
            f.root.canonicalize().unwrap().join("sub/inner.txt")
        );
        root.write_text("sublink/new.txt", "n").unwrap();
        assert_eq!(
            std::fs::read_to_string(f.root.join("sub/new.txt")).unwrap(),
            "n"
        );
        // A dangling link whose target would be inside the root creates that file.
        symlink("sub/later.txt", f.root.join("later.txt")).unwrap();
        root.write_text("later.txt", "l").unwrap();
        assert_eq!(
            std::fs::read_to_string(f.root.join("sub/later.txt")).unwrap(),
            "l"
        );
    }

    #[test]
    fn every_way_out_is_refused_and_nothing_outside_changes() {
        let f = fixture();
        let root = Root::open(&f.root).unwrap();
        let pwned = f.outside.join("pwned.txt");
        // A dangling link to a file outside (absolute and relative targets).
        symlink(&pwned, f.root.join("out.txt")).unwrap();
        symlink("../outside/pwned2.txt", f.root.join("out2.txt")).unwrap();
        // Links to an existing outside file and directory.
        symlink(f.outside.join("secret.txt"), f.root.join("secret.txt")).unwrap();
        symlink(&f.outside, f.root.join("up")).unwrap();
        symlink("..", f.root.join("parent")).unwrap();
        for name in [
            "out.txt",
            "out2.txt",
            "secret.txt",
            "up/secret.txt",
            "up/new.txt",
        ] {
            assert_eq!(
                root.write_text(name, "x"),
                Err(PathError::Escapes(name.into())),
                "{name}"
            );
        }
        for name in [
            "out.txt",
            "secret.txt",
            "up/secret.txt",
            "parent/outside/secret.txt",
            "sub/../up/secret.txt",
        ] {
            let error = root.read_text(name).unwrap_err();
            assert_eq!(error, PathError::Escapes(name.into()), "{name}");
            assert!(error.is_permission_denied());
        }
        assert_eq!(
            root.read_text("/etc/passwd"),
            Err(PathError::Absolute("/etc/passwd".into()))
        );
        assert_eq!(
            root.write_text("../outside/secret.txt", "x"),
            Err(PathError::Escapes("../outside/secret.txt".into()))
        );
        assert!(!pwned.exists() && !f.outside.join("pwned2.txt").exists());
        assert!(!f.outside.join("new.txt").exists());
        assert_eq!(
            std::fs::read_to_string(f.outside.join("secret.txt")).unwrap(),
            "secret"
        );
    }

    #[test]
    fn a_link_swapped_between_two_calls_is_checked_at_each_open() {
        let f = fixture();
        let root = Root::open(&f.root).unwrap();
        let link = f.root.join("swap.txt");
        symlink("sub/inner.txt", &link).unwrap();
        assert_eq!(root.read_text("swap.txt").unwrap(), "inner");
        root.write_text("swap.txt", "changed").unwrap();
        std::fs::remove_file(&link).unwrap();
        symlink(f.outside.join("secret.txt"), &link).unwrap();
        assert!(matches!(
            root.read_text("swap.txt"),
            Err(PathError::Escapes(_))
        ));
        assert!(matches!(
            root.write_text("swap.txt", "x"),
            Err(PathError::Escapes(_))
        ));
        assert_eq!(
            std::fs::read_to_string(f.outside.join("secret.txt")).unwrap(),
            "secret"
        );
    }

    #[test]
    fn the_root_handle_outlives_a_rename_of_its_path() {
        let f = fixture();
        let root = Root::open(&f.root).unwrap();
        // The root's path now names a link to the outside directory: the handle still means the old directory.
        let moved = f.root.with_file_name("moved");
        std::fs::rename(&f.root, &moved).unwrap();
        symlink(&f.outside, &f.root).unwrap();
        assert!(matches!(
            root.read_text("secret.txt"),
            Err(PathError::NotFound { .. })
        ));
        assert_eq!(root.read_text("ok.js").unwrap(), "1");
    }

    #[test]
    fn hard_links_are_read_but_never_written_and_special_files_refused() {
        let f = fixture();
        let root = Root::open(&f.root).unwrap();
        std::fs::hard_link(f.outside.join("secret.txt"), f.root.join("hard.txt")).unwrap();
        assert_eq!(root.read_text("hard.txt").unwrap(), "secret");
        assert_eq!(
            root.write_text("hard.txt", "x"),
            Err(PathError::MultiplyLinked("hard.txt".into()))
        );
        assert_eq!(
            std::fs::read_to_string(f.outside.join("secret.txt")).unwrap(),
            "secret",
            "not truncated"
        );
        // A FIFO would block a plain open for reading forever.
        let fifo = std::ffi::CString::new(f.root.join("fifo").to_str().unwrap()).unwrap();
        // SAFETY: mkfifo reads a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert_eq!(
            root.read_text("fifo"),
            Err(PathError::NotAFile {
                path: "fifo".into(),
                kind: "a FIFO"
            })
        );
        // Writing one: refused at once (no reader: ENXIO from the non-blocking open), not a hang.
        assert!(root.write_text("fifo", "x").is_err());
        assert_eq!(
            root.read_text("sub").unwrap_err().to_string(),
            "`sub` is a directory, not a regular file"
        );
        assert!(matches!(
            root.read_text("missing.js"),
            Err(PathError::NotFound { .. })
        ));
    }
}
