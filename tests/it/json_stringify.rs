//! `JSON.stringify` as Node 20 has it: `json_stringify.js` run by Node gave `json_stringify_node20.txt` (what
//! is written for every kind of value, the order in which `toJSON`, replacers, getters and Proxy traps run,
//! what they change, indentation, and the errors for BigInts, circles and deep values).

use super::assert_same_as_node;

#[test]
fn json_stringify_is_nodes() {
    assert_same_as_node(
        include_str!("json_stringify.js"),
        include_str!("json_stringify_node20.txt"),
    );
}
