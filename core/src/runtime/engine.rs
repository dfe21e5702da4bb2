//! The engine of one session: a boa `Context` with our console, clock, job executor, module loader and
//! sandbox, and [`Engine::evaluate`], which runs one [`EvalRequest`] to an [`EvalDone`].
//!
//! Synchronous top-level code runs under boa's budgeted evaluation, polled between slices: when the host asks
//! to stop (or the wall-clock budget runs out) the engine's loop and recursion limits are dropped to zero so
//! the running code unwinds with an uncatchable error at its next back-jump or call — the Context stays
//! consistent and globals survive. What runs outside that loop (native callbacks, jobs, module evaluation)
//! cannot be stopped softly; the host kills the worker for those.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context as TaskContext, Poll, Waker};
use std::time::{Duration, Instant};

use boa_engine::builtins::promise::PromiseState;
use boa_engine::context::HostHooks;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, JsError, JsObject, JsResult, JsValue, Module, Script, Source};
use boa_runtime::extensions::{
    Base64Extension, EncodingExtension, MicrotaskExtension, RuntimeExtension,
    StructuredCloneExtension, TimeoutExtension, UrlExtension,
};

use super::clock::VmClock;
use super::errors::{self, RawException};
use super::inspect::{InspectOptions, inspect, type_name};
use super::jobs::Executor;
use super::modules::RootModuleLoader;
use super::state::{self, CurrentExecution, StopFlag};
use super::{console, json, sandbox};
use crate::analysis::{self, SourceKind};
use crate::model::{EventBody, ExceptionPayload, ExecutionKind, ValuePayload};
use crate::protocol::{CheckError, EvalDone, EvalRequest, EvalStatus, StopReason, WorkerInit};

/// VM instructions per budget slice between stop checks.
const BUDGET: u32 = 100_000;

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
}

/// How the evaluated code ended, before it is turned into an [`EvalDone`].
enum Completion {
    Value(JsValue),
    Thrown(JsError, Option<StopReason>),
    Refused(ExceptionPayload),
}

