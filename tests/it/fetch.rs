//! `fetch` against real HTTP servers on loopback: only hosts the template grants are reached — checked on the
//! server that must not be reached (it counts every connection), through redirects and URL tricks — and
//! the requests that are granted behave as in Node (bodies, headers, status, redirects, abort, interrupt).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use vmjs_core::host::{ExecuteRequest, Session};
use vmjs_core::model::{ExecutionStatus, Template};

use super::{Env, repl, value};

/// An HTTP/1.1 server on an ephemeral loopback port, one thread per connection, counting connections and
/// the most it served at once.
pub(super) struct Server {
    pub(super) port: u16,
    connections: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

impl Server {
    pub(super) fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("its address").port();
        let connections = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let active = Arc::new(AtomicUsize::new(0));
        let (counted, highest) = (Arc::clone(&connections), Arc::clone(&peak));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                counted.fetch_add(1, Ordering::SeqCst);
                let (active, highest) = (Arc::clone(&active), Arc::clone(&highest));
                std::thread::spawn(move || {
                    let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                    highest.fetch_max(now, Ordering::SeqCst);
                    // A request stops counting as out when its answer starts: the client may send the
                    // next one as soon as it has read this one.
                    let mut out = true;
                    let mut answering = || {
                        if std::mem::take(&mut out) {
                            active.fetch_sub(1, Ordering::SeqCst);
                        }
                    };
                    let _ = serve(stream, &mut answering);
                    answering();
                });
            }
        });
        Self {
            port,
            connections,
            peak,
        }
    }

    /// The most connections served at once so far.
    fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    pub(super) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn hits(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Answers one request (the connection is closed after it); `answering` runs right before the answer is written.
fn serve(stream: TcpStream, answering: &mut dyn FnMut()) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let length: usize = header("content-length")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    if path == "/stream" || path == "/big" {
        answering();
        return stream_chunked(reader.into_inner(), path == "/big");
    }
    let (status, extra, content_type, payload): (&str, String, &str, Vec<u8>) = match path {
        "/text" => ("200 OK", String::new(), "text/plain", b"hello".to_vec()),
        "/json" => (
            "200 OK",
            String::new(),
            "application/json",
            br#"{"a":1,"list":[1,2]}"#.to_vec(),
        ),
        "/echo" => {
            let echoed = serde_json::json!({
                "method": method,
                "contentType": header("content-type"),
                "custom": header("x-custom"),
                "authorization": header("authorization"),
                "body": String::from_utf8_lossy(&body),
            });
            (
                "200 OK",
                String::new(),
                "application/json",
                echoed.to_string().into_bytes(),
            )
        }
        "/redirect" => (
            "302 Found",
            format!("Location: {}\r\n", percent_decode(query)),
            "text/plain",
            Vec::new(),
        ),
        "/later" => {
            std::thread::sleep(Duration::from_millis(300));
            ("200 OK", String::new(), "text/plain", b"hello".to_vec())
        }
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", String::new(), "text/plain", b"late".to_vec())
        }
        _ => ("404 Not Found", String::new(), "text/plain", b"no".to_vec()),
    };
    let mut stream = reader.into_inner();
    answering();
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
        payload.len()
    )?;
    stream.write_all(&payload)
}

/// A chunked body: `/stream` sends "first", waits 600 ms, then "last"; `/big` sends 80 MiB of `x` in 1 MiB
/// chunks.
fn stream_chunked(mut stream: TcpStream, big: bool) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )?;
    let mut chunk = |bytes: &[u8]| -> std::io::Result<()> {
        write!(stream, "{:x}\r\n", bytes.len())?;
        stream.write_all(bytes)?;
        stream.write_all(b"\r\n")?;
        stream.flush()
    };
    if big {
        let mib = vec![b'x'; 1024 * 1024];
        for _ in 0..80 {
            chunk(&mib)?;
        }
    } else {
        chunk(b"first")?;
        std::thread::sleep(Duration::from_millis(600));
        chunk(b"last")?;
    }
    stream.write_all(b"0\r\n\r\n")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(super) fn granting(hosts: &[String]) -> Template {
    let mut template = Template::new("net");
    template.capabilities.net = hosts.to_vec();
    template
}

