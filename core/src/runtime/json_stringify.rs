//! `JSON.stringify` as V8's: its speed and its errors.
//!
//! boa 0.22's `JSON.stringify` follows the specification's steps literally: every value becomes a string of
//! its own, copied into its parent's, keys are listed as a JavaScript array and converted back, each property
//! is read twice: 93 µs for 20 records where V8 takes 10 µs (`bench/json_calls.js`, bench/RESULTS.md). Its
//! errors are not V8's (`cyclic object value`, `cannot serialize bigint to JSON`), and nothing bounds how
//! deep it recurses.
//!
//! This one writes the text once, into one buffer (Latin-1 until a character needs more), in the
//! specification's order and with its observable steps — `toJSON`, the replacer, getters and Proxy traps run
//! as and when the specification runs them. What it saves is what nothing can observe: for objects whose
//! properties all live in boa's property map (plain objects, arrays, class instances, errors, dates) the
//! enumerable keys and their values are read from the map in one pass, and a value read so is used as long as
//! no user code ran since (a getter, `toJSON`, the replacer or a trap could have changed it; then the property
//! is read again with `[[Get]]`). Every other object (Proxies, typed arrays, `arguments`…) takes the
//! specification's generic path.
//!
//! Errors as V8's: a circle is `Converting circular structure to JSON` with the path around it
//! ([`super::json_cycle`]), a BigInt `Do not know how to serialize a BigInt`, a value nested deeper than
//! [`MAX_DEPTH`] `Maximum call stack size exceeded` (a `RangeError`, where V8 runs out of stack), a text
//! longer than V8's longest string `Invalid string length`; one the session's memory limit cannot hold is a
//! `RangeError` too, not the worker's end ([`super::json_output`]).

use boa_engine::builtins::date::Date;
use boa_engine::builtins::error::Error;
use boa_engine::builtins::object::OrdinaryObject;
use boa_engine::builtins::proxy::Proxy;
use boa_engine::error::JsNativeErrorKind;
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyKey;
use boa_engine::value::IntegerOrInfinity;
use boa_engine::{
    Context, JsBigInt, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, JsVariant,
    NativeFunction, js_string,
};

use super::json_cycle::{self, Step};
use super::json_output::Output;
use super::lazy::define_hidden_on;
use super::props::{OnChain, on_chain, own_desc};

/// How deep a value may nest (V8 runs out of stack between 1 000 and 5 000 levels of arrays).
const MAX_DEPTH: usize = 5_000;

/// The built-ins `JSON.stringify` calls, read before any user code ran: `JSON.isRawJSON`, `Array.isArray`
/// (a Proxy of an array is an array), `Object.prototype.propertyIsEnumerable` (the generic path's
/// enumerability test, which runs a Proxy's `getOwnPropertyDescriptor` trap as the specification does) and
/// `Reflect.get` (GetV of a BigInt's `toJSON` past a Proxy: the receiver is the BigInt itself).
const IS_RAW_JSON: usize = 0;
const IS_ARRAY: usize = 1;
const PROPERTY_IS_ENUMERABLE: usize = 2;
const REFLECT_GET: usize = 3;
type BuiltIns = [JsObject; 4];

/// Puts vmjs's `JSON.stringify` in place of boa's.
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    let json = context.intrinsics().objects().json();
    let built_in = |holder: &JsObject, name: &str| {
        own_desc(holder, &JsString::from(name).into())
            .and_then(|descriptor| descriptor.value().and_then(JsValue::as_object))
            .ok_or_else(|| JsNativeError::typ().with_message(format!("no built-in `{name}`")))
    };
    let array = context.intrinsics().constructors().array().constructor();
    let object_prototype = context.intrinsics().constructors().object().prototype();
    let reflect = context.intrinsics().objects().reflect();
    let built_ins: BuiltIns = [
        built_in(&json, "isRawJSON")?,
        built_in(&array, "isArray")?,
        built_in(&object_prototype, "propertyIsEnumerable")?,
        built_in(&reflect, "get")?,
    ];
    let stringify = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(stringify, built_ins),
    )
    .name(js_string!("stringify"))
    .length(3)
    .build();
    define_hidden_on(&json, js_string!("stringify"), stringify, context)
}

