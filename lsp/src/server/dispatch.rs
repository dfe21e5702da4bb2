//! Routing a request to its handler by its type (`.query::<DefinitionRequest>(definition::definition)`),
//! and the requests in flight (for `$/cancelRequest`).

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use gen_lsp_types::Request;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::Client;
use crate::context::Ctx;
use crate::rpc::{self, Id, ResponseError, codes};

/// Requests being handled, and whether each may be answered "cancelled" before it finishes.
#[derive(Clone, Default)]
pub struct InFlight(Arc<Mutex<HashMap<Id, bool>>>);

impl InFlight {
    fn start(&self, id: &Id, cancellable: bool) {
        if let Ok(mut requests) = self.0.lock() {
            requests.insert(id.clone(), cancellable);
        }
    }

    /// Whether `id` is still to be answered by its handler (not cancelled); forgets it.
    fn finish(&self, id: &Id) -> bool {
        self.0.lock().is_ok_and(|mut r| r.remove(id).is_some())
    }

    /// `$/cancelRequest`: a query still running is answered `RequestCancelled` now and its result dropped
    /// when it comes. Runs, hover and completion are answered normally (a run stops through
    /// `vmjs.interrupt` or its progress's cancel button; the others wait at most a few hundred ms).
    pub fn cancel(&self, id: &Id, client: &Client) {
        let cancelled = self.0.lock().is_ok_and(|mut requests| {
            if requests.get(id) == Some(&true) {
                requests.remove(id);
                true
            } else {
                false
            }
        });
        if cancelled {
            client.respond(
                id.clone(),
                Err(ResponseError::new(
                    codes::REQUEST_CANCELLED,
                    "cancelled by the client",
                )),
            );
        }
    }
}

/// A query's shortcut: its answer when the main loop can give it at once, else `None`.
pub type Shortcut<R> =
    fn(&Ctx, &<R as Request>::Params) -> Option<rpc::Result<<R as Request>::Result>>;

/// One request on its way to its handler; the first matching `query`/`task` takes it.
pub struct RequestDispatcher<'a> {
    request: Option<(Id, String, Value)>,
    ctx: Ctx,
    client: &'a Client,
    in_flight: &'a InFlight,
}

impl<'a> RequestDispatcher<'a> {
    pub fn new(
        id: Id,
        method: &str,
        params: Value,
        ctx: Ctx,
        client: &'a Client,
        in_flight: &'a InFlight,
    ) -> Self {
        Self {
            request: Some((id, method.to_owned(), params)),
            ctx,
            client,
            in_flight,
        }
    }

    /// A handler that computes its answer from the documents alone: it runs on the blocking pool (it may
    /// parse), answers from there (no hop back to the async runtime), and can be cancelled.
    pub fn query<R: Request>(self, handler: fn(&Ctx, R::Params) -> rpc::Result<R::Result>) -> Self {
        self.route::<R>(true, move |ctx, params, reply| {
            on_blocking_pool(ctx, params, reply, handler)
        })
    }