/// The error of a cell that must fail: `(name, message)`.
pub(super) fn failure(session: &Session, code: &str) -> (String, String) {
    let record = repl(session, code);
    assert_eq!(record.status, ExecutionStatus::Error, "{code} did not fail");
    let error = record.error.expect("an error");
    (error.name, error.message)
}

#[test]
fn without_a_grant_nothing_is_reached_and_the_error_names_the_grant() {
    let server = Server::start();
    let env = Env::new();
    let session = env.session(Template::new("none"));
    let (name, message) = failure(&session, &format!("await fetch('{}')", server.url("/text")));
    assert_eq!(name, "PermissionDenied");
    assert!(
        message.contains(&format!("--allow net:127.0.0.1:{}", server.port)),
        "{message}"
    );
    // Another host's grant does not cover it either.
    let session = env.session(granting(&["localhost".into()]));
    let (name, _) = failure(&session, &format!("await fetch('{}')", server.url("/text")));
    assert_eq!(name, "PermissionDenied");
    assert_eq!(server.hits(), 0, "a denied request reached the server");
}

#[test]
fn a_granted_host_answers_with_bodies_headers_and_status_as_in_node() {
    let server = Server::start();
    let env = Env::new();
    let session = env.session(granting(&[format!("127.0.0.1:{}", server.port)]));
    let text = server.url("/text");
    assert_eq!(
        value(
            &session,
            &format!(
                "const r = await fetch('{text}'); JSON.stringify([r.status, r.ok, r.statusText, r.headers.get('Content-Type'), await r.text(), r.bodyUsed, r.url, r.redirected])"
            )
        ),
        format!("'[200,true,\"OK\",\"text/plain\",\"hello\",true,\"{text}\",false]'")
    );
    let (name, message) = failure(&session, "await r.text()");
    assert_eq!(
        (name.as_str(), message.as_str()),
        ("TypeError", "Body is unusable: Body has already been read")
    );
    assert_eq!(
        value(
            &session,
            &format!("await (await fetch('{}')).json()", server.url("/json"))
        ),
        "{ a: 1, list: [ 1, 2 ] }"
    );
    assert_eq!(
        value(
            &session,
            &format!(
                "(await (await fetch('{}')).arrayBuffer()).byteLength",
                server.url("/json")
            )
        ),
        "20"
    );
    assert_eq!(
        value(
            &session,
            &format!(
                "const m = await fetch('{}'); [m.status, m.ok, await m.text()]",
                server.url("/missing")
            )
        ),
        "[ 404, false, 'no' ]"
    );
    // A POST with a JSON body and headers, echoed by the server.
    let echoed = value(
        &session,
        &format!(
            "await (await fetch('{}', {{ method: 'post', headers: {{ 'X-Custom': 'yes', 'content-type': 'application/json' }}, body: JSON.stringify({{ n: 1 }}) }})).json()",
            server.url("/echo")
        ),
    );
    assert_eq!(
        echoed,
        "{\n  authorization: null,\n  body: '{\"n\":1}',\n  contentType: 'application/json',\n  custom: 'yes',\n  method: 'POST'\n}"
    );
    // FormData goes out as multipart/form-data with its boundary in the content type, a Blob with its type,
    // a stream read whole first.
    let sent = value(
        &session,
        &format!(
            "const form = new FormData(); form.append('note', 'hé'); form.append('f', new File(['x,y'], 'a.csv', {{ type: 'text/csv' }}));\n\
             const seen = await (await fetch('{0}', {{ method: 'POST', body: form }})).json();\n\
             const back = await new Response(seen.body, {{ headers: {{ 'content-type': seen.contentType }} }}).formData();\n\
             const blob = await (await fetch('{0}', {{ method: 'POST', body: new Blob(['b'], {{ type: 'text/x-b' }}) }})).json();\n\
             const chunks = new ReadableStream({{ start(c) {{ c.enqueue(new TextEncoder().encode('st')); c.enqueue(new TextEncoder().encode('réam')); c.close(); }} }});\n\
             const streamed = await (await fetch('{0}', {{ method: 'POST', body: chunks, duplex: 'half' }})).json();\n\
             [seen.contentType.startsWith('multipart/form-data; boundary='), back.get('note'), back.get('f').name, back.get('f').type, await back.get('f').text(), blob.contentType, blob.body, streamed.body]",
            server.url("/echo")
        ),
    );
    assert_eq!(
        sent,
        "[\n  true,    'hé',\n  'a.csv', 'text/csv',\n  'x,y',   'text/x-b',\n  'b',     'stréam'\n]"
    );
    // The response prints with its fields, as in Node.
    let printed = value(&session, "r");
    assert!(
        printed
            .starts_with("Response {\n  status: 200,\n  statusText: 'OK',\n  headers: Headers {"),
        "{printed}"
    );
}

