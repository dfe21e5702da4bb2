//! How V8 names a value that contains itself when `JSON.stringify` meets it: `Converting circular structure to
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
//! (boa says `cyclic object value`, which does not help find the circle in a big object.) The serializer
//! ([`super::json_stringify`]) knows the path: the objects it is in, with the keys it reached them by.

use boa_engine::{JsObject, JsValue, js_string};

use super::props::own_desc;

/// V8 prints this many steps of a circle from its start, and this many before its end; `...` between.
const PREFIX_STEPS: usize = 2;
const POSTFIX_STEPS: usize = 1;

/// A step from an object to a child object: the key (`index` for an array's element) and the child.
pub(super) struct Step {
    pub(super) key: String,
    pub(super) index: bool,
    pub(super) object: JsObject,
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
pub(super) fn describe(circle: &[Step], closing: &Step) -> String {
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
