//! stdio framing at the edge. tower-lsp-server stops reading at the first frame it cannot decode (its
//! framed reader ends after an error), so one malformed message would end the server. Every frame from the
//! client is therefore checked here first: valid JSON-RPC messages go on to the server unchanged; anything
//! else is answered with a JSON-RPC error (`-32700` parse error, `-32600` invalid request) and dropped. The
//! server's own output, these errors and the [`Notifier`]'s notifications reach stdout as whole frames, never
//! interleaved, through one [`Outbox`]: its writer thread writes what is queued; a notification is written
//! by the thread that made it when nothing is queued before it. Stdin is read by a thread of its own as well
//! (`tokio::io::stdin`/`stdout` would hand every read, write and flush to the blocking pool and back), and
//! nothing else stands between these threads and the server: each hop costs tens of µs on a small VM.

use std::io::{self, BufRead, Read, Write};
use std::pin::Pin;
use std::sync::mpsc;
use std::task::{Context, Poll};

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{mpsc as async_mpsc, oneshot};
use vmjs_core::outbox::Outbox;

/// Largest message accepted (a bigger Content-Length ends the connection: there is no way to resync).
const MAX_BODY_BYTES: usize = 256 * 1024 * 1024;

/// The streams the LSP server reads and writes. No task sits between them and stdio: a thread reads and
/// checks stdin frames and hands them straight to the server's reads, and what the server flushes goes
/// straight to the thread that writes stdout.
pub struct Filtered {
    /// What the server reads: only valid frames.
    pub server_input: ServerInput,
    /// Where the server writes.
    pub server_output: ServerOutput,
    /// Resolves once everything the server wrote (and every rejection error) is on stdout; after the server
    /// output is dropped.
    pub written: oneshot::Receiver<()>,
    /// Sends notifications straight to the output thread, from any thread.
    pub notifier: Notifier,
    /// Says which messages the input thread takes itself; it reads nothing before it is told (or this is
    /// dropped: then every message goes to the server).
    pub route: Route,
}

/// Takes some checked messages on the input thread itself, before the server would see them, and may defer
/// work until no more input is waiting (so a burst of messages is handled before the work runs once).
pub trait Router: Send {
    /// Takes `message` (`true`) or leaves it to the server (`false`).
    fn take(&mut self, message: &mut Value) -> bool;

    /// Whether [`Router::idle`] has work to do.
    fn has_deferred(&self) -> bool {
        false
    }

    /// Does the deferred work; called when no input is waiting, before the input thread blocks.
    fn idle(&mut self) {}
}

impl<F: FnMut(&mut Value) -> bool + Send> Router for F {
    fn take(&mut self, message: &mut Value) -> bool {
        self(message)
    }
}

/// Stack of the input thread: a router may parse documents there (parsers recurse; the nesting pre-scan
/// bounds the depth).
pub const INPUT_STACK_BYTES: usize = crate::diagnostics::ANALYSIS_STACK_BYTES;

/// Gives the input thread its [`Router`].
pub struct Route(mpsc::Sender<Box<dyn Router>>);

impl Route {
    /// Messages `router` takes never reach the server.
    pub fn set(self, router: Box<dyn Router>) {
        let _ = self.0.send(router);
    }
}

/// Whether more input is waiting on stdin right now (for [`filter`]'s `waiting`).
pub fn stdin_waiting() -> bool {
    let mut poll = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no timeout.
    unsafe { libc::poll(&mut poll, 1, 0) > 0 }
}

/// Sends server notifications as whole frames straight to the output thread — from the thread that made
/// them, with no task or runtime in between (diagnostics: one thread hop from the parser to stdout instead
/// of four). Frames never interleave with the server's own messages.
#[derive(Clone)]
pub struct Notifier(Outbox<Vec<u8>>);

impl Notifier {
    /// Sends the notification `method` with `params` — written by the calling thread itself when nothing is
    /// queued before it ([`Outbox::reply`]); dropped once the server's output has ended.
    pub fn notify(&self, method: &str, params: &impl serde::Serialize) {
        let message = json!({"jsonrpc": "2.0", "method": method, "params": params});
        match serde_json::to_vec(&message) {
            Ok(body) => {
                let _ = self.0.reply(frame(&body));
            }
            Err(error) => tracing::error!("cannot encode a {method} notification: {error}"),
        }
    }
}

