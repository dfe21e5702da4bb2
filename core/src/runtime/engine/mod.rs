//! The engine of one session: a boa `Context` with our console, clock, job executor, module loader and
//! sandbox, and [`Engine::evaluate`], which runs one [`EvalRequest`] to an [`EvalDone`].
//!
//! Synchronous top-level code runs under boa's budgeted evaluation, polled between slices: when the host asks
//! to stop (or the wall-clock budget runs out) the engine's loop and recursion limits are dropped to zero so
//! the running code unwinds with an uncatchable error at its next back-jump or call — the Context stays
//! consistent and globals survive. What runs outside that loop (native callbacks, jobs, module evaluation)
//! cannot be stopped softly; the host kills the worker for those.

mod payload;
mod queries;

use std::future::Future;
use std::path::Path;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context as TaskContext, Poll, Waker};
use std::time::{Duration, Instant};

use boa_engine::builtins::promise::PromiseState;
use boa_engine::context::HostHooks;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, JsError, JsObject, JsResult, JsSymbol, JsValue, Module, Script, Source};
use boa_runtime::extensions::{
    Base64Extension, EncodingExtension, MicrotaskExtension, RuntimeExtension,
    StructuredCloneExtension, TimeoutExtension,
};

use super::array_callbacks;
use super::clock::VmClock;
use super::comm;
use super::errors::{self, RawException};
use super::jobs::Executor;
use super::json_parse;
use super::json_stringify;
use super::long_strings;
use super::modules::RootModuleLoader;
use super::node_messages;
use super::preludes::PRELUDES;
use super::scope::GlobalScope;
use super::source_maps::{RanCode, SourceMaps};
use super::state::{self, CurrentExecution, StopFlag};
use super::{
    commonjs, console, dates, display, error_stack, host_input, intl, introspect, language, lazy,
    node, sandbox, webapi,
};
use crate::analysis::{self, ReplRewrite, SourceKind};
use crate::model::{EventBody, ExceptionPayload, ExecutionKind};
use crate::paths::Root;
use crate::protocol::{EvalDone, EvalRequest, EvalStatus, StopReason, WorkerInit};

/// VM instructions per budget slice between stop checks (public for the core benchmark, which measures what
/// boa's budgeted evaluation costs on its own).
pub const BUDGET: u32 = 100_000;

/// Values of boa's value stack (arguments and registers of every active frame) per call the template's
/// recursion limit allows. boa's own limit (10 240 values) ends a plain recursive function after ~2 000
/// calls, where Node allows ~10 000; with this room the recursion limit (frames) is what deep recursion
/// meets, and the stack grows only as far as code uses it.
const STACK_VALUES_PER_CALL: usize = 64;

/// boa's value-stack limit for a template's `recursion` limit (never below boa's default).
fn value_stack_limit(recursion: u32) -> usize {
    (recursion as usize)
        .saturating_mul(STACK_VALUES_PER_CALL)
        .max(10 * 1024)
}

/// Tracks promises rejected without a handler, to report them as errors.
#[derive(Default)]
struct Hooks {
    deterministic: bool,
    unhandled: std::cell::RefCell<Vec<JsObject>>,
}

impl HostHooks for Hooks {
    fn promise_rejection_tracker(
        &self,
        promise: &JsObject<boa_engine::builtins::promise::Promise>,
        operation: boa_engine::builtins::promise::OperationType,
        _context: &mut Context,
    ) {
        let promise = promise.clone().upcast();
        let mut unhandled = self.unhandled.borrow_mut();
        match operation {
            boa_engine::builtins::promise::OperationType::Reject => unhandled.push(promise),
            boa_engine::builtins::promise::OperationType::Handle => {
                unhandled.retain(|p| p != &promise)
            }
        }
    }

    fn local_timezone_offset_seconds(&self, unix_time_seconds: i64) -> i32 {
        if self.deterministic {
            0
        } else {
            boa_engine::context::DefaultHooks.local_timezone_offset_seconds(unix_time_seconds)
        }
    }
}

