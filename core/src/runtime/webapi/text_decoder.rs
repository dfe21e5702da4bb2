//! `TextDecoder`, vmjs's own (in place of boa_runtime's, which ignored `fatal` and `stream` and passed a lone
//! UTF-16 surrogate through): UTF-8 and UTF-16 (little and big endian), the WHATWG labels of each, `fatal`
//! (a `TypeError` for malformed input, as Node words it), `ignoreBOM`, and `{ stream: true }` — the bytes of an
//! unfinished character wait on the decoder for the next call, so a body read piece by piece decodes as a
//! whole. Malformed input otherwise becomes U+FFFD per maximal subpart (Rust's lossy decoding is the
//! standard's). Legacy encodings (`latin1`, `shift_jis`, …) are refused with a `RangeError`.

#![allow(clippy::needless_pass_by_value)] // boa_class passes converted arguments by value

use std::cell::{Cell, RefCell};

use boa_engine::object::builtins::{JsArrayBuffer, JsDataView, JsTypedArray, JsUint8Array};
use boa_engine::{
    Context, Finalize, JsData, JsNativeError, JsObject, JsResult, JsString, JsValue, Trace,
    boa_class, js_error, js_string,
};

/// The encodings decoded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// The encoding a WHATWG label names (ASCII whitespace around it and case ignored).
    fn for_label(label: &str) -> Option<Self> {
        match label
            .trim_matches(|c: char| c.is_ascii_whitespace())
            .to_ascii_lowercase()
            .as_str()
        {
            "unicode-1-1-utf-8" | "unicode11utf8" | "unicode20utf8" | "utf-8" | "utf8"
            | "x-unicode20utf8" => Some(Self::Utf8),
            "unicodefffe" | "utf-16be" => Some(Self::Utf16Be),
            "csunicode" | "iso-10646-ucs-2" | "ucs-2" | "unicode" | "unicodefeff" | "utf-16"
            | "utf-16le" => Some(Self::Utf16Le),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Utf16Le => "utf-16le",
            Self::Utf16Be => "utf-16be",
        }
    }

    fn bom(self) -> &'static [u8] {
        match self {
            Self::Utf8 => &[0xef, 0xbb, 0xbf],
            Self::Utf16Le => &[0xff, 0xfe],
            Self::Utf16Be => &[0xfe, 0xff],
        }
    }

    /// How many leading bytes of `bytes` end on a character boundary (the rest waits for more in a stream).
    fn complete(self, bytes: &[u8]) -> usize {
        match self {
            Self::Utf8 => complete_utf8(bytes),
            Self::Utf16Le | Self::Utf16Be => {
                let even = bytes.len() & !1;
                let last = even
                    .checked_sub(2)
                    .map(|at| self.unit([bytes[at], bytes[at + 1]]));
                // A high surrogate at the end waits for its low half.
                match last {
                    Some(unit) if (0xd800..0xdc00).contains(&unit) => even - 2,
                    _ => even,
                }
            }
        }
    }

    fn unit(self, pair: [u8; 2]) -> u16 {
        match self {
            Self::Utf16Be => u16::from_be_bytes(pair),
            _ => u16::from_le_bytes(pair),
        }
    }

    /// The text of `bytes`; `None` when they are malformed and `fatal`.
    fn decode(self, bytes: &[u8], fatal: bool) -> Option<String> {
        match self {
            Self::Utf8 if fatal => std::str::from_utf8(bytes).ok().map(str::to_owned),
            Self::Utf8 => Some(String::from_utf8_lossy(bytes).into_owned()),
            Self::Utf16Le | Self::Utf16Be => {
                let units = bytes
                    .chunks_exact(2)
                    .map(|pair| self.unit([pair[0], pair[1]]));
                let mut text = String::with_capacity(bytes.len());
                for unit in char::decode_utf16(units) {
                    match unit {
                        Ok(c) => text.push(c),
                        Err(_) if fatal => return None,
                        Err(_) => text.push(char::REPLACEMENT_CHARACTER),
                    }
                }
                if bytes.len() % 2 == 1 {
                    if fatal {
                        return None;
                    }
                    text.push(char::REPLACEMENT_CHARACTER);
                }
                Some(text)
            }
        }
    }
}

