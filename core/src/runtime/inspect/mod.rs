//! Node-style formatting of boa values (`util.inspect`), deterministic, colourless, and free of user code.
//!
//! The algorithm mirrors Node's `lib/internal/util/inspect.js` (`formatValue`, `formatRaw`,
//! `reduceToSingleString`, `groupArrayElements`), but reads objects only through their property maps:
//! getters, Proxy traps and `toString`/`valueOf` are never invoked.

use boa_engine::builtins::promise::PromiseState;
use boa_engine::{
    Context, JsObject, JsResult, JsString, JsSymbol, JsValue, JsVariant,
    bigint::JsBigInt,
    builtins::{
        error::Error as ErrorData, map::ordered_map::OrderedMap, proxy::Proxy,
        set::ordered_set::OrderedSet, typed_array::TypedArray,
    },
    js_string,
    object::builtins::{
        JsArrayBuffer, JsDataView, JsDate, JsPromise, JsRegExp, JsTypedArray, JsWeakMap, JsWeakSet,
    },
    property::{PropertyDescriptor, PropertyKey},
};

mod web;

use super::dates;
use super::props::{OnChain, is_class, on_chain, own_desc, own_keys, safe_get};

pub(crate) use web::{
    NativeView, add_buffer_prototype, add_native_viewer, register_entries_printer,
    register_trusted_getter,
};

/// Options for [`inspect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectOptions {
    /// How many levels of nested objects are expanded (Node's `depth`, default 2).
    pub depth: usize,
    /// Maximum number of array, typed array, Map and Set entries shown (default 100).
    pub max_array_length: usize,
    /// Maximum number of UTF-16 code units of a string shown (default 10 000).
    pub max_string_length: usize,
    /// Line width beyond which entries are put on separate lines (default 80).
    pub break_length: usize,
    /// Also show non-enumerable properties as `[key]: value` (default false).
    pub show_hidden: bool,
    /// Node's `compact`: `Lines(n)` puts up to `n` inner levels on one line when they fit (default 3; `false` is
    /// 0: every property on its own line), `Always` keeps entries on as few lines as the width allows (`true`).
    pub compact: Compact,
    /// Node's `sorted`: object keys (and Map and Set entries) in sorted order (default false).
    pub sorted: bool,
}

/// Node's `compact` option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compact {
    /// A number (`false` is 0).
    Lines(usize),
    /// `true`.
    Always,
}

impl Default for InspectOptions {
    fn default() -> Self {
        Self {
            depth: 2,
            max_array_length: 100,
            max_string_length: 10_000,
            break_length: 80,
            show_hidden: false,
            compact: Compact::Lines(3),
            sorted: false,
        }
    }
}

impl InspectOptions {
    /// Node's `util.inspect` options object (`depth` — a number, `Infinity` or `null` for no limit —,
    /// `maxArrayLength`, `maxStringLength`, `breakLength`, `showHidden`, `compact`, `sorted` — a comparator
    /// function sorts as `true` does: printing never runs user code) over the defaults; what is missing or not a
    /// usable value keeps its default. Reading the options may run the user's getters, as in Node.
    pub fn from_js(options: &JsValue, context: &mut Context) -> JsResult<Self> {
        let mut parsed = Self::default();
        let Some(object) = options.as_object() else {
            return Ok(parsed);
        };
        let count = |key: &str, context: &mut Context| -> JsResult<Option<usize>> {
            let value = object.get(JsString::from(key), context)?;
            Ok(if value.is_null() {
                Some(usize::MAX)
            } else {
                value
                    .as_number()
                    .filter(|n| !n.is_nan() && *n >= 0.0)
                    .map(|n| {
                        if n.is_infinite() {
                            usize::MAX
                        } else {
                            n as usize
                        }
                    })
            })
        };
        if let Some(depth) = count("depth", context)? {
            parsed.depth = depth;
        }
        if let Some(n) = count("maxArrayLength", context)? {
            parsed.max_array_length = n;
        }
        if let Some(n) = count("maxStringLength", context)? {
            parsed.max_string_length = n;
        }
        if let Some(n) = count("breakLength", context)? {
            parsed.break_length = n;
        }
        if let Some(show) = object.get(js_string!("showHidden"), context)?.as_boolean() {
            parsed.show_hidden = show;
        }
        let compact = object.get(js_string!("compact"), context)?;
        if let Some(always) = compact.as_boolean() {
            parsed.compact = if always {
                Compact::Always
            } else {
                Compact::Lines(0)
            };
        } else if let Some(n) = compact.as_number().filter(|n| *n >= 0.0) {
            parsed.compact = Compact::Lines(if n.is_infinite() {
                usize::MAX
            } else {
                n as usize
            });
        }
        let sorted = object.get(js_string!("sorted"), context)?;
        if !sorted.is_undefined() {
            parsed.sorted = sorted.to_boolean();
        }
        Ok(parsed)
    }
}

/// Formats `value` like Node's `util.inspect`.
///
/// Never throws and never runs user code: accessors are shown as `[Getter]`, `[Setter]` or
/// `[Getter/Setter]`; a Proxy is shown as `[Proxy]` (boa has no public way to reach its target
/// without running traps); errors while reading a property are shown as `<error>`.
pub fn inspect(value: &JsValue, options: &InspectOptions, context: &mut Context) -> String {
    let mut formatter = Formatter {
        opts: options,
        ctx: context,
        seen: Vec::new(),
        circular: Vec::new(),
        indentation: 0,
        current_depth: 0,
    };
    formatter.format_value(value, 0)
}

/// The value's JS type name for the UI.
///
/// `undefined`, `null`, `boolean`, `number`, `bigint`, `string`, `symbol`, `function`, or for
/// objects the constructor name found on the prototype chain (`Object`, `Array`, `Map`, `Point`,
/// ...), falling back to `object` (null prototype, Proxy, no named constructor).
pub fn type_name(value: &JsValue, _context: &mut Context) -> String {
    match value.variant() {
        JsVariant::Object(obj) => {
            if obj.is_callable() {
                "function".to_owned()
            } else if obj.is::<Proxy>() {
                "object".to_owned()
            } else {
                constructor_name(&obj).unwrap_or_else(|| "object".to_owned())
            }
        }
        JsVariant::Null => "null".to_owned(),
        _ => value.type_of().to_owned(),
    }
}

