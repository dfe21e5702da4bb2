//! The `console` object: every call becomes a `console` event (log/info/debug → stdout, warn/error → stderr),
//! formatted with our Node-style formatter, indented by `console.group`.

use std::time::Instant;

use boa_engine::native_function::NativeFunctionPointer;
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::Attribute;
use boa_engine::{Context, JsResult, JsSymbol, JsValue, NativeFunction, js_string};

use super::console_format::format_args;
use super::inspect::{InspectOptions, inspect};
use super::node_messages;
use super::state;
use crate::model::{ConsoleLevel, EventBody};

/// The console's methods, in the order Node lists them (`console.log(console)` prints them so).
const METHODS: [(&str, NativeFunctionPointer); 19] = [
    ("log", log),
    ("warn", warn),
    ("dir", dir),
    ("time", time),
    ("timeEnd", time_end),
    ("timeLog", time_log),
    ("trace", debug),
    ("assert", assert),
    ("clear", clear),
    ("count", count),
    ("countReset", count_reset),
    ("group", group),
    ("groupEnd", group_end),
    ("table", table),
    ("debug", debug),
    ("info", info),
    ("dirxml", log),
    ("error", error),
    ("groupCollapsed", group),
];

/// Installs `console` on the global object: its methods are enumerable own properties and its
/// `Symbol.toStringTag` is `"console"`, as in Node (so it prints as `Object [console] { log: [Function: log], … }`).
pub fn register(context: &mut Context) -> JsResult<()> {
    let mut console = ObjectInitializer::new(context);
    for (name, function) in METHODS {
        let function = FunctionObjectBuilder::new(
            console.context().realm(),
            NativeFunction::from_fn_ptr(function),
        )
        .name(js_string!(name))
        .length(0)
        .build();
        console.property(js_string!(name), function, Attribute::all());
    }
    console.property(
        JsSymbol::to_string_tag(),
        js_string!("console"),
        Attribute::CONFIGURABLE,
    );
    let console = console.build();
    context.register_global_property(js_string!("console"), console, Attribute::all())?;
    Ok(())
}

/// `console.clear()`: a notebook's output cannot be cleared from the console (Node does nothing either when its
/// output is not a terminal); `Jupyter.clearOutput()` clears a cell's output.
fn clear(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(JsValue::undefined())
}