/// A `TextDecoder` object's data.
#[derive(Trace, Finalize, JsData)]
#[boa_gc(unsafe_no_drop)]
pub(crate) struct TextDecoder {
    #[unsafe_ignore_trace]
    encoding: Encoding,
    fatal: bool,
    ignore_bom: bool,
    /// Bytes of a stream not decoded yet (an unfinished character, or what may still be a BOM).
    #[unsafe_ignore_trace]
    waiting: RefCell<Vec<u8>>,
    /// Whether this stream's start (and its BOM) is behind.
    #[unsafe_ignore_trace]
    started: Cell<bool>,
}

#[boa_class(rename = "TextDecoder")]
#[boa(rename_all = "camelCase")]
impl TextDecoder {
    /// `new TextDecoder(label = "utf-8", { fatal, ignoreBOM })`.
    #[boa(constructor)]
    fn new(label: JsValue, options: JsValue, context: &mut Context) -> JsResult<Self> {
        let label = if label.is_undefined() {
            "utf-8".to_owned()
        } else {
            label.to_string(context)?.to_std_string_escaped()
        };
        let encoding = Encoding::for_label(&label)
            .ok_or_else(|| js_error!(RangeError: "The \"{}\" encoding is not supported", label))?;
        let mut flag = |name: &str| -> JsResult<bool> {
            Ok(match options.as_object() {
                Some(options) => options.get(JsString::from(name), context)?.to_boolean(),
                None => false,
            })
        };
        Ok(Self {
            encoding,
            fatal: flag("fatal")?,
            ignore_bom: flag("ignoreBOM")?,
            waiting: RefCell::new(Vec::new()),
            started: Cell::new(false),
        })
    }

    #[boa(getter)]
    fn encoding(&self) -> JsString {
        JsString::from(self.encoding.name())
    }

    #[boa(getter)]
    fn fatal(&self) -> bool {
        self.fatal
    }

    #[boa(getter)]
    #[boa(rename = "ignoreBOM")]
    fn ignore_bom(&self) -> bool {
        self.ignore_bom
    }

    /// `decode(input?, { stream }?)`.
    fn decode(
        &self,
        input: JsValue,
        options: JsValue,
        context: &mut Context,
    ) -> JsResult<JsString> {
        let stream = match options.as_object() {
            Some(options) => options.get(js_string!("stream"), context)?.to_boolean(),
            None => false,
        };
        let mut bytes = std::mem::take(&mut *self.waiting.borrow_mut());
        bytes.extend(bytes_of(&input, context)?);
        let mut start = 0;
        if !self.started.get() {
            let bom = self.encoding.bom();
            if stream && bytes.len() < bom.len() && bom.starts_with(&bytes) {
                // Maybe a BOM: wait for the rest of it.
                *self.waiting.borrow_mut() = bytes;
                return Ok(JsString::default());
            }
            if !bytes.is_empty() {
                self.started.set(true);
                if !self.ignore_bom && bytes.starts_with(bom) {
                    start = bom.len();
                }
            }
        }
        let end = if stream {
            start + self.encoding.complete(&bytes[start..])
        } else {
            bytes.len()
        };
        let decoded = self.encoding.decode(&bytes[start..end], self.fatal);
        if stream && decoded.is_some() {
            *self.waiting.borrow_mut() = bytes.split_off(end);
        } else {
            // The stream's end (or a failure): the next call starts a new one.
            self.started.set(false);
        }
        let text = decoded.ok_or_else(|| {
            js_error!(TypeError: "The encoded data was not valid for encoding {}", self.encoding.name())
        })?;
        Ok(JsString::from(text))
    }
}

