//! `unshift` and `splice` on arrays: vmjs builds boa with a patched `boa_engine` (`vendor/boa_engine`)
//! that moves a dense array's elements in one step where boa's loops read and wrote each one
//! (`array_moves.js`, every case where the move must not be taken included, run by Node 20 gave
//! `array_moves_node20.txt`), so a loop of them is no longer quadratic with a large constant.

use super::{Env, assert_cell_same_as_node, timed, value};

#[test]
fn unshift_and_splice_move_elements_as_in_node() {
    assert_cell_same_as_node(
        include_str!("array_moves.js"),
        "out.join('\\n')",
        include_str!("array_moves_node20.txt"),
    );
}

/// 20 000 `unshift`s and 40 000 `splice`s that move elements (one removes, one inserts) on arrays of
/// 20 000 elements finish far inside a 20 s wall limit: boa's loops took ~14 s for 10 000 `unshift`s in a
/// release build (bench/RESULTS.md), growing with the square, so this fails without the patch; it is no
/// measurement (`bench/array_moves.py` is).
#[test]
fn loops_of_unshift_and_splice_are_not_quadratic() {
    let env = Env::new();
    let session = env.session(timed(20_000));
    let code = "const a = [], b = Array.from({ length: 20000 }, (_, i) => i);
        for (let i = 0; i < 20000; i++) {
            a.unshift({ i }); b.splice(b.length >> 1, 1); b.splice(b.length >> 2, 0, i);
        }
        [a.length, a[0].i, a[19999].i, b.length, b[5000], b[10000]]";
    assert_eq!(
        value(&session, code),
        "[ 20000, 19999, 0, 20000, 19998, 14998 ]"
    );
}
