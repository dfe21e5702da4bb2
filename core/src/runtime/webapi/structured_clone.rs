//! `structuredClone(value, { transfer })` as Node and browsers have it: HTML's structured clone algorithm
//! (serialize and deserialize in one walk), replacing boa_wintertc's, which copied a `WeakMap` or a
//! `Promise` as `{}`, kept an own getter instead of reading it, could not clone errors, and threw a plain
//! `Error` where code expects a `DOMException` named `DataCloneError` saying what could not be cloned.
//!
//! What is cloned: primitives (not symbols); `Boolean`, `Number`, `String` and `BigInt` objects; `Date`;
//! `RegExp` (without `lastIndex`); `ArrayBuffer` (copied, or moved when transferred); typed arrays and
//! `DataView` (over a clone of their buffer, shared between views as in the original); `SharedArrayBuffer`
//! (the same memory); `Map` and `Set`; errors (the standard names, `message`, `stack`, `cause`); arrays
//! (holes and extra properties kept) and ordinary objects (own enumerable string-keyed properties, read with
//! `[[Get]]`; prototypes are not kept). Objects seen twice are cloned once, so shared parts and cycles
//! survive. Anything else — functions, symbols, proxies, `WeakMap`/`WeakSet`/`WeakRef`, promises, generators,
//! host objects — is a `DataCloneError` naming the value as V8 does (`() => 1 could not be cloned.`,
//! `#<WeakMap> could not be cloned.`), and nothing is transferred.

use std::collections::HashMap;

use boa_engine::builtins::array_buffer::AlignedVec;
use boa_engine::builtins::error::Error;
use boa_engine::builtins::object::OrdinaryObject;
use boa_engine::builtins::typed_array::TypedArrayKind;
use boa_engine::object::builtins::{
    JsArray, JsArrayBuffer, JsDataView, JsDate, JsMap, JsRegExp, JsSet, JsSharedArrayBuffer,
    JsTypedArray,
};
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::PropertyKey;
use boa_engine::{
    Context, JsArgs, JsBigInt, JsError, JsNativeError, JsObject, JsResult, JsString, JsSymbol,
    JsValue, JsVariant, NativeFunction, js_string,
};

use super::dom_exception;
use crate::runtime::lazy::define_hidden_on;
use crate::runtime::props::own_desc;
use crate::runtime::v8_shown::shown_object;

/// How deep a value may nest before cloning it is a `RangeError` (Node stops between 1 000 and 10 000).
const MAX_DEPTH: usize = 5_000;

/// The error names a clone keeps (any other error is cloned as an `Error`).
const ERROR_NAMES: [&str; 7] = [
    "Error",
    "EvalError",
    "RangeError",
    "ReferenceError",
    "SyntaxError",
    "TypeError",
    "URIError",
];

/// Defines the global `structuredClone` in place of boa_wintertc's (the property keeps its attributes).
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    let function = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_fn_ptr(structured_clone),
    )
    .name(js_string!("structuredClone"))
    .length(1)
    .build();
    context
        .global_object()
        .set(js_string!("structuredClone"), function, true, context)?;
    Ok(())
}

fn structured_clone(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    if args.is_empty() {
        return Err(JsNativeError::typ()
            .with_message("The value argument must be specified")
            .into());
    }
    let transfer = transfer_list(args.get_or_undefined(1), context)?;
    let mut cloner = Cloner {
        memory: HashMap::new(),
        depth: 0,
    };
    for buffer in &transfer {
        // The clone of a transferred buffer holds its bytes; the original is detached once all went well.
        if let Some(bytes) = buffer.data() {
            let bytes = AlignedVec::from_iter(0, bytes.iter().copied());
            let moved = JsArrayBuffer::from_byte_block(bytes, context)?;
            cloner.memory.insert(buffer.clone().into(), moved.into());
        }
    }
    let clone = cloner.value(&args[0], context)?;
    for buffer in transfer {
        buffer.detach(&JsValue::undefined())?;
    }
    Ok(clone)
}

