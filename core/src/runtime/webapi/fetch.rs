//! `fetch` for sessions whose template grants hosts (`net:HOST[:PORT]`, [`crate::net`]): the native `send`
//! under `fetch.js`'s `Headers`/`Request`/`Response`.
//!
//! A request runs on a thread of tokio's blocking pool (ureq, blocking, one global timeout; at most
//! [`MAX_REQUESTS_AT_ONCE`] threads, further requests wait in the pool's queue, and one abandoned while it
//! waits is never sent), so the evaluation thread keeps polling its stop flag: the promise `send` returns settles from an async job that looks at the thread's
//! channel each time the job executor polls (every millisecond while a request is out). An interrupt drops
//! the job; the thread finishes its request and its answer is discarded. Redirects are followed here, hop by
//! hop, and every hop is checked against the grants again — a granted host cannot redirect code to one that
//! is not.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, TryRecvError};
use std::sync::{Arc, OnceLock};
use std::task::{Context as TaskContext, Poll};
use std::time::Duration;

use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::{JsArray, JsPromise, JsUint8Array};
use boa_engine::property::Attribute;
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsValue, js_string};
use url::Url;

use super::super::sandbox::{permission_denied, string_arg};
use super::super::state;
use crate::net::{self, NetDenied};

/// Most bytes of a response body kept (a larger body fails the request).
pub(crate) const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;
/// One request, redirects included, gives up after this long.
const TIMEOUT: Duration = Duration::from_secs(60);
/// Redirects followed before the request fails (as browsers and Node: 20).
const MAX_REDIRECTS: usize = 20;
/// Requests of one worker out at once; more wait their turn, so a loop of a thousand fetches does not start a
/// thousand threads (browsers allow 6 connections per host; Node's agent has no limit).
pub(crate) const MAX_REQUESTS_AT_ONCE: usize = 16;

/// The pool requests run on: tokio's blocking pool, of a runtime made by the first request and otherwise
/// never driven (no scheduler thread; idle pool threads end after 10 s).
fn request_pool() -> Result<&'static tokio::runtime::Handle, String> {
    static POOL: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    POOL.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .max_blocking_threads(MAX_REQUESTS_AT_ONCE)
            .thread_name("vmjs-fetch")
            .build()
            .map_err(|e| e.to_string())
    })
    .as_ref()
    .map(tokio::runtime::Runtime::handle)
    .map_err(Clone::clone)
}

/// Set while the script still waits for its request; cleared when the promise's job ends or is dropped
/// (an abort, an interrupt), so a request still waiting its turn is never sent.
struct Wanted(Arc<AtomicBool>);

