//! stdio framing at the edge. Every frame from the client is checked before the server sees it: a valid
//! JSON-RPC message goes on to the main loop; anything else is answered with a JSON-RPC error (`-32700`
//! parse error, `-32600` invalid request) and dropped, so one malformed message never ends the server
//! (tower-lsp-server's and lsp-server's readers both stop at the first frame they cannot decode). Stdin is
//! read by the main loop's own thread — no thread or task stands between a frame and its handling — and
//! everything the server writes reaches stdout as whole frames, never interleaved, through one [`Outbox`].

use std::io::{self, BufRead, Read, Write};

use serde_json::{Value, json};
use tokio::sync::oneshot;
use vmjs_core::outbox::Outbox;

/// Largest message accepted (a bigger Content-Length ends the connection: there is no way to resync).
const MAX_BODY_BYTES: usize = 256 * 1024 * 1024;

/// Checked messages from the client, read on the calling thread.
pub struct Incoming<R> {
    input: io::BufReader<R>,
    errors: Outbox<Vec<u8>>,
}

impl<R: Read> Incoming<R> {
    /// Reads `input`; rejections are answered through `errors`.
    pub fn new(input: R, errors: Outbox<Vec<u8>>) -> Self {
        Self {
            input: io::BufReader::new(input),
            errors,
        }
    }

    /// The next valid message; each malformed frame before it is answered with an error and dropped.
    /// `None` at the end of input (or when reading fails).
    pub fn next_message(&mut self) -> Option<Value> {
        loop {
            let rejection = match read_frame(&mut self.input) {
                Ok(None) => return None,
                Ok(Some(Ok(body))) => match check(&body) {
                    Ok(message) => return Some(message),
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
                    return None;
                }
            };
            let _ = self.errors.send(frame(rejection.to_string().as_bytes()));
        }
    }

    /// Whether input is already buffered (more messages can be read without blocking).
    pub fn has_buffered(&self) -> bool {
        !self.input.buffer().is_empty()
    }
}

/// Starts the thread that writes frames to `output` (stdout); the receiver resolves once everything sent
/// before [`Outbox::close`] is written.
pub fn writer(
    output: impl Write + Send + 'static,
) -> io::Result<(Outbox<Vec<u8>>, oneshot::Receiver<()>)> {
    let (written_tx, written) = oneshot::channel::<()>();
    // The writer thread is detached: `written` says when it is done.
    let (outbox, _writer) = Outbox::start("lsp-stdout", output, move || {
        let _ = written_tx.send(());
    })?;
    Ok((outbox, written))
}

/// Whether more input is waiting on stdin right now (beyond what a reader has buffered).
pub fn stdin_waiting() -> bool {
    let mut poll = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no timeout.
    unsafe { libc::poll(&mut poll, 1, 0) > 0 }
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
pub fn frame(body: &[u8]) -> Vec<u8> {
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

/// A JSON-RPC error response.
pub fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

#[cfg(test)]
pub mod tests {
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
        let input = b"Content-Length: 5\r\n\r\n{nopeContent-Length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}X-Other: 1\r\n\r\nContent-Length: 2\r\n\r\n{}".to_vec();
        let written = SharedBuffer::default();
        let (outbox, done) = writer(written.clone()).unwrap();
        let mut incoming = Incoming::new(std::io::Cursor::new(input), outbox.clone());
        // The valid message comes through; the frames around it are answered, then the input ends.
        assert_eq!(
            incoming.next_message(),
            Some(json!({"jsonrpc": "2.0", "method": "exit"}))
        );
        assert_eq!(incoming.next_message(), None);
        outbox.close();
        done.await.unwrap();
        let out = String::from_utf8(written.0.lock().unwrap().clone()).unwrap();
        assert_eq!(out.matches("-32700").count(), 2, "{out}");
        assert_eq!(out.matches("-32600").count(), 1, "{out}");
    }

    /// Reads one frame's body (for other modules' tests).
    pub fn read_frame_for_tests(input: &mut impl BufRead) -> Option<Result<Vec<u8>, String>> {
        read_frame(input).ok().flatten()
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
