//! Turning a boa `JsError` into the [`ExceptionPayload`] users see: name, message, a Node-like stack with
//! `file:line:column` frames, and the position of the innermost frame in the executed source.

use boa_engine::{Context, JsError, JsValue, js_string};

use crate::model::ExceptionPayload;
use crate::protocol::{CheckError, StopReason};
use crate::stack::{Frame, format_frames, parse_frames};

/// Frames kept in a reported stack.
const MAX_FRAMES: usize = 20;

/// Splits boa's parser message (`… at line 2, col 5`) into message and 1-based position.
pub fn check_error(display: &str) -> CheckError {
    let text = display.lines().next().unwrap_or_default();
    let text = text.strip_prefix("SyntaxError: ").unwrap_or(text);
    let position = text.rfind(" at line ").and_then(|at| {
        let (line, column) = text[at + " at line ".len()..].split_once(", col ")?;
        let column: String = column.chars().take_while(char::is_ascii_digit).collect();
        Some((at, line.trim().parse().ok()?, column.parse().ok()?))
    });
    match position {
        Some((at, line, column)) => CheckError {
            message: text[..at].to_owned(),
            line: Some(line),
            column: Some(column),
        },
        None => CheckError {
            message: text.to_owned(),
            line: None,
            column: None,
        },
    }
}

/// Places the innermost frame (file, its reported line/column if any) more precisely, or `None` to keep it.
pub type Relocate<'a> = dyn Fn(&str, Option<(u32, u32)>) -> Option<(u32, u32)> + 'a;

/// The error's name, message and frames, before positions are mapped back to the user's source.
pub struct RawException {
    pub name: String,
    pub message: String,
    pub frames: Vec<Frame>,
    /// The thrown value, when it is not an Error object (`throw 'x'`).
    pub thrown_preview: Option<String>,
}

/// Extracts name, message and frames from a boa error. `stop` says whether the host asked to stop the code, so
/// the engine's limit error that the stop provoked is reported as `Interrupted`/`Timeout`.
pub fn describe(error: JsError, stop: Option<StopReason>, context: &mut Context) -> RawException {
    let display = error.to_string();
    let frames = parse_frames(&display);
    if let Some(reason) = stop
        && error.as_opaque().is_none()
    {
        let (name, message) = match reason {
            StopReason::Interrupt => ("Interrupted", "execution interrupted by the user"),
            StopReason::Timeout => ("Timeout", "execution exceeded its wall-clock limit"),
            StopReason::OutputLimit => (
                "OutputLimitExceeded",
                "execution produced more output than its template allows",
            ),
        };
        return RawException {
            name: name.into(),
            message: message.into(),
            frames,
            thrown_preview: None,
        };
    }
    if let Some(value) = error.as_opaque().cloned() {
        return describe_thrown_value(&value, frames, context);
    }
    match error.try_native(context) {
        Ok(native) => RawException {
            name: native_kind_name(&format!("{:?}", native.kind())),
            message: native.message().to_owned(),
            frames,
            thrown_preview: None,
        },
        Err(_) => {
            let text = display.lines().next().unwrap_or_default().to_owned();
            let (name, message) = if text.contains("Recursion") || text.contains("recursi") {
                (
                    "RangeError",
                    "Maximum call stack size exceeded (the template's recursion limit)".to_owned(),
                )
            } else if text.contains("LoopIteration") || text.contains("iteration") {
                (
                    "RangeError",
                    "loop iteration limit exceeded (the template's loop_iterations limit)"
                        .to_owned(),
                )
            } else if text.contains("StackSize") || text.contains("stack size") {
                ("RangeError", "Maximum call stack size exceeded".to_owned())
            } else {
                ("InternalError", text)
            };
            RawException {
                name: name.into(),
                message,
                frames,
                thrown_preview: None,
            }
        }
    }
}

fn describe_thrown_value(
    value: &JsValue,
    frames: Vec<Frame>,
    context: &mut Context,
) -> RawException {
    if let Some(object) = value.as_object()
        && object.is::<boa_engine::builtins::error::Error>()
    {
        let name = object
            .get(js_string!("name"), context)
            .ok()
            .and_then(|v| v.as_string().map(|s| s.to_std_string_escaped()))
            .unwrap_or_else(|| "Error".to_owned());
        let message = object
            .get(js_string!("message"), context)
            .ok()
            .and_then(|v| v.as_string().map(|s| s.to_std_string_escaped()))
            .unwrap_or_default();
        // A `stack` the code set (or read: V8 keeps it then) wins; else every frame boa recorded, whatever
        // `Error.stackTraceLimit` says.
        let own_stack = super::props::own_desc(&object, &js_string!("stack").into())
            .and_then(|d| d.value().and_then(JsValue::as_string))
            .map(|s| s.to_std_string_escaped());
        let own_frames = own_stack
            .or_else(|| super::error_stack::frames(&object, context))
            .map(|stack| parse_frames(&stack))
            .filter(|f| !f.is_empty());
        return RawException {
            name,
            message,
            frames: own_frames.unwrap_or(frames),
            thrown_preview: None,
        };
    }
    let preview =
        super::inspect::inspect(value, &super::inspect::InspectOptions::default(), context);
    RawException {
        name: "Uncaught".into(),
        message: preview.clone(),
        frames,
        thrown_preview: Some(preview),
    }
}

