//! Numbers in scientific and engineering notation (`Intl.NumberFormat`'s `notation`), as Node 20 prints them:
//! `intl_notation.js` run by Node gave `intl_notation_node20.txt` (values, `formatToParts`, `resolvedOptions`).

use super::assert_same_as_node;

#[test]
fn numbers_in_scientific_and_engineering_notation_are_nodes() {
    assert_same_as_node(
        include_str!("intl_notation.js"),
        include_str!("intl_notation_node20.txt"),
    );
}
