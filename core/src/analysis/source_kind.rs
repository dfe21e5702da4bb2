//! Parsing with oxc: script/module detection, diagnostics, declared names.

use oxc_allocator::Allocator;
use oxc_ast::AstKind;
use oxc_ast::ast::{
    BindingPattern, Declaration, ExportDefaultDeclarationKind, ImportDeclarationSpecifier, Program,
    Statement, VariableDeclarationKind,
};
use oxc_parser::Parser;
use oxc_semantic::{Semantic, SemanticBuilder};
use oxc_span::{GetSpan, SourceType, Span};

use super::catch_bodies::{self, CatchBody};
use super::{Diagnostic, MAX_NESTING, check_nesting};

/// How a piece of source text should be evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum SourceKind {
    /// A classic script (no static `import`/`export`, no top-level `await`).
    Script,
    /// An ES module.
    Module,
}

/// Decides whether `src` is a [`SourceKind::Script`] or a [`SourceKind::Module`].
///
/// Static `import`/`export` declarations, `import.meta` or a top-level `await`
/// (including `for await` and `await using`) make it a module; dynamic
/// `import()` alone does not. Text that is nested too deeply is reported as a
/// script without being parsed.
pub fn source_kind(src: &str) -> SourceKind {
    if check_nesting(src, MAX_NESTING).is_err() {
        return SourceKind::Script;
    }
    let allocator = Allocator::default();
    kind_of(&analyze(&allocator, src, Writes::Skip))
}

fn kind_of(parsed: &Parsed<'_>) -> SourceKind {
    if parsed.module_syntax || parsed.top_level_await {
        SourceKind::Module
    } else {
        SourceKind::Script
    }
}

/// Syntax errors of `src` parsed as `kind`: oxc parser errors plus the
/// semantic early errors (redeclarations etc.), in source order.
///
/// The nesting pre-check runs first; if it fails, its error is the only
/// diagnostic (the text is not parsed).
pub fn syntax_errors(src: &str, kind: SourceKind) -> Vec<Diagnostic> {
    if let Err(err) = check_nesting(src, MAX_NESTING) {
        return vec![nesting_diagnostic(src, &err)];
    }
    let allocator = Allocator::default();
    let source_type = match kind {
        SourceKind::Script => SourceType::script(),
        SourceKind::Module => SourceType::mjs(),
    };
    parse(&allocator, src, source_type, Writes::Skip).errors
}

/// The names a cell declares at top level, in source order, without
/// duplicates: `var`/`let`/`const` bindings (including destructuring),
/// functions, classes and import bindings (also inside `export`); in
/// JavaScript or TypeScript.
///
/// Works on partially invalid input (whatever oxc recovers).
pub fn declared_names(src: &str) -> Vec<String> {
    if check_nesting(src, MAX_NESTING).is_err() {
        return Vec::new();
    }
    let allocator = Allocator::default();
    let mut ret = Parser::new(&allocator, src, SourceType::unambiguous()).parse();
    if !ret.diagnostics.is_empty() {
        // TypeScript (a cell or `.ts` document) parses without the recovery JavaScript's parser needs.
        let typescript = Parser::new(&allocator, src, SourceType::ts()).parse();
        if typescript.diagnostics.is_empty() {
            ret = typescript;
        }
    }
    let mut names: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    };
    for stmt in &ret.program.body {
        let decl = match stmt {
            Statement::ExportDeclaration(export) => &export.declaration,
            Statement::ExportDefaultDeclaration(export) => {
                match &export.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                        if let Some(id) = &f.id {
                            add(&id.name);
                        }
                    }
                    ExportDefaultDeclarationKind::ClassDeclaration(c) => {
                        if let Some(id) = &c.id {
                            add(&id.name);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            Statement::ImportDeclaration(import) => {
                for spec in import.specifiers.iter().flatten() {
                    add(import_local_name(spec));
                }
                continue;
            }
            _ => match stmt.as_declaration() {
                Some(decl) => decl,
                None => continue,
            },
        };
        match decl {
            Declaration::VariableDeclaration(var) => {
                for d in &var.declarations {
                    for id in binding_names(&d.id) {
                        add(id);
                    }
                }
            }
            Declaration::FunctionDeclaration(f) => {
                if let Some(id) = &f.id {
                    add(&id.name);
                }
            }
            Declaration::ClassDeclaration(c) => {
                if let Some(id) = &c.id {
                    add(&id.name);
                }
            }
            _ => {}
        }
    }
    names
}

/// The identifiers bound by a binding pattern, in source order.
pub(crate) fn binding_names<'a>(pattern: &BindingPattern<'a>) -> Vec<&'a str> {
    pattern
        .get_binding_identifiers()
        .iter()
        .map(|id| id.name.as_str())
        .collect()
}

