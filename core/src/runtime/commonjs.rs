//! CommonJS, as Node runs it, for packages in `node_modules` (and `.cjs` files): `require()` and `import` of a
//! CommonJS file. A module is Node's wrapper, `(function (exports, require, module, __filename, __dirname) {…})`
//! around its text, compiled into that function without running a script (evaluating a script while another
//! runs confuses boa 0.22's global bindings, see `lazy`; vmjs's boa patch compiles the one function
//! expression, its frames named by the file), called once, and cached by its real root-relative path — a cycle gets
//! the partly filled `module.exports`, as in Node. Each module's `require` resolves from its own folder:
//! relative paths (with `.js`, `.json`, `.cjs`, `/index.js` tried), packages Node's way with the `require`
//! condition and `main` ([`packages`]), every file opened beneath the session root. The global `require`
//! resolves from the root, as in Node's REPL and the notebooks of IJavascript and tslab (`require('fs')`,
//! `require('./util.cjs')`, `require('tslab')`).
//!
//! `import x from "cjs"` gives `module.exports`; the names `analysis::commonjs_exports` sees in the source are
//! named exports too (a synthetic module, evaluated when the importer is).

use boa_engine::error::JsNativeErrorKind;
use boa_engine::module::SyntheticModuleInitializer;
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::Attribute;
use boa_engine::{
    Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, Module, NativeFunction,
    Source, js_string,
};
use std::path::Path;

use super::display::{self, TSLAB};
use super::language;
use super::packages::{self, Kind};
use super::source_maps::SourceMaps;
use super::{node, object_module, sandbox, state};
use crate::analysis;
use crate::paths::PathError;

/// Files a `require("./x")` may name, tried in order after `x` itself.
const SUFFIXES: [&str; 5] = [".js", ".json", ".cjs", "/index.js", "/index.json"];

/// The CommonJS modules a session loaded: a null-prototype object mapping root-relative real paths to
/// `module` objects (kept by the Context like any object).
pub(super) fn new_registry() -> JsObject {
    JsObject::with_null_proto()
}

/// Defines the global `require`, resolving from the root.
pub(super) fn install_require(registry: &JsObject, context: &mut Context) -> JsResult<()> {
    let require = require_function("", registry, context);
    context.register_global_property(
        js_string!("require"),
        require,
        Attribute::WRITABLE | Attribute::CONFIGURABLE,
    )
}

/// Whether the file at root-relative `path` with `text` is CommonJS: a `.cjs` name, or a `.js` in
/// `node_modules` without `import`/`export` that uses `module.exports`, `exports.` or `require(` (a user's own
/// `.js` is an ES module, as the loader has always read it).
pub(super) fn is_commonjs(path: &str, text: &str) -> bool {
    if path.ends_with(".cjs") {
        return true;
    }
    packages::is_package_path(path)
        && path.ends_with(".js")
        && ["module.exports", "exports.", "require("]
            .iter()
            .any(|usage| text.contains(usage))
        && analysis::source_kind(text) == analysis::SourceKind::Script
}

/// The module `import` gets for the CommonJS file at `path` (root-relative, real) with `text`: `default` is its
/// `module.exports`, and each statically visible export name is a named export.
pub(super) fn synthetic_module(
    path: &str,
    text: &str,
    registry: &JsObject,
    context: &mut Context,
) -> Module {
    let names: Vec<JsString> = analysis::commonjs_exports(text)
        .iter()
        .map(|name| js_string!(name.as_str()))
        .collect();
    let mut exports = vec![js_string!("default")];
    exports.extend(names.iter().cloned());
    Module::synthetic(
        &exports,
        SyntheticModuleInitializer::from_copy_closure_with_captures(
            |module, (path, registry, names): &(JsString, JsObject, Vec<JsString>), context| {
                let value = load(&path.to_std_string_escaped(), registry, context)?;
                object_module::set_exports(module, &value, names, context)
            },
            (js_string!(path), registry.clone(), names),
        ),
        Some(path.into()),
        None,
        context,
    )
}

