//! Globals written in JavaScript (a *prelude*: the display API, the Web APIs), installed the first time code
//! reads one of them. Parsing and running a prelude costs milliseconds and memory in every worker, and most
//! executions never touch them, so each global starts as an accessor: reading it runs the prelude and puts the
//! prelude's objects in place of every accessor still standing; assigning to it before that just replaces it.
//!
//! Globals are non-enumerable, like the built-ins they imitate. Introspection (completion, hover) reads no
//! getters; it calls [`install_for`] first for an expression rooted at a lazy global.
//!
//! A prelude is compiled as one function expression without evaluating a script
//! (`boa_engine::script::compile_function_expression`, vmjs's boa patch): evaluating one while another script
//! runs confuses boa 0.22's global bindings (seen: an index-out-of-bounds panic in `GetNameGlobal`, a wrong
//! "not a callable function"), and a getter runs in the middle of the reading script. The engine also calls
//! [`install_mentioned`] with every source before it runs (cells, files, imported modules): code that names a
//! lazy global gets its prelude first, and the getter only serves code that reaches a global without naming it
//! (`globalThis["cry" + "pto"]`).

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::{PropertyDescriptor, PropertyKey};
use boa_engine::{
    Context, JsArgs, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction, Source,
    Trace,
};

use super::props::own_desc;

/// A JavaScript prelude: a function expression called with an object of native functions, returning an
/// object whose properties are the globals.
pub struct Prelude {
    /// Shown in stack frames (`<vmjs:web>`).
    pub path: &'static str,
    pub source: &'static str,
    /// The globals it defines (each a property of what the function returns).
    pub globals: &'static [&'static str],
    /// Other words whose mention in a source means the prelude will be needed (the `"tslab"` module).
    pub mentioned_by: &'static [&'static str],
    /// The natives passed to the function.
    pub natives: fn(&mut Context) -> JsObject,
    /// A prelude installed first, whose object is passed to the function as its second argument (`fetch`
    /// builds on the Web APIs' `DOMException` and `AbortSignal`).
    pub requires: Option<&'static Prelude>,
}

/// Every prelude registered in a context, with the getters still standing and what each prelude returned.
#[derive(Default)]
struct Registered {
    preludes: Vec<Entry>,
}