/// One session's JavaScript engine.
pub struct Engine {
    context: Context,
    executor: Rc<Executor>,
    hooks: Rc<Hooks>,
    stop: StopFlag,
    /// The execution being evaluated (stop requests name it).
    execution_id: String,
    /// `Symbol.for("Jupyter.display")`: a last value with this method is shown as its MIME bundle.
    display_symbol: JsSymbol,
    /// The intrinsic `Function.prototype.toString` (for signatures), taken before user code ran.
    function_to_string: Option<JsObject>,
    /// The global names last reported to the host (sent again only when they change).
    names_sent: Option<Vec<String>>,
    /// The global object's keys (and the number of lexical names) when `names_sent` was last checked.
    keys_sent: Option<(Vec<boa_engine::property::PropertyKey>, usize)>,
    /// Global lexical names declared by cells (REPL rewriting keeps `let`/`const`/`class` lexical).
    scope: GlobalScope,
    /// The source maps of the TypeScript cells, files and modules run so far.
    source_maps: Rc<SourceMaps>,
    /// The `vmjs` object and the session's `vmjs.args` (an execution may bring its own for its run).
    vmjs: JsObject,
    session_args: Vec<String>,
}

/// How the evaluated code ended, before it is turned into an [`EvalDone`].
enum Completion {
    Value(JsValue),
    /// A promise the engine made or waits for — a module's evaluation, an async cell's wrapper (whose value
    /// comes boxed, see [`ReplRewrite::is_async`]), what a display method or a comm handler returned. A
    /// promise the user's code gives as its value is a [`Completion::Value`]: it is shown, as Node and Deno
    /// show it.
    Awaiting {
        promise: JsPromise,
        boxed: bool,
    },
    Thrown(JsError, Option<StopReason>),
    Refused(ExceptionPayload),
}

impl Completion {
    /// Waits for `value` if it is a promise (`boxed` as [`Completion::Awaiting`]); otherwise it is the value.
    fn awaiting(value: JsValue, boxed: bool) -> Self {
        match value.as_object().map(|o| JsPromise::from_object(o.clone())) {
            Some(Ok(promise)) => Completion::Awaiting { promise, boxed },
            _ => Completion::Value(value),
        }
    }
}

impl Engine {
    /// Builds the Context for a session (console, timers, `vmjs`, modules confined to `root`, the session
    /// root opened at init).
    pub fn new(init: &WorkerInit, root: Rc<Root>, stop: StopFlag) -> JsResult<Self> {
        let clock = Rc::new(if init.deterministic {
            VmClock::deterministic(init.epoch_ms)
        } else {
            VmClock::real()
        });
        let executor = Rc::new(Executor::new(clock.clone()));
        let hooks = Rc::new(Hooks {
            deterministic: init.deterministic,
            ..Hooks::default()
        });
        let source_maps = Rc::new(SourceMaps::default());
        let loader = Rc::new(RootModuleLoader::new(root, Rc::clone(&source_maps)));
        let mut context = Context::builder()
            .clock(clock)
            .job_executor(executor.clone())
            .host_hooks(hooks.clone())
            .module_loader(Rc::clone(&loader))
            .build()?;
        // Timers, microtasks, structuredClone, atob/btoa, TextEncoder/Decoder (URL is `webapi`'s). No fetch, no process:
        // ambient authority only comes from capabilities (see `sandbox`).
        (
            TimeoutExtension,
            MicrotaskExtension,
            StructuredCloneExtension,
            Base64Extension,
            EncodingExtension,
        )
            .register(None, &mut context)?;
        let function_to_string = introspect::original_function_to_string(&mut context);
        console::register(&mut context)?;
        error_stack::register(&mut context)?;
        node_messages::register(Rc::clone(&source_maps), &mut context)?;
        json_parse::register(&mut context)?;
        json_stringify::register(&mut context)?;
        long_strings::register(&mut context)?;
        array_callbacks::register(&mut context)?;
        dates::register(&mut context)?;
        let vmjs = sandbox::register(&mut context, &init.args, init.deterministic)?;
        display::register(&mut context)?;
        webapi::register(&mut context)?;
        intl::register(init.deterministic, &mut context)?;
        commonjs::install_require(loader.commonjs_registry(), &mut context)?;
        node::register_globals(&mut context)?;
        let display_symbol = display::display_symbol(&mut context)?;
        let limits = context.runtime_limits_mut();
        limits.set_loop_iteration_limit(init.loop_iterations.unwrap_or(u64::MAX));
        limits.set_recursion_limit(init.recursion as usize);
        limits.set_stack_size_limit(value_stack_limit(init.recursion));
        Ok(Self {
            context,
            executor,
            hooks,
            stop,
            execution_id: String::new(),
            display_symbol,
            function_to_string,
            names_sent: None,
            keys_sent: None,
            scope: GlobalScope::default(),
            source_maps,
            vmjs,
            session_args: init.args.clone(),
        })
    }

