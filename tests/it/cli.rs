//! The `vmjs` binary as a user runs it: exit codes, `--json`, templates, history.

use std::process::Command;

use super::Env;

fn vmjs(env: &Env, args: &[&str]) -> std::process::Output {
    Command::new(super::vmjs_bin())
        .args(args)
        .current_dir(env.root())
        .env("VMJS_DB", env.db())
        .output()
        .unwrap()
}

#[test]
fn run_exit_codes_follow_the_outcome() {
    let env = Env::new();
    let root = env.root();
    std::fs::write(root.join("ok.js"), "console.log('hi', vmjs.args)").unwrap();
    std::fs::write(root.join("throw.js"), "\nnull.x").unwrap();
    std::fs::write(root.join("loop.js"), "while (true) {}").unwrap();
    let ok = vmjs(&env, &["run", "ok.js", "--", "one"]);
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&ok.stdout), "hi [ 'one' ]\n");
    let thrown = vmjs(&env, &["run", "throw.js"]);
    assert_eq!(thrown.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&thrown.stderr);
    assert!(
        stderr.contains("throw.js:2") && stderr.contains("TypeError"),
        "{stderr}"
    );
    assert_eq!(
        vmjs(&env, &["run", "loop.js", "--timeout", "100"])
            .status
            .code(),
        Some(124)
    );
    assert_eq!(vmjs(&env, &["run", "missing.js"]).status.code(), Some(2));
    assert_eq!(vmjs(&env, &["run", "../x.js"]).status.code(), Some(2));
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("x.js");
    std::fs::write(&outside, "1").unwrap();
    let refused = vmjs(&env, &["run", outside.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("is outside the session root") && stderr.contains("pass --root"),
        "{stderr}"
    );
}

