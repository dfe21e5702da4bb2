//! Node-style formatting of boa values (`util.inspect`), deterministic, colourless, and free of user code.
//!
//! The algorithm mirrors Node's `lib/internal/util/inspect.js` (`formatValue`, `formatRaw`,
//! `reduceToSingleString`, `groupArrayElements`), but reads objects only through their property maps:
//! getters, Proxy traps and `toString`/`valueOf` are never invoked.

use boa_engine::builtins::promise::PromiseState;
use boa_engine::{
    Context, JsNativeError, JsObject, JsResult, JsString, JsSymbol, JsValue, JsVariant,
    bigint::JsBigInt,
    builtins::{
        error::Error as ErrorData, function::OrdinaryFunction, map::ordered_map::OrderedMap,
        proxy::Proxy, set::ordered_set::OrderedSet, typed_array::TypedArray,
    },
    js_string,
    native_function::NativeFunctionObject,
    object::builtins::{
        JsArrayBuffer, JsDataView, JsDate, JsPromise, JsRegExp, JsTypedArray, JsWeakMap, JsWeakSet,
    },
    property::{PropertyDescriptor, PropertyKey},
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
}

impl Default for InspectOptions {
    fn default() -> Self {
        Self {
            depth: 2,
            max_array_length: 100,
            max_string_length: 10_000,
            break_length: 80,
            show_hidden: false,
        }
    }
}

impl InspectOptions {
    /// Node's `util.inspect` options object (`depth` — a number, `Infinity` or `null` for no limit —,
    /// `maxArrayLength`, `maxStringLength`, `breakLength`, `showHidden`) over the defaults; what is missing
    /// or not a usable value keeps its default. Reading the options may run the user's getters, as in Node.
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
        if units.len() > 16
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