/// `JSON.stringify(value, replacer, space)`.
fn stringify(
    _: &JsValue,
    args: &[JsValue],
    built_ins: &BuiltIns,
    context: &mut Context,
) -> JsResult<JsValue> {
    let value = args.first().cloned().unwrap_or_default();
    let replacer = args.get(1).cloned().unwrap_or_default();
    let mut serializer = Serializer::new(built_ins);
    if let Some(replacer) = replacer.as_object() {
        if replacer.is_callable() {
            serializer.replacer = Some(replacer.clone());
        } else if serializer.is_array(&replacer, context)? {
            serializer.property_list = Some(property_list(&replacer, context)?);
        }
    }
    serializer.gap = gap(args.get(2).cloned().unwrap_or_default(), context)?;
    // The specification's wrapper `{"": value}` is what a replacer sees as `this` for the value itself;
    // without a replacer nothing sees it.
    let holder = match serializer.replacer {
        Some(_) => {
            let wrapper = JsObject::with_object_proto(context.intrinsics());
            wrapper.create_data_property_or_throw(js_string!(), value.clone(), context)?;
            Some(wrapper)
        }
        None => None,
    };
    let key = PropertyKey::from(js_string!());
    let written = serializer.property(holder.as_ref(), &key, false, value, context)?;
    Ok(if written {
        serializer.out.into_js_string()?.into()
    } else {
        JsValue::undefined()
    })
}

/// The specification's PropertyList from a replacer array: its strings, numbers and String/Number objects
/// as strings, each once, in order.
fn property_list(replacer: &JsObject, context: &mut Context) -> JsResult<Vec<PropertyKey>> {
    let length = replacer
        .get(js_string!("length"), context)?
        .to_length(context)?;
    let mut list: Vec<PropertyKey> = Vec::new();
    for index in 0..length {
        let item = replacer.get(index, context)?;
        let name = match item.variant() {
            JsVariant::String(name) => Some(name),
            JsVariant::Float64(_) | JsVariant::Integer32(_) => Some(item.to_string(context)?),
            JsVariant::Object(object) if object.is::<JsString>() || object.is::<f64>() => {
                Some(item.to_string(context)?)
            }
            _ => None,
        };
        if let Some(name) = name {
            let key = PropertyKey::from(name);
            if !list.contains(&key) {
                list.push(key);
            }
        }
    }
    Ok(list)
}

/// The indentation unit from `space`: up to 10 spaces for a number, the first 10 units of a string.
fn gap(space: JsValue, context: &mut Context) -> JsResult<Vec<u16>> {
    let space = match space.as_object() {
        Some(object) if object.is::<f64>() => space.to_number(context)?.into(),
        Some(object) if object.is::<JsString>() => space.to_string(context)?.into(),
        _ => space,
    };
    if space.is_number() {
        let count = match space.to_integer_or_infinity(context)? {
            IntegerOrInfinity::PositiveInfinity => 10,
            IntegerOrInfinity::Integer(count) => count.clamp(0, 10) as usize,
            IntegerOrInfinity::NegativeInfinity => 0,
        };
        return Ok(vec![u16::from(b' '); count]);
    }
    Ok(match space.as_string() {
        Some(text) => text.iter().take(10).collect(),
        None => Vec::new(),
    })
}

/// One `JSON.stringify` call's state.
struct Serializer<'a> {
    out: Output,
    gap: Vec<u16>,
    /// The current indentation (the gap once per level).
    indent: Vec<u16>,
    replacer: Option<JsObject>,
    property_list: Option<Vec<PropertyKey>>,
    /// The objects being serialized, outermost first, each with the key it was reached by and whether its
    /// holder was an array (for the circle's description).
    stack: Vec<(JsObject, PropertyKey, bool)>,
    /// How many times user code may have run (a call of `toJSON`, the replacer, a getter, a trap): a value
    /// read from a property map before is used only while this has not moved.
    user_code: u64,
    built_ins: &'a [JsObject],
}