/// A `require` that resolves from root-relative `dir`.
fn require_function(dir: &str, registry: &JsObject, context: &mut Context) -> JsObject {
    FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |_, args, (dir, registry): &(JsString, JsObject), context| {
                let specifier = args
                    .first()
                    .cloned()
                    .unwrap_or_default()
                    .to_string(context)?
                    .to_std_string_escaped();
                if specifier == TSLAB {
                    // tslab's notebooks (compiled to CommonJS by tslab) `require('tslab')` for `display`.
                    return display::tslab(context).map(JsValue::from);
                }
                match node::builtin(&specifier) {
                    node::Builtin::Provided(key) => return node::require(key, context),
                    node::Builtin::Refused(name) => return Err(node::refused(name, context)),
                    node::Builtin::No => {}
                }
                let path = resolve(&specifier, &dir.to_std_string_escaped(), context)?;
                load(&path, registry, context)
            },
            (js_string!(dir), registry.clone()),
        ),
    )
    .name(js_string!("require"))
    .length(1)
    .build()
    .into()
}

/// The root-relative real path of the file `require(specifier)` names from `dir`.
fn resolve(specifier: &str, dir: &str, context: &mut Context) -> JsResult<String> {
    let fail = |reason: String| -> JsError {
        JsNativeError::typ()
            .with_message(format!("cannot require `{specifier}`: {reason}"))
            .into()
    };
    let state = state::get().ok_or_else(|| fail("no session".into()))?;
    let relative = if packages::is_bare(specifier) {
        let read = |path: &str| state.root.read_text(path).ok();
        packages::resolve(specifier, dir, Kind::Require, &read).map_err(fail)?
    } else {
        match lexical_join(dir, specifier) {
            Some(path) => path,
            None => {
                return Err(sandbox::permission_denied(
                    format!("cannot require `{specifier}`: it leaves the session root"),
                    context,
                ));
            }
        }
    };
    let mut last = None;
    for candidate in std::iter::once(relative.clone())
        .chain(SUFFIXES.iter().map(|suffix| format!("{relative}{suffix}")))
    {
        match state.root.open_file(&candidate) {
            Ok(file) => {
                let real = file.path();
                let real = real.strip_prefix(state.root.path()).unwrap_or(real);
                return Ok(real.to_string_lossy().into_owned());
            }
            // A candidate the root refuses is refused loudly, never skipped for the next one.
            Err(refused) if refused.is_permission_denied() => {
                return Err(sandbox::path_error(&refused, context));
            }
            Err(other) => last = Some(other),
        }
    }
    let reason = match last {
        Some(PathError::NotFound { .. }) | None => format!("no file `{relative}`"),
        Some(other) => other.to_string(),
    };
    Err(fail(reason))
}

