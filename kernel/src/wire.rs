//! The Jupyter wire format over ZeroMQ multipart messages: routing identities, the `<IDS|MSG>` delimiter,
//! the HMAC-SHA256 signature and the four JSON frames (header, parent header, metadata, content), then
//! binary buffers. Incoming messages are verified on the raw frames first and parsed leniently afterwards:
//! a header needs only a `msg_type`; content that is not valid JSON is kept as an error for the handler to
//! answer, never silently dropped.

use bytes::Bytes;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value, json};
use sha2::Sha256;
use zeromq::ZmqMessage;

/// The frame that separates routing identities from the message.
pub const DELIMITER: &[u8] = b"<IDS|MSG>";
/// The version of the messaging protocol the kernel implements, sent in every header, in `kernel_info_reply`
/// and in kernel.json: 5.5, for the XPUB IOPub socket with its `iopub_welcome` (JEP 65); 5.4's optional
/// features (JEP 92) are the `supported_features` list of `kernel_info_reply`, empty since vmjs implements none
/// of them (debugger, subshells).
pub const PROTOCOL_VERSION: &str = "5.5";

type HmacSha256 = Hmac<Sha256>;

/// Why an incoming multipart message was rejected.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("no <IDS|MSG> delimiter")]
    NoDelimiter,
    #[error("{0} frames after the delimiter; at least 5 are needed")]
    TooFewFrames(usize),
    #[error("bad signature")]
    BadSignature,
    #[error("the header is not a JSON object with a string `msg_type`: {0}")]
    BadHeader(String),
}

/// Signs and verifies messages with the connection file's key (an empty key disables signing).
#[derive(Clone)]
pub struct Signer {
    key: Option<Vec<u8>>,
}

impl Signer {
    pub fn new(key: &str) -> Self {
        Self {
            key: (!key.is_empty()).then(|| key.as_bytes().to_vec()),
        }
    }

    fn mac(&self, parts: &[&[u8]]) -> Option<HmacSha256> {
        let key = self.key.as_ref()?;
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = HmacSha256::new_from_slice(key).ok()?;
        for part in parts {
            mac.update(part);
        }
        Some(mac)
    }

    /// Hex signature of the four JSON frames (empty when signing is off).
    pub fn sign(&self, parts: &[&[u8]]) -> String {
        self.mac(parts)
            .map(|mac| hex::encode(mac.finalize().into_bytes()))
            .unwrap_or_default()
    }

    /// Checks a hex signature in constant time.
    pub fn verify(&self, signature: &[u8], parts: &[&[u8]]) -> bool {
        let Some(mac) = self.mac(parts) else {
            return true;
        };
        match hex::decode(signature) {
            Ok(bytes) => mac.verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }
}

/// The fields of a header we read; the raw header is kept to be echoed as `parent_header`.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub msg_id: String,
    pub msg_type: String,
}

/// An incoming message, verified and parsed.
#[derive(Debug, Clone)]
pub struct Message {
    pub identities: Vec<Bytes>,
    pub header: Header,
    /// The header exactly as received (becomes the reply's `parent_header`).
    pub raw_header: Value,
    pub content: Value,
    /// Set when the content frame is not a JSON object; handlers answer with an error reply.
    pub content_error: Option<String>,
    /// The metadata frame (`{}` when it is not a JSON object).
    pub metadata: Value,
    /// The binary frames after the content (comm messages carry them).
    pub buffers: Vec<Bytes>,
}

impl Message {
    /// A string field of the content (`None` if missing or not a string).
    pub fn str_field(&self, name: &str) -> Option<&str> {
        self.content.get(name).and_then(Value::as_str)
    }

    /// A boolean field of the content, with a default.
    pub fn bool_field(&self, name: &str, default: bool) -> bool {
        self.content
            .get(name)
            .and_then(Value::as_bool)
            .unwrap_or(default)
    }

    /// An integer field of the content.
    pub fn int_field(&self, name: &str) -> Option<i64> {
        self.content.get(name).and_then(Value::as_i64)
    }
}

/// Verifies and parses a multipart message received on a ROUTER socket.
pub fn decode(message: ZmqMessage, signer: &Signer) -> Result<Message, WireError> {
    let frames = message.into_vec();
    let delimiter = frames
        .iter()
        .position(|frame| frame.as_ref() == DELIMITER)
        .ok_or(WireError::NoDelimiter)?;
    let identities = frames[..delimiter].to_vec();
    let rest = &frames[delimiter + 1..];
    if rest.len() < 5 {
        return Err(WireError::TooFewFrames(rest.len()));
    }
    let parts: [&[u8]; 4] = [&rest[1], &rest[2], &rest[3], &rest[4]];
    if !signer.verify(&rest[0], &parts) {
        return Err(WireError::BadSignature);
    }
    let raw_header: Value =
        serde_json::from_slice(&rest[1]).map_err(|e| WireError::BadHeader(e.to_string()))?;
    let text = |name: &str| {
        raw_header
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let msg_type = raw_header
        .get("msg_type")
        .and_then(Value::as_str)
        .ok_or_else(|| WireError::BadHeader("no msg_type".into()))?
        .to_owned();
    let header = Header {
        msg_id: text("msg_id"),
        msg_type,
    };
    let (content, content_error) = match serde_json::from_slice::<Value>(&rest[4]) {
        Ok(value @ Value::Object(_)) => (value, None),
        Ok(_) => (
            Value::Object(Map::new()),
            Some("content is not a JSON object".into()),
        ),
        Err(error) => (
            Value::Object(Map::new()),
            Some(format!("content is not valid JSON: {error}")),
        ),
    };
    Ok(Message {
        identities,
        header,
        raw_header,
        content,
        content_error,
        metadata: match serde_json::from_slice::<Value>(&rest[3]) {
            Ok(value @ Value::Object(_)) => value,
            _ => Value::Object(Map::new()),
        },
        buffers: rest[5..].to_vec(),
    })
}

/// Everything needed to build one outgoing message.
pub struct Outgoing<'a> {
    pub msg_type: &'a str,
    pub content: Value,
    /// The request this answers or belongs to.
    pub parent: Option<&'a Message>,
    /// Routing frames: a ROUTER reply goes to the request's identities; IOPub uses the topic.
    pub identities: Vec<Bytes>,
    pub metadata: Value,
    pub buffers: Vec<Bytes>,
}

