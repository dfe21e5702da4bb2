//! Node's wording for the errors boa raises, wherever user code or the user meets them: an error a `catch`
//! block receives (the hook [`analysis::CAUGHT_HOOK`] that instrumented code calls first in each block) and a
//! reported one (the engine, before it describes the error).
//!
//! Code written for Node, Deno and browsers prints `e.message` and sometimes tests it; notebooks print what
//! failed. boa's messages say less (`not a callable function`) or say it differently (`cannot mutate an
//! immutable binding 'k'`). Two sources make Node's message:
//! - where boa's message does not name what failed, the code at the error's position does
//!   ([`SourceMaps::explain_error`]: `o.method is not a function`, `X is not a constructor`, `o.items is not
//!   iterable`);
//! - other messages have a fixed Node wording ([`reword`]).
//!
//! (A property read or write on `undefined` or `null` is boa's own message, in V8's words: vmjs patches boa,
//! `vendor/boa_engine/VMJS-PATCH.md`.)
//!
//! Messages are changed once, on the error object itself (`message`, and `stack` if it was read already);
//! errors user code made with its own message are never touched (only boa's exact wordings are matched).

use std::rc::Rc;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{
    Context, JsArgs, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
    js_string,
};

use super::error_stack;
use super::lazy::{define_accessor_on, define_hidden_on, wrap_method};
use super::props::own_desc;
use super::source_maps::SourceMaps;
use crate::analysis;
use crate::stack::{Frame, parse_frames};

/// Node's message for an error boa raised as `name` with `message`, thrown at `innermost()` (a frame of the
/// code that ran, before any mapping back; only asked for when the message needs a position); `None` when
/// boa's is as good or there is nothing better to say.
pub(super) fn reworded(
    name: &str,
    message: &str,
    innermost: impl FnOnce() -> Option<Frame>,
    ran: &SourceMaps,
) -> Option<String> {
    if analysis::is_vague_error(name, message)
        && let Some(frame) = innermost()
        && let Some(explained) = ran.explain_error(&frame.file, site_of(&frame), name, message)
    {
        return Some(explained);
    }
    reword(name, message)
}

/// Where `frame` says an error was raised: its position, or its function when boa recorded none.
fn site_of(frame: &Frame) -> analysis::Site<'_> {
    match (frame.line, frame.column) {
        (Some(line), Some(column)) => analysis::Site::At { line, column },
        _ => analysis::Site::Unplaced {
            function: &frame.function,
        },
    }
}