/// The local binding name of an import specifier.
pub(crate) fn import_local_name<'a>(spec: &ImportDeclarationSpecifier<'a>) -> &'a str {
    match spec {
        ImportDeclarationSpecifier::ImportSpecifier(s) => s.local.name.as_str(),
        ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => s.local.name.as_str(),
        ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => s.local.name.as_str(),
    }
}

/// Converts a nesting error into a diagnostic.
pub(crate) fn nesting_diagnostic(src: &str, err: &super::NestingError) -> Diagnostic {
    Diagnostic::new(src, err.message(), err.offset, err.offset + 1)
}

/// A parsed (and semantically checked) piece of text.
pub(crate) struct Parsed<'a> {
    /// The AST (arena-allocated).
    pub program: &'a Program<'a>,
    /// Parser and semantic errors, sorted by position.
    pub errors: Vec<Diagnostic>,
    /// Static `import`/`export` or `import.meta` was seen.
    pub module_syntax: bool,
    /// Spans of `import.meta` expressions.
    pub import_metas: Vec<Span>,
    /// Top-level `await`, `for await` or `await using` (outside any function).
    pub top_level_await: bool,
    /// Names read or written without a declaration in the text (global references), sorted.
    pub free_names: Vec<&'a str>,
    /// Places that assign to a top-level `const` of the text or to a global name (candidates for a `const`
    /// an earlier cell declared), in source order; empty unless parsed with [`Writes::Collect`].
    pub global_writes: Vec<GlobalWrite<'a>>,
    /// Every `catch (name) { … }`, in source order (see [`super::caught`]).
    pub catch_bodies: Vec<CatchBody<'a>>,
}

/// An assignment target that names a top-level or global binding: `k` in `k = 1`, `k++`, `[k] = a`,
/// `({k} = o)`, `for (k of a)`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GlobalWrite<'a> {
    /// The name assigned to.
    pub name: &'a str,
    /// The identifier's span.
    pub span: Span,
    /// The identifier is a shorthand property of a destructuring assignment (`{k}` or `{k = 1}`).
    pub shorthand: bool,
    /// It names a top-level `const` of this text (otherwise a name the text does not declare).
    pub own_const: bool,
}

/// Whether a parse also collects the [`GlobalWrite`]s (only REPL rewriting needs them; the language server's
/// and run-file's parses skip the work).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Writes {
    Skip,
    Collect,
}