impl Engine {
    /// Builds the Context for a session (console, timers, `vmjs`, modules confined to `init.root`).
    pub fn new(init: &WorkerInit, stop: StopFlag) -> JsResult<Self> {
        let root = PathBuf::from(&init.root);
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
        let mut context = Context::builder()
            .clock(clock)
            .job_executor(executor.clone())
            .host_hooks(hooks.clone())
            .module_loader(Rc::new(RootModuleLoader::new(root.clone())))
            .build()?;
        // Timers, microtasks, structuredClone, atob/btoa, TextEncoder/Decoder, URL. No fetch, no process:
        // ambient authority only comes from capabilities (see `sandbox`).
        (
            TimeoutExtension,
            MicrotaskExtension,
            StructuredCloneExtension,
            Base64Extension,
            EncodingExtension,
            UrlExtension,
        )
            .register(None, &mut context)?;
        console::register(&mut context)?;
        sandbox::register(&mut context, &init.args, init.deterministic)?;
        let limits = context.runtime_limits_mut();
        limits.set_loop_iteration_limit(init.loop_iterations.unwrap_or(u64::MAX));
        limits.set_recursion_limit(init.recursion as usize);
        Ok(Self {
            context,
            executor,
            hooks,
            stop,
            execution_id: String::new(),
        })
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
                side_effects: std::cell::Cell::new(false),
            });
        }
        self.hooks.unhandled.borrow_mut().clear();
        let mut job_errors: Vec<JsError> = Vec::new();
        let mut rewrite = None;
        let completion = match request.kind {
            ExecutionKind::Repl => match analysis::rewrite_repl_input(&request.source) {
                Ok(rewritten) => {
                    let completion =
                        self.run_script(&rewritten.code, &request.source_name, deadline);
                    rewrite = Some(rewritten);
                    completion
                }
                Err(diagnostics) => {
                    Completion::Refused(syntax_error(&diagnostics, &request.source_name))
                }
            },
            ExecutionKind::RunFile | ExecutionKind::Startup => {
                self.run_file(&request.source, &request.source_name, deadline)
            }
        };
        // Jobs (promise reactions, timers) run to completion before the execution ends.
        let completion = self.settle(completion, deadline, &mut job_errors);
        for promise in self.hooks.unhandled.borrow_mut().drain(..) {
            if let Ok(promise) = JsPromise::from_object(promise)
                && let PromiseState::Rejected(reason) = promise.state()
            {
                job_errors.push(JsError::from_opaque(reason));
            }
        }
        let map = |file: &str, line: u32, column: u32| match &rewrite {
            Some(rewrite) if file == request.source_name => rewrite.original_position(line, column),
            _ => (line, column),
        };
        let describe = |error: JsError, stop: Option<StopReason>, context: &mut Context| {
            let raw: RawException = errors::describe(error, stop, context);
            let fallback = reference_fallback(&raw, &request.source, &request.source_name);
            raw.into_payload(&map, fallback)
        };
        let (mut status, value, mut error) = match completion {
            Completion::Value(value) => (EvalStatus::Ok, Some(value), None),
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
        let result = match (&error, value) {
            (None, Some(value)) => self.value_payload(&value, request.kind),
            _ => None,
        };
        if let Some(result) = &result {
            state::emit(EventBody::Value(result.clone()));
        }
        if let Some(error) = &error {
            state::emit(EventBody::Exception(error.clone()));
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
        }
    }

    fn run_script(
        &mut self,
        code: &str,
        source_name: &str,
        deadline: Option<Instant>,
    ) -> Completion {
        if let Err(e) = analysis::check_nesting(code, analysis::MAX_NESTING) {
            return Completion::Refused(nesting_error(&e, source_name));
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
                Poll::Ready(Err(error)) => return Completion::Thrown(error, None),
                Poll::Pending => {
                    if let Some(reason) = stop.check(&id, deadline) {
                        // Dropping the future abandons the script between two instructions; the Context stays
                        // usable (one stale frame remains below later evaluations; backtraces skip it).
                        return Completion::Thrown(stopped_error(), Some(reason));
                    }
                }
            }
        }
    }

    fn run_file(&mut self, text: &str, source_name: &str, deadline: Option<Instant>) -> Completion {
        if let Err(e) = analysis::check_nesting(text, analysis::MAX_NESTING) {
            return Completion::Refused(nesting_error(&e, source_name));
        }
        match analysis::source_kind(text) {
            SourceKind::Script => self.run_script(text, source_name, deadline),
            SourceKind::Module => {
                let source = Source::from_bytes(text.as_bytes()).with_path(Path::new(source_name));
                let module = match Module::parse(source, None, &mut self.context) {
                    Ok(module) => module,
                    Err(error) => return Completion::Thrown(error, None),
                };
                let promise = module.load_link_evaluate(&mut self.context);
                Completion::Value(promise.into())
            }
        }
    }

    /// Runs jobs; if the completion value is a promise, it becomes its settled value.
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
        let should_stop = || stop.check(&id, deadline);
        let drained = self
            .executor
            .drain(&mut self.context, &should_stop, &mut |error, _| {
                job_errors.push(error)
            });
        if let Err(reason) = drained {
            return Completion::Thrown(stopped_error(), Some(reason));
        }
        match completion {
            Completion::Value(value) => {
                let Some(promise) = value
                    .as_object()
                    .and_then(|o| JsPromise::from_object(o.clone()).ok())
                else {
                    return Completion::Value(value);
                };
                let object: JsObject = promise.clone().into();
                self.hooks.unhandled.borrow_mut().retain(|p| p != &object);
                match promise.state() {
                    PromiseState::Fulfilled(value) => Completion::Value(value),
                    PromiseState::Rejected(reason) => {
                        Completion::Thrown(JsError::from_opaque(reason), None)
                    }
                    PromiseState::Pending => Completion::Value(JsValue::undefined()),
                }
            }
            other => other,
        }
    }

    fn value_payload(&mut self, value: &JsValue, kind: ExecutionKind) -> Option<ValuePayload> {
        if value.is_undefined() || kind == ExecutionKind::Startup {
            return None;
        }
        let context = &mut self.context;
        Some(ValuePayload {
            type_name: type_name(value, context),
            preview: inspect(value, &InspectOptions::default(), context),
            json: json::plain_json(value, context),
            mime: None,
        })
    }

    /// Parses `source` with boa (no evaluation) and returns what boa rejects (empty if it accepts the text).
    pub fn check(&mut self, source: &str, module: bool) -> Vec<CheckError> {
        if let Err(e) = analysis::check_nesting(source, analysis::MAX_NESTING) {
            return vec![CheckError {
                message: format!(
                    "brackets are nested too deeply (more than {} levels)",
                    e.depth - 1
                ),
                line: Some(e.line),
                column: Some(e.column),
            }];
        }
        let text = Source::from_bytes(source.as_bytes());
        let parsed = if module {
            Module::parse(text, None, &mut self.context).map(|_| ())
        } else {
            Script::parse(text, None, &mut self.context).map(|_| ())
        };
        match parsed {
            Ok(()) => Vec::new(),
            Err(error) => vec![errors::check_error(&error.to_string())],
        }
    }

    /// Global names (for completion).
    pub fn global_names(&mut self) -> Vec<String> {
        let global = self.context.global_object();
        let mut names: Vec<String> = global
            .own_property_keys(&mut self.context)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|k| match k {
                boa_engine::property::PropertyKey::String(s) => Some(s.to_std_string_escaped()),
                _ => None,
            })
            .collect();
        names.sort();
        names
    }
}

fn stopped_error() -> JsError {
    JsError::from_native(boa_engine::JsNativeError::error().with_message("stopped"))
}

/// A syntax error found before evaluation (by oxc), positioned in the user's text.
fn syntax_error(diagnostics: &[analysis::Diagnostic], source_name: &str) -> ExceptionPayload {
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

fn nesting_error(error: &analysis::NestingError, source_name: &str) -> ExceptionPayload {
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

/// boa reports `?:?` for a top-level `ReferenceError`; find the unresolved name in the source instead.
fn reference_fallback(
    raw: &RawException,
    source: &str,
    source_name: &str,
) -> Option<(String, u32, u32)> {
    if raw.name != "ReferenceError" {
        return None;
    }
    let name = raw.message.strip_suffix(" is not defined")?;
    let (line, column) = analysis::find_identifier(source, name)?;
    Some((source_name.to_owned(), line, column))
}
