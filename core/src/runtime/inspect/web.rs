//! What the Web APIs' objects print as, like Node's: native objects through the view their module registers
//! (`URL { href, … }` read from its parsed URL), and classes of our preludes that print their pairs
//! (`URLSearchParams { 'a' => '1' }`) through a printer the prelude registers; Node's `Buffer` as Node prints
//! it (`<Buffer 68 69>`), its prototype registered by the Node built-ins. No user code runs.

use boa_engine::object::builtins::JsTypedArray;
use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsNativeError, JsObject, JsResult, JsString, JsValue};

use super::{Extras, Formatter, array_length};
use crate::runtime::props::{on_chain, safe_get};

/// Classes of our preludes that print as `Name { key => value, … }` (Node's `URLSearchParams`): their prototype
/// and the prelude's function that returns an instance's `[key, value]` pairs. Kept in the context.
type EntriesPrinters = Kept<(JsObject, JsObject)>;

/// Getters of our preludes that inspection may call: they return an instance's internal field and run no user
/// code (`DOMException.prototype.name`, which prints `DOMException [AbortError]: …` as in Node). Kept in the
/// context.
type TrustedGetters = Kept<JsObject>;

/// Prototypes whose instances print as Node's `Buffer` does ([`add_buffer_prototype`]). Kept in the context.
#[derive(Clone)]
struct BufferPrototype(JsObject);

/// The most bytes a Buffer shows (Node's `buffer.INSPECT_MAX_BYTES`).
const BUFFER_MAX_BYTES: usize = 50;

/// Lets inspection print the instances of `prototype` — Node's `Buffer.prototype`, which the Node built-ins
/// register when they are built — as Node prints a Buffer.
pub(crate) fn add_buffer_prototype(prototype: JsObject, context: &mut Context) {
    keep(BufferPrototype(prototype), context);
}

/// The item of `registered` whose prototype (`prototype_of`) is on `obj`'s prototype chain, the nearest one;
/// reads internal slots only (no trap or getter runs).
fn registered_on_chain<'r, T>(
    obj: &JsObject,
    registered: &'r [T],
    prototype_of: impl Fn(&T) -> &JsObject,
) -> Option<&'r T> {
    let mut prototype = obj.prototype();
    for _ in 0..10_000 {
        let current = prototype?;
        if let Some(item) = registered
            .iter()
            .find(|item| JsObject::equals(prototype_of(item), &current))
        {
            return Some(item);
        }
        prototype = current.prototype();
    }
    None
}

/// A list kept in the context's data, one per item type.
#[derive(Clone)]
struct Kept<T>(Vec<T>);

/// Appends `item` to the context's list of its type (empty at first).
fn keep<T: Clone + 'static>(item: T, context: &mut Context) {
    let mut list = context
        .get_data::<Kept<T>>()
        .cloned()
        .unwrap_or(Kept(Vec::new()));
    list.0.push(item);
    context.insert_data(list);
}

/// `trustGetter(getter)`, a native of the Web APIs' prelude: inspection may call `getter` (see
/// [`TrustedGetters`]). Only preludes get this native; user code never does.
pub(crate) fn register_trusted_getter(
    _: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let Some(getter) = args
        .first()
        .and_then(JsValue::as_object)
        .filter(JsObject::is_callable)
    else {
        return Err(JsNativeError::typ()
            .with_message("trustGetter(function)")
            .into());
    };
    keep(getter, context);
    Ok(JsValue::undefined())
}

