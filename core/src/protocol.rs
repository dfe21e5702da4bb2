//! The worker protocol: length-prefixed JSON frames over the worker's stdin (host → worker) and stdout
//! (worker → host).
//!
//! A frame is a 4-byte little-endian payload length followed by that many bytes of JSON. The decoder is a plain
//! function over bytes ([`decode_frame`]) so it can be fuzzed; [`FrameReader`]/[`write_frame`] wrap it for
//! blocking I/O. The worker never touches the store; everything it learns reaches the host as [`FromWorker`].

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::model::{
    Capabilities, Description, EventBody, ExceptionPayload, ExecutionKind, ValuePayload,
};

/// Largest frame either side accepts (a cell's source or one event). Bigger frames are a protocol error.
pub const MAX_FRAME_BYTES: usize = 64 * 1024 * 1024;

/// Why decoding a frame failed.
#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    #[error("frame of {0} bytes exceeds the {MAX_FRAME_BYTES}-byte limit")]
    FrameTooLarge(usize),
    #[error("malformed frame: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("worker pipe: {0}")]
    Io(#[from] io::Error),
}

/// Session-wide settings the worker needs before its first evaluation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkerInit {
    /// Absolute, canonical session root.
    pub root: String,
    pub capabilities: Capabilities,
    /// Arguments visible as `vmjs.args`.
    #[serde(default)]
    pub args: Vec<String>,
    pub deterministic: bool,
    pub seed: u64,
    pub epoch_ms: i64,
    pub loop_iterations: Option<u64>,
    pub recursion: u32,
    /// Memory cap (RLIMIT_DATA) the worker applies to itself before building the engine, in MiB.
    pub mem_mb: Option<u64>,
    /// Environment variables granted by the template's `env` allow-list, with their values.
    #[serde(default)]
    pub env: Vec<(String, String)>,
    /// Secrets to redact from everything the worker sends: literal values (environment values resolved by the
    /// host) and regular expressions ([`crate::redact`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redact_values: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redact_patterns: Vec<String>,
}

impl WorkerInit {
    /// A deterministic session on `root` granted nothing: seed 0, the clock at the epoch, recursion 1 000, no
    /// loop or memory limit (the syntax checker's, and tests').
    pub fn bare(root: String) -> Self {
        Self {
            root,
            capabilities: Capabilities::default(),
            args: Vec::new(),
            deterministic: true,
            seed: 0,
            epoch_ms: 0,
            loop_iterations: None,
            recursion: 1000,
            mem_mb: None,
            env: Vec::new(),
            redact_values: Vec::new(),
            redact_patterns: Vec::new(),
        }
    }
}

/// One piece of code to evaluate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalRequest {
    pub execution_id: String,
    pub kind: ExecutionKind,
    pub source: String,
    /// Name used in stack frames: `<cell 3>` or a path relative to the root.
    pub source_name: String,
    /// Wall-clock budget in ms from the moment the worker receives the request.
    pub wall_ms: Option<u64>,
    /// Replays restore state: output is not reported.
    #[serde(default)]
    pub replay: bool,
    /// `vmjs.args` while this execution runs (the session's arguments otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<String>>,
    /// Variables `vmjs.env.get` answers while this execution runs, without a capability: the caller gave them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<(String, String)>,
}

/// Why the host asked the worker to stop the running code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    Interrupt,
    Timeout,
    /// Output limit with the `fail` strategy.
    OutputLimit,
}

/// Messages the host sends to a worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "snake_case")]
pub enum ToWorker {
    Init(WorkerInit),
    Eval(EvalRequest),
    /// Stop an evaluation softly (taken in by the worker's main thread between budget slices while code runs).
    Stop {
        execution_id: String,
        reason: StopReason,
    },
    /// Answer to [`FromWorker::InputRequest`]; `None` = no input available.
    InputReply {
        value: Option<String>,
    },
    /// Names visible in the session (for completion); answered by [`FromWorker::Names`].
    Names,
    /// Property names (own and inherited, identifier names only, sorted) of the value at a property path
    /// (see [`crate::analysis::parse_property_path`]); answered by [`FromWorker::Names`] (empty when the path
    /// is invalid or cannot be resolved without running code).
    Properties {
        expression: String,
    },
    /// What the value at a property path is; answered by [`FromWorker::Description`].
    Describe {
        expression: String,
        /// 0: short preview; 1 or more: a longer one.
        detail: u8,
    },
    Shutdown,
    /// Parse `source` with boa only (no evaluation) and report what boa rejects; answered by
    /// [`FromWorker::Checked`]. Used by the language server's long-lived checker worker.
    Check {
        source: String,
        /// Parse as an ES module instead of a script.
        module: bool,
    },
}

