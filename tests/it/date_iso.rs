//! `Date.prototype.toISOString` is vmjs's (integer arithmetic, `core/src/runtime/dates/iso.rs`): 440 time
//! values from year −271 821 to +275 760, invalid dates, foreign receivers, `toJSON` and a user's
//! replacement, as Node 20 printed them (`date_iso.js` gave `date_iso_node20.txt`).

use super::assert_same_as_node;

#[test]
fn to_iso_string_is_nodes() {
    assert_same_as_node(
        &format!("{}\nout.join('\\n')", include_str!("date_iso.js")),
        include_str!("date_iso_node20.txt"),
    );
}