/// Whether entries are object properties or array-like elements (Node's `kObjectType` / `kArrayExtrasType`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Extras {
    Object,
    Array,
    /// An array element: only the value is shown (Node's `kArrayType`).
    Element,
}

/// What formats the "body" entries of an object before its own properties are appended.
enum Body {
    None,
    Array,
    TypedArray(usize),
    Set(Vec<JsValue>),
    Map(Vec<(JsValue, JsValue)>),
    ArrayBuffer(Option<Vec<u8>>),
    Promise(PromiseState),
    WeakCollection,
}

struct Formatter<'a> {
    opts: &'a InspectOptions,
    ctx: &'a mut Context,
    /// Objects currently being formatted (the path from the root), for cycle detection.
    seen: Vec<JsObject>,
    /// Objects found to be circular, with their `*N` reference number.
    circular: Vec<(JsObject, usize)>,
    indentation: usize,
    current_depth: usize,
}

impl Formatter<'_> {
    fn format_value(&mut self, value: &JsValue, recurse_times: usize) -> String {
        match value.variant() {
            JsVariant::Object(obj) => self.format_object(&obj, recurse_times),
            _ => self.format_primitive(value),
        }
    }

    fn format_primitive(&mut self, value: &JsValue) -> String {
        match value.variant() {
            JsVariant::String(s) => self.format_string(&s),
            JsVariant::Float64(n) => format_number(n),
            JsVariant::Integer32(n) => n.to_string(),
            JsVariant::BigInt(b) => format!("{}n", b.to_string_radix(10)),
            JsVariant::Boolean(b) => b.to_string(),
            JsVariant::Null => "null".to_owned(),
            JsVariant::Undefined => "undefined".to_owned(),
            JsVariant::Symbol(s) => symbol_to_string(&s),
            JsVariant::Object(_) => String::new(),
        }
    }

    /// Node's `formatPrimitive` for strings: truncation and splitting of long multi-line strings.
    fn format_string(&self, s: &JsString) -> String {
        let mut units = s.to_vec();
        let mut trailer = String::new();
        if units.len() > self.opts.max_string_length {
            let remaining = units.len() - self.opts.max_string_length;
            units.truncate(self.opts.max_string_length);
            trailer = format!("... {remaining} more character{}", plural(remaining));
        }
        if self.opts.compact != Compact::Always
            && units.len() > 16
            && units.len() as isize
                > self.opts.break_length as isize - self.indentation as isize - 4
        {
            let mut lines: Vec<String> = Vec::new();
            let mut start = 0;
            for (i, &u) in units.iter().enumerate() {
                if u == u16::from(b'\n') {
                    lines.push(str_escape(&units[start..=i]));
                    start = i + 1;
                }
            }
            if start < units.len() {
                lines.push(str_escape(&units[start..]));
            }
            let sep = format!(" +\n{}", " ".repeat(self.indentation + 2));
            return lines.join(&sep) + &trailer;
        }
        str_escape(&units) + &trailer
    }

    fn format_object(&mut self, obj: &JsObject, recurse_times: usize) -> String {
        if obj.is::<Proxy>() {
            // Deliberate divergence: Node shows the target; boa 0.22 offers no public way to
            // reach a Proxy's target without going through its traps.
            return "[Proxy]".to_owned();
        }
        if self.seen.iter().any(|o| JsObject::equals(o, obj)) {
            let index = match self.circular.iter().find(|(o, _)| JsObject::equals(o, obj)) {
                Some((_, i)) => *i,
                None => {
                    let i = self.circular.len() + 1;
                    self.circular.push((obj.clone(), i));
                    i
                }
            };
            return format!("[Circular *{index}]");
        }
        self.format_raw(obj, recurse_times)
    }

    #[allow(clippy::too_many_lines)]
    fn format_raw(&mut self, obj: &JsObject, recurse_times: usize) -> String {
        let constructor = constructor_name(obj);
        let ctor = constructor.as_deref();
        let tag = self.string_tag(obj);
        let mut base = String::new();
        let mut body = Body::None;
        let mut extras = Extras::Object;
        let mut keys: Vec<PropertyKey>;
        let mut braces: (String, &str) = ("{".to_owned(), "}");

        if let Some(printed) = self.format_buffer(obj, ctor, recurse_times) {
            return printed;
        }
        match self.printed(obj) {
            Some(web::Printed::Entries(entries)) => {
                return self.format_entries(obj, ctor, &tag, entries, recurse_times);
            }
            Some(web::Printed::Fields(fields)) => {
                return self.format_fields(ctor, &tag, &fields, recurse_times);
            }
            None => {}
        }
        match self.native_view(obj) {
            Some(web::NativeView::Fields(fields)) => {
                // Node's `TextDecoder { encoding: 'utf-8', fatal: false, ignoreBOM: false }`.
                let object = JsObject::with_object_proto(self.ctx.intrinsics());
                for (name, value) in fields {
                    let _ =
                        object.create_data_property_or_throw(JsString::from(name), value, self.ctx);
                }
                return self.format_fields(ctor, &tag, &object, recurse_times);
            }
            Some(web::NativeView::Url(url)) => return self.format_url(&url, obj, recurse_times),
            None => {}
        }
        if obj.is_array() {
            let len = array_length(obj);
            let prefix = if ctor != Some("Array") || !tag.is_empty() {
                get_prefix(ctor, &tag, "Array", &format!("({len})"))
            } else {
                String::new()
            };
            keys = self.get_keys(obj, true);
            braces = (format!("{prefix}["), "]");
            if len == 0 && keys.is_empty() {
                return format!("{}]", braces.0);
            }
            extras = Extras::Array;
            body = Body::Array;
        } else if let Some(values) = obj
            .downcast_ref::<OrderedSet>()
            .map(|set| set.iter().cloned().collect::<Vec<_>>())
        {
            let prefix = get_prefix(ctor, &tag, "Set", &format!("({})", values.len()));
            keys = self.get_keys(obj, false);
            if values.is_empty() && keys.is_empty() {
                return format!("{prefix}{{}}");
            }
            braces = (format!("{prefix}{{"), "}");
            body = Body::Set(values);
        } else if let Some(entries) = obj.downcast_ref::<OrderedMap<JsValue>>().map(|map| {
            map.iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>()
        }) {
            let prefix = get_prefix(ctor, &tag, "Map", &format!("({})", entries.len()));
            keys = self.get_keys(obj, false);
            if entries.is_empty() && keys.is_empty() {
                return format!("{prefix}{{}}");
            }
            braces = (format!("{prefix}{{"), "}");
            body = Body::Map(entries);
        } else if is_arguments(obj) {
            // Node's `[Arguments] [ 1, 2 ]`.
            keys = self.get_keys(obj, true);
            braces = ("[Arguments] [".to_owned(), "]");
            if array_length(obj) == 0 && keys.is_empty() {
                return "[Arguments] []".to_owned();
            }
            extras = Extras::Array;
            body = Body::Array;
        } else if obj.is::<TypedArray>() {
            let len = JsTypedArray::from_object(obj.clone())
                .and_then(|t| t.length(self.ctx))
                .unwrap_or(0);
            keys = self.get_keys(obj, true);
            let prefix = get_prefix(ctor, &tag, "", &format!("({len})"));
            braces = (format!("{prefix}["), "]");
            if len == 0 && keys.is_empty() && !self.opts.show_hidden {
                return format!("{}]", braces.0);
            }
            extras = Extras::Array;
            body = Body::TypedArray(len);
        } else {
            keys = self.get_keys(obj, false);
            if ctor == Some("Object") && !obj.is_callable() && !is_special(obj) {
                if !tag.is_empty() {
                    braces.0 = format!("{}{{", get_prefix(ctor, &tag, "Object", ""));
                }
                if keys.is_empty() {
                    return format!("{}}}", braces.0);
                }
            } else if obj.is_callable() {
                base = self.function_base(obj, ctor, &tag);
                if keys.is_empty() {
                    return base;
                }
            } else if let Ok(re) = JsRegExp::from_object(obj.clone()) {
                base = self.regexp_to_string(&re);
                let prefix = get_prefix(ctor, &tag, "RegExp", "");
                if prefix != "RegExp " {
                    base = format!("{prefix}{base}");
                }
                if keys.is_empty() || recurse_times > self.opts.depth {
                    return base;
                }
            } else if let Ok(date) = JsDate::from_object(obj.clone()) {
                base = date
                    .get_time(self.ctx)
                    .ok()
                    .and_then(|time| time.as_number())
                    .and_then(dates::iso_string)
                    .unwrap_or_else(|| "Invalid Date".to_owned());
                let prefix = get_prefix(ctor, &tag, "Date", "");
                if prefix != "Date " {
                    base = format!("{prefix}{base}");
                }
                if keys.is_empty() {
                    return base;
                }
            } else if obj.is::<ErrorData>() {
                base = self.format_error(obj, ctor, &tag, &mut keys, recurse_times);
                if keys.is_empty() {
                    return base;
                }
            } else if JsDataView::from_object(obj.clone()).is_ok() {
                // Node's `DataView { byteLength, byteOffset, buffer }` (built-in getters: `exotic_get`).
                braces.0 = format!("{}{{", get_prefix(ctor, &tag, "DataView", ""));
                for (i, name) in DATA_VIEW_FIELDS.iter().enumerate() {
                    keys.insert(i, JsString::from(*name).into());
                }
            } else if let Ok(buffer) = JsArrayBuffer::from_object(obj.clone()) {
                let prefix = get_prefix(ctor, &tag, "ArrayBuffer", "");
                braces.0 = format!("{prefix}{{");
                keys.insert(0, js_string!("byteLength").into());
                body = Body::ArrayBuffer(buffer.to_vec());
            } else if let Ok(promise) = JsPromise::from_object(obj.clone()) {
                braces.0 = format!("{}{{", get_prefix(ctor, &tag, "Promise", ""));
                body = Body::Promise(promise.state());
            } else if JsWeakSet::from_object(obj.clone()).is_ok() {
                braces.0 = format!("{}{{", get_prefix(ctor, &tag, "WeakSet", ""));
                body = Body::WeakCollection;
            } else if JsWeakMap::from_object(obj.clone()).is_ok() {
                braces.0 = format!("{}{{", get_prefix(ctor, &tag, "WeakMap", ""));
                body = Body::WeakCollection;
            } else if let Some(boxed) = self.boxed_base(obj, ctor, &tag, &mut keys) {
                base = boxed;
                if keys.is_empty() {
                    return base;
                }
            } else {
                if keys.is_empty() {
                    return format!("{}{{}}", get_prefix(ctor, &tag, "Object", ""));
                }
                braces.0 = format!("{}{{", get_prefix(ctor, &tag, "Object", ""));
            }
        }

        if recurse_times > self.opts.depth {
            let prefix = get_prefix(ctor, &tag, "Object", "");
            let name = prefix.strip_suffix(' ').unwrap_or(&prefix);
            return if constructor.is_some() {
                format!("[{name}]")
            } else {
                name.to_owned()
            };
        }

        let recurse_times = recurse_times + 1;
        self.seen.push(obj.clone());
        self.current_depth = recurse_times;
        let mut output = self.format_body(obj, body, recurse_times);
        for key in &keys {
            let entry = self.format_property(obj, key, recurse_times, Extras::Object);
            output.push(entry);
        }
        if self.opts.sorted {
            // Node sorts every entry of an object, Map or Set, and only the extra keys of an array.
            if extras == Extras::Object {
                output.sort();
            } else if keys.len() > 1 {
                let start = output.len() - keys.len();
                output[start..].sort();
            }
        }
        if let Some((_, index)) = self.circular.iter().find(|(o, _)| JsObject::equals(o, obj)) {
            let reference = format!("<ref *{index}>");
            base = if base.is_empty() {
                reference
            } else {
                format!("{reference} {base}")
            };
        }
        self.seen.pop();
        self.reduce_to_single_string(output, &base, &braces, extras, recurse_times, obj)
    }

    /// `key => value` for each pair (a Map's entries, the pairs a prelude's printer gives), indented a level.
    fn format_pairs(&mut self, pairs: &[(JsValue, JsValue)], recurse_times: usize) -> Vec<String> {
        self.indentation += 2;
        let output = pairs
            .iter()
            .map(|(key, value)| {
                let key = self.format_value(key, recurse_times);
                let value = self.format_value(value, recurse_times);
                format!("{key} => {value}")
            })
            .collect();
        self.indentation -= 2;
        output
    }

    fn format_body(&mut self, obj: &JsObject, body: Body, recurse_times: usize) -> Vec<String> {
        match body {
            Body::None => Vec::new(),
            Body::Array => self.format_array(obj, recurse_times),
            Body::TypedArray(len) => {
                let max = len.min(self.opts.max_array_length);
                let mut output = Vec::with_capacity(max + 1);
                for i in 0..max {
                    let v = obj.get(i, self.ctx).unwrap_or_default();
                    output.push(self.format_primitive(&v));
                }
                if len > max {
                    output.push(remaining_text(len - max));
                }
                output
            }
            Body::Set(values) => {
                let max = values.len().min(self.opts.max_array_length);
                self.indentation += 2;
                let mut output: Vec<String> = values[..max]
                    .iter()
                    .map(|v| self.format_value(v, recurse_times))
                    .collect();
                self.indentation -= 2;
                if values.len() > max {
                    output.push(remaining_text(values.len() - max));
                }
                output
            }
            Body::Map(entries) => {
                let max = entries.len().min(self.opts.max_array_length);
                let mut output = self.format_pairs(&entries[..max], recurse_times);
                if entries.len() > max {
                    output.push(remaining_text(entries.len() - max));
                }
                output
            }
            Body::ArrayBuffer(bytes) => {
                let Some(bytes) = bytes else {
                    return vec!["(detached)".to_owned()];
                };
                let max = bytes.len().min(self.opts.max_array_length);
                let mut hex = bytes[..max]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                if bytes.len() > max {
                    let remaining = bytes.len() - max;
                    hex.push_str(&format!(" ... {remaining} more byte{}", plural(remaining)));
                }
                vec![format!("[Uint8Contents]: <{hex}>")]
            }
            Body::Promise(state) => match state {
                PromiseState::Pending => vec!["<pending>".to_owned()],
                PromiseState::Fulfilled(v) => {
                    self.indentation += 2;
                    let s = self.format_value(&v, recurse_times);
                    self.indentation -= 2;
                    vec![s]
                }
                PromiseState::Rejected(v) => {
                    self.indentation += 2;
                    let s = self.format_value(&v, recurse_times);
                    self.indentation -= 2;
                    vec![format!("<rejected> {s}")]
                }
            },
            Body::WeakCollection => vec!["<items unknown>".to_owned()],
        }
    }

    /// Node's `formatArray` + `formatSpecialArray` (holes as `<n empty items>`).
    fn format_array(&mut self, obj: &JsObject, recurse_times: usize) -> Vec<String> {
        let len = array_length(obj);
        let max = len.min(self.opts.max_array_length as u64) as usize;
        let mut output = Vec::new();
        for i in 0..max {
            let key = PropertyKey::from(i);
            if own_desc(obj, &key).is_none() {
                return self.format_special_array(obj, recurse_times, max, output, i as u64, len);
            }
            output.push(self.format_property(obj, &key, recurse_times, Extras::Element));
        }
        if len > max as u64 {
            output.push(remaining_text((len - max as u64) as usize));
        }
        output
    }

    fn format_special_array(
        &mut self,
        obj: &JsObject,
        recurse_times: usize,
        max_length: usize,
        mut output: Vec<String>,
        start: u64,
        len: u64,
    ) -> Vec<String> {
        let indices: Vec<u64> = own_keys(obj, self.ctx)
            .into_iter()
            .filter_map(|k| match k {
                PropertyKey::Index(i) => Some(u64::from(i.get())),
                _ => None,
            })
            .filter(|&i| i >= start)
            .collect();
        let mut index = start;
        for i in indices {
            if output.len() >= max_length {
                break;
            }
            if i != index {
                let empty = i - index;
                output.push(format!("<{empty} empty item{}>", plural(empty as usize)));
                index = i;
                if output.len() == max_length {
                    break;
                }
            }
            output.push(self.format_property(
                obj,
                &PropertyKey::from(i as usize),
                recurse_times,
                Extras::Element,
            ));
            index += 1;
        }
        let remaining = len.saturating_sub(index) as usize;
        if output.len() != max_length {
            if remaining > 0 {
                output.push(format!("<{remaining} empty item{}>", plural(remaining)));
            }
        } else if remaining > 0 {
            output.push(remaining_text(remaining));
        }
        output
    }

    /// Node's `formatProperty`.
    fn format_property(
        &mut self,
        obj: &JsObject,
        key: &PropertyKey,
        recurse_times: usize,
        extras: Extras,
    ) -> String {
        let desc = own_desc(obj, key);
        let enumerable = desc.as_ref().and_then(PropertyDescriptor::enumerable);
        let mut separator = " ".to_owned();
        let str = match desc {
            Some(d) if d.is_accessor_descriptor() => {
                let has_get = d.get().is_some_and(|g| !g.is_undefined());
                let has_set = d.set().is_some_and(|s| !s.is_undefined());
                match (has_get, has_set) {
                    (true, true) => "[Getter/Setter]".to_owned(),
                    (true, false) => "[Getter]".to_owned(),
                    (false, true) => "[Setter]".to_owned(),
                    (false, false) => "undefined".to_owned(),
                }
            }
            Some(d) => {
                let value = d.value().cloned().unwrap_or_default();
                self.format_property_value(&value, recurse_times, extras, &mut separator)
            }
            None => match self.exotic_get(obj, key) {
                Some(value) => {
                    self.format_property_value(&value, recurse_times, extras, &mut separator)
                }
                None => "<error>".to_owned(),
            },
        };
        if extras == Extras::Element {
            return str;
        }
        let name = match key {
            PropertyKey::Symbol(sym) => format!("[{}]", symbol_to_string(sym)),
            PropertyKey::String(s) if s == &js_string!("__proto__") => "['__proto__']".to_owned(),
            _ if enumerable == Some(false) => format!("[{}]", key_to_string(key)),
            _ => {
                let k = key_to_string(key);
                if is_identifier(&k) {
                    k
                } else {
                    match key {
                        PropertyKey::String(s) => str_escape(&s.to_vec()),
                        _ => str_escape(&k.encode_utf16().collect::<Vec<_>>()),
                    }
                }
            }
        };
        format!("{name}:{separator}{str}")
    }

    /// A property's value, indented under its key. With `compact: true` an object's property is indented one
    /// more and, when wider than the line, starts on the next line (`separator`), as Node does.
    fn format_property_value(
        &mut self,
        value: &JsValue,
        recurse_times: usize,
        extras: Extras,
        separator: &mut String,
    ) -> String {
        let diff = if self.opts.compact == Compact::Always && extras == Extras::Object {
            3
        } else {
            2
        };
        self.indentation += diff;
        let text = self.format_value(value, recurse_times);
        let visible = text.chars().filter(|c| !c.is_control()).count();
        if diff == 3 && self.opts.break_length < visible {
            *separator = format!("\n{}", " ".repeat(self.indentation));
        }
        self.indentation -= diff;
        text
    }

    /// Reads a property that is listed as own but is not in the property map (exotic objects such as
    /// `byteLength` of an ArrayBuffer, which is a prototype getter we call only for built-ins).
    fn exotic_get(&mut self, obj: &JsObject, key: &PropertyKey) -> Option<JsValue> {
        if let PropertyKey::String(s) = key
            && s == &js_string!("byteLength")
            && let Ok(buffer) = JsArrayBuffer::from_object(obj.clone())
        {
            return Some(JsValue::new(buffer.byte_length() as f64));
        }
        if let PropertyKey::String(s) = key
            && let Ok(view) = JsDataView::from_object(obj.clone())
        {
            let name = s.to_std_string_escaped();
            return match name.as_str() {
                "byteLength" => view
                    .byte_length(self.ctx)
                    .ok()
                    .map(|n| JsValue::new(n as f64)),
                "byteOffset" => view
                    .byte_offset(self.ctx)
                    .ok()
                    .map(|n| JsValue::new(n as f64)),
                "buffer" => view.buffer(self.ctx).ok(),
                _ => safe_get(obj, key),
            };
        }
        if has_accessor_in_chain(obj, key) {
            return None;
        }
        obj.get(key.clone(), self.ctx).ok()
    }

    /// Node's `reduceToSingleString` with `compact: 3`.
    fn reduce_to_single_string(
        &mut self,
        mut output: Vec<String>,
        base: &str,
        braces: &(String, &str),
        extras: Extras,
        recurse_times: usize,
        obj: &JsObject,
    ) -> String {
        let levels = match self.opts.compact {
            Compact::Lines(levels) => levels,
            Compact::Always => return self.reduce_compact(output, base, braces),
        };
        let entries = output.len();
        if levels >= 1 && extras == Extras::Array && entries > 6 {
            output = self.group_array_elements(output, obj);
        }
        if levels >= 1 && self.current_depth - recurse_times < levels && entries == output.len() {
            let start = output.len() + self.indentation + width(&braces.0) + width(base) + 10;
            if self.is_below_break_length(&output, start, base) {
                let joined = output.join(", ");
                if !joined.contains('\n') {
                    let base = if base.is_empty() {
                        String::new()
                    } else {
                        format!("{base} ")
                    };
                    return format!("{base}{} {joined} {}", braces.0, braces.1);
                }
            }
        }
        let indentation = format!("\n{}", " ".repeat(self.indentation));
        let base = if base.is_empty() {
            String::new()
        } else {
            format!("{base} ")
        };
        format!(
            "{base}{}{indentation}  {}{indentation}{}",
            braces.0,
            output.join(&format!(",{indentation}  ")),
            braces.1
        )
    }

    /// Node's `reduceToSingleString` with `compact: true`: entries run on, broken only where the width ends.
    fn reduce_compact(&self, output: Vec<String>, base: &str, braces: &(String, &str)) -> String {
        let base_text = if base.is_empty() {
            String::new()
        } else {
            format!(" {base}")
        };
        if self.is_below_break_length(&output, 0, base) {
            return format!("{}{base_text} {} {}", braces.0, output.join(", "), braces.1);
        }
        let indentation = " ".repeat(self.indentation);
        let line = if base.is_empty() && width(&braces.0) == 1 {
            " ".to_owned()
        } else {
            format!("{base_text}\n{indentation}  ")
        };
        format!(
            "{}{line}{} {}",
            braces.0,
            output.join(&format!(",\n{indentation}  ")),
            braces.1
        )
    }

    fn is_below_break_length(&self, output: &[String], start: usize, base: &str) -> bool {
        let mut total = output.len() + start;
        if total + output.len() > self.opts.break_length {
            return false;
        }
        for entry in output {
            total += width(entry);
            if total > self.opts.break_length {
                return false;
            }
        }
        base.is_empty() || !base.contains('\n')
    }

    /// Node's `groupArrayElements`: lays out many short entries in aligned columns.
    fn group_array_elements(&mut self, output: Vec<String>, obj: &JsObject) -> Vec<String> {
        let mut total_length = 0usize;
        let mut max_length = 0usize;
        let mut output_length = output.len();
        if self.opts.max_array_length < output.len() {
            // The "... n more items" entry is not grouped.
            output_length -= 1;
        }
        let separator_space = 2;
        let data_len: Vec<usize> = output[..output_length].iter().map(|s| width(s)).collect();
        for &len in &data_len {
            total_length += len + separator_space;
            max_length = max_length.max(len);
        }
        let actual_max = max_length + separator_space;
        if actual_max * 3 + self.indentation < self.opts.break_length
            && (total_length as f64 / actual_max as f64 > 5.0 || max_length <= 6)
        {
            let approx_char_heights = 2.5;
            let average_bias =
                (actual_max as f64 - total_length as f64 / output.len() as f64).sqrt();
            let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
            let columns = ((approx_char_heights * biased_max * output_length as f64).sqrt()
                / biased_max)
                .round()
                .min(((self.opts.break_length - self.indentation) / actual_max) as f64)
                .min(match self.opts.compact {
                    Compact::Lines(levels) => levels.saturating_mul(4) as f64,
                    Compact::Always => 12.0,
                })
                .min(15.0);
            let columns = if columns.is_nan() {
                1
            } else {
                columns as usize
            };
            if columns <= 1 {
                return output;
            }
            let mut max_line_length = Vec::with_capacity(columns);
            for i in 0..columns {
                let mut line_length = 0;
                let mut j = i;
                while j < output_length {
                    line_length = line_length.max(data_len[j]);
                    j += columns;
                }
                max_line_length.push(line_length + separator_space);
            }
            let pad_start = (0..output.len()).all(|i| {
                own_desc(obj, &PropertyKey::from(i))
                    .and_then(|d| d.value().cloned())
                    .or_else(|| {
                        obj.is::<TypedArray>()
                            .then(|| obj.get(i, self.ctx).ok())
                            .flatten()
                    })
                    .is_some_and(|v| v.is_number() || v.is_bigint())
            });
            let mut tmp = Vec::new();
            let mut i = 0;
            while i < output_length {
                let max = (i + columns).min(output_length);
                let mut line = String::new();
                let mut j = i;
                while j < max - 1 {
                    let cell = format!("{}, ", output[j]);
                    line.push_str(&pad(&cell, max_line_length[j - i], pad_start));
                    j += 1;
                }
                if pad_start {
                    let w = max_line_length[j - i] - separator_space;
                    line.push_str(&pad(&output[j], w, true));
                } else {
                    line.push_str(&output[j]);
                }
                tmp.push(line);
                i += columns;
            }
            if self.opts.max_array_length < output.len()
                && let Some(last) = output.last()
            {
                tmp.push(last.clone());
            }
            return tmp;
        }
        output
    }

    /// Own keys to show: enumerable ones (all with `show_hidden`), strings before symbols.
    fn get_keys(&mut self, obj: &JsObject, non_index: bool) -> Vec<PropertyKey> {
        let show_hidden = self.opts.show_hidden;
        let is_typed = obj.is::<TypedArray>();
        own_keys(obj, self.ctx)
            .into_iter()
            .filter(|k| !(non_index || is_typed) || !matches!(k, PropertyKey::Index(_)))
            .filter(|k| {
                show_hidden
                    || own_desc(obj, k)
                        .and_then(|d| d.enumerable())
                        .unwrap_or(true)
            })
            .collect()
    }

    fn string_tag(&mut self, obj: &JsObject) -> String {
        let key = PropertyKey::from(JsSymbol::to_string_tag());
        let Some(tag) = safe_get(obj, &key).and_then(|v| v.as_string()) else {
            return String::new();
        };
        if tag.is_empty() {
            return String::new();
        }
        // Only list the tag when it's not shown as a key anyway.
        if let Some(d) = own_desc(obj, &key)
            && (self.opts.show_hidden || d.enumerable() == Some(true))
        {
            return String::new();
        }
        tag.to_std_string_escaped()
    }

    /// Node's `getFunctionBase` / `getClassBase`.
    fn function_base(&mut self, obj: &JsObject, ctor: Option<&str>, tag: &str) -> String {
        let name = own_desc(obj, &js_string!("name").into())
            .and_then(|d| d.value().and_then(JsValue::as_string))
            .map(|s| s.to_std_string_escaped())
            .unwrap_or_default();
        if is_class(obj) {
            let name = if name.is_empty() {
                "(anonymous)"
            } else {
                &name
            };
            let mut base = format!("class {name}");
            if ctor != Some("Function") && ctor.is_some() {
                base.push_str(&format!(" [{}]", ctor.unwrap_or_default()));
            }
            if !tag.is_empty() && ctor != Some(tag) {
                base.push_str(&format!(" [{tag}]"));
            }
            match obj.prototype() {
                Some(proto) if ctor.is_some() => {
                    if let Some(sup) = safe_get(&proto, &js_string!("name").into())
                        .and_then(|v| v.as_string())
                        .filter(|s| !s.is_empty())
                    {
                        base.push_str(&format!(" extends {}", sup.to_std_string_escaped()));
                    }
                }
                _ => base.push_str(" extends [null prototype]"),
            }
            return format!("[{base}]");
        }
        let intrinsics = self.ctx.intrinsics().constructors();
        let proto = obj.prototype();
        let is = |c: &boa_engine::context::intrinsics::StandardConstructor| {
            proto
                .as_ref()
                .is_some_and(|p| JsObject::equals(p, &c.prototype()))
        };
        let kind = if is(intrinsics.async_generator_function()) {
            "AsyncGeneratorFunction"
        } else if is(intrinsics.generator_function()) {
            "GeneratorFunction"
        } else if is(intrinsics.async_function()) {
            "AsyncFunction"
        } else {
            "Function"
        };
        let mut base = format!("[{kind}");
        if ctor.is_none() {
            base.push_str(" (null prototype)");
        }
        if name.is_empty() {
            base.push_str(" (anonymous)");
        } else {
            base.push_str(&format!(": {name}"));
        }
        base.push(']');
        if let Some(c) = ctor
            && c != kind
        {
            base.push_str(&format!(" {c}"));
        }
        if !tag.is_empty() && ctor != Some(tag) {
            base.push_str(&format!(" [{tag}]"));
        }
        base
    }

    fn regexp_to_string(&mut self, re: &JsRegExp) -> String {
        let source = re.source(self.ctx).unwrap_or_default();
        let mut flags = String::new();
        let checks: [(char, FlagGetter); 7] = [
            ('d', JsRegExp::has_indices),
            ('g', JsRegExp::global),
            ('i', JsRegExp::ignore_case),
            ('m', JsRegExp::multiline),
            ('s', JsRegExp::dot_all),
            ('u', JsRegExp::unicode),
            ('y', JsRegExp::sticky),
        ];
        for (c, check) in checks {
            if check(re, self.ctx).unwrap_or(false) {
                flags.push(c);
            }
        }
        format!("/{source}/{flags}")
    }

    /// Node's `formatError`, simplified: a top-level error prints its stack (`Name: message` and
    /// boa's `    at ...` lines); a nested one prints `[Name: message]`.
    fn format_error(
        &mut self,
        obj: &JsObject,
        ctor: Option<&str>,
        tag: &str,
        keys: &mut Vec<PropertyKey>,
        recurse_times: usize,
    ) -> String {
        // Nested errors print as `[Name: message]` (shorter than Node, on purpose), except an error's `[cause]`,
        // which Node and vmjs print with its stack.
        let with_stack = recurse_times == 0 || self.is_cause(obj);
        let get_str = |key: &str| {
            safe_get(obj, &JsString::from(key).into())
                .and_then(|v| v.as_string())
                .map(|s| s.to_std_string_escaped())
        };
        let name = self
            .trusted_get(obj, &js_string!("name").into())
            .and_then(|name| name.as_string().map(|name| name.to_std_string_escaped()))
            .unwrap_or_else(|| "Error".to_owned());
        let message = get_str("message").unwrap_or_default();
        let summary = super::error_stack::summary(&name, &message);
        let own_stack = own_desc(obj, &js_string!("stack").into())
            .and_then(|d| d.value().and_then(JsValue::as_string))
            .map(|s| s.to_std_string_escaped());
        let mut stack = match own_stack {
            Some(s) => s,
            None => {
                let frames = if with_stack {
                    self.builtin_stack(obj)
                } else {
                    String::new()
                };
                let frames = frames.trim_end();
                if frames.is_empty() {
                    summary
                } else {
                    format!("{summary}\n{frames}")
                }
            }
        };
        stack = improve_stack(stack, ctor, &name, tag);
        // Node's `removeDuplicateErrorKeys`: don't repeat what the stack already shows.
        if !self.opts.show_hidden {
            keys.retain(|key| {
                let PropertyKey::String(k) = key else {
                    return true;
                };
                if !["name", "message", "stack"]
                    .iter()
                    .any(|n| k == &JsString::from(*n))
                {
                    return true;
                }
                let shown = own_desc(obj, key)
                    .and_then(|d| d.value().and_then(JsValue::as_string))
                    .is_some_and(|v| stack.contains(&v.to_std_string_escaped()));
                !shown
            });
        }
        // `cause` and `errors` are shown even when non-enumerable.
        for extra in ["cause", "errors"] {
            let key: PropertyKey = JsString::from(extra).into();
            if own_desc(obj, &key).is_some() && !keys.contains(&key) {
                keys.push(key);
            }
        }
        let first_frame = stack.find("\n    at");
        match first_frame {
            None => format!("[{stack}]"),
            Some(pos) if !with_stack => format!("[{}]", &stack[..pos]),
            Some(_) => {
                if self.indentation == 0 {
                    stack
                } else {
                    let indentation = " ".repeat(self.indentation);
                    stack.replace('\n', &format!("\n{indentation}"))
                }
            }
        }
    }

    /// Whether `obj` is the `cause` (a data property) of the error being formatted around it.
    fn is_cause(&self, obj: &JsObject) -> bool {
        self.seen.last().is_some_and(|parent| {
            parent.is::<ErrorData>()
                && own_desc(parent, &js_string!("cause").into())
                    .and_then(|d| d.value().and_then(JsValue::as_object))
                    .is_some_and(|cause| JsObject::equals(&cause, obj))
        })
    }

    /// The `    at ...` lines boa records for an error (from boa's own `stack` getter, which runs no user code),
    /// as `stack` shows them (in the user's text, without vmjs's own frames).
    fn builtin_stack(&mut self, obj: &JsObject) -> String {
        let frames = super::error_stack::frames(obj, self.ctx).unwrap_or_default();
        super::error_stack::frames_as_shown(&frames, self.ctx).join("\n")
    }

    /// Node's `getBoxedBase`: `[Number: 3]`, `[String: 'x']`, ...
    fn boxed_base(
        &mut self,
        obj: &JsObject,
        ctor: Option<&str>,
        tag: &str,
        keys: &mut Vec<PropertyKey>,
    ) -> Option<String> {
        let (kind, value): (&str, JsValue) = if let Some(n) = obj.downcast_ref::<f64>() {
            ("Number", JsValue::new(*n))
        } else if let Some(s) = obj.downcast_ref::<JsString>() {
            ("String", JsValue::new(s.clone()))
        } else if let Some(b) = obj.downcast_ref::<bool>() {
            ("Boolean", JsValue::new(*b))
        } else if let Some(b) = obj.downcast_ref::<JsBigInt>() {
            ("BigInt", JsValue::new(b.clone()))
        } else if let Some(s) = obj.downcast_ref::<JsSymbol>() {
            ("Symbol", JsValue::new(s.clone()))
        } else {
            return None;
        };
        if kind == "String" {
            keys.retain(|k| !matches!(k, PropertyKey::Index(_)));
        }
        let mut base = format!("[{kind}");
        if ctor != Some(kind) {
            match ctor {
                None => base.push_str(" (null prototype)"),
                Some(c) => base.push_str(&format!(" ({c})")),
            }
        }
        let saved = self.indentation;
        let inner = self.format_primitive(&value);
        self.indentation = saved;
        base.push_str(&format!(": {inner}]"));
        if !tag.is_empty() && Some(tag) != ctor {
            base.push_str(&format!(" [{tag}]"));
        }
        Some(base)
    }
}

