//! Options, adversarial objects (getters, traps) and the built-ins Node prints specially.

use super::*;
use boa_engine::Source;
use expect_test::{Expect, expect};

/// A context with what the engine adds that printing depends on (boa's own error frames).
fn engine_context() -> Context {
    let mut context = Context::default();
    crate::runtime::error_stack::register(&mut context).expect("error stacks");
    context
}

fn run(js: &str, options: &InspectOptions) -> (String, Context) {
    let mut context = engine_context();
    let value = context.eval(Source::from_bytes(js)).expect("eval");
    let text = inspect(&value, options, &mut context);
    (text, context)
}

fn check_with(js: &str, options: &InspectOptions, expect: Expect) {
    expect.assert_eq(&run(js, options).0);
}

fn check_type(js: &str, expect: Expect) {
    let mut context = engine_context();
    let value = context.eval(Source::from_bytes(js)).expect("eval");
    expect.assert_eq(&type_name(&value, &mut context));
}

#[test]
fn data_views_show_their_window_like_nodes() {
    check_with(
        "new DataView(new ArrayBuffer(4), 1, 2)",
        &InspectOptions::default(),
        expect![[r#"
            DataView {
              byteLength: 2,
              byteOffset: 1,
              buffer: ArrayBuffer { [Uint8Contents]: <00 00 00 00>, byteLength: 4 }
            }"#]],
    );
}

#[test]
fn an_errors_cause_is_printed_with_its_stack_and_other_nested_errors_briefly() {
    let js = "function inner() { return new RangeError('c'); }\n\
              new Error('a', { cause: new Error('b', { cause: inner() }) })";
    let (text, _) = run(js, &InspectOptions::default());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Error: a");
    assert!(lines[1].starts_with("    at "), "{text}");
    assert_eq!(lines[2], "  [cause]: Error: b");
    assert!(lines[3].starts_with("      at "), "{text}");
    assert_eq!(lines[4], "    [cause]: RangeError: c");
    assert!(lines[5].starts_with("        at inner "), "{text}");
    let (text, _) = run("({ e: new Error('x') })", &InspectOptions::default());
    assert_eq!(text, "{ e: [Error: x] }");
}

#[test]
fn getters_and_traps_are_not_run() {
    let js = r#"
        globalThis.calls = 0;
        const o = { get a() { calls++; return 1; }, toString() { calls++; return 'x'; } };
        const p = new Proxy({}, { ownKeys() { calls++; return []; }, get() { calls++; } });
        ({ o, p, arr: [o], m: new Map([[o, p]]) })
    "#;
    let (text, mut context) = run(js, &InspectOptions::default());
    expect![[r#"
        {
          o: { a: [Getter], toString: [Function: toString] },
          p: [Proxy],
          arr: [ { a: [Getter], toString: [Function: toString] } ],
          m: Map(1) { { a: [Getter], toString: [Function: toString] } => [Proxy] }
        }"#]]
    .assert_eq(&text);
    let calls = context.eval(Source::from_bytes("calls")).expect("eval");
    assert_eq!(calls.as_number(), Some(0.0));
}

#[test]
fn global_this_does_not_explode() {
    let (text, _) = run("globalThis", &InspectOptions::default());
    assert!(text.len() < 10_000, "{}", text.len());
}

#[test]
fn deep_nesting_is_cut_by_depth() {
    let js = "let o = {}; for (let i = 0; i < 100000; i++) o = { o }; o";
    check_with(
        js,
        &InspectOptions::default(),
        expect!["{ o: { o: { o: [Object] } } }"],
    );
}

#[test]
fn huge_array_is_truncated() {
    let js = "Array.from({ length: 1000 }, (_, i) => i)";
    let (text, _) = run(js, &InspectOptions::default());
    assert!(text.ends_with("... 900 more items\n]"), "{text}");
}

#[test]
fn huge_sparse_array() {
    check_with(
        "const a = []; a[1e6] = 1; a",
        &InspectOptions::default(),
        expect!["[ <1000000 empty items>, 1 ]"],
    );
}

#[test]
fn option_max_array_length() {
    let options = InspectOptions {
        max_array_length: 2,
        ..InspectOptions::default()
    };
    check_with(
        "[1, 2, 3, 4]",
        &options,
        expect!["[ 1, 2, ... 2 more items ]"],
    );
    check_with(
        "new Set([1, 2, 3])",
        &options,
        expect!["Set(3) { 1, 2, ... 1 more item }"],
    );
}

#[test]
fn option_max_string_length() {
    let options = InspectOptions {
        max_string_length: 3,
        ..InspectOptions::default()
    };
    check_with(
        "'abcdefghijklmno'",
        &options,
        expect!["'abc'... 12 more characters"],
    );
}

#[test]
fn option_show_hidden() {
    let options = InspectOptions {
        show_hidden: true,
        ..InspectOptions::default()
    };
    check_with("[1]", &options, expect!["[ 1, [length]: 1 ]"]);
    check_with(
        "Object.defineProperty({a: 1}, 'h', {value: 2})",
        &options,
        expect!["{ a: 1, [h]: 2 }"],
    );
}

#[test]
fn option_depth() {
    let options = InspectOptions {
        depth: 0,
        ..InspectOptions::default()
    };
    check_with(
        "({a: {b: 1}, c: [1]})",
        &options,
        expect!["{ a: [Object], c: [Array] }"],
    );
}

#[test]
fn type_names() {
    check_type("undefined", expect!["undefined"]);
    check_type("null", expect!["null"]);
    check_type("true", expect!["boolean"]);
    check_type("1.5", expect!["number"]);
    check_type("1n", expect!["bigint"]);
    check_type("'s'", expect!["string"]);
    check_type("Symbol()", expect!["symbol"]);
    check_type("(() => {})", expect!["function"]);
    check_type("class A {}; A", expect!["function"]);
    check_type("({})", expect!["Object"]);
    check_type("[]", expect!["Array"]);
    check_type("new Map()", expect!["Map"]);
    check_type("new Set()", expect!["Set"]);
    check_type("new Date()", expect!["Date"]);
    check_type("/x/", expect!["RegExp"]);
    check_type("new Error()", expect!["Error"]);
    check_type("new TypeError()", expect!["TypeError"]);
    check_type("Promise.resolve()", expect!["Promise"]);
    check_type("new Uint8Array()", expect!["Uint8Array"]);
    check_type("class Point {}; new Point()", expect!["Point"]);
    check_type("Object.create(null)", expect!["object"]);
    check_type("new Proxy({}, {})", expect!["object"]);
}

/// `compact` and `sorted`, each case checked against Node 20's `util.inspect`.
#[test]
fn compact_and_sorted_like_nodes() {
    let js = "({z: 1, a: {y: [3, 1, 2], b: {c: {d: 1}}}, m: new Map([['b', 1], ['a', 2]]), s: 'x'.repeat(50)})";
    let with = |compact: Compact, sorted: bool, break_length: usize| InspectOptions {
        compact,
        sorted,
        break_length,
        ..InspectOptions::default()
    };
    check_with(
        js,
        &with(Compact::Lines(0), false, 80),
        expect![[r#"
            {
              z: 1,
              a: {
                y: [
                  3,
                  1,
                  2
                ],
                b: {
                  c: [Object]
                }
              },
              m: Map(2) {
                'b' => 1,
                'a' => 2
              },
              s: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
            }"#]],
    );
    check_with(
        js,
        &with(Compact::Always, true, 40),
        expect![[r#"
            { a: { b: { c: [Object] }, y: [ 3, 1, 2 ] },
              m: Map(2) { 'a' => 2, 'b' => 1 },
              s:
               'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
              z: 1 }"#]],
    );
}
