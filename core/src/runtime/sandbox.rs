//! The `vmjs` global (args, and the capability-gated `fs` and `env`), a seeded `Math.random` for
//! deterministic mode, and `prompt`/`confirm` (input asked from the host). Nothing here grants authority the
//! template did not: a denied call throws `PermissionDenied` naming the capability to grant.

use std::rc::Rc;

use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsUint8Array;
use boa_engine::property::Attribute;
use boa_engine::{
    Context, JsArgs, JsError, JsNativeError, JsObject, JsResult, JsValue, NativeFunction, js_string,
};

use super::host_input::{self, NoReply};
use super::state::{self, WorkerState};
use crate::model::Capabilities;
use crate::paths;
use crate::protocol::FromWorker;

/// Installs `vmjs`, `prompt`, `confirm`, and (deterministic mode) the seeded `Math.random`. Returns the `vmjs`
/// object.
pub fn register(context: &mut Context, args: &[String], deterministic: bool) -> JsResult<JsObject> {
    let fs = ObjectInitializer::new(context)
        .function(
            NativeFunction::from_fn_ptr(read_text_file),
            js_string!("readTextFile"),
            1,
        )
        .function(
            NativeFunction::from_fn_ptr(write_text_file),
            js_string!("writeTextFile"),
            2,
        )
        .function(
            NativeFunction::from_fn_ptr(read_file),
            js_string!("readFile"),
            1,
        )
        .function(
            NativeFunction::from_fn_ptr(write_file),
            js_string!("writeFile"),
            2,
        )
        .function(
            NativeFunction::from_fn_ptr(read_dir),
            js_string!("readDir"),
            1,
        )
        .function(NativeFunction::from_fn_ptr(stat), js_string!("stat"), 1)
        .build();
    let env = ObjectInitializer::new(context)
        .function(NativeFunction::from_fn_ptr(env_get), js_string!("get"), 1)
        .build();
    let args_array = args_array(args, context);
    let vmjs = ObjectInitializer::new(context)
        .property(js_string!("args"), args_array, Attribute::all())
        .property(js_string!("fs"), fs, Attribute::all())
        .property(js_string!("env"), env, Attribute::all())
        .property(
            js_string!("version"),
            js_string!(env!("CARGO_PKG_VERSION")),
            Attribute::READONLY | Attribute::NON_ENUMERABLE,
        )
        .build();
    context.register_global_property(js_string!("vmjs"), vmjs.clone(), Attribute::all())?;
    context.register_global_callable(
        js_string!("prompt"),
        1,
        NativeFunction::from_fn_ptr(prompt),
    )?;
    context.register_global_callable(
        js_string!("confirm"),
        1,
        NativeFunction::from_fn_ptr(confirm),
    )?;
    if deterministic {
        let math = context
            .global_object()
            .get(js_string!("Math"), context)?
            .as_object()
            .ok_or_else(|| JsNativeError::typ().with_message("Math is not an object"))?;
        let random = boa_engine::object::FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_fn_ptr(seeded_random),
        )
        .name(js_string!("random"))
        .length(0)
        .build();
        math.set(js_string!("random"), random, true, context)?;
    }
    Ok(vmjs)
}

/// `vmjs[name]` as `register` made it (`fs`, `args`), for the preludes built on it; `undefined` when code
/// replaced `vmjs` with what is no object.
pub(super) fn vmjs_member(name: &str, context: &mut Context) -> JsResult<JsValue> {
    match context
        .global_object()
        .get(js_string!("vmjs"), context)?
        .as_object()
    {
        Some(vmjs) => vmjs.get(boa_engine::JsString::from(name), context),
        None => Ok(JsValue::undefined()),
    }
}

/// `args` as a JavaScript array of strings (`vmjs.args`).
pub fn args_array(args: &[String], context: &mut Context) -> boa_engine::object::builtins::JsArray {
    boa_engine::object::builtins::JsArray::from_iter(
        args.iter().map(|a| JsValue::from(js_string!(a.as_str()))),
        context,
    )
}

/// Argument `index` as a string (`undefined` when missing, converted as JavaScript converts).
pub(in crate::runtime) fn string_arg(
    args: &[JsValue],
    index: usize,
    context: &mut Context,
) -> JsResult<String> {
    Ok(args
        .get(index)
        .cloned()
        .unwrap_or_default()
        .to_string(context)?
        .to_std_string_escaped())
}

/// The worker state when the template grants `capability` (the execution is then marked as having side
/// effects); otherwise a `PermissionDenied` error saying what `what` needs and how to grant it.
fn authorize(
    capability: &str,
    what: &str,
    granted: impl FnOnce(&Capabilities) -> bool,
    context: &mut Context,
) -> JsResult<Rc<WorkerState>> {
    let state =
        state::get().ok_or_else(|| JsNativeError::error().with_message("no worker state"))?;
    if granted(&state.capabilities) {
        state::mark_side_effects();
        return Ok(state);
    }
    Err(permission_denied(
        format!(
            "{what} needs the `{capability}` capability, which this session's template does not grant \
             (grant it with `vmjs template set TEMPLATE --allow {capability}`)"
        ),
        context,
    ))
}