impl Drop for Wanted {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

/// What the script asked for.
struct Outgoing {
    method: String,
    url: Url,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    redirect: Redirect,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Redirect {
    Follow,
    Manual,
    Error,
}

/// What came back.
struct Incoming {
    status: u16,
    status_text: String,
    url: String,
    redirected: bool,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

enum Failure {
    Denied(NetDenied),
    Network(String),
}

/// `send(method, url, [[name, value]…], bytes | undefined, redirect, token)` → a promise of
/// `{status, statusText, url, redirected, headers: [[name, value]…], body: Uint8Array}`; rejected with
/// `PermissionDenied` for a host the template does not grant, a `TypeError` ("fetch failed: …") otherwise.
pub(super) fn send(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let outgoing = outgoing(args, context)?;
    let state =
        state::get().ok_or_else(|| JsNativeError::error().with_message("no worker state"))?;
    let grants = state.capabilities.net.clone();
    if let Err(denied) = net::check(&grants, &outgoing.url) {
        return Err(denial(denied, context));
    }
    state::mark_side_effects();
    let (answer, answered) = mpsc::sync_channel(1);
    let pool = request_pool()
        .map_err(|e| fetch_failed(&format!("cannot start the request threads: {e}")))?;
    let wanted = Wanted(Arc::new(AtomicBool::new(true)));
    let still_wanted = Arc::clone(&wanted.0);
    pool.spawn_blocking(move || {
        if still_wanted.load(Ordering::Relaxed) {
            // The script may have stopped waiting (interrupt): nobody to tell then.
            let _ = answer.send(exchange(outgoing, &grants));
        }
    });
    // `token.abandoned = true` (fetch.js, when the request's signal aborts): stop waiting for the thread.
    let token = args.get(5).and_then(JsValue::as_object);
    let promise = JsPromise::from_async_fn(
        async move |context| {
            let _wanted = wanted;
            let result =
                std::future::poll_fn(|_: &mut TaskContext<'_>| match answered.try_recv() {
                    Ok(answer) => Poll::Ready(Some(answer)),
                    Err(TryRecvError::Disconnected) => Poll::Ready(Some(Err(Failure::Network(
                        "the request's thread ended without an answer".into(),
                    )))),
                    Err(TryRecvError::Empty) if abandoned(token.as_ref(), context) => {
                        Poll::Ready(None)
                    }
                    Err(TryRecvError::Empty) => Poll::Pending,
                })
                .await;
            let context = &mut context.borrow_mut();
            match result {
                // The script rejected its promise already (an abort); the request's thread ends alone.
                None => Ok(JsValue::undefined()),
                Some(Ok(incoming)) => to_js(incoming, context),
                Some(Err(Failure::Denied(denied))) => Err(denial(denied, context)),
                Some(Err(Failure::Network(message))) => Err(fetch_failed(&message)),
            }
        },
        context,
    );
    Ok(promise.into())
}

fn abandoned(token: Option<&JsObject>, context: &RefCell<&mut Context>) -> bool {
    let Some(token) = token else { return false };
    let context = &mut context.borrow_mut();
    token
        .get(js_string!("abandoned"), context)
        .is_ok_and(|value| value.to_boolean())
}

fn outgoing(args: &[JsValue], context: &mut Context) -> JsResult<Outgoing> {
    let text = |index: usize, context: &mut Context| string_arg(args, index, context);
    let method = text(0, context)?;
    let url_text = text(1, context)?;
    let url = Url::parse(&url_text).map_err(|e| {
        JsNativeError::typ().with_message(format!("fetch: invalid URL {url_text:?}: {e}"))
    })?;
    let mut headers = Vec::new();
    if let Some(list) = args.get(2).and_then(JsValue::as_object) {
        let length = list
            .get(js_string!("length"), context)?
            .to_length(context)?;
        for index in 0..length {
            let pair = list.get(index, context)?;
            let pair = pair
                .as_object()
                .ok_or_else(|| JsNativeError::typ().with_message("fetch: headers must be pairs"))?;
            let name = pair
                .get(0, context)?
                .to_string(context)?
                .to_std_string_escaped();
            let value = pair
                .get(1, context)?
                .to_string(context)?
                .to_std_string_escaped();
            headers.push((name, value));
        }
    }
    let body = match args.get(3).and_then(JsValue::as_object) {
        Some(bytes) => Some(
            JsUint8Array::from_object(bytes)
                .map_err(|_| JsNativeError::typ().with_message("fetch: the body must be bytes"))?
                .to_vec(context)?,
        ),
        None => None,
    };
    let redirect = match text(4, context)?.as_str() {
        "manual" => Redirect::Manual,
        "error" => Redirect::Error,
        _ => Redirect::Follow,
    };
    Ok(Outgoing {
        method,
        url,
        headers,
        body,
        redirect,
    })
}

/// Sends the request and follows its redirects, each checked against `grants` (on the request's thread).
fn exchange(mut outgoing: Outgoing, grants: &[String]) -> Result<Incoming, Failure> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        // The worker connects to the granted host itself: a proxy from the host's environment would be a
        // destination no grant names.
        .proxy(None)
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(TIMEOUT))
        .build()
        .into();
    let mut redirects = 0;
    loop {
        let mut response = request(&agent, &outgoing)?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let next = match (status, location) {
            (301 | 302 | 303 | 307 | 308, Some(location))
                if outgoing.redirect != Redirect::Manual =>
            {
                Some(location)
            }
            _ => None,
        };
        let Some(location) = next else {
            let body = response
                .body_mut()
                .with_config()
                .limit(MAX_BODY_BYTES)
                .read_to_vec()
                .map_err(|e| {
                    Failure::Network(format!("reading the body of {}: {e}", outgoing.url))
                })?;
            return Ok(Incoming {
                status,
                status_text: response
                    .status()
                    .canonical_reason()
                    .unwrap_or_default()
                    .to_owned(),
                url: outgoing.url.to_string(),
                redirected: redirects > 0,
                headers: response
                    .headers()
                    .iter()
                    .map(|(name, value)| {
                        (
                            name.as_str().to_owned(),
                            String::from_utf8_lossy(value.as_bytes()).into_owned(),
                        )
                    })
                    .collect(),
                body,
            });
        };
        if outgoing.redirect == Redirect::Error {
            return Err(Failure::Network(format!(
                "{} redirected (redirect: \"error\")",
                outgoing.url
            )));
        }
        redirects += 1;
        if redirects > MAX_REDIRECTS {
            return Err(Failure::Network(format!(
                "more than {MAX_REDIRECTS} redirects"
            )));
        }
        let target = outgoing.url.join(&location).map_err(|e| {
            Failure::Network(format!("a redirect to an invalid URL {location:?}: {e}"))
        })?;
        net::check(grants, &target).map_err(Failure::Denied)?;
        // As the Fetch standard: 303 (and 301/302 after POST) become GET without a body; credentials do not
        // cross to another origin.
        if status == 303 && outgoing.method != "HEAD"
            || matches!(status, 301 | 302) && outgoing.method == "POST"
        {
            outgoing.method = "GET".into();
            outgoing.body = None;
            outgoing.headers.retain(|(name, _)| {
                !name.eq_ignore_ascii_case("content-type")
                    && !name.eq_ignore_ascii_case("content-length")
            });
        }
        if target.origin() != outgoing.url.origin() {
            outgoing
                .headers
                .retain(|(name, _)| !name.eq_ignore_ascii_case("authorization"));
        }
        outgoing.url = target;
    }
}