    /// Sets `vmjs.args` (a user's own `vmjs.args` assignment is replaced too: the arguments are the run's).
    fn set_args(&mut self, args: &[String]) {
        let array = sandbox::args_array(args, &mut self.context);
        if let Err(error) = self.vmjs.set(
            boa_engine::js_string!("args"),
            array,
            false,
            &mut self.context,
        ) {
            tracing::warn!("setting vmjs.args: {error}");
        }
    }

    /// Runs one request to completion (including its promise jobs and timers).
    pub fn evaluate(&mut self, request: &EvalRequest) -> EvalDone {
        let deadline = request
            .wall_ms
            .map(|ms| Instant::now() + Duration::from_millis(ms));
        self.execution_id = request.execution_id.clone();
        if let Some(state) = state::get() {
            *state.current.borrow_mut() = Some(CurrentExecution {
                execution_id: request.execution_id.clone(),
                replay: request.replay,
                // An execution given its own arguments or variables is not replayed without them.
                side_effects: std::cell::Cell::new(
                    request.args.is_some() || !request.env.is_empty(),
                ),
                env: request.env.clone(),
            });
        }
        if let Some(args) = &request.args {
            self.set_args(args);
        }
        self.hooks.unhandled.borrow_mut().clear();
        // An interrupted cell's `$$.async()` is not the next one's.
        let _ = display::take_async_result(&mut self.context);
        lazy::install_mentioned(&request.source, &PRELUDES, &mut self.context);
        let mut job_errors: Vec<JsError> = Vec::new();
        let mut rewrite = None;
        let completion = match request.kind {
            ExecutionKind::Repl => {
                let (completion, rewritten) = self.run_cell(request, deadline);
                rewrite = rewritten;
                completion
            }
            ExecutionKind::RunFile | ExecutionKind::Startup => {
                self.run_file(&request.source, &request.source_name, deadline)
            }
            // What an async handler returns is waited for: its rejection fails the delivery.
            ExecutionKind::Comm => match comm::deliver(&request.source, &mut self.context) {
                Ok(value) => Completion::awaiting(value, false),
                Err(error) => Completion::Thrown(error, None),
            },
        };
        // Jobs (promise reactions, timers) run to completion before the execution ends.
        let completion = self.settle(completion, deadline, &mut job_errors);
        if request.kind == ExecutionKind::Repl {
            // A name whose declaration did not run stays undeclared.
            let threw = matches!(completion, Completion::Thrown(..));
            self.scope.finish(threw, &self.context);
        }
        if request.args.is_some() {
            let session_args = std::mem::take(&mut self.session_args);
            self.set_args(&session_args);
            self.session_args = session_args;
        }
        for promise in self.hooks.unhandled.borrow_mut().drain(..) {
            if let Ok(promise) = JsPromise::from_object(promise)
                && let PromiseState::Rejected(reason) = promise.state()
            {
                job_errors.push(JsError::from_opaque(reason));
            }
        }
        let source_maps = Rc::clone(&self.source_maps);
        // Where the code that ran was rewritten (a cell) and printed from TypeScript, back through both; this
        // cell's rewrite is at hand even when its code is too big to keep.
        let map = |file: &str, line: u32, column: u32| match &rewrite {
            Some(rewrite) if file == request.source_name => {
                let (line, column) = rewrite.original_position(line, column);
                source_maps.original_position(file, line, column)
            }
            _ => source_maps.user_position(file, line, column),
        };
        let describe = |error: JsError, stop: Option<StopReason>, context: &mut Context| {
            let mut raw: RawException = errors::describe(error, stop, context);
            if raw.thrown_preview.is_none()
                && let Some(message) = node_messages::reworded(
                    &raw.name,
                    &raw.message,
                    || raw.frames.first().cloned(),
                    &source_maps,
                )
            {
                raw.message = message;
            }
            let missing = errors::unresolved_name(&raw);
            let relocate = |file: &str, at: Option<(u32, u32)>| {
                let name = missing.as_deref()?;
                if file != request.source_name {
                    return None;
                }
                let (line, column) = at.unwrap_or((1, 1));
                analysis::find_identifier_from(&request.source, name, line, column)
            };
            raw.into_payload(&request.source_name, &map, &relocate)
        };
        // After IJavascript's `$$.async()` the result is what `$$.sendResult` sent, not the cell's value.
        let sent = display::take_async_result(&mut self.context);
        let (mut status, value, mut error) = match completion {
            Completion::Value(_) if sent.is_some() => (EvalStatus::Ok, sent, None),
            Completion::Value(value) => (EvalStatus::Ok, Some(value), None),
            // Settled above; a promise still awaited would be shown as itself.
            Completion::Awaiting { promise, .. } => (EvalStatus::Ok, Some(promise.into()), None),
            Completion::Thrown(error, stop) => {
                let status = match stop {
                    Some(StopReason::Timeout) => EvalStatus::Timeout,
                    Some(StopReason::Interrupt) => EvalStatus::Cancelled,
                    Some(StopReason::OutputLimit) | None => EvalStatus::Error,
                };
                (status, None, Some(describe(error, stop, &mut self.context)))
            }
            Completion::Refused(payload) => (EvalStatus::Error, None, Some(payload)),
        };
        // Each failed job is reported where it happened; the first one fails the execution.
        for job_error in job_errors {
            let mut payload = describe(job_error, None, &mut self.context);
            payload.stack = format!("Uncaught (in promise or timer) {}", payload.stack);
            if error.is_none() {
                status = EvalStatus::Error;
                error = Some(payload);
            } else {
                state::emit(EventBody::Exception(payload));
            }
        }
        let mut result = None;
        if error.is_none()
            && let Some(value) = value
        {
            match self.value_payload(&value, request.kind, deadline) {
                Ok(payload) => result = payload,
                Err(thrown) => {
                    status = EvalStatus::Error;
                    error = Some(describe(thrown, None, &mut self.context));
                }
            }
        }
        let side_effects = state::get()
            .and_then(|s| s.current.borrow_mut().take())
            .is_some_and(|c| c.side_effects.get());
        EvalDone {
            execution_id: request.execution_id.clone(),
            status,
            result,
            error,
            side_effects,
            names: self.names_if_changed(),
        }
    }