impl TextDecoder {
    /// What it prints: its encoding and flags.
    pub(crate) fn printed_fields(&self) -> [(&'static str, JsValue); 3] {
        [
            ("encoding", JsString::from(self.encoding.name()).into()),
            ("fatal", self.fatal.into()),
            ("ignoreBOM", self.ignore_bom.into()),
        ]
    }
}

/// The bytes of a BufferSource (an `ArrayBuffer`, a typed array or a `DataView`); none for `undefined`.
fn bytes_of(input: &JsValue, context: &mut Context) -> JsResult<Vec<u8>> {
    if input.is_undefined() {
        return Ok(Vec::new());
    }
    let not_bytes = || {
        JsNativeError::typ()
            .with_message("The \"input\" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.")
    };
    let object = input.as_object().ok_or_else(not_bytes)?;
    let is_view = JsTypedArray::from_object(object.clone()).is_ok()
        || JsDataView::from_object(object.clone()).is_ok();
    if !is_view && JsArrayBuffer::from_object(object.clone()).is_err() && !is_shared(&object) {
        return Err(not_bytes().into());
    }
    let uint8 = context
        .intrinsics()
        .constructors()
        .typed_uint8_array()
        .constructor();
    let view = if is_view {
        // The same bytes as a Uint8Array over the view's region.
        let buffer = object.get(js_string!("buffer"), context)?;
        let offset = object.get(js_string!("byteOffset"), context)?;
        let length = object.get(js_string!("byteLength"), context)?;
        uint8.construct(&[buffer, offset, length], None, context)?
    } else {
        uint8.construct(&[object.into()], None, context)?
    };
    JsUint8Array::from_object(view)?.to_vec(context)
}

fn is_shared(object: &JsObject) -> bool {
    boa_engine::object::builtins::JsSharedArrayBuffer::from_object(object.clone()).is_ok()
}

/// How many leading bytes end on a UTF-8 character boundary: an unfinished sequence at the end is left out
/// (invalid bytes are left in, for the decoder to replace).
fn complete_utf8(bytes: &[u8]) -> usize {
    let end = bytes.len();
    let continuation = bytes
        .iter()
        .rev()
        .take(3)
        .take_while(|b| *b & 0xc0 == 0x80)
        .count();
    let Some(lead) = end.checked_sub(continuation + 1) else {
        return end;
    };
    let needed = match bytes[lead] {
        b if b >= 0xf0 => 4,
        b if b >= 0xe0 => 3,
        b if b >= 0xc0 => 2,
        _ => 1,
    };
    if continuation + 1 < needed { lead } else { end }
}

/// Defines the global `TextDecoder` (in place of boa_runtime's).
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    context
        .global_object()
        .delete_property_or_throw(js_string!("TextDecoder"), context)?;
    context.register_global_class::<TextDecoder>()
}

#[cfg(test)]
mod tests {
    use super::{Encoding, complete_utf8};

    #[test]
    fn an_unfinished_sequence_at_the_end_waits() {
        let emoji = "😀".as_bytes();
        assert_eq!(complete_utf8(b"abc"), 3);
        assert_eq!(complete_utf8(&emoji[..1]), 0);
        assert_eq!(complete_utf8(&emoji[..3]), 0);
        assert_eq!(complete_utf8(emoji), 4);
        assert_eq!(complete_utf8(&[b'a', 0xc3]), 1);
        assert_eq!(complete_utf8(&[b'a', 0xc3, 0xa9]), 3);
        // Stray continuation bytes are the decoder's to replace, not to hold.
        assert_eq!(complete_utf8(&[0x80, 0x80, 0x80, 0x80]), 4);
        assert_eq!(complete_utf8(&[]), 0);
    }

    #[test]
    fn utf16_waits_for_an_odd_byte_and_a_high_surrogate() {
        let le = Encoding::Utf16Le;
        assert_eq!(le.complete(&[0x61, 0x00, 0x62]), 2);
        assert_eq!(le.complete(&[0x61, 0x00, 0x3d, 0xd8]), 2);
        assert_eq!(le.complete(&[0x3d, 0xd8, 0x00, 0xde]), 4);
        assert_eq!(Encoding::Utf16Be.complete(&[0xd8, 0x3d]), 0);
    }
}
