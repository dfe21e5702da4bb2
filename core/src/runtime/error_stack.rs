//! V8's error-stack API, which code written for Node, Deno and Chrome relies on:
//! - `error.stack` begins with the error's `Name: message` line, then the frames. boa's getter gives the
//!   frames only (SpiderMonkey's convention), so `console.error(e.stack)` — the commonest way a notebook
//!   reports a caught error — printed no message at all. As in V8 the text is made at the first read and kept
//!   (an own, non-enumerable data property), so a later change of `message` does not change it.
//! - `Error.captureStackTrace(target, constructorOpt)`: `target.stack` is the current stack, with the frames
//!   from `constructorOpt`'s up left out. npm packages' error classes call it (some without checking that it
//!   exists); it was missing.
//! - `Error.stackTraceLimit` (10, as in V8): how many frames `stack` shows.
//!
//! Reported exceptions and the printing of errors read the frames from boa's own getter ([`frames`]), so they
//! keep every frame whatever the limit.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{
    Context, Finalize, JsArgs, JsData, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, Trace, js_string,
};

use super::lazy::{define_accessor_on, define_hidden_on};
use super::props::own_desc;
use super::source_maps::SourceMaps;
use crate::stack::{Frame, format_frames, parse_frames};

/// Frames `stack` shows unless `Error.stackTraceLimit` says otherwise (V8's default).
const DEFAULT_LIMIT: u32 = 10;

/// boa's own `Error.prototype.stack` getter: the frames of an error, one `    at …` line each.
#[derive(Trace, Finalize, JsData, Clone)]
struct BoaFrames(JsObject);

/// The `    at …` lines boa recorded for `error` (none for what is not an error).
pub(crate) fn frames(error: &JsObject, context: &mut Context) -> Option<String> {
    let getter = context.get_data::<BoaFrames>()?.0.clone();
    getter
        .call(&error.clone().into(), &[], context)
        .ok()?
        .as_string()
        .map(|frames| frames.to_std_string_escaped().trim_end().to_owned())
}

/// V8's first line of a stack: `name: message`, or whichever of them is not empty (`name` is `Error` when
/// undefined).
fn header(target: &JsObject, context: &mut Context) -> JsResult<String> {
    let name = target.get(js_string!("name"), context)?;
    let name = if name.is_undefined() {
        "Error".to_owned()
    } else {
        name.to_string(context)?.to_std_string_escaped()
    };
    let message = target.get(js_string!("message"), context)?;
    let message = if message.is_undefined() {
        String::new()
    } else {
        message.to_string(context)?.to_std_string_escaped()
    };
    Ok(summary(&name, &message))
}

/// An error's one-line summary, as V8 and Node's `inspect` write it: `name: message`, or whichever of them is
/// not empty.
pub(crate) fn summary(name: &str, message: &str) -> String {
    match (name.is_empty(), message.is_empty()) {
        (true, _) => message.to_owned(),
        (false, true) => name.to_owned(),
        (false, false) => format!("{name}: {message}"),
    }
}

/// The stack text of `target`: its header, then at most `Error.stackTraceLimit` of `frames`.
fn stack_text(target: &JsObject, frames: &str, context: &mut Context) -> JsResult<String> {
    let constructor = context.intrinsics().constructors().error().constructor();
    let limit = constructor.get(js_string!("stackTraceLimit"), context)?;
    let limit = match limit.as_number() {
        Some(limit) if limit.is_nan() || limit <= 0.0 => 0,
        Some(limit) => limit.min(f64::from(u32::MAX)) as usize,
        None => usize::MAX,
    };
    let mut text = header(target, context)?;
    for line in frames_as_shown(frames, context).into_iter().take(limit) {
        text.push('\n');
        text.push_str(&line);
    }
    Ok(text)
}

/// boa's frame lines as `stack` and printed errors show them: each at its place in the user's text (a cell
/// before its rewrite, TypeScript before its types were stripped, a file before the code vmjs inserted),
/// without vmjs's own JavaScript (`<vmjs:…>` files and functions, as reported errors leave it out) and with a built-in vmjs wraps
/// once (the wrapper of `map`, which words its errors as V8 does, calls the built-in of its name).
pub(crate) fn frames_as_shown(frames: &str, context: &Context) -> Vec<String> {
    let maps = SourceMaps::of(context);
    let mut shown = Vec::new();
    let mut previous = "";
    for line in frames.lines().filter(|line| !line.trim().is_empty()) {
        if line == previous && line.ends_with("(native)") {
            continue;
        }
        previous = line;
        // A native frame (`at map (native)`) has no position: shown as it is.
        let frame = parse_frames(line).pop();
        if frame.as_ref().is_some_and(Frame::is_vmjs_own) {
            continue;
        }
        match frame
            .zip(maps.as_deref())
            .and_then(|(frame, maps)| in_user_text(frame, maps))
        {
            Some(mapped) => shown.push(mapped),
            None => shown.push(line.to_owned()),
        }
    }
    shown
}