    /// Runs a REPL cell: JavaScript, or — when it does not parse as JavaScript but does as TypeScript —
    /// TypeScript with its types stripped. Also returns the rewrite that ran (its positions map back).
    fn run_cell(
        &mut self,
        request: &EvalRequest,
        deadline: Option<Instant>,
    ) -> (Completion, Option<ReplRewrite>) {
        let name = &request.source_name;
        let (scope, context) = (&mut self.scope, &mut self.context);
        let (rewritten, stripped) =
            match language::cell(&request.source, |code| scope.rewrite(code, context)) {
                Ok(prepared) => prepared,
                Err(errors) => {
                    return (
                        Completion::Refused(errors::syntax_error(&errors, name)),
                        None,
                    );
                }
            };
        // The cell's rewrite maps its own edits (the hook calls in `catch` blocks among them) back.
        self.source_maps.set(
            name,
            Some(RanCode::Cell(&rewritten)),
            stripped,
            analysis::CatchInserts::default(),
        );
        self.scope.prepare(&rewritten, &self.context);
        if let Some(preload) = &rewritten.preload {
            // The cell's imports are loaded and checked first: one that fails fails the cell before it declares
            // anything (its names stay undeclared), as a module's failed linking would.
            let loaded = match self.run_script(preload, name, deadline) {
                Completion::Value(loading) => Completion::awaiting(loading, false),
                failed => failed,
            };
            let mut job_errors = Vec::new();
            match self.settle(loaded, deadline, &mut job_errors) {
                Completion::Value(_) if job_errors.is_empty() => {}
                Completion::Value(_) => {
                    return (Completion::Thrown(job_errors.swap_remove(0), None), None);
                }
                failed => return (failed, None),
            }
        }
        let mut completion = self.run_script(&rewritten.code, name, deadline);
        let completed = matches!(completion, Completion::Value(_));
        self.scope.record(&rewritten, completed, &mut self.context);
        if rewritten.is_async
            && let Completion::Value(wrapper) = completion
        {
            completion = Completion::awaiting(wrapper, true);
        }
        (completion, Some(rewritten))
    }