        if let Some(entries) = self.printed_entries(obj) {
            return self.format_entries(obj, ctor, &tag, entries, recurse_times);
        }
        if let Some(url) = obj
            .downcast_ref::<boa_runtime::url::Url>()
            .map(|url| url::Url::from(url.clone()))
        {
            return self.format_url(&url, obj, recurse_times);
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
                    .to_iso_string(self.ctx)
                    .ok()
                    .and_then(|v| v.as_string())
                    .map_or_else(|| "Invalid Date".to_owned(), |s| s.to_std_string_escaped());
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
                self.indentation += 2;
                let mut output: Vec<String> = entries[..max]
                    .iter()
                    .map(|(k, v)| {
                        let k = self.format_value(k, recurse_times);
                        let v = self.format_value(v, recurse_times);
                        format!("{k} => {v}")
                    })
                    .collect();
                self.indentation -= 2;
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
                self.indentation += 2;
                let s = self.format_value(&value, recurse_times);
                self.indentation -= 2;
                s
            }
            None => match self.exotic_get(obj, key) {
                Some(value) => {
                    self.indentation += 2;
                    let s = self.format_value(&value, recurse_times);
                    self.indentation -= 2;
                    s
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
        format!("{name}: {str}")
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
        let entries = output.len();
        if extras == Extras::Array && entries > 6 {
            output = self.group_array_elements(output, obj);
        }
        if self.current_depth - recurse_times < 3 && entries == output.len() {
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
                .min(12.0)
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
        let is_class = obj.is::<OrdinaryFunction>()
            && own_desc(obj, &js_string!("prototype").into())
                .is_some_and(|d| d.is_data_descriptor() && d.writable() == Some(false));
        if is_class {
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
        let name = get_str("name").unwrap_or_else(|| "Error".to_owned());
        let message = get_str("message").unwrap_or_default();
        let summary = match (name.is_empty(), message.is_empty()) {
            (true, _) => message.clone(),
            (false, true) => name.clone(),
            (false, false) => format!("{name}: {message}"),
        };
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

    /// Node's `URL { href, origin, protocol, …, searchParams, hash }` (the WHATWG getters' values, read from the
    /// parsed URL: no JavaScript runs).
    fn format_url(&mut self, parsed: &url::Url, obj: &JsObject, recurse_times: usize) -> String {
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

    /// The pairs a prelude's printer gives for `obj` (an instance of a class registered with
    /// [`register_entries_printer`]); `None` for everything else or when the printer refuses it.
    fn printed_entries(&mut self, obj: &JsObject) -> Option<Vec<(JsValue, JsValue)>> {
        let printers = self.ctx.get_data::<EntriesPrinters>()?.clone();
        let mut prototype = obj.prototype();
        let mut function = None;
        for _ in 0..10_000 {
            let Some(current) = prototype else { break };
            if let Some((_, f)) = printers
                .0
                .iter()
                .find(|(p, _)| JsObject::equals(p, &current))
            {
                function = Some(f.clone());
                break;
            }
            prototype = current.prototype();
        }
        let pairs = function?
            .call(&JsValue::undefined(), &[obj.clone().into()], self.ctx)
            .ok()?
            .as_object()?;
        let mut entries = Vec::new();
        for index in 0..array_length(&pairs) {
            let pair = safe_get(&pairs, &PropertyKey::from(index as u32))?.as_object()?;
            let key = safe_get(&pair, &PropertyKey::from(0u32))?;
            let value = safe_get(&pair, &PropertyKey::from(1u32))?;
            entries.push((key, value));
        }
        Some(entries)
    }

    /// `Name { key => value, … }` (`Name {}` when empty; `[Name]` past the depth).
    fn format_entries(
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
        self.indentation += 2;
        let output: Vec<String> = entries
            .iter()
            .map(|(key, value)| {
                let key = self.format_value(key, recurse_times);
                let value = self.format_value(value, recurse_times);
                format!("{key} => {value}")
            })
            .collect();
        self.indentation -= 2;
        let braces = (format!("{prefix}{{"), "}");
        self.reduce_to_single_string(output, "", &braces, Extras::Object, recurse_times, obj)
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

    /// The `    at ...` lines boa records for an error, read by calling the built-in
    /// `Error.prototype.stack` getter (only when it is still the native one).
    fn builtin_stack(&mut self, obj: &JsObject) -> String {
        let proto = self.ctx.intrinsics().constructors().error().prototype();
        let Some(getter) = own_desc(&proto, &js_string!("stack").into())
            .and_then(|d| d.get().cloned())
            .and_then(|g| g.as_object())
        else {
            return String::new();
        };
        let is_native_getter = getter.is::<NativeFunctionObject>()
            && own_desc(&getter, &js_string!("name").into())
                .and_then(|d| d.value().and_then(JsValue::as_string))
                .is_some_and(|n| n == js_string!("get stack"));
        if !is_native_getter {
            return String::new();
        }
        getter
            .call(&obj.clone().into(), &[], self.ctx)
            .ok()
            .and_then(|v| v.as_string())
            .map(|s| s.to_std_string_escaped())
            .unwrap_or_default()
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
/// Classes of our preludes that print as `Name { key => value, … }` (Node's `URLSearchParams`): their prototype
/// and the prelude's function that returns an instance's `[key, value]` pairs. Kept in the context.
#[derive(Default, Clone)]
struct EntriesPrinters(Vec<(JsObject, JsObject)>);

/// `printEntries(prototype, entriesOf)`, a native of the Web APIs' prelude: instances of `prototype` print the
/// pairs `entriesOf(instance)` returns. Only preludes get this native; user code never does.
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
    let mut printers = context
        .get_data::<EntriesPrinters>()
        .cloned()
        .unwrap_or_default();
    printers.0.push((prototype, function));
    context.insert_data(printers);
    Ok(JsValue::undefined())
}

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

/// The own property descriptor, read from the property map (never runs a getter or trap).
pub(crate) fn own_desc(obj: &JsObject, key: &PropertyKey) -> Option<PropertyDescriptor> {
    if obj.is::<Proxy>() {
        return None;
    }
    obj.try_borrow().ok()?.properties().get(key)
}

/// Own property keys in spec order; empty for Proxies (whose `ownKeys` trap we must not run).
pub(crate) fn own_keys(obj: &JsObject, ctx: &mut Context) -> Vec<PropertyKey> {
    if obj.is::<Proxy>() {
        return Vec::new();
    }
    obj.own_property_keys(ctx).unwrap_or_default()
}

/// `[[Get]]` restricted to data properties along the prototype chain: `None` for accessors,
/// Proxies or missing properties.
pub(crate) fn safe_get(obj: &JsObject, key: &PropertyKey) -> Option<JsValue> {
    let mut current = Some(obj.clone());
    for _ in 0..10_000 {
        let o = current?;
        if o.is::<Proxy>() {
            return None;
        }
        if let Some(desc) = own_desc(&o, key) {
            return desc.value().cloned();
        }
        current = o.prototype();
    }
    None
}

fn has_accessor_in_chain(obj: &JsObject, key: &PropertyKey) -> bool {
    let mut current = obj.prototype();
    for _ in 0..10_000 {
        let Some(o) = current else { return false };
        if o.is::<Proxy>() {
            return true;
        }
        if let Some(desc) = own_desc(&o, key) {
            return desc.is_accessor_descriptor();
        }
        current = o.prototype();
    }
    true
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
mod tests {
    use super::*;
    use boa_engine::Source;
    use expect_test::{Expect, expect};

    fn eval(js: &str, context: &mut Context) -> JsValue {
        match context.eval(Source::from_bytes(js)) {
            Ok(v) => v,
            Err(e) => panic!("eval failed: {e}"),
        }
    }

    fn check(js: &str, expect: Expect) {
        let mut context = Context::default();
        let value = eval(js, &mut context);
        let actual = inspect(&value, &InspectOptions::default(), &mut context);
        expect.assert_eq(&actual);
    }

    #[test]
    fn inspect_000_42() {
        check(r#"42"#, expect![[r#"42"#]]);
    }

    #[test]
    fn inspect_001_0() {
        check(r#"-0"#, expect![[r#"-0"#]]);
    }

    #[test]
    fn inspect_002_1_5() {
        check(r#"1.5"#, expect![[r#"1.5"#]]);
    }

    #[test]
    fn inspect_003_nan() {
        check(r#"NaN"#, expect![[r#"NaN"#]]);
    }

    #[test]
    fn inspect_004_infinity() {
        check(r#"-Infinity"#, expect![[r#"-Infinity"#]]);
    }

    #[test]
    fn inspect_005_123n() {
        check(r#"123n"#, expect![[r#"123n"#]]);
    }

    #[test]
    fn inspect_006_true() {
        check(r#"true"#, expect![[r#"true"#]]);
    }

    #[test]
    fn inspect_007_undefined() {
        check(r#"undefined"#, expect![[r#"undefined"#]]);
    }

    #[test]
    fn inspect_008_null() {
        check(r#"null"#, expect![[r#"null"#]]);
    }

    #[test]
    fn inspect_009_symbol_foo() {
        check(r#"Symbol('foo')"#, expect![[r#"Symbol(foo)"#]]);
    }

    #[test]
    fn inspect_010_symbol() {
        check(r#"Symbol()"#, expect![[r#"Symbol()"#]]);
    }

    #[test]
    fn inspect_011_hi() {
        check(r#"'hi'"#, expect![[r#"'hi'"#]]);
    }

    #[test]
    fn inspect_012_it_s() {
        check(r#""it's""#, expect![[r#""it's""#]]);
    }

    #[test]
    fn inspect_013_both_and() {
        check(r#"'both \' and "'"#, expect![[r#"`both ' and "`"#]]);
    }

    #[test]
    fn inspect_014_all() {
        check(r#"'all \' " `'"#, expect![[r#"'all \' " `'"#]]);
    }

    #[test]
    fn inspect_015_tab_there_nnew_x01_x7f() {
        check(
            r#"'tab\there\nnew \x01 \x7f \\'"#,
            expect![[r#"'tab\there\nnew \x01 \x7F \\'"#]],
        );
    }

    #[test]
    fn inspect_016_1_2_3() {
        check(r#"[1, 2, 3]"#, expect![[r#"[ 1, 2, 3 ]"#]]);
    }

    #[test]
    fn inspect_017_x() {
        check(r#"[]"#, expect![[r#"[]"#]]);
    }

    #[test]
    fn inspect_018_1_3() {
        check(r#"[1, , 3]"#, expect![[r#"[ 1, <1 empty item>, 3 ]"#]]);
    }

    #[test]
    fn inspect_019_4() {
        check(r#"[, , , 4]"#, expect![[r#"[ <3 empty items>, 4 ]"#]]);
    }

    #[test]
    fn inspect_020_1() {
        check(r#"[1, , , ]"#, expect![[r#"[ 1, <2 empty items> ]"#]]);
    }

    #[test]
    fn inspect_021_object_assign_1_2_foo_bar() {
        check(
            r#"Object.assign([1, 2], {foo: 'bar'})"#,
            expect![[r#"[ 1, 2, foo: 'bar' ]"#]],
        );
    }

    #[test]
    fn inspect_022_a_1_b_x() {
        check(r#"({a: 1, b: 'x'})"#, expect![[r#"{ a: 1, b: 'x' }"#]]);
    }

    #[test]
    fn inspect_023_x() {
        check(r#"({})"#, expect![[r#"{}"#]]);
    }

    #[test]
    fn inspect_024_a_b_1_c_2_d_3_1_4() {
        check(
            r#"({'a-b': 1, $c: 2, _d: 3, 1: 4})"#,
            expect![[r#"{ '1': 4, 'a-b': 1, '$c': 2, _d: 3 }"#]],
        );
    }

    #[test]
    fn inspect_025_symbol_s_1() {
        check(
            r#"({[Symbol('s')]: 1})"#,
            expect![[r#"{ [Symbol(s)]: 1 }"#]],
        );
    }

    #[test]
    fn inspect_026_a_b_c_d_1() {
        check(
            r#"({a: {b: {c: {d: 1}}}})"#,
            expect![[r#"{ a: { b: { c: [Object] } } }"#]],
        );
    }

    #[test]
    fn inspect_027_a_1() {
        check(
            r#"({a: [[[[1]]]]})"#,
            expect![[r#"{ a: [ [ [Array] ] ] }"#]],
        );
    }

    #[test]
    fn inspect_028_class_point_constructor_this_x_1_this_y() {
        check(
            r#"(class Point { constructor() { this.x = 1; this.y = 2; } }, new (class Point { constructor() { this.x = 1; this.y = 2; } })())"#,
            expect![[r#"Point { x: 1, y: 2 }"#]],
        );
    }

    #[test]
    fn inspect_029_object_assign_object_create_null_a_1() {
        check(
            r#"Object.assign(Object.create(null), {a: 1})"#,
            expect![[r#"[Object: null prototype] { a: 1 }"#]],
        );
    }

    #[test]
    fn inspect_030_object_create_null() {
        check(
            r#"Object.create(null)"#,
            expect![[r#"[Object: null prototype] {}"#]],
        );
    }

    #[test]
    fn inspect_031_const_o_o_self_o_return_o() {
        check(
            r#"(() => { const o = {}; o.self = o; return o; })()"#,
            expect![[r#"<ref *1> { self: [Circular *1] }"#]],
        );
    }

    #[test]
    fn inspect_032_const_a_const_b_a_a_b_b_return_a_b() {
        check(
            r#"(() => { const a = {}; const b = {a}; a.b = b; return [a, b]; })()"#,
            expect![[r#"
                [
                  <ref *1> { b: { a: [Circular *1] } },
                  <ref *2> { a: <ref *1> { b: [Circular *2] } }
                ]"#]],
        );
    }

    #[test]
    fn inspect_033_const_o_x_1_return_o_o() {
        check(
            r#"(() => { const o = {x: 1}; return [o, o]; })()"#,
            expect![[r#"[ { x: 1 }, { x: 1 } ]"#]],
        );
    }

    #[test]
    fn inspect_034_array_from_length_30_i_i() {
        check(
            r#"Array.from({length: 30}, (_, i) => i)"#,
            expect![[r#"
                [
                   0,  1,  2,  3,  4,  5,  6,  7,  8,
                   9, 10, 11, 12, 13, 14, 15, 16, 17,
                  18, 19, 20, 21, 22, 23, 24, 25, 26,
                  27, 28, 29
                ]"#]],
        );
    }

    #[test]
    fn inspect_035_array_from_length_120_i_i() {
        check(
            r#"Array.from({length: 120}, (_, i) => i)"#,
            expect![[r#"
                [
                   0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11,
                  12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                  24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
                  36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
                  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59,
                  60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,
                  72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83,
                  84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
                  96, 97, 98, 99,
                  ... 20 more items
                ]"#]],
        );
    }

    #[test]
    fn inspect_036_array_from_length_10_i_item_i() {
        check(
            r#"Array.from({length: 10}, (_, i) => 'item' + i)"#,
            expect![[r#"
                [
                  'item0', 'item1',
                  'item2', 'item3',
                  'item4', 'item5',
                  'item6', 'item7',
                  'item8', 'item9'
                ]"#]],
        );
    }

    #[test]
    fn inspect_037_array_from_length_26_i_string_fromcharco() {
        check(
            r#"Array.from({length: 26}, (_, i) => String.fromCharCode(97 + i).repeat(i % 5 + 1))"#,
            expect![[r#"
                [
                  'a',     'bb',    'ccc',   'dddd',
                  'eeeee', 'f',     'gg',    'hhh',
                  'iiii',  'jjjjj', 'k',     'll',
                  'mmm',   'nnnn',  'ooooo', 'p',
                  'qq',    'rrr',   'ssss',  'ttttt',
                  'u',     'vv',    'www',   'xxxx',
                  'yyyyy', 'z'
                ]"#]],
        );
    }

    #[test]
    fn inspect_038_array_from_length_7_i_i_1000000() {
        check(
            r#"Array.from({length: 7}, (_, i) => i * 1000000)"#,
            expect![[r#"
                [
                        0, 1000000,
                  2000000, 3000000,
                  4000000, 5000000,
                  6000000
                ]"#]],
        );
    }

    #[test]
    fn inspect_039_aaaaaaaaaa_1_bbbbbbbbbbbb_2_cccccccccccc() {
        check(
            r#"({aaaaaaaaaa: 1, bbbbbbbbbbbb: 2, cccccccccccc: 3, dddddddddddd: 4, eeeeeeeeeeee: 5, ffffffffff: 6})"#,
            expect![[r#"
                {
                  aaaaaaaaaa: 1,
                  bbbbbbbbbbbb: 2,
                  cccccccccccc: 3,
                  dddddddddddd: 4,
                  eeeeeeeeeeee: 5,
                  ffffffffff: 6
                }"#]],
        );
    }

    #[test]
    fn inspect_040_a_x_repeat_100() {
        check(
            r#"({a: 'x'.repeat(100)})"#,
            expect![[r#"
                {
                  a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
                }"#]],
        );
    }

    #[test]
    fn inspect_041_x_repeat_20_n_y_repeat_80() {
        check(
            r#"'x'.repeat(20) + '\n' + 'y'.repeat(80)"#,
            expect![[r#"
                'xxxxxxxxxxxxxxxxxxxx\n' +
                  'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'"#]],
        );
    }

    #[test]
    fn inspect_042_s_line_one_is_long_enough_nline_two_is_a() {
        check(
            r#"({s: 'line one is long enough\nline two is also long enough to wrap the whole thing'})"#,
            expect![[r#"
                {
                  s: 'line one is long enough\n' +
                    'line two is also long enough to wrap the whole thing'
                }"#]],
        );
    }

    #[test]
    fn inspect_043_function_foo_foo() {
        check(r#"function foo() {}; foo"#, expect![[r#"[Function: foo]"#]]);
    }

    #[test]
    fn inspect_044_function() {
        check(
            r#"(function () {})"#,
            expect![[r#"[Function (anonymous)]"#]],
        );
    }

    #[test]
    fn inspect_045_x() {
        check(r#"(() => {})"#, expect![[r#"[Function (anonymous)]"#]]);
    }

    #[test]
    fn inspect_046_class_a_a() {
        check(r#"class A {}; A"#, expect![[r#"[class A]"#]]);
    }

    #[test]
    fn inspect_047_class_a_class_b_extends_a_b() {
        check(
            r#"class A {}; class B extends A {}; B"#,
            expect![[r#"[class B extends A]"#]],
        );
    }

    #[test]
    fn inspect_048_async_function_f_f() {
        check(
            r#"async function f() {}; f"#,
            expect![[r#"[AsyncFunction: f]"#]],
        );
    }

    #[test]
    fn inspect_049_function_g_g() {
        check(
            r#"function* g() {}; g"#,
            expect![[r#"[GeneratorFunction: g]"#]],
        );
    }

    #[test]
    fn inspect_050_async_function_ag_ag() {
        check(
            r#"async function* ag() {}; ag"#,
            expect![[r#"[AsyncGeneratorFunction: ag]"#]],
        );
    }

    #[test]
    fn inspect_051_object_assign_function_named_x_1() {
        check(
            r#"Object.assign(function named() {}, {x: 1})"#,
            expect![[r#"[Function: named] { x: 1 }"#]],
        );
    }

    #[test]
    fn inspect_052_class_s_static_x_1_s() {
        check(
            r#"class S { static x = 1 }; S"#,
            expect![[r#"[class S] { x: 1 }"#]],
        );
    }

    #[test]
    fn inspect_053_new_map_a_1_b_2() {
        check(
            r#"new Map([['a', 1], ['b', 2]])"#,
            expect![[r#"Map(2) { 'a' => 1, 'b' => 2 }"#]],
        );
    }

    #[test]
    fn inspect_054_new_set_1_2() {
        check(r#"new Set([1, 2])"#, expect![[r#"Set(2) { 1, 2 }"#]]);
    }

    #[test]
    fn inspect_055_new_map() {
        check(r#"new Map()"#, expect![[r#"Map(0) {}"#]]);
    }

    #[test]
    fn inspect_056_new_set() {
        check(r#"new Set()"#, expect![[r#"Set(0) {}"#]]);
    }

    #[test]
    fn inspect_057_new_weakmap() {
        check(
            r#"new WeakMap()"#,
            expect![[r#"WeakMap { <items unknown> }"#]],
        );
    }

    #[test]
    fn inspect_058_new_weakset() {
        check(
            r#"new WeakSet()"#,
            expect![[r#"WeakSet { <items unknown> }"#]],
        );
    }

    #[test]
    fn inspect_059_new_map_a_1_1_2() {
        check(
            r#"new Map([[{a: 1}, [1, 2]]])"#,
            expect![[r#"Map(1) { { a: 1 } => [ 1, 2 ] }"#]],
        );
    }

    #[test]
    fn inspect_060_new_date_date_utc_2024_0_1() {
        check(
            r#"new Date(Date.UTC(2024, 0, 1))"#,
            expect![[r#"2024-01-01T00:00:00.000Z"#]],
        );
    }

    #[test]
    fn inspect_061_new_date_nan() {
        check(r#"new Date(NaN)"#, expect![[r#"Invalid Date"#]]);
    }

    #[test]
    fn inspect_062_ab_c_gi() {
        check(r#"/ab+c/gi"#, expect![[r#"/ab+c/gi"#]]);
    }

    #[test]
    fn inspect_063_x_y() {
        check(r#"/x/y"#, expect![[r#"/x/y"#]]);
    }

    #[test]
    fn inspect_064_promise_resolve_1() {
        check(r#"Promise.resolve(1)"#, expect![[r#"Promise { 1 }"#]]);
    }

    #[test]
    fn inspect_065_new_promise() {
        check(
            r#"new Promise(() => {})"#,
            expect![[r#"Promise { <pending> }"#]],
        );
    }

    // Diverges from Node on purpose: nested errors print `[Name: message]`, not their stack.
    #[test]
    fn inspect_066_promise_reject_new_error_boom() {
        check(
            r#"Promise.reject(new Error('boom'))"#,
            expect!["Promise { <rejected> [Error: boom] }"],
        );
    }

    #[test]
    fn inspect_067_new_uint8array_1_2_3() {
        check(
            r#"new Uint8Array([1, 2, 3])"#,
            expect![[r#"Uint8Array(3) [ 1, 2, 3 ]"#]],
        );
    }

    #[test]
    fn inspect_068_new_float64array_2() {
        check(
            r#"new Float64Array(2)"#,
            expect![[r#"Float64Array(2) [ 0, 0 ]"#]],
        );
    }

    #[test]
    fn inspect_069_new_uint8array_0() {
        check(r#"new Uint8Array(0)"#, expect![[r#"Uint8Array(0) []"#]]);
    }

    #[test]
    fn inspect_070_new_bigint64array_1n_2n() {
        check(
            r#"new BigInt64Array([1n, 2n])"#,
            expect![[r#"BigInt64Array(2) [ 1n, 2n ]"#]],
        );
    }

    #[test]
    fn inspect_071_new_uint8array_1_2_buffer() {
        check(
            r#"new Uint8Array([1, 2]).buffer"#,
            expect![[r#"ArrayBuffer { [Uint8Contents]: <01 02>, byteLength: 2 }"#]],
        );
    }

    #[test]
    fn inspect_072_new_arraybuffer_0() {
        check(
            r#"new ArrayBuffer(0)"#,
            expect![[r#"ArrayBuffer { [Uint8Contents]: <>, byteLength: 0 }"#]],
        );
    }

    #[test]
    fn inspect_073_new_number_3() {
        check(r#"new Number(3)"#, expect![[r#"[Number: 3]"#]]);
    }

    #[test]
    fn inspect_074_new_string_x() {
        check(r#"new String('x')"#, expect![[r#"[String: 'x']"#]]);
    }

    #[test]
    fn inspect_075_new_boolean_false() {
        check(r#"new Boolean(false)"#, expect![[r#"[Boolean: false]"#]]);
    }

    #[test]
    fn inspect_076_object_1n() {
        check(r#"Object(1n)"#, expect![[r#"[BigInt: 1n]"#]]);
    }

    #[test]
    fn inspect_077_object_symbol_q() {
        check(
            r#"Object(Symbol('q'))"#,
            expect![[r#"[Symbol: Symbol(q)]"#]],
        );
    }

    #[test]
    fn inspect_078_symbol_tostringtag_tag() {
        check(
            r#"({[Symbol.toStringTag]: 'Tag'})"#,
            expect![[r#"{ [Symbol(Symbol.toStringTag)]: 'Tag' }"#]],
        );
    }

    // Diverges from Node: a `Symbol.toStringTag` getter is not run, so no `[Y]` tag.
    #[test]
    fn inspect_079_class_x_get_symbol_tostringtag_return_y() {
        check(
            r#"(() => { class X { get [Symbol.toStringTag]() { return 'Y'; } }; return new X(); })()"#,
            expect!["X {}"],
        );
    }

    #[test]
    fn inspect_080_get_a_return_1_set_b_v_get_c_return_1_se() {
        check(
            r#"({get a() { return 1; }, set b(v) {}, get c() { return 1; }, set c(v) {}})"#,
            expect![[r#"{ a: [Getter], b: [Setter], c: [Getter/Setter] }"#]],
        );
    }

    #[test]
    fn inspect_081_a_undefined_b_null_c_undefined() {
        check(
            r#"({a: undefined, b: null, c: [undefined]})"#,
            expect![[r#"{ a: undefined, b: null, c: [ undefined ] }"#]],
        );
    }

    #[test]
    fn inspect_082_nested_arr_1_2_deep_deeper_true() {
        check(
            r#"({nested: {arr: [1, 2, {deep: {deeper: true}}]}})"#,
            expect![[r#"{ nested: { arr: [ 1, 2, [Object] ] } }"#]],
        );
    }

    #[test]
    fn inspect_083_1_2_3_4() {
        check(
            r#"[[1, [2, [3, [4]]]]]"#,
            expect![[r#"[ [ 1, [ 2, [Array] ] ] ]"#]],
        );
    }

    #[test]
    fn inspect_084_m_new_map_1_a_b_1() {
        check(
            r#"({m: new Map([[1, {a: {b: 1}}]])})"#,
            expect![[r#"{ m: Map(1) { 1 => { a: [Object] } } }"#]],
        );
    }

    // Diverges from Node on purpose: nested errors print `[Name: message]`, not their stack.
    #[test]
    fn inspect_085_e_new_error_inner() {
        check(
            r#"({e: new Error('inner')})"#,
            expect!["{ e: [Error: inner] }"],
        );
    }

    // Diverges from Node on purpose: nested errors print `[Name: message]`, not their stack.
    #[test]
    fn inspect_086_new_typeerror_t() {
        check(r#"[new TypeError('t')]"#, expect!["[ [TypeError: t] ]"]);
    }

    #[test]
    fn inspect_087_f_function_bar_g_class_h() {
        check(
            r#"({f: function bar() {}, g: class {}, h: () => {}})"#,
            expect![[r#"{ f: [Function: bar], g: [class g], h: [Function: h] }"#]],
        );
    }

    #[test]
    fn inspect_088_object_defineproperty_hidden_value_1_enu() {
        check(
            r#"Object.defineProperty({}, 'hidden', {value: 1, enumerable: false})"#,
            expect![[r#"{}"#]],
        );
    }

    #[test]
    fn inspect_089_proto_null_x_1() {
        check(
            r#"({__proto__: null, x: 1})"#,
            expect![[r#"[Object: null prototype] { x: 1 }"#]],
        );
    }

    #[test]
    fn inspect_090_proto_1() {
        check(r#"({'__proto__': 1})"#, expect![[r#"{}"#]]);
    }

    #[test]
    fn inspect_091_new_date_0() {
        check(
            r#"[new Date(0)]"#,
            expect![[r#"[ 1970-01-01T00:00:00.000Z ]"#]],
        );
    }

    #[test]
    fn inspect_092_d_new_date_0_r_x() {
        check(
            r#"({d: new Date(0), r: /x/})"#,
            expect![[r#"{ d: 1970-01-01T00:00:00.000Z, r: /x/ }"#]],
        );
    }

    #[test]
    fn inspect_093_u_new_uint8array_3() {
        check(
            r#"({u: new Uint8Array(3)})"#,
            expect![[r#"{ u: Uint8Array(3) [ 0, 0, 0 ] }"#]],
        );
    }

    #[test]
    fn inspect_094_1_5_0_nan() {
        check(r#"[1.5, -0, NaN]"#, expect![[r#"[ 1.5, -0, NaN ]"#]]);
    }

    #[test]
    fn inspect_095_a_promise_resolve_x_1() {
        check(
            r#"({a: Promise.resolve({x: 1})})"#,
            expect![[r#"{ a: Promise { { x: 1 } } }"#]],
        );
    }

    #[test]
    fn inspect_096_und_it_s_bt_a_b_c_esc_a_b_c_d() {
        check(
            r#"({und: 'it\'s', bt: 'a\'b"c', esc: 'a\'b"c`d'})"#,
            expect![[r#"{ und: "it's", bt: `a'b"c`, esc: 'a\'b"c`d' }"#]],
        );
    }

    #[test]
    fn inspect_097_new_class_foo_extends_map_1_2() {
        check(
            r#"new (class Foo extends Map {})([[1, 2]])"#,
            expect![[r#"Foo(1) [Map] { 1 => 2 }"#]],
        );
    }

    #[test]
    fn inspect_098_new_class_bar_extends_array_3_fill_0() {
        check(
            r#"new (class Bar extends Array {})(3).fill(0)"#,
            expect![[r#"Bar(3) [ 0, 0, 0 ]"#]],
        );
    }

    #[test]
    fn inspect_099_object_assign_new_map_1_2_extra_true() {
        check(
            r#"Object.assign(new Map([[1,2]]), {extra: true})"#,
            expect![[r#"Map(1) { 1 => 2, extra: true }"#]],
        );
    }

    #[test]
    fn inspect_100_object_assign_re_x_1() {
        check(
            r#"Object.assign(/re/, {x: 1})"#,
            expect![[r#"/re/ { x: 1 }"#]],
        );
    }

    #[test]
    fn inspect_101_object_assign_new_date_0_x_1() {
        check(
            r#"Object.assign(new Date(0), {x: 1})"#,
            expect![[r#"1970-01-01T00:00:00.000Z { x: 1 }"#]],
        );
    }

    #[test]
    fn inspect_102_object_assign_new_number_1_x_1() {
        check(
            r#"Object.assign(new Number(1), {x: 1})"#,
            expect![[r#"[Number: 1] { x: 1 }"#]],
        );
    }

    #[test]
    fn inspect_103_new_string_ab() {
        check(r#"new String('ab')"#, expect![[r#"[String: 'ab']"#]]);
    }

    #[test]
    fn inspect_104_object_assign_length_0() {
        check(r#"Object.assign([], {length: 0})"#, expect![[r#"[]"#]]);
    }

    #[test]
    fn inspect_105_array_5() {
        check(r#"Array(5)"#, expect![[r#"[ <5 empty items> ]"#]]);
    }

    #[test]
    fn inspect_106_x() {
        check(r#"[[]]"#, expect![[r#"[ [] ]"#]]);
    }

    #[test]
    fn inspect_107_x() {
        check(r#"[{}]"#, expect![[r#"[ {} ]"#]]);
    }

    #[test]
    fn inspect_108_a() {
        check(r#"({a: []})"#, expect![[r#"{ a: [] }"#]]);
    }

    #[test]
    fn inspect_109_1_two_3_four_4_null_undefined_true() {
        check(
            r#"[1, 'two', [3], {four: 4}, null, undefined, true]"#,
            expect![[r#"[ 1, 'two', [ 3 ], { four: 4 }, null, undefined, true ]"#]],
        );
    }

    #[test]
    fn inspect_110_array_from_length_8_i_i() {
        check(
            r#"Array.from({length: 8}, (_, i) => ({i}))"#,
            expect![[r#"
                [
                  { i: 0 }, { i: 1 },
                  { i: 2 }, { i: 3 },
                  { i: 4 }, { i: 5 },
                  { i: 6 }, { i: 7 }
                ]"#]],
        );
    }

    #[test]
    fn inspect_111_array_from_length_100_i_i_i() {
        check(
            r#"Array.from({length: 100}, (_, i) => i * i)"#,
            expect![[r#"
                [
                     0,    1,    4,    9,   16,   25,   36,   49,   64,   81,
                   100,  121,  144,  169,  196,  225,  256,  289,  324,  361,
                   400,  441,  484,  529,  576,  625,  676,  729,  784,  841,
                   900,  961, 1024, 1089, 1156, 1225, 1296, 1369, 1444, 1521,
                  1600, 1681, 1764, 1849, 1936, 2025, 2116, 2209, 2304, 2401,
                  2500, 2601, 2704, 2809, 2916, 3025, 3136, 3249, 3364, 3481,
                  3600, 3721, 3844, 3969, 4096, 4225, 4356, 4489, 4624, 4761,
                  4900, 5041, 5184, 5329, 5476, 5625, 5776, 5929, 6084, 6241,
                  6400, 6561, 6724, 6889, 7056, 7225, 7396, 7569, 7744, 7921,
                  8100, 8281, 8464, 8649, 8836, 9025, 9216, 9409, 9604, 9801
                ]"#]],
        );
    }

    // Top-level errors print boa's stack (frames differ from V8's, format matches).
    #[test]
    fn inspect_112_new_error_boom() {
        check(
            r#"new Error('boom')"#,
            expect![[r#"
                Error: boom
                    at <main> (unknown at :1:1)"#]],
        );
    }

    // Top-level errors print boa's stack (frames differ from V8's, format matches).
    #[test]
    fn inspect_113_object_assign_new_error_boom_code_e() {
        check(
            r#"Object.assign(new Error('boom'), {code: 'E'})"#,
            expect![[r#"
                Error: boom
                    at <main> (unknown at :1:15) {
                  code: 'E'
                }"#]],
        );
    }

    // Top-level errors print boa's stack (frames differ from V8's, format matches).
    #[test]
    fn inspect_114_new_error_x_cause_1() {
        check(
            r#"new Error('x', {cause: 1})"#,
            expect![[r#"
                Error: x
                    at <main> (unknown at :1:1) {
                  [cause]: 1
                }"#]],
        );
    }

    // Top-level errors print boa's stack (frames differ from V8's, format matches).
    #[test]
    fn inspect_115_class_myerr_extends_error_new_myerr_x() {
        check(
            r#"class MyErr extends Error {}; new MyErr('x')"#,
            expect![[r#"
                MyErr [Error]: x
                    at MyErr (unknown at :?:?)
                    at <main> (unknown at :1:31)"#]],
        );
    }

    // Top-level errors print boa's stack (frames differ from V8's, format matches).
    #[test]
    fn inspect_116_class_validationerror_extends_error_cons() {
        check(
            r#"class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; } }; new ValidationError('bad')"#,
            expect![[r#"
                ValidationError: bad
                    at ValidationError (unknown at :1:39)
                    at <main> (unknown at :1:102)"#]],
        );
    }

    #[test]
    fn inspect_117_const_e_new_rangeerror_r_e_stack_custom() {
        check(
            r#"(() => { const e = new RangeError('r'); e.stack = 'custom stack'; return e; })()"#,
            expect![[r#"[custom stack]"#]],
        );
    }

    // Diverges from Node: boa 0.22 has no public way to reach a Proxy target without traps.
    #[test]
    fn inspect_118_new_proxy_a_1() {
        check(r#"new Proxy({a: 1}, {})"#, expect!["[Proxy]"]);
    }

    // Diverges from Node: boa 0.22 has no public way to reach a Proxy target without traps.
    #[test]
    fn inspect_119_new_proxy_function() {
        check(r#"new Proxy(function () {}, {})"#, expect!["[Proxy]"]);
    }

    // Diverges from Node (`{ p: [] }`): Proxies print as `[Proxy]`; the throwing trap is not run.
    #[test]
    fn inspect_120_p_new_proxy_get_throw_new_error_trap() {
        check(
            r#"({p: new Proxy([], {get() { throw new Error('trap'); }})})"#,
            expect!["{ p: [Proxy] }"],
        );
    }

    #[test]
    fn inspect_121_const_o_object_defineproperty_o_x_get_th() {
        check(
            r#"(() => { const o = {}; Object.defineProperty(o, 'x', {get() { throw new Error('no'); }, enumerable: true}); return o; })()"#,
            expect![[r#"{ x: [Getter] }"#]],
        );
    }

    #[test]
    fn inspect_122_globalthis_length() {
        check(r#"globalThis.length"#, expect![[r#"undefined"#]]);
    }

    #[test]
    fn inspect_123_array_from_length_3_array_from_length_3() {
        check(
            r#"Array.from({length: 3}, () => Array.from({length: 3}, () => 'abcdefghijklmnop'))"#,
            expect![[r#"
                [
                  [ 'abcdefghijklmnop', 'abcdefghijklmnop', 'abcdefghijklmnop' ],
                  [ 'abcdefghijklmnop', 'abcdefghijklmnop', 'abcdefghijklmnop' ],
                  [ 'abcdefghijklmnop', 'abcdefghijklmnop', 'abcdefghijklmnop' ]
                ]"#]],
        );
    }

    #[test]
    fn inspect_124_a_1_b_c_2_d_e_3_f_g_4() {
        check(
            r#"({a: 1, b: {c: 2, d: {e: 3, f: {g: 4}}}})"#,
            expect![[r#"{ a: 1, b: { c: 2, d: { e: 3, f: [Object] } } }"#]],
        );
    }

    #[test]
    fn inspect_125_function_f_class_k() {
        check(
            r#"[function f() {}, class K {}]"#,
            expect![[r#"[ [Function: f], [class K] ]"#]],
        );
    }

    #[test]
    fn inspect_126_object_assign_a_1() {
        check(
            r#"Object.assign(() => {}, {a: 1})"#,
            expect![[r#"[Function (anonymous)] { a: 1 }"#]],
        );
    }

    #[test]
    fn inspect_127_function_return_arguments_1_2() {
        check(
            r#"(function () { return arguments; })(1, 2)"#,
            expect!["[Arguments] [ 1, 2 ]"],
        );
        check(
            r#"(function () { 'use strict'; return arguments; })()"#,
            expect!["[Arguments] []"],
        );
        // Looks like one only when built to.
        check(
            r#"({ callee: 1, length: 0 })"#,
            expect!["{ callee: 1, length: 0 }"],
        );
    }

    #[test]
    fn inspect_128_symbol_a_10n() {
        check(r#"[Symbol('a'), 10n]"#, expect![[r#"[ Symbol(a), 10n ]"#]]);
    }

    #[test]
    fn inspect_129_new_map_k_new_map_k2_new_map_k3_new_map() {
        check(
            r#"new Map([['k', new Map([['k2', new Map([['k3', new Map()]])]])]])"#,
            expect![[r#"Map(1) { 'k' => Map(1) { 'k2' => Map(1) { 'k3' => Map(0) {} } } }"#]],
        );
    }

    #[test]
    fn inspect_130_x_repeat_10() {
        check(r#"'x'.repeat(10)"#, expect![[r#"'xxxxxxxxxx'"#]]);
    }

    #[test]
    fn inspect_131_a_repeat_30_b_repeat_30_c_repeat_30() {
        check(
            r#"[ 'a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30) ]"#,
            expect![[r#"
                [
                  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
                  'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
                  'cccccccccccccccccccccccccccccc'
                ]"#]],
        );
    }

    #[test]
    fn inspect_132_a_x_repeat_60_b_1() {
        check(
            r#"({ 'a': 'x'.repeat(60), b: 1 })"#,
            expect![[r#"
                {
                  a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
                  b: 1
                }"#]],
        );
    }

    #[test]
    fn inspect_133_object_assign_object_create_inherited_1() {
        check(
            r#"Object.assign(Object.create({inherited: 1}), {own: 2})"#,
            expect![[r#"{ own: 2 }"#]],
        );
    }

    #[test]
    fn inspect_134_new_function_legacy_this_v_1() {
        check(
            r#"new (function Legacy() { this.v = 1; })()"#,
            expect![[r#"Legacy { v: 1 }"#]],
        );
    }

    // Diverges from Node (`Object <[Object: null prototype] {}> {}`): simplified constructor name.
    #[test]
    fn inspect_135_object_create_object_create_null() {
        check(r#"Object.create(Object.create(null))"#, expect!["{}"]);
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;
    use boa_engine::Source;
    use expect_test::{Expect, expect};

    fn run(js: &str, options: &InspectOptions) -> (String, Context) {
        let mut context = Context::default();
        let value = context.eval(Source::from_bytes(js)).expect("eval");
        let text = inspect(&value, options, &mut context);
        (text, context)
    }

    fn check_with(js: &str, options: &InspectOptions, expect: Expect) {
        expect.assert_eq(&run(js, options).0);
    }

    fn check_type(js: &str, expect: Expect) {
        let mut context = Context::default();
        let value = context.eval(Source::from_bytes(js)).expect("eval");
        expect.assert_eq(&type_name(&value, &mut context));
    }

    #[test]
    fn data_views_show_their_window_like_nodes() {
        check_with(
            "new DataView(new ArrayBuffer(4), 1, 2)",
            &InspectOptions::default(),
            expect![[r#"
                DataView {
                  byteLength: 2,
                  byteOffset: 1,
                  buffer: ArrayBuffer { [Uint8Contents]: <00 00 00 00>, byteLength: 4 }
                }"#]],
        );
    }

    #[test]
    fn an_errors_cause_is_printed_with_its_stack_and_other_nested_errors_briefly() {
        let js = "function inner() { return new RangeError('c'); }\n\
                  new Error('a', { cause: new Error('b', { cause: inner() }) })";
        let (text, _) = run(js, &InspectOptions::default());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Error: a");
        assert!(lines[1].starts_with("    at "), "{text}");
        assert_eq!(lines[2], "  [cause]: Error: b");
        assert!(lines[3].starts_with("      at "), "{text}");
        assert_eq!(lines[4], "    [cause]: RangeError: c");
        assert!(lines[5].starts_with("        at inner "), "{text}");
        let (text, _) = run("({ e: new Error('x') })", &InspectOptions::default());
        assert_eq!(text, "{ e: [Error: x] }");
    }

    #[test]
    fn getters_and_traps_are_not_run() {
        let js = r#"
            globalThis.calls = 0;
            const o = { get a() { calls++; return 1; }, toString() { calls++; return 'x'; } };
            const p = new Proxy({}, { ownKeys() { calls++; return []; }, get() { calls++; } });
            ({ o, p, arr: [o], m: new Map([[o, p]]) })
        "#;
        let (text, mut context) = run(js, &InspectOptions::default());
        expect![[r#"
            {
              o: { a: [Getter], toString: [Function: toString] },
              p: [Proxy],
              arr: [ { a: [Getter], toString: [Function: toString] } ],
              m: Map(1) { { a: [Getter], toString: [Function: toString] } => [Proxy] }
            }"#]]
        .assert_eq(&text);
        let calls = context.eval(Source::from_bytes("calls")).expect("eval");
        assert_eq!(calls.as_number(), Some(0.0));
    }

    #[test]
    fn global_this_does_not_explode() {
        let (text, _) = run("globalThis", &InspectOptions::default());
        assert!(text.len() < 10_000, "{}", text.len());
    }

    #[test]
    fn deep_nesting_is_cut_by_depth() {
        let js = "let o = {}; for (let i = 0; i < 100000; i++) o = { o }; o";
        check_with(
            js,
            &InspectOptions::default(),
            expect!["{ o: { o: { o: [Object] } } }"],
        );
    }

    #[test]
    fn huge_array_is_truncated() {
        let js = "Array.from({ length: 1000 }, (_, i) => i)";
        let (text, _) = run(js, &InspectOptions::default());
        assert!(text.ends_with("... 900 more items\n]"), "{text}");
    }

    #[test]
    fn huge_sparse_array() {
        check_with(
            "const a = []; a[1e6] = 1; a",
            &InspectOptions::default(),
            expect!["[ <1000000 empty items>, 1 ]"],
        );
    }

    #[test]
    fn option_max_array_length() {
        let options = InspectOptions {
            max_array_length: 2,
            ..InspectOptions::default()
        };
        check_with(
            "[1, 2, 3, 4]",
            &options,
            expect!["[ 1, 2, ... 2 more items ]"],
        );
        check_with(
            "new Set([1, 2, 3])",
            &options,
            expect!["Set(3) { 1, 2, ... 1 more item }"],
        );
    }

    #[test]
    fn option_max_string_length() {
        let options = InspectOptions {
            max_string_length: 3,
            ..InspectOptions::default()
        };
        check_with(
            "'abcdefghijklmno'",
            &options,
            expect!["'abc'... 12 more characters"],
        );
    }

    #[test]
    fn option_show_hidden() {
        let options = InspectOptions {
            show_hidden: true,
            ..InspectOptions::default()
        };
        check_with("[1]", &options, expect!["[ 1, [length]: 1 ]"]);
        check_with(
            "Object.defineProperty({a: 1}, 'h', {value: 2})",
            &options,
            expect!["{ a: 1, [h]: 2 }"],
        );
    }

    #[test]
    fn option_depth() {
        let options = InspectOptions {
            depth: 0,
            ..InspectOptions::default()
        };
        check_with(
            "({a: {b: 1}, c: [1]})",
            &options,
            expect!["{ a: [Object], c: [Array] }"],
        );
    }

    #[test]
    fn type_names() {
        check_type("undefined", expect!["undefined"]);
        check_type("null", expect!["null"]);
        check_type("true", expect!["boolean"]);
        check_type("1.5", expect!["number"]);
        check_type("1n", expect!["bigint"]);
        check_type("'s'", expect!["string"]);
        check_type("Symbol()", expect!["symbol"]);
        check_type("(() => {})", expect!["function"]);
        check_type("class A {}; A", expect!["function"]);
        check_type("({})", expect!["Object"]);
        check_type("[]", expect!["Array"]);
        check_type("new Map()", expect!["Map"]);
        check_type("new Set()", expect!["Set"]);
        check_type("new Date()", expect!["Date"]);
        check_type("/x/", expect!["RegExp"]);
        check_type("new Error()", expect!["Error"]);
        check_type("new TypeError()", expect!["TypeError"]);
        check_type("Promise.resolve()", expect!["Promise"]);
        check_type("new Uint8Array()", expect!["Uint8Array"]);
        check_type("class Point {}; new Point()", expect!["Point"]);
        check_type("Object.create(null)", expect!["object"]);
        check_type("new Proxy({}, {})", expect!["object"]);
    }
}
