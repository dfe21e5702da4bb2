//! stdio framing at the edge. tower-lsp-server stops reading at the first frame it cannot decode (its
//! framed reader ends after an error), so one malformed message would end the server. Every frame from the
//! client is therefore checked here first: valid JSON-RPC messages go on to the server unchanged; anything
//! else is answered with a JSON-RPC error (`-32700` parse error, `-32600` invalid request) and dropped. The
//! server's own output and these errors reach stdout as whole frames, never interleaved: both go, as whole
//! frames, through one channel to a thread that owns stdout (blocking writes there; `tokio::io::stdout`
//! would hand every write and flush to the blocking pool and back).

use std::io::{self, Write};
use std::sync::mpsc;

use serde_json::{Value, json};
use tokio::io::{
    AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream,
};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Largest message accepted (a bigger Content-Length ends the connection: there is no way to resync).
const MAX_BODY_BYTES: usize = 256 * 1024 * 1024;
const PIPE_BYTES: usize = 1024 * 1024;

/// The streams the LSP server reads and writes, plus the tasks that connect them to the real ones.
pub struct Filtered {
    /// What the server reads: only valid frames.
    pub server_input: DuplexStream,
    /// Where the server writes.
    pub server_output: DuplexStream,
    /// Ends when the input ends.
    pub reader: JoinHandle<()>,
    /// Ends once the server's output is closed and written out.
    pub writer: JoinHandle<()>,
}

/// What the output thread receives.
enum Outgoing {
    /// A whole frame (headers and body).
    Frame(Vec<u8>),
    /// The server's output ended: write what came before, then stop.
    End,
}

/// Connects `input`/`output` (stdin/stdout) to a server through the frame check.
pub fn filter<R, W>(input: R, output: W) -> io::Result<Filtered>
where
    R: AsyncRead + Unpin + Send + 'static,
    W: Write + Send + 'static,
{
    let (server_input, mut to_server) = tokio::io::duplex(PIPE_BYTES);
    let (server_output, from_server) = tokio::io::duplex(PIPE_BYTES);
    let (outgoing, outbox) = mpsc::channel::<Outgoing>();
    let (written, all_written) = oneshot::channel::<()>();
    std::thread::Builder::new()
        .name("lsp-stdout".into())
        .spawn(move || {
            write_out(outbox, output);
            let _ = written.send(());
        })?;
    let errors = outgoing.clone();
    let reader = tokio::spawn(async move {
        let mut input = BufReader::new(input);
        loop {
            match read_frame(&mut input).await {
                Ok(None) => break,
                Ok(Some(Ok(body))) => match check(&body) {
                    Ok(()) => {
                        if write_frame(&mut to_server, &body).await.is_err() {
                            break;
                        }
                    }
                    Err(error) => {
                        tracing::warn!("rejected a malformed message: {error}");
                        let _ = errors.send(Outgoing::Frame(frame(error.to_string().as_bytes())));
                    }
                },
                Ok(Some(Err(message))) => {
                    tracing::warn!("rejected a malformed frame: {message}");
                    let error = error_response(Value::Null, -32700, &message);
                    let _ = errors.send(Outgoing::Frame(frame(error.to_string().as_bytes())));
                }
                Err(error) => {
                    tracing::warn!("stdin: {error}");
                    break;
                }
            }
        }
        let _ = to_server.shutdown().await;
    });
    let writer = tokio::spawn(async move {
        let mut from_server = BufReader::new(from_server);
        loop {
            match read_frame(&mut from_server).await {
                Ok(Some(Ok(body))) => {
                    if outgoing.send(Outgoing::Frame(frame(&body))).is_err() {
                        return;
                    }
                }
                Ok(Some(Err(message))) => {
                    tracing::error!("the server wrote a bad frame: {message}");
                }
                Ok(None) | Err(_) => break,
            }
        }
        let _ = outgoing.send(Outgoing::End);
        let _ = all_written.await;
    });
    Ok(Filtered {
        server_input,
        server_output,
        reader,
        writer,
    })
}

/// The output thread: writes frames in the order they came, flushing whenever none is waiting.
fn write_out(outbox: mpsc::Receiver<Outgoing>, output: impl Write) {
    let mut output = io::BufWriter::with_capacity(256 * 1024, output);
    while let Ok(Outgoing::Frame(first)) = outbox.recv() {
        let mut next = Some(Outgoing::Frame(first));
        while let Some(outgoing) = next.take() {
            match outgoing {
                Outgoing::Frame(frame) => {
                    if output.write_all(&frame).is_err() {
                        return;
                    }
                }
                Outgoing::End => {
                    let _ = output.flush();
                    return;
                }
            }
            next = outbox.try_recv().ok();
        }
        if output.flush().is_err() {
            return;
        }
    }
    let _ = output.flush();
}

/// Reads one frame: `Ok(None)` at the end of input, `Ok(Some(Err(_)))` for a frame without a usable
/// Content-Length (its headers are skipped).
async fn read_frame<R: AsyncRead + Unpin>(
    input: &mut BufReader<R>,
) -> io::Result<Option<Result<Vec<u8>, String>>> {
    let mut content_length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).await? == 0 {
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
    input.read_exact(&mut body).await?;
    Ok(Some(Ok(body)))
}

async fn write_frame<W: AsyncWrite + Unpin>(output: &mut W, body: &[u8]) -> io::Result<()> {
    output.write_all(&frame(body)).await?;
    output.flush().await
}

/// `body` with its `Content-Length` header.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

/// `Ok` for a message the server can decode, else the error response to send instead.
fn check(body: &[u8]) -> Result<(), Value> {
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
        Ok(())
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
        let input = b"Content-Length: 5\r\n\r\n{nopeContent-Length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}".to_vec();
        let written = SharedBuffer::default();
        let filtered = filter(std::io::Cursor::new(input), written.clone()).unwrap();
        let mut server_input = BufReader::new(filtered.server_input);
        let frame = read_frame(&mut server_input)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(frame, br#"{"jsonrpc":"2.0","method":"exit"}"#);
        let mut server_output = filtered.server_output;
        write_frame(&mut server_output, br#"{"jsonrpc":"2.0","method":"x"}"#)
            .await
            .unwrap();
        drop(server_output);
        filtered.writer.await.unwrap();
        let out = String::from_utf8(written.0.lock().unwrap().clone()).unwrap();
        assert!(out.contains("-32700"), "{out}");
        assert!(
            out.ends_with("Content-Length: 30\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}"),
            "{out}"
        );
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
