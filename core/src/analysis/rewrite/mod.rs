//! REPL cell rewriting: re-declarable globals, top-level `await`, `import`.
//!
//! Each cell is evaluated by boa as a separate Script in one persistent
//! `Context`. The rewrite edits the original text by spans (the AST is never
//! re-printed) and never adds or removes line breaks, so engine line numbers
//! stay valid; columns are mapped back with
//! [`ReplRewrite::original_position`].

mod edits;
mod imports;

use oxc_allocator::Allocator;
use oxc_ast::ast::{Statement, VariableDeclaration, VariableDeclarationKind};
use oxc_span::GetSpan;

use super::caught::inserts_for;
use super::source_kind::{
    Parsed, Writes, analyze, binding_names, import_local_name, nesting_diagnostic,
};
use super::{Diagnostic, MAX_NESTING, check_nesting, line_col, offset_of};
use edits::Edits;
use imports::{import_text, preload_text};

/// A REPL cell rewritten for evaluation as a script in a persistent context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplRewrite {
    /// The code to evaluate.
    pub code: String,
    /// `true` when `code` is an async IIFE: evaluating it yields a promise
    /// that resolves to an array of one element, the cell's value (its last
    /// expression statement), or to `undefined` when it has none.
    pub is_async: bool,
    /// Names the cell declares as new global lexical bindings (`let` at its start), in order.
    pub declared: Vec<String>,
    /// Global names the cell refers to without declaring them, sorted (see [`GlobalBinding::Referenced`]).
    pub free_names: Vec<String>,
    /// Names the cell declares with a top-level `const` (assigning to them later throws), in order.
    pub constants: Vec<String>,
    /// Names the cell declares at top level in any other way (`let`, `var`, function, class, import): a
    /// `const` of an earlier cell by that name is one no longer.
    pub redeclared: Vec<String>,
    /// Every name the cell's top-level declarations bind (of [`ReplRewrite::constants`] and
    /// [`ReplRewrite::redeclared`]), in the order the declarations run.
    pub top_level_names: Vec<String>,
    /// For a cell with static imports: a script to run (and settle) before [`ReplRewrite::code`] that loads
    /// every imported module and checks that the imported names exist, as a module's linking does. When it
    /// fails, the cell fails without declaring anything (the names stay undeclared, not `undefined`). It keeps
    /// the cell's lines: an error in it is on the line of its import.
    pub preload: Option<String>,
    original: String,
    edits: Vec<AppliedEdit>,
}

/// One edit, with its range in the original and in the rewritten text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AppliedEdit {
    orig_start: usize,
    orig_end: usize,
    new_start: usize,
    new_end: usize,
}

impl ReplRewrite {
    /// Maps a 1-based (line, column-in-chars) position in [`ReplRewrite::code`]
    /// back to the original cell text.
    ///
    /// Positions inside inserted or replaced text map to the start of the
    /// original range that was edited; positions past the end map to the end.
    pub fn original_position(&self, line: u32, column: u32) -> (u32, u32) {
        let offset = offset_of(&self.code, line, column);
        let mut orig = offset;
        for edit in &self.edits {
            if offset < edit.new_start {
                break;
            }
            if offset < edit.new_end {
                return line_col(&self.original, edit.orig_start);
            }
            orig = (offset - edit.new_end) + edit.orig_end;
        }
        line_col(&self.original, orig)
    }

    /// The original cell text.
    pub fn original(&self) -> &str {
        &self.original
    }
}

/// How a name already exists in the session's global scope, as far as cell rewriting cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalBinding {
    /// Not declared yet: a `let`/`const`/`class` of the cell declares it (lexically).
    Unknown,
    /// Not declared yet, but code compiled earlier in the session refers to it. boa resolves such a
    /// reference to the global *object* when it compiles it and never looks at global lexical bindings
    /// declared later, so the cell declares it as a `var` (a property) for that code to see it.
    Referenced,
    /// A global lexical binding an earlier cell declared: a new declaration assigns to it.
    Lexical,
    /// A global lexical binding an earlier cell declared with `const`: assigning to it throws
    /// `TypeError: Assignment to constant variable.` (as in Node, Deno and Chrome), a new declaration replaces it.
    Constant,
    /// A property of the global object (`var`, functions, built-ins): a new declaration assigns to it.
    Property,
}

impl GlobalBinding {
    /// A global lexical binding (`let`, `const`, `class`) declared before this cell.
    fn is_lexical(self) -> bool {
        matches!(self, Self::Lexical | Self::Constant)
    }
}

/// What assigning to a `const` becomes: a property whose setter throws what assigning to a `const` throws,
/// and whose getter reads the name (so `k++` and `k += 1` read first, as they do). A member expression is a
/// valid target wherever the name was: `=`, compound assignment, `++`, destructuring, `for (… of …)` heads.
/// The accessors are named [`INTERNAL_NAME`]: an error's frames leave them out, as they leave out vmjs's files
/// (a frame `at set v` was shown).
fn constant_target(name: &str) -> String {
    format!(
        "({{get \"{INTERNAL_NAME}\"(){{return {name}}},set \"{INTERNAL_NAME}\"(_){{throw new TypeError(\"Assignment to constant variable.\")}}}})[\"{INTERNAL_NAME}\"]"
    )
}

