//! Building a [`NavigationIndex`]: one parse, one semantic pass, everything queries need copied out.

use std::borrow::Cow;

use oxc_allocator::Allocator;
use oxc_ast::AstKind;
use oxc_parser::Parser;
use oxc_semantic::{Semantic, SemanticBuilder};
use oxc_span::{GetSpan, SourceType};
use oxc_syntax::symbol::SymbolFlags;

use super::{
    NavigationIndex, Occurrence, OccurrenceKind, Scope, Shorthand, Symbol, SymbolKind, Target,
    TextSpan, calls, incremental, modules, outline, ranges, types,
};
use crate::analysis::{MAX_NESTING, check_nesting};

pub(super) fn build(src: &str, typescript: bool) -> NavigationIndex {
    let empty = NavigationIndex {
        text_len: src.len(),
        ..NavigationIndex::default()
    };
    if check_nesting(src, MAX_NESTING).is_err() {
        return empty;
    }
    let allocator = Allocator::default();
    let source_type = if typescript {
        SourceType::ts()
    } else {
        // `<` cannot start a JavaScript expression, so JSX costs nothing to accept.
        SourceType::unambiguous().with_jsx(true)
    };
    // Text being edited is often broken where the cursor is; the parser gives up on some mistakes. Each
    // line it gave up on is blanked (same length: every span stays valid) and the rest parsed again, so the
    // rest of the file still answers.
    let mut text = Cow::Borrowed(src);
    let mut parsed = Parser::new(&allocator, allocator.alloc_str(&text), source_type).parse();
    // A clean parse of JavaScript can be reused after an edit (see `incremental`); text with errors (even
    // once lines are blanked), or TypeScript (whose type and value names resolve apart), is indexed whole.
    let reusable = !typescript && !parsed.panicked && parsed.diagnostics.is_empty();
    for _ in 0..MAX_BLANKED_LINES {
        if !parsed.panicked {
            break;
        }
        let Some(at) = parsed
            .diagnostics
            .first()
            .and_then(|d| d.labels.first().map(|l| l.offset()))
        else {
            break;
        };
        text = Cow::Owned(blank_line(&text, at as usize));
        // A blanked line changes what the rest is (the `/*` or quote it held no longer hides anything):
        // the pre-scan checks the new text too.
        if check_nesting(&text, MAX_NESTING).is_err() {
            return empty;
        }
        parsed = Parser::new(&allocator, allocator.alloc_str(&text), source_type).parse();
    }
    if parsed.panicked {
        return empty;
    }
    // A top-level `await` without import/export parses only as a module (a notebook cell, a script).
    if !typescript && !parsed.diagnostics.is_empty() && !parsed.module_record.has_module_syntax {
        let as_module = Parser::new(
            &allocator,
            allocator.alloc_str(&text),
            SourceType::mjs().with_jsx(true),
        )
        .parse();
        if !as_module.panicked && as_module.diagnostics.len() < parsed.diagnostics.len() {
            parsed = as_module;
        }
    }
    let program = allocator.alloc(parsed.program);
    let semantic = SemanticBuilder::new()
        .with_build_nodes(true)
        .build(program)
        .semantic;
    let mut index = index_of(&semantic, program, src);
    if reusable {
        index.reuse = Some(incremental::Reuse::collect(&semantic, program));
    }
    index
}

/// Copies out of oxc's semantic model of `program` (parsed from `src`) everything queries need.
pub(super) fn index_of(
    semantic: &Semantic<'_>,
    program: &oxc_ast::ast::Program<'_>,
    src: &str,
) -> NavigationIndex {
    let mut index = NavigationIndex {
        text_len: src.len(),
        ..NavigationIndex::default()
    };
    collect_scopes(semantic, &mut index);
    collect_occurrences(semantic, &mut index);
    index.shorthands = shorthands(semantic);
    (index.imports, index.exports) = modules::collect(program);
    mark_namespace_imports(&mut index);
    resolve_exports(&mut index);
    (index.calls, index.parameters) = calls::collect(semantic, src);
    index.stated_types = types::collect(semantic);
    let (outline, folds) = outline::collect(semantic, src);
    index.outline = outline;
    index.folds = folds;
    index.nodes = ranges::SyntaxSpans::new(
        semantic
            .nodes()
            .iter()
            .map(|node| span_of(node.kind().span()))
            .collect(),
    );
    index
}

/// How many lines the parser may give up on before the index is left empty.
const MAX_BLANKED_LINES: usize = 8;

