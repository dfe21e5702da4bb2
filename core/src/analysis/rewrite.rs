//! REPL cell rewriting: re-declarable globals, top-level `await`, `import`.
//!
//! Each cell is evaluated by boa as a separate Script in one persistent
//! `Context`. The rewrite edits the original text by spans (the AST is never
//! re-printed) and never adds or removes line breaks, so engine line numbers
//! stay valid; columns are mapped back with
//! [`ReplRewrite::original_position`].

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    Declaration, ImportDeclaration, ImportDeclarationSpecifier, Program, Statement,
    VariableDeclaration, VariableDeclarationKind,
};
use oxc_span::GetSpan;

use super::source_kind::{Parsed, analyze, binding_names, import_local_name, nesting_diagnostic};
use super::{Diagnostic, MAX_NESTING, check_nesting, line_col, offset_of};

/// A REPL cell rewritten for evaluation as a script in a persistent context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplRewrite {
    /// The code to evaluate.
    pub code: String,
    /// `true` when `code` is an async IIFE: evaluating it yields a promise
    /// that resolves to the cell's value (its last expression statement).
    pub is_async: bool,
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

/// A pending edit on the original text.
#[derive(Debug)]
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

#[derive(Default)]
struct Edits(Vec<Edit>);

impl Edits {
    fn insert(&mut self, at: u32, text: impl Into<String>) {
        self.replace(at, at, text);
    }

    fn replace(&mut self, start: u32, end: u32, text: impl Into<String>) {
        self.0.push(Edit {
            start: start as usize,
            end: end as usize,
            text: text.into(),
        });
    }

    /// Inserts at `at`, before every edit added so far at the same position.
    fn prepend(&mut self, at: u32, text: impl Into<String>) {
        self.0.insert(
            0,
            Edit {
                start: at as usize,
                end: at as usize,
                text: text.into(),
            },
        );
    }

    fn apply(mut self, src: &str, is_async: bool) -> ReplRewrite {
        // Stable: edits at the same position keep their insertion order.
        self.0.sort_by_key(|e| e.start);
        let mut code = String::with_capacity(src.len() + 64);
        let mut edits = Vec::with_capacity(self.0.len());
        let mut cursor = 0;
        for edit in self.0 {
            // Defensive: skip overlapping or out-of-range edits.
            if edit.start < cursor
                || edit.end < edit.start
                || edit.end > src.len()
                || !src.is_char_boundary(edit.start)
                || !src.is_char_boundary(edit.end)
            {
                continue;
            }
            code.push_str(&src[cursor..edit.start]);
            let new_start = code.len();
            code.push_str(&edit.text);
            edits.push(AppliedEdit {
                orig_start: edit.start,
                orig_end: edit.end,
                new_start,
                new_end: code.len(),
            });
            cursor = edit.end;
        }
        code.push_str(&src[cursor..]);
        ReplRewrite {
            code,
            is_async,
            original: src.to_string(),
            edits,
        }
    }
}