/// Node's fixed wording of a boa message that needs no position (`None` for any other message).
fn reword(name: &str, message: &str) -> Option<String> {
    let fixed = match (name, message) {
        ("TypeError", "can't convert symbol to string") => {
            "Cannot convert a Symbol value to a string"
        }
        ("TypeError", "class constructor cannot be invoked without 'new'") => {
            "Class constructor cannot be invoked without 'new'"
        }
        ("TypeError", "cannot serialize bigint to JSON") => "Do not know how to serialize a BigInt",
        ("TypeError", "cyclic object value") => "Converting circular structure to JSON",
        ("TypeError", "cannot mix BigInt and other types, use explicit conversions") => {
            "Cannot mix BigInt and other types, use explicit conversions"
        }
        ("TypeError", "right-hand side of 'instanceof' is not callable") => {
            "Right-hand side of 'instanceof' is not callable"
        }
        ("TypeError", "Object.defineProperty: expected 'this' to be an Object") => {
            "Object.defineProperty called on non-object"
        }
        // When the code does not say what was destructured (see `analysis::explain_error`).
        ("TypeError", "Cannot destructure 'undefined' value") => {
            "Cannot destructure 'undefined' as it is undefined."
        }
        ("TypeError", "Cannot destructure 'null' value") => {
            "Cannot destructure 'null' as it is null."
        }
        ("RangeError", "invalid array length" | "bad length for array") => "Invalid array length",
        (
            "URIError",
            "invalid escape character found"
            | "trying to encode an invalid string"
            | "invalid hexadecimal digit found"
            | "invalid escaped character found"
            | "non-terminated escape character found"
            | "escape characters must be preceded with a % sign"
            | "invalid UTF-8 encoding found",
        ) => "URI malformed",
        ("TypeError", "argument must not be a bigint") => {
            "Cannot convert a BigInt value to a number"
        }
        ("TypeError", "argument must not be a symbol") => {
            "Cannot convert a Symbol value to a number"
        }
        ("TypeError", "cannot convert object to primitive value") => {
            "Cannot convert object to primitive value"
        }
        ("RangeError", "radix must be an integer at least 2 and no greater than 36") => {
            "toString() radix argument must be between 2 and 36"
        }
        (
            "TypeError",
            "Proxy constructor called with non-object target"
            | "Proxy constructor called with non-object handler",
        ) => "Cannot create proxy with a non-object as target or handler",
        ("RangeError", "BigInt division by zero") => "Division by zero",
        (
            "TypeError",
            "Array.prototype.reduce: called on an empty array and with no initial value"
            | "Array.prototype.reduceRight: called on an empty array and with no initial value",
        ) => "Reduce of empty array with no initial value",
        ("TypeError", _) if message.starts_with("cannot mutate an immutable binding '") => {
            "Assignment to constant variable."
        }
        ("TypeError", _)
            if message
                .starts_with("right-hand side of 'instanceof' should be an object, got `") =>
        {
            "Right-hand side of 'instanceof' is not an object"
        }
        ("SyntaxError", _) => {
            let text = message
                .strip_prefix("cannot convert string '")?
                .strip_suffix("' to bigint primitive")?;
            return Some(format!("Cannot convert {text} to a BigInt"));
        }
        ("RangeError", _) => {
            let number = message
                .strip_prefix("cannot convert ")?
                .strip_suffix(" to a BigInt")?;
            return Some(format!(
                "The number {number} cannot be converted to a BigInt because it is not an integer"
            ));
        }
        _ => return None,
    };
    Some(fixed.to_owned())
}

/// Rewords the message of `error` (an error object boa made) as Node words it, on the object: its own
/// `message`, and the header of its own `stack` if that was read already.
pub(super) fn mend(error: &JsObject, context: &mut Context) {
    if !error.is::<boa_engine::builtins::error::Error>() {
        return;
    }
    let Some(message) = own_desc(error, &js_string!("message").into())
        .and_then(|descriptor| descriptor.value().and_then(JsValue::as_string))
        .map(|message| message.to_std_string_escaped())
    else {
        return;
    };
    let Some(name) = error
        .get(js_string!("name"), context)
        .ok()
        .and_then(|name| name.as_string())
        .map(|name| name.to_std_string_escaped())
    else {
        return;
    };
    let Some(ran) = SourceMaps::of(context) else {
        return;
    };
    let innermost = || {
        let frames = error_stack::frames(error, context)?;
        parse_frames(&frames).into_iter().next()
    };
    let Some(reworded) = reworded(&name, &message, innermost, &ran) else {
        return;
    };
    // As boa and V8 define them: writable, configurable, not enumerable; a frozen error keeps its own.
    let replace = |key: JsString, text: String, context: &mut Context| {
        let _ = define_hidden_on(error, key, JsString::from(text), context);
    };
    // V8 makes `stack` at the first read; one read before the `catch` keeps boa's words in its first line.
    let stack = own_desc(error, &js_string!("stack").into())
        .and_then(|descriptor| descriptor.value().and_then(JsValue::as_string))
        .map(|stack| stack.to_std_string_escaped());
    if let Some(rest) = stack
        .as_deref()
        .and_then(|stack| stack.strip_prefix(&error_stack::summary(&name, &message)))
    {
        let stack = format!("{}{rest}", error_stack::summary(&name, &reworded));
        replace(js_string!("stack"), stack, context);
    }
    replace(js_string!("message"), reworded, context);
}

/// [`mend`] for a value that may be an error (what `console.log` prints, a cell's value).
pub(super) fn mend_value(value: &JsValue, context: &mut Context) {
    if let Some(error) = value.as_object() {
        mend(&error, context);
    }
}