/// `text` with the line containing byte `at` replaced by spaces (same byte length, line ends kept); when that
/// line is blank (an error at the end of the text), the last line before it that is not.
fn blank_line(text: &str, at: usize) -> String {
    let mut at = crate::line_index::floor_char_boundary(text, at.min(text.len()));
    let line_of = |at: usize| {
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        (start, end)
    };
    let (mut start, mut end) = line_of(at);
    while text[start..end].trim().is_empty() && start > 0 {
        at = start - 1;
        (start, end) = line_of(at);
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.extend(std::iter::repeat_n(' ', end - start));
    out.push_str(&text[end..]);
    out
}

pub(super) fn span_of(span: oxc_span::Span) -> TextSpan {
    TextSpan::new(span.start as usize, span.end as usize)
}

fn collect_scopes(semantic: &Semantic<'_>, index: &mut NavigationIndex) {
    let scoping = semantic.scoping();
    let nodes = semantic.nodes();
    index.scopes = (0..scoping.scopes_len())
        .map(|i| {
            let id = oxc_syntax::scope::ScopeId::from_usize(i);
            Scope {
                parent: scoping.scope_parent_id(id).map(|p| p.index() as u32),
                span: span_of(nodes.kind(scoping.get_node_id(id)).span()),
                symbols: scoping
                    .get_bindings(id)
                    .values()
                    .map(|symbol| symbol.index() as u32)
                    .collect(),
            }
        })
        .collect();
}

fn collect_occurrences(semantic: &Semantic<'_>, index: &mut NavigationIndex) {
    let scoping = semantic.scoping();
    let nodes = semantic.nodes();
    let mut occurrences: Vec<(Occurrence, u32)> = Vec::new();
    let mut symbols = Vec::with_capacity(scoping.symbols_len());
    for symbol in scoping.symbol_ids() {
        let number = symbol.index() as u32;
        let flags = scoping.symbol_flags(symbol);
        let declaration = scoping.symbol_declaration(symbol);
        let scope = scoping.symbol_scope_id(symbol).index() as u32;
        let span = span_of(scoping.symbol_span(symbol));
        let is_parameter = matches!(nodes.kind(declaration), AstKind::FormalParameter(_))
            || matches!(nodes.parent_kind(declaration), AstKind::FormalParameter(_));
        symbols.push(Symbol {
            name: scoping.symbol_name(symbol).to_owned(),
            kind: kind_of(flags, is_parameter),
            span,
            scope,
            occurrences: Vec::new(),
        });
        let redeclared = scoping
            .symbol_redeclarations(symbol)
            .iter()
            .map(|r| span_of(r.span))
            .filter(|s| *s != span);
        for span in std::iter::once(span).chain(redeclared) {
            occurrences.push((
                Occurrence {
                    span,
                    kind: OccurrenceKind::Declaration,
                    target: Target::Symbol(number),
                },
                scope,
            ));
        }
        occurrences.extend(
            scoping
                .get_resolved_references(symbol)
                .map(|reference| reference_occurrence(nodes, reference, Target::Symbol(number))),
        );
    }
    let mut globals: Vec<(String, Vec<u32>)> = Vec::new();
    for (name, references) in scoping.root_unresolved_references() {
        let number = globals.len() as u32;
        globals.push((name.to_string(), Vec::new()));
        occurrences.extend(references.iter().map(|&id| {
            reference_occurrence(nodes, scoping.get_reference(id), Target::Global(number))
        }));
    }
    occurrences.sort_by_key(|(o, _)| (o.span.start, o.span.end));
    occurrences.dedup_by_key(|(o, _)| (o.span.start, o.span.end));
    for (i, (occurrence, _)) in occurrences.iter().enumerate() {
        match occurrence.target {
            Target::Symbol(s) => symbols[s as usize].occurrences.push(i as u32),
            Target::Global(g) => globals[g as usize].1.push(i as u32),
        }
    }
    index.occurrence_scopes = occurrences.iter().map(|(_, scope)| *scope).collect();
    index.occurrences = occurrences.into_iter().map(|(o, _)| o).collect();
    index.symbols = symbols;
    index.globals = globals;
}

/// A reference as an occurrence of `target`, with the scope it is in.
fn reference_occurrence(
    nodes: &oxc_semantic::AstNodes<'_>,
    reference: &oxc_semantic::Reference,
    target: Target,
) -> (Occurrence, u32) {
    let node = nodes.get_node(reference.node_id());
    let kind = match (reference.is_read(), reference.is_write()) {
        (true, true) => OccurrenceKind::ReadWrite,
        (false, true) => OccurrenceKind::Write,
        _ => OccurrenceKind::Read,
    };
    let occurrence = Occurrence {
        span: span_of(node.kind().span()),
        kind,
        target,
    };
    (occurrence, node.scope_id().index() as u32)
}

fn kind_of(flags: SymbolFlags, is_parameter: bool) -> SymbolKind {
    if is_parameter {
        SymbolKind::Parameter
    } else if flags.contains(SymbolFlags::CatchVariable) {
        SymbolKind::CatchParameter
    } else if flags.intersects(SymbolFlags::Import | SymbolFlags::TypeImport) {
        SymbolKind::Import
    } else if flags.contains(SymbolFlags::Class) {
        SymbolKind::Class
    } else if flags.contains(SymbolFlags::Function) {
        SymbolKind::Function
    } else if flags.contains(SymbolFlags::ConstVariable) {
        SymbolKind::Constant
    } else if flags.contains(SymbolFlags::Interface) {
        SymbolKind::Interface
    } else if flags.contains(SymbolFlags::TypeAlias) {
        SymbolKind::TypeAlias
    } else if flags.intersects(SymbolFlags::Enum) {
        SymbolKind::Enum
    } else if flags.contains(SymbolFlags::EnumMember) {
        SymbolKind::EnumMember
    } else if flags.contains(SymbolFlags::TypeParameter) {
        SymbolKind::TypeParameter
    } else if flags.intersects(SymbolFlags::NamespaceModule | SymbolFlags::ValueModule) {
        SymbolKind::Namespace
    } else {
        SymbolKind::Variable
    }
}

/// Occurrence starts written as shorthand properties: `{ a }` in an object literal, a destructuring
/// pattern (`const { a = 1 } = o`) or an assignment target (`({ a } = o)`).
fn shorthands(semantic: &Semantic<'_>) -> Vec<(usize, Shorthand)> {
    let mut out: Vec<(usize, Shorthand)> = semantic
        .nodes()
        .iter()
        .filter_map(|node| match node.kind() {
            AstKind::ObjectProperty(p) if p.shorthand => {
                Some((p.value.span().start, Shorthand::Property))
            }
            AstKind::BindingProperty(p) if p.shorthand => p
                .value
                .get_binding_identifier()
                .map(|identifier| (identifier.span.start, Shorthand::Property)),
            AstKind::AssignmentTargetPropertyIdentifier(p) => {
                Some((p.binding.span.start, Shorthand::Property))
            }
            AstKind::ImportSpecifier(s) if s.imported.span() == s.local.span => {
                Some((s.local.span.start, Shorthand::Import))
            }
            _ => None,
        })
        .map(|(start, kind)| (start as usize, kind))
        .collect();
    // `export { a, b }`: several specifiers per node.
    for node in semantic.nodes().iter() {
        if let AstKind::ExportNamedDeclaration(export) = node.kind() {
            out.extend(
                export
                    .specifiers
                    .iter()
                    .filter(|s| s.local.span() == s.exported.span())
                    .map(|s| (s.local.span().start as usize, Shorthand::Export)),
            );
        }
    }
    out.sort_unstable_by_key(|(start, _)| *start);
    out.dedup_by_key(|(start, _)| *start);
    out
}

/// Namespace imports (`import * as lib`) are namespaces, not plain imports.
fn mark_namespace_imports(index: &mut NavigationIndex) {
    for import in &index.imports {
        if import.imported == modules::Imported::Namespace
            && let Some(symbol) = index
                .symbols
                .iter_mut()
                .find(|s| s.span == import.local_span)
        {
            symbol.kind = SymbolKind::Namespace;
        }
    }
}

/// Points each local export (`export { a }`, `export default a`) at the declaration of what it exports: a
/// binding of the module scope.
pub(super) fn resolve_exports(index: &mut NavigationIndex) {
    let Some(module_scope) = index.scopes.first() else {
        return;
    };
    for export in &mut index.exports {
        if export.from.is_some() || export.declaration.is_some() {
            continue;
        }
        let Some((local, _)) = &export.local else {
            continue;
        };
        export.declaration = module_scope
            .symbols
            .iter()
            .filter_map(|&symbol| index.symbols.get(symbol as usize))
            .find(|symbol| symbol.name == *local)
            .map(|symbol| symbol.span);
    }
}