/// Connects `input`/`output` (stdin/stdout) to a server through the frame check. `waiting` says whether more
/// of `input` can be read without blocking (beyond what the reader has buffered).
pub fn filter<R, W>(
    input: R,
    output: W,
    waiting: impl Fn() -> bool + Send + 'static,
) -> io::Result<Filtered>
where
    R: Read + Send + 'static,
    W: Write + Send + 'static,
{
    let (written_tx, written) = oneshot::channel::<()>();
    // The writer thread is detached: `written` says when it is done.
    let (outgoing, _writer) = Outbox::start("lsp-stdout", output, move || {
        let _ = written_tx.send(());
    })?;
    let (to_server, from_stdin) = async_mpsc::unbounded_channel::<Vec<u8>>();
    let errors = outgoing.clone();
    let notifier = Notifier(outgoing.clone());
    let (route, router) = mpsc::channel::<Box<dyn Router>>();
    std::thread::Builder::new()
        .name("lsp-stdin".into())
        .stack_size(INPUT_STACK_BYTES)
        .spawn(move || {
            let router = router.recv().ok();
            read_in(input, router, &waiting, &to_server, &errors)
        })?;
    Ok(Filtered {
        server_input: ServerInput {
            frames: from_stdin,
            current: Vec::new(),
            read: 0,
        },
        server_output: ServerOutput {
            pending: Vec::new(),
            outgoing,
            ended: false,
        },
        written,
        notifier,
        route: Route(route),
    })
}

/// The input thread: checks each frame; valid ones go to the router or the server, the others are answered
/// with an error. Before it would block for more input, the router does its deferred work. Ends at the end
/// of input (the server then sees the end of its input too).
fn read_in(
    input: impl Read,
    mut router: Option<Box<dyn Router>>,
    waiting: &dyn Fn() -> bool,
    to_server: &async_mpsc::UnboundedSender<Vec<u8>>,
    errors: &Outbox<Vec<u8>>,
) {
    let mut input = io::BufReader::new(input);
    loop {
        if let Some(router) = router.as_mut()
            && router.has_deferred()
            && input.buffer().is_empty()
            && !waiting()
        {
            router.idle();
        }
        let rejection = match read_frame(&mut input) {
            Ok(None) => break,
            Ok(Some(Ok(body))) => match check(&body) {
                Ok(mut message) => {
                    if router.as_mut().is_some_and(|r| r.take(&mut message)) {
                        continue;
                    }
                    if to_server.send(frame(&body)).is_err() {
                        break;
                    }
                    continue;
                }
                Err(error) => {
                    tracing::warn!("rejected a malformed message: {error}");
                    error
                }
            },
            Ok(Some(Err(message))) => {
                tracing::warn!("rejected a malformed frame: {message}");
                error_response(Value::Null, -32700, &message)
            }
            Err(error) => {
                tracing::warn!("stdin: {error}");
                break;
            }
        };
        let _ = errors.send(frame(rejection.to_string().as_bytes()));
    }
}

/// The server's input: the checked frames, as one byte stream.
pub struct ServerInput {
    frames: async_mpsc::UnboundedReceiver<Vec<u8>>,
    current: Vec<u8>,
    read: usize,
}

impl AsyncRead for ServerInput {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.read == this.current.len() {
            match this.frames.poll_recv(cx) {
                Poll::Ready(Some(frame)) => {
                    this.current = frame;
                    this.read = 0;
                }
                Poll::Ready(None) => return Poll::Ready(Ok(())), // end of input
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = buf.remaining().min(this.current.len() - this.read);
        buf.put_slice(&this.current[this.read..this.read + n]);
        this.read += n;
        Poll::Ready(Ok(()))
    }
}

/// The server's output: bytes gathered until each flush (the server flushes after every message), then
/// handed whole to the output thread, so a rejection error can never land inside a server message.
pub struct ServerOutput {
    pending: Vec<u8>,
    outgoing: Outbox<Vec<u8>>,
    ended: bool,
}

impl ServerOutput {
    fn hand_over(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.pending);
        self.outgoing
            .send(bytes)
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }

