//! Node's `util.inspect` answers, case by case (`expect` snapshots).

use super::*;
use boa_engine::Source;
use expect_test::{Expect, expect};

/// A context with what the engine adds that printing depends on (boa's own error frames).
fn engine_context() -> Context {
    let mut context = Context::default();
    crate::runtime::error_stack::register(&mut context).expect("error stacks");
    context
}

fn eval(js: &str, context: &mut Context) -> JsValue {
    match context.eval(Source::from_bytes(js)) {
        Ok(v) => v,
        Err(e) => panic!("eval failed: {e}"),
    }
}

fn check(js: &str, expect: Expect) {
    let mut context = engine_context();
    let value = eval(js, &mut context);
    let actual = inspect(&value, &InspectOptions::default(), &mut context);
    expect.assert_eq(&actual);
}

#[test]
fn inspect_000_42() {
    check(r#"42"#, expect![[r#"42"#]]);
}

#[test]
fn inspect_001_0() {
    check(r#"-0"#, expect![[r#"-0"#]]);
}

#[test]
fn inspect_002_1_5() {
    check(r#"1.5"#, expect![[r#"1.5"#]]);
}

#[test]
fn inspect_003_nan() {
    check(r#"NaN"#, expect![[r#"NaN"#]]);
}

#[test]
fn inspect_004_infinity() {
    check(r#"-Infinity"#, expect![[r#"-Infinity"#]]);
}

#[test]
fn inspect_005_123n() {
    check(r#"123n"#, expect![[r#"123n"#]]);
}

#[test]
fn inspect_006_true() {
    check(r#"true"#, expect![[r#"true"#]]);
}

#[test]
fn inspect_007_undefined() {
    check(r#"undefined"#, expect![[r#"undefined"#]]);
}

#[test]
fn inspect_008_null() {
    check(r#"null"#, expect![[r#"null"#]]);
}

#[test]
fn inspect_009_symbol_foo() {
    check(r#"Symbol('foo')"#, expect![[r#"Symbol(foo)"#]]);
}

#[test]
fn inspect_010_symbol() {
    check(r#"Symbol()"#, expect![[r#"Symbol()"#]]);
}

#[test]
fn inspect_011_hi() {
    check(r#"'hi'"#, expect![[r#"'hi'"#]]);
}

#[test]
fn inspect_012_it_s() {
    check(r#""it's""#, expect![[r#""it's""#]]);
}

#[test]
fn inspect_013_both_and() {
    check(r#"'both \' and "'"#, expect![[r#"`both ' and "`"#]]);
}

#[test]
fn inspect_014_all() {
    check(r#"'all \' " `'"#, expect![[r#"'all \' " `'"#]]);
}

#[test]
fn inspect_015_tab_there_nnew_x01_x7f() {
    check(
        r#"'tab\there\nnew \x01 \x7f \\'"#,
        expect![[r#"'tab\there\nnew \x01 \x7F \\'"#]],
    );
}

#[test]
fn inspect_016_1_2_3() {
    check(r#"[1, 2, 3]"#, expect![[r#"[ 1, 2, 3 ]"#]]);
}

#[test]
fn inspect_017_x() {
    check(r#"[]"#, expect![[r#"[]"#]]);
}

#[test]
fn inspect_018_1_3() {
    check(r#"[1, , 3]"#, expect![[r#"[ 1, <1 empty item>, 3 ]"#]]);
}

#[test]
fn inspect_019_4() {
    check(r#"[, , , 4]"#, expect![[r#"[ <3 empty items>, 4 ]"#]]);
}

#[test]
fn inspect_020_1() {
    check(r#"[1, , , ]"#, expect![[r#"[ 1, <2 empty items> ]"#]]);
}

#[test]
fn inspect_021_object_assign_1_2_foo_bar() {
    check(
        r#"Object.assign([1, 2], {foo: 'bar'})"#,
        expect![[r#"[ 1, 2, foo: 'bar' ]"#]],
    );
}

#[test]
fn inspect_022_a_1_b_x() {
    check(r#"({a: 1, b: 'x'})"#, expect![[r#"{ a: 1, b: 'x' }"#]]);
}

#[test]
fn inspect_023_x() {
    check(r#"({})"#, expect![[r#"{}"#]]);
}

#[test]
fn inspect_024_a_b_1_c_2_d_3_1_4() {
    check(
        r#"({'a-b': 1, $c: 2, _d: 3, 1: 4})"#,
        expect![[r#"{ '1': 4, 'a-b': 1, '$c': 2, _d: 3 }"#]],
    );
}

#[test]
fn inspect_025_symbol_s_1() {
    check(
        r#"({[Symbol('s')]: 1})"#,
        expect![[r#"{ [Symbol(s)]: 1 }"#]],
    );
}

#[test]
fn inspect_026_a_b_c_d_1() {
    check(
        r#"({a: {b: {c: {d: 1}}}})"#,
        expect![[r#"{ a: { b: { c: [Object] } } }"#]],
    );
}

#[test]
fn inspect_027_a_1() {
    check(
        r#"({a: [[[[1]]]]})"#,
        expect![[r#"{ a: [ [ [Array] ] ] }"#]],
    );
}

#[test]
fn inspect_028_class_point_constructor_this_x_1_this_y() {
    check(
        r#"(class Point { constructor() { this.x = 1; this.y = 2; } }, new (class Point { constructor() { this.x = 1; this.y = 2; } })())"#,
        expect![[r#"Point { x: 1, y: 2 }"#]],
    );
}

#[test]
fn inspect_029_object_assign_object_create_null_a_1() {
    check(
        r#"Object.assign(Object.create(null), {a: 1})"#,
        expect![[r#"[Object: null prototype] { a: 1 }"#]],
    );
}

#[test]
fn inspect_030_object_create_null() {
    check(
        r#"Object.create(null)"#,
        expect![[r#"[Object: null prototype] {}"#]],
    );
}

#[test]
fn inspect_031_const_o_o_self_o_return_o() {
    check(
        r#"(() => { const o = {}; o.self = o; return o; })()"#,
        expect![[r#"<ref *1> { self: [Circular *1] }"#]],
    );
}

#[test]
fn inspect_032_const_a_const_b_a_a_b_b_return_a_b() {
    check(
        r#"(() => { const a = {}; const b = {a}; a.b = b; return [a, b]; })()"#,
        expect![[r#"
            [
              <ref *1> { b: { a: [Circular *1] } },
              <ref *2> { a: <ref *1> { b: [Circular *2] } }
            ]"#]],
    );
}

#[test]
fn inspect_033_const_o_x_1_return_o_o() {
    check(
        r#"(() => { const o = {x: 1}; return [o, o]; })()"#,
        expect![[r#"[ { x: 1 }, { x: 1 } ]"#]],
    );
}

#[test]
fn inspect_034_array_from_length_30_i_i() {
    check(
        r#"Array.from({length: 30}, (_, i) => i)"#,
        expect![[r#"
            [
               0,  1,  2,  3,  4,  5,  6,  7,  8,
               9, 10, 11, 12, 13, 14, 15, 16, 17,
              18, 19, 20, 21, 22, 23, 24, 25, 26,
              27, 28, 29
            ]"#]],
    );
}

#[test]
fn inspect_035_array_from_length_120_i_i() {
    check(
        r#"Array.from({length: 120}, (_, i) => i)"#,
        expect![[r#"
            [
               0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11,
              12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
              24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
              36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
              48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59,
              60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,
              72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83,
              84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
              96, 97, 98, 99,
              ... 20 more items
            ]"#]],
    );
}

#[test]
fn inspect_036_array_from_length_10_i_item_i() {
    check(
        r#"Array.from({length: 10}, (_, i) => 'item' + i)"#,
        expect![[r#"
            [
              'item0', 'item1',
              'item2', 'item3',
              'item4', 'item5',
              'item6', 'item7',
              'item8', 'item9'
            ]"#]],
    );
}

#[test]
fn inspect_037_array_from_length_26_i_string_fromcharco() {
    check(
        r#"Array.from({length: 26}, (_, i) => String.fromCharCode(97 + i).repeat(i % 5 + 1))"#,
        expect![[r#"
            [
              'a',     'bb',    'ccc',   'dddd',
              'eeeee', 'f',     'gg',    'hhh',
              'iiii',  'jjjjj', 'k',     'll',
              'mmm',   'nnnn',  'ooooo', 'p',
              'qq',    'rrr',   'ssss',  'ttttt',
              'u',     'vv',    'www',   'xxxx',
              'yyyyy', 'z'
            ]"#]],
    );
}

#[test]
fn inspect_038_array_from_length_7_i_i_1000000() {
    check(
        r#"Array.from({length: 7}, (_, i) => i * 1000000)"#,
        expect![[r#"
            [
                    0, 1000000,
              2000000, 3000000,
              4000000, 5000000,
              6000000
            ]"#]],
    );
}

#[test]
fn inspect_039_aaaaaaaaaa_1_bbbbbbbbbbbb_2_cccccccccccc() {
    check(
        r#"({aaaaaaaaaa: 1, bbbbbbbbbbbb: 2, cccccccccccc: 3, dddddddddddd: 4, eeeeeeeeeeee: 5, ffffffffff: 6})"#,
        expect![[r#"
            {
              aaaaaaaaaa: 1,
              bbbbbbbbbbbb: 2,
              cccccccccccc: 3,
              dddddddddddd: 4,
              eeeeeeeeeeee: 5,
              ffffffffff: 6
            }"#]],
    );
}

#[test]
fn inspect_040_a_x_repeat_100() {
    check(
        r#"({a: 'x'.repeat(100)})"#,
        expect![[r#"
            {
              a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
            }"#]],
    );
}

#[test]
fn inspect_041_x_repeat_20_n_y_repeat_80() {
    check(
        r#"'x'.repeat(20) + '\n' + 'y'.repeat(80)"#,
        expect![[r#"
            'xxxxxxxxxxxxxxxxxxxx\n' +
              'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'"#]],
    );
}

#[test]
fn inspect_042_s_line_one_is_long_enough_nline_two_is_a() {
    check(
        r#"({s: 'line one is long enough\nline two is also long enough to wrap the whole thing'})"#,
        expect![[r#"
            {
              s: 'line one is long enough\n' +
                'line two is also long enough to wrap the whole thing'
            }"#]],
    );
}

#[test]
fn inspect_043_function_foo_foo() {
    check(r#"function foo() {}; foo"#, expect![[r#"[Function: foo]"#]]);
}

#[test]
fn inspect_044_function() {
    check(
        r#"(function () {})"#,
        expect![[r#"[Function (anonymous)]"#]],
    );
}

#[test]
fn inspect_045_x() {
    check(r#"(() => {})"#, expect![[r#"[Function (anonymous)]"#]]);
}

#[test]
fn inspect_046_class_a_a() {
    check(r#"class A {}; A"#, expect![[r#"[class A]"#]]);
}

#[test]
fn inspect_047_class_a_class_b_extends_a_b() {
    check(
        r#"class A {}; class B extends A {}; B"#,
        expect![[r#"[class B extends A]"#]],
    );
}

#[test]
fn inspect_048_async_function_f_f() {
    check(
        r#"async function f() {}; f"#,
        expect![[r#"[AsyncFunction: f]"#]],
    );
}

#[test]
fn inspect_049_function_g_g() {
    check(
        r#"function* g() {}; g"#,
        expect![[r#"[GeneratorFunction: g]"#]],
    );
}

#[test]
fn inspect_050_async_function_ag_ag() {
    check(
        r#"async function* ag() {}; ag"#,
        expect![[r#"[AsyncGeneratorFunction: ag]"#]],
    );
}

#[test]
fn inspect_051_object_assign_function_named_x_1() {
    check(
        r#"Object.assign(function named() {}, {x: 1})"#,
        expect![[r#"[Function: named] { x: 1 }"#]],
    );
}

#[test]
fn inspect_052_class_s_static_x_1_s() {
    check(
        r#"class S { static x = 1 }; S"#,
        expect![[r#"[class S] { x: 1 }"#]],
    );
}

#[test]
fn inspect_053_new_map_a_1_b_2() {
    check(
        r#"new Map([['a', 1], ['b', 2]])"#,
        expect![[r#"Map(2) { 'a' => 1, 'b' => 2 }"#]],
    );
}

#[test]
fn inspect_054_new_set_1_2() {
    check(r#"new Set([1, 2])"#, expect![[r#"Set(2) { 1, 2 }"#]]);
}

#[test]
fn inspect_055_new_map() {
    check(r#"new Map()"#, expect![[r#"Map(0) {}"#]]);
}

#[test]
fn inspect_056_new_set() {
    check(r#"new Set()"#, expect![[r#"Set(0) {}"#]]);
}

#[test]
fn inspect_057_new_weakmap() {
    check(
        r#"new WeakMap()"#,
        expect![[r#"WeakMap { <items unknown> }"#]],
    );
}

#[test]
fn inspect_058_new_weakset() {
    check(
        r#"new WeakSet()"#,
        expect![[r#"WeakSet { <items unknown> }"#]],
    );
}

#[test]
fn inspect_059_new_map_a_1_1_2() {
    check(
        r#"new Map([[{a: 1}, [1, 2]]])"#,
        expect![[r#"Map(1) { { a: 1 } => [ 1, 2 ] }"#]],
    );
}

#[test]
fn inspect_060_new_date_date_utc_2024_0_1() {
    check(
        r#"new Date(Date.UTC(2024, 0, 1))"#,
        expect![[r#"2024-01-01T00:00:00.000Z"#]],
    );
}

#[test]
fn inspect_061_new_date_nan() {
    check(r#"new Date(NaN)"#, expect![[r#"Invalid Date"#]]);
}

#[test]
fn inspect_062_ab_c_gi() {
    check(r#"/ab+c/gi"#, expect![[r#"/ab+c/gi"#]]);
}

#[test]
fn inspect_063_x_y() {
    check(r#"/x/y"#, expect![[r#"/x/y"#]]);
}

#[test]
fn inspect_064_promise_resolve_1() {
    check(r#"Promise.resolve(1)"#, expect![[r#"Promise { 1 }"#]]);
}

#[test]
fn inspect_065_new_promise() {
    check(
        r#"new Promise(() => {})"#,
        expect![[r#"Promise { <pending> }"#]],
    );
}

// Diverges from Node on purpose: nested errors print `[Name: message]`, not their stack.
#[test]
fn inspect_066_promise_reject_new_error_boom() {
    check(
        r#"Promise.reject(new Error('boom'))"#,
        expect!["Promise { <rejected> [Error: boom] }"],
    );
}

#[test]
fn inspect_067_new_uint8array_1_2_3() {
    check(
        r#"new Uint8Array([1, 2, 3])"#,
        expect![[r#"Uint8Array(3) [ 1, 2, 3 ]"#]],
    );
}

#[test]
fn inspect_068_new_float64array_2() {
    check(
        r#"new Float64Array(2)"#,
        expect![[r#"Float64Array(2) [ 0, 0 ]"#]],
    );
}

#[test]
fn inspect_069_new_uint8array_0() {
    check(r#"new Uint8Array(0)"#, expect![[r#"Uint8Array(0) []"#]]);
}

#[test]
fn inspect_070_new_bigint64array_1n_2n() {
    check(
        r#"new BigInt64Array([1n, 2n])"#,
        expect![[r#"BigInt64Array(2) [ 1n, 2n ]"#]],
    );
}

#[test]
fn inspect_071_new_uint8array_1_2_buffer() {
    check(
        r#"new Uint8Array([1, 2]).buffer"#,
        expect![[r#"ArrayBuffer { [Uint8Contents]: <01 02>, byteLength: 2 }"#]],
    );
}

#[test]
fn inspect_072_new_arraybuffer_0() {
    check(
        r#"new ArrayBuffer(0)"#,
        expect![[r#"ArrayBuffer { [Uint8Contents]: <>, byteLength: 0 }"#]],
    );
}

#[test]
fn inspect_073_new_number_3() {
    check(r#"new Number(3)"#, expect![[r#"[Number: 3]"#]]);
}

#[test]
fn inspect_074_new_string_x() {
    check(r#"new String('x')"#, expect![[r#"[String: 'x']"#]]);
}

#[test]
fn inspect_075_new_boolean_false() {
    check(r#"new Boolean(false)"#, expect![[r#"[Boolean: false]"#]]);
}

#[test]
fn inspect_076_object_1n() {
    check(r#"Object(1n)"#, expect![[r#"[BigInt: 1n]"#]]);
}

#[test]
fn inspect_077_object_symbol_q() {
    check(
        r#"Object(Symbol('q'))"#,
        expect![[r#"[Symbol: Symbol(q)]"#]],
    );
}

#[test]
fn inspect_078_symbol_tostringtag_tag() {
    check(
        r#"({[Symbol.toStringTag]: 'Tag'})"#,
        expect![[r#"{ [Symbol(Symbol.toStringTag)]: 'Tag' }"#]],
    );
}

// Diverges from Node: a `Symbol.toStringTag` getter is not run, so no `[Y]` tag.
#[test]
fn inspect_079_class_x_get_symbol_tostringtag_return_y() {
    check(
        r#"(() => { class X { get [Symbol.toStringTag]() { return 'Y'; } }; return new X(); })()"#,
        expect!["X {}"],
    );
}

#[test]
fn inspect_080_get_a_return_1_set_b_v_get_c_return_1_se() {
    check(
        r#"({get a() { return 1; }, set b(v) {}, get c() { return 1; }, set c(v) {}})"#,
        expect![[r#"{ a: [Getter], b: [Setter], c: [Getter/Setter] }"#]],
    );
}

#[test]
fn inspect_081_a_undefined_b_null_c_undefined() {
    check(
        r#"({a: undefined, b: null, c: [undefined]})"#,
        expect![[r#"{ a: undefined, b: null, c: [ undefined ] }"#]],
    );
}

#[test]
fn inspect_082_nested_arr_1_2_deep_deeper_true() {
    check(
        r#"({nested: {arr: [1, 2, {deep: {deeper: true}}]}})"#,
        expect![[r#"{ nested: { arr: [ 1, 2, [Object] ] } }"#]],
    );
}

#[test]
fn inspect_083_1_2_3_4() {
    check(
        r#"[[1, [2, [3, [4]]]]]"#,
        expect![[r#"[ [ 1, [ 2, [Array] ] ] ]"#]],
    );
}

#[test]
fn inspect_084_m_new_map_1_a_b_1() {
    check(
        r#"({m: new Map([[1, {a: {b: 1}}]])})"#,
        expect![[r#"{ m: Map(1) { 1 => { a: [Object] } } }"#]],
    );
}

// Diverges from Node on purpose: nested errors print `[Name: message]`, not their stack.
#[test]
fn inspect_085_e_new_error_inner() {
    check(
        r#"({e: new Error('inner')})"#,
        expect!["{ e: [Error: inner] }"],
    );
}

// Diverges from Node on purpose: nested errors print `[Name: message]`, not their stack.
#[test]
fn inspect_086_new_typeerror_t() {
    check(r#"[new TypeError('t')]"#, expect!["[ [TypeError: t] ]"]);
}

#[test]
fn inspect_087_f_function_bar_g_class_h() {
    check(
        r#"({f: function bar() {}, g: class {}, h: () => {}})"#,
        expect![[r#"{ f: [Function: bar], g: [class g], h: [Function: h] }"#]],
    );
}

#[test]
fn inspect_088_object_defineproperty_hidden_value_1_enu() {
    check(
        r#"Object.defineProperty({}, 'hidden', {value: 1, enumerable: false})"#,
        expect![[r#"{}"#]],
    );
}

#[test]
fn inspect_089_proto_null_x_1() {
    check(
        r#"({__proto__: null, x: 1})"#,
        expect![[r#"[Object: null prototype] { x: 1 }"#]],
    );
}

#[test]
fn inspect_090_proto_1() {
    check(r#"({'__proto__': 1})"#, expect![[r#"{}"#]]);
}

#[test]
fn inspect_091_new_date_0() {
    check(
        r#"[new Date(0)]"#,
        expect![[r#"[ 1970-01-01T00:00:00.000Z ]"#]],
    );
}

#[test]
fn inspect_092_d_new_date_0_r_x() {
    check(
        r#"({d: new Date(0), r: /x/})"#,
        expect![[r#"{ d: 1970-01-01T00:00:00.000Z, r: /x/ }"#]],
    );
}

#[test]
fn inspect_093_u_new_uint8array_3() {
    check(
        r#"({u: new Uint8Array(3)})"#,
        expect![[r#"{ u: Uint8Array(3) [ 0, 0, 0 ] }"#]],
    );
}

#[test]
fn inspect_094_1_5_0_nan() {
    check(r#"[1.5, -0, NaN]"#, expect![[r#"[ 1.5, -0, NaN ]"#]]);
}

#[test]
fn inspect_095_a_promise_resolve_x_1() {
    check(
        r#"({a: Promise.resolve({x: 1})})"#,
        expect![[r#"{ a: Promise { { x: 1 } } }"#]],
    );
}

#[test]
fn inspect_096_und_it_s_bt_a_b_c_esc_a_b_c_d() {
    check(
        r#"({und: 'it\'s', bt: 'a\'b"c', esc: 'a\'b"c`d'})"#,
        expect![[r#"{ und: "it's", bt: `a'b"c`, esc: 'a\'b"c`d' }"#]],
    );
}

#[test]
fn inspect_097_new_class_foo_extends_map_1_2() {
    check(
        r#"new (class Foo extends Map {})([[1, 2]])"#,
        expect![[r#"Foo(1) [Map] { 1 => 2 }"#]],
    );
}

#[test]
fn inspect_098_new_class_bar_extends_array_3_fill_0() {
    check(
        r#"new (class Bar extends Array {})(3).fill(0)"#,
        expect![[r#"Bar(3) [ 0, 0, 0 ]"#]],
    );
}

#[test]
fn inspect_099_object_assign_new_map_1_2_extra_true() {
    check(
        r#"Object.assign(new Map([[1,2]]), {extra: true})"#,
        expect![[r#"Map(1) { 1 => 2, extra: true }"#]],
    );
}

#[test]
fn inspect_100_object_assign_re_x_1() {
    check(
        r#"Object.assign(/re/, {x: 1})"#,
        expect![[r#"/re/ { x: 1 }"#]],
    );
}

#[test]
fn inspect_101_object_assign_new_date_0_x_1() {
    check(
        r#"Object.assign(new Date(0), {x: 1})"#,
        expect![[r#"1970-01-01T00:00:00.000Z { x: 1 }"#]],
    );
}

#[test]
fn inspect_102_object_assign_new_number_1_x_1() {
    check(
        r#"Object.assign(new Number(1), {x: 1})"#,
        expect![[r#"[Number: 1] { x: 1 }"#]],
    );
}

#[test]
fn inspect_103_new_string_ab() {
    check(r#"new String('ab')"#, expect![[r#"[String: 'ab']"#]]);
}

#[test]
fn inspect_104_object_assign_length_0() {
    check(r#"Object.assign([], {length: 0})"#, expect![[r#"[]"#]]);
}

#[test]
fn inspect_105_array_5() {
    check(r#"Array(5)"#, expect![[r#"[ <5 empty items> ]"#]]);
}

#[test]
fn inspect_106_x() {
    check(r#"[[]]"#, expect![[r#"[ [] ]"#]]);
}

#[test]
fn inspect_107_x() {
    check(r#"[{}]"#, expect![[r#"[ {} ]"#]]);
}

#[test]
fn inspect_108_a() {
    check(r#"({a: []})"#, expect![[r#"{ a: [] }"#]]);
}

#[test]
fn inspect_109_1_two_3_four_4_null_undefined_true() {
    check(
        r#"[1, 'two', [3], {four: 4}, null, undefined, true]"#,
        expect![[r#"[ 1, 'two', [ 3 ], { four: 4 }, null, undefined, true ]"#]],
    );
}

#[test]
fn inspect_110_array_from_length_8_i_i() {
    check(
        r#"Array.from({length: 8}, (_, i) => ({i}))"#,
        expect![[r#"
            [
              { i: 0 }, { i: 1 },
              { i: 2 }, { i: 3 },
              { i: 4 }, { i: 5 },
              { i: 6 }, { i: 7 }
            ]"#]],
    );
}

#[test]
fn inspect_111_array_from_length_100_i_i_i() {
    check(
        r#"Array.from({length: 100}, (_, i) => i * i)"#,
        expect![[r#"
            [
                 0,    1,    4,    9,   16,   25,   36,   49,   64,   81,
               100,  121,  144,  169,  196,  225,  256,  289,  324,  361,
               400,  441,  484,  529,  576,  625,  676,  729,  784,  841,
               900,  961, 1024, 1089, 1156, 1225, 1296, 1369, 1444, 1521,
              1600, 1681, 1764, 1849, 1936, 2025, 2116, 2209, 2304, 2401,
              2500, 2601, 2704, 2809, 2916, 3025, 3136, 3249, 3364, 3481,
              3600, 3721, 3844, 3969, 4096, 4225, 4356, 4489, 4624, 4761,
              4900, 5041, 5184, 5329, 5476, 5625, 5776, 5929, 6084, 6241,
              6400, 6561, 6724, 6889, 7056, 7225, 7396, 7569, 7744, 7921,
              8100, 8281, 8464, 8649, 8836, 9025, 9216, 9409, 9604, 9801
            ]"#]],
    );
}

// Top-level errors print boa's stack (frames differ from V8's, format matches).
#[test]
fn inspect_112_new_error_boom() {
    check(
        r#"new Error('boom')"#,
        expect![[r#"
            Error: boom
                at <main> (unknown at :1:1)"#]],
    );
}

// Top-level errors print boa's stack (frames differ from V8's, format matches).
#[test]
fn inspect_113_object_assign_new_error_boom_code_e() {
    check(
        r#"Object.assign(new Error('boom'), {code: 'E'})"#,
        expect![[r#"
            Error: boom
                at <main> (unknown at :1:15) {
              code: 'E'
            }"#]],
    );
}

// Top-level errors print boa's stack (frames differ from V8's, format matches).
#[test]
fn inspect_114_new_error_x_cause_1() {
    check(
        r#"new Error('x', {cause: 1})"#,
        expect![[r#"
            Error: x
                at <main> (unknown at :1:1) {
              [cause]: 1
            }"#]],
    );
}

// Top-level errors print boa's stack (frames differ from V8's, format matches).
#[test]
fn inspect_115_class_myerr_extends_error_new_myerr_x() {
    check(
        r#"class MyErr extends Error {}; new MyErr('x')"#,
        expect![[r#"
            MyErr [Error]: x
                at MyErr (unknown at :?:?)
                at <main> (unknown at :1:31)"#]],
    );
}

// Top-level errors print boa's stack (frames differ from V8's, format matches).
#[test]
fn inspect_116_class_validationerror_extends_error_cons() {
    check(
        r#"class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; } }; new ValidationError('bad')"#,
        expect![[r#"
            ValidationError: bad
                at ValidationError (unknown at :1:39)
                at <main> (unknown at :1:102)"#]],
    );
}

#[test]
fn inspect_117_const_e_new_rangeerror_r_e_stack_custom() {
    check(
        r#"(() => { const e = new RangeError('r'); e.stack = 'custom stack'; return e; })()"#,
        expect![[r#"[custom stack]"#]],
    );
}

// Diverges from Node: boa 0.22 has no public way to reach a Proxy target without traps.
#[test]
fn inspect_118_new_proxy_a_1() {
    check(r#"new Proxy({a: 1}, {})"#, expect!["[Proxy]"]);
}

// Diverges from Node: boa 0.22 has no public way to reach a Proxy target without traps.
#[test]
fn inspect_119_new_proxy_function() {
    check(r#"new Proxy(function () {}, {})"#, expect!["[Proxy]"]);
}

// Diverges from Node (`{ p: [] }`): Proxies print as `[Proxy]`; the throwing trap is not run.
#[test]
fn inspect_120_p_new_proxy_get_throw_new_error_trap() {
    check(
        r#"({p: new Proxy([], {get() { throw new Error('trap'); }})})"#,
        expect!["{ p: [Proxy] }"],
    );
}

#[test]
fn inspect_121_const_o_object_defineproperty_o_x_get_th() {
    check(
        r#"(() => { const o = {}; Object.defineProperty(o, 'x', {get() { throw new Error('no'); }, enumerable: true}); return o; })()"#,
        expect![[r#"{ x: [Getter] }"#]],
    );
}

#[test]
fn inspect_122_globalthis_length() {
    check(r#"globalThis.length"#, expect![[r#"undefined"#]]);
}

#[test]
fn inspect_123_array_from_length_3_array_from_length_3() {
    check(
        r#"Array.from({length: 3}, () => Array.from({length: 3}, () => 'abcdefghijklmnop'))"#,
        expect![[r#"
            [
              [ 'abcdefghijklmnop', 'abcdefghijklmnop', 'abcdefghijklmnop' ],
              [ 'abcdefghijklmnop', 'abcdefghijklmnop', 'abcdefghijklmnop' ],
              [ 'abcdefghijklmnop', 'abcdefghijklmnop', 'abcdefghijklmnop' ]
            ]"#]],
    );
}

#[test]
fn inspect_124_a_1_b_c_2_d_e_3_f_g_4() {
    check(
        r#"({a: 1, b: {c: 2, d: {e: 3, f: {g: 4}}}})"#,
        expect![[r#"{ a: 1, b: { c: 2, d: { e: 3, f: [Object] } } }"#]],
    );
}

#[test]
fn inspect_125_function_f_class_k() {
    check(
        r#"[function f() {}, class K {}]"#,
        expect![[r#"[ [Function: f], [class K] ]"#]],
    );
}

#[test]
fn inspect_126_object_assign_a_1() {
    check(
        r#"Object.assign(() => {}, {a: 1})"#,
        expect![[r#"[Function (anonymous)] { a: 1 }"#]],
    );
}

#[test]
fn inspect_127_function_return_arguments_1_2() {
    check(
        r#"(function () { return arguments; })(1, 2)"#,
        expect!["[Arguments] [ 1, 2 ]"],
    );
    check(
        r#"(function () { 'use strict'; return arguments; })()"#,
        expect!["[Arguments] []"],
    );
    // Looks like one only when built to.
    check(
        r#"({ callee: 1, length: 0 })"#,
        expect!["{ callee: 1, length: 0 }"],
    );
}

#[test]
fn inspect_128_symbol_a_10n() {
    check(r#"[Symbol('a'), 10n]"#, expect![[r#"[ Symbol(a), 10n ]"#]]);
}

#[test]
fn inspect_129_new_map_k_new_map_k2_new_map_k3_new_map() {
    check(
        r#"new Map([['k', new Map([['k2', new Map([['k3', new Map()]])]])]])"#,
        expect![[r#"Map(1) { 'k' => Map(1) { 'k2' => Map(1) { 'k3' => Map(0) {} } } }"#]],
    );
}

#[test]
fn inspect_130_x_repeat_10() {
    check(r#"'x'.repeat(10)"#, expect![[r#"'xxxxxxxxxx'"#]]);
}

#[test]
fn inspect_131_a_repeat_30_b_repeat_30_c_repeat_30() {
    check(
        r#"[ 'a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30) ]"#,
        expect![[r#"
            [
              'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
              'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
              'cccccccccccccccccccccccccccccc'
            ]"#]],
    );
}

#[test]
fn inspect_132_a_x_repeat_60_b_1() {
    check(
        r#"({ 'a': 'x'.repeat(60), b: 1 })"#,
        expect![[r#"
            {
              a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
              b: 1
            }"#]],
    );
}

#[test]
fn inspect_133_object_assign_object_create_inherited_1() {
    check(
        r#"Object.assign(Object.create({inherited: 1}), {own: 2})"#,
        expect![[r#"{ own: 2 }"#]],
    );
}

#[test]
fn inspect_134_new_function_legacy_this_v_1() {
    check(
        r#"new (function Legacy() { this.v = 1; })()"#,
        expect![[r#"Legacy { v: 1 }"#]],
    );
}

// Diverges from Node (`Object <[Object: null prototype] {}> {}`): simplified constructor name.
#[test]
fn inspect_135_object_create_object_create_null() {
    check(r#"Object.create(Object.create(null))"#, expect!["{}"]);
}
