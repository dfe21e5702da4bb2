//! The session's global scope as REPL rewriting sees it: which names cells have declared as global lexical
//! bindings, and how any other name is bound right now (see [`crate::analysis::rewrite_repl_input_in`]).

use std::collections::{BTreeSet, HashSet};

use boa_engine::Context;

use super::introspect::{self, GlobalName};
use crate::analysis::{self, Diagnostic, GlobalBinding, ReplRewrite};

/// Names declared lexically by cells of this session (they are not global-object properties, so the
/// global object cannot list them), and the global names code run so far refers to.
#[derive(Debug, Default)]
pub struct GlobalScope {
    lexical: BTreeSet<String>,
    referenced: HashSet<String>,
}

impl GlobalScope {
    /// Rewrites a cell against the bindings that exist in `context` now.
    pub fn rewrite(
        &self,
        src: &str,
        context: &mut Context,
    ) -> Result<ReplRewrite, Vec<Diagnostic>> {
        analysis::rewrite_repl_input_in(src, &mut |name| self.binding(name, context))
    }

    /// Records the names a rewritten cell declared. `completed` says the script ran without throwing; a
    /// cell that threw may have failed before declaring anything (a clash found at instantiation), so its
    /// names are checked one by one — a name that cannot be checked without running user code (it is also
    /// inherited by the global object) counts as declared, since its `let` runs first.
    pub fn record(&mut self, rewrite: &ReplRewrite, completed: bool, context: &mut Context) {
        for name in &rewrite.declared {
            if completed
                || matches!(
                    introspect::global_name(name, context),
                    GlobalName::Lexical | GlobalName::Unsure
                )
            {
                self.lexical.insert(name.clone());
            }
        }
        self.referenced.extend(rewrite.free_names.iter().cloned());
    }

    /// Records the global names a script or module run in this session (a startup file, a library, a run
    /// file) refers to ([`analysis::FileFacts::free_names`]).
    pub fn record_references(&mut self, free_names: Vec<String>) {
        self.referenced.extend(free_names);
    }

    /// The lexical names, sorted.
    pub fn lexical_names(&self) -> impl Iterator<Item = &str> {
        self.lexical.iter().map(String::as_str)
    }

    /// How many lexical names there are (they are only ever added).
    pub fn len(&self) -> usize {
        self.lexical.len()
    }

    fn binding(&self, name: &str, context: &mut Context) -> GlobalBinding {
        if self.lexical.contains(name) {
            return GlobalBinding::Lexical;
        }
        match introspect::global_name(name, context) {
            GlobalName::Property => GlobalBinding::Property,
            // Declared by a startup file or a run-file script rather than by a cell.
            GlobalName::Lexical => GlobalBinding::Lexical,
            // A new `let` shadows an inherited property, as in a script.
            GlobalName::Absent | GlobalName::Unsure if self.referenced.contains(name) => {
                GlobalBinding::Referenced
            }
            GlobalName::Absent | GlobalName::Unsure => GlobalBinding::Unknown,
        }
    }
}