/// The `ArrayBuffer`s of `options.transfer` (an iterable), checked as Node checks them.
fn transfer_list(options: &JsValue, context: &mut Context) -> JsResult<Vec<JsArrayBuffer>> {
    if options.is_undefined() {
        return Ok(Vec::new());
    }
    let Some(options) = options.as_object() else {
        return Err(JsNativeError::typ()
            .with_message("The options argument must be either an object or undefined")
            .into());
    };
    let transfer = options.get(js_string!("transfer"), context)?;
    if transfer.is_undefined() {
        return Ok(Vec::new());
    }
    let not_iterable = || {
        JsError::from(
            JsNativeError::typ().with_message("Optional transferList argument must be an iterable"),
        )
    };
    let method = transfer
        .as_object()
        .map(|list| list.get(JsSymbol::iterator(), context))
        .transpose()?
        .and_then(|method| method.as_callable())
        .ok_or_else(not_iterable)?;
    let iterator = method
        .call(&transfer, &[], context)?
        .as_object()
        .ok_or_else(not_iterable)?;
    let next = iterator.get(js_string!("next"), context)?;
    let next = next.as_callable().ok_or_else(not_iterable)?;
    let mut buffers: Vec<JsArrayBuffer> = Vec::new();
    loop {
        let step = next.call(&iterator.clone().into(), &[], context)?;
        let step = step.as_object().ok_or_else(not_iterable)?;
        if step.get(js_string!("done"), context)?.to_boolean() {
            return Ok(buffers);
        }
        let item = step.get(js_string!("value"), context)?;
        let buffer = item
            .as_object()
            .and_then(|item| JsArrayBuffer::from_object(item).ok())
            .ok_or_else(|| {
                JsNativeError::typ().with_message("Found invalid object in transferList")
            })?;
        if buffers.iter().any(|seen| JsObject::equals(seen, &buffer)) {
            return Err(dom_exception(
                "Transfer list contains duplicate ArrayBuffer",
                "DataCloneError",
                context,
            ));
        }
        buffers.push(buffer);
    }
}

/// One clone in progress: the clones made so far, by original.
struct Cloner {
    memory: HashMap<JsObject, JsObject>,
    depth: usize,
}

impl Cloner {
    fn value(&mut self, value: &JsValue, context: &mut Context) -> JsResult<JsValue> {
        match value.variant() {
            JsVariant::Symbol(symbol) => Err(not_cloneable(
                &symbol.descriptive_string().to_std_string_escaped(),
                context,
            )),
            JsVariant::Object(object) => Ok(self.object(&object, context)?.into()),
            _ => Ok(value.clone()),
        }
    }

    fn object(&mut self, object: &JsObject, context: &mut Context) -> JsResult<JsObject> {
        if let Some(clone) = self.memory.get(object) {
            return Ok(clone.clone());
        }
        if self.depth >= MAX_DEPTH {
            return Err(JsNativeError::range()
                .with_message("Maximum call stack size exceeded")
                .into());
        }
        self.depth += 1;
        let clone = self.fresh(object, context);
        self.depth -= 1;
        clone
    }

