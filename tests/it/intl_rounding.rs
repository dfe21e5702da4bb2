//! Currency, percent, unit and scientific formats with ECMA-402's rounding, digit and sign options
//! (`signDisplay`, significant digits, `minimumIntegerDigits`, `trailingZeroDisplay`, `roundingMode`), as
//! Node 20 prints them: `intl_rounding.js` run by Node gave `intl_rounding_node20.txt` (8 locales, 6 styles,
//! 14 option sets, 9 values; infinities and NaN; `resolvedOptions`, `formatToParts`, bad values).

use super::assert_same_as_node;

#[test]
fn styled_numbers_round_pad_and_sign_as_in_node() {
    assert_same_as_node(
        include_str!("intl_rounding.js"),
        include_str!("intl_rounding_node20.txt"),
    );
}