/// A built-in `RegExp` flag accessor of [`JsRegExp`].
type FlagGetter = fn(&JsRegExp, &mut Context) -> boa_engine::JsResult<bool>;

/// Objects with their own formatting even when their constructor is called `Object`.
/// The fields Node shows for a `DataView` (prototype getters of the built-in, read through `exotic_get`).
const DATA_VIEW_FIELDS: [&str; 3] = ["byteLength", "byteOffset", "buffer"];

fn is_special(obj: &JsObject) -> bool {
    obj.is::<ErrorData>()
        || obj.is::<f64>()
        || obj.is::<JsString>()
        || obj.is::<bool>()
        || obj.is::<JsBigInt>()
        || obj.is::<JsSymbol>()
        || JsRegExp::from_object(obj.clone()).is_ok()
        || JsDate::from_object(obj.clone()).is_ok()
        || JsArrayBuffer::from_object(obj.clone()).is_ok()
        || JsPromise::from_object(obj.clone()).is_ok()
        || JsWeakMap::from_object(obj.clone()).is_ok()
        || JsWeakSet::from_object(obj.clone()).is_ok()
}

/// Node's `improveStack`: mention the constructor when it differs from the error's name.
fn improve_stack(stack: String, ctor: Option<&str>, name: &str, _tag: &str) -> String {
    let len = name.len();
    let starts = name.ends_with("Error")
        && stack.starts_with(name)
        && (stack.len() == len || matches!(stack.as_bytes().get(len), Some(b':' | b'\n')));
    match ctor {
        None => format!("[Error: null prototype] {stack}"),
        Some(c) if starts && c != name => {
            if c.contains(name) {
                if len == 0 {
                    format!("{c}: {stack}")
                } else {
                    format!("{c}{}", &stack[len..])
                }
            } else {
                format!("{c} [{name}]{}", &stack[len..])
            }
        }
        _ => stack,
    }
}

