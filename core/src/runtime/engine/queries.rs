//! What editors and notebooks ask a session without running code: whether a text parses, the global names,
//! and the property names and description of the value at a property path.

use boa_engine::ast::scope::Scope;
use boa_engine::parser::Parser;
use boa_engine::{JsError, Module, Source};

use super::Engine;
use crate::analysis;
use crate::model::Description;
use crate::protocol::CheckError;
use crate::runtime::preludes::PRELUDES;
use crate::runtime::{errors, introspect, lazy, node};

impl Engine {
    /// Parses `source` with boa (no evaluation) and returns what boa rejects (empty if it accepts the text).
    pub fn check(&mut self, source: &str, module: bool) -> Vec<CheckError> {
        if let Err(e) = analysis::check_nesting(source, analysis::MAX_NESTING) {
            return vec![CheckError {
                message: e.message(),
                line: Some(e.line),
                column: Some(e.column),
            }];
        }
        let text = Source::from_bytes(source.as_bytes());
        let parsed = if module {
            Module::parse(text, None, &mut self.context).map(|_| ())
        } else {
            // Not `Script::parse`: its scope analysis declares the script's top-level `let`/`const`/`class` in
            // the realm's global scope, so checking a text a second time reported `duplicate lexical
            // declaration`. A fresh global scope per check, as boa's `JSON.parse` does.
            Parser::new(text)
                .parse_script(&Scope::new_global(), self.context.interner_mut())
                .map(|_| ())
                .map_err(JsError::from)
        };
        match parsed {
            Ok(()) => Vec::new(),
            Err(error) => vec![errors::check_error(&error.to_string())],
        }
    }

    /// Global names (for completion): the global object's properties and the cells' lexical names.
    pub fn global_names(&mut self) -> Vec<String> {
        let mut names = introspect::global_names(&mut self.context);
        self.add_lexical_names(&mut names);
        names
    }

    /// Adds the cells' global lexical names to sorted `names` (keeping them sorted, without duplicates).
    fn add_lexical_names(&self, names: &mut Vec<String>) {
        names.extend(self.scope.lexical_names().map(str::to_owned));
        names.sort_unstable();
        names.dedup();
    }

    /// The global names if they changed since the last call (the first call always reports them). Compares
    /// the global object's keys (shared strings) first, so an unchanged set costs no string conversion.
    pub(crate) fn names_if_changed(&mut self) -> Option<Vec<String>> {
        let keys = introspect::global_keys(&mut self.context);
        let lexical = self.scope.len();
        if self
            .keys_sent
            .as_ref()
            .is_some_and(|(sent, n)| *sent == keys && *n == lexical)
        {
            return None;
        }
        let mut names = introspect::names_of_keys(&keys);
        self.add_lexical_names(&mut names);
        self.keys_sent = Some((keys, lexical));
        if self.names_sent.as_ref() == Some(&names) {
            return None; // same set, another order
        }
        self.names_sent = Some(names.clone());
        Some(names)
    }

    /// Property names of the value at a property path (see [`introspect::property_names`]).
    pub fn property_names(&mut self, expression: &str) -> Vec<String> {
        self.install_preludes_for(expression);
        introspect::property_names(expression, &mut self.context)
    }

    /// Description of the value at a property path (see [`introspect::describe`]).
    pub fn describe(&mut self, expression: &str, detail: u8) -> Option<Description> {
        self.install_preludes_for(expression);
        introspect::describe(
            expression,
            detail,
            self.function_to_string.as_ref(),
            &mut self.context,
        )
    }

    /// Introspection reads no getters, so it would see nothing behind a lazy global: an expression that starts
    /// with one installs its prelude (or builds its Node module) first.
    fn install_preludes_for(&mut self, expression: &str) {
        let Some(path) = analysis::parse_property_path(expression) else {
            return; // introspection answers nothing for it anyway
        };
        lazy::install_for(&path.root, &PRELUDES, &mut self.context);
        node::install_global(&path.root, &mut self.context);
    }
}
