//! `fetch` for sessions whose template grants hosts (`net:HOST[:PORT]`, [`crate::net`]): the native `send`
//! under the fetch prelude's `Headers`/`Request`/`Response` (`fetch/`), and the native side of a response body's stream.
//!
//! A request runs on a thread of tokio's blocking pool (ureq, blocking; at most [`MAX_REQUESTS_AT_ONCE`]
//! threads, further requests wait in the pool's queue, and one abandoned while it waits is never sent), so the
//! evaluation thread keeps polling its stop flag: the promise `send` returns settles from an async job that
//! looks at the thread's channel each time the job executor polls (every millisecond while a request is out).
//! It settles with the response's head; the thread then reads the body and sends it on in chunks as they
//! arrive, which `read_body` hands to the `ReadableStream` of `response.body` (so a long or endless stream, as a
//! server's events or a model's tokens, is read while it comes). An interrupt drops the job; the thread
//! finishes what it is reading and its answer is discarded. Redirects are followed here, hop by hop, and every
//! hop is checked against the grants again — a granted host cannot redirect code to one that is not.

use std::cell::RefCell;
use std::io::Read;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, TryRecvError};
use std::sync::{Arc, OnceLock};
use std::task::{Context as TaskContext, Poll};
use std::time::Duration;

use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::{JsArray, JsPromise, JsUint8Array};
use boa_engine::property::Attribute;
use boa_engine::{Context, JsData, JsError, JsNativeError, JsObject, JsResult, JsValue, js_string};
use boa_gc::{Finalize, Trace};
use url::Url;

use super::super::sandbox::{permission_denied, string_arg};
use super::super::state;
use super::trust;
use crate::net::{self, NetDenied};

/// Most bytes of a response body received but not read by the script yet (more waits for the script, then
/// fails the body).
pub(crate) const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;
/// How long the thread waits for the script to read a body that has [`MAX_BODY_BYTES`] unread.
const UNREAD_WAIT: Duration = Duration::from_secs(60);
/// Each phase of a request until its head has come (connecting, sending, the response's head) gives up after
/// this long. The body has no limit: a stream lasts as long as the server sends it (the script's signal or an
/// interrupt stop waiting for it).
const TIMEOUT: Duration = Duration::from_secs(60);
/// Most bytes read from the network at once (one chunk of the body's stream).
const CHUNK_BYTES: usize = 64 * 1024;
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

/// The head of what came back (the body follows in chunks).
struct Incoming {
    status: u16,
    status_text: String,
    url: String,
    redirected: bool,
    headers: Vec<(String, String)>,
}

/// A piece of a body, or why the body ended early.
type Chunk = Result<Vec<u8>, String>;

