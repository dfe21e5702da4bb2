//! The REST API: vm-system's resources, bodies and error envelope, with its bugs fixed; strict input.

use serde_json::{Value, json};

use super::{Server, assert_error};

#[test]
fn every_answer_has_a_request_id_and_errors_have_the_envelope() {
    let server = Server::start(&[]);
    let ok = server.get("/health");
    assert_eq!((ok.status, &ok.body), (200, &json!({"status": "ok"})));
    let mut ids = std::collections::HashSet::new();
    for answer in [
        ok,
        server.get("/nope"),
        server.request("PUT", "/api/v1/health", None, None),
        server.get("/sessions/not-a-uuid"),
        server.get("/executions/7a0c5b6e-8f7e-4a8e-9d34-1f2a3b4c5d6e"),
    ] {
        let id = answer.request_id.clone().expect("X-Request-Id");
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
        assert!(ids.insert(id), "request ids repeat");
        if answer.status != 200 {
            assert!(answer.body["error"]["code"].is_string(), "{answer:?}");
        }
    }
    assert_error(&server.get("/nope"), 404, "NOT_FOUND");
    assert_error(
        &server.request("PUT", "/api/v1/health", None, None),
        405,
        "METHOD_NOT_ALLOWED",
    );
    assert_error(&server.get("/sessions/not-a-uuid"), 400, "VALIDATION_ERROR");
    assert_error(
        &server.get("/executions/7a0c5b6e-8f7e-4a8e-9d34-1f2a3b4c5d6e"),
        404,
        "EXECUTION_NOT_FOUND",
    );
    // Events of a missing execution: 404, not `null` (vm-system's bug).
    assert_error(
        &server.get("/executions/7a0c5b6e-8f7e-4a8e-9d34-1f2a3b4c5d6e/events"),
        404,
        "EXECUTION_NOT_FOUND",
    );
    // Empty lists are `[]`, not `null`.
    assert_eq!(server.get("/sessions").body, json!([]));
    assert_eq!(server.get("/executions").body, json!([]));
    let summary = server.get("/runtime/summary").body;
    assert_eq!(summary["active_sessions"], 0);
    assert_eq!(summary["active_session_ids"], json!([]));
}

