//! What an execution's last value becomes for the user: its [`ValuePayload`] (type, preview, JSON, a table's
//! columns) and the bundle its `[Symbol.for("Jupyter.display")]()` method returns.

use std::time::Instant;

use boa_engine::{JsObject, JsResult, JsValue};

use super::{Completion, Engine};
use crate::model::{ExecutionKind, ValuePayload};
use crate::runtime::inspect::{InspectOptions, inspect, type_name};
use crate::runtime::{display, json, node_messages, table};
use crate::tabular::Table;

impl Engine {
    /// The last value as the user sees it; `Err` when its display method throws or returns no bundle.
    pub(super) fn value_payload(
        &mut self,
        value: &JsValue,
        kind: ExecutionKind,
        deadline: Option<Instant>,
    ) -> JsResult<Option<ValuePayload>> {
        // What start-up code and comm handlers return is not shown.
        if value.is_undefined() || matches!(kind, ExecutionKind::Startup | ExecutionKind::Comm) {
            return Ok(None);
        }
        node_messages::mend_value(value, &mut self.context);
        let mime = match display::value_method(value, &self.display_symbol) {
            Some(method) => Some(self.display_bundle(value, &method, deadline)?),
            None => None,
        };
        let context = &mut self.context;
        let json = json::plain_json(value, context);
        let columns = json
            .as_ref()
            .filter(|json| Table::of(json).is_some())
            .and_then(|_| table::column_order(value, context));
        Ok(Some(ValuePayload {
            type_name: type_name(value, context),
            preview: inspect(value, &InspectOptions::default(), context),
            json,
            mime,
            columns,
        }))
    }

    /// Calls `value[Symbol.for("Jupyter.display")]()` (settling a promise it returns) and checks the bundle.
    fn display_bundle(
        &mut self,
        value: &JsValue,
        method: &JsObject,
        deadline: Option<Instant>,
    ) -> JsResult<display::Bundle> {
        const WHAT: &str = "the result's [Symbol.for(\"Jupyter.display\")]()";
        let mut returned = method.call(value, &[], &mut self.context)?;
        if let awaiting @ Completion::Awaiting { .. } =
            Completion::awaiting(returned.clone(), false)
        {
            let mut job_errors = Vec::new();
            returned = match self.settle(awaiting, deadline, &mut job_errors) {
                Completion::Value(settled) => settled,
                Completion::Awaiting { promise, .. } => promise.into(),
                Completion::Thrown(error, _) => return Err(error),
                Completion::Refused(payload) => {
                    return Err(boa_engine::JsNativeError::error()
                        .with_message(payload.message)
                        .into());
                }
            };
            if let Some(error) = job_errors.into_iter().next() {
                return Err(error);
            }
        }
        display::bundle_of(&returned, WHAT, &mut self.context)
    }
}