/// Node's `getPrefix`.
fn get_prefix(ctor: Option<&str>, tag: &str, fallback: &str, size: &str) -> String {
    match ctor {
        None => {
            if !tag.is_empty() && fallback != tag {
                format!("[{fallback}{size}: null prototype] [{tag}] ")
            } else {
                format!("[{fallback}{size}: null prototype] ")
            }
        }
        Some(c) => {
            if !tag.is_empty() && c != tag {
                format!("{c}{size} [{tag}] ")
            } else {
                format!("{c}{size} ")
            }
        }
    }
}

/// Whether reading `key` from `obj`'s prototypes could run code (an accessor, or a Proxy on the way).
fn has_accessor_in_chain(obj: &JsObject, key: &PropertyKey) -> bool {
    let Some(prototype) = obj.prototype() else {
        return false;
    };
    match on_chain(&prototype, key) {
        OnChain::Own(descriptor) | OnChain::Inherited(descriptor) => {
            descriptor.is_accessor_descriptor()
        }
        OnChain::Absent => false,
        OnChain::Opaque => true,
    }
}

/// Node's `getConstructorName`: the `name` of the first `constructor` on the prototype chain that
/// the object is an instance of; `None` for a null prototype; `Object` when nothing matches.
pub(crate) fn constructor_name(obj: &JsObject) -> Option<String> {
    let mut current = Some(obj.clone());
    let ctor_key: PropertyKey = js_string!("constructor").into();
    let name_key: PropertyKey = js_string!("name").into();
    let mut first = true;
    for _ in 0..10_000 {
        let Some(o) = current else { break };
        if o.is::<Proxy>() {
            break;
        }
        if let Some(f) = own_desc(&o, &ctor_key)
            .and_then(|d| d.value().cloned())
            .and_then(|v| v.as_object())
            .filter(JsObject::is_callable)
            && let Some(name) = own_desc(&f, &name_key)
                .and_then(|d| d.value().and_then(JsValue::as_string))
                .filter(|n| !n.is_empty())
            && is_instance_of(obj, &f)
        {
            return Some(name.to_std_string_escaped());
        }
        current = o.prototype();
        if first && current.is_none() {
            return None;
        }
        first = false;
    }
    // Deliberate divergence: Node prints `Object <Complex prototype>`-style names here.
    Some("Object".to_owned())
}

