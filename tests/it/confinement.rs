//! The session root confines every file access, tested as an attacker would: dangling symlinks (the kind a
//! cloned repository carries), links to outside files and directories, `..` through a linked directory, a
//! link swapped between two calls, absolute paths, a hard link made before the session started, and each of
//! these through `vmjs.fs`, module imports, run-file and startup files. Nothing outside the root is created,
//! read or truncated, and the error is `PermissionDenied` naming the path as the code wrote it. File calls
//! see the root as `/` (Node's `process.cwd()`): an absolute path names a file of the root, never the host's.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use vmjs_core::host::{ExecuteRequest, Session, SessionError};
use vmjs_core::model::{ExecutionRecord, ExecutionStatus, Template};

use crate::{Env, repl, stored_console_lines};

/// A session root (the Env's) and, beside it, a directory the code must never reach.
struct Arena {
    env: Env,
    outside: tempfile::TempDir,
}

impl Arena {
    /// The root holds: `sub/inner.txt`, `sub/inner.js`; links `sublink -> sub` (inside), `parent -> ..`,
    /// `outdir -> OUTSIDE` (absolute), `secret.txt -> OUTSIDE/secret.txt` and `secret.js -> OUTSIDE/secret.js`
    /// (existing files), `dangling.txt -> OUTSIDE/pwned.txt` and `dangling_rel.txt -> ../OUTSIDE/pwned_rel.txt`
    /// (dangling, absolute and relative), `hard.txt` (a hard link to `OUTSIDE/hard.txt`).
    fn new() -> Self {
        let env = Env::new();
        let outside = tempfile::tempdir().unwrap();
        let out = outside.path();
        std::fs::write(out.join("secret.txt"), "secret").unwrap();
        std::fs::write(
            out.join("secret.js"),
            "console.log('escaped'); export const x = 1;",
        )
        .unwrap();
        std::fs::write(out.join("hard.txt"), "hard secret").unwrap();
        let root = env.root();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/inner.txt"), "inner").unwrap();
        std::fs::write(
            root.join("sub/inner.js"),
            "export const inner = 'inner module';",
        )
        .unwrap();
        symlink("sub", root.join("sublink")).unwrap();
        symlink("..", root.join("parent")).unwrap();
        symlink(out, root.join("outdir")).unwrap();
        symlink(out.join("secret.txt"), root.join("secret.txt")).unwrap();
        symlink(out.join("secret.js"), root.join("secret.js")).unwrap();
        symlink(out.join("pwned.txt"), root.join("dangling.txt")).unwrap();
        symlink(
            Path::new("..")
                .join(Self::name_of(out))
                .join("pwned_rel.txt"),
            root.join("dangling_rel.txt"),
        )
        .unwrap();
        std::fs::hard_link(out.join("hard.txt"), root.join("hard.txt")).unwrap();
        Self { env, outside }
    }

    fn name_of(dir: &Path) -> String {
        dir.file_name().unwrap().to_string_lossy().into_owned()
    }

    fn out(&self) -> &Path {
        self.outside.path()
    }

    /// `parent/OUTSIDE_NAME/file`: up through a link to `..`, then into the outside directory.
    fn via_parent(&self, file: &str) -> String {
        format!("parent/{}/{file}", Self::name_of(self.out()))
    }

    fn session(&self, read: bool, write: bool) -> Session {
        let mut template = Template::new("confined");
        template.capabilities.fs_read = read;
        template.capabilities.fs_write = write;
        self.env.session(template)
    }

    /// What the outside directory holds, with contents: the same before and after any attempt.
    fn outside_listing(&self) -> Vec<(String, String)> {
        let mut entries: Vec<(String, String)> = std::fs::read_dir(self.out())
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                (
                    path.file_name().unwrap().to_string_lossy().into_owned(),
                    text,
                )
            })
            .collect();
        entries.sort();
        entries
    }
}

/// Asserts the execution failed with `PermissionDenied` whose message names `path` as written.
fn assert_denied(record: &ExecutionRecord, path: &str, what: &str) {
    assert_eq!(record.status, ExecutionStatus::Error, "{what}: {record:?}");
    let error = record.error.as_ref().unwrap();
    assert_eq!(error.name, "PermissionDenied", "{what}: {}", error.message);
    assert!(
        error.message.contains(&format!("`{path}`")),
        "{what}: {}",
        error.message
    );
}

