//! The Node built-ins pure libraries need (`builtins.js`): `path` (POSIX), `events`, `util`, `assert` (and
//! `assert/strict`), `url`, `querystring`, `buffer`, `process`, `os` (the sandbox's view, as `process` is),
//! and `fs` mapped onto the template's `fs.read`
//! / `fs.write` capability (same confinement as `vmjs.fs`). They grant nothing: `process.env` holds only the
//! variables the template grants, `process.argv` is `vmjs.args`. Every other Node built-in (`child_process`,
//! `net`, `http`, `worker_threads`, …) is refused with `PermissionDenied`, saying vmjs does not grant it.
//!
//! The JavaScript is compiled by the intrinsic `Function` constructor the first time something asks for it —
//! `require("events")`, `import path from "node:path"`, reading `process` or `Buffer` — which is safe while
//! another script runs (a script evaluated then is not: see `lazy`), as a CommonJS package requiring
//! `events` at load time does.

use boa_engine::module::SyntheticModuleInitializer;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::{Attribute, PropertyKey};
use boa_engine::{
    Context, JsArgs, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, Module,
    NativeFunction, js_string,
};

use super::inspect::{InspectOptions, add_buffer_prototype, inspect};
use super::props::{own_desc, safe_get};
use super::{console_format, lazy, object_module, sandbox, state};

const SOURCE: &str = include_str!("builtins.js");

/// Node's built-in module names (as of Node 22), provided or not: a bare specifier naming one is never a
/// package. (`node:test` and the like exist only with the prefix, which is always a built-in.)
const NODE_BUILTINS: [&str; 42] = [
    "assert",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "dgram",
    "diagnostics_channel",
    "dns",
    "domain",
    "events",
    "fs",
    "http",
    "http2",
    "https",
    "inspector",
    "module",
    "net",
    "os",
    "path",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "readline",
    "repl",
    "stream",
    "string_decoder",
    "sys",
    "timers",
    "tls",
    "trace_events",
    "tty",
    "url",
    "util",
    "v8",
    "vm",
    "wasi",
    "worker_threads",
    "zlib",
];

/// The modules `builtins.js` returns (also reachable as `name/sub` where Node has them).
const PROVIDED: [&str; 14] = [
    "path",
    "os",
    "events",
    "util",
    "assert",
    "assert/strict",
    "url",
    "querystring",
    "buffer",
    "process",
    "fs",
    "fs/promises",
    "path/posix",
    "util/types",
];

/// What a specifier is to Node's built-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Builtin<'s> {
    /// One vmjs provides: the key of its module.
    Provided(&'s str),
    /// A Node built-in vmjs does not grant.
    Refused(&'s str),
    /// Not a built-in (a package or a path).
    No,
}

/// Whether `specifier` names a Node built-in (`node:x`, or a bare `x` that is one, as Node reads it).
pub(super) fn builtin(specifier: &str) -> Builtin<'_> {
    let (name, prefixed) = match specifier.strip_prefix("node:") {
        Some(name) => (name, true),
        None => (specifier, false),
    };
    if let Some(provided) = PROVIDED.iter().find(|p| **p == name) {
        return Builtin::Provided(provided);
    }
    let top = name.split('/').next().unwrap_or(name);
    if prefixed || NODE_BUILTINS.contains(&top) {
        Builtin::Refused(name)
    } else {
        Builtin::No
    }
}