/// `frame`'s line (`    at f (file:line:column)`) at its position in the user's text, as reported errors
/// show it (before a cell's rewrite, TypeScript's types stripped, the code vmjs inserted); `None` when that
/// is where it already is.
fn in_user_text(frame: Frame, maps: &SourceMaps) -> Option<String> {
    let (ran_line, ran_column) = (frame.line?, frame.column?);
    let (line, column) = maps.user_position(&frame.file, ran_line, ran_column);
    if (line, column) == (ran_line, ran_column) {
        return None;
    }
    let mapped = Frame {
        line: Some(line),
        column: Some(column),
        ..frame
    };
    Some(format_frames(&[mapped]).trim_start_matches('\n').to_owned())
}

/// Puts `text` on `target` as its own `stack` (writable, configurable, not enumerable, as V8 does); a
/// frozen target keeps what it has.
fn keep(target: &JsObject, text: &str, context: &mut Context) {
    let _ = define_hidden_on(target, js_string!("stack"), JsString::from(text), context);
}

/// The function name a `    at name (file:line:column)` line names.
fn frame_function(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("at ")?;
    Some(rest.split_once(" (").map_or(rest, |(name, _)| name))
}

/// Replaces boa's `Error.prototype.stack` getter and adds `Error.captureStackTrace` and
/// `Error.stackTraceLimit`.
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    let error = context.intrinsics().constructors().error().clone();
    let prototype = error.prototype();
    // boa's accessor, read before any user code runs.
    let boa_stack = own_desc(&prototype, &js_string!("stack").into());
    let boa_getter = boa_stack
        .as_ref()
        .and_then(|descriptor| descriptor.get().and_then(JsValue::as_object))
        .ok_or_else(|| JsNativeError::typ().with_message("Error.prototype has no stack getter"))?;
    let setter = boa_stack.and_then(|descriptor| descriptor.set().and_then(JsValue::as_object));
    context.insert_data(BoaFrames(boa_getter.clone()));

    let getter = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |this, _, boa_getter: &JsObject, context| {
                let frames = boa_getter.call(this, &[], context)?;
                let (Some(frames), Some(target)) = (frames.as_string(), this.as_object()) else {
                    return Ok(frames);
                };
                let text = stack_text(&target, &frames.to_std_string_escaped(), context)?;
                keep(&target, &text, context);
                Ok(JsString::from(text).into())
            },
            boa_getter.clone(),
        ),
    )
    .name(js_string!("get stack"))
    .build();
    define_accessor_on(&prototype, js_string!("stack"), getter, setter, context)?;

    let capture = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |_, args, boa_getter: &JsObject, context| {
                let Some(target) = args.get_or_undefined(0).as_object() else {
                    return Err(JsNativeError::typ()
                        .with_message("Error.captureStackTrace: the target must be an object")
                        .into());
                };
                // The frames of an error made here: the caller's stack.
                let here = context
                    .intrinsics()
                    .constructors()
                    .error()
                    .constructor()
                    .construct(&[], None, context)?;
                let frames = boa_getter.call(&here.into(), &[], context)?;
                let frames = frames
                    .as_string()
                    .map(|frames| frames.to_std_string_escaped())
                    .unwrap_or_default();
                let mut lines: Vec<&str> = frames.lines().collect();
                // Frames from `constructorOpt`'s (the innermost call of it) up are left out.
                if let Some(function) = args.get_or_undefined(1).as_object() {
                    let name = function
                        .get(js_string!("name"), context)?
                        .to_string(context)?
                        .to_std_string_escaped();
                    if let Some(at) = lines
                        .iter()
                        .position(|line| !name.is_empty() && frame_function(line) == Some(&name))
                    {
                        lines.drain(..=at);
                    }
                }
                let text = stack_text(&target, &lines.join("\n"), context)?;
                keep(&target, &text, context);
                Ok(JsValue::undefined())
            },
            boa_getter,
        ),
    )
    .name(js_string!("captureStackTrace"))
    .length(2)
    .build();
    let constructor = error.constructor();
    define_hidden_on(
        &constructor,
        js_string!("captureStackTrace"),
        capture,
        context,
    )?;
    constructor.define_property_or_throw(
        js_string!("stackTraceLimit"),
        PropertyDescriptor::builder()
            .value(DEFAULT_LIMIT)
            .writable(true)
            .enumerable(true)
            .configurable(true),
        context,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::runtime::testing::TestEngine;

    /// Expressions and what Node 20 answers for them.
    const LIKE_V8: &[(&str, &str)] = &[
        (
            "(() => { function f() { throw new RangeError('bad') } try { f() } catch (e) { const lines = e.stack.split('\\n'); return [lines[0], /^    at f /.test(lines[1])] } })()",
            r#"["RangeError: bad",true]"#,
        ),
        (
            "(() => { try { null.x } catch (e) { return e.stack.startsWith('TypeError: ') } })()",
            "true",
        ),
        // Made at the first read, kept after it.
        (
            "(() => { const e = new Error('a'); e.message = 'b'; const first = e.stack.split('\\n')[0]; e.message = 'c'; return [first, e.stack.split('\\n')[0]] })()",
            r#"["Error: b","Error: b"]"#,
        ),
        (
            "(() => { class MyErr extends Error { constructor(m) { super(m); this.name = 'MyErr' } } return new MyErr('m').stack.split('\\n')[0] })()",
            r#""MyErr: m""#,
        ),
        (
            "(() => { const n = new Error('m'); n.name = ''; return [new Error().stack.split('\\n')[0], n.stack.split('\\n')[0]] })()",
            r#"["Error","m"]"#,
        ),
        (
            "(() => { const e = new Error('x'); e.stack; return [Object.keys(e).length, JSON.stringify(e), Object.getOwnPropertyDescriptor(e, 'stack').enumerable] })()",
            r#"[0,"{}",false]"#,
        ),
        (
            "(() => { const e = new Error('x'); e.stack = 'custom'; return e.stack })()",
            r#""custom""#,
        ),
        (
            "(() => { const f = Object.freeze(new RangeError('frozen')); return [f.stack.split('\\n')[0], f.stack === f.stack] })()",
            r#"["RangeError: frozen",true]"#,
        ),
        // Error.stackTraceLimit bounds the frames.
        (
            "(() => { function deep(n) { if (n === 0) throw new Error('deep'); return deep(n - 1) } const lines = () => { try { deep(15) } catch (e) { return e.stack.split('\\n').length } }; const counts = [Error.stackTraceLimit, lines()]; Error.stackTraceLimit = 2; counts.push(lines()); Error.stackTraceLimit = 0; counts.push(lines()); Error.stackTraceLimit = 10; return counts })()",
            "[10,11,3,1]",
        ),
        // Error.captureStackTrace: the target's header, the frames below constructorOpt's.
        (
            "(() => { function outer() { return inner() } function inner() { const o = {}; Error.captureStackTrace(o, inner); return o.stack } const lines = outer().split('\\n'); return [lines[0], /^    at outer /.test(lines[1]), lines.some((l) => l.includes('at inner'))] })()",
            r#"["Error",true,false]"#,
        ),
        (
            "(() => { const o = { name: 'Custom', message: 'hi' }; Error.captureStackTrace(o); return [o.stack.split('\\n')[0], Object.keys(o)] })()",
            r#"["Custom: hi",["name","message"]]"#,
        ),
        (
            "(() => { class E2 extends Error { constructor(m) { super(m); this.name = 'E2'; Error.captureStackTrace(this, E2) } } const lines = new E2('hello').stack.split('\\n'); return [lines[0], lines.some((l) => l.includes('at E2'))] })()",
            r#"["E2: hello",false]"#,
        ),
        (
            "(() => { try { Error.captureStackTrace(1) } catch (e) { return [e.name, Error.captureStackTrace.length, Object.keys(Error).includes('captureStackTrace')] } })()",
            r#"["TypeError",2,false]"#,
        ),
    ];

    #[test]
    fn error_stacks_answer_as_v8_does() {
        let mut engine = TestEngine::new();
        let failures = engine.json_mismatches(LIKE_V8);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn a_reported_error_keeps_every_frame_whatever_the_limit() {
        let mut engine = TestEngine::new();
        let (done, _) = engine.run(
            "function deep(n) { if (n === 0) throw new Error('deep'); return deep(n - 1) }\n\
             Error.stackTraceLimit = 1;\n\
             deep(15)",
        );
        let error = done.error.expect("an error");
        let frames = error
            .stack
            .lines()
            .filter(|l| l.contains("at deep"))
            .count();
        assert!(frames >= 16, "{}", error.stack);
        assert!(error.stack.starts_with("Error: deep\n"), "{}", error.stack);
    }
}