/// Parses `src` with the given source type and runs the semantic checks.
pub(crate) fn parse<'a>(
    allocator: &'a Allocator,
    src: &'a str,
    source_type: SourceType,
    writes: Writes,
) -> Parsed<'a> {
    let ret = Parser::new(allocator, src, source_type).parse();
    let mut errors = diagnostics_of(src, &ret.diagnostics);
    let module_syntax = ret.module_record.has_module_syntax;
    let import_metas = ret.module_record.import_metas.iter().copied().collect();
    let program: &'a Program<'a> = allocator.alloc(ret.program);
    let mut top_level_await = false;
    let mut free_names = Vec::new();
    let mut global_writes = Vec::new();
    let mut catch_bodies = Vec::new();
    if !ret.panicked {
        let sem = SemanticBuilder::new()
            .with_build_nodes(true)
            .with_check_syntax_error(true)
            .build(program);
        errors.extend(diagnostics_of(src, &sem.diagnostics));
        top_level_await = has_top_level_await(&sem.semantic);
        free_names = sem
            .semantic
            .scoping()
            .root_unresolved_references()
            .keys()
            .map(|name| {
                let name: &'a str = allocator.alloc_str(name);
                name
            })
            .collect();
        free_names.sort_unstable();
        if writes == Writes::Collect {
            global_writes = writes_to_globals(allocator, &sem.semantic);
        }
        catch_bodies = catch_bodies::catch_bodies(&sem.semantic);
    }
    errors.sort_by_key(|d| (d.start, d.end));
    errors.dedup();
    Parsed {
        program,
        errors,
        module_syntax,
        import_metas,
        top_level_await,
        free_names,
        global_writes,
        catch_bodies,
    }
}

/// The [`GlobalWrite`]s of a program: write references of its top-level `const`s and its unresolved write
/// references, in source order.
fn writes_to_globals<'a>(
    allocator: &'a Allocator,
    semantic: &Semantic<'_>,
) -> Vec<GlobalWrite<'a>> {
    let scoping = semantic.scoping();
    let nodes = semantic.nodes();
    let mut writes = Vec::new();
    let mut add = |name: &str, reference: &oxc_semantic::Reference, own_const: bool| {
        if !reference.is_write() {
            return;
        }
        let node = reference.node_id();
        writes.push(GlobalWrite {
            name: allocator.alloc_str(name),
            span: nodes.get_node(node).span(),
            shorthand: matches!(
                nodes.parent_kind(node),
                AstKind::AssignmentTargetPropertyIdentifier(_)
            ),
            own_const,
        });
    };
    for &symbol in scoping.get_bindings(scoping.root_scope_id()).values() {
        if scoping.symbol_flags(symbol).is_const_variable() {
            let name = scoping.symbol_name(symbol);
            for reference in scoping.get_resolved_references(symbol) {
                add(name, reference, true);
            }
        }
    }
    for (name, references) in scoping.root_unresolved_references() {
        for &id in references {
            add(name.as_str(), scoping.get_reference(id), false);
        }
    }
    writes.sort_by_key(|w| w.span.start);
    writes
}

/// What running a file needs to know of it, from one parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    /// See [`source_kind`].
    pub kind: SourceKind,
    /// The global names the file refers to without declaring them (what its code, functions included, looks
    /// up on the global object if it was compiled before they were declared), sorted. Empty when the file does
    /// not parse.
    pub free_names: Vec<String>,
}

/// [`source_kind`] and the free names of `src`, from one parse.
pub fn file_facts(src: &str) -> FileFacts {
    if check_nesting(src, MAX_NESTING).is_err() {
        return FileFacts {
            kind: SourceKind::Script,
            free_names: Vec::new(),
        };
    }
    let allocator = Allocator::default();
    let parsed = analyze(&allocator, src, Writes::Skip);
    FileFacts {
        kind: kind_of(&parsed),
        free_names: parsed.free_names.iter().map(|n| (*n).to_owned()).collect(),
    }
}