#[test]
fn redirects_are_followed_only_to_granted_hosts() {
    let granted = Server::start();
    let other = Server::start();
    let env = Env::new();
    let session = env.session(granting(&[format!("127.0.0.1:{}", granted.port)]));
    let to = |url: &str| {
        granted.url(&format!(
            "/redirect?{}",
            url.replace(':', "%3A").replace('/', "%2F")
        ))
    };
    // Same host: followed, and the response says so.
    let same = to(&granted.url("/text"));
    assert_eq!(
        value(
            &session,
            &format!(
                "const s = await fetch('{same}'); [s.status, s.redirected, s.url, await s.text()]"
            )
        ),
        format!("[ 200, true, '{}', 'hello' ]", granted.url("/text"))
    );
    // To a host that is not granted: refused before it is reached.
    let away = to(&other.url("/text"));
    let (name, message) = failure(&session, &format!("await fetch('{away}')"));
    assert_eq!(name, "PermissionDenied", "{message}");
    assert!(
        message.contains(&format!("net:127.0.0.1:{}", other.port)),
        "{message}"
    );
    // redirect: "manual" gives the 302 itself; "error" fails.
    assert_eq!(
        value(
            &session,
            &format!(
                "const m = await fetch('{away}', {{ redirect: 'manual' }}); [m.status, m.headers.get('location')]"
            )
        ),
        format!("[ 302, '{}' ]", other.url("/text"))
    );
    let (name, _) = failure(
        &session,
        &format!("await fetch('{same}', {{ redirect: 'error' }})"),
    );
    assert_eq!(name, "TypeError");
    // Credentials in the URL and other spellings do not move the request to the granted host.
    let sneaky = format!(
        "http://127.0.0.1:{}@127.0.0.1:{}/text",
        granted.port, other.port
    );
    let (name, _) = failure(&session, &format!("await fetch('{sneaky}')"));
    assert_eq!(name, "PermissionDenied");
    let (name, _) = failure(
        &session,
        &format!("await fetch('http://localhost:{}/text')", granted.port),
    );
    assert_eq!(name, "PermissionDenied");
    assert_eq!(other.hits(), 0, "a host that was not granted was reached");
    // Only http(s).
    let (name, message) = failure(&session, "await fetch('file:///etc/passwd')");
    assert_eq!(
        (name.as_str(), message.contains("http: and https:")),
        ("TypeError", true),
        "{message}"
    );
}