/// A response body arriving from the request's thread, chunk by chunk: the native side of `response.body`.
/// Dropped with its JavaScript object (or cancelled), it tells the thread to stop reading.
#[derive(Trace, Finalize, JsData)]
struct BodyStream {
    /// `None` once cancelled.
    #[unsafe_ignore_trace]
    chunks: RefCell<Option<mpsc::Receiver<Chunk>>>,
    /// Bytes received and not read yet.
    #[unsafe_ignore_trace]
    unread: Arc<AtomicU64>,
    #[unsafe_ignore_trace]
    wanted: Wanted,
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
    let (chunks, body) = mpsc::channel::<Chunk>();
    let unread = Arc::new(AtomicU64::new(0));
    let pool = request_pool()
        .map_err(|e| fetch_failed(&format!("cannot start the request threads: {e}")))?;
    let wanted = Wanted(Arc::new(AtomicBool::new(true)));
    let (still_wanted, received) = (Arc::clone(&wanted.0), Arc::clone(&unread));
    pool.spawn_blocking(move || {
        if !still_wanted.load(Ordering::Relaxed) {
            return;
        }
        let url = outgoing.url.to_string();
        match exchange(outgoing, &grants) {
            // The script may have stopped waiting (interrupt): nobody to tell then.
            Ok((head, response)) => {
                if answer.send(Ok(head)).is_ok() {
                    pump(response, &chunks, &received, &still_wanted, &url);
                }
            }
            Err(failure) => {
                let _ = answer.send(Err(failure));
            }
        }
    });
    // `token.abandoned = true` (fetch/fetch.js, when the request's signal aborts): stop waiting for the thread.
    let token = args.get(5).and_then(JsValue::as_object);
    let promise = JsPromise::from_async_fn(
        async move |context| {
            // Until the head comes the job holds the flag; then the body's stream does.
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
                Some(Ok(incoming)) => {
                    let stream = BodyStream {
                        chunks: RefCell::new(Some(body)),
                        unread,
                        wanted,
                    };
                    to_js(incoming, stream, context)
                }
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

/// Sends the request and follows its redirects, each checked against `grants` (on the request's thread);
/// the final response's head, and its body to read.
fn exchange(mut outgoing: Outgoing, grants: &[String]) -> Result<(Incoming, ureq::Body), Failure> {
    // A trust setting that cannot serve fails https requests only (each hop is checked: a redirect may lead
    // from http to https).
    let trust = trust::tls_config();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(
            trust
                .as_ref()
                .map_or_else(|_| Default::default(), |tls| (*tls).clone()),
        )
        // The worker connects to the granted host itself: a proxy from the host's environment would be a
        // destination no grant names.
        .proxy(None)
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_connect(Some(TIMEOUT))
        .timeout_send_request(Some(TIMEOUT))
        .timeout_send_body(Some(TIMEOUT))
        .timeout_recv_response(Some(TIMEOUT))
        .build()
        .into();
    let mut redirects = 0;
    loop {
        if let (Err(reason), "https") = (&trust, outgoing.url.scheme()) {
            return Err(Failure::Network(format!(
                "{} {}: {reason}",
                outgoing.method, outgoing.url
            )));
        }
        let response = request(&agent, &outgoing)?;
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
            let head = Incoming {
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
            };
            return Ok((head, response.into_body()));
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
    sent.map_err(|e| match trust::hint(&e) {
        Some(hint) => failed(&format!("{e}; {hint}")),
        None => failed(&e),
    })
}

/// Reads `body` into `chunks` as it arrives, until its end, an error, or the script no longer wants it; while
/// [`MAX_BODY_BYTES`] are unread it waits for the script (at most [`UNREAD_WAIT`], then the body fails).
fn pump(
    body: ureq::Body,
    chunks: &mpsc::Sender<Chunk>,
    unread: &AtomicU64,
    wanted: &AtomicBool,
    url: &str,
) {
    let mut reader = body.into_reader();
    let mut buffer = vec![0u8; CHUNK_BYTES];
    loop {
        let mut waited = Duration::ZERO;
        while unread.load(Ordering::Relaxed) > MAX_BODY_BYTES {
            if !wanted.load(Ordering::Relaxed) {
                return;
            }
            if waited >= UNREAD_WAIT {
                let _ = chunks.send(Err(format!(
                    "the body of {url} was not read: {} MiB waited {} s",
                    MAX_BODY_BYTES / (1024 * 1024),
                    UNREAD_WAIT.as_secs()
                )));
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
            waited += Duration::from_millis(10);
        }
        if !wanted.load(Ordering::Relaxed) {
            return;
        }
        match reader.read(&mut buffer) {
            Ok(0) => return,
            Ok(read) => {
                unread.fetch_add(read as u64, Ordering::Relaxed);
                if chunks.send(Ok(buffer[..read].to_vec())).is_err() {
                    return;
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => {
                let _ = chunks.send(Err(format!("reading the body of {url}: {error}")));
                return;
            }
        }
    }
}

/// `readBody(body)` → a promise of the body's next chunk (a `Uint8Array`), or `null` at its end; rejected with
/// a `TypeError` ("fetch failed: …") when the body broke off.
pub(super) fn read_body(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let stream = body_stream(args)?;
    let promise = JsPromise::from_async_fn(
        async move |context| {
            let next = std::future::poll_fn(|_: &mut TaskContext<'_>| {
                let Some(body) = stream.downcast_ref::<BodyStream>() else {
                    return Poll::Ready(None);
                };
                let chunks = body.chunks.borrow();
                match chunks.as_ref().map(mpsc::Receiver::try_recv) {
                    Some(Ok(chunk)) => {
                        if let Ok(bytes) = &chunk {
                            body.unread.fetch_sub(bytes.len() as u64, Ordering::Relaxed);
                        }
                        Poll::Ready(Some(chunk))
                    }
                    Some(Err(TryRecvError::Empty)) => Poll::Pending,
                    // Cancelled, or the thread is done: the end.
                    None | Some(Err(TryRecvError::Disconnected)) => Poll::Ready(None),
                }
            })
            .await;
            let context = &mut context.borrow_mut();
            match next {
                None => Ok(JsValue::null()),
                Some(Ok(bytes)) => Ok(JsUint8Array::from_array_buffer(
                    crate::runtime::bytes::array_buffer_of(&bytes, context)?,
                    context,
                )?
                .into()),
                Some(Err(message)) => Err(fetch_failed(&message)),
            }
        },
        context,
    );
    Ok(promise.into())
}

/// `cancelBody(body)`: the script wants no more of it; the thread stops reading.
pub(super) fn cancel_body(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let stream = body_stream(args)?;
    if let Some(body) = stream.downcast_ref::<BodyStream>() {
        body.chunks.borrow_mut().take();
        body.wanted.0.store(false, Ordering::Relaxed);
    }
    Ok(JsValue::undefined())
}

fn body_stream(args: &[JsValue]) -> JsResult<JsObject> {
    args.first()
        .and_then(JsValue::as_object)
        .filter(|object| object.downcast_ref::<BodyStream>().is_some())
        .ok_or_else(|| {
            JsNativeError::typ()
                .with_message("fetch: not a response body")
                .into()
        })
}

fn to_js(incoming: Incoming, body: BodyStream, context: &mut Context) -> JsResult<JsValue> {
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
    let body = JsObject::from_proto_and_data(None, body);
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