/// Parses a REPL cell / unknown text: unambiguous first (import/export and
/// unambiguous `await` make it a module); if that yields a script, but the
/// script has errors or mentions `await`, a module parse that is error-free
/// and has a top-level `await` wins (covers `await (p)`, `await [..]`).
///
/// The unambiguous parser may read an `await` as an identifier before it
/// learns the text is a module (`await⏎ await p` became two statements), so
/// a module that mentions `await` is parsed again as a module, where every
/// `await` is the keyword — as it is in the async wrapper a cell runs in.
pub(crate) fn analyze<'a>(allocator: &'a Allocator, src: &'a str, writes: Writes) -> Parsed<'a> {
    let first = parse(allocator, src, SourceType::unambiguous(), writes);
    if first.program.source_type.is_module() {
        if src.contains("await") {
            return parse(allocator, src, SourceType::mjs(), writes);
        }
        return first;
    }
    if !first.errors.is_empty() || src.contains("await") {
        let module = parse(allocator, src, SourceType::mjs(), writes);
        if module.errors.is_empty() && module.top_level_await {
            return module;
        }
    }
    first
}

fn has_top_level_await(semantic: &Semantic<'_>) -> bool {
    let nodes = semantic.nodes();
    nodes.iter().any(|node| {
        let is_await = match node.kind() {
            AstKind::AwaitExpression(_) => true,
            AstKind::ForOfStatement(f) => f.r#await,
            AstKind::VariableDeclaration(d) => d.kind == VariableDeclarationKind::AwaitUsing,
            _ => false,
        };
        is_await
            && !nodes.ancestor_kinds(node.id()).any(|k| {
                matches!(
                    k,
                    AstKind::Function(_)
                        | AstKind::ArrowFunctionExpression(_)
                        | AstKind::StaticBlock(_)
                        | AstKind::PropertyDefinition(_)
                )
            })
    })
}

/// oxc's diagnostics of `src` (parser, semantic or transformer) as [`Diagnostic`]s, in oxc's order.
pub(crate) fn diagnostics_of(
    src: &str,
    diagnostics: &[oxc_diagnostics::OxcDiagnostic],
) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .map(|d| {
            oxc_diagnostic(
                src,
                &d.message,
                d.labels.iter().map(|l| (l.primary(), l.span())),
            )
        })
        .collect()
}

/// Converts an oxc diagnostic (message + labels) into a [`Diagnostic`],
/// positioned at its primary label (or its first label, or offset 0).
fn oxc_diagnostic(
    src: &str,
    message: &str,
    labels: impl Iterator<Item = (bool, Span)>,
) -> Diagnostic {
    let labels: Vec<(bool, Span)> = labels.collect();
    let span = labels
        .iter()
        .find(|(primary, _)| *primary)
        .or(labels.first())
        .map_or(Span::new(0, 0), |(_, span)| *span);
    Diagnostic::new(src, message, span.start as usize, span.end as usize)
}

/// Line and column (1-based, chars) of the first reference to the global `name` that no scope declares —
/// where a `ReferenceError: name is not defined` happened when the engine reports no position.
pub fn find_identifier(src: &str, name: &str) -> Option<(u32, u32)> {
    find_identifier_from(src, name, 1, 1)
}

/// Like [`find_identifier`], for the first such reference at or after `line`:`column` (e.g. inside the
/// function whose start the engine reported).
pub fn find_identifier_from(src: &str, name: &str, line: u32, column: u32) -> Option<(u32, u32)> {
    with_semantic(src, |semantic| {
        find_reference(semantic, src, name, line, column)
    })
}