/// An `Error` whose `name` is `PermissionDenied` (as the docs promise: `e.name === "PermissionDenied"`), for a
/// capability the template does not grant and for a path the session root's confinement refuses.
pub(super) fn permission_denied(message: String, context: &mut Context) -> JsError {
    let error = JsError::from_native(JsNativeError::error().with_message(message));
    if let Ok(value) = error.clone().into_opaque(context)
        && let Some(object) = value.as_object()
    {
        let _ = object.set(
            js_string!("name"),
            js_string!("PermissionDenied"),
            false,
            context,
        );
        return JsError::from_opaque(value);
    }
    error
}

/// The JavaScript error for a path the root refused or could not use: `PermissionDenied` when confinement
/// refused it, a plain `Error` otherwise; the message names the path as the code wrote it.
pub(super) fn path_error(error: &paths::PathError, context: &mut Context) -> JsError {
    if error.is_permission_denied() {
        permission_denied(error.to_string(), context)
    } else {
        JsNativeError::error()
            .with_message(error.to_string())
            .into()
    }
}

/// The worker state when the template grants reading files; `PermissionDenied` naming `path` otherwise.
fn for_reading(path: &str, context: &mut Context) -> JsResult<Rc<WorkerState>> {
    authorize(
        "fs.read",
        &format!("reading `{path}`"),
        |c| c.fs_read,
        context,
    )
}

/// The worker state when the template grants writing files; `PermissionDenied` naming `path` otherwise.
fn for_writing(path: &str, context: &mut Context) -> JsResult<Rc<WorkerState>> {
    authorize(
        "fs.write",
        &format!("writing `{path}`"),
        |c| c.fs_write,
        context,
    )
}

/// `op` on the session root with `path` as session code names files (its `/` is the root:
/// [`paths::session_relative`]); an error names `path` as the code wrote it.
fn in_root<T>(
    state: &WorkerState,
    path: &str,
    op: impl FnOnce(&paths::Root, &str) -> Result<T, paths::PathError>,
    context: &mut Context,
) -> JsResult<T> {
    op(&state.root, paths::session_relative(path)).map_err(|e| path_error(&e.naming(path), context))
}

/// `vmjs.fs.readTextFile(path)`: the file's UTF-8 text.
fn read_text_file(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let path = string_arg(args, 0, context)?;
    let state = for_reading(&path, context)?;
    let text = in_root(&state, &path, paths::Root::read_text, context)?;
    Ok(js_string!(text.as_str()).into())
}

/// `vmjs.fs.writeTextFile(path, text)`.
fn write_text_file(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let path = string_arg(args, 0, context)?;
    let text = string_arg(args, 1, context)?;
    let state = for_writing(&path, context)?;
    in_root(
        &state,
        &path,
        |root, name| root.write_text(name, &text),
        context,
    )?;
    Ok(JsValue::undefined())
}

/// `vmjs.fs.readFile(path)`: the file's bytes as a `Uint8Array`.
fn read_file(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let path = string_arg(args, 0, context)?;
    let state = for_reading(&path, context)?;
    let bytes = in_root(&state, &path, paths::Root::read_bytes, context)?;
    let buffer = super::bytes::array_buffer_of(&bytes, context)?;
    Ok(JsUint8Array::from_array_buffer(buffer, context)?.into())
}

/// `vmjs.fs.writeFile(path, bytes)`: writes an `ArrayBuffer`'s, a typed array's or a `DataView`'s bytes.
fn write_file(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let path = string_arg(args, 0, context)?;
    let bytes = super::bytes::bytes_of(args.get_or_undefined(1), context)?;
    let state = for_writing(&path, context)?;
    in_root(
        &state,
        &path,
        |root, name| root.write_bytes(name, &bytes),
        context,
    )?;
    Ok(JsValue::undefined())
}

/// `vmjs.fs.readDir(path)`: the directory's entries, sorted by name, as Deno's `DirEntry`s (`name`, `isFile`,
/// `isDirectory`, `isSymlink`; a link is not followed).
fn read_dir(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let path = match args.first() {
        None => ".".to_owned(),
        Some(_) => string_arg(args, 0, context)?,
    };
    let state = for_reading(&path, context)?;
    let entries = in_root(&state, &path, paths::Root::list_dir, context)?;
    let entries: Vec<JsValue> = entries
        .into_iter()
        .map(|entry| {
            ObjectInitializer::new(context)
                .property(
                    js_string!("name"),
                    js_string!(entry.name.as_str()),
                    Attribute::all(),
                )
                .property(
                    js_string!("isFile"),
                    entry.kind == paths::EntryKind::File,
                    Attribute::all(),
                )
                .property(
                    js_string!("isDirectory"),
                    entry.kind == paths::EntryKind::Directory,
                    Attribute::all(),
                )
                .property(
                    js_string!("isSymlink"),
                    entry.kind == paths::EntryKind::Symlink,
                    Attribute::all(),
                )
                .build()
                .into()
        })
        .collect();
    Ok(boa_engine::object::builtins::JsArray::from_iter(entries, context).into())
}