#[test]
fn templates_are_created_read_changed_and_deleted_with_clear_errors() {
    let server = Server::start(&[]);
    let created = server.post("/templates", json!({"name": "etl", "engine": "goja"}));
    assert_eq!(created.status, 201, "{created:?}");
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(created.body["name"], "etl");
    assert_eq!(created.body["engine"], "boa");
    // Duplicate name: 409, not 500.
    assert_error(
        &server.post("/templates", json!({"name": "etl"})),
        409,
        "TEMPLATE_EXISTS",
    );
    // Strict JSON: unknown fields, nested ones too, wrong types, broken JSON.
    for bad in [
        json!({"name": "x", "colour": "red"}).to_string(),
        json!({"name": "x", "limits": {"wall_msec": 5}}).to_string(),
        json!({"name": 5}).to_string(),
        "{\"name\": ".to_owned(),
        "[]".to_owned(),
    ] {
        let answer = server.request("POST", "/api/v1/templates", Some(&bad), None);
        assert_error(&answer, 400, "INVALID_REQUEST");
    }
    for name in ["", "has space", "a/b", &"x".repeat(129)] {
        assert_error(
            &server.post("/templates", json!({ "name": name })),
            400,
            "VALIDATION_ERROR",
        );
    }
    assert_error(
        &server.post("/templates", json!({"name": "q", "engine": "quickjs"})),
        400,
        "VALIDATION_ERROR",
    );
    let list = server.get("/templates").body;
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["default", "etl"]);

    // Capabilities: fs read/write, env names and net hosts (normalised); anything else is refused.
    let cap = server.post(
        &format!("/templates/{id}/capabilities"),
        json!({"kind": "fs", "name": "read", "enabled": true}),
    );
    assert_eq!(cap.status, 201, "{cap:?}");
    assert_eq!(cap.body["vm_id"], id.as_str());
    let env = server.post(
        &format!("/templates/{id}/capabilities"),
        json!({"kind": "env", "name": "HOME"}),
    );
    assert_eq!(env.status, 201);
    let net = server.post(
        &format!("/templates/{id}/capabilities"),
        json!({"kind": "net", "name": "API.example.com:443"}),
    );
    assert_eq!(net.status, 201, "{net:?}");
    assert_error(
        &server.post(
            &format!("/templates/{id}/capabilities"),
            json!({"kind": "net", "name": "https://example.com/x"}),
        ),
        400,
        "VALIDATION_ERROR",
    );
    assert_error(
        &server.post(
            &format!("/templates/{id}/capabilities"),
            json!({"kind": "gpu", "name": "0"}),
        ),
        422,
        "CAPABILITY_NOT_SUPPORTED",
    );
    let caps = server.get(&format!("/templates/{id}/capabilities")).body;
    let kinds: Vec<(String, String)> = caps
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_owned(),
                c["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("fs".into(), "read".into()),
            ("env".into(), "HOME".into()),
            ("net".into(), "api.example.com:443".into())
        ]
    );

    // Startup files: ordered, confined, eval only.
    for (path, order) in [("b.js", None), ("a.js", Some(5))] {
        let mut body = json!({ "path": path });
        if let Some(order) = order {
            body["order_index"] = json!(order);
        }
        let answer = server.post(&format!("/templates/{id}/startup-files"), body);
        assert_eq!(answer.status, 201, "{answer:?}");
    }
    let files = server.get(&format!("/templates/{id}/startup-files")).body;
    let paths: Vec<&str> = files
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.js", "b.js"]);
    for escape in ["../x.js", "/etc/passwd", "a/../../x.js", "..", "a\0b"] {
        assert_error(
            &server.post(
                &format!("/templates/{id}/startup-files"),
                json!({ "path": escape }),
            ),
            422,
            "INVALID_PATH",
        );
    }
    assert_error(
        &server.post(
            &format!("/templates/{id}/startup-files"),
            json!({"path": "m.js", "mode": "import"}),
        ),
        422,
        "STARTUP_MODE_UNSUPPORTED",
    );

    // Modules: vmjs has none; libraries are files of the root.
    assert_eq!(
        server.get(&format!("/templates/{id}/modules")).body,
        json!([])
    );
    assert_error(
        &server.post(&format!("/templates/{id}/modules"), json!({"name": "fs"})),
        422,
        "MODULE_NOT_ALLOWED",
    );
    assert_error(
        &server.delete(&format!("/templates/{id}/modules/fs")),
        404,
        "MODULE_NOT_FOUND",
    );
    let lib = server.post(
        &format!("/templates/{id}/libraries"),
        json!({"name": "lib/util.js"}),
    );
    assert_eq!(lib.status, 201, "{lib:?}");
    assert_error(
        &server.post(
            &format!("/templates/{id}/libraries"),
            json!({"name": "../../x.js"}),
        ),
        422,
        "INVALID_PATH",
    );
    assert_eq!(
        server.get(&format!("/templates/{id}/libraries")).body,
        json!(["lib/util.js"])
    );
    assert_eq!(
        server
            .delete(&format!("/templates/{id}/libraries/lib%2Futil.js"))
            .status,
        200
    );
    assert_error(
        &server.delete(&format!("/templates/{id}/libraries/lib%2Futil.js")),
        404,
        "LIBRARY_NOT_FOUND",
    );

    // The detail view: vm-system's shape.
    let detail = server.get(&format!("/templates/{id}")).body;
    assert_eq!(detail["template"]["id"], id.as_str());
    assert_eq!(detail["template"]["capabilities"]["fs_read"], true);
    assert_eq!(detail["settings"]["vm_id"], id.as_str());
    assert_eq!(detail["startup_files"].as_array().unwrap().len(), 2);
    assert!(detail["capabilities"].is_array());

    // Delete: 200, then 404 (vm-system said 200 for a missing template); `default` is built in.
    assert_eq!(server.delete(&format!("/templates/{id}")).status, 200);
    assert_error(
        &server.delete(&format!("/templates/{id}")),
        404,
        "TEMPLATE_NOT_FOUND",
    );
    assert_error(
        &server.get(&format!("/templates/{id}")),
        404,
        "TEMPLATE_NOT_FOUND",
    );
    let default_id = list[0]["id"].as_str().unwrap();
    assert_error(
        &server.delete(&format!("/templates/{default_id}")),
        409,
        "TEMPLATE_BUILT_IN",
    );
}

