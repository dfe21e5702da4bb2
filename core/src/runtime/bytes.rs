//! JavaScript's binary data and Rust's bytes: what `TextDecoder`, `fetch`, comms and the file API read from
//! and make.

use boa_engine::object::builtins::{
    JsArrayBuffer, JsDataView, JsSharedArrayBuffer, JsTypedArray, JsUint8Array,
};
use boa_engine::{Context, JsNativeError, JsObject, JsResult, JsValue, js_string};

/// A new `ArrayBuffer` holding `bytes` (a comm message's buffers, a fetched body).
pub(super) fn array_buffer_of(bytes: &[u8], context: &mut Context) -> JsResult<JsArrayBuffer> {
    let buffer = JsArrayBuffer::new(bytes.len(), context)?;
    if let Some(mut data) = buffer.data_mut() {
        data.copy_from_slice(bytes);
    }
    Ok(buffer)
}

/// The bytes of a BufferSource (an `ArrayBuffer`, a typed array or a `DataView`); none for `undefined`.
pub(super) fn bytes_of(input: &JsValue, context: &mut Context) -> JsResult<Vec<u8>> {
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
    JsSharedArrayBuffer::from_object(object.clone()).is_ok()
}