fn js(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Every way code reads a file (`PATH` is the path's JavaScript literal): vmjs's, Deno's and Node's, text
/// and bytes, synchronous and not.
const READS: [&str; 10] = [
    "vmjs.fs.readTextFile(PATH)",
    "vmjs.fs.stat(PATH)",
    "require('fs').statSync(PATH)",
    "await Deno.stat(PATH)",
    "vmjs.fs.readFile(PATH)",
    "Deno.readTextFileSync(PATH)",
    "await Deno.readTextFile(PATH)",
    "Deno.readFileSync(PATH)",
    "require('fs').readFileSync(PATH)",
    "await require('fs').promises.readFile(PATH, 'utf8')",
];

/// Every way code writes a file.
const WRITES: [&str; 6] = [
    "vmjs.fs.writeTextFile(PATH, 'x')",
    "vmjs.fs.writeFile(PATH, new Uint8Array([120]))",
    "Deno.writeTextFileSync(PATH, 'x')",
    "await Deno.writeFile(PATH, new Uint8Array([120]))",
    "require('fs').writeFileSync(PATH, 'x')",
    "require('fs').writeFileSync(PATH, Buffer.from([120]))",
];

#[test]
fn writes_never_leave_the_root() {
    let arena = Arena::new();
    let before = arena.outside_listing();
    let session = arena.session(true, true);
    let absolute = arena.out().join("abs.txt").display().to_string();
    let escapes = [
        "/../x.txt".to_owned(),
        "//dangling.txt".to_owned(),
        "/outdir/new.txt".to_owned(),
        format!("/{}", arena.via_parent("new5.txt")),
        "dangling.txt".to_owned(),
        "dangling_rel.txt".to_owned(),
        "secret.txt".to_owned(),
        "outdir/new.txt".to_owned(),
        "outdir/secret.txt".to_owned(),
        "sublink/../outdir/new2.txt".to_owned(),
        arena.via_parent("new3.txt"),
        arena.via_parent("secret.txt"),
        format!("../{}/new4.txt", Arena::name_of(arena.out())),
    ];
    for path in &escapes {
        for write in WRITES {
            let code = write.replace("PATH", &js(path));
            assert_denied(&repl(&session, &code), path, &code);
        }
    }
    // The host's absolute path of an outside file names a path of the root, whose folders do not exist.
    for write in WRITES {
        let code = write.replace("PATH", &js(&absolute));
        let record = repl(&session, &code);
        assert_eq!(record.status, ExecutionStatus::Error, "{code}");
        assert!(record.error.unwrap().message.contains(&absolute), "{code}");
    }
    // Hard link made before the session: the same file as an outside name, so never written (nor truncated).
    for write in WRITES {
        let code = write.replace("PATH", "'hard.txt'");
        assert_denied(&repl(&session, &code), "hard.txt", &code);
    }
    assert_eq!(arena.outside_listing(), before, "nothing outside changed");
    // Inside the root, through an inside link, writing works: text, and bytes as they are (not UTF-8).
    let record = repl(
        &session,
        "vmjs.fs.writeTextFile('sublink/new.txt', 'n'); vmjs.fs.readTextFile('sub/new.txt')",
    );
    assert_eq!(record.result.unwrap().preview, "'n'");
    // The root is `/`: Node's resolved paths write into it.
    let record = repl(
        &session,
        "const path = require('path'); require('fs').writeFileSync(path.resolve('sub/abs.txt'), 'a');\n\
         [path.resolve('sub/abs.txt'), vmjs.fs.readTextFile('sub/abs.txt'), vmjs.fs.readTextFile('//sub/./abs.txt')]",
    );
    assert_eq!(
        record.result.unwrap().preview,
        "[ '/sub/abs.txt', 'a', 'a' ]"
    );
    let record = repl(
        &session,
        "Deno.writeFileSync('sublink/b.bin', new Uint8Array([0x89, 0x50, 0, 0xff]));\n\
         [require('fs').readFileSync('sub/b.bin', 'hex'), Array.from(Deno.readFileSync('sub/b.bin')), \
          Deno.readTextFileSync('sub/b.bin').length]",
    );
    assert_eq!(
        record.result.unwrap().preview,
        "[ '895000ff', [ 137, 80, 0, 255 ], 4 ]"
    );
}

#[test]
fn reads_never_leave_the_root() {
    let arena = Arena::new();
    let session = arena.session(true, false);
    let absolute = arena.out().join("secret.txt").display().to_string();
    for path in [
        "secret.txt".to_owned(),
        "/secret.txt".to_owned(),
        "dangling.txt".to_owned(),
        "outdir/secret.txt".to_owned(),
        "/outdir/secret.txt".to_owned(),
        "sublink/../outdir/secret.txt".to_owned(),
        arena.via_parent("secret.txt"),
        format!("//{}", arena.via_parent("secret.txt")),
        "../x.txt".to_owned(),
        "/../x.txt".to_owned(),
        format!("/..{absolute}"),
    ] {
        for read in READS {
            let code = read.replace("PATH", &js(&path));
            let record = repl(&session, &code);
            assert_denied(&record, &path, &code);
            // The outside file's text reaches neither a value nor the error.
            assert!(record.result.is_none(), "{code}");
            let error = record.error.as_ref().unwrap();
            assert!(!error.message.contains("hard secret") && !error.message.contains("'secret'"));
        }
    }
    // An outside file's absolute path names a file of the root (its `/`), which does not exist.
    for read in READS {
        let code = read.replace("PATH", &js(&absolute));
        let record = repl(&session, &code);
        assert_eq!(record.status, ExecutionStatus::Error, "{code}");
        let error = record.error.as_ref().unwrap();
        assert!(
            error
                .message
                .contains(&format!("`{absolute}` does not exist in the session root")),
            "{code}: {}",
            error.message
        );
    }
    let record = repl(
        &session,
        "const fs = require('fs'); [fs.readFileSync('/sub/inner.txt', 'utf8'), fs.readdirSync('/').length > 5, \
         fs.readdirSync(process.cwd()).includes('sub'), fs.existsSync('/sub'), fs.statSync('/').isDirectory()]",
    );
    assert_eq!(
        record.result.unwrap().preview,
        "[ 'inner', true, true, true, true ]"
    );
    // `existsSync` is no oracle for what is outside: false for an outside file that exists, through any path.
    let record = repl(
        &session,
        &format!(
            "['secret.txt', 'outdir/secret.txt', {}, {}].map((p) => require('fs').existsSync(p))",
            js(&arena.via_parent("secret.txt")),
            js(&arena.out().join("secret.txt").display().to_string())
        ),
    );
    assert_eq!(
        record.result.unwrap().preview,
        "[ false, false, false, false ]"
    );
    // Directories: no listing of one outside, through a link or a path; the root's own links are listed as
    // links, never followed.
    let out_dir = Arena::name_of(arena.out());
    for path in [
        "outdir".to_owned(),
        "outdir/".to_owned(),
        "parent".to_owned(),
        "sublink/../outdir".to_owned(),
        "sublink/../parent".to_owned(),
        arena.via_parent(""),
        format!("../{out_dir}"),
        "..".to_owned(),
        arena.out().display().to_string(),
        "dangling.txt".to_owned(),
    ] {
        for list in [
            "vmjs.fs.readDir(PATH)",
            "require('fs').readdirSync(PATH)",
            "[...Deno.readDirSync(PATH)]",
        ] {
            let code = list.replace("PATH", &js(&path));
            let record = repl(&session, &code);
            assert_eq!(record.status, ExecutionStatus::Error, "{code}");
            let error = record.error.as_ref().unwrap();
            assert!(
                error.name == "PermissionDenied" || error.message.contains("does not exist"),
                "{code}: {} {}",
                error.name,
                error.message
            );
            assert!(
                !error.message.contains("secret.txt"),
                "{code}: {}",
                error.message
            );
        }
    }
    let record = repl(
        &session,
        "require('fs').readdirSync('.', { withFileTypes: true }).filter((d) => d.isSymbolicLink()).map((d) => d.name).join()",
    );
    assert_eq!(
        record.result.unwrap().preview,
        "'dangling.txt,dangling_rel.txt,outdir,parent,secret.js,secret.txt,sublink'"
    );
    // What a hard link can do: it *is* the file (reading it reads the outside name's data). vmjs cannot tell
    // it from a file made in the root; it never writes one (see above). git cannot carry hard links.
    let record = repl(&session, "vmjs.fs.readTextFile('hard.txt')");
    assert_eq!(record.result.unwrap().preview, "'hard secret'");
    let record = repl(&session, "vmjs.fs.readTextFile('sublink/inner.txt')");
    assert_eq!(record.result.unwrap().preview, "'inner'");
}

#[test]
fn a_link_swapped_between_two_calls_is_checked_again() {
    let arena = Arena::new();
    let link = arena.env.root().join("swap.txt");
    symlink("sub/inner.txt", &link).unwrap();
    let session = arena.session(true, true);
    let record = repl(&session, "vmjs.fs.readTextFile('swap.txt')");
    assert_eq!(record.result.unwrap().preview, "'inner'");
    // Swap the link to an outside target between two calls, and between two writes.
    std::fs::remove_file(&link).unwrap();
    symlink(arena.out().join("secret.txt"), &link).unwrap();
    let record = repl(&session, "vmjs.fs.readTextFile('swap.txt')");
    assert_denied(&record, "swap.txt", "read after the swap");
    let record = repl(&session, "vmjs.fs.writeTextFile('swap.txt', 'x')");
    assert_denied(&record, "swap.txt", "write after the swap");
    std::fs::remove_file(&link).unwrap();
    symlink(arena.out().join("swapped-new.txt"), &link).unwrap();
    let record = repl(&session, "vmjs.fs.writeTextFile('swap.txt', 'x')");
    assert_denied(&record, "swap.txt", "write through a swapped dangling link");
    assert!(!arena.out().join("swapped-new.txt").exists());
    assert_eq!(
        std::fs::read_to_string(arena.out().join("secret.txt")).unwrap(),
        "secret"
    );
}

#[test]
fn imports_and_run_files_never_leave_the_root() {
    let arena = Arena::new();
    let root = arena.env.root();
    std::fs::write(
        root.join("imports_secret.js"),
        "import { x } from './secret.js';\nconsole.log(x);",
    )
    .unwrap();
    let session = arena.session(false, false);
    let absolute = arena.out().join("secret.js").display().to_string();
    for specifier in [
        "./secret.js".to_owned(),
        "./outdir/secret.js".to_owned(),
        "./sublink/../outdir/secret.js".to_owned(),
        format!("./{}", arena.via_parent("secret.js")),
        "./dangling.txt".to_owned(),
    ] {
        let record = repl(&session, &format!("await import({})", js(&specifier)));
        assert_denied(&record, &specifier, &format!("import {specifier}"));
        assert!(
            stored_console_lines(&arena.env, &record).is_empty(),
            "import {specifier}"
        );
        let record = repl(&session, &format!("import * as m from {};", js(&specifier)));
        assert_denied(&record, &specifier, &format!("static import {specifier}"));
        assert!(
            stored_console_lines(&arena.env, &record).is_empty(),
            "static import {specifier}"
        );
    }
    let record = repl(&session, &format!("await import({})", js(&absolute)));
    assert_eq!(record.status, ExecutionStatus::Error);
    assert!(stored_console_lines(&arena.env, &record).is_empty());
    // A file inside the root that imports through a link out.
    let record = session
        .execute(ExecuteRequest::run_file(
            session.root(),
            "imports_secret.js",
        ))
        .wait_blocking(|_| {});
    assert_denied(&record, "./secret.js", "run-file importing through a link");
    assert!(stored_console_lines(&arena.env, &record).is_empty());
    for path in [
        "secret.js".to_owned(),
        "outdir/secret.js".to_owned(),
        arena.via_parent("secret.js"),
        absolute.clone(),
    ] {
        let record = session
            .execute(ExecuteRequest::run_file(session.root(), &path))
            .wait_blocking(|_| {});
        assert_denied(&record, &path, &format!("run-file {path}"));
        assert!(
            stored_console_lines(&arena.env, &record).is_empty(),
            "run-file {path}"
        );
    }
    // Inside links keep working (and what a module logs is seen: the checks above can fail).
    std::fs::write(root.join("sub/logs.js"), "console.log('inside');").unwrap();
    let record = repl(&session, "await import('./sublink/logs.js')");
    assert_eq!(stored_console_lines(&arena.env, &record), ["inside"]);
    let record = repl(&session, "(await import('./sublink/inner.js')).inner");
    assert_eq!(record.result.unwrap().preview, "'inner module'");
}

#[test]
fn startup_files_and_libraries_never_leave_the_root() {
    let arena = Arena::new();
    for (startup, path) in [
        (true, "secret.js".to_owned()),
        (true, "outdir/secret.js".to_owned()),
        (true, arena.via_parent("secret.js")),
        (true, "dangling.txt".to_owned()),
        (
            true,
            PathBuf::from(arena.out())
                .join("secret.js")
                .display()
                .to_string(),
        ),
        (false, "secret.js".to_owned()),
        (false, "sublink/../outdir/secret.js".to_owned()),
    ] {
        let mut template = Template::new("t");
        if startup {
            template.startup_files = vec![path.clone()];
        } else {
            template.libraries = vec![path.clone()];
        }
        match arena.env.start(template) {
            Err(SessionError::Startup { file, message }) => {
                assert_eq!(file, path);
                assert!(
                    message.starts_with("PermissionDenied: ")
                        && message.contains(&format!("`{path}`"))
                        && (message.contains("leaves the session root")
                            || message.contains("is absolute")),
                    "{path}: {message}"
                );
            }
            Err(other) => panic!("{path}: {other}"),
            Ok(_) => panic!("{path}: the session started"),
        }
    }
    // A startup file reached through an inside link works.
    std::fs::write(
        arena.env.root().join("sub/setup.js"),
        "globalThis.ready = 'yes';",
    )
    .unwrap();
    let mut template = Template::new("t");
    template.startup_files = vec!["sublink/setup.js".into()];
    let session = arena.env.session(template);
    assert_eq!(repl(&session, "ready").result.unwrap().preview, "'yes'");
}
