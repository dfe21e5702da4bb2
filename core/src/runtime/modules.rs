//! ES module loading confined to the session root: relative specifiers resolve against the importing file
//! (lexically, by boa), and the result is opened beneath the root's directory handle ([`Root`]), so no symlink
//! or `..` can lead an import out of it. A specifier without an extension (`./User`, `./lib`) also finds
//! `User.ts`/`User.js`/`User.mjs` and `lib/index.ts`/`index.js`/`index.mjs`, and a missing `./util.js` is
//! `./util.ts` (TypeScript's convention for ES modules), as bundlers and TypeScript resolve them.
//! Bare specifiers (`d3-array`, `#internal`) are packages of the root's `node_modules` ([`packages`]), opened
//! the same way; a CommonJS file (`.cjs`, or a CommonJS `.js` in `node_modules`) is run by [`commonjs`] and
//! imported as a module whose `default` is its `module.exports`.
//! TypeScript modules (`.ts`, `.mts`, `.cts`) have their types stripped ([`analysis::strip_types`]) and their
//! source maps recorded ([`SourceMaps`]). Modules are cached by the path the kernel gives the opened file (a
//! module reached through two links is one module). JSON modules need `with { type: "json" }`. Absurd nesting
//! is refused before boa's parser sees it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use boa_engine::module::{ModuleLoader, ModuleRequest, Referrer, resolve_module_specifier};
use boa_engine::{
    Context, JsError, JsNativeError, JsObject, JsResult, JsString, Module, Source, js_string,
};

use super::display::{self, TSLAB};
use super::source_maps::SourceMaps;
use super::{commonjs, node, packages, sandbox};
use crate::analysis;
use crate::paths::{PathError, Root, RootFile};

/// See the module docs.
pub struct RootModuleLoader {
    root: Rc<Root>,
    source_maps: Rc<SourceMaps>,
    /// The CommonJS modules loaded so far ([`commonjs`]), shared with every `require`.
    commonjs: JsObject,
    cache: RefCell<HashMap<(PathBuf, bool), Module>>,
}

impl RootModuleLoader {
    /// Opens `relative` beneath the root; when it names no file and has no extension, `relative.js`,
    /// `relative.mjs`, then `relative/index.js`, `relative/index.mjs` (each opened beneath the root too). The
    /// error is the one for `relative` itself.
    fn open_with_fallbacks(&self, relative: &str) -> Result<RootFile, PathError> {
        let error = match self.root.open_file(relative) {
            Ok(file) => return Ok(file),
            Err(error) => error,
        };
        let missing_or_directory =
            matches!(error, PathError::NotFound { .. }) || error.is_directory();
        if !missing_or_directory {
            return Err(error);
        }
        let candidates = analysis::module_candidates(relative);
        for candidate in candidates {
            match self.root.open_file(&candidate) {
                Ok(file) => return Ok(file),
                // A candidate that leaves the root is refused as loudly as the specifier itself would be.
                Err(refused) if refused.is_permission_denied() => return Err(refused),
                Err(_) => {}
            }
        }
        Err(error)
    }

    /// A loader for modules beneath `root` (and the one built-in module, `"tslab"`); the maps of the
    /// TypeScript modules it strips go to `source_maps`.
    pub fn new(root: Rc<Root>, source_maps: Rc<SourceMaps>) -> Self {
        Self {
            root,
            source_maps,
            commonjs: commonjs::new_registry(),
            cache: RefCell::default(),
        }
    }

    /// The registry of CommonJS modules, for the global `require`.
    pub fn commonjs_registry(&self) -> &JsObject {
        &self.commonjs
    }

