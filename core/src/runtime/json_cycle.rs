//! `JSON.stringify` of a value that contains itself fails as V8's does: `Converting circular structure to
//! JSON`, then the circle — where it starts, the properties that lead around it, the one that closes it:
//!
//! ```text
//! Converting circular structure to JSON
//!     --> starting at object with constructor 'Object'
//!     |     property 'x' -> object with constructor 'Object'
//!     |     property 'y' -> object with constructor 'Array'
//!     --- index 0 closes the circle
//! ```
//!
//! boa says `cyclic object value`, which does not help find the circle in a big object. `JSON.stringify` stays
//! boa's; when it fails so, the value is walked again (depth first, in property order, as `JSON.stringify`
//! walks it; own enumerable data properties only — no getter or `toJSON` runs a second time) for the circle.

use std::collections::HashSet;

use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsValue, js_string};

use super::inspect::{own_desc, own_keys};
use super::lazy::wrap_method;

/// boa's message for a circular value.
const BOA_CYCLIC: &str = "cyclic object value";
/// The objects a search visits at most (a huge acyclic value is not walked for ever).
const MAX_VISITS: usize = 1_000_000;
/// V8 prints this many steps of a circle from its start, and this many before its end; `...` between.
const PREFIX_STEPS: usize = 2;
const POSTFIX_STEPS: usize = 1;

/// A step from an object to a child object: the key (`index` for an array's element) and the child.
struct Step {
    key: String,
    index: bool,
    object: JsObject,
}

/// The circle in `value` as V8 describes it, from the first object of the circle JSON.stringify would meet.
fn circle(value: &JsValue, context: &mut Context) -> Option<String> {
    let root = value.as_object()?;
    // The path from the root (its first step's key is empty) and, per object on it, the children left to visit.
    let mut path = vec![Step {
        key: String::new(),
        index: false,
        object: root.clone(),
    }];
    let mut pending = vec![children(&root, context)];
    let mut on_path: HashSet<JsObject> = HashSet::from([root]);
    let mut done: HashSet<JsObject> = HashSet::new();
    let mut visits = 0;
    while let Some(next) = pending.last_mut() {
        let Some(step) = next.pop() else {
            pending.pop();
            if let Some(finished) = path.pop() {
                on_path.remove(&finished.object);
                done.insert(finished.object);
            }
            continue;
        };
        if on_path.contains(&step.object) {
            let start = path.iter().position(|s| s.object == step.object)?;
            return Some(describe(&path[start..], &step));
        }
        visits += 1;
        if done.contains(&step.object) || visits > MAX_VISITS {
            continue;
        }
        let mut kids = children(&step.object, context);
        kids.reverse();
        pending.push(kids);
        on_path.insert(step.object.clone());
        path.push(step);
    }
    None
}

/// The child objects of `object` in JSON.stringify's order, last first (popped from the end).
fn children(object: &JsObject, context: &mut Context) -> Vec<Step> {
    let index = object.is_array();
    let mut steps: Vec<Step> = own_keys(object, context)
        .into_iter()
        .filter_map(|key| {
            let descriptor = own_desc(object, &key)?;
            if !descriptor.expect_enumerable() {
                return None;
            }
            let child = descriptor.value()?.as_object()?;
            let key = match &key {
                PropertyKey::String(name) => name.to_std_string_escaped(),
                PropertyKey::Index(i) => i.get().to_string(),
                PropertyKey::Symbol(_) => return None,
            };
            Some(Step {
                key,
                index,
                object: child,
            })
        })
        .collect();
    steps.reverse();
    steps
}

/// The name of the constructor an object was made by (`Object` when none is found), as V8 prints it.
fn constructor_name(object: &JsObject) -> String {
    let mut current = object.prototype();
    let mut hops = 0;
    while let Some(prototype) = current {
        if let Some(name) = own_desc(&prototype, &js_string!("constructor").into())
            .and_then(|descriptor| descriptor.value().and_then(JsValue::as_object))
            .and_then(|constructor| own_desc(&constructor, &js_string!("name").into()))
            .and_then(|descriptor| descriptor.value().and_then(JsValue::as_string))
            .map(|name| name.to_std_string_escaped())
            .filter(|name| !name.is_empty())
        {
            return name;
        }
        hops += 1;
        if hops > 1_000 {
            break;
        }
        current = prototype.prototype();
    }
    "Object".to_owned()
}

/// V8's lines: `circle[0]` is where the circle starts, the rest lead around it, `closing` points back.
fn describe(circle: &[Step], closing: &Step) -> String {
    let key = |step: &Step| {
        if step.index {
            format!("index {}", step.key)
        } else {
            format!("property '{}'", step.key)
        }
    };
    let line = |step: &Step| {
        format!(
            "\n    |     {} -> object with constructor '{}'",
            key(step),
            constructor_name(&step.object)
        )
    };
    let mut text = format!(
        "Converting circular structure to JSON\n    --> starting at object with constructor '{}'",
        constructor_name(&circle[0].object)
    );
    let steps = &circle[1..];
    let prefix = steps.len().min(PREFIX_STEPS);
    for step in &steps[..prefix] {
        text.push_str(&line(step));
    }
    if steps.len() > prefix + POSTFIX_STEPS {
        text.push_str("\n    |     ...");
    }
    let postfix_from = prefix.max(steps.len().saturating_sub(POSTFIX_STEPS));
    for step in &steps[postfix_from..] {
        text.push_str(&line(step));
    }
    text.push_str(&format!("\n    --- {} closes the circle", key(closing)));
    text
}