impl<'a> Serializer<'a> {
    fn new(built_ins: &'a [JsObject]) -> Self {
        Self {
            out: Output::new(),
            gap: Vec::new(),
            indent: Vec::new(),
            replacer: None,
            property_list: None,
            stack: Vec::new(),
            user_code: 0,
            built_ins,
        }
    }

    /// SerializeJSONProperty for `value`, read from `holder[key]`: writes it and returns `true`, or writes
    /// nothing and returns `false` where the specification gives undefined.
    fn property(
        &mut self,
        holder: Option<&JsObject>,
        key: &PropertyKey,
        in_array: bool,
        mut value: JsValue,
        context: &mut Context,
    ) -> JsResult<bool> {
        self.out.check()?;
        if (value.is_object() || value.is_bigint())
            && let Some(to_json) = self.find_to_json(&value, context)?
        {
            self.user_code += 1;
            value = to_json.call(&value, &[key_value(key)], context)?;
        }
        if let Some(replacer) = self.replacer.clone() {
            self.user_code += 1;
            let this = holder.map_or_else(JsValue::undefined, |h| h.clone().into());
            value = replacer.call(&this, &[key_value(key), value], context)?;
        }
        if let Some(object) = value.as_object() {
            if object.is::<f64>() {
                self.user_code += 1;
                value = value.to_number(context)?.into();
            } else if object.is::<JsString>() {
                self.user_code += 1;
                value = value.to_string(context)?.into();
            } else if let Some(boolean) = object.downcast_ref::<bool>().map(|b| *b) {
                value = boolean.into();
            } else if let Some(bigint) = object.downcast_ref::<JsBigInt>().map(|b| b.clone()) {
                value = bigint.into();
            } else if object.prototype().is_none() && self.is_raw_json(&object, context)? {
                let raw = object.get(js_string!("rawJSON"), context)?;
                self.out.js_str(raw.to_string(context)?.as_str());
                return Ok(true);
            }
        }
        match value.variant() {
            JsVariant::Null => self.out.ascii(b"null"),
            JsVariant::Boolean(true) => self.out.ascii(b"true"),
            JsVariant::Boolean(false) => self.out.ascii(b"false"),
            JsVariant::String(text) => self.out.quoted(text.as_str()),
            JsVariant::Integer32(number) => self
                .out
                .ascii(itoa::Buffer::new().format(number).as_bytes()),
            JsVariant::Float64(number) => self.out.number(number),
            JsVariant::BigInt(_) => {
                return Err(JsNativeError::typ()
                    .with_message("Do not know how to serialize a BigInt")
                    .into());
            }
            JsVariant::Undefined | JsVariant::Symbol(_) => return Ok(false),
            JsVariant::Object(object) => {
                if object.is_callable() {
                    return Ok(false);
                }
                self.enter(&object, key, in_array)?;
                if self.is_array(&object, context)? {
                    self.array(&object, context)?;
                } else {
                    self.object(&object, context)?;
                }
                self.stack.pop();
            }
        }
        Ok(true)
    }

