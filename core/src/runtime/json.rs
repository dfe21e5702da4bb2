//! JSON for values that are plain data (numbers, strings, booleans, null, arrays and plain objects of those),
//! so adapters can offer `application/json`. Anything else — functions, class instances, Maps, getters,
//! cycles, `undefined`, non-finite numbers — means "not JSON", never an error. Getters are not invoked.

use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsObject, JsValue};
use serde_json::{Map, Number, Value};

const MAX_DEPTH: usize = 64;
const MAX_NODES: usize = 10_000;

/// `Some(json)` when `value` is plain JSON-able data (of at most 10 000 nodes).
pub fn plain_json(value: &JsValue, context: &mut Context) -> Option<Value> {
    plain_json_limited(value, MAX_NODES, context)
}

/// [`plain_json`] with another node budget (display data such as charts can be large).
pub fn plain_json_limited(
    value: &JsValue,
    max_nodes: usize,
    context: &mut Context,
) -> Option<Value> {
    let mut budget = max_nodes;
    convert(value, 0, &mut budget, context)
}

fn convert(
    value: &JsValue,
    depth: usize,
    budget: &mut usize,
    context: &mut Context,
) -> Option<Value> {
    *budget = budget.checked_sub(1)?;
    if depth > MAX_DEPTH {
        return None;
    }
    if value.is_null() {
        return Some(Value::Null);
    }
    if let Some(b) = value.as_boolean() {
        return Some(Value::Bool(b));
    }
    if let Some(s) = value.as_string() {
        return Some(Value::String(s.to_std_string_escaped()));
    }
    if let Some(n) = value.as_number() {
        if !n.is_finite() {
            return None;
        }
        if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
            return Some(Value::Number(Number::from(n as i64)));
        }
        return Number::from_f64(n).map(Value::Number);
    }
    let object = value.as_object()?;
    if object.is_array() {
        return convert_array(&object, depth, budget, context);
    }
    if !is_plain_object(&object, context) {
        return None;
    }
    let mut map = Map::new();
    for key in object.own_property_keys(context).ok()? {
        let PropertyKey::String(name) = &key else {
            // Symbol keys are not data a JSON viewer can show.
            return None;
        };
        let descriptor = super::props::own_desc(&object, &key)?;
        if !descriptor.expect_enumerable() {
            continue;
        }
        let child = descriptor.value()?.clone();
        map.insert(
            name.to_std_string_escaped(),
            convert(&child, depth + 1, budget, context)?,
        );
    }
    Some(Value::Object(map))
}

fn convert_array(
    object: &JsObject,
    depth: usize,
    budget: &mut usize,
    context: &mut Context,
) -> Option<Value> {
    let keys = object.own_property_keys(context).ok()?;
    let mut items = Vec::new();
    for key in keys {
        match &key {
            PropertyKey::Index(index) => {
                if index.get() as usize != items.len() {
                    return None; // a hole
                }
                let descriptor = super::props::own_desc(object, &key)?;
                let child = descriptor.value()?.clone();
                items.push(convert(&child, depth + 1, budget, context)?);
            }
            PropertyKey::String(name) if name.to_std_string_escaped() == "length" => {}
            _ => return None,
        }
    }
    let length = object
        .get(boa_engine::js_string!("length"), context)
        .ok()?
        .as_number()?;
    (length as usize == items.len()).then_some(Value::Array(items))
}

fn is_plain_object(object: &JsObject, context: &mut Context) -> bool {
    if object.is_callable() {
        return false;
    }
    match object.prototype() {
        None => true,
        Some(prototype) => prototype == context.intrinsics().constructors().object().prototype(),
    }
}
