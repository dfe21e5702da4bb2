//! The array methods that take a callback (and the typed arrays' and `Map`/`Set`'s `forEach`), in front of
//! boa's, fail with V8's messages wherever they are called: a callback that is no function is named by its value (`5 is not a function`, `#<Map> is not a
//! function`; boa says `Array.prototype.map: Callbackfn is not callable`) — in a function, with the callback
//! in a variable or a parameter, where the text alone cannot say it — and a method called on `undefined` or
//! `null` says so (`Array.prototype.map called on null or undefined`), and a class given as the callback (or a
//! bound one) is named (`Class constructor A cannot be invoked without 'new'`).
//!
//! boa's method runs first: everything the specification does before its check (ToObject, reading `length`
//! through a getter or a Proxy) happens as it did, and only boa's own error is reworded. A call with a
//! function costs one native call more.

use boa_engine::builtins::function::BoundFunction;
use boa_engine::error::JsNativeErrorKind;
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::{
    Context, Finalize, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, JsVariant,
    NativeFunction, Trace,
};

use super::lazy::wrap_method_with;
use super::props::{is_class, own_desc};
use super::v8_shown::v8_shown;

/// How many bound functions deep a callback is followed to the class it calls.
const MAX_BOUND_CHAIN: usize = 64;

/// Where a wrapped method lives.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Holder {
    ArrayPrototype,
    ArrayConstructor,
    /// `%TypedArray%.prototype`, which every typed array inherits.
    TypedArrayPrototype,
    /// `%TypedArray%` (`Uint8Array.from` is its `from`).
    TypedArrayConstructor,
    MapPrototype,
    SetPrototype,
}

/// One wrapped method: where it is, which argument is its callback, and how boa words a callback that is
/// no function.
struct Method {
    holder: Holder,
    name: &'static str,
    callback: usize,
    boa_says: BoaSays,
    /// How V8 shows the callback in its message.
    shown: Shown,
}

/// How V8's message shows a callback that is no function.
#[derive(Clone, Copy)]
enum Shown {
    /// As `NoSideEffectsToString` does: `5`, `#<Object>` (arrays' and typed arrays' methods).
    Value,
    /// Its type, and the value of a primitive: `number 5`, `string "s"`, `object` (`Map`/`Set`'s `forEach`).
    TypeAndValue,
}