#[test]
fn sessions_start_run_and_close_and_refuse_bad_roots() {
    let server = Server::start(&[]);
    let missing = server.root().join("missing");
    for (body, status, expected) in [
        (json!({"worktree_path": ""}), 400, "VALIDATION_ERROR"),
        (
            json!({"worktree_path": "relative/dir"}),
            422,
            "INVALID_PATH",
        ),
        (json!({"worktree_path": missing}), 422, "INVALID_PATH"),
        (
            json!({"worktree_path": server.root(), "template_id": "nope"}),
            400,
            "VALIDATION_ERROR",
        ),
        (
            json!({"worktree_path": server.root(), "template_id": "7a0c5b6e-8f7e-4a8e-9d34-1f2a3b4c5d6e"}),
            404,
            "TEMPLATE_NOT_FOUND",
        ),
        (
            json!({"worktree_path": server.root(), "template": "nope"}),
            404,
            "TEMPLATE_NOT_FOUND",
        ),
    ] {
        assert_error(&server.post("/sessions", body), status, expected);
    }
    // vm-system's body (template_id, workspace_id, base_commit_oid, worktree_path) works as is.
    let default_id = server.get("/templates").body[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let created = server.post(
        "/sessions",
        json!({
            "template_id": default_id,
            "workspace_id": "ws-1",
            "base_commit_oid": "abc123",
            "worktree_path": server.root(),
        }),
    );
    assert_eq!(created.status, 201, "{created:?}");
    let session = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(created.body["status"], "ready");
    // Without worktree_path the root is where the server runs.
    let defaulted = server.post("/sessions", json!({}));
    assert_eq!(defaulted.status, 201, "{defaulted:?}");
    assert_eq!(
        defaulted.body["root"].as_str().unwrap(),
        server.root().canonicalize().unwrap().to_str().unwrap()
    );
    let defaulted = defaulted.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        server
            .post(&format!("/sessions/{defaulted}/close"), json!({}))
            .status,
        200
    );
    assert_eq!(created.body["vm_id"], default_id.as_str());
    assert_eq!(created.body["live"], true);

    // REPL state lives on across requests (vm-system's continuity test).
    let first = server.repl(&session, "var persisted = 20");
    assert_eq!(first["status"], "ok", "{first}");
    let second = server.repl(&session, "persisted + 22");
    assert_eq!(second["status"], "ok");
    assert_eq!(second["result"]["preview"], "42");
    assert_eq!(second["result"]["type"], "number");
    // A throw is still 201, with `status: error`.
    let thrown = server.repl(&session, "throw new TypeError('bad')");
    assert_eq!(thrown["status"], "error");
    assert_eq!(thrown["error"]["name"], "TypeError");

    let listed = server.get("/sessions?status=ready").body;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(
        server
            .get("/sessions?status=closed")
            .body
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(server.get("/sessions?status=crashed").body, json!([]));
    assert_error(
        &server.get("/sessions?status=sleepy"),
        400,
        "VALIDATION_ERROR",
    );
    let executions = server
        .get(&format!("/executions?session_id={session}&limit=2"))
        .body;
    let inputs: Vec<&str> = executions
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["input"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, ["throw new TypeError('bad')", "persisted + 22"]);
    assert_error(&server.get("/executions?limit=0"), 400, "VALIDATION_ERROR");
    let events = server.get(&format!(
        "/executions/{}/events?after_seq=1",
        second["id"].as_str().unwrap()
    ));
    let types: Vec<&str> = events
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["value"]);

    let closed = server.post(&format!("/sessions/{session}/close"), json!({}));
    assert_eq!(closed.status, 200, "{closed:?}");
    assert_eq!(closed.body["status"], "closed");
    assert!(closed.body["closed_at"].is_string());
    assert_error(
        &server.post(&format!("/sessions/{session}/close"), json!({})),
        404,
        "SESSION_NOT_FOUND",
    );
    assert_error(
        &server.delete(&format!("/sessions/{session}")),
        404,
        "SESSION_NOT_FOUND",
    );
    assert_error(
        &server.post(
            "/executions/repl",
            json!({"session_id": session, "input": "1"}),
        ),
        404,
        "SESSION_NOT_FOUND",
    );
    assert_error(
        &server.delete("/sessions/7a0c5b6e-8f7e-4a8e-9d34-1f2a3b4c5d6e"),
        404,
        "SESSION_NOT_FOUND",
    );
    assert_eq!(server.get("/runtime/summary").body["active_sessions"], 0);
}

#[test]
fn run_file_stays_inside_the_root() {
    let server = Server::start(&[]);
    let root = server.root();
    std::fs::write(root.join("ok.js"), "console.log('ran'); 6 * 7").unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.js"), "'secret'").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.js"), root.join("link.js")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("not-yet.js"), root.join("dangling.js"))
        .unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("out")).unwrap();
    let session = server.session("default");
    let run = |path: &str| {
        server.post(
            "/executions/run-file",
            json!({ "session_id": session, "path": path }),
        )
    };
    let ok = run("ok.js");
    assert_eq!(ok.status, 201, "{ok:?}");
    assert_eq!(ok.body["status"], "ok");
    assert_eq!(ok.body["result"]["preview"], "42");
    assert_eq!(ok.body["path"], "ok.js");
    for escape in [
        "../x.js",
        "/etc/passwd",
        "link.js",
        "out/secret.js",
        "./out/../../x.js",
    ] {
        assert_error(&run(escape), 422, "INVALID_PATH");
    }
    // A dangling link out of the root must not become a way out once its target appears.
    assert_error(&run("dangling.js"), 422, "INVALID_PATH");
    std::fs::write(outside.path().join("not-yet.js"), "'escaped'").unwrap();
    assert_error(&run("dangling.js"), 422, "INVALID_PATH");
    assert_error(&run("missing.js"), 404, "FILE_NOT_FOUND");
    for (args, env) in [
        (json!({"a": 1}), json!(null)),
        (json!([1]), json!(null)),
        (json!(null), json!({"A": 1})),
    ] {
        assert_error(
            &server.post(
                "/executions/run-file",
                json!({ "session_id": session, "path": "ok.js", "args": args, "env": env }),
            ),
            400,
            "VALIDATION_ERROR",
        );
    }
    // Nothing refused was recorded or run.
    let executions = server
        .get(&format!("/executions?session_id={session}"))
        .body;
    assert_eq!(executions.as_array().unwrap().len(), 1, "{executions}");
}