/// The name of the accessors [`constant_target`] adds. Errors leave out frames whose file or function is named
/// `<vmjs:…>` (vmjs's own code, not the user's).
const INTERNAL_NAME: &str = "<vmjs:constant>";

/// Rewrites a REPL cell for a fresh session (no names declared yet); see [`rewrite_repl_input_in`].
pub fn rewrite_repl_input(src: &str) -> Result<ReplRewrite, Vec<Diagnostic>> {
    rewrite_repl_input_in(src, &mut |_| GlobalBinding::Unknown)
}

/// Rewrites a REPL cell so it can be evaluated as one more Script in a
/// persistent boa `Context` where `existing` tells how each name is already
/// bound.
///
/// Only top-level statements are touched. Top-level `let`, `const` and
/// `class` names stay global *lexical* bindings (fast to read and write — a
/// global-object property costs a property lookup on every access) unless
/// earlier code refers to them ([`GlobalBinding::Referenced`]: then they are
/// `var`s), yet cells may declare them again:
///
/// - New names are declared first: `let a, b; …` at the start of the cell
///   (a name in its TDZ could not be declared again; when the cell throws,
///   the engine puts the names whose declarations did not run back in it and
///   lets a later cell's declaration revive them — `GlobalScope::finish`),
///   and every declaration becomes an assignment:
///   `let a = 1, {b} = o` → `;( a = 1, {b} = o)`; `class C {}` →
///   `;C = class C {};`. Names that exist already are only assigned to.
/// - A `var` or function declaration of a name that is lexical already
///   becomes an assignment too (`var` and `let` of one name cannot coexist).
/// - When the cell ends with such a rewritten declaration, `void 0` keeps
///   its value `undefined`, as a declaration's would be.
/// - Cells with top-level `await` (or static `import`) become
///   `let a, b; (async () => { globalThis.f = f; … return [(last)]; })()` on
///   the same lines: declarations turn into assignments to the hoisted names,
///   functions are exported to `globalThis`, static imports become
///   `await import(…)` destructurings, and the last expression statement's
///   value is returned in a one-element array (a promise it gives stays a
///   promise, as it would in a cell without `await`).
///   [`ReplRewrite::is_async`] is then `true`.
///
/// [`ReplRewrite::declared`] lists the names the cell declares lexically.
/// `export` and `import.meta` are rejected. Syntax errors are returned in
/// original coordinates. Line breaks are never added or removed (the closing
/// `})()` goes right after the last statement, before any trailing comment).
pub fn rewrite_repl_input_in(
    src: &str,
    existing: &mut dyn FnMut(&str) -> GlobalBinding,
) -> Result<ReplRewrite, Vec<Diagnostic>> {
    if let Err(err) = check_nesting(src, MAX_NESTING) {
        return Err(vec![nesting_diagnostic(src, &err)]);
    }
    if let Some(object) = object_literal(src) {
        return Ok(object);
    }
    let allocator = Allocator::default();
    let parsed = analyze(&allocator, src, Writes::Collect);
    if !parsed.errors.is_empty() {
        return Err(parsed.errors);
    }
    let program = parsed.program;
    let mut errors = Vec::new();
    for span in &parsed.import_metas {
        errors.push(Diagnostic::new(
            src,
            "import.meta is not available in REPL input",
            span.start as usize,
            span.end as usize,
        ));
    }
    let mut has_import = false;
    for stmt in &program.body {
        match stmt {
            Statement::ImportDeclaration(import) => {
                has_import = true;
                if import.phase.is_some() {
                    let span = import.span;
                    errors.push(Diagnostic::new(
                        src,
                        "import phase modifiers are not supported in REPL input",
                        span.start as usize,
                        span.end as usize,
                    ));
                }
            }
            _ if stmt.is_module_declaration() => {
                let span = stmt.span();
                errors.push(Diagnostic::new(
                    src,
                    "export is not allowed in REPL input",
                    span.start as usize,
                    span.start as usize + "export".len(),
                ));
            }
            _ => {}
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|d| (d.start, d.end));
        return Err(errors);
    }
    let is_async = parsed.top_level_await || has_import;
    let mut rewritten = rewrite(src, &parsed, is_async, existing);
    if has_import {
        let imports: Vec<_> = program
            .body
            .iter()
            .filter_map(|stmt| match stmt {
                Statement::ImportDeclaration(import) => Some(&**import),
                _ => None,
            })
            .collect();
        rewritten.preload = Some(preload_text(src, &imports));
    }
    Ok(rewritten)
}