    fn load(
        &self,
        referrer: Option<&Path>,
        request: &ModuleRequest,
        context: &mut Context,
    ) -> JsResult<Module> {
        let specifier = request.specifier().to_std_string_escaped();
        if specifier == TSLAB {
            return tslab_module(context);
        }
        let root = self.root.path();
        let referrer = referrer
            .map(Path::to_path_buf)
            .unwrap_or_else(|| root.join("<repl>"));
        let leaves = |context: &mut Context| -> JsError {
            sandbox::permission_denied(
                format!("cannot import `{specifier}`: it leaves the session root"),
                context,
            )
        };
        let bare = packages::is_bare(&specifier);
        if bare {
            match node::builtin(&specifier) {
                node::Builtin::Provided(key) => {
                    // One module per built-in, however it is named (`path`, `node:path`).
                    let cached = (PathBuf::from(format!("node:{key}")), false);
                    if let Some(module) = self.cache.borrow().get(&cached) {
                        return Ok(module.clone());
                    }
                    let module = node::module(key, context)?;
                    self.cache.borrow_mut().insert(cached, module.clone());
                    return Ok(module);
                }
                node::Builtin::Refused(name) => return Err(node::refused(name, context)),
                node::Builtin::No => {}
            }
        }
        let relative = if bare {
            // The importing file's folder, root-relative (modules carry root-relative paths; cells the root's).
            let from = referrer.strip_prefix(root).unwrap_or(&referrer);
            let from_dir = from.parent().and_then(Path::to_str).unwrap_or_default();
            let read = |path: &str| self.root.read_text(path).ok();
            packages::resolve(&specifier, from_dir, packages::Kind::Import, &read).map_err(
                |reason| {
                    JsError::from(
                        JsNativeError::typ()
                            .with_message(format!("cannot import `{specifier}`: {reason}")),
                    )
                },
            )?
        } else {
            let Ok(path) =
                resolve_module_specifier(Some(root), request.specifier(), Some(&referrer), context)
            else {
                return Err(leaves(context));
            };
            let Some(relative) = path.strip_prefix(root).ok().and_then(Path::to_str) else {
                return Err(leaves(context));
            };
            relative.to_owned()
        };
        let file = self.open_with_fallbacks(&relative).map_err(|e| {
            if e.is_permission_denied() {
                return leaves(context);
            }
            // The specifier already names the file (a package's file is named too); the root's path would make
            // outputs differ per machine.
            let reason = match e {
                PathError::NotFound { .. } => {
                    std::io::Error::from_raw_os_error(libc::ENOENT).to_string()
                }
                other => other.to_string(),
            };
            let reason = if bare {
                format!("`{relative}`: {reason}")
            } else {
                reason
            };
            JsNativeError::typ()
                .with_message(format!("cannot import `{specifier}`: {reason}"))
                .into()
        })?;
        let is_json = request
            .get_attribute("type")
            .is_some_and(|t| t == &js_string!("json"));
        let resolved = file.path().to_path_buf();
        if let Some(module) = self.cache.borrow().get(&(resolved.clone(), is_json)) {
            return Ok(module.clone());
        }
        if resolved.extension().is_some_and(|e| e == "json") && !is_json {
            return Err(JsNativeError::typ()
                .with_message(format!(
                    "module `{specifier}` needs an import attribute: with {{ type: \"json\" }}"
                ))
                .into());
        }
        let text = file.read_text().map_err(|e| {
            JsNativeError::typ().with_message(format!("cannot import `{specifier}`: {e}"))
        })?;
        let module = if is_json {
            Module::parse_json(js_string!(text.as_str()), context)?
        } else {
            if let Err(e) = analysis::check_nesting(&text, analysis::MAX_NESTING) {
                return Err(JsNativeError::syntax()
                    .with_message(format!("{specifier}:{}:{}: {e}", e.line, e.column))
                    .into());
            }
            // Relative paths keep stack frames short (`lib/a.js:3:5`) and resolve the same way.
            let display = resolved
                .strip_prefix(root)
                .unwrap_or(&resolved)
                .to_path_buf();
            let name = display.to_string_lossy();
            if commonjs::is_commonjs(&name, &text) {
                let module = commonjs::synthetic_module(&name, &text, &self.commonjs, context);
                self.cache
                    .borrow_mut()
                    .insert((resolved, is_json), module.clone());
                return Ok(module);
            }
            let text = self.strip_if_typescript(text, &display, &specifier)?;
            // Before the module runs, as for cells (see `lazy`).
            super::lazy::install_mentioned(&text, &super::preludes::PRELUDES, context);
            let source = Source::from_bytes(text.as_bytes()).with_path(&display);
            Module::parse(source, None, context)?
        };
        self.cache
            .borrow_mut()
            .insert((resolved, is_json), module.clone());
        Ok(module)
    }
}

impl RootModuleLoader {
    /// The JavaScript of a module at `display`: its text, or for TypeScript the text with its types stripped
    /// (the source map recorded under `display`, the name its stack frames carry).
    fn strip_if_typescript(
        &self,
        text: String,
        display: &Path,
        specifier: &str,
    ) -> JsResult<String> {
        let name = display.to_string_lossy();
        // JavaScript comes back borrowed: the text itself runs, not a copy of it.
        let printed = match super::language::file(&text, &name, &self.source_maps) {
            Ok(Cow::Borrowed(_)) => None,
            Ok(Cow::Owned(code)) => Some(code),
            Err(errors) => {
                let first = errors.first();
                let (line, column) = first.map_or((1, 1), |e| (e.line, e.column));
                let message = first.map_or("invalid TypeScript", |e| e.message.as_str());
                return Err(JsNativeError::syntax()
                    .with_message(format!("{specifier}:{line}:{column}: {message}"))
                    .into());
            }
        };
        Ok(printed.unwrap_or(text))
    }
}

impl ModuleLoader for RootModuleLoader {
    async fn load_imported_module(
        self: Rc<Self>,
        referrer: Referrer,
        request: ModuleRequest,
        context: &RefCell<&mut Context>,
    ) -> JsResult<Module> {
        let referrer_path = referrer.path().map(Path::to_path_buf);
        self.load(
            referrer_path.as_deref(),
            &request,
            &mut context.borrow_mut(),
        )
    }
}

/// The `"tslab"` module ([`display::tslab`]): its `display`, `newDisplay` and `versions`, and a default export
/// holding them.
fn tslab_module(context: &mut Context) -> JsResult<Module> {
    let tslab = display::tslab(context)?;
    let names = vec![
        js_string!("display"),
        js_string!("newDisplay"),
        js_string!("versions"),
    ];
    let mut exports = names.clone();
    exports.push(js_string!("default"));
    Ok(Module::synthetic(
        &exports,
        boa_engine::module::SyntheticModuleInitializer::from_copy_closure_with_captures(
            |module, (tslab, names): &(JsObject, Vec<JsString>), context| {
                super::object_module::set_exports(module, &tslab.clone().into(), names, context)
            },
            (tslab, names),
        ),
        Some(PathBuf::from(TSLAB)),
        None,
        context,
    ))
}
