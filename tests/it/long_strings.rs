//! Long strings: `String.prototype.repeat` as Node 20 has it (`string_repeat.js` run by Node gave
//! `string_repeat_node20.txt`), and strings past the memory cap or V8's longest string failing the call that
//! makes them, never the worker.

use vmjs_core::model::Template;

use super::{Env, assert_cell_same_as_node, value};

#[test]
fn string_repeat_is_nodes() {
    assert_cell_same_as_node(
        include_str!("string_repeat.js"),
        "out.join('\\n')",
        include_str!("string_repeat_node20.txt"),
    );
}

/// `JSON.stringify` and `repeat` build their strings only as far as the memory cap allows and no further
/// than V8's longest string: past either, the call throws a `RangeError` the cell can catch, and the session
/// keeps its values (an infallible allocation ended the worker).
#[test]
fn strings_past_the_memory_cap_or_v8s_longest_string_are_range_errors() {
    let env = Env::new();
    // Shared parts: a small value whose text is 32 copies of a 4 Mi-character string (128 MiB).
    let doubled = "let s = 'x'.repeat(2 ** 22), a = [s]; for (let i = 0; i < 5; i++) a = [a, a];";
    let caught = "let r; try { JSON.stringify(a); r = 'no error' } catch (e) { r = `${e.name}: ${e.message}` } r";
    let mut template = Template::new("t");
    template.limits.mem_mb = 96;
    template.limits.wall_ms = Some(20_000);
    let capped = env.session(template);
    assert_eq!(value(&capped, "var kept = 5; kept"), "5");
    let said = value(&capped, &format!("{doubled} {caught}"));
    assert!(
        said.starts_with("\"RangeError: Out of memory: the text of JSON.stringify ("),
        "{said}"
    );
    assert!(
        said.ends_with("does not fit in the session's memory limit\""),
        "{said}"
    );
    assert_eq!(value(&capped, "kept * 2"), "10");
    // boa's repeat asked for 24 bytes a repetition: 96 MiB for this 4 MiB string, the end of the worker.
    assert_eq!(value(&capped, "'x'.repeat(2 ** 22).length"), "4194304");
    assert_eq!(
        value(
            &capped,
            "try { 'x'.repeat(2 ** 27) } catch (e) { `${e.name}: ${e.message}` }"
        ),
        "\"RangeError: Out of memory: the result of String.prototype.repeat (134217728 characters) \
         does not fit in the session's memory limit\""
    );
    assert_eq!(
        value(&capped, "JSON.stringify({ a: [1] })"),
        r#"'{"a":[1]}'"#
    );

    // 32 copies of 2^24 characters: longer than V8's 2^29 - 24 (Node's error, word for word).
    let mut template = Template::new("t");
    template.limits.mem_mb = 2048;
    template.limits.wall_ms = Some(60_000);
    let roomy = env.session(template);
    assert_eq!(value(&roomy, "var kept = 6; kept"), "6");
    let longer = doubled.replace("2 ** 22", "2 ** 24");
    assert_eq!(
        value(&roomy, &format!("{longer} {caught}")),
        "'RangeError: Invalid string length'"
    );
    assert_eq!(value(&roomy, "kept"), "6");
}
