//! The session's global scope as REPL rewriting sees it: which names cells have declared as global lexical
//! bindings, and how any other name is bound right now (see [`crate::analysis::rewrite_repl_input_in`]).

use std::collections::{BTreeSet, HashSet};

use boa_engine::{Context, JsString, JsValue};

use super::introspect::{self, GlobalName};
use crate::analysis::{self, Diagnostic, GlobalBinding, ReplRewrite};

/// Names declared lexically by cells of this session (they are not global-object properties, so the
/// global object cannot list them), which of them are `const`, and the global names code run so far refers to.
#[derive(Debug, Default)]
pub struct GlobalScope {
    lexical: BTreeSet<String>,
    /// Names whose newest declaration by a cell is a top-level `const`.
    constants: HashSet<String>,
    referenced: HashSet<String>,
    /// The lexical names of the cell about to run (or running) that had no value before it: its new names
    /// and names an earlier cell left uninitialized, in the order its declarations run ([`Self::prepare`]).
    unset_before: Vec<String>,
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

    /// Makes ready for running `rewrite`: a name an earlier cell left uninitialized (see [`Self::finish`])
    /// that this cell declares again is given `undefined` first, as the cell's rewritten declaration assigns to
    /// it (for a new name, the `let` the rewrite hoists does the same).
    pub fn prepare(&mut self, rewrite: &ReplRewrite, context: &Context) {
        let realm = context.realm();
        self.unset_before.clear();
        for name in &rewrite.top_level_names {
            let key = JsString::from(name.as_str());
            let unset = rewrite.declared.contains(name)
                || (matches!(realm.global_lexical_binding(&key), Some(None))
                    && realm.set_global_lexical_binding(&key, Some(JsValue::undefined())));
            if unset {
                self.unset_before.push(name.clone());
            }
        }
    }

    /// After the cell [`Self::prepare`] readied has run (`threw`: it failed, its imports included). When it
    /// threw, the names whose declarations did not run are left uninitialized, as a declaration whose
    /// initializer throws leaves its binding: reading one is a `ReferenceError` (`x is not defined`, as Node's
    /// REPL says), not `undefined`, until a cell declares it again. The rewrite declares them all before the
    /// cell's code, so which declarations ran is told from the values: the top level runs in order, and the
    /// names that had no value before the cell are undeclared from the last one back while they are still
    /// `undefined` (a declaration whose initializer gave `undefined` before a later statement threw counts as
    /// not run).
    pub fn finish(&mut self, threw: bool, context: &Context) {
        let unset_before = std::mem::take(&mut self.unset_before);
        if !threw {
            return;
        }
        let realm = context.realm();
        for name in unset_before.iter().rev() {
            let key = JsString::from(name.as_str());
            match realm.global_lexical_binding(&key) {
                Some(Some(value)) if value.is_undefined() => {
                    realm.set_global_lexical_binding(&key, None);
                }
                Some(Some(_)) => break,
                Some(None) | None => {}
            }
        }
    }

