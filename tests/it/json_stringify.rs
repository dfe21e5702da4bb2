//! `JSON.stringify` as Node 20 has it: `json_stringify.js` run by Node gave `json_stringify_node20.txt` (what
//! is written for every kind of value, the order in which `toJSON`, replacers, getters and Proxy traps run,
//! what they change, indentation, and the errors for BigInts, circles and deep values).

use vmjs_core::model::Template;

use super::{Env, assert_same_as_node, value};

#[test]
fn json_stringify_is_nodes() {
    assert_same_as_node(
        include_str!("json_stringify.js"),
        include_str!("json_stringify_node20.txt"),
    );
}

/// A module namespace keeps its exports outside its property map: an exported `toJSON` is found all the same,
/// and the exports are written in order.
#[test]
fn a_module_namespace_is_written_with_its_exports_and_its_to_json() {
    let env = Env::new();
    std::fs::write(
        env.root().join("plain.mjs"),
        "export const b = 2; export const a = [1];",
    )
    .unwrap();
    std::fs::write(
        env.root().join("with_to_json.mjs"),
        "export function toJSON(key) { return `from toJSON (${key})`; } export const x = 1;",
    )
    .unwrap();
    let session = env.session(Template::new("t"));
    assert_eq!(
        value(
            &session,
            "const plain = await import('./plain.mjs'); JSON.stringify(plain)"
        ),
        r#"'{"a":[1],"b":2}'"#
    );
    assert_eq!(
        value(
            &session,
            "const own = await import('./with_to_json.mjs'); JSON.stringify([own, Object.create(own)])"
        ),
        r#"'["from toJSON (0)","from toJSON (1)"]'"#
    );
}