/// How an evaluation ended, as the worker saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvalStatus {
    Ok,
    Error,
    Timeout,
    Cancelled,
}

/// The end of one evaluation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalDone {
    pub execution_id: String,
    pub status: EvalStatus,
    /// The completion value. The worker sends it only here: the host records it as the execution's last
    /// `value` event (one frame per trivial execution instead of two).
    pub result: Option<ValuePayload>,
    /// The error that ended the evaluation; likewise recorded by the host as the last `exception` event.
    pub error: Option<ExceptionPayload>,
    /// The code used a capability or `prompt`: replaying it could have side effects or block.
    pub side_effects: bool,
    /// The global names after this evaluation, sent only when they differ from the last set this worker sent
    /// (the host keeps it as a snapshot for completion while the next execution runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<Vec<String>>,
}

/// Messages a worker sends to the host.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker is initialised and waits for `Eval`.
    Ready {
        pid: u32,
        /// The global names of the fresh context (the first snapshot for completion while code runs).
        #[serde(default)]
        names: Vec<String>,
    },
    /// An event of the running evaluation (in order).
    Event {
        execution_id: String,
        body: EventBody,
    },
    Done(EvalDone),
    /// `prompt()`/`confirm()` need input from the user.
    InputRequest {
        execution_id: String,
        prompt: String,
        password: bool,
    },
    /// Answer to [`ToWorker::Names`] and [`ToWorker::Properties`].
    Names {
        names: Vec<String>,
    },
    /// Answer to [`ToWorker::Describe`]; `None` when the path does not resolve without running code.
    /// (A struct variant: the internally tagged frame cannot hold a bare `Option`.)
    Description {
        description: Option<Description>,
    },
    /// The worker cannot continue (e.g. bad init); it exits after sending this.
    Fatal {
        message: String,
    },
    /// boa's verdict on a [`ToWorker::Check`]: empty when boa accepts the text.
    Checked {
        errors: Vec<CheckError>,
    },
}

/// A syntax error boa reports for a [`ToWorker::Check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckError {
    /// boa's message, without its trailing position.
    pub message: String,
    /// 1-based line, when boa gave one.
    pub line: Option<u32>,
    /// 1-based column (in characters), when boa gave one.
    pub column: Option<u32>,
}

/// Encodes `message` as one frame.
pub fn encode_frame<T: Serialize>(message: &T) -> Result<Vec<u8>, ProtocolError> {
    let mut out = vec![0u8; 4];
    serde_json::to_writer(&mut out, message)?;
    let len = out.len() - 4;
    if len > MAX_FRAME_BYTES {
        return Err(ProtocolError::FrameTooLarge(len));
    }
    out[..4].copy_from_slice(&(len as u32).to_le_bytes());
    Ok(out)
}

/// Decodes the first frame of `buf`: `Ok(None)` if `buf` does not hold a whole frame yet, else the message and
/// the number of bytes it used.
pub fn decode_frame<T: DeserializeOwned>(buf: &[u8]) -> Result<Option<(T, usize)>, ProtocolError> {
    let Some(header) = buf.get(..4) else {
        return Ok(None);
    };
    let len = u32::from_le_bytes([header[0], header[1], header[2], header[3]]) as usize;
    if len > MAX_FRAME_BYTES {
        return Err(ProtocolError::FrameTooLarge(len));
    }
    let Some(body) = buf.get(4..4 + len) else {
        return Ok(None);
    };
    let message = serde_json::from_slice(body)?;
    Ok(Some((message, 4 + len)))
}

