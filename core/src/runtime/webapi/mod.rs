//! Web APIs that Deno, Node and browsers share and notebooks use: `URLSearchParams` (and `URL#searchParams`),
//! `DOMException`, `Event`/`EventTarget`/`CustomEvent`, `AbortController`/`AbortSignal`, `performance`,
//! `crypto` (`getRandomValues`, `randomUUID`, `subtle.digest`), and `global` as Node's alias of `globalThis`.
//!
//! Written in JavaScript (`web.js`, installed lazily: [`super::lazy`]) over four natives: the session's clock
//! (virtual in deterministic mode), its random source (seeded in deterministic mode, the operating system's
//! otherwise) and SHA digests. None grants authority: no network, no files, no timers of its own.
//!
//! `fetch` (with `Headers`, `Request`, `Response`) is a prelude of its own (`fetch/*.js` over `fetch.rs`), and
//! reaches only the hosts the template grants (`net:HOST[:PORT]`).

use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::PropertyDescriptor;
use boa_engine::{
    Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
    js_string,
};
use sha1::Digest as _;

use super::lazy;
use super::state;

mod base64;
mod fetch;
mod structured_clone;
#[cfg(test)]
mod tests;
pub(crate) mod text_decoder;
mod trust;
pub(crate) mod url;

/// The globals `web.js` defines.
const GLOBALS: [&str; 15] = [
    "URLSearchParams",
    "DOMException",
    "Event",
    "EventTarget",
    "CustomEvent",
    "AbortController",
    "AbortSignal",
    "performance",
    "Performance",
    "PerformanceEntry",
    "PerformanceMark",
    "PerformanceMeasure",
    "crypto",
    "Crypto",
    "SubtleCrypto",
];

/// The Web APIs' prelude.
pub static PRELUDE: lazy::Prelude = lazy::Prelude {
    path: "<vmjs:web>",
    source: include_str!("web.js"),
    globals: &GLOBALS,
    mentioned_by: &[],
    natives,
    requires: None,
};

/// `fetch` and its classes (`fetch/*.js` over [`fetch::send`]), built on the Web APIs' prelude.
pub static FETCH_PRELUDE: lazy::Prelude = lazy::Prelude {
    path: "<vmjs:fetch>",
    // One function expression in five files (see `fetch/open.js`), joined in order.
    source: concat!(
        include_str!("fetch/open.js"),
        include_str!("fetch/headers.js"),
        include_str!("fetch/streams.js"),
        include_str!("fetch/blob.js"),
        include_str!("fetch/fetch.js"),
    ),
    globals: &[
        "fetch",
        "Headers",
        "Request",
        "Response",
        "Blob",
        "File",
        "FormData",
        "ReadableStream",
        "ReadableStreamDefaultReader",
        "WritableStream",
        "WritableStreamDefaultWriter",
        "TransformStream",
        "TextDecoderStream",
        "TextEncoderStream",
    ],
    natives: fetch_natives,
    mentioned_by: &[],
    requires: Some(&PRELUDE),
};

fn fetch_natives(context: &mut Context) -> JsObject {
    ObjectInitializer::new(context)
        .function(
            NativeFunction::from_fn_ptr(fetch::send),
            js_string!("send"),
            6,
        )
        .function(
            NativeFunction::from_fn_ptr(fetch::read_body),
            js_string!("readBody"),
            1,
        )
        .function(
            NativeFunction::from_fn_ptr(fetch::cancel_body),
            js_string!("cancelBody"),
            1,
        )
        .function(
            NativeFunction::from_fn_ptr(super::inspect::register_entries_printer),
            js_string!("printEntries"),
            2,
        )
        .build()
}

/// Most random bytes one call gives (`crypto.getRandomValues`' quota).
const MAX_RANDOM_BYTES: usize = 65_536;