/// Puts a `JSON.stringify` in front of boa's whose circular-structure error is V8's.
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    let json = context.intrinsics().objects().json();
    wrap_method(&json, "stringify", 3, stringify, context)
}

/// `JSON.stringify(value, replacer, space)`: boa's, with V8's message for a circular value.
fn stringify(
    _: &JsValue,
    args: &[JsValue],
    boa_stringify: &JsObject,
    context: &mut Context,
) -> JsResult<JsValue> {
    boa_stringify
        .call(&JsValue::undefined(), args, context)
        .map_err(|error| v8_error(error, args.first(), context))
}

/// boa's error, with V8's message when it is boa's circular-structure `TypeError`.
fn v8_error(error: JsError, value: Option<&JsValue>, context: &mut Context) -> JsError {
    let cyclic = error.as_native().is_some_and(|native| {
        matches!(native.kind(), boa_engine::error::JsNativeErrorKind::Type)
            && native.message() == BOA_CYCLIC
    });
    if !cyclic {
        return error;
    }
    let message = value
        .and_then(|value| circle(value, context))
        .unwrap_or_else(|| "Converting circular structure to JSON".to_owned());
    JsNativeError::typ().with_message(message).into()
}

#[cfg(test)]
mod tests {
    use crate::runtime::testing::TestEngine;

    /// Node 20's messages for the same values.
    #[test]
    fn names_the_circle_as_v8_does() {
        let mut engine = TestEngine::new();
        let cases = [
            (
                ("const a = {}; a.self = a", "a"),
                "Converting circular structure to JSON\n    --> starting at object with constructor 'Object'\n    --- property 'self' closes the circle",
            ),
            (
                ("const a = {x: {y: []}}; a.x.y.push(a)", "a"),
                "Converting circular structure to JSON\n    --> starting at object with constructor 'Object'\n    |     property 'x' -> object with constructor 'Object'\n    |     property 'y' -> object with constructor 'Array'\n    --- index 0 closes the circle",
            ),
            (
                (
                    "const a = {l1: {l2: {l3: {l4: {l5: {}}}}}}; a.l1.l2.l3.l4.l5.back = a",
                    "a",
                ),
                "Converting circular structure to JSON\n    --> starting at object with constructor 'Object'\n    |     property 'l1' -> object with constructor 'Object'\n    |     property 'l2' -> object with constructor 'Object'\n    |     ...\n    |     property 'l5' -> object with constructor 'Object'\n    --- property 'back' closes the circle",
            ),
            (
                (
                    "class Node { constructor() { this.children = [] } }\nconst p = new Node(), c = new Node(); c.parent = p; p.children.push(c)",
                    "{root: p}",
                ),
                "Converting circular structure to JSON\n    --> starting at object with constructor 'Node'\n    |     property 'children' -> object with constructor 'Array'\n    |     index 0 -> object with constructor 'Node'\n    --- property 'parent' closes the circle",
            ),
            (
                ("const o = Object.create(null); o.me = o", "[o]"),
                "Converting circular structure to JSON\n    --> starting at object with constructor 'Object'\n    --- property 'me' closes the circle",
            ),
            (
                ("const s = {'a b': {}}; s['a b'].c = s['a b']", "s"),
                "Converting circular structure to JSON\n    --> starting at object with constructor 'Object'\n    --- property 'c' closes the circle",
            ),
        ];
        for ((setup, value), expected) in cases {
            let (done, _) = engine.run(&format!(
                "try {{ JSON.stringify((() => {{ {setup}; return {value} }})()) }} catch (e) {{ e.message }}"
            ));
            let message = done
                .result
                .and_then(|result| result.json)
                .and_then(|json| json.as_str().map(str::to_owned));
            assert_eq!(message.as_deref(), Some(expected), "{setup}");
        }
    }

    #[test]
    fn other_failures_and_results_stay_boas() {
        let mut engine = TestEngine::new();
        assert_eq!(
            engine.value("JSON.stringify({a: [1, {b: 2}], c: 'x'}, null, 1)"),
            "'{\\n \"a\": [\\n  1,\\n  {\\n   \"b\": 2\\n  }\\n ],\\n \"c\": \"x\"\\n}'"
        );
        assert_eq!(
            engine.error("JSON.stringify({n: 1n})"),
            "TypeError: Do not know how to serialize a BigInt"
        );
        assert_eq!(
            engine.error("JSON.stringify({ toJSON() { throw new RangeError('mine') } })"),
            "RangeError: mine"
        );
        // Shared (not circular) objects are fine; a huge acyclic value is not a circle.
        assert_eq!(
            engine.value("const shared = {}; JSON.stringify([shared, shared])"),
            "'[{},{}]'"
        );
        assert_eq!(
            engine.value("[JSON.stringify.name, JSON.stringify.length]"),
            "[ 'stringify', 3 ]"
        );
    }
}