/// boa's message for a callback that is no function.
enum BoaSays {
    /// This message.
    Exactly(&'static str),
    /// "`number` is not callable" (the callback's type between backticks).
    TypeIsNotCallable,
    /// The typed arrays' "… called with non-callable callback function", "…: predicate is not callable" and
    /// "… called with non-callable mapfn".
    NonCallable,
}

impl BoaSays {
    fn matches(&self, message: &str) -> bool {
        match self {
            Self::Exactly(expected) => message == *expected,
            Self::TypeIsNotCallable => {
                message.starts_with('`') && message.ends_with("` is not callable")
            }
            Self::NonCallable => {
                message.starts_with("TypedArray.")
                    && (message.contains(" called with non-callable ")
                        || message.ends_with(": predicate is not callable"))
            }
        }
    }
}

const fn on_prototype(name: &'static str, boa_says: &'static str) -> Method {
    Method {
        holder: Holder::ArrayPrototype,
        name,
        callback: 0,
        boa_says: BoaSays::Exactly(boa_says),
        shown: Shown::Value,
    }
}

/// A typed arrays' method (`%TypedArray%.prototype`) whose callback is its first argument.
const fn on_typed_arrays(name: &'static str) -> Method {
    Method {
        holder: Holder::TypedArrayPrototype,
        name,
        callback: 0,
        boa_says: BoaSays::NonCallable,
        shown: Shown::Value,
    }
}

/// `Map.prototype.forEach` or `Set.prototype.forEach`.
const fn for_each_of(holder: Holder, boa_says: &'static str) -> Method {
    Method {
        holder,
        name: "forEach",
        callback: 0,
        boa_says: BoaSays::Exactly(boa_says),
        shown: Shown::TypeAndValue,
    }
}

static METHODS: [Method; 26] = [
    on_prototype("map", "Array.prototype.map: Callbackfn is not callable"),
    on_prototype(
        "forEach",
        "Array.prototype.forEach: invalid callback function",
    ),
    on_prototype("every", "Array.prototype.every: callback is not callable"),
    on_prototype("some", "Array.prototype.some: callback is not callable"),
    on_prototype(
        "filter",
        "Array.prototype.filter: `callback` must be callable",
    ),
    on_prototype(
        "reduce",
        "Array.prototype.reduce: callback function is not callable",
    ),
    on_prototype(
        "reduceRight",
        "Array.prototype.reduceRight: callback function is not callable",
    ),
    on_prototype("find", "Array.prototype.find: predicate is not callable"),
    on_prototype(
        "findIndex",
        "Array.prototype.findIndex: predicate is not callable",
    ),
    on_prototype(
        "findLast",
        "Array.prototype.findLast: predicate is not callable",
    ),
    on_prototype(
        "findLastIndex",
        "Array.prototype.findLastIndex: predicate is not callable",
    ),
    // `Array.from(items, mapFn)`.
    Method {
        holder: Holder::ArrayConstructor,
        name: "from",
        callback: 1,
        boa_says: BoaSays::TypeIsNotCallable,
        shown: Shown::Value,
    },
    on_typed_arrays("map"),
    on_typed_arrays("forEach"),
    on_typed_arrays("every"),
    on_typed_arrays("some"),
    on_typed_arrays("filter"),
    on_typed_arrays("reduce"),
    on_typed_arrays("reduceRight"),
    on_typed_arrays("find"),
    on_typed_arrays("findIndex"),
    on_typed_arrays("findLast"),
    on_typed_arrays("findLastIndex"),
    Method {
        holder: Holder::TypedArrayConstructor,
        name: "from",
        callback: 1,
        boa_says: BoaSays::NonCallable,
        shown: Shown::Value,
    },
    for_each_of(
        Holder::MapPrototype,
        "Method Map.prototype.forEach called with non-callable callback function",
    ),
    for_each_of(
        Holder::SetPrototype,
        "Method Set.prototype.forEach called with non-callable callback function",
    ),
];

/// A wrapped method's captures: boa's method and what to say for it.
#[derive(Clone, Trace, Finalize)]
struct Wrapped {
    built_in: JsObject,
    #[unsafe_ignore_trace]
    method: &'static Method,
}

/// Puts the wrappers in front of boa's methods (same names and lengths, non-enumerable).
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    let constructors = context.intrinsics().constructors();
    let (array, typed_array) = (constructors.array(), constructors.typed_array());
    let (map, set) = (
        constructors.map().prototype(),
        constructors.set().prototype(),
    );
    let (array_prototype, array_constructor) = (array.prototype(), array.constructor());
    let (typed_prototype, typed_constructor) = (typed_array.prototype(), typed_array.constructor());
    for method in &METHODS {
        let holder = match method.holder {
            Holder::ArrayPrototype => &array_prototype,
            Holder::ArrayConstructor => &array_constructor,
            Holder::TypedArrayPrototype => &typed_prototype,
            Holder::TypedArrayConstructor => &typed_constructor,
            Holder::MapPrototype => &map,
            Holder::SetPrototype => &set,
        };
        let captures = |built_in| Wrapped { built_in, method };
        wrap_method_with(holder, method.name, captures, call, context)?;
    }
    Ok(())
}

