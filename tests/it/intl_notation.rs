//! Numbers in scientific and engineering notation (`Intl.NumberFormat`'s `notation`), as Node 20 prints them:
//! `intl_notation.js` run by Node gave `intl_notation_node20.txt` (values, `formatToParts`, `resolvedOptions`).

use vmjs_core::model::Template;

use super::{Env, value};

#[test]
fn numbers_in_scientific_and_engineering_notation_are_nodes() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let node = include_str!("intl_notation_node20.txt").trim_end();
    // The session compares (a long string would print over several lines): `'same'`, else what it made.
    let code = format!(
        "const node = {}; const made = eval({}); made === node ? 'same' : made",
        serde_json::Value::from(node),
        serde_json::Value::from(include_str!("intl_notation.js")),
    );
    assert_eq!(value(&session, &code), "'same'", "Node's:\n{node}");
}
