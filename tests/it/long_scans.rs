//! Scanning long texts and deleting from a `Map`, a `Set` or an object of many keys: boa 0.22 did each
//! quadratically (`indexOf` from an index stepped over the text before it, a Latin-1 text was widened whole for
//! the regex engine at every match, `Map`/`Set`/object deletes moved every later entry); vmjs builds boa with
//! patched crates (`vendor/boa_string`, `vendor/boa_engine`, their `VMJS-PATCH.md`). Each loop here runs far
//! inside a wall limit and checks its result; without the patches each took minutes. No measurement:
//! `bench/text_scans.py` and `bench/array_moves.py` compare with Node.

use super::{Env, timed, value};

#[test]
fn long_texts_are_scanned_in_linear_time() {
    let env = Env::new();
    let session = env.session(timed(20_000));
    let code = r##"
        const text = Array.from({ length: 60000 }, (_, i) => `id${i},name ${i % 97},${(i * 7) % 1000}`).join("\n");
        [
            text.split("\n").reduce((n, row) => n + row.split(",").length, 0),
            text.replaceAll(",", ";").length - text.length,
            text.indexOf("id59999"),
            text.replace(/id(\d+)/g, "#").length,
            [...text.matchAll(/name (\d+)/g)].length,
            text.split(/\n/).length,
        ].join()
    "##;
    assert_eq!(
        value(&session, code),
        "'180000,0,1176080,827209,60000,60000'"
    );
}

#[test]
fn deleting_from_maps_sets_and_objects_in_insertion_order_is_linear() {
    let env = Env::new();
    let session = env.session(timed(20_000));
    let code = r#"
        const n = 60000, m = new Map(), s = new Set(), o = {};
        for (let i = 0; i < n; i++) { m.set("k" + i, i); s.add(i); o["k" + i] = i; }
        let sum = 0;
        for (let i = 0; i < n - 1; i++) { sum += m.get("k" + i); m.delete("k" + i); s.delete(i); delete o["k" + i]; }
        [sum, m.size, [...m.keys()].join(), s.size, [...s].join(), Object.keys(o).join()].join()
    "#;
    assert_eq!(
        value(&session, code),
        "'1799910001,1,k59999,1,59999,k59999'"
    );
}