    /// Records the names a rewritten cell declared. `completed` says the script ran without throwing; a
    /// cell that threw may have failed before declaring anything (a clash found at instantiation), so its
    /// names are checked one by one (a name whose initializer threw is declared, uninitialized).
    pub fn record(&mut self, rewrite: &ReplRewrite, completed: bool, context: &mut Context) {
        for name in &rewrite.declared {
            if completed || introspect::global_name(name, context) == GlobalName::Lexical {
                self.lexical.insert(name.clone());
            }
        }
        for name in &rewrite.redeclared {
            self.constants.remove(name);
        }
        for name in &rewrite.constants {
            if completed || introspect::global_name(name, context) != GlobalName::Absent {
                self.constants.insert(name.clone());
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
        if self.constants.contains(name) {
            return GlobalBinding::Constant;
        }
        if self.lexical.contains(name) {
            return GlobalBinding::Lexical;
        }
        match introspect::global_name(name, context) {
            GlobalName::Property => GlobalBinding::Property,
            // Declared by a startup file or a run-file script rather than by a cell.
            GlobalName::Lexical => GlobalBinding::Lexical,
            // A new `let` shadows an inherited property, as in a script.
            GlobalName::Absent if self.referenced.contains(name) => GlobalBinding::Referenced,
            GlobalName::Absent => GlobalBinding::Unknown,
        }
    }
}

/// End-to-end: rewritten cells evaluated in sequence in one boa `Context`.
#[cfg(test)]
mod tests {
    use super::GlobalScope;
    use boa_engine::builtins::promise::PromiseState;
    use boa_engine::object::builtins::JsPromise;
    use boa_engine::{Context, JsValue, Source};

    /// A boa `Context` and its cells' scope, as the worker's engine keeps them.
    #[derive(Default)]
    struct Repl {
        context: Context,
        scope: GlobalScope,
    }

    fn run(repl: &mut Repl, cell: &str) -> Result<JsValue, String> {
        let ctx = &mut repl.context;
        let r = repl
            .scope
            .rewrite(cell, ctx)
            .map_err(|e| format!("{e:?}"))?;
        repl.scope.prepare(&r, ctx);
        let value = ctx.eval(Source::from_bytes(&r.code));
        repl.scope.record(&r, value.is_ok(), ctx);
        let value = value.map_err(|e| {
            repl.scope.finish(true, ctx);
            e.to_string()
        })?;
        if !r.is_async {
            repl.scope.finish(false, ctx);
            return Ok(value);
        }
        let object = value
            .as_object()
            .ok_or("async cell did not yield an object")?;
        let promise = JsPromise::from_object(object).map_err(|e| e.to_string())?;
        ctx.run_jobs().map_err(|e| e.to_string())?;
        match promise.state() {
            PromiseState::Fulfilled(boxed) => match boxed.as_object() {
                Some(array) => array.get(0, ctx).map_err(|e| e.to_string()),
                None => Ok(boxed),
            },
            PromiseState::Rejected(e) => {
                repl.scope.finish(true, &repl.context);
                Err(e.display().to_string())
            }
            PromiseState::Pending => Err("pending".to_string()),
        }
    }

    fn num(ctx: &mut Repl, cell: &str) -> f64 {
        match run(ctx, cell) {
            Ok(v) => v.as_number().unwrap_or(f64::NAN),
            Err(e) => panic!("{cell:?} failed: {e}"),
        }
    }

    #[test]
    fn cells_share_one_context() {
        let ctx = &mut Repl::default();
        // Redeclaration across cells.
        assert!(run(ctx, "let x = 1").is_ok());
        assert_eq!(num(ctx, "let x = 2; x"), 2.0);
        assert_eq!(num(ctx, "const x = 3; x"), 3.0);
        // A throwing initializer does not leave the name in the TDZ.
        assert!(run(ctx, "let y = (() => { throw 1 })()").is_err());
        assert_eq!(num(ctx, "let y = 5; y"), 5.0);
        // Classes can be redefined.
        assert!(run(ctx, "class P { v() { return 7 } }").is_ok());
        assert_eq!(num(ctx, "class P { v() { return 8 } }; new P().v()"), 8.0);
        // Nested scopes are untouched.
        assert_eq!(
            num(ctx, "{ let x = 100 }\nfor (let i = 0; i < 3; i++) {}\nx"),
            3.0
        );
    }

    #[test]
    fn lexical_and_var_declarations_of_one_name_mix_across_cells() {
        let ctx = &mut Repl::default();
        assert_eq!(num(ctx, "var m = 1; m"), 1.0);
        assert_eq!(num(ctx, "let m = 2; m"), 2.0);
        assert_eq!(num(ctx, "let n = 1; n"), 1.0);
        assert_eq!(num(ctx, "var n = 5; n"), 5.0);
        assert_eq!(num(ctx, "function n() { return 7 }\nn()"), 7.0);
        assert_eq!(num(ctx, "class n { static v() { return 8 } }\nn.v()"), 8.0);
        // Lexical names are not global-object properties (as in a script).
        assert!(run(ctx, "let lx = 1").unwrap().is_undefined());
        assert!(run(ctx, "globalThis.lx").unwrap().is_undefined());
        // Functions of earlier cells see later (re)declarations.
        assert!(run(ctx, "function getG() { return g }").is_ok());
        assert_eq!(num(ctx, "let g = 1; getG()"), 1.0);
        assert_eq!(num(ctx, "const g = 2; getG()"), 2.0);
        // A throwing initializer leaves the names whose declarations did not run undeclared, yet declarable.
        assert!(run(ctx, "let t1 = 1, t2 = (() => { throw 1 })(), t3 = 3").is_err());
        assert_eq!(num(ctx, "t1"), 1.0);
        not_defined(ctx, "t2", "t2");
        assert_eq!(num(ctx, "let t3 = 30; t3"), 30.0);
        // A name declared lexically by a script that was not a cell (a startup file).
        ctx.context
            .eval(Source::from_bytes("let fromStartup = 1"))
            .unwrap();
        assert_eq!(num(ctx, "let fromStartup = 2; fromStartup"), 2.0);
        // A script's lexical binding beside a global property of its name: cells see (and declare again) the
        // binding, which shadows the property.
        assert!(run(ctx, "globalThis.both = 1").is_ok());
        ctx.context
            .eval(Source::from_bytes("let both = 2"))
            .unwrap();
        assert_eq!(num(ctx, "both"), 2.0);
        assert_eq!(num(ctx, "let both = 3; both"), 3.0);
        assert_eq!(num(ctx, "var both = 4; both"), 4.0);
        assert_eq!(num(ctx, "globalThis.both"), 1.0);
        // Declarations have no value, even after an expression.
        assert!(run(ctx, "1; let z9 = 2").unwrap().is_undefined());
    }

    /// `cell` fails with a `ReferenceError` naming `name` (boa's words: the engine words them as Node does,
    /// see `node_messages`).
    fn not_defined(repl: &mut Repl, cell: &str, name: &str) {
        match run(repl, cell) {
            Err(e) => assert!(
                e.starts_with(&format!("ReferenceError: {name} is not defined"))
                    || e.starts_with(&format!(
                        "ReferenceError: cannot assign to uninitialized binding `{name}`"
                    )),
                "{cell:?}: {e}"
            ),
            Ok(v) => panic!("{cell:?} gave {}", v.display()),
        }
    }

    #[test]
    fn a_name_whose_declaration_threw_is_not_defined_until_declared_again() {
        let ctx = &mut Repl::default();
        assert!(run(ctx, "let a = (() => { throw new Error('x') })()").is_err());
        assert!(run(ctx, "function readA() { return a }").is_ok());
        // Read, written, `typeof`, from a function of an earlier cell: as in Node's REPL.
        for cell in ["a", "a = 2", "typeof a", "a++", "readA()", "[a] = [1]"] {
            not_defined(ctx, cell, "a");
        }
        // Declaring it again works, by any kind of declaration, and functions see the new value.
        assert_eq!(num(ctx, "let a = 5; readA()"), 5.0);
        for (declaration, name) in [
            ("const c1 = JSON.parse('{')", "c1"),
            ("class K1 extends (() => { throw 1 })() {}", "K1"),
            ("let {d1} = null", "d1"),
        ] {
            assert!(run(ctx, declaration).is_err(), "{declaration}");
            not_defined(ctx, name, name);
        }
        assert_eq!(num(ctx, "const c1 = 1; c1"), 1.0);
        assert_eq!(num(ctx, "class K1 { static v = 2 }; K1.v"), 2.0);
        assert_eq!(num(ctx, "var d1 = 3; d1"), 3.0);
        assert!(run(ctx, "let e1 = (() => { throw 1 })()").is_err());
        assert_eq!(num(ctx, "function e1() { return 4 }\ne1()"), 4.0);
        // Trying again and failing again leaves it undeclared again; names before the failure are declared,
        // names after it are not.
        assert!(
            run(
                ctx,
                "let r1; let r2 = 2; let r3 = (() => { throw 1 })(); let r4 = 4"
            )
            .is_err()
        );
        assert!(run(ctx, "r1").unwrap().is_undefined());
        assert_eq!(num(ctx, "r2"), 2.0);
        not_defined(ctx, "r3", "r3");
        not_defined(ctx, "r4", "r4");
        assert!(run(ctx, "let r3 = (() => { throw 1 })()").is_err());
        not_defined(ctx, "r3", "r3");
        // Async cells too: a rejected `await` in an initializer.
        assert!(
            run(
                ctx,
                "let w1 = 1, w2 = await Promise.reject(new Error('no'))"
            )
            .is_err()
        );
        assert_eq!(num(ctx, "w1"), 1.0);
        not_defined(ctx, "w2", "w2");
        assert_eq!(num(ctx, "let w2 = await 7; w2"), 7.0);
        // A name declared before, whose new declaration threw, keeps its value (the declaration assigns).
        assert!(run(ctx, "let a = (() => { throw 1 })()").is_err());
        assert_eq!(num(ctx, "a"), 5.0);
    }

    fn type_error(repl: &mut Repl, cell: &str) {
        match run(repl, cell) {
            Err(e) => assert!(
                e.contains("TypeError") && e.contains("Assignment to constant variable."),
                "{cell:?}: {e}"
            ),
            Ok(v) => panic!("{cell:?} assigned to a const: {}", v.display()),
        }
    }

    #[test]
    fn assigning_to_a_top_level_const_throws_in_its_cell_and_in_later_ones() {
        let ctx = &mut Repl::default();
        // In its own cell, as in Node, Deno and Chrome.
        type_error(ctx, "const k = 1; k = 2;");
        assert_eq!(num(ctx, "k"), 1.0);
        // In later cells, through every kind of assignment target.
        for cell in [
            "k = 3",
            "k++",
            "--k",
            "k += 1",
            "k ??= 1; k ||= 1; k &&= 5",
            "[k] = [4]",
            "({k} = {k: 4})",
            "({k = 4} = {})",
            "({a: k} = {a: 4})",
            "for (k of [4]) {}",
            "for (k in {x: 1}) {}",
            "function bump() { k = 4 }\nbump()",
        ] {
            type_error(ctx, cell);
            assert_eq!(num(ctx, "k"), 1.0, "{cell}");
        }
        // A function of the const's own cell too; reading is fine, shadowing names are not the const.
        type_error(ctx, "const c2 = 1; function set2() { c2 = 2 }; set2()");
        assert_eq!(num(ctx, "c2"), 1.0);
        assert_eq!(num(ctx, "k + 1"), 2.0);
        assert_eq!(num(ctx, "{ let k = 5; k = 6; k }"), 6.0);
        assert_eq!(num(ctx, "(function (k) { k = 7; return k })(0)"), 7.0);
        // Async cells.
        type_error(ctx, "const ak = await 1; ak = 2");
        type_error(ctx, "await 0; k = 2");
        assert_eq!(num(ctx, "ak"), 1.0);
        // A new declaration replaces the const (the REPL rule), and a `let` may then be assigned.
        assert_eq!(num(ctx, "const k = 10; k"), 10.0);
        type_error(ctx, "k = 11");
        assert_eq!(num(ctx, "let k = 12; k = 13; k"), 13.0);
        assert_eq!(num(ctx, "k = 14; k"), 14.0);
        assert_eq!(num(ctx, "var ak = 4; ak = 5; ak"), 5.0);
        // A const whose initializer threw is still a const (Node's REPL: assigning to it is the `TypeError`,
        // reading it `bad is not defined`).
        assert!(run(ctx, "const bad = (() => { throw 1 })()").is_err());
        type_error(ctx, "bad = 1");
    }

    #[test]
    fn rewriting_never_runs_an_inherited_getter() {
        let ctx = &mut Repl::default();
        assert!(
            run(
                ctx,
                "var hits = 0; Object.defineProperty(Object.prototype, 'trap', \
                 { get() { hits++; return 1 }, configurable: true })"
            )
            .is_ok()
        );
        // A lexical binding shadows the inherited getter, as in a script.
        assert_eq!(num(ctx, "let trap = 2; trap"), 2.0);
        assert_eq!(num(ctx, "let trap = 3; trap"), 3.0);
        // Also after a cell whose initializer threw.
        assert!(run(ctx, "let trap2 = 1, trap = (() => { throw 1 })()").is_err());
        assert!(run(ctx, "let valueOf = (() => { throw 1 })()").is_err());
        assert_eq!(num(ctx, "let valueOf = 4; valueOf"), 4.0);
        assert_eq!(num(ctx, "hits"), 0.0);
    }

    #[test]
    fn await_cells_define_globals() {
        let ctx = &mut Repl::default();
        assert!(run(ctx, "const z = await Promise.resolve(3)").is_ok());
        assert_eq!(num(ctx, "z"), 3.0);
        assert_eq!(num(ctx, "await Promise.resolve(41) + 1"), 42.0);
        assert!(
            run(
                ctx,
                "function sq(n) { return n * n }\nclass K { k() { return 9 } }\nawait 0"
            )
            .is_ok()
        );
        assert_eq!(num(ctx, "sq(4) + new K().k()"), 25.0);
        assert!(
            run(
                ctx,
                "const {a, b: [c]} = await Promise.resolve({a: 1, b: [2]})"
            )
            .is_ok()
        );
        assert_eq!(num(ctx, "a + c"), 3.0);
        assert!(run(ctx, "let w = await Promise.reject(new Error('no'))").is_err());
        assert_eq!(num(ctx, "let w = await 2; w"), 2.0);
        // Sync and async cells mix: `z` can be redeclared synchronously.
        assert_eq!(num(ctx, "let z = 10; z + w"), 12.0);
        assert_eq!(
            num(ctx, "let u, v = await 1; typeof u === 'undefined' ? v : 0"),
            1.0
        );
    }
}