/// `dir/specifier` with `.` and `..` applied; `None` when it climbs above the root (or is absolute).
fn lexical_join(dir: &str, specifier: &str) -> Option<String> {
    if specifier.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in specifier.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// `module.exports` of the CommonJS (or JSON) file at root-relative real `path`, loading it the first time.
fn load(path: &str, registry: &JsObject, context: &mut Context) -> JsResult<JsValue> {
    let key = js_string!(path);
    if let Some(module) = registry.get(key.clone(), context)?.as_object() {
        return module.get(js_string!("exports"), context);
    }
    let state = state::get().ok_or_else(|| JsNativeError::typ().with_message("no session"))?;
    let text = state
        .root
        .read_text(path)
        .map_err(|e| sandbox::path_error(&e, context))?;
    if path.ends_with(".json") {
        let parse = context
            .intrinsics()
            .objects()
            .json()
            .get(js_string!("parse"), context)?;
        let parse = parse
            .as_callable()
            .ok_or_else(|| JsNativeError::typ().with_message("JSON.parse is not callable"))?;
        let value = parse.call(
            &JsValue::undefined(),
            &[js_string!(text.as_str()).into()],
            context,
        )?;
        let module = JsObject::with_object_proto(context.intrinsics());
        module.set(js_string!("exports"), value.clone(), false, context)?;
        registry.set(key, module, false, context)?;
        return Ok(value);
    }
    if !path.ends_with(".cjs") && analysis::source_kind(&text) == analysis::SourceKind::Module {
        return Err(JsNativeError::typ()
            .with_message(format!(
                "cannot require `{path}`: it is an ES module; use `import` (or `await import()`)"
            ))
            .into());
    }
    if let Err(error) = analysis::check_nesting(&text, analysis::MAX_NESTING) {
        return Err(JsNativeError::syntax()
            .with_message(format!("{path}:{}:{}: {error}", error.line, error.column))
            .into());
    }
    let exports = JsObject::with_object_proto(context.intrinsics());
    let module = JsObject::with_object_proto(context.intrinsics());
    module.set(js_string!("exports"), exports.clone(), false, context)?;
    module.set(js_string!("id"), key.clone(), false, context)?;
    module.set(js_string!("filename"), key.clone(), false, context)?;
    module.set(js_string!("loaded"), false, false, context)?;
    // Registered before it runs: a cycle gets the partly filled exports.
    registry.set(key.clone(), module.clone(), false, context)?;
    let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let require = require_function(dir, registry, context);
    let ran = compile(&text, path, context).and_then(|function| {
        function.call(
            &exports.clone().into(),
            &[
                exports.into(),
                require.into(),
                module.clone().into(),
                key.clone().into(),
                js_string!(dir).into(),
            ],
            context,
        )
    });
    if let Err(error) = ran {
        // A later `require` tries again, as Node does for a module that threw.
        registry.delete_property_or_throw(key, context)?;
        return Err(error);
    }
    module.set(js_string!("loaded"), true, false, context)?;
    module.get(js_string!("exports"), context)
}

/// The function of Node's wrapper around the CommonJS file at `path` (see [`language::commonjs_module`]),
/// compiled without running anything: its frames name `path` and its functions print their own code.
fn compile(text: &str, path: &str, context: &mut Context) -> JsResult<JsObject> {
    let maps = SourceMaps::of(context)
        .ok_or_else(|| JsNativeError::typ().with_message("no record of what ran"))?;
    let code = language::commonjs_module(text, path, &maps);
    let source = Source::from_bytes(code.as_bytes()).with_path(Path::new(path));
    boa_engine::script::compile_function_expression(source, context).map_err(|error| {
        // boa's parse errors say where (`at line 2, col 13`) but not in which file.
        match error.as_native() {
            Some(native) if matches!(native.kind(), JsNativeErrorKind::Syntax) => {
                JsNativeError::syntax()
                    .with_message(format!("{path}: {}", native.message()))
                    .into()
            }
            _ => error,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_join_without_leaving_the_root() {
        assert_eq!(
            lexical_join("node_modules/a", "./b"),
            Some("node_modules/a/b".into())
        );
        assert_eq!(
            lexical_join("node_modules/a/lib", "../c.js"),
            Some("node_modules/a/c.js".into())
        );
        assert_eq!(lexical_join("", "./x/./y"), Some("x/y".into()));
        assert_eq!(lexical_join("a", "../../x"), None);
        assert_eq!(lexical_join("", "/etc/passwd"), None);
    }

    #[test]
    fn what_is_commonjs() {
        assert!(is_commonjs("lib/x.cjs", "export default 1"));
        assert!(is_commonjs("node_modules/p/i.js", "module.exports = 1"));
        assert!(!is_commonjs(
            "node_modules/p/i.js",
            "export const a = 1; // module.exports"
        ));
        assert!(!is_commonjs("lib/i.js", "module.exports = 1"));
    }
}
