use crate::{JsNativeErrorKind, TestAction, run_test_actions};
use boa_macros::js_str;
use indoc::indoc;

#[test]
fn ordinary_has_instance_nonobject_prototype() {
    run_test_actions([TestAction::assert_native_error(
        indoc! {r#"
            function C() {}
            C.prototype = 1
            String instanceof C
        "#},
        JsNativeErrorKind::Type,
        "function has non-object prototype in instanceof check",
    )]);
}

#[test]
fn object_properties_return_order() {
    run_test_actions([
        TestAction::run_harness(),
        TestAction::run(indoc! {r#"
                var o = {
                    p1: 'v1',
                    p2: 'v2',
                    p3: 'v3',
                };
                o.p4 = 'v4';
                o[2] = 'iv2';
                o[0] = 'iv0';
                o[1] = 'iv1';
                delete o.p1;
                delete o.p3;
                o.p1 = 'v1';
            "#}),
        TestAction::assert(r#"arrayEquals(Object.keys(o), [ "0", "1", "2", "p2", "p4", "p1" ])"#),
        TestAction::assert(
            r#"arrayEquals(Object.values(o), [ "iv0", "iv1", "iv2", "v2", "v4", "v1" ])"#,
        ),
    ]);
}

/// vmjs patch: deleting an object's keys leaves holes in its shape's table and storage, compacted when they
/// outnumber the properties. Nothing a program can see changes: order, values, accessors, a key added again,
/// symbols, copies, a cached read of a slot that moves (expected: Node 20's output for the same program).
#[test]
fn deleting_keys_leaves_holes_that_are_never_seen() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            const checks = [];
            // 1. insertion-order deletes across compactions; values, order, enumeration
            {
              const o = {};
              for (let i = 0; i < 100; i++) o["k" + i] = i;
              const read = (obj) => obj.k99; // an inline cache on a slot that moves at compaction
              let sum = 0;
              for (let i = 0; i < 90; i++) { delete o["k" + i]; sum += read(o); }
              const forIn = []; for (const k in o) forIn.push(k);
              checks.push([sum, Object.keys(o).join(), forIn.join(), JSON.stringify(o), Object.values(o).join()].join("|"));
            }
            // 2. a removed key added again goes last, and is seen once
            {
              const o = { a: 1, b: 2, c: 3, d: 4 };
              delete o.b; o.b = 20; delete o.a; o.a = 10; delete o.b;
              checks.push(JSON.stringify(o) + Object.getOwnPropertyNames(o).join());
            }
            // 3. accessors (two slots) between holes; data <-> accessor changes after holes
            {
              const o = {};
              for (let i = 0; i < 40; i++) {
                if (i % 3 === 0) Object.defineProperty(o, "p" + i, { get() { return "g" + i; }, set(v) { this["s" + i] = v; }, enumerable: true, configurable: true });
                else o["p" + i] = i;
              }
              for (let i = 0; i < 40; i += 2) delete o["p" + i];
              Object.defineProperty(o, "p3", { value: "now data", enumerable: true, configurable: true, writable: true });
              Object.defineProperty(o, "p5", { get() { return "now accessor"; }, enumerable: true, configurable: true });
              o.p9 = "set through setter";
              checks.push(JSON.stringify(o));
              for (let i = 1; i < 40; i += 2) delete o["p" + i];
              checks.push(JSON.stringify(o) + Object.keys(o).length);
            }
            // 4. symbols come after strings, holes or not
            {
              const s1 = Symbol("one"), s2 = Symbol("two");
              const o = { a: 1, [s1]: 2, b: 3, [s2]: 4, c: 5 };
              delete o.a; delete o[s1];
              checks.push(Reflect.ownKeys(o).map(String).join());
            }
            // 5. a queue: add at the back, delete at the front, many times over
            {
              const q = {}; let head = 0, tail = 0, total = 0;
              for (let i = 0; i < 5000; i++) { q[("n" + tail++)] = i; if (i % 3 !== 0) { total += q["n" + head]; delete q["n" + head++]; } }
              checks.push([total, Object.keys(q).length, Object.keys(q)[0], Object.keys(q).at(-1)].join());
            }
            // 6. delete the last property while holes exist; then add
            {
              const o = { a: 1, b: 2, c: 3, d: 4, e: 5 };
              delete o.b; delete o.e; delete o.d; o.f = 6;
              checks.push(JSON.stringify(o) + ("d" in o) + ("b" in o) + o.b);
            }
            // 7. Object.assign / spread / structured copies of an object with holes
            {
              const o = {};
              for (let i = 0; i < 30; i++) o["x" + i] = i;
              for (let i = 0; i < 30; i += 2) delete o["x" + i];
              const copy = { ...o }, assigned = Object.assign({}, o), entries = Object.fromEntries(Object.entries(o));
              checks.push(JSON.stringify(copy) === JSON.stringify(o) && JSON.stringify(assigned) === JSON.stringify(entries) ? Object.keys(copy).join() : "differ");
            }
            checks.join("\n")
        "#},
        js_str!(
            r#"8910|k90,k91,k92,k93,k94,k95,k96,k97,k98,k99|k90,k91,k92,k93,k94,k95,k96,k97,k98,k99|{"k90":90,"k91":91,"k92":92,"k93":93,"k94":94,"k95":95,"k96":96,"k97":97,"k98":98,"k99":99}|90,91,92,93,94,95,96,97,98,99
{"c":3,"d":4,"a":10}c,d,a
{"p1":1,"p3":"now data","p5":"now accessor","p7":7,"p9":"g9","p11":11,"p13":13,"p15":"g15","p17":17,"p19":19,"p21":"g21","p23":23,"p25":25,"p27":"g27","p29":29,"p31":31,"p33":"g33","p35":35,"p37":37,"p39":"g39","s9":"set through setter"}
{"s9":"set through setter"}1
b,c,Symbol(two)
5552778,1667,n3333,n4999
{"a":1,"c":3,"f":6}falsefalseundefined
x1,x3,x5,x7,x9,x11,x13,x15,x17,x19,x21,x23,x25,x27,x29"#
        ),
    )]);
}