/// Rewrites a REPL cell so it can be evaluated as one more Script in a
/// persistent boa `Context`.
///
/// Only top-level statements are touched:
///
/// - Synchronous cells: `let`/`const` become `var` and `class C {…}` becomes
///   `var C = class C {…};`, so cells can redeclare names and a throwing
///   initializer does not leave a binding in the TDZ forever. The script's
///   completion value is the cell's value.
/// - Cells with top-level `await` (or static `import`) become
///   `var a, b; (async () => { globalThis.f = f; … return (last); })()` on the
///   same lines: declarations turn into assignments to the hoisted globals,
///   functions are exported to `globalThis`, static imports become
///   `await import(…)` destructurings, and the last expression statement is
///   returned. [`ReplRewrite::is_async`] is then `true`.
///
/// `export` and `import.meta` are rejected. Syntax errors are returned in
/// original coordinates. Line breaks are never added or removed (the closing
/// `})()` goes right after the last statement, before any trailing comment).
pub fn rewrite_repl_input(src: &str) -> Result<ReplRewrite, Vec<Diagnostic>> {
    if let Err(err) = check_nesting(src, MAX_NESTING) {
        return Err(vec![nesting_diagnostic(src, &err)]);
    }
    let allocator = Allocator::default();
    let parsed = analyze(&allocator, src);
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
    if parsed.top_level_await || has_import {
        Ok(rewrite_async(src, &parsed))
    } else {
        Ok(rewrite_sync(src, program))
    }
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

fn rewrite_sync(src: &str, program: &Program<'_>) -> ReplRewrite {
    let mut edits = Edits::default();
    for stmt in &program.body {
        match stmt.as_declaration() {
            Some(Declaration::VariableDeclaration(decl))
                if matches!(
                    decl.kind,
                    VariableDeclarationKind::Let | VariableDeclarationKind::Const
                ) =>
            {
                if let Some(len) = keyword_len(decl) {
                    edits.replace(decl.span.start, decl.span.start + len, "var");
                }
            }
            Some(Declaration::ClassDeclaration(class)) => {
                if let Some(id) = &class.id {
                    edits.insert(class.span.start, format!("var {} = ", id.name));
                    edits.insert(class.span.end, ";");
                }
            }
            _ => {}
        }
    }
    edits.apply(src, false)
}

fn rewrite_async<'a>(src: &str, parsed: &Parsed<'a>) -> ReplRewrite {
    let program = parsed.program;
    let mut edits = Edits::default();
    let mut globals: Vec<&'a str> = Vec::new();
    let mut functions: Vec<&'a str> = Vec::new();
    let add = |names: &mut Vec<&'a str>, name: &'a str| {
        if !names.contains(&name) {
            names.push(name);
        }
    };
    let last = program.body.len().saturating_sub(1);
    for (index, stmt) in program.body.iter().enumerate() {
        match stmt {
            Statement::VariableDeclaration(decl) => {
                let Some(len) = keyword_len(decl) else {
                    continue;
                };
                for d in &decl.declarations {
                    for name in binding_names(&d.id) {
                        add(&mut globals, name);
                    }
                }
                let Some(last_decl) = decl.declarations.last() else {
                    continue;
                };
                edits.replace(decl.span.start, decl.span.start + len, ";(");
                if decl.kind != VariableDeclarationKind::Var {
                    for d in &decl.declarations {
                        if d.init.is_none() {
                            edits.insert(d.id.span().end, " = void 0");
                        }
                    }
                }
                edits.insert(last_decl.span.end, ")");
            }
            Statement::FunctionDeclaration(func) => {
                if let Some(id) = &func.id {
                    add(&mut functions, id.name.as_str());
                }
            }
            Statement::ClassDeclaration(class) => {
                if let Some(id) = &class.id {
                    add(&mut globals, id.name.as_str());
                    edits.insert(class.span.start, format!("{} = ", id.name));
                    edits.insert(class.span.end, ";");
                }
            }
            Statement::ImportDeclaration(import) => {
                for spec in import.specifiers.iter().flatten() {
                    add(&mut globals, import_local_name(spec));
                }
                let original = &src[import.span.start as usize..import.span.end as usize];
                let mut text = import_text(src, import);
                // Keep the line count: carry the statement's line breaks over.
                text.extend(std::iter::repeat_n('\n', original.matches('\n').count()));
                edits.replace(import.span.start, import.span.end, text);
            }
            Statement::ExpressionStatement(expr) if index == last => {
                let span = expr.expression.span();
                edits.insert(span.start, "return (");
                edits.insert(span.end, ")");
            }
            _ => {}
        }
    }

    let mut prefix = String::new();
    if !globals.is_empty() {
        prefix.push_str("var ");
        prefix.push_str(&globals.join(", "));
        prefix.push_str("; ");
    }
    prefix.push_str("(async () => { ");
    for f in &functions {
        prefix.push_str(&format!("globalThis.{f} = {f}; "));
    }
    edits.prepend(0, prefix);
    if let Some(hashbang) = &program.hashbang {
        // `#!` is only valid at the very start; the prefix goes before it.
        edits.replace(hashbang.span.start, hashbang.span.start + 2, "//");
    }

    // The suffix goes right after the last statement, so a trailing `//`
    // comment cannot swallow it and no line is added.
    let end = program.body.last().map_or(0, |stmt| stmt.span().end);
    edits.insert(end, "})()");
    edits.apply(src, true)
}