/// A call of a wrapped method.
fn call(
    this: &JsValue,
    args: &[JsValue],
    wrapped: &Wrapped,
    context: &mut Context,
) -> JsResult<JsValue> {
    let method = wrapped.method;
    if method.holder == Holder::ArrayPrototype && this.is_null_or_undefined() {
        return Err(type_error(format!(
            "Array.prototype.{} called on null or undefined",
            method.name
        )));
    }
    // A class as the callback fails the first time it is called, before any of its code runs: boa's method
    // gets a function that fails as V8's call of the class does, so that an error another class raises on
    // the way (a getter calling one) keeps its own words.
    let substituted;
    let args = match args.get(method.callback).and_then(class_called_by) {
        Some(class) => {
            let mut copy = args.to_vec();
            copy[method.callback] = not_without_new(&class, context).into();
            substituted = copy;
            &substituted[..]
        }
        None => args,
    };
    let result = wrapped.built_in.call(this, args, context);
    let Err(error) = &result else { return result };
    let callback = args.get(method.callback).cloned().unwrap_or_default();
    if says_not_callable(error, method, &callback) {
        let shown = match method.shown {
            Shown::Value => v8_shown(&callback, context),
            Shown::TypeAndValue => type_and_value(&callback, context),
        };
        return Err(type_error(format!("{shown} is not a function")));
    }
    result
}

/// A value as V8's `Map`/`Set` `forEach` shows it: `number 5`, `string "s"`, `boolean true`, `object null`;
/// objects, BigInts and symbols by their type alone; `undefined` as itself.
fn type_and_value(value: &JsValue, context: &mut Context) -> String {
    match value.variant() {
        JsVariant::Undefined => "undefined".to_owned(),
        JsVariant::Null => "object null".to_owned(),
        JsVariant::String(text) => format!("string \"{}\"", text.to_std_string_escaped()),
        JsVariant::Boolean(_) | JsVariant::Integer32(_) | JsVariant::Float64(_) => {
            format!("{} {}", value.type_of(), v8_shown(value, context))
        }
        _ => value.type_of().to_string(),
    }
}

/// The class a call of `callback` calls: the callback itself or the target of a bound class (`A.bind(x)`).
fn class_called_by(callback: &JsValue) -> Option<JsObject> {
    let mut function = callback.as_object()?;
    for _ in 0..MAX_BOUND_CHAIN {
        let target = function
            .downcast_ref::<BoundFunction>()
            .map(|bound| bound.target_function().clone());
        match target {
            Some(target) => function = target,
            None => return is_class(&function).then_some(function),
        }
    }
    None
}

/// A function that throws V8's error for `class` called without `new` (named by its `name`; V8's
/// anonymous-class message when it has none).
fn not_without_new(class: &JsObject, context: &mut Context) -> JsObject {
    let name = own_desc(class, &JsString::from("name").into())
        .and_then(|descriptor| descriptor.value().and_then(JsValue::as_string))
        .map(|name| name.to_std_string_escaped())
        .unwrap_or_default();
    let message = JsString::from(if name.is_empty() {
        "Class constructors cannot be invoked without 'new'".to_owned()
    } else {
        format!("Class constructor {name} cannot be invoked without 'new'")
    });
    // The message travels as a JavaScript string (a native closure's captures are traced values).
    FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |_, _, message: &JsString, _| {
                Err(JsNativeError::typ()
                    .with_message(message.to_std_string_escaped())
                    .into())
            },
            message,
        ),
    )
    .build()
    .into()
}

/// Whether `error` is boa's for `method`'s `callback` that is no function.
fn says_not_callable(error: &JsError, method: &Method, callback: &JsValue) -> bool {
    !callback.is_callable() && boa_says(error, |message| method.boa_says.matches(message))
}

/// Whether `error` is a `TypeError` boa raised (not one user code threw) whose message passes `test`.
fn boa_says(error: &JsError, test: impl Fn(&str) -> bool) -> bool {
    error.as_native().is_some_and(|native| {
        matches!(native.kind(), JsNativeErrorKind::Type) && test(native.message())
    })
}

fn type_error(message: String) -> JsError {
    JsNativeError::typ().with_message(message).into()
}
