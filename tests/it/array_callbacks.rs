//! The array methods that take a callback fail as Node 20's do (`array_callbacks.js` run by Node gave
//! `array_callbacks_node20.txt`): a callback that is no function named by its value wherever it comes from
//! (a variable, a parameter, a property), a method called on `undefined` or `null`, a class given as the
//! callback — and the specification's order (`length` is read before the callback is checked).

use super::assert_cell_same_as_node;

#[test]
fn array_callback_errors_are_nodes() {
    assert_cell_same_as_node(
        include_str!("array_callbacks.js"),
        "out.join('\\n')",
        include_str!("array_callbacks_node20.txt"),
    );
}