#[test]
fn an_abort_or_an_interrupt_ends_a_request_that_is_still_out() {
    let server = Server::start();
    let env = Env::new();
    let session = env.session(granting(&[format!("127.0.0.1:{}", server.port)]));
    let slow = server.url("/slow");
    // AbortSignal.timeout on vmjs's timers: the cell ends when the signal fires, not when the server answers.
    let started = Instant::now();
    let (name, _) = failure(
        &session,
        &format!("await fetch('{slow}', {{ signal: AbortSignal.timeout(200) }})"),
    );
    assert_eq!(name, "TimeoutError");
    assert!(
        started.elapsed() < Duration::from_millis(2_000),
        "{:?}",
        started.elapsed()
    );
    // An interrupt stops a cell waiting for a response; the session goes on.
    let handle = session.execute(ExecuteRequest::repl(format!("await fetch('{slow}')")));
    std::thread::sleep(Duration::from_millis(200));
    let asked = Instant::now();
    session.interrupt();
    let record = handle.wait_blocking(|_| {});
    assert_eq!(record.status, ExecutionStatus::Cancelled);
    assert!(
        asked.elapsed() < Duration::from_millis(1_000),
        "{:?}",
        asked.elapsed()
    );
    assert_eq!(value(&session, "1 + 1"), "2");
}

#[test]
fn in_a_deterministic_session_a_pending_request_does_not_jump_the_virtual_clock() {
    let server = Server::start();
    let env = Env::new();
    let mut template = granting(&[format!("127.0.0.1:{}", server.port)]);
    template.options.deterministic = true;
    let session = env.session(template);
    // A 10 s (virtual) timeout must not fire at once just because the request waits for the network.
    assert_eq!(
        value(
            &session,
            &format!(
                "const res = await fetch('{}', {{ signal: AbortSignal.timeout(10_000) }}); await res.text()",
                server.url("/later")
            )
        ),
        "'hello'"
    );
}

#[test]
fn a_proxy_from_the_environment_is_not_a_way_around_the_grant() {
    let granted = Server::start();
    let proxy = Server::start();
    // SAFETY: nextest runs each test in its own process; this runs before any thread of the test starts
    // (the servers' threads never read the environment).
    unsafe {
        for name in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "HTTPS_PROXY"] {
            std::env::set_var(name, format!("http://127.0.0.1:{}", proxy.port));
        }
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }
    let env = Env::new();
    let session = env.session(granting(&[format!("127.0.0.1:{}", granted.port)]));
    assert_eq!(
        value(
            &session,
            &format!("await (await fetch('{}')).text()", granted.url("/text"))
        ),
        "'hello'"
    );
    assert_eq!(granted.hits(), 1);
    assert_eq!(
        proxy.hits(),
        0,
        "the request went through the environment's proxy"
    );
}

#[test]
fn https_speaks_tls_and_does_not_fall_back_to_plain_http() {
    // A granted host that answers https with plain HTTP: the TLS handshake fails, and no body comes back.
    let server = Server::start();
    let env = Env::new();
    let session = env.session(granting(&[format!("127.0.0.1:{}", server.port)]));
    let (name, message) = failure(
        &session,
        &format!(
            "await (await fetch('https://127.0.0.1:{}/text')).text()",
            server.port
        ),
    );
    assert_eq!(name, "TypeError", "{message}");
    assert!(
        message.starts_with("fetch failed: GET https://127.0.0.1:"),
        "{message}"
    );
    assert_eq!(
        server.hits(),
        1,
        "the TLS attempt reached the granted server"
    );
}

#[test]
fn many_requests_at_once_wait_their_turn_on_a_bounded_pool() {
    let server = Server::start();
    let env = Env::new();
    let session = env.session(granting(&[format!("127.0.0.1:{}", server.port)]));
    let later = server.url("/later");
    let started = Instant::now();
    // 40 requests of 300 ms each, all started at once.
    let answered = value(
        &session,
        &format!(
            "(await Promise.all(Array.from({{ length: 40 }}, () => fetch('{later}').then((r) => r.text()))))\
             .filter((t) => t === 'hello').length"
        ),
    );
    assert_eq!(answered, "40");
    let peak = server.peak();
    assert!(
        peak <= 16,
        "{peak} requests were out at once (the pool allows 16)"
    );
    assert!(
        peak >= 8,
        "the requests did not run side by side (peak {peak})"
    );
    // Three rounds of 16, not forty requests one after another.
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
    // An interrupt while requests wait their turn: those not yet sent never are.
    let before = server.hits();
    let handle = session.execute(ExecuteRequest::repl(format!(
        "await Promise.all(Array.from({{ length: 40 }}, () => fetch('{later}')))"
    )));
    std::thread::sleep(Duration::from_millis(100));
    session.interrupt();
    assert_eq!(
        handle.wait_blocking(|_| {}).status,
        ExecutionStatus::Cancelled
    );
    std::thread::sleep(Duration::from_millis(1_000));
    let sent = server.hits() - before;
    assert!(sent <= 16, "{sent} requests were sent after the interrupt");
    assert_eq!(value(&session, "1 + 1"), "2");
}