/// Writes one frame and flushes.
pub fn write_frame<T: Serialize, W: Write>(
    writer: &mut W,
    message: &T,
) -> Result<(), ProtocolError> {
    writer.write_all(&encode_frame(message)?)?;
    writer.flush()?;
    Ok(())
}

impl crate::outbox::Frame for FromWorker {
    fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), String> {
        out.extend_from_slice(&encode_frame(self).map_err(|e| e.to_string())?);
        Ok(())
    }
}

/// A [`FrameReader`] keeps its body buffer between frames up to this capacity.
const KEPT_FRAME_BUFFER_BYTES: usize = 1024 * 1024;

/// Reads frames from a blocking reader.
pub struct FrameReader<R> {
    reader: R,
    body: Vec<u8>,
}

impl<R: Read> FrameReader<R> {
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            body: Vec::new(),
        }
    }

    /// The next message; `Ok(None)` at a clean end of stream (between frames).
    pub fn read<T: DeserializeOwned>(&mut self) -> Result<Option<T>, ProtocolError> {
        let mut header = [0u8; 4];
        if !read_exact_or_eof(&mut self.reader, &mut header)? {
            return Ok(None);
        }
        let len = u32::from_le_bytes(header) as usize;
        if len > MAX_FRAME_BYTES {
            return Err(ProtocolError::FrameTooLarge(len));
        }
        self.body.resize(len, 0);
        self.reader.read_exact(&mut self.body)?;
        let message = serde_json::from_slice(&self.body);
        if self.body.capacity() > KEPT_FRAME_BUFFER_BYTES {
            // A large frame (a display bundle) must not keep its buffer for the reader's life.
            self.body = Vec::new();
        }
        Ok(Some(message?))
    }
}

/// `read_exact`, except that EOF before the first byte returns `Ok(false)`.
fn read_exact_or_eof<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<bool> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) if filled == 0 => return Ok(false),
            Ok(0) => return Err(io::Error::from(io::ErrorKind::UnexpectedEof)),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_through_reader() {
        let mut buf = Vec::new();
        write_frame(
            &mut buf,
            &ToWorker::Stop {
                execution_id: "e".into(),
                reason: StopReason::Timeout,
            },
        )
        .unwrap();
        write_frame(&mut buf, &ToWorker::Shutdown).unwrap();
        let mut reader = FrameReader::new(&buf[..]);
        assert!(matches!(
            reader.read::<ToWorker>().unwrap(),
            Some(ToWorker::Stop {
                reason: StopReason::Timeout,
                ..
            })
        ));
        assert!(matches!(
            reader.read::<ToWorker>().unwrap(),
            Some(ToWorker::Shutdown)
        ));
        assert!(reader.read::<ToWorker>().unwrap().is_none());
    }

    #[test]
    fn decode_frame_waits_for_whole_frame() {
        let frame = encode_frame(&FromWorker::Ready {
            pid: 7,
            names: vec![],
        })
        .unwrap();
        assert!(decode_frame::<FromWorker>(&frame[..3]).unwrap().is_none());
        assert!(
            decode_frame::<FromWorker>(&frame[..frame.len() - 1])
                .unwrap()
                .is_none()
        );
        let (msg, used) = decode_frame::<FromWorker>(&frame).unwrap().unwrap();
        assert_eq!(used, frame.len());
        assert!(matches!(msg, FromWorker::Ready { pid: 7, .. }));
    }

    #[test]
    fn oversized_and_malformed_frames_are_errors() {
        let huge = ((MAX_FRAME_BYTES + 1) as u32).to_le_bytes();
        assert!(matches!(
            decode_frame::<ToWorker>(&huge),
            Err(ProtocolError::FrameTooLarge(_))
        ));
        let mut bad = 5u32.to_le_bytes().to_vec();
        bad.extend_from_slice(b"{oops");
        assert!(matches!(
            decode_frame::<ToWorker>(&bad),
            Err(ProtocolError::Malformed(_))
        ));
        let truncated = [9u8, 0, 0, 0, b'{'];
        let mut reader = FrameReader::new(&truncated[..]);
        assert!(matches!(
            reader.read::<ToWorker>(),
            Err(ProtocolError::Io(_))
        ));
    }
}