/// `await import(…)` code for a static import declaration.
fn import_text(src: &str, import: &ImportDeclaration<'_>) -> String {
    let slice = |span: oxc_span::Span| &src[span.start as usize..span.end as usize];
    let mut call = format!("await import({}", slice(import.source.span));
    if let Some(with) = &import.with_clause {
        let entries: Vec<&str> = with.with_entries.iter().map(|e| slice(e.span)).collect();
        call.push_str(&format!(", {{ with: {{ {} }} }}", entries.join(", ")));
    }
    call.push(')');

    let specifiers = import.specifiers.as_ref().map_or(&[][..], |s| s.as_slice());
    let mut default = None;
    let mut namespace = None;
    let mut named = Vec::new();
    for spec in specifiers {
        match spec {
            ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                default = Some(s.local.name.as_str());
            }
            ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                namespace = Some(s.local.name.as_str());
            }
            ImportDeclarationSpecifier::ImportSpecifier(s) => {
                let imported = slice(s.imported.span());
                let local = s.local.name.as_str();
                named.push(if imported == local {
                    local.to_string()
                } else {
                    format!("{imported}: {local}")
                });
            }
        }
    }
    match (default, namespace) {
        (_, Some(ns)) => match default {
            Some(d) => format!(";({ns} = {call}, {d} = {ns}.default);"),
            None => format!(";({ns} = {call});"),
        },
        (None, None) if named.is_empty() => format!(";{call};"),
        (d, None) => {
            let mut parts = Vec::new();
            if let Some(d) = d {
                parts.push(format!("default: {d}"));
            }
            parts.extend(named);
            format!(";({{{}}} = {call});", parts.join(", "))
        }
    }
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
    fn sync_declarations() {
        check_rewrite(
            "let x = 1",
            expect![[r#"
            async=false
            var x = 1"#]],
        );
        check_rewrite(
            "const a = 1, b = 2; a + b",
            expect![[r#"
            async=false
            var a = 1, b = 2; a + b"#]],
        );
        check_rewrite(
            "class C { m() { let y = 1; return y } } new C().m()",
            expect![[r#"
            async=false
            var C = class C { m() { let y = 1; return y } }; new C().m()"#]],
        );
        check_rewrite(
            "let y = (() => { throw 1 })()",
            expect![[r#"
            async=false
            var y = (() => { throw 1 })()"#]],
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
            var [p, q] = [1, 2], {r} = {r: 3}
            p + q + r"#]],
        );
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
                // let a = 1
                var s = 'let x = 1; class C {}' /* const c */
                `${'const'} let ${s}`"#]],
        );
    }

    #[test]
    fn await_cells() {
        check_rewrite(
            "const z = await Promise.resolve(3)",
            expect![[r#"
            async=true
            var z; (async () => { ;( z = await Promise.resolve(3))})()"#]],
        );
        check_rewrite(
            "await 1",
            expect![[r#"
            async=true
            (async () => { return (await 1)})()"#]],
        );
        check_rewrite(
            "await (p)",
            expect![[r#"
            async=true
            (async () => { return (await (p))})()"#]],
        );
        check_rewrite(
            "let x = 1, y;\nfunction f() { return x }\nclass K {}\nconst {a, b: [c]} = await o;\nvar v\nf(), a",
            expect![[r#"
                async=true
                var x, y, K, a, c, v; (async () => { globalThis.f = f; ;( x = 1, y = void 0);
                function f() { return x }
                K = class K {};
                ;( {a, b: [c]} = await o);
                ;( v)
                return (f(), a)})()"#]],
        );
        check_rewrite(
            "const {a} = await p;\n({a})",
            expect![[r#"
            async=true
            var a; (async () => { ;( {a} = await p);
            return (({a}))})()"#]],
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
                (async () => { return (await
                 await Pr*
                 a)})()"#]],
        );
    }

    #[test]
    fn await_cell_ending_in_line_comment() {
        check_rewrite(
            "await 1 // one",
            expect![[r#"
            async=true
            (async () => { return (await 1)})() // one"#]],
        );
        check_rewrite(
            "let v = await 1; /* a */ v // b",
            expect![[r#"
            async=true
            var v; (async () => { ;( v = await 1); /* a */ return (v)})() // b"#]],
        );
        check_rewrite(
            "await 1 // one\n",
            expect![[r#"
            async=true
            (async () => { return (await 1)})() // one
        "#]],
        );
        check_rewrite(
            "#!/usr/bin/env vmjs\nawait 1",
            expect![[r#"
            async=true
            (async () => { ///usr/bin/env vmjs
            return (await 1)})()"#]],
        );
    }

    #[test]
    fn imports() {
        check_rewrite(
            "import x from './m.js'",
            expect![[r#"
            async=true
            var x; (async () => { ;({default: x} = await import('./m.js'));})()"#]],
        );
        check_rewrite(
            "import * as ns from './m.js';",
            expect![[r#"
            async=true
            var ns; (async () => { ;(ns = await import('./m.js'));})()"#]],
        );
        check_rewrite(
            "import {a, b as c, 'd-e' as f} from \"./m.js\"",
            expect![[r#"
            async=true
            var a, c, f; (async () => { ;({a, b: c, 'd-e': f} = await import("./m.js"));})()"#]],
        );
        check_rewrite(
            "import d, {a} from './m.js'",
            expect![[r#"
            async=true
            var d, a; (async () => { ;({default: d, a} = await import('./m.js'));})()"#]],
        );
        check_rewrite(
            "import d, * as ns from './m.js'",
            expect![[r#"
            async=true
            var d, ns; (async () => { ;(ns = await import('./m.js'), d = ns.default);})()"#]],
        );
        check_rewrite(
            "import './side.js'\n1",
            expect![[r#"
            async=true
            (async () => { ;await import('./side.js');
            return (1)})()"#]],
        );
        check_rewrite(
            "import data from './x.json' with { type: 'json' }",
            expect![[r#"
            async=true
            var data; (async () => { ;({default: data} = await import('./x.json', { with: { type: 'json' } }));})()"#]],
        );
        check_rewrite(
            "import {\n  a,\n  b\n} from './m.js'\na + b",
            expect![[r#"
            async=true
            var a, b; (async () => { ;({a, b} = await import('./m.js'));



            return (a + b)})()"#]],
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
            1:1005: brackets are nested too deeply (more than 1000 levels)"#]],
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
        // Inside the inserted `var Foo = ` maps to the class start.
        assert_eq!(r.original_position(2, 3), (2, 1));
        assert_eq!(r.original_position(1, 9), (1, 9));

        // Unicode: columns count chars.
        let src = "const ü = 'ß'; ü.x.y";
        let r = rewrite_repl_input(src).unwrap();
        assert_eq!(r.code, "var ü = 'ß'; ü.x.y");
        assert_eq!(r.original_position(1, 14), (1, 16));

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

/// End-to-end: rewritten cells evaluated in sequence in one boa `Context`.
#[cfg(test)]
mod boa_tests {
    use super::rewrite_repl_input;
    use boa_engine::builtins::promise::PromiseState;
    use boa_engine::object::builtins::JsPromise;
    use boa_engine::{Context, JsValue, Source};

    fn run(ctx: &mut Context, cell: &str) -> Result<JsValue, String> {
        let r = rewrite_repl_input(cell).map_err(|e| format!("{e:?}"))?;
        let value = ctx
            .eval(Source::from_bytes(&r.code))
            .map_err(|e| e.to_string())?;
        if !r.is_async {
            return Ok(value);
        }
        let object = value
            .as_object()
            .ok_or("async cell did not yield an object")?;
        let promise = JsPromise::from_object(object).map_err(|e| e.to_string())?;
        ctx.run_jobs().map_err(|e| e.to_string())?;
        match promise.state() {
            PromiseState::Fulfilled(v) => Ok(v),
            PromiseState::Rejected(e) => Err(e.display().to_string()),
            PromiseState::Pending => Err("pending".to_string()),
        }
    }

    fn num(ctx: &mut Context, cell: &str) -> f64 {
        match run(ctx, cell) {
            Ok(v) => v.as_number().unwrap_or(f64::NAN),
            Err(e) => panic!("{cell:?} failed: {e}"),
        }
    }

    #[test]
    fn cells_share_one_context() {
        let ctx = &mut Context::default();
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
    fn await_cells_define_globals() {
        let ctx = &mut Context::default();
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