    /// The server's output ended: what came before is written, then the output thread stops.
    fn end(&mut self) -> io::Result<()> {
        let handed = self.hand_over();
        if !self.ended {
            self.ended = true;
            self.outgoing.close();
        }
        handed
    }
}

impl AsyncWrite for ServerOutput {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.pending.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.hand_over())
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.end())
    }
}

impl Drop for ServerOutput {
    fn drop(&mut self) {
        let _ = self.end();
    }
}

/// Reads one frame: `Ok(None)` at the end of input, `Ok(Some(Err(_)))` for a frame without a usable
/// Content-Length (its headers are skipped).
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Result<Vec<u8>, String>>> {
    let mut content_length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            content_length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|e| format!("bad Content-Length: {e}")),
            );
        }
    }
    let length = match content_length {
        Some(Ok(length)) => length,
        Some(Err(message)) => return Ok(Some(Err(message))),
        None => return Ok(Some(Err("missing Content-Length header".into()))),
    };
    if length > MAX_BODY_BYTES {
        return Err(io::Error::other(format!(
            "message of {length} bytes exceeds the limit"
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(Ok(body)))
}

/// `body` with its `Content-Length` header.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

/// The message if the server can decode it, else the error response to send instead.
fn check(body: &[u8]) -> Result<Value, Value> {
    let message: Value = serde_json::from_slice(body)
        .map_err(|e| error_response(Value::Null, -32700, &format!("Parse error: {e}")))?;
    let id = message.get("id").cloned().unwrap_or(Value::Null);
    let invalid =
        |why: &str| error_response(id.clone(), -32600, &format!("Invalid Request: {why}"));
    let Some(object) = message.as_object() else {
        return Err(invalid("not a JSON object"));
    };
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(invalid("`jsonrpc` must be \"2.0\""));
    }
    if let Some(id) = object.get("id")
        && !(id.is_string() || id.is_i64() || id.is_u64() || id.is_null())
    {
        return Err(error_response(
            Value::Null,
            -32600,
            "Invalid Request: bad `id`",
        ));
    }
    let is_request = object.get("method").is_some_and(Value::is_string);
    let is_response = object.contains_key("id")
        && (object.contains_key("result") || object.contains_key("error"));
    if is_request || is_response {
        Ok(message)
    } else {
        Err(invalid("neither a request, a notification nor a response"))
    }
}

fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_messages() {
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","method":"exit"}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","id":"a","result":null}"#).is_ok());
        let parse = check(b"{nope").unwrap_err();
        assert_eq!(parse["error"]["code"], -32700);
        assert_eq!(parse["id"], Value::Null);
        let invalid = check(br#"{"jsonrpc":"2.0","id":7}"#).unwrap_err();
        assert_eq!(invalid["error"]["code"], -32600);
        assert_eq!(invalid["id"], 7);
        assert_eq!(check(b"[1]").unwrap_err()["error"]["code"], -32600);
        assert_eq!(
            check(br#"{"jsonrpc":"2.0","id":{},"method":"x"}"#).unwrap_err()["id"],
            Value::Null
        );
    }

    #[tokio::test]
    async fn malformed_frames_get_errors_and_valid_ones_pass() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let input = b"Content-Length: 5\r\n\r\n{nopeContent-Length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}".to_vec();
        let written = SharedBuffer::default();
        let mut filtered = filter(std::io::Cursor::new(input), written.clone(), || false).unwrap();
        // No router: every valid message goes to the server.
        drop(filtered.route);
        // The server reads the valid frame, then the end of its input.
        let mut read = Vec::new();
        filtered.server_input.read_to_end(&mut read).await.unwrap();
        let frame = read_frame(&mut std::io::Cursor::new(read))
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(frame, br#"{"jsonrpc":"2.0","method":"exit"}"#);
        // What the server writes is handed over at each flush, whole.
        let mut server_output = filtered.server_output;
        server_output
            .write_all(b"Content-Length: 30\r\n\r\n")
            .await
            .unwrap();
        server_output
            .write_all(br#"{"jsonrpc":"2.0","method":"x"}"#)
            .await
            .unwrap();
        server_output.flush().await.unwrap();
        drop(server_output);
        filtered.written.await.unwrap();
        let out = String::from_utf8(written.0.lock().unwrap().clone()).unwrap();
        assert!(out.contains("-32700"), "{out}");
        assert!(
            out.ends_with("Content-Length: 30\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}"),
            "{out}"
        );
    }

    #[tokio::test]
    async fn messages_the_router_takes_never_reach_the_server() {
        use tokio::io::AsyncReadExt;
        let body = |method: &str| format!(r#"{{"jsonrpc":"2.0","method":"{method}"}}"#);
        let input: String = ["taken", "kept", "taken"]
            .iter()
            .map(|method| {
                let body = body(method);
                format!("Content-Length: {}\r\n\r\n{body}", body.len())
            })
            .collect();
        let filtered = filter(std::io::Cursor::new(input), SharedBuffer::default(), || {
            false
        })
        .unwrap();
        let taken = std::sync::Arc::new(std::sync::Mutex::new(0));
        let counter = std::sync::Arc::clone(&taken);
        filtered.route.set(Box::new(move |message: &mut Value| {
            let take = message["method"] == "taken";
            *counter.lock().unwrap() += usize::from(take);
            take
        }));
        let mut server_input = filtered.server_input;
        let mut read = Vec::new();
        server_input.read_to_end(&mut read).await.unwrap();
        let kept = body("kept");
        assert_eq!(
            String::from_utf8(read).unwrap(),
            format!("Content-Length: {}\r\n\r\n{kept}", kept.len())
        );
        assert_eq!(*taken.lock().unwrap(), 2);
    }

    /// Counts what it takes and when it was idle: `"t1 t2 idle"`.
    struct Recorder {
        log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
        taken: usize,
    }

    impl Router for Recorder {
        fn take(&mut self, message: &mut Value) -> bool {
            self.taken += 1;
            let id = message["params"]["n"].clone();
            self.log.lock().unwrap().push(format!("t{id}"));
            true
        }

        fn has_deferred(&self) -> bool {
            self.taken > 0
        }

        fn idle(&mut self) {
            self.taken = 0;
            self.log.lock().unwrap().push("idle".to_owned());
        }
    }

    fn frames(numbers: &[u32]) -> Vec<u8> {
        numbers
            .iter()
            .map(|n| {
                let body = format!(r#"{{"jsonrpc":"2.0","method":"m","params":{{"n":{n}}}}}"#);
                format!("Content-Length: {}\r\n\r\n{body}", body.len())
            })
            .collect::<String>()
            .into_bytes()
    }

    /// What a [`Recorder`] router logs while the server reads all of `input`.
    async fn routed(input: impl Read + Send + 'static) -> Vec<String> {
        use tokio::io::AsyncReadExt;
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let filtered = filter(input, SharedBuffer::default(), || false).unwrap();
        filtered.route.set(Box::new(Recorder {
            log: std::sync::Arc::clone(&log),
            taken: 0,
        }));
        let mut server_input = filtered.server_input;
        server_input.read_to_end(&mut Vec::new()).await.unwrap();
        log.lock().unwrap().clone()
    }

    #[tokio::test]
    async fn deferred_work_waits_until_no_input_is_waiting() {
        // One read takes all three frames: the router is idle once, after the last.
        let log = routed(std::io::Cursor::new(frames(&[1, 2, 3]))).await;
        assert_eq!(log, ["t1", "t2", "t3", "idle"]);
        // Frames that arrive one read at a time, nothing else waiting: idle after each.
        let log = routed(OneFrameAtATime(frames(&[1, 2]).into())).await;
        assert_eq!(log, ["t1", "idle", "t2", "idle"]);
    }

    /// Input whose reads end at frame boundaries (as a pipe written one frame at a time).
    struct OneFrameAtATime(std::collections::VecDeque<u8>);

    impl Read for OneFrameAtATime {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let text: Vec<u8> = self.0.iter().copied().collect();
            let end = text
                .windows(2)
                .position(|w| w == b"}C")
                .map_or(text.len(), |at| at + 1)
                .min(buf.len());
            for (slot, byte) in buf.iter_mut().zip(self.0.drain(..end)) {
                *slot = byte;
            }
            Ok(end)
        }
    }

    /// A `Write` whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct SharedBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for SharedBuffer {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
}
