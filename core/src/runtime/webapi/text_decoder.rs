//! `TextDecoder#decode(bytes, { stream: true })`. boa_runtime's decoder ignores `stream`, so a character split
//! between two chunks (a fetched body read piece by piece) came out as two U+FFFD. Its `decode` is wrapped:
//! with `stream: true` the bytes of an unfinished UTF-8 sequence at the end wait on the decoder itself (a
//! hidden, non-enumerable symbol property) for the next call, and a call without it decodes whatever waits.
//! A call without `stream` and nothing waiting is boa's own decode, unchanged.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsUint8Array;
use boa_engine::{
    Context, JsNativeError, JsObject, JsResult, JsSymbol, JsValue, NativeFunction, js_string,
};

use super::super::lazy::define_hidden_on;

/// Wraps `TextDecoder.prototype.decode` (nothing to do in a build without `TextDecoder`).
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    let Some(prototype) = super::global_prototype("TextDecoder", context)? else {
        return Ok(());
    };
    let Some(original) = prototype
        .get(js_string!("decode"), context)?
        .as_object()
        .filter(JsObject::is_callable)
    else {
        return Ok(());
    };
    let waiting = JsSymbol::new(Some(js_string!("vmjs.decoderWaiting")))
        .ok_or_else(|| JsNativeError::error().with_message("no symbol for the decoder"))?;
    let decode = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |this, args, (original, waiting): &(JsObject, JsSymbol), context| {
                decode(this, args, original, waiting, context)
            },
            (original, waiting),
        ),
    )
    .name(js_string!("decode"))
    .length(0)
    .build();
    define_hidden_on(&prototype, js_string!("decode"), decode, context)
}

fn decode(
    this: &JsValue,
    args: &[JsValue],
    original: &JsObject,
    waiting: &JsSymbol,
    context: &mut Context,
) -> JsResult<JsValue> {
    let Some(decoder) = this.as_object() else {
        return original.call(this, args, context);
    };
    let stream = match args.get(1).and_then(JsValue::as_object) {
        Some(options) => options.get(js_string!("stream"), context)?.to_boolean(),
        None => false,
    };
    let before = match decoder.get(waiting.clone(), context)?.as_object() {
        Some(bytes) => JsUint8Array::from_object(bytes)?.to_vec(context)?,
        None => Vec::new(),
    };
    if before.is_empty() && !stream {
        return original.call(this, args, context);
    }
    let mut bytes = before;
    bytes.extend(bytes_of(args.first(), context)?);
    let utf8 = decoder
        .get(js_string!("encoding"), context)?
        .as_string()
        .is_some_and(|e| e.to_std_string_escaped() == "utf-8");
    let complete = if stream && utf8 {
        complete_utf8(&bytes)
    } else {
        bytes.len()
    };
    let rest = bytes.split_off(complete);
    let rest = if rest.is_empty() {
        JsValue::undefined()
    } else {
        uint8_array(&rest, context)?
    };
    define_hidden_on(&decoder, waiting.clone(), rest, context)?;
    let input = uint8_array(&bytes, context)?;
    original.call(this, &[input], context)
}

/// The bytes of a BufferSource argument (an `ArrayBuffer`, a typed array or a `DataView`); none for
/// `undefined`.
fn bytes_of(value: Option<&JsValue>, context: &mut Context) -> JsResult<Vec<u8>> {
    let Some(object) = value.and_then(JsValue::as_object) else {
        return Ok(Vec::new());
    };
    let uint8 = context
        .intrinsics()
        .constructors()
        .typed_uint8_array()
        .constructor();
    let view = if object.get(js_string!("buffer"), context)?.is_object() {
        // A view: the same bytes as a Uint8Array over its region.
        let buffer = object.get(js_string!("buffer"), context)?;
        let offset = object.get(js_string!("byteOffset"), context)?;
        let length = object.get(js_string!("byteLength"), context)?;
        uint8.construct(&[buffer, offset, length], None, context)?
    } else {
        uint8.construct(&[object.into()], None, context)?
    };
    JsUint8Array::from_object(view)?.to_vec(context)
}

fn uint8_array(bytes: &[u8], context: &mut Context) -> JsResult<JsValue> {
    let buffer = super::array_buffer_of(bytes, context)?;
    Ok(JsUint8Array::from_array_buffer(buffer, context)?.into())
}

/// How many leading bytes end on a UTF-8 character boundary: an unfinished sequence at the end is left out
/// (invalid bytes are left in, for the decoder to replace).
pub(super) fn complete_utf8(bytes: &[u8]) -> usize {
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

#[cfg(test)]
mod tests {
    use super::complete_utf8;

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
}