/// Runs `work` over the semantic model of a cell or file (its nodes built), JavaScript or TypeScript; `None`
/// when the text nests too deeply to analyse.
pub(crate) fn with_semantic<T>(
    src: &str,
    work: impl FnOnce(&Semantic<'_>) -> Option<T>,
) -> Option<T> {
    if super::check_nesting(src, super::MAX_NESTING).is_err() {
        return None;
    }
    let allocator = Allocator::default();
    let mut parsed = analyze(&allocator, src, Writes::Skip);
    if !parsed.errors.is_empty() {
        // TypeScript (a cell or `.ts` file that ran with its types stripped).
        let typescript = parse(&allocator, src, SourceType::ts(), Writes::Skip);
        if typescript.errors.is_empty() {
            parsed = typescript;
        }
    }
    let semantic = SemanticBuilder::new()
        .with_build_nodes(true)
        .build(parsed.program)
        .semantic;
    work(&semantic)
}

fn find_reference(
    semantic: &Semantic<'_>,
    src: &str,
    name: &str,
    line: u32,
    column: u32,
) -> Option<(u32, u32)> {
    let scoping = semantic.scoping();
    let references = scoping.root_unresolved_references().get(name)?;
    let from = super::offset_of(src, line, column) as u32;
    let start = references
        .iter()
        .map(|id| {
            semantic
                .nodes()
                .get_node(scoping.get_reference(*id).node_id())
                .span()
                .start
        })
        .filter(|start| *start >= from)
        .min()?;
    Some(super::line_col(src, start as usize))
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    fn check_errors(src: &str, kind: SourceKind, expect: Expect) {
        let out: Vec<String> = syntax_errors(src, kind)
            .iter()
            .map(|d| {
                format!(
                    "{}:{} [{}..{}] {}",
                    d.line, d.column, d.start, d.end, d.message
                )
            })
            .collect();
        expect.assert_eq(&out.join("\n"));
    }

    #[test]
    fn kinds() {
        assert_eq!(
            file_facts("function f() { return later + x }\nlet x = 1"),
            FileFacts {
                kind: SourceKind::Script,
                free_names: vec!["later".to_owned()],
            }
        );
        assert_eq!(file_facts("await p").kind, SourceKind::Module);
        assert_eq!(source_kind("let x = 1; x"), SourceKind::Script);
        assert_eq!(source_kind("import x from './m.js'"), SourceKind::Module);
        assert_eq!(source_kind("export const a = 1"), SourceKind::Module);
        assert_eq!(
            source_kind("const z = await Promise.resolve(3)"),
            SourceKind::Module
        );
        assert_eq!(source_kind("await (p)"), SourceKind::Module);
        assert_eq!(
            source_kind("for await (const x of xs) {}"),
            SourceKind::Module
        );
        assert_eq!(
            source_kind("const m = import('./m.js')"),
            SourceKind::Script
        );
        assert_eq!(
            source_kind("async function f() { await g() }"),
            SourceKind::Script
        );
        assert_eq!(source_kind("var await = 1; await"), SourceKind::Script);
        assert_eq!(source_kind("import.meta.url"), SourceKind::Module);
    }

    #[test]
    fn errors() {
        check_errors(
            "let x = 1;\nlet x = 2;",
            SourceKind::Script,
            expect![[r#"
            1:5 [4..5] Identifier `x` has already been declared"#]],
        );
        check_errors(
            "let = ;",
            SourceKind::Script,
            expect!["1:7 [6..7] Unexpected token"],
        );
        check_errors(
            "const é = 'ü';  é +* 2",
            SourceKind::Script,
            expect!["1:20 [22..23] Unexpected token"],
        );
        check_errors(
            "with (o) {}",
            SourceKind::Module,
            expect!["1:1 [0..4] 'with' statements are not allowed"],
        );
        check_errors("with (o) {}", SourceKind::Script, expect![[""]]);
        check_errors(
            &"[".repeat(5000),
            SourceKind::Script,
            expect!["1:1001 [1000..1001] code is nested too deeply (more than 1000 levels)"],
        );
    }

    #[test]
    fn names() {
        let names = declared_names(
            "let a = 1, {b, c: [d]} = o; function f() { let inner; } class C {}\n\
             import x, {y as z} from 'm'; export const e = 1; for (let i = 0;;) {}\nvar a;",
        );
        assert_eq!(names, ["a", "b", "d", "f", "C", "x", "z", "e"]);
        // TypeScript: annotations would stop JavaScript's parser at the first `:`.
        let names = declared_names(
            "interface P { x: number }\nconst total: number = 1;\nfunction f<T>(a: T): T { return a }\nclass K implements P { x = 1 }",
        );
        assert_eq!(names, ["total", "f", "K"]);
    }
}