fn request(
    agent: &ureq::Agent,
    outgoing: &Outgoing,
) -> Result<ureq::http::Response<ureq::Body>, Failure> {
    let mut builder = ureq::http::Request::builder()
        .method(outgoing.method.as_str())
        .uri(outgoing.url.as_str());
    for (name, value) in &outgoing.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let failed = |e: &dyn std::fmt::Display| {
        Failure::Network(format!("{} {}: {e}", outgoing.method, outgoing.url))
    };
    let sent = match &outgoing.body {
        Some(body) => agent.run(builder.body(body.clone()).map_err(|e| failed(&e))?),
        None => agent.run(builder.body(()).map_err(|e| failed(&e))?),
    };
    sent.map_err(|e| failed(&e))
}

fn to_js(incoming: Incoming, context: &mut Context) -> JsResult<JsValue> {
    let headers = JsArray::new(context)?;
    for (name, value) in incoming.headers {
        let pair = JsArray::from_iter(
            [
                js_string!(name.as_str()).into(),
                js_string!(value.as_str()).into(),
            ],
            context,
        );
        headers.push(pair, context)?;
    }
    let body =
        JsUint8Array::from_array_buffer(super::array_buffer_of(&incoming.body, context)?, context)?;
    let object = ObjectInitializer::new(context)
        .property(js_string!("status"), incoming.status, Attribute::all())
        .property(
            js_string!("statusText"),
            js_string!(incoming.status_text.as_str()),
            Attribute::all(),
        )
        .property(
            js_string!("url"),
            js_string!(incoming.url.as_str()),
            Attribute::all(),
        )
        .property(
            js_string!("redirected"),
            incoming.redirected,
            Attribute::all(),
        )
        .property(js_string!("headers"), headers, Attribute::all())
        .property(js_string!("body"), body, Attribute::all())
        .build();
    Ok(object.into())
}

fn denial(denied: NetDenied, context: &mut Context) -> JsError {
    match denied {
        NetDenied::Scheme(_) => JsNativeError::typ()
            .with_message(format!("fetch failed: {denied}"))
            .into(),
        NetDenied::NotGranted { .. } => permission_denied(denied.to_string(), context),
    }
}

fn fetch_failed(message: &str) -> JsError {
    JsNativeError::typ()
        .with_message(format!("fetch failed: {message}"))
        .into()
}