    fn run_script(
        &mut self,
        code: &str,
        source_name: &str,
        deadline: Option<Instant>,
    ) -> Completion {
        if let Err(e) = analysis::check_nesting(code, analysis::MAX_NESTING) {
            return Completion::Refused(errors::nesting_error(&e, source_name));
        }
        let source = Source::from_bytes(code.as_bytes()).with_path(Path::new(source_name));
        let script = match Script::parse(source, None, &mut self.context) {
            Ok(script) => script,
            Err(error) => return Completion::Thrown(error, None),
        };
        let stop = self.stop.clone();
        let id = self.execution_id.clone();
        let mut future = pin!(script.evaluate_async_with_budget(&mut self.context, BUDGET));
        let mut task_context = TaskContext::from_waker(Waker::noop());
        loop {
            match future.as_mut().poll(&mut task_context) {
                Poll::Ready(Ok(value)) => return Completion::Value(value),
                // A stop that came while a native function waited (`prompt`) ends it with an error: the
                // execution was stopped all the same.
                Poll::Ready(Err(error)) => return Completion::Thrown(error, stop.get(&id)),
                Poll::Pending => {
                    if let Some(reason) = stop_requested(&stop, &id, deadline) {
                        // Dropping the future abandons the script between two instructions; the Context stays
                        // usable (one stale frame remains below later evaluations; backtraces skip it).
                        return Completion::Thrown(stopped_error(), Some(reason));
                    }
                }
            }
        }
    }

    /// Runs a file (`vmjs run`, a startup file, a library) as a script or a module; a TypeScript file
    /// (`.ts`, `.mts`, `.cts`) with its types stripped.
    fn run_file(&mut self, text: &str, source_name: &str, deadline: Option<Instant>) -> Completion {
        if let Err(e) = analysis::check_nesting(text, analysis::MAX_NESTING) {
            return Completion::Refused(errors::nesting_error(&e, source_name));
        }
        match language::file(text, source_name, &self.source_maps) {
            Ok(code) => self.run_javascript_file(&code, source_name, deadline),
            Err(errors) => Completion::Refused(errors::syntax_error(&errors, source_name)),
        }
    }

    fn run_javascript_file(
        &mut self,
        text: &str,
        source_name: &str,
        deadline: Option<Instant>,
    ) -> Completion {
        let facts = analysis::file_facts(text);
        self.scope.record_references(facts.free_names);
        match facts.kind {
            SourceKind::Script => self.run_script(text, source_name, deadline),
            SourceKind::Module => {
                let source = Source::from_bytes(text.as_bytes()).with_path(Path::new(source_name));
                let module = match Module::parse(source, None, &mut self.context) {
                    Ok(module) => module,
                    Err(error) => return Completion::Thrown(error, None),
                };
                let promise = module.load_link_evaluate(&mut self.context);
                Completion::Awaiting {
                    promise,
                    boxed: false,
                }
            }
        }
    }

    /// Runs jobs; a promise the engine waits for ([`Completion::Awaiting`]) becomes its settled value (or the
    /// error it was rejected with; `undefined` if it never settles).
    fn settle(
        &mut self,
        completion: Completion,
        deadline: Option<Instant>,
        job_errors: &mut Vec<JsError>,
    ) -> Completion {
        if let Completion::Thrown(_, Some(_)) = completion {
            // Stopped: the jobs it scheduled are abandoned with it.
            self.executor.clear();
            return completion;
        }
        let stop = self.stop.clone();
        let id = self.execution_id.clone();
        let should_stop = || stop_requested(&stop, &id, deadline);
        let drained = self
            .executor
            .drain(&mut self.context, &should_stop, &mut |error, _| {
                job_errors.push(error)
            });
        if let Err(reason) = drained {
            return Completion::Thrown(stopped_error(), Some(reason));
        }
        let Completion::Awaiting { promise, boxed } = completion else {
            return completion;
        };
        let object: JsObject = promise.clone().into();
        self.hooks.unhandled.borrow_mut().retain(|p| p != &object);
        match promise.state() {
            PromiseState::Fulfilled(value) => match value.as_object() {
                Some(boxed_value) if boxed => match boxed_value.get(0, &mut self.context) {
                    Ok(value) => Completion::Value(value),
                    Err(error) => Completion::Thrown(error, None),
                },
                _ => Completion::Value(value),
            },
            PromiseState::Rejected(reason) => {
                Completion::Thrown(JsError::from_opaque(reason), None)
            }
            PromiseState::Pending => Completion::Value(JsValue::undefined()),
        }
    }
}

/// Whether execution `id` must stop now: takes in what the host sent meanwhile (a stop request), then
/// checks the flag and the deadline.
fn stop_requested(stop: &StopFlag, id: &str, deadline: Option<Instant>) -> Option<StopReason> {
    host_input::wait(Some(Duration::ZERO));
    stop.check(id, deadline)
}

fn stopped_error() -> JsError {
    JsError::from_native(boa_engine::JsNativeError::error().with_message("stopped"))
}