/// Defines the Web API globals (lazily), `global`, and `URL.prototype.searchParams`, and names boa_runtime's
/// functions.
pub fn register(context: &mut Context) -> JsResult<()> {
    super::inspect::add_native_viewer(native_view, context);
    url::register(context)?;
    structured_clone::register(context)?;
    base64::register(context)?;
    name_runtime_functions(context)?;
    text_decoder::register(context)?;
    lazy::register(&PRELUDE, context)?;
    lazy::register(&FETCH_PRELUDE, context)?;
    let global = context.global_object();
    lazy::define_hidden("global", global.into(), context)?;
    search_params_getter(context)
}

/// A `DOMException` named `name` (as Web APIs throw them), or a `TypeError` with the same message if
/// code replaced the global `DOMException` with what cannot construct one.
pub(in crate::runtime) fn dom_exception(
    message: &str,
    name: &str,
    context: &mut Context,
) -> JsError {
    let made = context
        .global_object()
        .get(js_string!("DOMException"), context)
        .and_then(|class| {
            let class = class.as_constructor().ok_or_else(|| {
                JsNativeError::typ().with_message("DOMException is not a constructor")
            })?;
            class.construct(
                &[JsString::from(message).into(), JsString::from(name).into()],
                None,
                context,
            )
        });
    match made {
        Ok(exception) => JsError::from_opaque(exception.into()),
        Err(_) => JsNativeError::typ().with_message(message.to_owned()).into(),
    }
}

/// `globalThis[class].prototype`, if the global is there and has one.
fn global_prototype(class: &str, context: &mut Context) -> JsResult<Option<JsObject>> {
    let class = context
        .global_object()
        .get(boa_engine::JsString::from(class), context)?;
    Ok(class
        .as_object()
        .map(|class| class.get(js_string!("prototype"), context))
        .transpose()?
        .and_then(|p| p.as_object()))
}

/// `URL.prototype.searchParams` (boa's `URL` leaves it unimplemented): the URL's live `URLSearchParams`.
fn search_params_getter(context: &mut Context) -> JsResult<()> {
    let Some(prototype) = global_prototype("URL", context)? else {
        return Ok(()); // no URL in this build: nothing to complete
    };
    let get = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_fn_ptr(|this, _, context| {
            let api = lazy::install(&PRELUDE, context)?;
            let of = api.get(js_string!("searchParamsOf"), context)?;
            let of = of.as_callable().ok_or_else(|| {
                JsNativeError::typ().with_message("searchParamsOf is not a function")
            })?;
            of.call(&JsValue::undefined(), std::slice::from_ref(this), context)
        }),
    )
    .name(js_string!("get searchParams"))
    .build();
    prototype.define_property_or_throw(
        js_string!("searchParams"),
        PropertyDescriptor::builder()
            .get(get)
            .enumerable(true)
            .configurable(true),
        context,
    )?;
    Ok(())
}

/// Globals boa_runtime registers without a `name`: named as in Node and browsers, so they print as
/// `[Function: atob]`, not `[Function (anonymous)]`.
const RUNTIME_FUNCTIONS: [&str; 8] = [
    "atob",
    "btoa",
    "structuredClone",
    "queueMicrotask",
    "setTimeout",
    "setInterval",
    "clearTimeout",
    "clearInterval",
];

fn name_runtime_functions(context: &mut Context) -> JsResult<()> {
    for name in RUNTIME_FUNCTIONS {
        let value = context
            .global_object()
            .get(boa_engine::JsString::from(name), context)?;
        let Some(function) = value.as_object().filter(|f| f.is_callable()) else {
            continue;
        };
        let current = function.get(boa_engine::js_string!("name"), context)?;
        if current.as_string().is_none_or(|s| s.is_empty()) {
            lazy::define_read_only_on(
                &function,
                boa_engine::js_string!("name"),
                boa_engine::JsString::from(name),
                context,
            )?;
        }
    }
    Ok(())
}