struct Entry {
    prelude: &'static Prelude,
    getters: Vec<(&'static str, JsObject)>,
    api: Option<JsObject>,
}

/// Defines `prelude`'s globals as lazy accessors.
pub fn register(prelude: &'static Prelude, context: &mut Context) -> JsResult<()> {
    let mut getters = Vec::with_capacity(prelude.globals.len());
    for &name in prelude.globals {
        let get = define_accessor(
            name,
            NativeFunction::from_copy_closure(move |_, _, context| {
                install(prelude, context)?.get(JsString::from(name), context)
            }),
            context,
        )?;
        getters.push((name, get));
    }
    let mut registered = context
        .remove_data::<Registered>()
        .map_or_else(Registered::default, |r| *r);
    registered.preludes.push(Entry {
        prelude,
        getters,
        api: None,
    });
    context.insert_data(registered);
    Ok(())
}

/// Runs `prelude` unless it ran already, and puts its objects where its lazy getters still stand (a global
/// the user assigned or redefined meanwhile stays theirs). Returns what the prelude returned.
pub fn install(prelude: &'static Prelude, context: &mut Context) -> JsResult<JsObject> {
    let required = prelude
        .requires
        .map(|required| install(required, context))
        .transpose()?;
    let Some(mut registered) = context.remove_data::<Registered>() else {
        return Err(not_registered(prelude));
    };
    let installed = match registered
        .preludes
        .iter_mut()
        .find(|entry| std::ptr::eq(entry.prelude, prelude))
    {
        None => Err(not_registered(prelude)),
        Some(Entry { api: Some(api), .. }) => Ok(api.clone()),
        Some(entry) => evaluate(prelude, required, context).and_then(|api| {
            replace_getters(&entry.getters, &api, context)?;
            entry.api = Some(api.clone());
            Ok(api)
        }),
    };
    context.insert_data(*registered);
    installed
}

/// Installs the prelude defining `root` (the first name of an expression), if one does; errors are only
/// logged (introspection then answers without it).
pub fn install_for(root: &str, preludes: &[&'static Prelude], context: &mut Context) {
    for &prelude in preludes {
        if prelude.globals.contains(&root)
            && let Err(error) = install(prelude, context)
        {
            tracing::debug!(
                "the prelude {} could not be installed: {error}",
                prelude.path
            );
        }
    }
}

/// Installs every prelude one of whose globals `source` mentions (a plain text search: a mention in a comment
/// or a string installs it too, which costs only time). Errors are logged; the getter tries again.
pub fn install_mentioned(source: &str, preludes: &[&'static Prelude], context: &mut Context) {
    for &prelude in preludes {
        if prelude
            .globals
            .iter()
            .chain(prelude.mentioned_by)
            .any(|name| source.contains(name))
            && let Err(error) = install(prelude, context)
        {
            tracing::debug!(
                "the prelude {} could not be installed: {error}",
                prelude.path
            );
        }
    }
}

fn not_registered(prelude: &Prelude) -> boa_engine::JsError {
    JsNativeError::typ()
        .with_message(format!(
            "{} is not registered in this context",
            prelude.path
        ))
        .into()
}

/// Defines each global whose lazy getter still stands as the prelude's object.
fn replace_getters(
    getters: &[(&'static str, JsObject)],
    api: &JsObject,
    context: &mut Context,
) -> JsResult<()> {
    for (name, getter) in getters {
        let key = PropertyKey::from(JsString::from(*name));
        let lazy = own_desc(&context.global_object(), &key)
            .and_then(|desc| desc.get().and_then(JsValue::as_object))
            .is_some_and(|get| JsObject::equals(&get, getter));
        if lazy {
            let value = api.get(key, context)?;
            define_hidden(name, value, context)?;
        }
    }
    Ok(())
}

/// Compiles the prelude and calls it with its natives; returns the object of its globals.
fn evaluate(
    prelude: &Prelude,
    required: Option<JsObject>,
    context: &mut Context,
) -> JsResult<JsObject> {
    let natives = (prelude.natives)(context);
    let source = Source::from_bytes(prelude.source).with_path(std::path::Path::new(prelude.path));
    let function = boa_engine::script::compile_function_expression(source, context)?;
    let required = required.map_or(JsValue::undefined(), JsValue::from);
    let api = function.call(&JsValue::undefined(), &[natives.into(), required], context)?;
    api.as_object().ok_or_else(|| {
        JsNativeError::typ()
            .with_message(format!("the prelude {} returned no object", prelude.path))
            .into()
    })
}

/// Defines the global `name` as a non-enumerable accessor: reading it calls `get` (which computes the value,
/// typically also putting it in place with [`define_hidden`]); assigning to it replaces it with the assigned
/// value. Returns the getter (to tell later whether it still stands).
pub fn define_accessor(
    name: &'static str,
    get: NativeFunction,
    context: &mut Context,
) -> JsResult<JsObject> {
    let get = FunctionObjectBuilder::new(context.realm(), get)
        .name(JsString::from(format!("get {name}")))
        .build();
    let set = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure(move |_, args, context| {
            define_hidden(name, args.get_or_undefined(0).clone(), context)?;
            Ok(JsValue::undefined())
        }),
    )
    .name(JsString::from(format!("set {name}")))
    .length(1)
    .build();
    let global = context.global_object();
    define_accessor_on(
        &global,
        JsString::from(name),
        get.clone(),
        Some(set.into()),
        context,
    )?;
    Ok(get.into())
}

/// Makes `constructor` the constructor of `prototype` (a native one put in front of boa's): its fixed
/// `prototype` property, as a class's is, and `prototype.constructor` back to it.
pub fn link_constructor(
    constructor: &JsObject,
    prototype: &JsObject,
    context: &mut Context,
) -> JsResult<()> {
    constructor.define_property_or_throw(
        JsString::from("prototype"),
        PropertyDescriptor::builder()
            .value(prototype.clone())
            .writable(false)
            .enumerable(false)
            .configurable(false),
        context,
    )?;
    define_hidden_on(
        prototype,
        JsString::from("constructor"),
        constructor.clone(),
        context,
    )
}

/// What a method put in front of a built-in one does: `(this, args, the built-in method, context)`.
pub type MethodWrapper = fn(&JsValue, &[JsValue], &JsObject, &mut Context) -> JsResult<JsValue>;

/// Puts a method in front of `object`'s built-in method `name` (same name and `length`, non-enumerable):
/// `wrapper` receives the built-in one, read before any user code ran.
pub fn wrap_method(
    object: &JsObject,
    name: &str,
    wrapper: MethodWrapper,
    context: &mut Context,
) -> JsResult<()> {
    wrap_method_with(object, name, |built_in| built_in, wrapper, context)
}

/// [`wrap_method`] for a wrapper that needs more than the built-in method: `captures` makes what the
/// wrapper receives from the built-in one.
pub fn wrap_method_with<T: Trace + Clone + 'static>(
    object: &JsObject,
    name: &str,
    captures: impl FnOnce(JsObject) -> T,
    wrapper: fn(&JsValue, &[JsValue], &T, &mut Context) -> JsResult<JsValue>,
    context: &mut Context,
) -> JsResult<()> {
    let key = JsString::from(name);
    let built_in = own_desc(object, &key.clone().into())
        .and_then(|descriptor| descriptor.value().and_then(JsValue::as_object))
        .ok_or_else(|| {
            JsNativeError::typ().with_message(format!("no built-in `{name}` to wrap"))
        })?;
    let length = own_desc(&built_in, &JsString::from("length").into())
        .and_then(|descriptor| descriptor.value().and_then(JsValue::as_number))
        .unwrap_or(0.0) as usize;
    let method = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(wrapper, captures(built_in)),
    )
    .name(key.clone())
    .length(length)
    .build();
    define_hidden_on(object, key, method, context)
}

/// `object[key]` as a configurable, non-enumerable accessor (as built-in accessors are).
pub fn define_accessor_on(
    object: &JsObject,
    key: impl Into<PropertyKey>,
    getter: impl Into<JsValue>,
    setter: Option<JsObject>,
    context: &mut Context,
) -> JsResult<()> {
    let mut accessor = PropertyDescriptor::builder()
        .get(getter)
        .enumerable(false)
        .configurable(true);
    if let Some(setter) = setter {
        accessor = accessor.set(setter);
    }
    object.define_property_or_throw(key, accessor, context)?;
    Ok(())
}

/// `globalThis[name] = value` as a writable, configurable, non-enumerable data property.
pub fn define_hidden(name: &str, value: JsValue, context: &mut Context) -> JsResult<()> {
    let global = context.global_object();
    define_hidden_on(&global, JsString::from(name), value, context)
}

/// `object[key] = value` as a read-only, configurable, non-enumerable data property (as a function's `name`
/// and `length` and a prototype's `Symbol.toStringTag` are).
pub fn define_read_only_on(
    object: &JsObject,
    key: impl Into<PropertyKey>,
    value: impl Into<JsValue>,
    context: &mut Context,
) -> JsResult<()> {
    define_built_in_on(object, key.into(), value.into(), false, context)
}

/// `object[key] = value` as a writable, configurable, non-enumerable data property (as built-in methods are).
pub fn define_hidden_on(
    object: &JsObject,
    key: impl Into<PropertyKey>,
    value: impl Into<JsValue>,
    context: &mut Context,
) -> JsResult<()> {
    define_built_in_on(object, key.into(), value.into(), true, context)
}

/// A configurable, non-enumerable data property, as built-ins' own properties are.
fn define_built_in_on(
    object: &JsObject,
    key: PropertyKey,
    value: JsValue,
    writable: bool,
    context: &mut Context,
) -> JsResult<()> {
    object.define_property_or_throw(
        key,
        PropertyDescriptor::builder()
            .value(value)
            .writable(writable)
            .enumerable(false)
            .configurable(true),
        context,
    )?;
    Ok(())
}