    /// The callable `toJSON` of an object or a BigInt, if it has one (read as `GetV` reads it).
    fn find_to_json(
        &mut self,
        value: &JsValue,
        context: &mut Context,
    ) -> JsResult<Option<JsObject>> {
        let key = PropertyKey::from(js_string!("toJSON"));
        let start = match value.as_object() {
            Some(object) => object,
            None => context.intrinsics().constructors().bigint().prototype(),
        };
        let found = match on_chain(&start, &key) {
            OnChain::Absent => return Ok(None),
            OnChain::Own(descriptor) | OnChain::Inherited(descriptor) => {
                if let Some(value) = descriptor.value() {
                    value.clone()
                } else if let Some(getter) = descriptor.get().and_then(JsValue::as_callable) {
                    self.user_code += 1;
                    getter.call(value, &[], context)?
                } else {
                    JsValue::undefined()
                }
            }
            OnChain::Opaque => {
                self.user_code += 1;
                let reflect_get = &self.built_ins[REFLECT_GET];
                let arguments = [start.into(), key_value(&key), value.clone()];
                reflect_get
                    .call(&JsValue::undefined(), &arguments, context)
                    .map_err(revoked_get)?
            }
        };
        Ok(found.as_callable())
    }

    /// IsArray: an array, or a Proxy of one.
    fn is_array(&mut self, object: &JsObject, context: &mut Context) -> JsResult<bool> {
        if object.is_array() {
            return Ok(true);
        }
        if !object.is::<Proxy>() {
            return Ok(false);
        }
        let is_array = &self.built_ins[IS_ARRAY];
        Ok(is_array
            .call(&JsValue::undefined(), &[object.clone().into()], context)?
            .to_boolean())
    }

    fn is_raw_json(&self, object: &JsObject, context: &mut Context) -> JsResult<bool> {
        let is_raw_json = &self.built_ins[IS_RAW_JSON];
        Ok(is_raw_json
            .call(&JsValue::undefined(), &[object.clone().into()], context)?
            .to_boolean())
    }

    /// Pushes `object` on the stack of objects being serialized; a circle or too deep a value fails as V8's.
    fn enter(&mut self, object: &JsObject, key: &PropertyKey, in_array: bool) -> JsResult<()> {
        if let Some(start) = self
            .stack
            .iter()
            .position(|(open, _, _)| JsObject::equals(open, object))
        {
            let step = |(object, key, index): &(JsObject, PropertyKey, bool)| Step {
                key: key_text(key),
                index: *index,
                object: object.clone(),
            };
            let circle: Vec<Step> = self.stack[start..].iter().map(step).collect();
            let closing = step(&(object.clone(), key.clone(), in_array));
            return Err(JsNativeError::typ()
                .with_message(json_cycle::describe(&circle, &closing))
                .into());
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(JsNativeError::range()
                .with_message("Maximum call stack size exceeded")
                .into());
        }
        self.stack.push((object.clone(), key.clone(), in_array));
        Ok(())
    }

    /// SerializeJSONObject.
    fn object(&mut self, object: &JsObject, context: &mut Context) -> JsResult<()> {
        let members = self.members(object, context)?;
        let read_at = self.user_code;
        let stepback = self.indent.len();
        self.indent.extend_from_slice(&self.gap);
        self.out.ascii(b"{");
        let mut empty = true;
        for (key, read) in members {
            let value = match read {
                Some(value) if self.user_code == read_at => value,
                _ => {
                    self.user_code += 1;
                    object.get(key.clone(), context)?
                }
            };
            let mark = self.out.len();
            if !empty {
                self.out.ascii(b",");
            }
            self.newline();
            self.out.quoted_key(&key);
            self.out
                .ascii(if self.gap.is_empty() { b":" } else { b": " });
            if self.property(Some(object), &key, false, value, context)? {
                empty = false;
            } else {
                self.out.truncate(mark);
            }
        }
        self.indent.truncate(stepback);
        if !empty {
            self.newline();
        }
        self.out.ascii(b"}");
        Ok(())
    }