/// What a module of native objects says about one of them, for inspection to print.
pub(crate) enum NativeView {
    /// `Name { field: value, … }` (Node's `TextDecoder { encoding: 'utf-8', fatal: false, … }`).
    Fields(Vec<(&'static str, JsValue)>),
    /// Node's `URL { href: …, origin: …, … }`, read from the parsed URL.
    Url(url::Url),
}

/// A module's view of its native objects (`None`: not one of its objects). Reads the object's native data
/// only: no user code runs.
pub(crate) type NativeViewer = fn(&JsObject) -> Option<NativeView>;

/// The viewers modules registered ([`add_native_viewer`]). Kept in the context.
type NativeViewers = Kept<NativeViewer>;

/// Lets inspection print the native objects `viewer` knows: the module that defines a native type
/// registers it, so that inspection knows no module's types.
pub(crate) fn add_native_viewer(viewer: NativeViewer, context: &mut Context) {
    keep(viewer, context);
}

/// What a prelude's printer gave for an instance.
pub(super) enum Printed {
    /// `[key, value]` pairs: `Name { key => value, … }` (`URLSearchParams`).
    Entries(Vec<(JsValue, JsValue)>),
    /// A plain object: `Name { field: value, … }` (`Headers`, `Response`).
    Fields(JsObject),
}

/// `printEntries(prototype, entriesOf)`, a native of the Web APIs' and fetch's preludes: instances of
/// `prototype` print what `entriesOf(instance)` returns — an array of pairs (`Name { key => value }`) or an
/// object of fields (`Name { field: value }`). Only preludes get this native; user code never does.
pub(crate) fn register_entries_printer(
    _: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let (Some(prototype), Some(function)) = (
        args.first().and_then(JsValue::as_object),
        args.get(1)
            .and_then(JsValue::as_object)
            .filter(JsObject::is_callable),
    ) else {
        return Err(JsNativeError::typ()
            .with_message("printEntries(prototype, function)")
            .into());
    };
    keep((prototype, function), context);
    Ok(JsValue::undefined())
}

impl Formatter<'_> {
    /// Node's Buffer's own inspection for an instance of a registered prototype: `<Buffer 68 69>` — its
    /// constructor's name, at most 50 bytes, then `... N more bytes` — and its own properties that are no
    /// index (`<Buffer 61 62, extra: 1>`). `None` for any other object.
    pub(super) fn format_buffer(
        &mut self,
        obj: &JsObject,
        ctor: Option<&str>,
        recurse_times: usize,
    ) -> Option<String> {
        let typed = JsTypedArray::from_object(obj.clone()).ok()?;
        let prototypes = self.ctx.get_data::<Kept<BufferPrototype>>()?.clone();
        registered_on_chain(obj, &prototypes.0, |b| &b.0)?;
        let len = typed.length(self.ctx).ok()?;
        let shown = len.min(BUFFER_MAX_BYTES);
        let mut text = (0..shown)
            .map(|i| {
                let byte = typed.get(i, self.ctx).ok().and_then(|v| v.as_number());
                format!("{:02x}", byte.unwrap_or(0.0) as u8)
            })
            .collect::<Vec<_>>()
            .join(" ");
        if len > shown {
            let more = len - shown;
            let plural = if more == 1 { "" } else { "s" };
            text.push_str(&format!(" ... {more} more byte{plural}"));
        }
        let keys = self.get_keys(obj, true);
        if !keys.is_empty() {
            let extras: Vec<String> = keys
                .iter()
                .map(|key| self.format_property(obj, key, recurse_times, Extras::Object))
                .collect();
            if len != 0 {
                text.push_str(", ");
            }
            text.push_str(&extras.join(", "));
        }
        Some(format!("<{} {text}>", ctor.unwrap_or("Buffer")))
    }

    /// Node's `URL { href, origin, protocol, …, searchParams, hash }` (the WHATWG getters' values, read from the
    /// parsed URL: no JavaScript runs).
    pub(super) fn format_url(
        &mut self,
        parsed: &url::Url,
        obj: &JsObject,
        recurse_times: usize,
    ) -> String {
        if recurse_times > self.opts.depth {
            // Node's URL inspects as itself past the depth, an object with no own properties.
            return "URL {}".to_owned();
        }
        use url::quirks;
        let fields = [
            ("href", quirks::href(parsed).to_owned()),
            ("origin", quirks::origin(parsed)),
            ("protocol", quirks::protocol(parsed).to_owned()),
            ("username", quirks::username(parsed).to_owned()),
            ("password", quirks::password(parsed).to_owned()),
            ("host", quirks::host(parsed).to_owned()),
            ("hostname", quirks::hostname(parsed).to_owned()),
            ("port", quirks::port(parsed).to_owned()),
            ("pathname", quirks::pathname(parsed).to_owned()),
            ("search", quirks::search(parsed).to_owned()),
        ];
        let recurse_times = recurse_times + 1;
        self.current_depth = recurse_times;
        self.indentation += 2;
        let mut output: Vec<String> = fields
            .iter()
            .map(|(name, value)| {
                let text = self.format_string(&JsString::from(value.as_str()));
                format!("{name}: {text}")
            })
            .collect();
        let pairs: Vec<String> = parsed
            .query_pairs()
            .map(|(name, value)| {
                let name = self.format_string(&JsString::from(name.as_ref()));
                let value = self.format_string(&JsString::from(value.as_ref()));
                format!("{name} => {value}")
            })
            .collect();
        let params = if pairs.is_empty() {
            "URLSearchParams {}".to_owned()
        } else {
            format!("URLSearchParams {{ {} }}", pairs.join(", "))
        };
        output.push(format!("searchParams: {params}"));
        let hash = self.format_string(&JsString::from(quirks::hash(parsed)));
        output.push(format!("hash: {hash}"));
        self.indentation -= 2;
        let braces = ("URL {".to_owned(), "}");
        self.reduce_to_single_string(output, "", &braces, Extras::Object, recurse_times, obj)
    }

    /// `obj[key]` read as [`safe_get`] reads it (data properties along the prototype chain), or through an
    /// accessor whose getter a prelude trusted ([`register_trusted_getter`]); `None` for any other accessor,
    /// a Proxy or a missing property.
    pub(super) fn trusted_get(&mut self, obj: &JsObject, key: &PropertyKey) -> Option<JsValue> {
        let found = on_chain(obj, key);
        let descriptor = found.descriptor()?;
        if let Some(value) = descriptor.value() {
            return Some(value.clone());
        }
        let getter = descriptor.get().and_then(JsValue::as_object)?;
        let trusted = self
            .ctx
            .get_data::<TrustedGetters>()
            .is_some_and(|getters| {
                getters
                    .0
                    .iter()
                    .any(|trusted| JsObject::equals(trusted, &getter))
            });
        trusted
            .then(|| getter.call(&obj.clone().into(), &[], self.ctx).ok())
            .flatten()
    }

    /// What a registered viewer says about native object `obj`.
    pub(super) fn native_view(&mut self, obj: &JsObject) -> Option<NativeView> {
        let viewers = self.ctx.get_data::<NativeViewers>()?;
        viewers.0.iter().find_map(|viewer| viewer(obj))
    }

    /// What a prelude's printer gives for `obj` (an instance of a class registered with
    /// [`register_entries_printer`]): pairs, or an object of fields; `None` for everything else or when the
    /// printer refuses it.
    pub(super) fn printed(&mut self, obj: &JsObject) -> Option<Printed> {
        let printers = self.ctx.get_data::<EntriesPrinters>()?.clone();
        let (_, function) = registered_on_chain(obj, &printers.0, |(p, _)| p)?;
        let pairs = function
            .call(&JsValue::undefined(), &[obj.clone().into()], self.ctx)
            .ok()?
            .as_object()?;
        if !pairs.is_array() {
            return Some(Printed::Fields(pairs));
        }
        let mut entries = Vec::new();
        for index in 0..array_length(&pairs) {
            let pair = safe_get(&pairs, &PropertyKey::from(index as u32))?.as_object()?;
            let key = safe_get(&pair, &PropertyKey::from(0u32))?;
            let value = safe_get(&pair, &PropertyKey::from(1u32))?;
            entries.push((key, value));
        }
        Some(Printed::Entries(entries))
    }

    /// `Name { field: value, … }`: the fields a printer gave, printed as an object under the instance's name.
    pub(super) fn format_fields(
        &mut self,
        ctor: Option<&str>,
        tag: &str,
        fields: &JsObject,
        recurse_times: usize,
    ) -> String {
        let name = ctor.unwrap_or(tag);
        if recurse_times > self.opts.depth {
            return format!("[{name}]");
        }
        format!(
            "{name} {}",
            self.format_value(&fields.clone().into(), recurse_times)
        )
    }

    /// `Name { key => value, … }` (`Name {}` when empty; `[Name]` past the depth).
    pub(super) fn format_entries(
        &mut self,
        obj: &JsObject,
        ctor: Option<&str>,
        tag: &str,
        entries: Vec<(JsValue, JsValue)>,
        recurse_times: usize,
    ) -> String {
        // Node's URLSearchParams names its constructor only (a subclass `P` prints `P { … }`).
        let prefix = format!("{} ", ctor.unwrap_or(tag));
        if entries.is_empty() {
            return format!("{prefix}{{}}");
        }
        if recurse_times > self.opts.depth {
            return format!("[{}]", prefix.trim_end());
        }
        let recurse_times = recurse_times + 1;
        self.current_depth = recurse_times;
        let output = self.format_pairs(&entries, recurse_times);
        let braces = (format!("{prefix}{{"), "}");
        self.reduce_to_single_string(output, "", &braces, Extras::Object, recurse_times, obj)
    }
}
