//! Hostile and broken user code: each ends its own execution with a clear outcome, the host lives on and the
//! session is usable (or restored) afterwards.

use std::time::{Duration, Instant};

use vmjs_core::host::ExecuteRequest;
use vmjs_core::model::{EventBody, ExecutionRecord, ExecutionStatus, Template};
use vmjs_core::store::Store;

use super::{Env, repl, stored_console_lines, timed, value};

/// The `system` notes of an execution, live and stored.
fn system_notes(env: &Env, record: &ExecutionRecord) -> Vec<String> {
    let stored = Store::open(&env.db())
        .and_then(|store| store.events(&record.id))
        .unwrap_or_default();
    record
        .events
        .iter()
        .chain(stored.iter())
        .filter_map(|e| match &e.body {
            EventBody::System { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn endless_loops_inside_native_callbacks_time_out_and_the_session_is_restored() {
    let env = Env::new();
    let session = env.session(timed(300));
    assert_eq!(value(&session, "var kept = 40; kept"), "40");
    for source in [
        "[1].forEach(() => { while (true) {} })",
        "[3, 1, 2].sort(() => { while (true) {} })",
        "const o = { get x() { while (true) {} } }; [o].map(v => v.x)",
        "JSON.parse('[1]', () => { for (;;) {} })",
    ] {
        let started = Instant::now();
        let record = repl(&session, source);
        assert_eq!(record.status, ExecutionStatus::Timeout, "{source}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{source} took {:?}",
            started.elapsed()
        );
        let notes = system_notes(&env, &record);
        assert!(
            notes.iter().any(|n| n.contains("restored")),
            "{source}: {notes:?}"
        );
        assert_eq!(value(&session, "kept + 2"), "42", "{source}");
    }
}

#[test]
fn catastrophic_regex_times_out_and_the_session_is_restored() {
    let env = Env::new();
    let session = env.session(timed(300));
    assert_eq!(value(&session, "var kept = 1; kept"), "1");
    let record = repl(&session, "/^(a+)+$/.test('a'.repeat(40) + 'b')");
    assert_eq!(record.status, ExecutionStatus::Timeout);
    assert_eq!(
        record.error.as_ref().map(|e| e.name.as_str()),
        Some("Timeout")
    );
    assert_eq!(value(&session, "kept"), "1");
}

#[test]
fn huge_strings_and_unbounded_arrays_fail_clearly_under_a_small_memory_cap() {
    let env = Env::new();
    let mut template = Template::new("t");
    template.limits.mem_mb = 96;
    template.limits.wall_ms = Some(20_000);
    let session = env.session(template);
    assert_eq!(value(&session, "var kept = 5; kept"), "5");
    for source in [
        "'x'.repeat(2 ** 30).length",
        "const grow = []; while (true) grow.push(new Array(100000).fill(grow.length))",
    ] {
        let record = repl(&session, source);
        let error = record
            .error
            .clone()
            .unwrap_or_else(|| panic!("{source}: no error, {:?}", record.status));
        match record.status {
            ExecutionStatus::Crashed => {
                assert!(error.message.contains("memory"), "{source}: {error:?}")
            }
            ExecutionStatus::Error => {
                assert_eq!(error.name, "RangeError", "{source}: {error:?}")
            }
            other => panic!("{source}: {other:?} {error:?}"),
        }
        assert_eq!(value(&session, "kept * 2"), "10", "{source}");
    }
}

#[test]
fn deep_nesting_in_cells_and_in_eval_is_an_error_not_an_abort() {
    let env = Env::new();
    // boa needs far longer than this for 100k nested function bodies: a timeout is a clear outcome too.
    let session = env.session(timed(3000));
    assert_eq!(value(&session, "var kept = 3; kept"), "3");
    let n = 100_000;
    let arrays = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let functions = format!("{}{}", "function f() {".repeat(n), "}".repeat(n));
    let parens = format!("{}1{}", "(".repeat(n), ")".repeat(n));
    for source in [&arrays, &functions, &parens] {
        let record = repl(&session, source);
        assert_eq!(record.status, ExecutionStatus::Error);
        assert_eq!(record.error.map(|e| e.name), Some("SyntaxError".to_owned()));
    }
    // The same texts reaching boa's parser through eval / Function at run time.
    for builder in [
        "eval('['.repeat(100000) + ']'.repeat(100000))",
        "eval('('.repeat(100000) + '1' + ')'.repeat(100000))",
        "new Function('function f() {'.repeat(100000) + '}'.repeat(100000))",
    ] {
        let record = repl(&session, builder);
        assert_ne!(record.status, ExecutionStatus::Ok, "{builder}");
        assert!(record.error.is_some(), "{builder}");
        assert_eq!(value(&session, "kept"), "3", "{builder}");
    }
    // Built at run time without the parser: a 100k-deep array is a value like any other.
    let record = repl(
        &session,
        "let deep = []; for (let i = 0; i < 100000; i++) deep = [deep]; deep",
    );
    assert_eq!(record.status, ExecutionStatus::Ok, "{:?}", record.error);
    assert!(record.result.is_some());
}

#[test]
fn stringifying_a_deep_structure_and_showing_it_do_not_kill_the_worker() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(value(&session, "var kept = 8; kept"), "8");
    let record = repl(
        &session,
        "var root = {}; let at = root; for (let i = 0; i < 10000; i++) at = at.x = {}; JSON.stringify(root).length",
    );
    match record.status {
        ExecutionStatus::Ok => assert_eq!(record.result.map(|r| r.preview), Some("60002".into())),
        ExecutionStatus::Error => {
            assert_eq!(record.error.map(|e| e.name), Some("RangeError".into()))
        }
        other => panic!("{other:?} {:?}", record.error),
    }
    // The host's formatting of the deep value stops at a depth.
    let preview = value(&session, "root");
    assert!(preview.len() < 1000, "{preview}");
    assert_eq!(value(&session, "kept"), "8");
}

#[test]
fn infinite_recursion_is_a_range_error_and_keeps_the_session() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(value(&session, "var kept = 9; kept"), "9");
    for source in [
        "function f() { return f() } f()",
        "const g = () => [g()].length; g()",
        "const o = { get self() { return this.self } }; o.self",
    ] {
        let record = repl(&session, source);
        assert_eq!(record.status, ExecutionStatus::Error, "{source}");
        assert_eq!(
            record.error.map(|e| e.name),
            Some("RangeError".to_owned()),
            "{source}"
        );
        assert_eq!(value(&session, "kept"), "9");
    }
}

#[test]
fn recursion_goes_as_deep_as_in_node() {
    // Node runs these ~10 000 calls deep; boa's own value-stack limit ended them after ~2 000.
    let env = Env::new();
    let session = env.session(Template::new("t"));
    for (source, expected) in [
        (
            "function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1) } depth(9000)",
            "9000",
        ),
        (
            "function walk(node) { let sum = node.v; for (const c of node.kids) sum += walk(c); return sum }\n\
             let chain = { v: 1, kids: [] }; for (let i = 0; i < 4999; i++) chain = { v: 1, kids: [chain] }\n\
             walk(chain)",
            "5000",
        ),
    ] {
        assert_eq!(value(&session, source), expected, "{source}");
    }
    let record = repl(
        &session,
        "function f(a, b) { const x = [a, b]; return f(x, b) } f(1, 2)",
    );
    assert_eq!(record.error.map(|e| e.name), Some("RangeError".to_owned()));
    assert_eq!(value(&session, "depth(10)"), "10");
}

#[test]
fn endless_promise_chains_and_interval_storms_time_out_and_leave_nothing_behind() {
    let env = Env::new();
    let session = env.session(timed(300));
    assert_eq!(value(&session, "var kept = 'k'; kept"), "'k'");
    for source in [
        "function again() { return Promise.resolve().then(again) } again(); 1",
        "globalThis.ticks = 0; for (let i = 0; i < 1000; i++) setInterval(() => { ticks++ }, 0); 1",
        "(async () => { while (true) await null })(); 1",
    ] {
        let started = Instant::now();
        let record = repl(&session, source);
        assert_eq!(record.status, ExecutionStatus::Timeout, "{source}");
        assert!(started.elapsed() < Duration::from_secs(5), "{source}");
        // Nothing of the storm survives into the next execution.
        let record = repl(&session, "kept");
        assert_eq!(
            record.status,
            ExecutionStatus::Ok,
            "{source}: {:?}",
            record.error
        );
        assert_eq!(record.result.map(|r| r.preview), Some("'k'".into()));
    }
}

#[test]
fn prototype_pollution_reaches_neither_the_host_formatting_nor_the_next_session() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let record = repl(
        &session,
        r#"
        Object.prototype.polluted = 'yes';
        Object.prototype.toString = () => 'pwned';
        Object.prototype.toJSON = () => 'pwned';
        Object.defineProperty(Object.prototype, 'constructor', { get() { throw new Error('trap') } });
        Object.defineProperty(Object.prototype, 'length', { get() { throw new Error('trap') } });
        Array.prototype[Symbol.iterator] = function* () { throw new Error('trap') };
        JSON.stringify = () => { throw new Error('trap') };
        Object.keys = () => { throw new Error('trap') };
        String.prototype.toString = () => 'pwned';
        1
    "#,
    );
    assert_eq!(record.status, ExecutionStatus::Ok, "{:?}", record.error);
    let record = repl(&session, "({ a: 1, b: [1, 'two'] })");
    assert_eq!(record.status, ExecutionStatus::Ok, "{:?}", record.error);
    let result = record.result.unwrap_or_else(|| panic!("no value"));
    assert_eq!(result.preview, "{ a: 1, b: [ 1, 'two' ] }");
    assert!(!result.preview.contains("pwned"));
    let record = repl(&session, "console.log({ a: 1 }, [2], 'three')");
    assert_eq!(
        stored_console_lines(&env, &record),
        ["{ a: 1 } [ 2 ] three"]
    );

    let fresh = env.session(Template::new("t"));
    assert_eq!(
        value(
            &fresh,
            "[({}).polluted, String({}), typeof JSON.stringify({})]"
        ),
        "[ undefined, '[object Object]', 'string' ]"
    );
}

#[test]
fn no_file_system_environment_process_or_network_without_a_capability() {
    let env = Env::new();
    std::fs::write(env.root().join("data.txt"), "secret").unwrap();
    let session = env.session(Template::new("t"));
    for (source, name) in [
        // fetch exists, over the template's `net:` grants (tests/it/fetch.rs).
        ("await fetch('http://127.0.0.1:1/')", "PermissionDenied"),
        // `require` exists (as in Node's REPL), over the same capabilities.
        (
            "require('fs').readFileSync('data.txt', 'utf8')",
            "PermissionDenied",
        ),
        ("require('child_process')", "PermissionDenied"),
        ("require('/etc/passwd')", "PermissionDenied"),
        (
            "require('../../../../../../etc/passwd')",
            "PermissionDenied",
        ),
        ("require('npm:../../etc')", "TypeError"),
        // Node's `fs` exists, over the template's capability.
        (
            "(await import('node:fs')).readFileSync('data.txt', 'utf8')",
            "PermissionDenied",
        ),
        (
            "(await import('fs')).writeFileSync('out.txt', 'x')",
            "PermissionDenied",
        ),
        (
            "(await import('fs')).existsSync('data.txt')",
            "PermissionDenied",
        ),
        // Deno's file functions exist, over the same capabilities.
        ("await Deno.readFile('data.txt')", "PermissionDenied"),
        ("Deno.readTextFileSync('/etc/passwd')", "PermissionDenied"),
        ("Deno.writeTextFileSync('out.txt', 'x')", "PermissionDenied"),
        ("vmjs.fs.readFile('data.txt')", "PermissionDenied"),
        ("vmjs.fs.readDir('.')", "PermissionDenied"),
        ("require('fs').statSync('data.txt')", "PermissionDenied"),
        ("Deno.statSync('data.txt')", "PermissionDenied"),
        ("require('fs').readdirSync('.')", "PermissionDenied"),
        ("[...Deno.readDirSync('.')]", "PermissionDenied"),
        (
            "vmjs.fs.writeFile('out.txt', new Uint8Array(1))",
            "PermissionDenied",
        ),
        ("Deno.env.get('HOME')", "TypeError"),
        ("new XMLHttpRequest()", "ReferenceError"),
        ("new WebSocket('ws://127.0.0.1:1')", "ReferenceError"),
        ("vmjs.fs.readTextFile('data.txt')", "PermissionDenied"),
        ("vmjs.fs.writeTextFile('out.txt', 'x')", "PermissionDenied"),
        ("vmjs.env.get('HOME')", "PermissionDenied"),
    ] {
        let record = repl(&session, source);
        assert_eq!(record.status, ExecutionStatus::Error, "{source}");
        let error = record.error.unwrap_or_else(|| panic!("{source}"));
        assert_eq!(error.name, name, "{source}: {}", error.message);
    }
    assert!(!env.root().join("out.txt").exists());
    // `process` exists but holds no environment the template does not grant.
    assert_eq!(
        value(
            &session,
            "[process.env.HOME, process.env.PATH, Object.keys(process.env).length]"
        ),
        "[ undefined, undefined, 0 ]"
    );
    // Imports of host modules or absolute paths are refused too.
    for source in [
        "await import('node:child_process')",
        "await import('dgram')",
        "await import('node:net')",
        "await import('/etc/passwd')",
        "await import('file:///etc/passwd')",
        "await import('http://127.0.0.1:1/x.js')",
    ] {
        let record = repl(&session, source);
        assert_eq!(record.status, ExecutionStatus::Error, "{source}");
    }
    // `os` is the sandbox's view: none of the host's names, users, addresses or memory.
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
    let shown = value(
        &session,
        "const os = await import('node:os'); JSON.stringify([os.hostname(), os.homedir(), os.userInfo(),          os.networkInterfaces(), os.cpus().length, os.tmpdir(), os.loadavg()])",
    );
    assert_eq!(
        shown,
        r#"'["vmjs","/",{"uid":-1,"gid":-1,"username":"vmjs","homedir":"/","shell":null},{},1,"/tmp",[0,0,0]]'"#
    );
    let host = host.trim();
    assert!(
        host.is_empty() || host == "vmjs" || !shown.contains(&format!("\"{host}\"")),
        "{shown}"
    );
    assert!(
        user == "vmjs" || !shown.contains(&format!("\"{user}\"")),
        "{shown}"
    );
    for source in [
        "require('os').totalmem()",
        "(await import('os')).default.freemem()",
    ] {
        let record = repl(&session, source);
        assert_eq!(
            record.error.map(|e| e.name),
            Some("PermissionDenied".into()),
            "{source}"
        );
    }
    // A granted variable is the only one readable.
    let mut template = Template::new("t2");
    template.capabilities.env = vec!["VMJS_HOSTILE_GRANTED".into()];
    let session = env.session(template);
    let record = repl(&session, "vmjs.env.get('PATH')");
    assert_eq!(
        record.error.map(|e| e.name),
        Some("PermissionDenied".into())
    );
    assert_eq!(
        value(
            &session,
            "process.env.PATH === undefined && Object.keys(process.env).every((k) => k === 'VMJS_HOSTILE_GRANTED')"
        ),
        "true"
    );
}

#[test]
fn run_files_and_imports_cannot_escape_the_root() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("outside.js"), "console.log('escaped')").unwrap();
    let env = Env::new();
    std::os::unix::fs::symlink(outer.path().join("outside.js"), env.root().join("link.js"))
        .unwrap();
    std::os::unix::fs::symlink(outer.path(), env.root().join("linkdir")).unwrap();
    std::fs::write(env.root().join("inside.js"), "console.log('inside')").unwrap();
    let mut template = Template::new("t");
    template.capabilities.fs_read = true;
    let session = env.session(template);
    let outside = outer.path().join("outside.js");
    let outside = outside.to_string_lossy();
    for relative in [
        "../outside.js",
        "sub/../../outside.js",
        outside.as_ref(),
        "link.js",
        "linkdir/outside.js",
    ] {
        let record = session
            .execute(ExecuteRequest::run_file(session.root(), relative))
            .wait_blocking(|_| {});
        assert_ne!(record.status, ExecutionStatus::Ok, "run {relative}");
        assert!(
            stored_console_lines(&env, &record).is_empty(),
            "run {relative}"
        );
        let message = record.error.map(|e| e.message).unwrap_or_default();
        assert!(!message.is_empty(), "run {relative}");
    }
    for specifier in [
        "../outside.js",
        "./link.js",
        "./linkdir/outside.js",
        outside.as_ref(),
    ] {
        let record = repl(&session, &format!("await import({specifier:?})"));
        assert_eq!(record.status, ExecutionStatus::Error, "import {specifier}");
        assert!(
            stored_console_lines(&env, &record).is_empty(),
            "import {specifier}"
        );
        let record = repl(&session, &format!("vmjs.fs.readTextFile({specifier:?})"));
        assert_eq!(record.status, ExecutionStatus::Error, "read {specifier}");
    }
    // Inside the root everything still works.
    let record = session
        .execute(ExecuteRequest::run_file(session.root(), "inside.js"))
        .wait_blocking(|_| {});
    assert_eq!(stored_console_lines(&env, &record), ["inside"]);
}