    /// The keys SerializeJSONObject serializes — the property list, or the enumerable own string keys — each
    /// with its value when it was read from the property map (`None`: read it with `[[Get]]`).
    fn members(
        &mut self,
        object: &JsObject,
        context: &mut Context,
    ) -> JsResult<Vec<(PropertyKey, Option<JsValue>)>> {
        if let Some(list) = &self.property_list {
            return Ok(list.iter().map(|key| (key.clone(), None)).collect());
        }
        let mapped = object.is::<OrdinaryObject>()
            || object.is_array()
            || object.is::<Error>()
            || object.is::<Date>();
        if mapped {
            // No user code runs: these objects' [[OwnPropertyKeys]] and [[GetOwnProperty]] are the map's.
            let mut members = Vec::new();
            for key in object.own_property_keys(context)? {
                if matches!(key, PropertyKey::Symbol(_)) {
                    continue;
                }
                let Some(descriptor) = own_desc(object, &key) else {
                    continue;
                };
                if descriptor.expect_enumerable() {
                    let value = descriptor.value().cloned();
                    members.push((key, value));
                }
            }
            return Ok(members);
        }
        // The specification's steps, traps and all.
        self.user_code += 1;
        let property_is_enumerable = self.built_ins[PROPERTY_IS_ENUMERABLE].clone();
        let mut members = Vec::new();
        for key in object.own_property_keys(context)? {
            if matches!(key, PropertyKey::Symbol(_)) {
                continue;
            }
            let enumerable = property_is_enumerable
                .call(&object.clone().into(), &[key_value(&key)], context)?
                .to_boolean();
            if enumerable {
                members.push((key, None));
            }
        }
        Ok(members)
    }

    /// SerializeJSONArray.
    fn array(&mut self, array: &JsObject, context: &mut Context) -> JsResult<()> {
        let mapped = array.is_array();
        let length = if mapped {
            match own_desc(array, &js_string!("length").into()).and_then(|d| d.value().cloned()) {
                Some(length) => length.to_length(context)?,
                None => 0,
            }
        } else {
            self.user_code += 1;
            array
                .get(js_string!("length"), context)?
                .to_length(context)?
        };
        let stepback = self.indent.len();
        self.indent.extend_from_slice(&self.gap);
        self.out.ascii(b"[");
        for index in 0..length {
            if index > 0 {
                self.out.ascii(b",");
            }
            self.newline();
            let key = PropertyKey::from(index);
            // An own data element is what [[Get]] reads; anything else (a hole, an accessor, a Proxy) is read
            // with [[Get]].
            let element = if mapped {
                own_desc(array, &key).and_then(|descriptor| descriptor.value().cloned())
            } else {
                None
            };
            let value = match element {
                Some(value) => value,
                None => {
                    self.user_code += 1;
                    array.get(key.clone(), context)?
                }
            };
            if !self.property(Some(array), &key, true, value, context)? {
                self.out.ascii(b"null");
            }
        }
        self.indent.truncate(stepback);
        if length > 0 {
            self.newline();
        }
        self.out.ascii(b"]");
        Ok(())
    }

    /// A line break and the current indentation, when there is a gap.
    fn newline(&mut self) {
        if !self.gap.is_empty() {
            self.out.ascii(b"\n");
            self.out.units(&self.indent);
        }
    }
}

/// boa's error for a revoked Proxy does not say what was attempted; V8's does (here: reading `toJSON`).
fn revoked_get(error: JsError) -> JsError {
    let revoked = error.as_native().is_some_and(|native| {
        matches!(native.kind(), JsNativeErrorKind::Type)
            && native.message() == "Proxy object has empty handler and target"
    });
    if revoked {
        JsNativeError::typ()
            .with_message("Cannot perform 'get' on a proxy that has been revoked")
            .into()
    } else {
        error
    }
}

/// A key as the string `toJSON` and a replacer receive.
fn key_value(key: &PropertyKey) -> JsValue {
    match key {
        PropertyKey::String(name) => name.clone().into(),
        PropertyKey::Index(index) => JsString::from(index.get()).into(),
        PropertyKey::Symbol(symbol) => symbol.clone().into(),
    }
}

/// A key as the circle's description prints it.
fn key_text(key: &PropertyKey) -> String {
    match key {
        PropertyKey::String(name) => name.to_std_string_escaped(),
        PropertyKey::Index(index) => index.get().to_string(),
        PropertyKey::Symbol(_) => String::new(),
    }
}
