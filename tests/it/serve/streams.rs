//! Live streams (Server-Sent Events with resume), the per-session queue and interrupts.

use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{Server, assert_error};

/// One SSE event as read off the wire.
#[derive(Debug, Clone)]
struct Sse {
    event: String,
    id: Option<u64>,
    data: Value,
    /// When it arrived.
    at: Instant,
}

/// Opens `GET …/events?follow=true` (with `Last-Event-ID` if given) and reads at most `max` events, or to the
/// end of the stream.
fn follow(server: &Server, execution: &str, last_event_id: Option<u64>, max: usize) -> Vec<Sse> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let mut request = agent.get(format!(
        "{}/api/v1/executions/{execution}/events?follow=true",
        server.url
    ));
    if let Some(id) = last_event_id {
        request = request.header("Last-Event-ID", id.to_string());
    }
    let response = request.call().unwrap();
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "text/event-stream"
    );
    let reader = BufReader::new(response.into_body().into_reader());
    let mut events = Vec::new();
    let (mut event, mut id, mut data) = (String::new(), None, String::new());
    for line in reader.lines() {
        let line = line.unwrap();
        if line.is_empty() {
            if !data.is_empty() {
                events.push(Sse {
                    event: if event.is_empty() {
                        "message".into()
                    } else {
                        event.clone()
                    },
                    id,
                    data: serde_json::from_str(&data).unwrap(),
                    at: Instant::now(),
                });
                if events.len() == max {
                    // Dropping the reader closes the connection mid-stream.
                    return events;
                }
            }
            (event, id, data) = (String::new(), None, String::new());
        } else if let Some(v) = line.strip_prefix("event: ") {
            event = v.into();
        } else if let Some(v) = line.strip_prefix("id: ") {
            id = Some(v.parse().unwrap());
        } else if let Some(v) = line.strip_prefix("data: ") {
            data.push_str(v);
        }
    }
    events
}

fn seqs(events: &[Sse]) -> Vec<u64> {
    events
        .iter()
        .filter(|e| e.event == "message")
        .map(|e| {
            assert_eq!(e.id, e.data["seq"].as_u64(), "{e:?}");
            e.id.unwrap()
        })
        .collect()
}

#[test]
fn reconnecting_with_last_event_id_loses_and_repeats_nothing() {
    let server = Server::start(&[]);
    let session = server.session("default");
    // 300 lines over ~0.6 s: the stream is cut several times while they arrive.
    let execution = server.submit(
        &session,
        "for (let i = 0; i < 300; i++) { console.log('line ' + i); if (i % 10 === 0) await new Promise(r => setTimeout(r, 20)); } 'done'",
    );
    let mut seen: Vec<u64> = Vec::new();
    let mut last = None;
    let mut end = None;
    for round in 0.. {
        assert!(round < 1_000, "the stream never ended");
        let events = follow(&server, &execution, last, 37);
        for event in &events {
            if event.event == "end" {
                end = Some(event.data.clone());
            }
        }
        seen.extend(seqs(&events));
        last = seen.last().copied();
        if end.is_some() {
            break;
        }
    }
    // input_echo, 300 console lines, the value: seq 1..=302 exactly once, in order.
    assert_eq!(seen, (1..=302).collect::<Vec<_>>());
    let end = end.unwrap();
    assert_eq!(end["status"], "ok");
    assert_eq!(end["result"]["preview"], "'done'");
    // After the end the store answers: a late reconnect gets the tail, then the end.
    let late = follow(&server, &execution, Some(300), usize::MAX);
    assert_eq!(seqs(&late), [301, 302]);
    assert_eq!(late.last().unwrap().event, "end");
    // And the JSON list from the store agrees.
    let listed = server
        .get(&format!("/executions/{execution}/events?after_seq=0"))
        .body;
    assert_eq!(listed.as_array().unwrap().len(), 302);
}

#[test]
fn lines_arrive_while_the_code_runs() {
    let server = Server::start(&[]);
    let session = server.session("default");
    let execution = server.submit(
        &session,
        "for (let i = 0; i < 5; i++) { console.log('tick ' + i); await new Promise(r => setTimeout(r, 200)); }",
    );
    let events = follow(&server, &execution, None, usize::MAX);
    let ticks: Vec<&Sse> = events
        .iter()
        .filter(|e| e.data["type"] == "console")
        .collect();
    assert_eq!(ticks.len(), 5);
    // Each arrives on its own, about 200 ms after the one before (not all at the end).
    for pair in ticks.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(100),
            "lines came together: {gap:?}"
        );
    }
    assert_eq!(events.last().unwrap().event, "end");
}