fn is_instance_of(obj: &JsObject, ctor: &JsObject) -> bool {
    let Some(proto) = own_desc(ctor, &js_string!("prototype").into())
        .and_then(|d| d.value().cloned())
        .and_then(|v| v.as_object())
    else {
        return false;
    };
    let mut current = obj.prototype();
    for _ in 0..10_000 {
        let Some(o) = current else { return false };
        if JsObject::equals(&o, &proto) {
            return true;
        }
        if o.is::<Proxy>() {
            return false;
        }
        current = o.prototype();
    }
    false
}

/// Whether `obj` is a function's `arguments` object. boa keeps its kind private; its own properties give it
/// away: non-enumerable `length`, `callee` (a value, or the strict-mode thrower) and `Symbol.iterator`, which
/// no plain object has unless built to look like one.
fn is_arguments(obj: &JsObject) -> bool {
    let hidden = |key: PropertyKey| own_desc(obj, &key).is_some_and(|d| !d.expect_enumerable());
    hidden(js_string!("callee").into())
        && hidden(js_string!("length").into())
        && hidden(PropertyKey::Symbol(JsSymbol::iterator()))
}

fn array_length(obj: &JsObject) -> u64 {
    own_desc(obj, &js_string!("length").into())
        .and_then(|d| d.value().and_then(JsValue::as_number))
        .map_or(0, |n| n as u64)
}