/// Identity of this kernel in message headers.
#[derive(Clone)]
pub struct KernelIdentity {
    pub session: String,
    pub signer: Signer,
}

impl KernelIdentity {
    /// Builds and signs the multipart message.
    pub fn encode(&self, out: Outgoing<'_>) -> ZmqMessage {
        let header = json!({
            "msg_id": uuid::Uuid::new_v4().to_string(),
            "session": self.session,
            "username": "vmjs",
            "date": now_iso8601(),
            "msg_type": out.msg_type,
            "version": PROTOCOL_VERSION,
        });
        let parent = out
            .parent
            .map_or_else(|| json!({}), |p| p.raw_header.clone());
        let frames_json = [header, parent, out.metadata, out.content].map(|v| v.to_string());
        let parts: [&[u8]; 4] = [
            frames_json[0].as_bytes(),
            frames_json[1].as_bytes(),
            frames_json[2].as_bytes(),
            frames_json[3].as_bytes(),
        ];
        let signature = self.signer.sign(&parts);
        let mut frames: Vec<Bytes> = out.identities;
        frames.push(Bytes::from_static(DELIMITER));
        frames.push(Bytes::from(signature));
        frames.extend(frames_json.into_iter().map(Bytes::from));
        frames.extend(out.buffers);
        // At least the delimiter is present, so the message is never empty.
        ZmqMessage::try_from(frames).unwrap_or_else(|_| ZmqMessage::from(Vec::<u8>::new()))
    }
}

/// The current UTC time as ISO 8601 with microseconds (Jupyter's header `date`).
pub fn now_iso8601() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(key: &str) -> KernelIdentity {
        KernelIdentity {
            session: "k".into(),
            signer: Signer::new(key),
        }
    }

    fn request(key: &str, content: &str) -> ZmqMessage {
        let header = r#"{"msg_id":"1","msg_type":"kernel_info_request","session":"c","username":"u","date":"","version":"5.3"}"#;
        let parts: [&[u8]; 4] = [header.as_bytes(), b"{}", b"{}", content.as_bytes()];
        let signature = Signer::new(key).sign(&parts);
        ZmqMessage::try_from(vec![
            Bytes::from_static(b"peer"),
            Bytes::from_static(DELIMITER),
            Bytes::from(signature),
            Bytes::from(header),
            Bytes::from_static(b"{}"),
            Bytes::from_static(b"{}"),
            Bytes::from(content.to_owned()),
        ])
        .unwrap()
    }

    #[test]
    fn signed_request_is_accepted_and_parsed() {
        let message = decode(request("secret", r#"{"a":1}"#), &Signer::new("secret")).unwrap();
        assert_eq!(message.header.msg_type, "kernel_info_request");
        assert_eq!(message.identities, vec![Bytes::from_static(b"peer")]);
        assert_eq!(message.content["a"], 1);
        assert!(message.content_error.is_none());
    }

    #[test]
    fn wrong_key_is_rejected() {
        let error = decode(request("other", "{}"), &Signer::new("secret")).unwrap_err();
        assert!(matches!(error, WireError::BadSignature));
    }

    #[test]
    fn invalid_content_is_kept_as_an_error_for_the_handler() {
        let message = decode(request("k", "{not json"), &Signer::new("k")).unwrap();
        assert!(message.content_error.unwrap().contains("not valid JSON"));
    }

    #[test]
    fn truncated_messages_are_rejected() {
        let message = ZmqMessage::try_from(vec![
            Bytes::from_static(DELIMITER),
            Bytes::from_static(b"sig"),
        ])
        .unwrap();
        assert!(matches!(
            decode(message, &Signer::new("")),
            Err(WireError::TooFewFrames(1))
        ));
        let no_delimiter = ZmqMessage::from("hello");
        assert!(matches!(
            decode(no_delimiter, &Signer::new("")),
            Err(WireError::NoDelimiter)
        ));
    }

    #[test]
    fn encoded_messages_verify_and_echo_the_parent() {
        let kernel = identity("secret");
        let parent = decode(request("secret", "{}"), &Signer::new("secret")).unwrap();
        let encoded = kernel.encode(Outgoing {
            msg_type: "kernel_info_reply",
            content: json!({"status": "ok"}),
            parent: Some(&parent),
            identities: parent.identities.clone(),
            metadata: json!({}),
            buffers: Vec::new(),
        });
        let back = decode(encoded, &Signer::new("secret")).unwrap();
        assert_eq!(back.header.msg_type, "kernel_info_reply");
        assert_eq!(back.raw_header["version"], PROTOCOL_VERSION);
        assert!(back.raw_header["date"].as_str().unwrap().ends_with('Z'));
    }
}
