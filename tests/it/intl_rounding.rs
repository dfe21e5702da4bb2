//! Currency, percent, unit and scientific formats with ECMA-402's rounding, digit and sign options
//! (`signDisplay`, significant digits, `minimumIntegerDigits`, `trailingZeroDisplay`, `roundingMode`), as
//! Node 20 prints them: `intl_rounding.js` run by Node gave `intl_rounding_node20.txt` (8 locales, 6 styles,
//! 14 option sets, 9 values; infinities and NaN; `resolvedOptions`, `formatToParts`, bad values).

use vmjs_core::model::Template;

use super::{Env, value};

#[test]
fn styled_numbers_round_pad_and_sign_as_in_node() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let node = include_str!("intl_rounding_node20.txt").trim_end();
    // The session compares (a long string would print over several lines): `'same'`, else what it made.
    let code = format!(
        "const node = {}; const made = eval({}); made === node ? 'same' : made",
        serde_json::Value::from(node),
        serde_json::Value::from(include_str!("intl_rounding.js")),
    );
    assert_eq!(value(&session, &code), "'same'", "Node's:\n{node}");
}