    /// The clone of an object not cloned before (remembered before its parts are cloned).
    fn fresh(&mut self, object: &JsObject, context: &mut Context) -> JsResult<JsObject> {
        if let Some(primitive) = wrapped_primitive(object) {
            let clone = primitive.to_object(context)?;
            return Ok(self.remember(object, clone));
        }
        if let Ok(date) = JsDate::from_object(object.clone()) {
            let time = date.get_time(context)?;
            let date = context.intrinsics().constructors().date().constructor();
            let clone = date.construct(&[time], None, context)?;
            return Ok(self.remember(object, clone));
        }
        if let Ok(regexp) = JsRegExp::from_object(object.clone()) {
            let source = regexp.source(context)?;
            let flags = regexp.flags(context)?;
            let clone = JsRegExp::new(JsString::from(source), JsString::from(flags), context)?;
            return Ok(self.remember(object, clone.into()));
        }
        if let Ok(buffer) = JsArrayBuffer::from_object(object.clone()) {
            let Some(bytes) = buffer.data() else {
                return Err(dom_exception(
                    "An ArrayBuffer is detached and could not be cloned.",
                    "DataCloneError",
                    context,
                ));
            };
            let bytes = AlignedVec::from_iter(0, bytes.iter().copied());
            let clone = JsArrayBuffer::from_byte_block(bytes, context)?;
            return Ok(self.remember(object, clone.into()));
        }
        if let Ok(shared) = JsSharedArrayBuffer::from_object(object.clone()) {
            let clone = JsSharedArrayBuffer::from_buffer(shared.inner(), context);
            return Ok(self.remember(object, clone.into()));
        }
        if let Ok(view) = JsTypedArray::from_object(object.clone()) {
            return self.typed_array(object, &view, context);
        }
        if let Ok(view) = JsDataView::from_object(object.clone()) {
            let buffer = self.part(&view.buffer(context)?, context)?;
            let buffer = JsArrayBuffer::from_object(buffer)?;
            let offset = view.byte_offset(context)?;
            let length = view.byte_length(context)?;
            let clone =
                JsDataView::from_js_array_buffer(buffer, Some(offset), Some(length), context)?;
            return Ok(self.remember(object, clone.into()));
        }
        if let Ok(map) = JsMap::from_object(object.clone()) {
            let clone = JsMap::new(context);
            self.remember(object, clone.clone().into());
            let mut entries = Vec::new();
            map.for_each_native(|key, value| {
                entries.push((key, value));
                Ok(())
            })?;
            for (key, value) in entries {
                let key = self.value(&key, context)?;
                let value = self.value(&value, context)?;
                clone.set(key, value, context)?;
            }
            return Ok(clone.into());
        }
        if let Ok(set) = JsSet::from_object(object.clone()) {
            let clone = JsSet::new(context);
            self.remember(object, clone.clone().into());
            let mut members = Vec::new();
            set.for_each_native(|member| {
                members.push(member);
                Ok(())
            })?;
            for member in members {
                let member = self.value(&member, context)?;
                clone.add(member, context)?;
            }
            return Ok(clone.into());
        }
        if object.is::<Error>() {
            return self.error(object, context);
        }
        if object.is_array() {
            let length = object.get(js_string!("length"), context)?;
            let clone = JsArray::new(context)?;
            clone.set(js_string!("length"), length, true, context)?;
            let clone: JsObject = clone.into();
            self.remember(object, clone.clone());
            self.properties(object, &clone, context)?;
            return Ok(clone);
        }
        if object.is::<OrdinaryObject>() && !object.is_callable() {
            let clone = ObjectInitializer::new(context).build();
            self.remember(object, clone.clone());
            self.properties(object, &clone, context)?;
            return Ok(clone);
        }
        Err(not_cloneable(&shown_object(object, context), context))
    }

    fn remember(&mut self, original: &JsObject, clone: JsObject) -> JsObject {
        self.memory.insert(original.clone(), clone.clone());
        clone
    }

    /// The clone of a part that must be an object (a view's buffer).
    fn part(&mut self, value: &JsValue, context: &mut Context) -> JsResult<JsObject> {
        let object = value
            .as_object()
            .ok_or_else(|| JsNativeError::typ().with_message("a view without a buffer"))?;
        self.object(&object, context)
    }

    fn typed_array(
        &mut self,
        object: &JsObject,
        view: &JsTypedArray,
        context: &mut Context,
    ) -> JsResult<JsObject> {
        let buffer = self.part(&view.buffer(context)?, context)?;
        let offset = view.byte_offset(context)?;
        let length = view.length(context)?;
        let constructors = context.intrinsics().constructors();
        let constructor = match view.kind() {
            Some(TypedArrayKind::Int8) => constructors.typed_int8_array(),
            Some(TypedArrayKind::Uint8) => constructors.typed_uint8_array(),
            Some(TypedArrayKind::Uint8Clamped) => constructors.typed_uint8clamped_array(),
            Some(TypedArrayKind::Int16) => constructors.typed_int16_array(),
            Some(TypedArrayKind::Uint16) => constructors.typed_uint16_array(),
            Some(TypedArrayKind::Int32) => constructors.typed_int32_array(),
            Some(TypedArrayKind::Uint32) => constructors.typed_uint32_array(),
            Some(TypedArrayKind::BigInt64) => constructors.typed_bigint64_array(),
            Some(TypedArrayKind::BigUint64) => constructors.typed_biguint64_array(),
            Some(TypedArrayKind::Float16) => constructors.typed_float16_array(),
            Some(TypedArrayKind::Float32) => constructors.typed_float32_array(),
            Some(TypedArrayKind::Float64) => constructors.typed_float64_array(),
            None => return Err(not_cloneable(&shown_object(object, context), context)),
        }
        .constructor();
        let clone = constructor.construct(
            &[buffer.into(), offset.into(), length.into()],
            None,
            context,
        )?;
        Ok(self.remember(object, clone))
    }