/// The error for a built-in vmjs does not grant.
pub(super) fn refused(name: &str, context: &mut Context) -> JsError {
    sandbox::permission_denied(
        format!(
            "vmjs does not grant the Node built-in `{name}` (no template can; vmjs provides {})",
            PROVIDED
                .iter()
                .filter(|p| !p.contains('/'))
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        context,
    )
}

/// What `require(name)` gives for a provided built-in.
pub(super) fn require(key: &str, context: &mut Context) -> JsResult<JsValue> {
    modules(context)?.get(JsString::from(key), context)
}

/// The module `import … from "node:key"` gives: `default` is the module object, and its own properties are
/// named exports (`import { join } from "node:path"`).
pub(super) fn module(key: &str, context: &mut Context) -> JsResult<Module> {
    let value = require(key, context)?;
    let mut names = vec![js_string!("default")];
    if let Some(object) = value.as_object() {
        for property in object.own_property_keys(context)? {
            // Every own property, also a class's static methods (`import { once } from "node:events"`).
            if let PropertyKey::String(name) = &property
                && !["default", "prototype", "length", "name"]
                    .iter()
                    .any(|skip| name == &JsString::from(*skip))
            {
                names.push(name.clone());
            }
        }
    }
    let named: Vec<JsString> = names[1..].to_vec();
    Ok(Module::synthetic(
        &names,
        SyntheticModuleInitializer::from_copy_closure_with_captures(
            |module, (value, named): &(JsValue, Vec<JsString>), context| {
                object_module::set_exports(module, value, named, context)
            },
            (value, named),
        ),
        Some(format!("node:{key}").into()),
        None,
        context,
    ))
}

/// Defines `process` and `Buffer`, and — as Node's REPL does for its built-in modules — each provided
/// module by its name (`path`, `fs`, `util`, …: notebooks written for Node kernels call `path.basename`
/// without a `require`), as globals that build the built-ins the first time they are read (an assignment or a
/// declaration before that just replaces them). `fs` grants nothing by being there: its calls check the
/// template's capabilities.
pub(super) fn register_globals(context: &mut Context) -> JsResult<()> {
    let modules = PROVIDED
        .into_iter()
        .filter(|key| !key.contains('/') && *key != "process")
        .map(|key| (key, key, None));
    let globals = [
        ("process", "process", None),
        ("Buffer", "buffer", Some("Buffer")),
    ];
    let mut getters = Vec::new();
    for (name, key, property) in globals.into_iter().chain(modules) {
        let getter = lazy::define_accessor(
            name,
            NativeFunction::from_copy_closure(move |_, _, context| {
                let mut value = require(key, context)?;
                if let (Some(property), Some(object)) = (property, value.as_object()) {
                    value = object.get(JsString::from(property), context)?;
                }
                lazy::define_hidden(name, value.clone(), context)?;
                Ok(value)
            }),
            context,
        )?;
        getters.push((name, getter));
    }
    context.insert_data(LazyGlobals(getters));
    Ok(())
}

/// The getters of the globals [`register_globals`] defines, to tell them from what code put there.
struct LazyGlobals(Vec<(&'static str, JsObject)>);

/// Builds the global `name` if it is one of [`register_globals`]'s still waiting to be read. Introspection
/// reads no getters, so completion after `path.` would see nothing before it. A global code replaced (with
/// a value or a getter of its own) is left alone: nothing of the user's runs.
pub(super) fn install_global(name: &str, context: &mut Context) {
    let Some(getter) = context.get_data::<LazyGlobals>().and_then(|globals| {
        globals
            .0
            .iter()
            .find(|(global, _)| *global == name)
            .map(|(_, getter)| getter.clone())
    }) else {
        return;
    };
    let global = context.global_object();
    let standing = own_desc(&global, &JsString::from(name).into())
        .and_then(|descriptor| descriptor.get().and_then(JsValue::as_object))
        .is_some_and(|get| JsObject::equals(&get, &getter));
    if standing && let Err(error) = getter.call(&global.into(), &[], context) {
        tracing::debug!("the Node global {name} could not be built: {error}");
    }
}

/// The object of every provided module, built on first use and kept in the context.
fn modules(context: &mut Context) -> JsResult<JsObject> {
    if let Some(built) = context.get_data::<Built>() {
        return Ok(built.0.clone());
    }
    let natives = natives(context)?;
    let constructor = context.intrinsics().constructors().function().constructor();
    let function = constructor.construct(
        &[js_string!("natives").into(), js_string!(SOURCE).into()],
        None,
        context,
    )?;
    let built = function
        .call(&JsValue::undefined(), &[natives.into()], context)?
        .as_object()
        .ok_or_else(|| {
            JsNativeError::typ().with_message("the Node built-ins returned no object")
        })?;
    context.insert_data(Built(built.clone()));
    // `Buffer` prints as Node prints it (`<Buffer 68 69>`), not as the `Uint8Array` it is.
    if let Some(prototype) = buffer_prototype(&built) {
        add_buffer_prototype(prototype, context);
    }
    Ok(built)
}

/// `Buffer.prototype` of the built-ins' object (data properties only: nothing runs).
fn buffer_prototype(built: &JsObject) -> Option<JsObject> {
    let data = |object: &JsObject, key: JsString| safe_get(object, &key.into())?.as_object();
    let buffer = data(built, js_string!("buffer"))?;
    let class = data(&buffer, js_string!("Buffer"))?;
    data(&class, js_string!("prototype"))
}

/// The built-ins' object, kept by the context.
struct Built(JsObject);

/// What `builtins.js` gets: vmjs's inspect and format, the granted environment, the run's arguments, the
/// capability-checked `vmjs.fs`, the platform.
fn natives(context: &mut Context) -> JsResult<JsObject> {
    let env = JsObject::with_object_proto(context.intrinsics());
    if let Some(state) = state::get() {
        for (name, value) in &state.env {
            env.set(
                JsString::from(name.as_str()),
                JsString::from(value.as_str()),
                false,
                context,
            )?;
        }
    }
    let args = super::sandbox::vmjs_member("args", context)?;
    let fs = super::sandbox::vmjs_member("fs", context)?;
    let platform = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    Ok(ObjectInitializer::new(context)
        .function(
            NativeFunction::from_fn_ptr(|_, args, context| {
                let options = InspectOptions::from_js(args.get_or_undefined(1), context)?;
                Ok(JsString::from(inspect(args.get_or_undefined(0), &options, context)).into())
            }),
            js_string!("inspect"),
            2,
        )
        .function(
            NativeFunction::from_fn_ptr(|_, args, context| {
                Ok(JsString::from(console_format::format_args(args, context)).into())
            }),
            js_string!("format"),
            0,
        )
        .property(js_string!("env"), env, Attribute::all())
        .property(js_string!("args"), args, Attribute::all())
        .property(js_string!("fs"), fs, Attribute::all())
        .property(
            js_string!("platform"),
            JsString::from(platform),
            Attribute::all(),
        )
        .property(
            js_string!("version"),
            js_string!(env!("CARGO_PKG_VERSION")),
            Attribute::all(),
        )
        .build())
}

#[cfg(test)]
mod tests;