    /// A [`query`](Self::query) with a shortcut: `shortcut` runs first, on the main loop itself, and
    /// answers when it can without a parse or a file read (from an index already built: no hop to another
    /// thread, a few µs); when it returns `None`, `handler` answers as a query.
    pub fn query_or_shortcut<R: Request>(
        self,
        shortcut: Shortcut<R>,
        handler: fn(&Ctx, R::Params) -> rpc::Result<R::Result>,
    ) -> Self {
        self.route::<R>(true, move |ctx, params, reply| {
            // A shortcut that panics leaves the request to the handler (which reports it if it fails too).
            let answered =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| shortcut(&ctx, &params)))
                    .ok()
                    .flatten();
            match answered {
                Some(result) => reply.send(result),
                None => on_blocking_pool(ctx, params, reply, handler),
            }
        })
    }

    /// A handler that waits on sessions or the client: a task on the async runtime.
    pub fn task<R: Request, F>(self, handler: fn(Ctx, R::Params) -> F) -> Self
    where
        F: Future<Output = rpc::Result<R::Result>> + Send + 'static,
    {
        self.route::<R>(false, move |ctx, params, reply| {
            tokio::spawn(async move {
                // Its own task: a handler that panics ends that task only, and the client is told.
                let result = tokio::spawn(handler(ctx, params))
                    .await
                    .unwrap_or_else(|error| Err(handler_failed(error.to_string())));
                reply.send(result);
            });
        })
    }

    /// Answers `MethodNotFound` if no handler took the request.
    pub fn finish(self) {
        if let Some((id, method, _)) = self.request {
            self.client.respond(
                id,
                Err(ResponseError::new(
                    codes::METHOD_NOT_FOUND,
                    format!("unknown method {method}"),
                )),
            );
        }
    }

    /// Hands the request to `start` with its parsed parameters and the [`Reply`] that answers it, if it is
    /// an `R`; bad parameters are answered here.
    fn route<R: Request>(
        mut self,
        cancellable: bool,
        start: impl FnOnce(Ctx, R::Params, Reply),
    ) -> Self {
        let Some((id, method, params)) = self.request.take() else {
            return self;
        };
        if method != R::METHOD.as_str() {
            self.request = Some((id, method, params));
            return self;
        }
        let params = match parse::<R::Params>(params) {
            Ok(params) => params,
            Err(error) => {
                self.client.respond(id, Err(error));
                return self;
            }
        };
        self.in_flight.start(&id, cancellable);
        let reply = Reply {
            id,
            method,
            client: self.client.clone(),
            in_flight: self.in_flight.clone(),
            started: std::time::Instant::now(),
        };
        start(self.ctx.clone(), params, reply);
        self
    }
}

/// How a handler's result reaches the client: logged, then sent unless the request was cancelled meanwhile.
struct Reply {
    id: Id,
    method: String,
    client: Client,
    in_flight: InFlight,
    started: std::time::Instant,
}

impl Reply {
    fn send(self, result: rpc::Result<impl Serialize>) {
        let result = result.and_then(|value| to_json(&value));
        // `VMJS_LOG=vmjs_lsp=debug`: every answer, what it was, how long it took.
        tracing::debug!(
            elapsed_us = self.started.elapsed().as_micros() as u64,
            "{} → {}",
            self.method,
            match &result {
                Ok(value) => abbreviated(value),
                Err(error) => error.to_string(),
            }
        );
        if self.in_flight.finish(&self.id) {
            self.client.respond(self.id, result);
        }
    }
}

/// Runs a query's handler on the blocking pool and answers from there.
fn on_blocking_pool<P: Send + 'static, T: Serialize + Send + 'static>(
    ctx: Ctx,
    params: P,
    reply: Reply,
    handler: fn(&Ctx, P) -> rpc::Result<T>,
) {
    tokio::task::spawn_blocking(move || {
        // A handler that panics fails its request only, and the client is told.
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&ctx, params)))
                .unwrap_or_else(|panic| Err(handler_failed(panic_message(panic.as_ref()))));
        reply.send(result);
    });
}

fn handler_failed(why: String) -> ResponseError {
    ResponseError::internal(format!("the handler failed: {why}"))
}

/// What a panic said (its message, when it has one).
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "it panicked".to_owned())
}

/// A JSON answer for the debug log, cut at 300 characters.
fn abbreviated(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(300) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// A request's parameters (`InvalidParams` when they do not fit).
pub fn parse<P: DeserializeOwned>(params: Value) -> rpc::Result<P> {
    serde_json::from_value(params).map_err(|e| ResponseError::invalid_params(e.to_string()))
}

/// A handler's answer as JSON.
pub fn to_json(value: &impl Serialize) -> rpc::Result<Value> {
    serde_json::to_value(value).map_err(|e| ResponseError::internal(e.to_string()))
}