fn natives(context: &mut Context) -> JsObject {
    ObjectInitializer::new(context)
        .function(
            NativeFunction::from_fn_ptr(super::inspect::register_entries_printer),
            js_string!("printEntries"),
            2,
        )
        .function(
            NativeFunction::from_fn_ptr(super::inspect::register_trusted_getter),
            js_string!("trustGetter"),
            1,
        )
        .function(NativeFunction::from_fn_ptr(now), js_string!("now"), 0)
        .function(
            NativeFunction::from_fn_ptr(time_origin),
            js_string!("timeOrigin"),
            0,
        )
        .function(
            NativeFunction::from_fn_ptr(random_bytes),
            js_string!("randomBytes"),
            1,
        )
        .function(NativeFunction::from_fn_ptr(digest), js_string!("digest"), 2)
        .build()
}

/// Milliseconds (fractional) since the session's clock started: `performance.now()`.
fn now_ms(context: &Context) -> f64 {
    context.clock().now().nanos_since_epoch() as f64 / 1e6
}

fn now(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    Ok(JsValue::from(now_ms(context)))
}

/// The wall-clock time (ms since the Unix epoch) at which `performance.now()` was 0.
fn time_origin(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let wall = context.clock().system_time_millis() as f64;
    Ok(JsValue::from(wall - now_ms(context)))
}

/// `n` random bytes as an array of numbers: seeded (splitmix64, like `Math.random`) in deterministic mode, the
/// operating system's otherwise.
pub(in crate::runtime) fn random_bytes(
    _: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let n = args
        .first()
        .and_then(JsValue::as_number)
        .filter(|n| *n >= 0.0 && *n <= MAX_RANDOM_BYTES as f64)
        .ok_or_else(|| JsNativeError::range().with_message("randomBytes: 0 to 65536 bytes"))?
        as usize;
    let mut bytes = vec![0u8; n];
    match state::get().filter(|state| state.deterministic) {
        Some(state) => {
            for chunk in bytes.chunks_mut(8) {
                let word = super::sandbox::splitmix64(&state.random_state).to_le_bytes();
                chunk.copy_from_slice(&word[..chunk.len()]);
            }
        }
        None => getrandom::fill(&mut bytes).map_err(|error| {
            JsNativeError::error().with_message(format!("the system's random source: {error}"))
        })?,
    }
    Ok(byte_array(bytes, context))
}

/// `digest(name, bytes)`: the SHA digest of an array of byte numbers, as an array of byte numbers.
fn digest(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let name = args
        .first()
        .and_then(JsValue::as_string)
        .map(|name| name.to_std_string_escaped())
        .unwrap_or_default();
    let input = args
        .get(1)
        .and_then(JsValue::as_object)
        .ok_or_else(|| JsNativeError::typ().with_message("digest: bytes expected"))?;
    let length = input
        .get(js_string!("length"), context)?
        .to_length(context)?;
    let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
    for i in 0..length {
        let byte = input.get(i, context)?.to_uint8(context)?;
        bytes.push(byte);
    }
    let out: Vec<u8> = match name.as_str() {
        "SHA-1" => sha1::Sha1::digest(&bytes).to_vec(),
        "SHA-256" => sha2::Sha256::digest(&bytes).to_vec(),
        "SHA-384" => sha2::Sha384::digest(&bytes).to_vec(),
        "SHA-512" => sha2::Sha512::digest(&bytes).to_vec(),
        other => {
            return Err(JsNativeError::typ()
                .with_message(format!("digest: unsupported algorithm {other}"))
                .into());
        }
    };
    Ok(byte_array(out, context))
}

/// How inspection prints the Web APIs' native objects: a `TextDecoder` by its fields, a `URL` by its parts.
fn native_view(object: &JsObject) -> Option<super::inspect::NativeView> {
    if let Some(decoder) = object.downcast_ref::<text_decoder::TextDecoder>() {
        return Some(super::inspect::NativeView::Fields(
            decoder.printed_fields().to_vec(),
        ));
    }
    object
        .downcast_ref::<url::Url>()
        .map(|url| super::inspect::NativeView::Url(url.0.clone()))
}

/// Bytes as a JavaScript array of numbers (what `web.js` turns into a `Uint8Array`).
fn byte_array(bytes: Vec<u8>, context: &mut Context) -> JsValue {
    let values = bytes.into_iter().map(JsValue::from);
    boa_engine::object::builtins::JsArray::from_iter(values, context).into()
}
