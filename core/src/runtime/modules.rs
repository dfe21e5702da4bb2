//! ES module loading confined to the session root: relative specifiers resolve against the importing file,
//! the lexical result must stay in the root, symlinks are resolved and re-checked, JSON modules need
//! `with { type: "json" }`. Absurd nesting is refused before boa's parser sees it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use boa_engine::module::{ModuleLoader, ModuleRequest, Referrer, resolve_module_specifier};
use boa_engine::{Context, JsNativeError, JsResult, Module, Source, js_string};

use crate::analysis;

/// See the module docs.
pub struct RootModuleLoader {
    root: PathBuf,
    cache: RefCell<HashMap<(PathBuf, bool), Module>>,
}

impl RootModuleLoader {
    /// `root` must be canonical.
    pub fn new(root: PathBuf) -> Self {
        Self {
            root,
            cache: RefCell::default(),
        }
    }

    fn load(
        &self,
        referrer: Option<&Path>,
        request: &ModuleRequest,
        context: &mut Context,
    ) -> JsResult<Module> {
        let specifier = request.specifier().to_std_string_escaped();
        let referrer = referrer
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.root.join("<repl>"));
        let path = resolve_module_specifier(
            Some(&self.root),
            request.specifier(),
            Some(&referrer),
            context,
        )
        .map_err(|_| {
            JsNativeError::typ().with_message(format!(
                "cannot import `{specifier}`: it leaves the session root"
            ))
        })?;
        let resolved = path.canonicalize().map_err(|e| {
            JsNativeError::typ().with_message(format!("cannot import `{specifier}`: {e}"))
        })?;
        if !resolved.starts_with(&self.root) {
            return Err(JsNativeError::typ()
                .with_message(format!(
                    "cannot import `{specifier}`: it leaves the session root"
                ))
                .into());
        }
        let is_json = request
            .get_attribute("type")
            .is_some_and(|t| t == &js_string!("json"));
        if let Some(module) = self.cache.borrow().get(&(resolved.clone(), is_json)) {
            return Ok(module.clone());
        }
        let text = std::fs::read_to_string(&resolved).map_err(|e| {
            JsNativeError::typ().with_message(format!("cannot import `{specifier}`: {e}"))
        })?;
        if resolved.extension().is_some_and(|e| e == "json") && !is_json {
            return Err(JsNativeError::typ()
                .with_message(format!(
                    "module `{specifier}` needs an import attribute: with {{ type: \"json\" }}"
                ))
                .into());
        }
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
                .strip_prefix(&self.root)
                .unwrap_or(&resolved)
                .to_path_buf();
            let source = Source::from_bytes(text.as_bytes()).with_path(&display);
            Module::parse(source, None, context)?
        };
        self.cache
            .borrow_mut()
            .insert((resolved, is_json), module.clone());
        Ok(module)
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