/// Defines the hook instrumented `catch` blocks call ([`analysis::CAUGHT_HOOK`]), reading what ran from `ran`;
/// hides its calls from `Function.prototype.toString`; and rewords an error at the first read of its `stack`
/// too, which is how code that got it outside a `catch` block (a `.catch(…)` callback) often shows it. Runs
/// after [`super::error_stack::register`], whose `stack` getter it wraps.
pub(super) fn register(ran: Rc<SourceMaps>, context: &mut Context) -> JsResult<()> {
    SourceMaps::keep_in(ran, context);
    let hook = NativeFunction::from_fn_ptr(|_, args, context| {
        mend_value(args.get_or_undefined(0), context);
        Ok(JsValue::undefined())
    })
    .to_js_function(context.realm());
    // Neither writable nor configurable: code that deletes or replaces globals must not break `catch` blocks.
    context.global_object().define_property_or_throw(
        JsString::from(analysis::CAUGHT_HOOK),
        PropertyDescriptor::builder()
            .value(hook)
            .writable(false)
            .enumerable(false)
            .configurable(false),
        context,
    )?;

    let error_prototype = context.intrinsics().constructors().error().prototype();
    let stack = own_desc(&error_prototype, &js_string!("stack").into())
        .ok_or_else(|| JsNativeError::typ().with_message("Error.prototype has no stack"))?;
    let stack_getter = stack
        .get()
        .and_then(JsValue::as_object)
        .ok_or_else(|| JsNativeError::typ().with_message("Error.prototype has no stack getter"))?;
    let getter = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |this, args, stack_getter: &JsObject, context| {
                mend_value(this, context);
                stack_getter.call(this, args, context)
            },
            stack_getter,
        ),
    )
    .name(js_string!("get stack"))
    .build();
    let setter = stack.set().and_then(JsValue::as_object);
    define_accessor_on(
        &error_prototype,
        js_string!("stack"),
        getter,
        setter,
        context,
    )?;

    // A rejection handler (`.then(f, onRejected)`, `.catch(onRejected)`, which calls `then`) receives the
    // error as a `catch` block does. `await` does not call `then`: its errors land in a `catch` block.
    let promise_prototype = context.intrinsics().constructors().promise().prototype();
    wrap_method(&promise_prototype, "then", then, context)?;

    let function_prototype = context.intrinsics().constructors().function().prototype();
    wrap_method(&function_prototype, "toString", function_to_string, context)
}

/// `Promise.prototype.then(onFulfilled, onRejected)` with [`mend`] before `onRejected`.
fn then(
    this: &JsValue,
    args: &[JsValue],
    then: &JsObject,
    context: &mut Context,
) -> JsResult<JsValue> {
    let Some(on_rejected) = args
        .get(1)
        .and_then(JsValue::as_object)
        .filter(JsObject::is_callable)
    else {
        return then.call(this, args, context);
    };
    let handler = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |this, args, on_rejected: &JsObject, context| {
                mend_value(args.get_or_undefined(0), context);
                on_rejected.call(this, args, context)
            },
            on_rejected,
        ),
    )
    .length(1)
    .build();
    let mut args = args.to_vec();
    args[1] = handler.into();
    then.call(this, &args, context)
}