/// Node's REPL rule (Chrome's and Deno's too): input that starts with `{` and ends with `}` is an object literal
/// when it parses as one wrapped in parentheses, so `{foo: "bar"}` shows `{ foo: 'bar' }` rather than running as
/// a block with a label and showing `'bar'`. Anything else (`{ let x = 1; x }`) stays a block.
fn object_literal(src: &str) -> Option<ReplRewrite> {
    let start = src.len() - src.trim_start().len();
    let end = src.trim_end().len();
    let body = src.get(start..end)?;
    if !body.starts_with('{') || !body.ends_with('}') {
        return None;
    }
    let wrapped = format!("({body})");
    let allocator = Allocator::default();
    let parsed = analyze(&allocator, &wrapped, Writes::Skip);
    let single_expression = matches!(
        parsed.program.body.as_slice(),
        [Statement::ExpressionStatement(_)]
    );
    if !parsed.errors.is_empty()
        || parsed.top_level_await
        || !parsed.import_metas.is_empty()
        || !single_expression
    {
        return None;
    }
    let mut edits = Edits::default();
    edits.insert(start as u32, "(");
    edits.insert(end as u32, ")");
    Some(edits.apply(src, false))
}

/// Length of the keyword of a declaration, if it is `var`, `let` or `const`.
fn keyword_len(decl: &VariableDeclaration<'_>) -> Option<u32> {
    match decl.kind {
        VariableDeclarationKind::Var => Some(3),
        VariableDeclarationKind::Let => Some(3),
        VariableDeclarationKind::Const => Some(5),
        VariableDeclarationKind::Using | VariableDeclarationKind::AwaitUsing => None,
    }
}

/// The names a cell hoists to its start, in order of appearance.
struct Hoisted<'a, 'e> {
    existing: &'e mut dyn FnMut(&str) -> GlobalBinding,
    /// New lexical names (`let …;`).
    lets: Vec<&'a str>,
    /// New names of `var` declarations that had to become assignments (`var …;`).
    vars: Vec<&'a str>,
    /// What `existing` said of each name asked about (asking may evaluate code in the engine).
    asked: Vec<(&'a str, GlobalBinding)>,
}

impl<'a> Hoisted<'a, '_> {
    /// How `name` is bound once the statements before this one have run.
    fn binding(&mut self, name: &'a str) -> GlobalBinding {
        if self.lets.contains(&name) {
            GlobalBinding::Lexical
        } else if self.vars.contains(&name) {
            GlobalBinding::Property
        } else if let Some((_, known)) = self.asked.iter().find(|(n, _)| *n == name) {
            *known
        } else {
            let known = (self.existing)(name);
            self.asked.push((name, known));
            known
        }
    }

    fn lexical(&mut self, name: &'a str) {
        match self.binding(name) {
            GlobalBinding::Unknown => self.lets.push(name),
            GlobalBinding::Referenced => self.vars.push(name),
            GlobalBinding::Lexical | GlobalBinding::Constant | GlobalBinding::Property => {}
        }
    }

    fn var(&mut self, name: &'a str) {
        if matches!(
            self.binding(name),
            GlobalBinding::Unknown | GlobalBinding::Referenced
        ) {
            self.vars.push(name);
        }
    }

    /// `let a, b; var c; ` (empty when nothing is hoisted).
    fn prefix(&self) -> String {
        let mut prefix = String::new();
        for (keyword, names) in [("let", &self.lets), ("var", &self.vars)] {
            if !names.is_empty() {
                prefix.push_str(&format!("{keyword} {}; ", names.join(", ")));
            }
        }
        prefix
    }
}

/// Turns a `var`/`let`/`const` declaration into an assignment expression statement:
/// `let a = 1, b` → `;( a = 1, b = void 0);` (`var b` keeps `b` as it is: `;( b);`). The closing `;` is
/// needed where the declaration ended by automatic semicolon insertion: `let i⏎/re/.test(s)` must not become
/// `(i = void 0)⏎/re/…`, a division.
fn declaration_to_assignment(
    src: &str,
    edits: &mut Edits,
    decl: &VariableDeclaration<'_>,
    keyword: u32,
) {
    let Some(last) = decl.declarations.last() else {
        return;
    };
    edits.replace(decl.span.start, decl.span.start + keyword, ";(");
    if decl.kind != VariableDeclarationKind::Var {
        for d in &decl.declarations {
            if d.init.is_none() {
                edits.insert(d.id.span().end, " = void 0");
            }
        }
    }
    edits.insert(last.span.end, ")");
    if !src[..decl.span.end as usize].ends_with(';') {
        edits.insert(decl.span.end, ";");
    }
}