#[test]
fn a_body_streams_as_it_arrives_and_may_be_larger_than_a_whole_read() {
    let server = Server::start();
    let env = Env::new();
    let session = env.session(granting(&[format!("127.0.0.1:{}", server.port)]));
    // The head and the first chunk come before the server sends the rest (it waits 600 ms in between).
    let timeline = value(
        &session,
        &format!(
            "const t0 = Date.now();\n\
             const r = await fetch('{}');\n\
             const t1 = Date.now();\n\
             const reader = r.body.getReader();\n\
             const first = new TextDecoder().decode((await reader.read()).value);\n\
             const t2 = Date.now();\n\
             let rest = '';\n\
             for (;;) {{ const {{ value, done }} = await reader.read(); if (done) break; rest += new TextDecoder().decode(value); }}\n\
             const t3 = Date.now();\n\
             JSON.stringify([r.body instanceof ReadableStream, first, rest, t2 - t0 < 400, t3 - t0 >= 550, r.bodyUsed])",
            server.url("/stream")
        ),
    );
    assert_eq!(timeline, r#"'[true,"first","last",true,true,true]'"#);
    // 80 MiB, more than a whole read keeps (64 MiB): read piece by piece with `for await`, it all comes.
    let big = server.url("/big");
    let counted = value(
        &session,
        &format!(
            "let n = 0;\nfor await (const chunk of (await fetch('{big}')).body) n += chunk.byteLength;\nn"
        ),
    );
    assert_eq!(counted, (80 * 1024 * 1024).to_string());
    let (name, message) = failure(&session, &format!("await (await fetch('{big}')).text()"));
    assert_eq!(name, "TypeError");
    assert!(message.contains("64 MiB"), "{message}");
    // An abort after the head fails the body's next read, as in Node.
    let (name, _) = failure(
        &session,
        &format!(
            "const ac = new AbortController();\n\
             const streamed = await fetch('{}', {{ signal: ac.signal }});\n\
             ac.abort();\n\
             await streamed.text()",
            server.url("/stream")
        ),
    );
    assert_eq!(name, "AbortError");
    // `cancel()` stops the body; the session goes on.
    assert_eq!(
        value(
            &session,
            &format!(
                "const c = await fetch('{}'); await c.body.cancel(); c.bodyUsed",
                server.url("/stream")
            )
        ),
        "true"
    );
}

#[test]
fn readable_streams_read_tee_and_cancel_as_in_node() {
    let env = Env::new();
    let session = env.session(Template::new("none"));
    // Each line: what Node gives for the same code (checked with Node 20; no network: the script's own chunks).
    let cases = [
        (
            "const s = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } });\n\
             const out = []; for await (const x of s) out.push(x); JSON.stringify([out, s.locked])",
            "'[[1,2],false]'",
        ),
        (
            "const r = new Response('hello'); const reader = r.body.getReader();\n\
             const first = await reader.read(); const end = await reader.read();\n\
             JSON.stringify([new TextDecoder().decode(first.value), end.done, r.bodyUsed, r.body.locked])",
            "'[\"hello\",true,true,true]'",
        ),
        (
            "const [a, b] = ReadableStream.from([1, 2, 3]).tee(); const got = [];\n\
             for await (const x of a) got.push(x); for await (const x of b) got.push(x); got.join()",
            "'1,2,3,1,2,3'",
        ),
        (
            "const c = new Response('cl'); const d = c.clone(); [await c.text(), await d.text()].join()",
            "'cl,cl'",
        ),
        (
            "const u = new Response('x'); await u.text(); await u.text().catch((e) => e.message)",
            "'Body is unusable: Body has already been read'",
        ),
        (
            "let pulls = 0; const p = new ReadableStream({ pull(c) { pulls++; if (pulls > 3) c.close(); else c.enqueue(pulls); } });\n\
             const seen = []; for await (const x of p) seen.push(x); seen.join()",
            "'1,2,3'",
        ),
        (
            "const l = new ReadableStream(); l.getReader(); (() => { try { l.getReader() } catch (e) { return `${e.name}: ${e.message}` } })()",
            "'TypeError: Invalid state: ReadableStream is locked'",
        ),
        (
            "const e = new ReadableStream({ start(c) { c.error(new RangeError('no')) } });\n\
             await e.getReader().read().catch((x) => x.message)",
            "'no'",
        ),
        (
            "let why; const k = new ReadableStream({ cancel(reason) { why = reason } }); await k.cancel('done'); why",
            "'done'",
        ),
        (
            "let source = 'none'; const teed = new ReadableStream({ cancel(r) { source = r } }); const [t1, t2] = teed.tee();\n\
             const first = t1.cancel('x'); await null; const before = source; await t2.cancel('y'); await first;\n\
             JSON.stringify([before, source, teed.locked])",
            r#"'["none",["x","y"],true]'"#,
        ),
        (
            "await new Response(ReadableStream.from([new TextEncoder().encode('a'), new TextEncoder().encode('b')])).text()",
            "'ab'",
        ),
        (
            "const b = new TextEncoder().encode('a😀b');\n\
             const src = ReadableStream.from([b.slice(0, 2), b.slice(2, 4), b.slice(4)]);\n\
             const parts = []; for await (const t of src.pipeThrough(new TextDecoderStream())) parts.push(t);\n\
             JSON.stringify(parts)",
            r#"'["a","😀b"]'"#,
        ),
        (
            "const parts2 = []; const tail = ReadableStream.from([new Uint8Array([0x61, 0xe2, 0x82])]);\n\
             for await (const t of tail.pipeThrough(new TextDecoderStream())) parts2.push(t); JSON.stringify(parts2)",
            "'[\"a\",\"\u{FFFD}\"]'",
        ),
        (
            "const upper = new TransformStream({ transform(c, ctl) { ctl.enqueue(c.toUpperCase()) }, flush(ctl) { ctl.enqueue('!') } });\n\
             const out = []; await ReadableStream.from(['a', 'b']).pipeThrough(upper).pipeTo(new WritableStream({ write(c) { out.push(c) } }));\n\
             out.join('')",
            "'AB!'",
        ),
        (
            "const written = []; const ws = new WritableStream({ write(c) { written.push(c) }, close() { written.push('closed') } });\n\
             const w = ws.getWriter(); await w.write(1); await w.write(2); await w.close(); `${written} ${ws.locked}`",
            "'1,2,closed true'",
        ),
        (
            "await ReadableStream.from([1]).pipeTo(new WritableStream({ write() { throw new Error('nope') } })).catch((e) => e.message)",
            "'nope'",
        ),
        (
            "await new Response(ReadableStream.from(['x', 'y']).pipeThrough(new TextEncoderStream())).text()",
            "'xy'",
        ),
        // (A body's stream prints `supportsBYOB: true` in Node, whose bodies are byte streams; vmjs has no BYOB
        // readers and says so.)
        (
            "new ReadableStream({ start(c) { c.enqueue(1) } })",
            "ReadableStream { locked: false, state: 'readable', supportsBYOB: false }",
        ),
    ];
    for (code, expected) in cases {
        assert_eq!(value(&session, code), expected, "{code}");
    }
}
