//! Keep-alive over raw TCP: a connection is reused only while the server can still read it, so a pooling
//! client (the CLI, a browser, ureq) never sends a request into a socket the server is closing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use super::Server;

const TOKEN: &str = "s3cret-token-0123456789";

/// Sends `request` on `stream`; the answer's status line and headers (lower-cased) and its body.
fn exchange(stream: &TcpStream, request: &str) -> (String, String) {
    (&mut &*stream).write_all(request.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "closed mid-answer"
        );
        if line == "\r\n" {
            break;
        }
        head.push_str(&line.to_ascii_lowercase());
    }
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .map_or(0, |n| n.trim().parse().unwrap());
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (head, String::from_utf8(body).unwrap())
}

fn closes(head: &str) -> bool {
    head.lines().any(|line| line.trim() == "connection: close")
}

#[test]
fn a_request_whose_body_was_not_read_closes_its_connection_and_one_that_was_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, TOKEN).unwrap();
    let mut server = Server::start(&["--token-file", token_file.to_str().unwrap()]);
    server.token = Some(TOKEN.into());
    let session = server.session("default");
    let address = server.url.trim_start_matches("http://").to_owned();
    let connect = || {
        let stream = TcpStream::connect(&address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream
    };
    // The headers of a request with a body, sent before the body (as a loaded client's two writes arrive):
    // the server answers from the headers alone, and must say that the connection ends there.
    let head_only = |path: &str, auth: &str| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: {address}\r\n{auth}Content-Type: application/json\r\n\
             Content-Length: 2\r\n\r\n"
        )
    };
    let auth = format!("Authorization: Bearer {TOKEN}\r\n");
    let (head, body) = exchange(
        &connect(),
        &head_only(&format!("/api/v1/sessions/{session}/interrupt"), &auth),
    );
    assert!(head.starts_with("http/1.1 200"), "{head}{body}");
    assert!(closes(&head), "{head}");
    let (head, body) = exchange(&connect(), &head_only("/api/v1/sessions", ""));
    assert!(head.starts_with("http/1.1 401"), "{head}{body}");
    assert!(closes(&head), "{head}");

    // A body the handler read keeps the connection for the next request.
    let stream = connect();
    let input = format!(r#"{{"session_id":"{session}","input":"6 * 7"}}"#);
    let (head, body) = exchange(
        &stream,
        &format!(
            "POST /api/v1/executions/repl HTTP/1.1\r\nHost: {address}\r\n{auth}\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{input}",
            input.len()
        ),
    );
    assert!(head.starts_with("http/1.1 201"), "{head}{body}");
    assert!(body.contains(r#""preview":"42""#), "{body}");
    assert!(!closes(&head), "{head}");
    let (head, body) = exchange(
        &stream,
        &format!("GET /api/v1/health HTTP/1.1\r\nHost: {address}\r\n{auth}\r\n"),
    );
    assert!(head.starts_with("http/1.1 200"), "{head}{body}");
    assert!(!closes(&head), "{head}");
}