#[test]
fn executions_queue_per_session_and_a_full_queue_says_busy() {
    let server = Server::start(&["--queue", "2"]);
    let session = server.session("default");
    // (Defined apart: if a loaded machine makes the stop a hard one, the replay restores it.)
    server.repl(&session, "globalThis.k = 1");
    let looping = server.submit(&session, "while (true) {}");
    let queued = server.submit(&session, "k + 1");
    let answer = server.get(&format!("/executions/{queued}"));
    assert_eq!(answer.body["status"], "queued", "{answer:?}");
    let busy = server.post(
        "/executions/repl",
        json!({"session_id": session, "input": "1"}),
    );
    assert_error(&busy, 409, "SESSION_BUSY");
    assert_eq!(busy.body["error"]["details"]["queue_length"], 2);
    assert_eq!(
        busy.body["error"]["details"]["running_execution_id"],
        looping.as_str()
    );
    let summary = server.get("/runtime/summary").body;
    assert_eq!(
        (
            summary["running_executions"].as_u64(),
            summary["queued_executions"].as_u64()
        ),
        (Some(1), Some(1))
    );
    // The queued one is listed (newest first) before it has a row.
    let listed = server
        .get(&format!("/executions?session_id={session}"))
        .body;
    assert_eq!(listed[0]["id"], queued.as_str());

    // Interrupt stops the loop (state kept); the queued one then runs.
    let interrupted = server.post(&format!("/sessions/{session}/interrupt"), json!({}));
    assert_eq!(
        interrupted.body["interrupted_execution_id"],
        looping.as_str()
    );
    let ended = server.wait_end(&looping);
    assert_eq!(ended["status"], "cancelled", "{ended}");
    let next = server.wait_end(&queued);
    assert_eq!(next["status"], "ok");
    assert_eq!(next["result"]["preview"], "2");
}

#[test]
fn a_bounded_wait_answers_with_the_running_execution() {
    let server = Server::start(&[]);
    let session = server.session("default");
    let started = Instant::now();
    let answer = server.post(
        "/executions/repl?wait=true&wait_ms=300",
        json!({"session_id": session, "input": "await new Promise(r => setTimeout(r, 3000)); 'late'"}),
    );
    assert_eq!(answer.status, 201);
    assert_eq!(answer.body["status"], "running");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_error(
        &server.post(
            "/executions/repl?wait=maybe",
            json!({"session_id": session, "input": "1"}),
        ),
        400,
        "VALIDATION_ERROR",
    );
    let end = server.wait_end(answer.body["id"].as_str().unwrap());
    assert_eq!(end["result"]["preview"], "'late'");
}

#[test]
fn prompt_fails_clearly_over_http_instead_of_hanging() {
    let server = Server::start(&[]);
    let session = server.session("default");
    let answer = server.repl(&session, "prompt('name?')");
    assert_eq!(answer["status"], "error", "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("needs input"),
        "{answer}"
    );
    assert_eq!(server.repl(&session, "1 + 1")["result"]["preview"], "2");
}

#[test]
fn sse_of_an_execution_in_another_process_follows_the_store() {
    // An execution recorded by `vmjs run` (another process) streams from the store, then ends.
    let server = Server::start(&[]);
    std::fs::write(server.root().join("f.js"), "console.log('from run')").unwrap();
    let run = std::process::Command::new(crate::vmjs_bin())
        .arg("--db")
        .arg(server.db())
        .args(["run", "--json", "f.js"])
        .current_dir(server.root())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let record: Value = serde_json::from_slice(&run.stdout).unwrap();
    let id = record["id"].as_str().unwrap();
    let events = follow(&server, id, None, usize::MAX);
    assert_eq!(events[0].data["payload"]["text"], "from run");
    assert_eq!(events.last().unwrap().event, "end");
}

#[test]
fn idle_sessions_hibernate_and_wake_with_their_state() {
    let server = Server::start(&[]);
    let created = server.post(
        "/templates",
        json!({"name": "sleepy", "options": {"hibernate_after_ms": 1000}}),
    );
    assert_eq!(created.status, 201, "{created:?}");
    let session = server.session("sleepy");
    let awake = server.session("default");
    assert_eq!(server.repl(&session, "var x = 41")["status"], "ok");
    // Counted once the pool's spare worker (started just after each take) is up.
    std::thread::sleep(Duration::from_millis(300));
    let workers = super::children_of(server.child.id()).len();
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.get(&format!("/sessions/{session}")).body["hibernating"] != true {
        assert!(Instant::now() < deadline, "the session never hibernated");
        std::thread::sleep(Duration::from_millis(50));
    }
    let view = server.get(&format!("/sessions/{session}")).body;
    assert_eq!(view["status"], "ready");
    assert_eq!(
        server.get("/runtime/summary").body["hibernating_sessions"],
        1
    );
    // Its worker is gone; the other session (no hibernation in its template) keeps its own.
    while super::children_of(server.child.id()).len() >= workers {
        assert!(Instant::now() < deadline, "the worker never exited");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        server.get(&format!("/sessions/{awake}")).body["hibernating"],
        false
    );
    // The next execution wakes it, state and all.
    let woke = server.repl(&session, "x + 1");
    assert_eq!(woke["result"]["preview"], "42", "{woke}");
    assert_eq!(
        server.get(&format!("/sessions/{session}")).body["hibernating"],
        false
    );
    // Hibernating on request; a busy session refuses.
    let hibernated = server.post(&format!("/sessions/{awake}/hibernate"), json!({}));
    assert_eq!(hibernated.status, 200, "{hibernated:?}");
    let looping = server.submit(&awake, "while (true) {}");
    while server.get("/runtime/summary").body["running_executions"] != 1 {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_error(
        &server.post(&format!("/sessions/{awake}/hibernate"), json!({})),
        409,
        "SESSION_BUSY",
    );
    server.post(&format!("/sessions/{awake}/interrupt"), json!({}));
    assert_eq!(server.wait_end(&looping)["status"], "cancelled");
}