fn native_kind_name(kind_debug: &str) -> String {
    let kind = kind_debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or(kind_debug);
    match kind {
        "Error" => "Error".into(),
        "Aggregate" => "AggregateError".into(),
        "Eval" => "EvalError".into(),
        "Range" => "RangeError".into(),
        "Reference" => "ReferenceError".into(),
        "Syntax" => "SyntaxError".into(),
        "Type" => "TypeError".into(),
        "Uri" => "URIError".into(),
        other => format!("{other}Error"),
    }
}

impl RawException {
    /// Builds the payload; `running` names the cell or file being evaluated; `map` turns a (file, line, column)
    /// of the executed text into the user's coordinates.
    pub fn into_payload(
        mut self,
        running: &str,
        map: &dyn Fn(&str, u32, u32) -> (u32, u32),
        relocate: &Relocate<'_>,
    ) -> ExceptionPayload {
        for frame in &mut self.frames {
            if let (Some(line), Some(column)) = (frame.line, frame.column) {
                let (line, column) = map(&frame.file, line, column);
                frame.line = Some(line);
                frame.column = Some(column);
            }
        }
        // boa reports `?:?` (top level) or the function's start (inside a function) for some errors; the
        // caller can place the innermost frame more precisely from the source.
        if let Some(first) = self.frames.first_mut()
            && let Some((line, column)) = relocate(&first.file, first.line.zip(first.column))
        {
            first.line = Some(line);
            first.column = Some(column);
        }
        // vmjs's own JS (the display prelude, `<vmjs:…>`, and the accessors a cell's rewrite names `<vmjs:…>`)
        // is not the user's business: the innermost frame is where the user's code called it.
        self.frames.retain(|f| !f.is_vmjs_own());
        // The outermost frame of this evaluation is the last `<main>` (a top level: vmjs's boa patch names a
        // function without a name `<anonymous>`) of the file being run; frames below it are stale ones left by
        // earlier interrupted evaluations. Without one (an error in a job or timer), the first `<main>` ends it.
        let outermost = self
            .frames
            .iter()
            .rposition(|f| f.function == "<main>" && f.file == running)
            .or_else(|| self.frames.iter().position(|f| f.function == "<main>"));
        if let Some(outermost) = outermost {
            self.frames.truncate(outermost + 1);
        }
        // Deep recursion would print thousands of identical frames.
        let total = self.frames.len();
        self.frames.truncate(MAX_FRAMES);
        let innermost = self.frames.first().cloned();
        let header = match &self.thrown_preview {
            Some(preview) => format!("Uncaught {preview}"),
            None if self.message.is_empty() => self.name.clone(),
            None => format!("{}: {}", self.name, self.message),
        };
        let more = if total > MAX_FRAMES {
            format!("\n    ... {} more frames", total - MAX_FRAMES)
        } else {
            String::new()
        };
        ExceptionPayload {
            stack: format!("{header}{}{more}", format_frames(&self.frames)),
            name: self.name,
            message: self.message,
            line: innermost.as_ref().and_then(|f| f.line),
            column: innermost.as_ref().and_then(|f| f.column),
            file: innermost.map(|f| f.file),
        }
    }
}

/// A syntax error found before evaluation (by oxc), positioned in the user's text.
pub(super) fn syntax_error(
    diagnostics: &[crate::analysis::Diagnostic],
    source_name: &str,
) -> ExceptionPayload {
    let first = diagnostics.first();
    let message = first.map_or_else(|| "invalid input".to_owned(), |d| d.message.clone());
    let (line, column) = first.map_or((1, 1), |d| (d.line, d.column));
    ExceptionPayload {
        name: "SyntaxError".into(),
        stack: format!("SyntaxError: {message}\n    at {source_name}:{line}:{column}"),
        message,
        line: Some(line),
        column: Some(column),
        file: Some(source_name.to_owned()),
    }
}

pub(super) fn nesting_error(
    error: &crate::analysis::NestingError,
    source_name: &str,
) -> ExceptionPayload {
    let message = error.to_string();
    ExceptionPayload {
        name: "SyntaxError".into(),
        stack: format!(
            "SyntaxError: {message}\n    at {source_name}:{}:{}",
            error.line, error.column
        ),
        message,
        line: Some(error.line),
        column: Some(error.column),
        file: Some(source_name.to_owned()),
    }
}