fn rewrite<'a>(
    src: &str,
    parsed: &Parsed<'a>,
    is_async: bool,
    existing: &mut dyn FnMut(&str) -> GlobalBinding,
) -> ReplRewrite {
    let program = parsed.program;
    let mut edits = Edits::default();
    // First, so that at the same offset the call goes before any other edit (a rewritten write `{k = 1}`), and
    // a pattern's nesting clause closes before what follows the statement (the cell's suffixes).
    for (at, text) in parsed.catch_bodies.iter().flat_map(inserts_for) {
        edits.insert(at, text);
    }
    let mut hoisted = Hoisted {
        existing,
        lets: Vec::new(),
        vars: Vec::new(),
        asked: Vec::new(),
    };
    let mut exported_functions: Vec<&'a str> = Vec::new();
    let mut constants: Vec<&'a str> = Vec::new();
    let mut redeclared: Vec<&'a str> = Vec::new();
    let mut top_level_names: Vec<&'a str> = Vec::new();
    let last = program.body.len().saturating_sub(1);
    let mut last_rewritten = false;
    for (index, stmt) in program.body.iter().enumerate() {
        let rewritten = match stmt {
            Statement::VariableDeclaration(decl) => {
                let Some(keyword) = keyword_len(decl) else {
                    continue;
                };
                let names: Vec<&'a str> = decl
                    .declarations
                    .iter()
                    .flat_map(|d| binding_names(&d.id))
                    .collect();
                top_level_names.extend(&names);
                if decl.kind == VariableDeclarationKind::Const {
                    constants.extend(&names);
                } else {
                    redeclared.extend(&names);
                }
                if decl.kind == VariableDeclarationKind::Var {
                    // A plain `var` stays a declaration unless it names a lexical binding (or the cell is
                    // async: inside the wrapper it would be local).
                    let clashes = names.iter().any(|n| hoisted.binding(n).is_lexical());
                    if !(clashes || is_async) {
                        continue;
                    }
                    names.iter().for_each(|n| hoisted.var(n));
                } else {
                    names.iter().for_each(|n| hoisted.lexical(n));
                }
                declaration_to_assignment(src, &mut edits, decl, keyword);
                true
            }
            Statement::FunctionDeclaration(func) => {
                let Some(id) = &func.id else { continue };
                let name = id.name.as_str();
                top_level_names.push(name);
                redeclared.push(name);
                if hoisted.binding(name).is_lexical() {
                    edits.insert(func.span.start, format!(";{name} = "));
                    edits.insert(func.span.end, ";");
                    true
                } else {
                    if is_async && !exported_functions.contains(&name) {
                        exported_functions.push(name);
                    }
                    false
                }
            }
            Statement::ClassDeclaration(class) => {
                let Some(id) = &class.id else { continue };
                top_level_names.push(id.name.as_str());
                redeclared.push(id.name.as_str());
                hoisted.lexical(id.name.as_str());
                edits.insert(class.span.start, format!(";{} = ", id.name));
                edits.insert(class.span.end, ";");
                true
            }
            Statement::ImportDeclaration(import) => {
                for spec in import.specifiers.iter().flatten() {
                    let name = import_local_name(spec);
                    top_level_names.push(name);
                    redeclared.push(name);
                    hoisted.lexical(name);
                }
                let original = &src[import.span.start as usize..import.span.end as usize];
                let mut text = import_text(src, import);
                // Keep the line count: carry over the statement's line breaks that the generated text does
                // not already copy (a module specifier may hold a line continuation, `'a\⏎b'`).
                let missing = original
                    .matches('\n')
                    .count()
                    .saturating_sub(text.matches('\n').count());
                text.extend(std::iter::repeat_n('\n', missing));
                edits.replace(import.span.start, import.span.end, text);
                true
            }
            Statement::ExpressionStatement(expr) if is_async && index == last => {
                let span = expr.expression.span();
                // Boxed, so a promise it gives is shown as one rather than adopted by the wrapper's.
                edits.insert(span.start, "return [(");
                edits.insert(span.end, ")]");
                false
            }
            _ => false,
        };
        if index == last {
            last_rewritten = rewritten;
        }
    }

    // Assigning to a `const` (this cell's, which became a hoisted `let`, or an earlier cell's) throws.
    for write in &parsed.global_writes {
        if write.own_const || hoisted.binding(write.name) == GlobalBinding::Constant {
            let mut target = constant_target(write.name);
            if write.shorthand {
                target = format!("{}: {target}", write.name);
            }
            edits.replace(write.span.start, write.span.end, target);
        }
    }

    let mut prefix = hoisted.prefix();
    // The prefix goes after any directive prologue (`"use strict";` must stay first to count).
    let prologue_end = program.directives.last().map_or(0, |d| d.span.end);
    if is_async {
        prefix.push_str("(async () => { ");
        for f in &exported_functions {
            prefix.push_str(&format!("globalThis.{f} = {f}; "));
        }
    }
    if !prefix.is_empty() {
        let at = if is_async { 0 } else { prologue_end };
        if at == 0 {
            if let Some(hashbang) = &program.hashbang {
                // `#!` is only valid at the very start; the prefix goes before it.
                edits.replace(hashbang.span.start, hashbang.span.start + 2, "//");
            }
            edits.prepend(0, prefix);
        } else {
            // `;` ends a directive written without one (`"use strict" let a;` would not parse).
            edits.insert(at, format!("; {prefix}"));
        }
    }
    // Suffixes go right after the last statement, so a trailing `//` comment cannot swallow them and no line
    // is added.
    let end = program.body.last().map_or(0, |stmt| stmt.span().end);
    if last_rewritten && !is_async {
        // Every rewritten statement ends with `;`.
        edits.insert(end, "void 0");
    }
    if is_async {
        edits.insert(end, "})()");
    }
    let mut rewrite = edits.apply(src, is_async);
    rewrite.declared = hoisted.lets.iter().map(|n| (*n).to_owned()).collect();
    rewrite.free_names = parsed.free_names.iter().map(|n| (*n).to_owned()).collect();
    rewrite.constants = constants.iter().map(|n| (*n).to_owned()).collect();
    rewrite.redeclared = redeclared.iter().map(|n| (*n).to_owned()).collect();
    rewrite.top_level_names = top_level_names.iter().map(|n| (*n).to_owned()).collect();
    rewrite
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    fn check_rewrite(src: &str, expect: Expect) {
        let out = match rewrite_repl_input(src) {
            Ok(r) => {
                assert_eq!(
                    r.code.lines().count(),
                    src.lines().count(),
                    "line count of {src:?}"
                );
                format!("async={}\n{}", r.is_async, r.code)
            }
            Err(diags) => {
                let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
                format!("error\n{}", lines.join("\n"))
            }
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn catch_blocks_call_the_hook_first() {
        check_rewrite(
            "const k = 1\ntry { k = 2 } catch (e) {k = 3}\ntry { f() } catch (error) { error }",
            expect![[r#"
                async=false
                let k; ;( k = 1);
                try { ({get "<vmjs:constant>"(){return k},set "<vmjs:constant>"(_){throw new TypeError("Assignment to constant variable.")}})["<vmjs:constant>"] = 2 } catch (e) {__vmjsCaught(e);({get "<vmjs:constant>"(){return k},set "<vmjs:constant>"(_){throw new TypeError("Assignment to constant variable.")}})["<vmjs:constant>"] = 3}
                try { f() } catch (error) {__vmjsCaught(error); error }"#]],
        );
        let rewrite = rewrite_repl_input("try { f() } catch (e) { e.x.y }").unwrap();
        let at = rewrite.code.find("e.x.y").unwrap() as u32 + 1;
        assert_eq!(rewrite.original_position(1, at), (1, 25));
    }

    #[test]
    fn sync_declarations() {
        check_rewrite(
            "let x = 1",
            expect![[r#"
                async=false
                let x; ;( x = 1);void 0"#]],
        );
        check_rewrite(
            "const a = 1, b = 2; a + b",
            expect![[r#"
                async=false
                let a, b; ;( a = 1, b = 2); a + b"#]],
        );
        check_rewrite(
            "class C { m() { let y = 1; return y } } new C().m()",
            expect![[r#"
                async=false
                let C; ;C = class C { m() { let y = 1; return y } }; new C().m()"#]],
        );
        check_rewrite(
            "let y = (() => { throw 1 })()",
            expect![[r#"
                async=false
                let y; ;( y = (() => { throw 1 })());void 0"#]],
        );
        check_rewrite(
            "function f() { const inner = 1; return inner }\nvar v = 1\nfor (let i = 0; i < 2; i++) {}\n{ let block = 1 }\nf()",
            expect![[r#"
                async=false
                function f() { const inner = 1; return inner }
                var v = 1
                for (let i = 0; i < 2; i++) {}
                { let block = 1 }
                f()"#]],
        );
        check_rewrite(
            "let [p, q] = [1, 2], {r} = {r: 3}\np + q + r",
            expect![[r#"
                async=false
                let p, q, r; ;( [p, q] = [1, 2], {r} = {r: 3});
                p + q + r"#]],
        );
    }

    #[test]
    fn a_cell_that_is_an_object_literal_is_one() {
        check_rewrite(
            "{foo: \"bar\"}",
            expect![[r#"
                async=false
                ({foo: "bar"})"#]],
        );
        check_rewrite(
            "  {}\n",
            expect![[r#"
                async=false
                  ({})
            "#]],
        );
        check_rewrite(
            "{ a: 1,\n  b: [2] }",
            expect![[r#"
                async=false
                ({ a: 1,
                  b: [2] })"#]],
        );
        // Blocks stay blocks: statements inside, or something after the closing brace.
        check_rewrite(
            "{ let x = 1; x }",
            expect![[r#"
                async=false
                { let x = 1; x }"#]],
        );
        check_rewrite(
            "{ a: 1 }; 2",
            expect![[r#"
                async=false
                { a: 1 }; 2"#]],
        );
        // Positions map back to the user's text (the inserted `(` moves nothing on their line).
        let rewrite = rewrite_repl_input("{ a: 1,\n  b: x }").unwrap();
        assert_eq!(rewrite.original_position(2, 6), (2, 6));
        assert_eq!(rewrite.original_position(1, 3), (1, 2));
    }

    #[test]
    fn redeclaration_across_cells() {
        assert!(rewrite_repl_input("let x = 1").is_ok());
        assert!(rewrite_repl_input("let x = 2; x").is_ok());
        // Within one cell it is still an error.
        check_rewrite(
            "let x = 1;\nconst x = 2;",
            expect![[r#"
            error
            1:5: Identifier `x` has already been declared"#]],
        );
    }

    #[test]
    fn strings_and_comments_untouched() {
        check_rewrite(
            "// let a = 1\nlet s = 'let x = 1; class C {}' /* const c */\n`${'const'} let ${s}`",
            expect![[r#"
                async=false
                let s; // let a = 1
                ;( s = 'let x = 1; class C {}' /* const c */
                `${'const'} let ${s}`);void 0"#]],
        );
    }

    #[test]
    fn await_cells() {
        check_rewrite(
            "const z = await Promise.resolve(3)",
            expect![[r#"
                async=true
                let z; (async () => { ;( z = await Promise.resolve(3));})()"#]],
        );
        check_rewrite(
            "await 1",
            expect![[r#"
                async=true
                (async () => { return [(await 1)]})()"#]],
        );
        check_rewrite(
            "await (p)",
            expect![[r#"
                async=true
                (async () => { return [(await (p))]})()"#]],
        );
        check_rewrite(
            "let x = 1, y;\nfunction f() { return x }\nclass K {}\nconst {a, b: [c]} = await o;\nvar v\nf(), a",
            expect![[r#"
                async=true
                let x, y, K, a, c; var v; (async () => { globalThis.f = f; ;( x = 1, y = void 0);
                function f() { return x }
                ;K = class K {};
                ;( {a, b: [c]} = await o);
                ;( v);
                return [(f(), a)]})()"#]],
        );
        check_rewrite(
            "const {a} = await p;\n({a})",
            expect![[r#"
                async=true
                let a; (async () => { ;( {a} = await p);
                return [(({a}))]})()"#]],
        );
        check_rewrite(
            "for await (const v of gen()) { console.log(v) }",
            expect![[r#"
            async=true
            (async () => { for await (const v of gen()) { console.log(v) }})()"#]],
        );
        check_rewrite(
            "async function g() { await 1 }\ng()",
            expect![[r#"
            async=false
            async function g() { await 1 }
            g()"#]],
        );
    }

    /// Found by the `cell_rewrite` fuzz target: once a cell is async, `await`
    /// is a keyword everywhere in it, so `await` followed by a line break
    /// does not end a statement (as the identifier `await` would).
    #[test]
    fn await_cells_read_await_as_a_keyword_everywhere() {
        check_rewrite(
            "await\n await Pr*\n a",
            expect![[r#"
                async=true
                (async () => { return [(await
                 await Pr*
                 a)]})()"#]],
        );
    }

    /// Found by the `cell_rewrite` fuzz target: a declaration ended by automatic semicolon insertion.
    #[test]
    fn a_declaration_ended_by_a_line_break_stays_apart_from_the_next_line() {
        check_rewrite(
            "let i\n/&c/\na",
            expect![[r#"
                async=false
                let i; ;( i = void 0);
                /&c/
                a"#]],
        );
    }

    /// Found by the `cell_rewrite` fuzz target: the specifier's own line continuation was counted twice.
    #[test]
    fn import_with_a_line_continuation_in_its_specifier_keeps_the_line_count() {
        check_rewrite(
            "import d from './a\\\nb.js'\nd",
            expect![[r#"
                async=true
                let d; (async () => { ;({default: d} = await import('./a\
                b.js'));
                return [(d)]})()"#]],
        );
    }

    #[test]
    fn await_cell_ending_in_line_comment() {
        check_rewrite(
            "await 1 // one",
            expect![[r#"
                async=true
                (async () => { return [(await 1)]})() // one"#]],
        );
        check_rewrite(
            "let v = await 1; /* a */ v // b",
            expect![[r#"
                async=true
                let v; (async () => { ;( v = await 1); /* a */ return [(v)]})() // b"#]],
        );
        check_rewrite(
            "await 1 // one\n",
            expect![[r#"
                async=true
                (async () => { return [(await 1)]})() // one
            "#]],
        );
        check_rewrite(
            "#!/usr/bin/env vmjs\nawait 1",
            expect![[r#"
                async=true
                (async () => { ///usr/bin/env vmjs
                return [(await 1)]})()"#]],
        );
    }

    #[test]
    fn imports_are_preloaded_and_checked_on_their_lines() {
        let src = "const x = 1;\nimport d, {\n  a,\n  'b-c' as b\n} from './m.js';\nimport * as ns from \"./n`${x}.js\";\nx";
        let rewritten = rewrite_repl_input(src).unwrap();
        let preload = rewritten.preload.expect("a preload");
        assert_eq!(preload.lines().count(), src.lines().count());
        expect![[r#"
            (async () => {
            { const m = await import('./m.js'); for (const n of ["default","a","b-c"]) if (!(n in m)) throw new SyntaxError(`The requested module './m.js' does not provide an export named '${n}'`); }


            
            { const m = await import("./n`${x}.js"); for (const n of []) if (!(n in m)) throw new SyntaxError(`The requested module './n\`\${x}.js' does not provide an export named '${n}'`); }
            })()"#]]
        .assert_eq(&preload);
        assert_eq!(rewrite_repl_input("1 + 1").unwrap().preload, None);
    }

    #[test]
    fn imports() {
        check_rewrite(
            "import x from './m.js'",
            expect![[r#"
                async=true
                let x; (async () => { ;({default: x} = await import('./m.js'));})()"#]],
        );
        check_rewrite(
            "import * as ns from './m.js';",
            expect![[r#"
                async=true
                let ns; (async () => { ;(ns = await import('./m.js'));})()"#]],
        );
        check_rewrite(
            "import {a, b as c, 'd-e' as f} from \"./m.js\"",
            expect![[r#"
                async=true
                let a, c, f; (async () => { ;({a, b: c, 'd-e': f} = await import("./m.js"));})()"#]],
        );
        check_rewrite(
            "import d, {a} from './m.js'",
            expect![[r#"
                async=true
                let d, a; (async () => { ;({default: d, a} = await import('./m.js'));})()"#]],
        );
        check_rewrite(
            "import d, * as ns from './m.js'",
            expect![[r#"
                async=true
                let d, ns; (async () => { ;(ns = await import('./m.js'), d = ns.default);})()"#]],
        );
        check_rewrite(
            "import './side.js'\n1",
            expect![[r#"
                async=true
                (async () => { ;await import('./side.js');
                return [(1)]})()"#]],
        );
        check_rewrite(
            "import data from './x.json' with { type: 'json' }",
            expect![[r#"
                async=true
                let data; (async () => { ;({default: data} = await import('./x.json', { with: { type: 'json' } }));})()"#]],
        );
        check_rewrite(
            "import {\n  a,\n  b\n} from './m.js'\na + b",
            expect![[r#"
                async=true
                let a, b; (async () => { ;({a, b} = await import('./m.js'));



                return [(a + b)]})()"#]],
        );
    }

    #[test]
    fn rejected() {
        check_rewrite(
            "export const a = 1",
            expect![[r#"
            error
            1:1: export is not allowed in REPL input"#]],
        );
        check_rewrite(
            "let q = 1\nexport { q }",
            expect![[r#"
            error
            2:1: export is not allowed in REPL input"#]],
        );
        check_rewrite(
            "import.meta.url",
            expect![[r#"
            error
            1:1: import.meta is not available in REPL input"#]],
        );
        check_rewrite(
            "let x = ;\n",
            expect![[r#"
            error
            1:9: Unexpected token"#]],
        );
        check_rewrite(
            "let é = 'ü';\n  é +* 2",
            expect![[r#"
            error
            2:6: Unexpected token"#]],
        );
        check_rewrite(
            &format!("x = {}", "[".repeat(2000)),
            expect![[r#"
            error
            1:1004: code is nested too deeply (more than 1000 levels)"#]],
        );
    }

    fn check_rewrite_in(src: &str, lexical: &[&str], properties: &[&str], expect: Expect) {
        let mut existing = |name: &str| {
            if lexical.contains(&name) {
                GlobalBinding::Lexical
            } else if properties.contains(&name) {
                GlobalBinding::Property
            } else {
                GlobalBinding::Unknown
            }
        };
        let r = rewrite_repl_input_in(src, &mut existing).unwrap();
        assert_eq!(r.code.lines().count(), src.lines().count(), "{src:?}");
        expect.assert_eq(&format!("declared={:?}\n{}", r.declared, r.code));
    }

    #[test]
    fn assignments_to_consts_become_throwing_targets() {
        let target = constant_target("k");
        let r = rewrite_repl_input("const k = 1\nk = 2; ({k} = o); ({k = 3} = o); k++").unwrap();
        assert_eq!(r.constants, ["k"]);
        assert_eq!(
            r.code,
            format!(
                "let k; ;( k = 1);\n{target} = 2; ({{k: {target}}} = o); ({{k: {target} = 3}} = o); {target}++"
            )
        );
        // A position inside the replacement maps to the name the user wrote.
        let column = r.code.lines().nth(1).unwrap().find("TypeError").unwrap() as u32 + 1;
        assert_eq!(r.original_position(2, column), (2, 1));
        // Every rewritten target still parses.
        for cell in [
            "const k = 1; k = 2",
            "const k = 1; [k] = [2]; ({a: [k]} = {a: [2]}); for (k of []) {}; for (k in {}) {}",
            "const k = 1; k ??= 2; k **= 2; --k",
            "const k = await 1; k = 2",
        ] {
            let r = rewrite_repl_input(cell).unwrap();
            assert!(r.code.contains(&target), "{cell:?}: {}", r.code);
            let allocator = Allocator::default();
            let parsed = analyze(&allocator, &r.code, Writes::Skip);
            assert!(parsed.errors.is_empty(), "{}: {:?}", r.code, parsed.errors);
        }
        // A const of an earlier cell: written to in this one; redeclared by this one: a plain name again.
        let mut existing = |name: &str| {
            if name == "k" {
                GlobalBinding::Constant
            } else {
                GlobalBinding::Unknown
            }
        };
        let r = rewrite_repl_input_in("k = 1; let j = k", &mut existing).unwrap();
        assert_eq!(r.code, format!("let j; {target} = 1; ;( j = k);void 0"));
        let r = rewrite_repl_input_in("let k = 1; k = 2", &mut existing).unwrap();
        assert_eq!(r.code, ";( k = 1); k = 2");
        assert_eq!(
            (r.constants.len(), r.redeclared.as_slice()),
            (0, &["k".to_owned()][..])
        );
        // Names that are not consts are left alone, and so are locals that shadow a const.
        let r = rewrite_repl_input_in("x = 1; { let k = 2; k = 3 }", &mut existing).unwrap();
        assert_eq!(r.code, "x = 1; { let k = 2; k = 3 }");
    }

    #[test]
    fn existing_names_are_assigned_to() {
        check_rewrite_in(
            "let x = 2, y; const p = 1",
            &["x"],
            &["p"],
            expect![[r#"
                declared=["y"]
                let y; ;( x = 2, y = void 0); ;( p = 1);void 0"#]],
        );
        // `var` and functions of a lexical name become assignments; of other names they stay as they are.
        check_rewrite_in(
            "var x = 3, w = 4\nfunction x() {}\nvar v\nfunction f() {}",
            &["x"],
            &[],
            expect![[r#"
                declared=[]
                var w; ;( x = 3, w = 4);
                ;x = function x() {};
                var v
                function f() {}"#]],
        );
        check_rewrite_in(
            "class K {}",
            &["K"],
            &[],
            expect![[r#"
                declared=[]
                ;K = class K {};void 0"#]],
        );
        // An async cell exports new functions and assigns to a lexical one.
        check_rewrite_in(
            "function g() {}\nasync function h() {}\nawait 0",
            &["h"],
            &[],
            expect![[r#"
                declared=[]
                (async () => { globalThis.g = g; function g() {}
                ;h = async function h() {};
                return [(await 0)]})()"#]],
        );
    }

    /// Asking may evaluate code in the engine: once per name and cell.
    #[test]
    fn each_name_is_asked_about_once() {
        let mut asked = Vec::new();
        let r = rewrite_repl_input_in("var a = 1, b\nvar a\nlet c = a\nawait 0", &mut |name| {
            asked.push(name.to_owned());
            GlobalBinding::Unknown
        })
        .unwrap();
        assert_eq!(asked, ["a", "b", "c"]);
        assert_eq!(r.declared, ["c"]);
    }

    #[test]
    fn hoisted_names_go_after_the_directive_prologue_and_before_a_hashbang() {
        check_rewrite(
            "'use strict'\nlet a = 1",
            expect![[r#"
                async=false
                'use strict'; let a; 
                ;( a = 1);void 0"#]],
        );
        check_rewrite(
            "#!/usr/bin/env vmjs\nlet a = 1",
            expect![[r#"
                async=false
                let a; ///usr/bin/env vmjs
                ;( a = 1);void 0"#]],
        );
    }

    #[test]
    fn position_mapping() {
        let src = "let a = 1\nclass Foo { m() { return 1 } }; Foo.x";
        let r = rewrite_repl_input(src).unwrap();
        // `Foo.x` in the rewritten code.
        let line2 = r.code.lines().nth(1).unwrap();
        let col = line2[..line2.find("Foo.x").unwrap()].chars().count() as u32 + 1;
        assert_eq!(r.original_position(2, col), (2, 33));
        // Inside the inserted `;Foo = ` maps to the class start.
        assert!(line2.starts_with(";Foo = class Foo"), "{line2}");
        assert_eq!(r.original_position(2, 3), (2, 1));
        // The initializer `1` on line 1, after the hoisted `let a, Foo; `.
        let line1 = r.code.lines().next().unwrap();
        let col = line1.find("= 1").unwrap() as u32 + 3;
        assert_eq!(r.original_position(1, col), (1, 9));

        // Unicode: columns count chars.
        let src = "const ü = 'ß'; ü.x.y";
        let r = rewrite_repl_input(src).unwrap();
        assert_eq!(r.code, "let ü; ;( ü = 'ß'); ü.x.y");
        assert_eq!(r.declared, ["ü"]);
        let col = r.code[..r.code.rfind("ü.x").unwrap()].chars().count() as u32 + 1;
        assert_eq!(r.original_position(1, col), (1, 16));

        // Async: the prefix sits on line 1 only.
        let src = "const v = await p\nv.boom()";
        let r = rewrite_repl_input(src).unwrap();
        let line2 = r.code.lines().nth(1).unwrap();
        let col = line2[..line2.find("v.boom").unwrap()].chars().count() as u32 + 1;
        assert_eq!(r.original_position(2, col), (2, 1));
        let line1 = r.code.lines().next().unwrap();
        let col = line1[..line1.find("await").unwrap()].chars().count() as u32 + 1;
        assert_eq!(r.original_position(1, col), (1, 11));
    }
}