/// `vmjs.fs.stat(path)`: `{ isFile, isDirectory, size, mtimeMs }` of what is at `path` (links followed,
/// beneath the root only; `mtimeMs` is `null` when the system does not say).
fn stat(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let path = string_arg(args, 0, context)?;
    let state = for_reading(&path, context)?;
    let stat = in_root(&state, &path, paths::Root::stat, context)?;
    let modified = stat.modified_ms.map_or(JsValue::null(), JsValue::from);
    Ok(ObjectInitializer::new(context)
        .property(
            js_string!("isFile"),
            stat.kind == paths::EntryKind::File,
            Attribute::all(),
        )
        .property(
            js_string!("isDirectory"),
            stat.kind == paths::EntryKind::Directory,
            Attribute::all(),
        )
        .property(js_string!("size"), stat.size as f64, Attribute::all())
        .property(js_string!("mtimeMs"), modified, Attribute::all())
        .build()
        .into())
}

fn env_get(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let name = string_arg(args, 0, context)?;
    // Given with this execution by its caller: no capability needed (they are the caller's own values).
    let given = state::get().and_then(|state| {
        let current = state.current.borrow();
        let current = current.as_ref()?;
        current
            .env
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    });
    if let Some(value) = given {
        return Ok(js_string!(value.as_str()).into());
    }
    let state = authorize(
        &format!("env:{name}"),
        &format!("reading the environment variable `{name}`"),
        |c| c.env.contains(&name),
        context,
    )?;
    Ok(state
        .env
        .iter()
        .find(|(k, _)| *k == name)
        .map_or(JsValue::undefined(), |(_, v)| js_string!(v.as_str()).into()))
}

/// The next number of the session's seeded generator (splitmix64: small, fast, good enough for reproducible
/// samples — not cryptography). `Math.random` and deterministic `crypto` share it.
pub(super) fn splitmix64(state: &std::cell::Cell<u64>) -> u64 {
    let mut z = state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
    state.set(z);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Deterministic `Math.random`.
fn seeded_random(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let Some(state) = state::get() else {
        return Ok(JsValue::from(0.5));
    };
    let z = splitmix64(&state.random_state);
    Ok(JsValue::from((z >> 11) as f64 / (1u64 << 53) as f64))
}

/// Asks the host for a line of input; `None` when none can be had.
fn ask(prompt_text: String, password: bool) -> JsResult<Option<String>> {
    let state =
        state::get().ok_or_else(|| JsNativeError::error().with_message("no worker state"))?;
    let execution_id = state
        .current
        .borrow()
        .as_ref()
        .map(|c| c.execution_id.clone())
        .ok_or_else(|| JsNativeError::error().with_message("prompt() outside an execution"))?;
    state::mark_side_effects();
    state
        .to_host
        .reply(FromWorker::InputRequest {
            execution_id: execution_id.clone(),
            prompt: prompt_text,
            password,
        })
        .map_err(|_| JsNativeError::error().with_message("host is gone"))?;
    host_input::wait_for_reply(&execution_id).map_err(|no_reply| {
        let message = match no_reply {
            NoReply::Stopped => "the execution was stopped while waiting for input",
            NoReply::NoHost => "no host to answer",
        };
        JsNativeError::error().with_message(message).into()
    })
}

fn prompt(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let text = if args.is_empty() {
        String::new()
    } else {
        string_arg(args, 0, context)?
    };
    let password = args
        .get(1)
        .and_then(JsValue::as_object)
        .and_then(|o| o.get(js_string!("password"), context).ok())
        .is_some_and(|v| v.to_boolean());
    match ask(text, password)? {
        Some(answer) => Ok(js_string!(answer.as_str()).into()),
        None => Err(JsNativeError::error()
            .with_message(
                "prompt() needs input, but this frontend does not provide any (allow_stdin is off)",
            )
            .into()),
    }
}

fn confirm(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let text = if args.is_empty() {
        String::new()
    } else {
        string_arg(args, 0, context)?
    };
    match ask(format!("{text} [y/N] "), false)? {
        Some(answer) => Ok(JsValue::from(matches!(
            answer.trim().to_ascii_lowercase().as_str(),
            "y" | "yes"
        ))),
        None => Err(JsNativeError::error()
            .with_message("confirm() needs input, but this frontend does not provide any (allow_stdin is off)")
            .into()),
    }
}