/// The name of a `ReferenceError: name is not defined`. boa places such errors at `?:?` (top level) or at
/// the enclosing function's start; the unresolved reference in the source is the precise place.
pub(super) fn unresolved_name(raw: &RawException) -> Option<String> {
    if raw.name != "ReferenceError" {
        return None;
    }
    raw.message
        .strip_suffix(" is not defined")
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_class_method_frame_keeps_the_frames_outside_it() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        let (done, _) = engine.run(
            "class Machine { explode() { throw new Error('boom') } }\nfunction run() { new Machine().explode() }\nrun()",
        );
        let stack = done.error.expect("an error").stack;
        // The method's frame is named (boa named it `<main>`, as the top level); the frames of `run` and of
        // the cell's top level stay.
        assert!(stack.contains("at explode (<cell 1>:1:"), "{stack}");
        assert!(stack.contains("at run (<cell 1>:2:"), "{stack}");
        assert!(stack.contains("at <main> (<cell 1>:3:"), "{stack}");
    }

    /// Assigning to an earlier cell's `const` throws from a setter the cell's rewrite adds: neither the
    /// reported error nor `e.stack` shows that frame (`at set v` was shown above the user's line).
    #[test]
    fn an_assignment_to_a_const_shows_only_the_users_frames() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        engine.run("const k = 1");
        let (done, _) = engine.run("function f() {\n  k = 2\n}\nf()");
        let stack = done.error.expect("an error").stack;
        assert_eq!(
            stack,
            "TypeError: Assignment to constant variable.\n    at f (<cell 2>:2:3)\n    at <main> (<cell 2>:4:2)"
        );
        let (done, _) = engine.run("try { k++ } catch (e) { e.stack }");
        let stack = done.result.and_then(|result| result.json);
        assert_eq!(
            stack.as_ref().and_then(|json| json.as_str()),
            Some("TypeError: Assignment to constant variable.\n    at <main> (<cell 3>:1:7)"),
        );
    }

    /// A callback is `<anonymous>` (V8's word), a class method is named, `<main>` is the top level alone; a
    /// built-in vmjs wraps (`map`) is one frame of `error.stack`, as in V8.
    #[test]
    fn frames_name_callbacks_methods_and_the_top_level_apart() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        let (done, _) = engine.run(
            "class K {\n  m() { return [1].map(function () { return null.x; }); }\n  static s() { return new K().m(); }\n}\n\
             let seen;\ntry { K.s() } catch (e) { seen = e.stack }\nseen",
        );
        let stack = done
            .result
            .and_then(|result| result.json)
            .and_then(|json| json.as_str().map(str::to_owned))
            .expect("the stack as a value");
        assert!(stack.contains("at <anonymous> (<cell 1>:2:"), "{stack}");
        assert_eq!(stack.matches("at map (native)").count(), 1, "{stack}");
        assert!(stack.contains("at m (<cell 1>:2:"), "{stack}");
        assert!(stack.contains("at s (<cell 1>:3:"), "{stack}");
        assert!(stack.contains("at <main> (<cell 1>:6:"), "{stack}");
        let (done, _) = engine.run("[2].forEach((n) => { throw new Error('in ' + n) })");
        let stack = done.error.expect("an error").stack;
        assert!(
            stack.starts_with("Error: in 2\n    at <anonymous> (<cell 2>:1:28)\n"),
            "{stack}"
        );
        assert!(stack.contains("at <main> (<cell 2>:1:"), "{stack}");
    }

    #[test]
    fn vague_type_errors_name_what_failed_in_message_and_stack() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        assert_eq!(
            engine.error("const o = {}; o.method()"),
            "TypeError: o.method is not a function"
        );
        assert_eq!(
            engine.error("let u; u.foo.bar"),
            "TypeError: Cannot read properties of undefined (reading 'foo')"
        );
        let (done, _) = engine.run("function f(x) { return x.y } f(null)");
        let error = done.error.unwrap();
        assert_eq!(
            error.message,
            "Cannot read properties of null (reading 'y')"
        );
        assert!(
            error
                .stack
                .starts_with("TypeError: Cannot read properties of null (reading 'y')\n    at f"),
            "{}",
            error.stack
        );
    }

    #[test]
    fn parses_boa_frames() {
        let frames = parse_frames(
            "Error: boom (<cell 1>:4:4)\n    at f (<cell 1>:1:21)\n    at <main> (<cell 2>:?:?)",
        );
        assert_eq!(
            frames,
            vec![
                Frame {
                    function: "f".into(),
                    file: "<cell 1>".into(),
                    line: Some(1),
                    column: Some(21)
                },
                Frame {
                    function: "<main>".into(),
                    file: "<cell 2>".into(),
                    line: None,
                    column: None
                },
            ]
        );
    }

    #[test]
    fn frames_of_paths_with_colons_keep_the_path() {
        let frames = parse_frames("    at g (src/a:b.js:3:9)");
        assert_eq!(frames[0].file, "src/a:b.js");
        assert_eq!(frames[0].line, Some(3));
    }
}