#[test]
fn oversized_bodies_are_refused_with_the_envelope() {
    let server = Server::start(&[]);
    let session = server.session("default");
    let huge = format!(
        "{{\"session_id\":\"{session}\",\"input\":\"{}\"}}",
        "x".repeat(9 * 1024 * 1024)
    );
    let answer = server.request("POST", "/api/v1/executions/repl", Some(&huge), None);
    assert_error(&answer, 413, "PAYLOAD_TOO_LARGE");
    assert_eq!(
        server
            .get(&format!("/executions?session_id={session}"))
            .body,
        json!([])
    );
    let _: Value = server.repl(&session, "1");
}

#[test]
fn a_token_guards_every_request_and_is_compared_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "s3cret-token-0123456789\n").unwrap();
    let mut server = Server::start(&["--token-file", token_file.to_str().unwrap()]);
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("Bearer s3cret-token-012345678"),
        Some("s3cret-token-0123456789"),
    ] {
        let answer = server.request("GET", "/api/v1/health", None, auth);
        assert_error(&answer, 401, "UNAUTHORIZED");
        assert!(answer.request_id.is_some());
    }
    let answer = server.request(
        "GET",
        "/api/v1/health",
        None,
        Some("Bearer s3cret-token-0123456789"),
    );
    assert_eq!(answer.status, 200);
    // The CLI sends it from VMJS_TOKEN.
    server.token = Some("s3cret-token-0123456789".into());
    let listed = server.cli(&["session", "list"]);
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    server.token = Some("wrong".into());
    let refused = server.cli(&["session", "list"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("UNAUTHORIZED"));
}

#[test]
fn any_address_but_loopback_gets_a_generated_token_written_for_the_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let server = Server::start(&["--listen", "0.0.0.0:0"]);
    let written = server.dir.path().join("serve.token");
    let mode = std::fs::metadata(&written).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let token = server.token.clone().unwrap();
    assert_eq!(std::fs::read_to_string(&written).unwrap().trim(), token);
    assert!(token.len() >= 32);
    // Printed once at start, with where it was written.
    assert!(
        server.banner[1].contains(written.to_str().unwrap()),
        "{:?}",
        server.banner
    );
    assert_error(
        &server.request("GET", "/api/v1/health", None, Some("Bearer x")),
        401,
        "UNAUTHORIZED",
    );
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn run_file_args_and_env_are_the_runs_own() {
    let server = Server::start(&[]);
    std::fs::write(
        server.root().join("show.js"),
        "console.log(JSON.stringify(vmjs.args), vmjs.env.get('API_TOKEN')); vmjs.args.length",
    )
    .unwrap();
    let session = server.session("default");
    let run = server.post(
        "/executions/run-file",
        json!({
            "session_id": session,
            "path": "show.js",
            "args": ["--fast", "x y"],
            "env": {"API_TOKEN": "t0k"},
        }),
    );
    assert_eq!(run.status, 201, "{run:?}");
    assert_eq!(run.body["status"], "ok", "{run:?}");
    assert_eq!(run.body["result"]["preview"], "2");
    assert_eq!(
        run.body["replayable"], false,
        "not replayed without its args"
    );
    let events = server
        .get(&format!(
            "/executions/{}/events",
            run.body["id"].as_str().unwrap()
        ))
        .body;
    assert_eq!(events[0]["payload"]["text"], "[\"--fast\",\"x y\"] t0k");
    // After the run: the session's own arguments, and the variable is the template's business again.
    assert_eq!(
        server.repl(&session, "vmjs.args.length")["result"]["preview"],
        "0"
    );
    let denied = server.repl(&session, "vmjs.env.get('API_TOKEN')");
    assert_eq!(denied["error"]["name"], "PermissionDenied", "{denied}");
}
