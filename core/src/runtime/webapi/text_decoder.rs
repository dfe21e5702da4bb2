//! `TextDecoder`, vmjs's own (in place of boa_runtime's, which ignored `fatal` and `stream`, passed a lone
//! UTF-16 surrogate through and knew UTF-8 and UTF-16 only): every encoding of the WHATWG Encoding Standard
//! (UTF-8, UTF-16LE/BE, `windows-1252` for `latin1`, the other single-byte encodings, `shift_jis`, `euc-jp`,
//! `iso-2022-jp`, `gbk`, `gb18030`, `big5`, `euc-kr`, `x-user-defined`) and all their labels, decoded by
//! `encoding_rs` (Firefox's implementation of the standard). `fatal` (a `TypeError` for malformed input, as
//! Node words it), `ignoreBOM`, and `{ stream: true }` — the decoder keeps an unfinished character (or the
//! start of a BOM) for the next call, so a body read piece by piece decodes as a whole.

#![allow(clippy::needless_pass_by_value)] // boa_class passes converted arguments by value

use std::cell::RefCell;

use boa_engine::{
    Context, Finalize, JsData, JsResult, JsString, JsValue, Trace, boa_class, js_error, js_string,
};
use encoding_rs::{CoderResult, Decoder, DecoderResult, Encoding};

use crate::runtime::bytes::bytes_of;

/// The encoding a label names, as `new TextDecoder(label)` takes it: `None` for an unknown label and for the
/// labels of the standard's "replacement" encoding (`iso-2022-kr`, …), which a `TextDecoder` refuses.
fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.as_bytes()).filter(|encoding| *encoding != encoding_rs::REPLACEMENT)
}

/// An encoding's name as `TextDecoder.prototype.encoding` gives it (the standard's name, lower case).
fn name_of(encoding: &'static Encoding) -> String {
    encoding.name().to_ascii_lowercase()
}

/// Decodes `bytes` with `decoder`, the stream's end when `last`; `None` when they are malformed and `fatal`.
fn decode_with(decoder: &mut Decoder, bytes: &[u8], last: bool, fatal: bool) -> Option<Vec<u16>> {
    // At most one unit per byte plus what the decoder holds; `None` only for lengths no array can have.
    let capacity = decoder.max_utf16_buffer_length(bytes.len())?;
    let mut units = vec![0; capacity];
    let written = if fatal {
        let (result, _, written) =
            decoder.decode_to_utf16_without_replacement(bytes, &mut units, last);
        match result {
            DecoderResult::InputEmpty => written,
            DecoderResult::Malformed(..) | DecoderResult::OutputFull => return None,
        }
    } else {
        let (result, _, written, _) = decoder.decode_to_utf16(bytes, &mut units, last);
        // The buffer holds the worst case, so the decoder always reads every byte.
        debug_assert!(matches!(result, CoderResult::InputEmpty));
        written
    };
    units.truncate(written);
    Some(units)
}

/// A `TextDecoder` object's data.
#[derive(Trace, Finalize, JsData)]
#[boa_gc(unsafe_no_drop)]
pub(crate) struct TextDecoder {
    #[unsafe_ignore_trace]
    encoding: &'static Encoding,
    fatal: bool,
    ignore_bom: bool,
    /// The decoder of a stream under way (what it holds: an unfinished character, or the start of a BOM);
    /// `None` between streams.
    #[unsafe_ignore_trace]
    stream: RefCell<Option<Decoder>>,
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
        let encoding = encoding_for_label(&label)
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
            stream: RefCell::new(None),
        })
    }

    #[boa(getter)]
    fn encoding(&self) -> JsString {
        JsString::from(name_of(self.encoding))
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
        let bytes = bytes_of(&input, context)?;
        let mut decoder = self.stream.borrow_mut().take().unwrap_or_else(|| {
            // Only this encoding's own BOM is removed (the standard's TextDecoder never switches encodings).
            if self.ignore_bom {
                self.encoding.new_decoder_without_bom_handling()
            } else {
                self.encoding.new_decoder_with_bom_removal()
            }
        });
        let decoded = decode_with(&mut decoder, &bytes, !stream, self.fatal);
        // A stream goes on with the same decoder; its end or a failure starts the next call anew.
        if stream && decoded.is_some() {
            *self.stream.borrow_mut() = Some(decoder);
        }
        let units = decoded.ok_or_else(|| {
            js_error!(TypeError: "The encoded data was not valid for encoding {}", name_of(self.encoding))
        })?;
        Ok(JsString::from(units.as_slice()))
    }
}

impl TextDecoder {
    /// What it prints: its encoding and flags.
    pub(crate) fn printed_fields(&self) -> [(&'static str, JsValue); 3] {
        [
            ("encoding", JsString::from(name_of(self.encoding)).into()),
            ("fatal", self.fatal.into()),
            ("ignoreBOM", self.ignore_bom.into()),
        ]
    }
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
    use super::{decode_with, encoding_for_label, name_of};

    fn decode(label: &str, pieces: &[&[u8]], fatal: bool) -> Option<String> {
        let encoding = encoding_for_label(label).expect("a known label");
        let mut decoder = encoding.new_decoder_with_bom_removal();
        let mut text = Vec::new();
        for (i, piece) in pieces.iter().enumerate() {
            text.extend(decode_with(
                &mut decoder,
                piece,
                i + 1 == pieces.len(),
                fatal,
            )?);
        }
        Some(String::from_utf16(&text).expect("UTF-16"))
    }

    #[test]
    fn labels_name_the_standards_encodings_and_refuse_the_replacement_one() {
        let name = |label| encoding_for_label(label).map(name_of);
        assert_eq!(name(" Latin1\n").as_deref(), Some("windows-1252"));
        assert_eq!(name("sjis").as_deref(), Some("shift_jis"));
        assert_eq!(name("utf-16").as_deref(), Some("utf-16le"));
        assert_eq!(name("iso-2022-kr"), None);
        assert_eq!(name("replacement"), None);
        assert_eq!(name("utf-7"), None);
    }

    #[test]
    fn a_character_split_across_pieces_waits_for_its_end() {
        // あ in Shift_JIS, UTF-8 and UTF-16BE, each split inside the character.
        assert_eq!(
            decode("shift_jis", &[&[0x82], &[0xa0]], true).as_deref(),
            Some("あ")
        );
        assert_eq!(
            decode("utf-8", &[&[0xe3], &[0x81], &[0x82]], true).as_deref(),
            Some("あ")
        );
        assert_eq!(
            decode("utf-16be", &[&[0x30], &[0x42]], true).as_deref(),
            Some("あ")
        );
        // The stream's end with a character unfinished: malformed.
        assert_eq!(decode("shift_jis", &[&[0x82]], true), None);
        assert_eq!(
            decode("shift_jis", &[&[0x82]], false).as_deref(),
            Some("\u{fffd}")
        );
    }
}