    /// An error's clone: its name if it is a standard one (`Error` otherwise), its own `message`, its
    /// `stack` and its `cause`, as V8 serializes them.
    fn error(&mut self, object: &JsObject, context: &mut Context) -> JsResult<JsObject> {
        let name = object.get(js_string!("name"), context)?;
        let name = name
            .as_string()
            .map(|name| name.to_std_string_escaped())
            .filter(|name| ERROR_NAMES.contains(&name.as_str()))
            .unwrap_or_else(|| "Error".to_owned());
        let constructors = context.intrinsics().constructors();
        let constructor = match name.as_str() {
            "EvalError" => constructors.eval_error(),
            "RangeError" => constructors.range_error(),
            "ReferenceError" => constructors.reference_error(),
            "SyntaxError" => constructors.syntax_error(),
            "TypeError" => constructors.type_error(),
            "URIError" => constructors.uri_error(),
            _ => constructors.error(),
        }
        .constructor();
        let message = match own_desc(object, &js_string!("message").into())
            .and_then(|descriptor| descriptor.value().cloned())
        {
            Some(message) => vec![message.to_string(context)?.into()],
            None => Vec::new(),
        };
        let clone = constructor.construct(&message, None, context)?;
        self.remember(object, clone.clone());
        let stack = object.get(js_string!("stack"), context)?;
        if stack.is_string() {
            define_hidden_on(&clone, js_string!("stack"), stack, context)?;
        }
        if own_desc(object, &js_string!("cause").into()).is_some() {
            let cause = object.get(js_string!("cause"), context)?;
            let cause = self.value(&cause, context)?;
            define_hidden_on(&clone, js_string!("cause"), cause, context)?;
        }
        Ok(clone)
    }

    /// Copies `object`'s own enumerable string-keyed properties (read with `[[Get]]`, cloned) to `clone`.
    fn properties(
        &mut self,
        object: &JsObject,
        clone: &JsObject,
        context: &mut Context,
    ) -> JsResult<()> {
        for key in object.own_property_keys(context)? {
            if matches!(key, PropertyKey::Symbol(_)) {
                continue;
            }
            if !own_desc(object, &key).is_some_and(|descriptor| descriptor.expect_enumerable()) {
                continue;
            }
            let value = object.get(key.clone(), context)?;
            let value = self.value(&value, context)?;
            clone.create_data_property_or_throw(key, value, context)?;
        }
        Ok(())
    }
}

/// The primitive a `Boolean`, `Number`, `String` or `BigInt` object wraps.
fn wrapped_primitive(object: &JsObject) -> Option<JsValue> {
    if let Some(value) = object.downcast_ref::<bool>() {
        return Some(JsValue::from(*value));
    }
    if let Some(value) = object.downcast_ref::<f64>() {
        return Some(JsValue::from(*value));
    }
    if let Some(value) = object.downcast_ref::<JsString>() {
        return Some(JsValue::from(value.clone()));
    }
    if let Some(value) = object.downcast_ref::<JsBigInt>() {
        return Some(JsValue::from(value.clone()));
    }
    None
}

fn not_cloneable(what: &str, context: &mut Context) -> JsError {
    dom_exception(
        &format!("{what} could not be cloned."),
        "DataCloneError",
        context,
    )
}
