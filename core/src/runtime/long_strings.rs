//! Long strings fail the call that makes them, not the worker: V8's longest string, a probe of the memory
//! limit, and `String.prototype.repeat` built on both.
//!
//! A worker's heap is capped (the template's `mem_mb`), and an allocation that does not fit aborts the
//! process — the session then loses every value it held. Where vmjs builds a string itself it asks for the
//! room first and throws a `RangeError` when there is none. boa's `repeat` kept one 24-byte slice per
//! repetition before copying them: `'x'.repeat(2 ** 22)`, a 4 MiB string, asked for 96 MiB at once and
//! ended a worker capped at 96 MiB. vmjs's builds the result from a few thousand-character chunks (under 1%
//! beyond the string itself), and words its errors as V8 does (`Invalid count value: -1`, the argument as V8
//! shows it; `Invalid string length`). Unlike boa's it does not count repetitions against the template's
//! loop-iteration limit: it is bounded by the length limit and takes a fraction of a second at that length.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::{
    Context, JsError, JsNativeError, JsResult, JsStr, JsString, JsValue, NativeFunction, js_string,
};

use super::lazy::define_hidden_on;
use super::v8_shown::v8_shown;

/// The most characters a JavaScript string has in V8 (`String::kMaxLength` on 64-bit hosts).
pub(super) const MAX_STRING_LENGTH: usize = (1 << 29) - 24;

/// About how many characters one chunk of a repeated string holds.
const CHUNK_LENGTH: usize = 8192;

/// Whether the heap can give `bytes` more now (asked for and given back at once).
pub(super) fn heap_has_room(bytes: usize) -> bool {
    let mut room: Vec<u8> = Vec::new();
    room.try_reserve_exact(bytes.saturating_add(64)).is_ok()
}

/// V8's error for a string longer than [`MAX_STRING_LENGTH`].
pub(super) fn too_long() -> JsError {
    JsNativeError::range()
        .with_message("Invalid string length")
        .into()
}

/// The error for a string the session's memory limit cannot hold; `what` names it (`the result of
/// String.prototype.repeat (536870000 characters)`).
pub(super) fn out_of_memory(what: &str) -> JsError {
    JsNativeError::range()
        .with_message(format!(
            "Out of memory: {what} does not fit in the session's memory limit"
        ))
        .into()
}

/// Puts vmjs's `String.prototype.repeat` in place of boa's.
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    let prototype = context.intrinsics().constructors().string().prototype();
    let repeat = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(repeat))
        .name(js_string!("repeat"))
        .length(1)
        .build();
    define_hidden_on(&prototype, js_string!("repeat"), repeat, context)
}

/// `String.prototype.repeat(count)`.
fn repeat(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    if this.is_null_or_undefined() {
        return Err(JsNativeError::typ()
            .with_message("String.prototype.repeat called on null or undefined")
            .into());
    }
    let text = this.to_string(context)?;
    let argument = args.first().cloned().unwrap_or_default();
    let count = argument.to_number(context)?;
    // ToIntegerOrInfinity (NaN is 0).
    let times = if count.is_nan() { 0.0 } else { count.trunc() };
    if times < 0.0 || times == f64::INFINITY {
        // V8 shows the argument as given (`' -2 '`, `#<Object>`), not the number it made of it.
        return Err(JsNativeError::range()
            .with_message(format!(
                "Invalid count value: {}",
                v8_shown(&argument, context)
            ))
            .into());
    }
    if times == 0.0 || text.is_empty() {
        return Ok(js_string!().into());
    }
    if text.len() as f64 * times > MAX_STRING_LENGTH as f64 {
        return Err(too_long());
    }
    // Both below 2^29 now.
    let times = times as usize;
    let length = text.len() * times;
    repeated(text.as_str(), times, length).map(JsValue::from)
}

/// `text` `times` times (`length` characters in all), or the error of a string the heap cannot hold.
fn repeated(text: JsStr<'_>, times: usize, length: usize) -> JsResult<JsString> {
    let unit_size = if text.is_latin1() { 1 } else { 2 };
    let per_chunk = (CHUNK_LENGTH / text.len()).clamp(1, times);
    let (chunks, rest) = (times / per_chunk, times % per_chunk);
    let mut parts: Vec<JsStr<'_>> = Vec::new();
    if parts.try_reserve_exact(chunks + 1).is_err() || !heap_has_room(length * unit_size) {
        return Err(out_of_memory(&format!(
            "the result of String.prototype.repeat ({length} characters)"
        )));
    }
    let chunk = JsString::concat_array(&vec![text; per_chunk]);
    let rest = JsString::concat_array(&vec![text; rest]);
    parts.extend(std::iter::repeat_n(chunk.as_str(), chunks));
    parts.push(rest.as_str());
    Ok(JsString::concat_array(&parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeated_text(text: &str, times: usize) -> String {
        let text = JsString::from(text);
        repeated(text.as_str(), times, text.len() * times)
            .expect("fits")
            .to_std_string_escaped()
    }

    #[test]
    fn chunks_and_the_rest_add_up_to_every_repetition() {
        for (text, times) in [
            ("x", 1),
            ("x", 8191),
            ("x", 8192),
            ("x", 8193),
            ("ab", 20_000),
            ("é☺", 3),
            ("long text", 1),
        ] {
            assert_eq!(
                repeated_text(text, times),
                text.repeat(times),
                "{text} × {times}"
            );
        }
        let wide = "☺".repeat(CHUNK_LENGTH + 3);
        assert_eq!(repeated_text(&wide, 2), wide.repeat(2));
    }

    #[test]
    fn a_heap_that_cannot_hold_it_is_said_before_anything_is_allocated() {
        assert!(!heap_has_room(usize::MAX - 1));
        assert!(heap_has_room(1024));
    }
}