/// An error thrown in an imported module shows that module's line (Node does), never the running file's line
/// of that number; an error in code without a file (a CommonJS module's `new Function`) shows no line.
#[test]
fn run_shows_the_line_of_the_file_that_threw() {
    let env = Env::new();
    let root = env.root();
    std::fs::write(
        root.join("lib.js"),
        "export function first(rows) {\n  return rows[0].name;\n}\n",
    )
    .unwrap();
    std::fs::write(
        root.join("main.js"),
        "import { first } from './lib.js';\nconsole.log('main line two');\nfirst([]);\n",
    )
    .unwrap();
    std::fs::write(
        root.join("util.cjs"),
        "exports.f = () => {\n  null.x;\n};\n",
    )
    .unwrap();
    std::fs::write(
        root.join("cjs.js"),
        "const u = require('./util.cjs');\nconsole.log('cjs line two');\nu.f();\n",
    )
    .unwrap();
    let out = vmjs(&env, &["run", "main.js"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("lib.js:2\n  return rows[0].name;\n                 ^\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("main line two"), "{stderr}");
    // A CommonJS file's frames name it too (boa's `new Function` made them `unknown at`).
    let out = vmjs(&env, &["run", "cjs.js"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("util.cjs:2\n  null.x;\n       ^\n"),
        "{stderr}"
    );
    assert!(stderr.contains(" (util.cjs:2:8)\n"), "{stderr}");
    assert!(!stderr.contains("cjs line two"), "{stderr}");
}

#[test]
fn run_runs_typescript_and_points_into_it() {
    let env = Env::new();
    let root = env.root();
    std::fs::write(
        root.join("greet.ts"),
        "type Name = string;\nconst greet = (name: Name): string => `hi ${name}`;\nconsole.log(greet(vmjs.args[0] as Name));\n",
    )
    .unwrap();
    let ok = vmjs(&env, &["run", "greet.ts", "--", "ts"]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    assert_eq!(String::from_utf8_lossy(&ok.stdout), "hi ts\n");
    // The source line the CLI quotes and the position are the TypeScript's (line 4, after a type the printed
    // JavaScript no longer has).
    std::fs::write(
        root.join("fail.ts"),
        "interface Box {\n  v: number\n}\nconst box: Box | null = null as Box | null;\nconsole.log(box!.v);\n",
    )
    .unwrap();
    let failed = vmjs(&env, &["run", "fail.ts"]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("fail.ts:5"), "{stderr}");
    assert!(stderr.contains("console.log(box!.v);"), "{stderr}");
}

#[test]
fn run_json_prints_one_execution_object() {
    let env = Env::new();
    std::fs::write(env.root().join("v.js"), "console.log(1); ({a: [1, 2]})").unwrap();
    let out = vmjs(&env, &["run", "v.js", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["result"]["json"], serde_json::json!({"a": [1, 2]}));
    assert_eq!(json["result"]["type"], "Object");
    assert_eq!(json["metrics"]["n_events"], 2);
    assert_eq!(json["events"][0]["seq"], 1);
    assert_eq!(json["events"][0]["type"], "console");
    assert_eq!(json["events"][0]["payload"]["text"], "1");
}

#[test]
fn templates_are_managed_from_the_cli() {
    let env = Env::new();
    assert_eq!(
        vmjs(
            &env,
            &[
                "template",
                "create",
                "nb",
                "--wall-ms",
                "50",
                "--allow",
                "fs.read"
            ]
        )
        .status
        .code(),
        Some(0)
    );
    let dup = vmjs(&env, &["template", "create", "nb"]);
    assert_eq!(dup.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&dup.stderr).contains("already exists"));
    let shown = vmjs(&env, &["template", "show", "nb", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(json["limits"]["wall_ms"], 50);
    assert_eq!(json["capabilities"]["fs_read"], true);
    std::fs::write(env.root().join("loop.js"), "while (true) {}").unwrap();
    assert_eq!(
        vmjs(&env, &["run", "loop.js", "--template", "nb"])
            .status
            .code(),
        Some(124)
    );
    assert_eq!(
        vmjs(&env, &["template", "delete", "default"]).status.code(),
        Some(2)
    );
    assert_eq!(
        vmjs(&env, &["template", "delete", "nb"]).status.code(),
        Some(0)
    );
    let list = vmjs(&env, &["template", "list", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
}

#[test]
fn history_lists_and_shows_executions() {
    let env = Env::new();
    std::fs::write(env.root().join("a.js"), "console.log('x')").unwrap();
    assert_eq!(vmjs(&env, &["run", "a.js"]).status.code(), Some(0));
    let list = vmjs(&env, &["history", "list", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let id = json[0]["id"].as_str().unwrap().to_owned();
    let show = vmjs(&env, &["history", "show", &id, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(json["events"][0]["payload"]["text"], "x");
    let sessions = vmjs(&env, &["session", "list", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&sessions.stdout).unwrap();
    assert_eq!(json[0]["status"], "closed");
}

#[test]
fn prompt_reads_a_line_from_stdin() {
    use std::io::Write;
    let env = Env::new();
    std::fs::write(
        env.root().join("ask.js"),
        "console.log('got ' + prompt('name? '))",
    )
    .unwrap();
    let mut child = Command::new(super::vmjs_bin())
        .args(["run", "ask.js"])
        .current_dir(env.root())
        .env("VMJS_DB", env.db())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"ada\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "got ada\n");
}

#[test]
fn kernel_install_records_an_absolute_database_path() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_vmjs"))
        .current_dir(dir.path())
        .args(["--db", "rel.db", "kernel", "install", "--prefix", "p"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("p/share/jupyter/kernels/vmjs/kernel.json"))
            .unwrap(),
    )
    .unwrap();
    let argv = spec["argv"].as_array().unwrap();
    let db = argv[argv.iter().position(|a| a == "--db").unwrap() + 1]
        .as_str()
        .unwrap();
    assert!(std::path::Path::new(db).is_absolute(), "{db}");
    assert!(db.ends_with("rel.db"));
}

#[test]
fn unreadable_and_non_utf8_sources_are_usage_errors_with_a_clear_message() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let root = env.root();
    std::fs::write(root.join("latin1.js"), b"console.log('caf\xe9')").unwrap();
    std::fs::write(root.join("locked.js"), "console.log(1)").unwrap();
    std::fs::set_permissions(
        root.join("locked.js"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::create_dir(root.join("dir.js")).unwrap();
    let readable_anyway = std::fs::read(root.join("locked.js")).is_ok(); // root ignores modes
    for (file, expect) in [
        ("latin1.js", "UTF-8"),
        ("locked.js", "ermission denied"),
        ("dir.js", "directory"),
    ] {
        if file == "locked.js" && readable_anyway {
            continue;
        }
        let out = vmjs(&env, &["run", file]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert!(
            stderr.contains(file) && stderr.contains(expect),
            "{file}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{file}");
    }
}
