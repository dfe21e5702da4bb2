//! The CLI as a client (vm-system's end-to-end workflow), clean shutdown, and a killed server.

use std::time::{Duration, Instant};

use serde_json::json;

use super::{Server, children_of};

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_cli_drives_a_session_across_commands() {
    let server = Server::start(&[]);
    let root = server.root();
    std::fs::write(root.join("01-base.js"), "globalThis.SMOKE_VALUE = 40;").unwrap();
    std::fs::write(
        root.join("02-more.js"),
        "globalThis.MORE = SMOKE_VALUE / 2;",
    )
    .unwrap();
    std::fs::write(
        root.join("00-first.js"),
        "globalThis.FIRST = typeof SMOKE_VALUE;",
    )
    .unwrap();
    std::fs::write(
        root.join("main.js"),
        "console.log('main sees', SMOKE_VALUE, MORE, FIRST); 7",
    )
    .unwrap();
    let template = server.post("/templates", json!({"name": "e2e"}));
    let template_id = template.body["id"].as_str().unwrap().to_owned();
    // vm-system's workflow adds files with increasing order indexes; a smaller one goes before.
    for (path, order) in [("01-base.js", 10), ("02-more.js", 20), ("00-first.js", 5)] {
        let added = server.post(
            &format!("/templates/{template_id}/startup-files"),
            json!({"path": path, "order_index": order}),
        );
        assert_eq!(added.status, 201);
    }
    let created = server.cli(&["session", "create", "--template-id", &template_id]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let session = stdout(&created).trim().to_owned();
    assert!(uuid::Uuid::parse_str(&session).is_ok(), "{session}");

    let repl = server.cli(&["exec", "repl", &session, "SMOKE_VALUE + 2"]);
    assert_eq!(repl.status.code(), Some(0));
    assert_eq!(stdout(&repl), "42\n");
    let file = server.cli(&["exec", "run-file", &session, "main.js"]);
    assert_eq!(file.status.code(), Some(0));
    assert_eq!(stdout(&file), "main sees 40 20 undefined\n");
    std::fs::write(root.join("args.js"), "console.log(vmjs.args.join('|'))").unwrap();
    let with_args = server.cli(&["exec", "run-file", &session, "args.js", "--", "a b", "--c"]);
    assert_eq!(stdout(&with_args), "a b|--c\n");
    let thrown = server.cli(&["exec", "repl", &session, "console.log('before'); null.x"]);
    assert_eq!(thrown.status.code(), Some(1));
    assert_eq!(stdout(&thrown), "before\n");
    assert!(String::from_utf8_lossy(&thrown.stderr).contains("TypeError"));
    let missing = server.cli(&["exec", "run-file", &session, "nope.js"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("FILE_NOT_FOUND"));

    let listed = server.cli(&["exec", "list", &session]);
    let lines: Vec<String> = stdout(&listed).lines().map(str::to_owned).collect();
    // Newest first: the throw, args.js, main.js, the REPL input, then the startup files (last first).
    assert_eq!(lines.len(), 7, "{lines:?}");
    assert!(
        lines[0].contains("error") && lines[1].contains("args.js") && lines[2].contains("main.js"),
        "{lines:?}"
    );
    assert!(
        lines[4].contains("02-more.js") && lines[5].contains("01-base.js"),
        "{lines:?}"
    );
    assert!(lines[6].contains("00-first.js"), "{lines:?}");
    let first_id = lines[3].split_whitespace().next().unwrap();
    let events = server.cli(&["exec", "events", first_id]);
    assert_eq!(
        stdout(&events),
        "[1] input_echo: {\"text\":\"SMOKE_VALUE + 2\"}\n[2] value: {\"json\":42,\"preview\":\"42\",\"type\":\"number\"}\n"
    );
    let sessions = server.cli(&["session", "list", "--status", "ready"]);
    assert!(stdout(&sessions).contains(&session));
    let closed = server.cli(&["session", "close", &session]);
    assert!(closed.status.success());
    let again = server.cli(&["session", "close", &session]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("SESSION_NOT_FOUND"));
}

#[test]
fn ctrl_c_in_the_cli_interrupts_the_code_not_the_session() {
    let server = Server::start(&[]);
    let session = server.session("default");
    server.repl(&session, "globalThis.kept = 'yes'");
    let mut child = std::process::Command::new(crate::vmjs_bin())
        .args(["--server", &server.url, "exec", "repl", &session])
        .arg("console.log('looping'); while (true) {}")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the loop to run.
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.get("/runtime/summary").body["running_executions"] != 1 {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    // SAFETY: signalling our own child.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert_eq!(server.repl(&session, "kept")["result"]["preview"], "'yes'");
}

#[test]
fn sigterm_cancels_running_work_closes_sessions_and_leaves_nothing_behind() {
    let mut server = Server::start(&[]);
    let session = server.session("default");
    let _other = server.session("default");
    let looping = server.submit(&session, "console.log('started'); while (true) {}");
    let queued = server.submit(&session, "1");
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.get("/runtime/summary").body["running_executions"] != 1 {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = server.child.id();
    assert!(!children_of(pid).is_empty());
    let status = server.stop(libc::SIGTERM);
    assert!(status.success(), "{status:?}");
    assert!(children_of(pid).is_empty());
    let store = vmjs_core::store::Store::open(&server.db()).unwrap();
    for id in [&looping, &queued] {
        let record = store.get_execution(id, true).unwrap();
        assert_eq!(record.status.as_str(), "cancelled", "{id}");
    }
    let looping = store.get_execution(&looping, true).unwrap();
    assert!(looping.events.iter().any(|e| matches!(&e.body, vmjs_core::model::EventBody::Console { text, .. } if text == "started")));
    for record in store.list_sessions(10).unwrap() {
        assert_eq!(record.status.as_str(), "closed");
    }
}

#[test]
fn a_killed_server_leaves_a_consistent_store_for_the_next_one() {
    let mut server = Server::start(&[]);
    let session = server.session("default");
    // Lines committed before the kill (batches go to the store at least every 200 ms).
    let execution = server.submit(
        &session,
        "for (let i = 0; i < 5; i++) { console.log('line ' + i); await new Promise(r => setTimeout(r, 100)); } while (true) {}",
    );
    // Kill once the five lines are committed (read from the database file itself, as another process).
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let committed = vmjs_core::store::Store::open_read_only(&server.db())
            .and_then(|store| store.events(&execution))
            .map(|events| events.len())
            .unwrap_or(0);
        if committed >= 6 {
            break;
        }
        assert!(Instant::now() < deadline, "the lines were never committed");
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = server.stop(libc::SIGKILL);
    assert!(!status.success());
    let dir = std::mem::replace(&mut server.dir, tempfile::tempdir().unwrap());
    drop(server);
    let restarted = Server::start_in(dir, &[]);
    let record = restarted.get(&format!("/executions/{execution}")).body;
    assert_eq!(record["status"], "crashed", "{record}");
    let events = restarted
        .get(&format!("/executions/{execution}/events"))
        .body;
    let texts: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "console")
        .map(|e| e["payload"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["line 0", "line 1", "line 2", "line 3", "line 4"]);
    let old = restarted.get(&format!("/sessions/{session}")).body;
    assert_ne!(old["status"], "ready", "{old}");
    assert_eq!(old["live"], false);
    // The old session is not open here; a new one works on the same store.
    assert_eq!(
        restarted
            .post(
                "/executions/repl",
                json!({"session_id": session, "input": "1"})
            )
            .status,
        404
    );
    let fresh = restarted.session("default");
    assert_eq!(restarted.repl(&fresh, "1 + 1")["result"]["preview"], "2");
}
