//! `URL`, the WHATWG URL class, over the `url` crate (its parser and its `quirks` module, which is the URL
//! standard's API: the getters and setters below are one call each).
//!
//! vmjs's own rather than boa_runtime's: that one refuses every base that "cannot be a base" before parsing,
//! so `new URL("#x", "data:,")` and `new URL("#top", "about:blank")` threw, where the standard (and Node,
//! Deno, browsers) resolve a fragment against any base. Checked against the web-platform-tests' URL data
//! files (`tests/it/wpt.rs`). `URL.prototype.searchParams` is the Web APIs' (`web.js`, [`super`]).

#![allow(clippy::needless_pass_by_value)] // boa_class passes converted arguments by value

use boa_engine::class::Class;
use boa_engine::value::Convert;

use super::super::lazy::define_read_only_on;
use boa_engine::{
    Context, Finalize, JsData, JsResult, JsString, JsSymbol, JsValue, Trace, boa_class, js_error,
    js_string,
};

/// A `URL` object's data: the parsed URL.
#[derive(Debug, Clone, JsData, Trace, Finalize)]
#[boa_gc(unsafe_no_drop)]
pub(crate) struct Url(#[unsafe_ignore_trace] pub(crate) url::Url);

impl Url {
    /// Parses `input` against `base` as the URL standard's "API URL parser" does.
    fn parse(input: &str, base: Option<&str>) -> Result<url::Url, String> {
        let base = base
            .map(|base| {
                url::Url::parse(base).map_err(|e| format!("Invalid base URL {base:?}: {e}"))
            })
            .transpose()?;
        url::Url::options()
            .base_url(base.as_ref())
            .parse(input)
            .map_err(|e| format!("Invalid URL {input:?}: {e}"))
    }
}

#[boa_class(rename = "URL")]
#[boa(rename_all = "camelCase")]
impl Url {
    /// `new URL(input, base?)`.
    #[boa(constructor)]
    fn new(input: Convert<String>, base: Option<Convert<String>>) -> JsResult<Self> {
        Self::parse(&input.0, base.as_ref().map(|base| base.0.as_str()))
            .map(Self)
            .map_err(|message| js_error!(TypeError: "{}", message))
    }

    #[boa(getter)]
    fn href(&self) -> JsString {
        JsString::from(url::quirks::href(&self.0))
    }

    #[boa(setter)]
    #[boa(rename = "href")]
    fn set_href(&mut self, value: Convert<String>) -> JsResult<()> {
        url::quirks::set_href(&mut self.0, &value.0)
            .map_err(|e| js_error!(TypeError: "Invalid URL {:?}: {}", value.0, e))
    }

    /// As the standard since 2023 (the `url` crate predates it): a `blob:` URL has its inner URL's origin only
    /// when that is `http(s)`; any other is opaque (`"null"`).
    #[boa(getter)]
    fn origin(&self) -> JsString {
        if self.0.scheme() == "blob" {
            return match url::Url::parse(self.0.path()) {
                Ok(inner) if matches!(inner.scheme(), "http" | "https") => {
                    JsString::from(url::quirks::origin(&inner))
                }
                _ => JsString::from("null"),
            };
        }
        JsString::from(url::quirks::origin(&self.0))
    }

    #[boa(getter)]
    fn protocol(&self) -> JsString {
        JsString::from(url::quirks::protocol(&self.0))
    }

    #[boa(setter)]
    #[boa(rename = "protocol")]
    fn set_protocol(&mut self, value: Convert<String>) {
        // A setter ignores a value it cannot apply, as the standard says.
        let _ = url::quirks::set_protocol(&mut self.0, &value.0);
    }

    #[boa(getter)]
    fn username(&self) -> JsString {
        JsString::from(url::quirks::username(&self.0))
    }

    #[boa(setter)]
    #[boa(rename = "username")]
    fn set_username(&mut self, value: Convert<String>) {
        let _ = url::quirks::set_username(&mut self.0, &value.0);
    }

    #[boa(getter)]
    fn password(&self) -> JsString {
        JsString::from(url::quirks::password(&self.0))
    }

    #[boa(setter)]
    #[boa(rename = "password")]
    fn set_password(&mut self, value: Convert<String>) {
        let _ = url::quirks::set_password(&mut self.0, &value.0);
    }

    #[boa(getter)]
    fn host(&self) -> JsString {
        JsString::from(url::quirks::host(&self.0))
    }

    #[boa(setter)]
    #[boa(rename = "host")]
    fn set_host(&mut self, value: Convert<String>) {
        let _ = url::quirks::set_host(&mut self.0, &value.0);
    }

    #[boa(getter)]
    fn hostname(&self) -> JsString {
        JsString::from(url::quirks::hostname(&self.0))
    }

    #[boa(setter)]
    #[boa(rename = "hostname")]
    fn set_hostname(&mut self, value: Convert<String>) {
        let _ = url::quirks::set_hostname(&mut self.0, &value.0);
    }

    #[boa(getter)]
    fn port(&self) -> JsString {
        JsString::from(url::quirks::port(&self.0))
    }

    #[boa(setter)]
    #[boa(rename = "port")]
    fn set_port(&mut self, value: Convert<String>) {
        let _ = url::quirks::set_port(&mut self.0, &value.0);
    }

    #[boa(getter)]
    fn pathname(&self) -> JsString {
        JsString::from(url::quirks::pathname(&self.0))
    }

    #[boa(setter)]
    #[boa(rename = "pathname")]
    fn set_pathname(&mut self, value: Convert<String>) {
        url::quirks::set_pathname(&mut self.0, &value.0);
    }

    #[boa(getter)]
    fn search(&self) -> JsString {
        JsString::from(url::quirks::search(&self.0))
    }

    #[boa(setter)]
    #[boa(rename = "search")]
    fn set_search(&mut self, value: Convert<String>) {
        url::quirks::set_search(&mut self.0, &value.0);
    }

    #[boa(getter)]
    fn hash(&self) -> JsString {
        JsString::from(url::quirks::hash(&self.0))
    }

    #[boa(setter)]
    #[boa(rename = "hash")]
    fn set_hash(&mut self, value: Convert<String>) {
        url::quirks::set_hash(&mut self.0, &value.0);
    }

    fn to_string(&self) -> JsString {
        self.href()
    }

    #[boa(rename = "toJSON")]
    fn to_json(&self) -> JsString {
        self.href()
    }

    /// `URL.canParse(input, base?)`.
    #[boa(static)]
    fn can_parse(input: Convert<String>, base: Option<Convert<String>>) -> bool {
        Self::parse(&input.0, base.as_ref().map(|base| base.0.as_str())).is_ok()
    }

    /// `URL.parse(input, base?)`: the URL, or `null` where the constructor would throw.
    #[boa(static)]
    #[boa(rename = "parse")]
    fn parse_or_null(
        input: Convert<String>,
        base: Option<Convert<String>>,
        context: &mut Context,
    ) -> JsResult<JsValue> {
        match Self::parse(&input.0, base.as_ref().map(|base| base.0.as_str())) {
            Ok(url) => Ok(Self::from_data(Self(url), context)?.into()),
            Err(_) => Ok(JsValue::null()),
        }
    }
}

/// Defines the global `URL` class, with what the class macro does not give it: `URL.length` 1 (as the
/// standard's one required argument) and `Symbol.toStringTag` `"URL"`.
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    context.register_global_class::<Url>()?;
    let class = context
        .global_object()
        .get(js_string!("URL"), context)?
        .as_object()
        .ok_or_else(|| js_error!(TypeError: "URL was not defined"))?;
    define_read_only_on(&class, js_string!("length"), 1, context)?;
    let prototype = class
        .get(js_string!("prototype"), context)?
        .as_object()
        .ok_or_else(|| js_error!(TypeError: "URL has no prototype"))?;
    define_read_only_on(
        &prototype,
        JsSymbol::to_string_tag(),
        js_string!("URL"),
        context,
    )?;
    Ok(())
}
