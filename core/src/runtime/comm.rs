//! Comm messages from a frontend (executions of kind [`ExecutionKind::Comm`]): the message is handed to the
//! display prelude's `deliver` (`display/comm.js`), which finds the comm target or the open comm the session's
//! code registered and calls its handlers. Binary buffers arrive as `DataView`s, as in Jupyter's JavaScript.
//!
//! Like a promise job, a handler runs outside the budgeted loop of top-level code: an interrupt cannot stop a
//! handler that never returns softly; the host's hard stop ends the worker and restores the session.
//!
//! [`ExecutionKind::Comm`]: crate::model::ExecutionKind::Comm

use base64::Engine as _;
use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::{JsArray, JsDataView};
use boa_engine::property::Attribute;
use boa_engine::{Context, JsNativeError, JsResult, JsValue, js_string};

use super::bytes::array_buffer_of;
use super::display;
use super::lazy;
use crate::model::{CommAction, CommMessage};

/// Delivers the comm message `source` (a [`CommMessage`] as JSON) and returns what the handlers returned (a
/// promise when one is asynchronous, which the engine settles like a cell's).
pub(super) fn deliver(source: &str, context: &mut Context) -> JsResult<JsValue> {
    let message: CommMessage = serde_json::from_str(source).map_err(|error| {
        JsNativeError::typ().with_message(format!("not a comm message: {error}"))
    })?;
    let api = lazy::install(&display::PRELUDE, context)?;
    let deliver = api.get(js_string!("deliver"), context)?;
    let deliver = deliver
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message("the display API has no comm delivery"))?;
    let message = to_js(&message, context)?;
    deliver.call(&JsValue::undefined(), &[message], context)
}

/// `{action, comm_id, target_name, data, metadata, buffers: DataView[]}`.
fn to_js(message: &CommMessage, context: &mut Context) -> JsResult<JsValue> {
    let action = match message.action {
        CommAction::Open => "open",
        CommAction::Msg => "msg",
        CommAction::Close => "close",
    };
    let data = JsValue::from_json(&message.data, context)?;
    let metadata = JsValue::from_json(&message.metadata, context)?;
    let buffers = JsArray::new(context)?;
    for (index, encoded) in message.buffers.iter().enumerate() {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|error| {
                JsNativeError::typ().with_message(format!(
                    "comm message buffer {index} is not base64: {error}"
                ))
            })?;
        let buffer = array_buffer_of(&bytes, context)?;
        let view = JsDataView::from_js_array_buffer(buffer, None, None, context)?;
        buffers.push(view, context)?;
    }
    let target = message
        .target_name
        .as_deref()
        .map_or(JsValue::undefined(), |name| js_string!(name).into());
    let object = ObjectInitializer::new(context)
        .property(js_string!("action"), js_string!(action), Attribute::all())
        .property(
            js_string!("comm_id"),
            js_string!(message.comm_id.as_str()),
            Attribute::all(),
        )
        .property(js_string!("target_name"), target, Attribute::all())
        .property(js_string!("data"), data, Attribute::all())
        .property(js_string!("metadata"), metadata, Attribute::all())
        .property(js_string!("buffers"), buffers, Attribute::all())
        .build();
    Ok(object.into())
}