/// Emits one console line, indented by the current group depth.
pub fn print(level: ConsoleLevel, text: String) {
    let indent = state::get().map_or(0, |s| s.group_indent.get());
    let text = if indent == 0 {
        text
    } else {
        let pad = " ".repeat(indent * 2);
        text.lines()
            .map(|line| format!("{pad}{line}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    state::emit(EventBody::Console { level, text });
}

fn emit_args(level: ConsoleLevel, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    for arg in args {
        node_messages::mend_value(arg, context);
    }
    let text = format_args(args, context);
    print(level, text);
    Ok(JsValue::undefined())
}

fn log(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit_args(ConsoleLevel::Log, args, context)
}

fn info(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit_args(ConsoleLevel::Info, args, context)
}

fn debug(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit_args(ConsoleLevel::Debug, args, context)
}

fn warn(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit_args(ConsoleLevel::Warn, args, context)
}

fn error(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit_args(ConsoleLevel::Error, args, context)
}

/// `console.dir(value, options)`: `options` as `util.inspect`'s (`depth`, `maxArrayLength`, …).
fn dir(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let value = args.first().cloned().unwrap_or_default();
    let options = InspectOptions::from_js(&args.get(1).cloned().unwrap_or_default(), context)?;
    node_messages::mend_value(&value, context);
    let text = inspect(&value, &options, context);
    print(ConsoleLevel::Log, text);
    Ok(JsValue::undefined())
}

fn group(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    if !args.is_empty() {
        emit_args(ConsoleLevel::Log, args, context)?;
    }
    if let Some(state) = state::get() {
        state.group_indent.set(state.group_indent.get() + 1);
    }
    Ok(JsValue::undefined())
}

fn group_end(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    if let Some(state) = state::get() {
        state
            .group_indent
            .set(state.group_indent.get().saturating_sub(1));
    }
    Ok(JsValue::undefined())
}

fn label(args: &[JsValue], context: &mut Context) -> JsResult<String> {
    match args.first() {
        None => Ok("default".to_owned()),
        Some(value) if value.is_undefined() => Ok("default".to_owned()),
        Some(value) => Ok(value.to_string(context)?.to_std_string_escaped()),
    }
}

fn count(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let label = label(args, context)?;
    let n = state::get().map_or(1, |state| {
        let mut counts = state.counts.borrow_mut();
        let n = counts.entry(label.clone()).or_insert(0);
        *n += 1;
        *n
    });
    print(ConsoleLevel::Log, format!("{label}: {n}"));
    Ok(JsValue::undefined())
}

fn count_reset(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let label = label(args, context)?;
    if let Some(state) = state::get() {
        state.counts.borrow_mut().insert(label, 0);
    }
    Ok(JsValue::undefined())
}

fn time(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let label = label(args, context)?;
    if let Some(state) = state::get() {
        let exists = state.timers.borrow().contains_key(&label);
        if exists {
            print(
                ConsoleLevel::Warn,
                format!("Warning: Label '{label}' already exists for console.time()"),
            );
        } else {
            state
                .timers
                .borrow_mut()
                .entry(label)
                .or_insert_with(Instant::now);
        }
    }
    Ok(JsValue::undefined())
}

fn elapsed_text(label: &str, remove: bool) -> Option<String> {
    let state = state::get()?;
    let mut timers = state.timers.borrow_mut();
    let started = if remove {
        timers.remove(label)?
    } else {
        *timers.get(label)?
    };
    let ms = if state.deterministic {
        // Durations would make deterministic output differ run to run.
        0.0
    } else {
        started.elapsed().as_secs_f64() * 1000.0
    };
    Some(format_duration(label, ms))
}

fn format_duration(label: &str, ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{label}: {:.3}s", ms / 1000.0)
    } else {
        format!("{label}: {ms:.3}ms")
    }
}

fn time_log(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let label = label(args, context)?;
    match elapsed_text(&label, false) {
        Some(mut text) => {
            if args.len() > 1 {
                text.push(' ');
                text.push_str(&format_args(&args[1..], context));
            }
            print(ConsoleLevel::Log, text);
        }
        None => print(
            ConsoleLevel::Warn,
            format!("Warning: No such label '{label}' for console.timeLog()"),
        ),
    }
    Ok(JsValue::undefined())
}

fn time_end(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let label = label(args, context)?;
    match elapsed_text(&label, true) {
        Some(text) => print(ConsoleLevel::Log, text),
        None => print(
            ConsoleLevel::Warn,
            format!("Warning: No such label '{label}' for console.timeEnd()"),
        ),
    }
    Ok(JsValue::undefined())
}

fn assert(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let ok = args.first().is_some_and(JsValue::to_boolean);
    if !ok {
        let rest = args.get(1..).unwrap_or_default();
        let text = if rest.is_empty() {
            "Assertion failed".to_owned()
        } else {
            format!("Assertion failed: {}", format_args(rest, context))
        };
        print(ConsoleLevel::Error, text);
    }
    Ok(JsValue::undefined())
}

fn table(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let data = args.first().cloned().unwrap_or_default();
    let text = super::table::render(&data, args.get(1), context)
        .unwrap_or_else(|| format_args(args, context));
    print(ConsoleLevel::Log, text);
    Ok(JsValue::undefined())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(events: &[crate::model::EventBody]) -> Vec<String> {
        events
            .iter()
            .filter_map(|event| match event {
                crate::model::EventBody::Console { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn console_dir_takes_util_inspect_options() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        let events = engine.ok(
            "const o = {a: {b: {c: {d: 1}}}}; console.dir(o, {depth: 0}); console.dir(o, {depth: null}); \
             console.dir([1, 2, 3, 4], {maxArrayLength: 2}); console.dir(o); console.dir(o, 'nonsense')",
        );
        assert_eq!(
            lines(&events),
            [
                "{ a: [Object] }",
                "{\n  a: { b: { c: { d: 1 } } }\n}",
                "[ 1, 2, ... 2 more items ]",
                "{ a: { b: { c: [Object] } } }",
                "{ a: { b: { c: [Object] } } }",
            ]
        );
    }

    #[test]
    fn the_console_itself_prints_like_nodes() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        let events = engine.ok("console.log(console); console.clear(); String(console)");
        let printed = lines(&events);
        assert!(
            printed[0].starts_with(
                "Object [console] {\n  log: [Function: log],\n  warn: [Function: warn],"
            ),
            "{printed:?}"
        );
        assert!(printed[0].ends_with("  groupCollapsed: [Function: groupCollapsed]\n}"));
        assert_eq!(engine.value("String(console)"), "'[object console]'");
        assert_eq!(
            engine.value("Object.keys(console).includes('table')"),
            "true"
        );
    }

    #[test]
    fn urls_print_their_fields_like_nodes() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        let events = engine.ok(
            "console.log(new URL('https://u:p@example.com:8080/a/b?x=1&y=%20z#f')); \
             console.log([1, new URL('http://a.b/')]); console.log({ deep: { deeper: { url: new URL('http://a.b/') } } })",
        );
        let printed = lines(&events);
        assert_eq!(
            printed[0],
            "URL {\n  href: 'https://u:p@example.com:8080/a/b?x=1&y=%20z#f',\n  origin: 'https://example.com:8080',\n  \
             protocol: 'https:',\n  username: 'u',\n  password: 'p',\n  host: 'example.com:8080',\n  \
             hostname: 'example.com',\n  port: '8080',\n  pathname: '/a/b',\n  search: '?x=1&y=%20z',\n  \
             searchParams: URLSearchParams { 'x' => '1', 'y' => ' z' },\n  hash: '#f'\n}"
        );
        assert!(
            printed[1].starts_with("[\n  1,\n  URL {\n    href: 'http://a.b/',"),
            "{}",
            printed[1]
        );
        assert_eq!(printed[2], "{ deep: { deeper: { url: URL {} } } }");
    }

    #[test]
    fn url_search_params_print_their_pairs_like_nodes_without_running_user_code() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        let events = engine.ok(
            "const u = new URL('http://x/?q=1'); u.searchParams.append('r', '2');\n\
             URLSearchParams.prototype.entries = () => { throw new Error('user code ran'); };\n\
             class P extends URLSearchParams {}\n\
             console.log(new URLSearchParams('a=1&b=2&a=3'), new URLSearchParams(), u.searchParams, new P('k=v'));\n\
             console.log(Object.create(URLSearchParams.prototype))",
        );
        assert_eq!(
            lines(&events),
            [
                "URLSearchParams { 'a' => '1', 'b' => '2', 'a' => '3' } URLSearchParams {} \
                 URLSearchParams { 'q' => '1', 'r' => '2' } P { 'k' => 'v' }",
                "URLSearchParams {}",
            ]
        );
    }

    #[test]
    fn events_and_abort_signals_print_their_state_like_nodes() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        let events = engine.ok("const c = new AbortController(); c.abort();\n\
             console.log(c, new AbortController().signal);\n\
             class E extends CustomEvent {}\n\
             console.log(new E('x', { cancelable: true }));\n\
             console.log(Object.create(Event.prototype), new EventTarget())");
        let printed = lines(&events);
        assert_eq!(
            printed[0],
            "AbortController { signal: AbortSignal { aborted: true } } AbortSignal { aborted: false }"
        );
        // The test engine's clock is deterministic: the event's time stamp is 0, and it fits on one line.
        assert_eq!(
            printed[1],
            "E { type: 'x', defaultPrevented: false, cancelable: true, timeStamp: 0 }"
        );
        // Not an event (its private state is missing): printed as an empty object of its class.
        assert_eq!(printed[2], "Event {} EventTarget {}");
    }

    #[test]
    fn a_text_decoder_prints_its_encoding_and_flags_like_nodes() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        let events = engine
            .ok("console.log(new TextDecoder('utf-16', { fatal: true }), [new TextDecoder()])");
        assert_eq!(
            lines(&events),
            [
                "TextDecoder { encoding: 'utf-16le', fatal: true, ignoreBOM: false } \
              [ TextDecoder { encoding: 'utf-8', fatal: false, ignoreBOM: false } ]"
            ]
        );
    }

    #[test]
    fn runtime_functions_have_their_names() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        assert_eq!(
            engine.value("[atob, btoa, structuredClone, queueMicrotask, setTimeout]"),
            "[\n  [Function: atob],\n  [Function: btoa],\n  [Function: structuredClone],\n  [Function: queueMicrotask],\n  [Function: setTimeout]\n]"
        );
        // A plain function as Node's (it was an async one: `[AsyncFunction: fetch]`).
        assert_eq!(
            engine.value("[fetch, fetch.length]"),
            "[ [Function: fetch], 1 ]"
        );
    }

    #[test]
    fn durations_switch_to_seconds() {
        assert_eq!(format_duration("a", 12.5), "a: 12.500ms");
        assert_eq!(format_duration("a", 1500.0), "a: 1.500s");
    }
}