/// `Function.prototype.toString` without the hook calls (a function's text as the user wrote it).
fn function_to_string(
    this: &JsValue,
    args: &[JsValue],
    original: &JsObject,
    context: &mut Context,
) -> JsResult<JsValue> {
    let text = original.call(this, args, context)?;
    let stripped = text
        .as_string()
        .and_then(|text| analysis::strip_hook_calls(&text.to_std_string_escaped()));
    Ok(stripped.map_or(text, |text| JsString::from(text).into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ExecutionKind;
    use crate::runtime::testing::TestEngine;

    /// What a cell that catches the error `failing` raises gives as `e.message`.
    fn caught(engine: &mut TestEngine, failing: &str) -> String {
        engine.value(&format!("try {{ {failing} }} catch (e) {{ e.message }}"))
    }

    #[test]
    fn caught_errors_read_as_node_words_them() {
        let mut engine = TestEngine::new();
        let cases = [
            ("const o = {}; o.method()", "'o.method is not a function'"),
            (
                "let u; u.foo.bar",
                "\"Cannot read properties of undefined (reading 'foo')\"",
            ),
            (
                "let u; u.foo = 1",
                "\"Cannot set properties of undefined (setting 'foo')\"",
            ),
            ("const X = 5; new X()", "'X is not a constructor'"),
            ("const k = 1; k = 2", "'Assignment to constant variable.'"),
            (
                "JSON.stringify({n: 1n})",
                "'Do not know how to serialize a BigInt'",
            ),
            (
                "[].reduce((a, b) => a)",
                "'Reduce of empty array with no initial value'",
            ),
            ("new Array(-1)", "'Invalid array length'"),
            ("const a = []; a.length = -1", "'Invalid array length'"),
            ("[1, 2].map(3)", "'3 is not a function'"),
            ("[1, 2].forEach()", "'undefined is not a function'"),
            ("decodeURIComponent('%')", "'URI malformed'"),
            ("encodeURIComponent('\\uD800')", "'URI malformed'"),
            (
                "(1).toString(1)",
                "'toString() radix argument must be between 2 and 36'",
            ),
            (
                "new Proxy({}, null)",
                "'Cannot create proxy with a non-object as target or handler'",
            ),
            (
                "Object.create(null) + ''",
                "'Cannot convert object to primitive value'",
            ),
            (
                "class A {}; A()",
                "\"Class constructor A cannot be invoked without 'new'\"",
            ),
            (
                "const f = () => { const y = tdz + 1; let tdz = 1 }; f()",
                "\"Cannot access 'tdz' before initialization\"",
            ),
            (
                "function g() { return later } g(); const later = 1",
                "\"Cannot access 'later' before initialization\"",
            ),
            // Assigned in the dead zone: a `const` too (boa said `Assignment to constant variable.`), and a
            // loop's head (boa ran on).
            (
                "(function () { k = 1; const k = 2 })()",
                "\"Cannot access 'k' before initialization\"",
            ),
            (
                "(function () { for (x of [1]) {} let x })()",
                "\"Cannot access 'x' before initialization\"",
            ),
            (
                "(function () { 'use strict'; undeclaredName = 1 })()",
                "'undeclaredName is not defined'",
            ),
            ("BigInt('1.5')", "'Cannot convert 1.5 to a BigInt'"),
            (
                "class C { #x; static f(o) { return o.#x } }; C.f({})",
                "'Cannot read private member #x from an object whose class did not declare it'",
            ),
            (
                "class C { #x; static f(o) { o.#x = 1 } }; C.f({})",
                "'Cannot write private member #x to an object whose class did not declare it'",
            ),
            // The user's own errors keep their words, boa's included.
            (
                "throw new TypeError('not a callable function')",
                "'not a callable function'",
            ),
            (
                "throw new Error('cyclic object value')",
                "'cyclic object value'",
            ),
        ];
        for (failing, expected) in cases {
            assert_eq!(caught(&mut engine, failing), expected, "{failing}");
        }
        // `String(e)`, `e.stack` and printing follow the message.
        assert_eq!(
            engine.value("try { null.x } catch (e) { [String(e), e.stack.split('\\n')[0]] }"),
            "[\n  \"TypeError: Cannot read properties of null (reading 'x')\",\n  \"TypeError: Cannot read properties of null (reading 'x')\"\n]"
        );
    }

    #[test]
    fn a_property_read_on_undefined_or_null_says_which_anywhere() {
        // boa says which (vendor/boa_engine/VMJS-PATCH.md): in a cell's top level, in functions, behind
        // getters and calls, without running anything again.
        let mut engine = TestEngine::new();
        engine.ok(
            "const data = { results: undefined, empty: null, rows: [{ a: null }] }; let u; \
             globalThis.reads = 0; const lazy = { get v() { reads++; return null } }",
        );
        let read = |what: &str, key: &str| {
            format!("TypeError: Cannot read properties of {what} (reading '{key}')")
        };
        for (cell, expected) in [
            ("data.results.length", read("undefined", "length")),
            ("data.empty.x", read("null", "x")),
            ("data.missing.x", read("undefined", "x")),
            ("data.rows[0].a.b", read("null", "b")),
            ("data['rows'][1].b", read("undefined", "b")),
            (
                "data.rows[0].a[Symbol.iterator]",
                read("null", "Symbol(Symbol.iterator)"),
            ),
            ("u.foo", read("undefined", "foo")),
            (
                "data.empty.x = 1",
                "TypeError: Cannot set properties of null (setting 'x')".to_owned(),
            ),
            ("(() => data.empty.x)()", read("null", "x")),
            (
                "{ const data = { results: null }; data.results.x }",
                read("null", "x"),
            ),
            ("lazy.v.x", read("null", "x")),
            ("[data][0].empty.x", read("null", "x")),
            ("data.missing.map((x) => x)", read("undefined", "map")),
            ("data.empty.map((x) => x)", read("null", "map")),
            ("u.foo.map((x) => x)", read("undefined", "foo")),
            (
                "(function (o) { return o.list.map((x) => x); })({})",
                read("undefined", "map"),
            ),
            (
                "(function (o) { return o.list.map((x) => x); })({ list: null })",
                read("null", "map"),
            ),
        ] {
            assert_eq!(engine.error(cell), expected, "{cell}");
        }
        // The getter ran once, when the cell read it.
        assert_eq!(engine.value("reads"), "1");
        // Caught, the error says the same, also to a clause that destructures it.
        assert_eq!(
            engine.value("try { data.empty.y } catch (e) { e.message }"),
            "\"Cannot read properties of null (reading 'y')\""
        );
        assert_eq!(
            engine.value(
                "(function () { try { return data.missing.map((x) => x) } catch ({ message: m, name }) { return `${name}: ${m}` } })()"
            ),
            "\"TypeError: Cannot read properties of undefined (reading 'map')\""
        );
        assert_eq!(engine.error("await null; data.empty.z"), read("null", "z"));
        // What is not a property read keeps V8's other words.
        assert_eq!(
            engine.error("delete data.empty.x"),
            "TypeError: Cannot convert undefined or null to object"
        );
        assert_eq!(
            engine.error("Object.keys(data.empty)"),
            "TypeError: Cannot convert undefined or null to object"
        );
    }

    #[test]
    fn a_binding_used_before_its_declaration_is_named_in_run_files() {
        // Cells declare their names first (a throwing initializer leaves no name in its dead zone for ever),
        // so this is about files, where boa says `x is not defined` at the top level.
        for (file, name) in [
            ("console.log(early);\nlet early = 1", "early"),
            (
                "show();\nconst early = 2;\nfunction show() { return early }",
                "early",
            ),
            ("new Early();\nclass Early {}", "Early"),
            ("early = 1;\nlet early = 2", "early"),
            ("function f() { inner = 1; let inner }\nf()", "inner"),
        ] {
            let (done, _) = TestEngine::new().run_kind(ExecutionKind::RunFile, file);
            let error = done.error.unwrap_or_else(|| panic!("{file}: no error"));
            assert_eq!(
                format!("{}: {}", error.name, error.message),
                format!("ReferenceError: Cannot access '{name}' before initialization"),
                "{file}"
            );
        }
        // A name the file does not declare is not defined, as Node says.
        let (done, _) = TestEngine::new().run_kind(ExecutionKind::RunFile, "missing + 1");
        assert_eq!(
            done.error.map(|error| error.message),
            Some("missing is not defined".to_owned())
        );
    }

    #[test]
    fn a_name_whose_declaration_threw_is_not_defined_in_later_cells() {
        let mut engine = TestEngine::new();
        assert_eq!(
            engine.error("let later = JSON.parse('{')"),
            "SyntaxError: Expected property name or '}' in JSON at position 1"
        );
        // As in Node's REPL, read or written; then declared again.
        for cell in ["later", "later = 1", "typeof later", "later.x"] {
            assert_eq!(
                engine.error(cell),
                "ReferenceError: later is not defined",
                "{cell}"
            );
        }
        assert_eq!(engine.value("let later = 2; later"), "2");
    }

    #[test]
    fn a_cell_whose_import_fails_undeclares_nothing_of_earlier_cells() {
        let root = tempfile::tempdir().expect("root");
        std::fs::write(root.path().join("m.mjs"), "export const here = 1;").expect("m.mjs");
        let mut engine = TestEngine::with_root(root.path());
        engine.ok("let kept;");
        assert!(
            engine
                .error("import { nope } from './m.mjs'")
                .contains("does not provide an export named 'nope'")
        );
        assert_eq!(engine.value("[kept]"), "[ undefined ]");
        // A name left undeclared stays so when the cell declaring it again fails at its imports.
        assert!(engine.error("let gone = null.x").starts_with("TypeError"));
        assert!(
            engine
                .error("import { nope } from './m.mjs'; let gone = 1")
                .contains("nope")
        );
        assert_eq!(engine.error("gone"), "ReferenceError: gone is not defined");
        assert_eq!(
            engine.value("import { here } from './m.mjs'; let gone = here; gone"),
            "1"
        );
    }

    #[test]
    fn iteration_and_destructuring_errors_name_what_failed_in_cells_and_catch_blocks() {
        let mut engine = TestEngine::new();
        // Uncaught at a cell's top level (boa gives no position there).
        for (cell, expected) in [
            (
                "const o = {};\nfor (const x of o.items) {}",
                "o.items is not iterable",
            ),
            (
                "const settings = {};\nconst {theme, size} = settings.display",
                "Cannot destructure property 'theme' of 'settings.display' as it is undefined.",
            ),
            ("const [first] = 42", "42 is not iterable"),
            (
                "new Set(5)",
                "number 5 is not iterable (cannot read property Symbol(Symbol.iterator))",
            ),
        ] {
            assert_eq!(
                engine.error(cell),
                format!("TypeError: {expected}"),
                "{cell}"
            );
        }
        // Caught, in a function defined by an earlier cell.
        engine.ok("function render({width, height}) { return width * height }\nfunction total(rows) {\n  let sum = 0;\n  for (const r of rows) sum += r;\n  return sum;\n}");
        assert_eq!(
            caught(&mut engine, "render()"),
            "\"Cannot destructure property 'width' of 'undefined' as it is undefined.\""
        );
        assert_eq!(caught(&mut engine, "total(7)"), "'rows is not iterable'");
    }

    #[test]
    fn an_error_thrown_in_an_earlier_cell_is_explained_from_that_cell() {
        let mut engine = TestEngine::new();
        engine.ok("function settingOf(config) {\n  return config.theme.dark\n}");
        engine.ok("async function later(f) { await null; f() }");
        assert_eq!(
            caught(&mut engine, "settingOf({})"),
            "\"Cannot read properties of undefined (reading 'dark')\""
        );
        // Through a rejected promise awaited in the `try`.
        assert_eq!(
            engine.value("let seen; try { await later(42) } catch (e) { seen = e.message }\nseen"),
            "'f is not a function'"
        );
    }

    #[test]
    fn a_stack_read_before_the_catch_gets_the_new_first_line() {
        let mut engine = TestEngine::new();
        // A `.catch` callback is not instrumented: it reads `stack` (V8 keeps it then) and throws the error on.
        let value = engine.value(
            "const p = Promise.resolve().then(() => { const o = {}; o.go() }).catch(e => { e.stack; throw e });\n\
             let seen; try { await p } catch (e) { seen = [e.message, e.stack.split('\\n')[0]] }\nseen",
        );
        assert_eq!(
            value,
            "[ 'o.go is not a function', 'TypeError: o.go is not a function' ]"
        );
    }

    #[test]
    fn errors_a_rejection_handler_receives_read_as_node_words_them() {
        let mut engine = TestEngine::new();
        let (_, events) = engine.run(
            "Promise.resolve({}).then(o => o.run()).catch(e => console.log(e.stack.split('\\n')[0]))\n\
             Promise.resolve(null).then(o => o.name).catch(e => console.error(e))\n\
             Promise.reject(new Error('mine')).then(null, e => console.log(String(e)))\n\
             Promise.resolve().then(() => new (void 0)()).then(null, e => console.log(e.message))",
        );
        let printed: Vec<String> = events
            .iter()
            .filter_map(|event| match event {
                crate::model::EventBody::Console { text, .. } => {
                    text.lines().next().map(str::to_owned)
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            printed,
            [
                // Rejected at once: its handler runs first.
                "Error: mine",
                "TypeError: o.run is not a function",
                "TypeError: Cannot read properties of null (reading 'name')",
                "(void 0) is not a constructor",
            ]
        );
    }

    #[test]
    fn functions_print_as_written() {
        let mut engine = TestEngine::new();
        engine.ok("function f(o) { try { return o.x.y } catch (e) { return e.message } }");
        assert_eq!(
            engine.value("String(f)"),
            "'function f(o) { try { return o.x.y } catch (e) { return e.message } }'"
        );
        assert_eq!(
            engine.value("[Function.prototype.toString.name, Function.prototype.toString.length, String(Math.max)]"),
            "[ 'toString', 0, 'function max() { [native code] }' ]"
        );
    }

    #[test]
    fn code_that_deletes_or_replaces_globals_does_not_break_catch_blocks() {
        let mut engine = TestEngine::new();
        engine.ok(&format!(
            "delete globalThis.{0}; globalThis.{0} = 1; Object.keys(globalThis).length",
            analysis::CAUGHT_HOOK
        ));
        assert_eq!(
            caught(&mut engine, "null.x"),
            "\"Cannot read properties of null (reading 'x')\""
        );
    }

    #[test]
    fn the_hook_is_not_offered_for_completion() {
        let mut engine = TestEngine::new();
        let names = engine.engine.global_names();
        assert!(names.iter().any(|name| name == "structuredClone"));
        assert!(!names.iter().any(|name| name == analysis::CAUGHT_HOOK));
    }

    #[test]
    fn positions_after_the_inserted_call_stay_the_users() {
        for kind in [ExecutionKind::Repl, ExecutionKind::RunFile] {
            let mut engine = TestEngine::new();
            let (done, _) = engine.run_kind(kind, "let a = 1\ntry { a() } catch (e) { null.x }");
            let error = done.error.expect("an error");
            assert_eq!(
                error.message,
                "Cannot read properties of null (reading 'x')"
            );
            assert_eq!((error.line, error.column), (Some(2), Some(30)), "{kind:?}");
        }
    }

    #[test]
    fn modules_of_the_root_are_instrumented_and_packages_are_not() {
        let root = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            root.path().join("lib.js"),
            "export function first(rows) {\n  try { return rows.run() } catch (e) { return e.message }\n}",
        )
        .expect("write lib");
        let package = root.path().join("node_modules/pkg");
        std::fs::create_dir_all(&package).expect("package dir");
        std::fs::write(
            package.join("package.json"),
            r#"{"name": "pkg", "type": "module", "exports": "./index.js"}"#,
        )
        .expect("write package.json");
        std::fs::write(
            package.join("index.js"),
            "export function first(rows) { try { return rows.run() } catch (e) { return e.message } }",
        )
        .expect("write index");
        let mut engine = TestEngine::with_root(root.path());
        assert_eq!(
            engine.value("import { first } from './lib.js'; first([])"),
            "'rows.run is not a function'"
        );
        assert_eq!(
            engine.value("import { first as theirs } from 'pkg'; theirs([])"),
            "'not a callable function'"
        );
    }

    #[test]
    fn rewords_only_boas_exact_messages() {
        let cases = [
            (
                "TypeError",
                "cannot mutate an immutable binding 'k'",
                Some("Assignment to constant variable."),
            ),
            (
                "TypeError",
                "can't convert symbol to string",
                Some("Cannot convert a Symbol value to a string"),
            ),
            (
                "TypeError",
                "cyclic object value",
                Some("Converting circular structure to JSON"),
            ),
            (
                "TypeError",
                "cannot serialize bigint to JSON",
                Some("Do not know how to serialize a BigInt"),
            ),
            (
                "TypeError",
                "right-hand side of 'instanceof' should be an object, got `number`",
                Some("Right-hand side of 'instanceof' is not an object"),
            ),
            (
                "RangeError",
                "invalid array length",
                Some("Invalid array length"),
            ),
            (
                "RangeError",
                "cannot convert 1.5 to a BigInt",
                Some("The number 1.5 cannot be converted to a BigInt because it is not an integer"),
            ),
            // Same words, another kind, or the user's own message: untouched.
            ("Error", "invalid array length", None),
            ("RangeError", "cannot convert to a BigInt", None),
            ("TypeError", "Assignment to constant variable.", None),
            ("TypeError", "my own message", None),
        ];
        for (name, message, expected) in cases {
            assert_eq!(
                reword(name, message).as_deref(),
                expected,
                "{name}: {message}"
            );
        }
    }
}