/// JS `Number::toString`, with `-0` shown as `-0` like Node.
pub(crate) fn format_number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        return "-0".to_owned();
    }
    JsValue::new(n).display().to_string()
}

fn symbol_to_string(sym: &JsSymbol) -> String {
    sym.descriptive_string().to_std_string_escaped()
}

fn key_to_string(key: &PropertyKey) -> String {
    match key {
        PropertyKey::String(s) => s.to_std_string_escaped(),
        PropertyKey::Symbol(s) => symbol_to_string(s),
        PropertyKey::Index(i) => i.get().to_string(),
    }
}

/// Node's `keyStrRegExp`: `^[a-zA-Z_][a-zA-Z_0-9]*$`.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

fn remaining_text(remaining: usize) -> String {
    format!("... {remaining} more item{}", plural(remaining))
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn pad(s: &str, target: usize, start: bool) -> String {
    let w = width(s);
    if w >= target {
        return s.to_owned();
    }
    let fill = " ".repeat(target - w);
    if start {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// Node's `strEscape`: quotes a string, preferring `'`, then `"`, then `` ` ``, and escapes
/// control characters, backslashes, the chosen quote and lone surrogates.
pub(crate) fn str_escape(units: &[u16]) -> String {
    let has = |c: u8| units.contains(&u16::from(c));
    let mut quote = '\'';
    if has(b'\'') {
        if !has(b'"') {
            quote = '"';
        } else if !has(b'`')
            && !units
                .windows(2)
                .any(|w| w == [u16::from(b'$'), u16::from(b'{')])
        {
            quote = '`';
        }
    }
    let mut out = String::with_capacity(units.len() + 2);
    out.push(quote);
    for item in char::decode_utf16(units.iter().copied()) {
        match item {
            Ok(c) => match c {
                '\'' if quote == '\'' => out.push_str("\\'"),
                '\\' => out.push_str("\\\\"),
                '\u{8}' => out.push_str("\\b"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\u{c}' => out.push_str("\\f"),
                '\r' => out.push_str("\\r"),
                c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                    out.push_str(&format!("\\x{:02X}", c as u32));
                }
                c => out.push(c),
            },
            Err(e) => out.push_str(&format!("\\u{:x}", e.unpaired_surrogate())),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod more_tests;
#[cfg(test)]
mod tests;
