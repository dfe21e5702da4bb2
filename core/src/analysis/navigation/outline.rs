//! A file's outline (its symbols, nested) and its foldable regions, from one walk over the syntax nodes.

use oxc_ast::AstKind;
use oxc_ast::ast::{MethodDefinitionKind, PropertyKey, Statement, VariableDeclarationKind};
use oxc_semantic::Semantic;
use oxc_span::GetSpan;

use super::TextSpan;

/// What an outline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineKind {
    Function,
    Class,
    Method,
    Constructor,
    /// An object literal's property, a getter or a setter.
    Property,
    /// A class field.
    Field,
    Variable,
    Constant,
    Interface,
    TypeAlias,
    Enum,
}

/// One symbol of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineSymbol {
    pub name: String,
    pub kind: OutlineKind,
    /// The whole declaration.
    pub span: TextSpan,
    /// Its name.
    pub name_span: TextSpan,
    pub children: Vec<OutlineSymbol>,
}

/// What a folding region holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    /// A block, a body, a literal spanning lines.
    Region,
    Comment,
    /// Consecutive import statements.
    Imports,
}

/// A region an editor can fold (it spans more than one line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldingRegion {
    pub span: TextSpan,
    pub kind: FoldKind,
}

fn span(span: oxc_span::Span) -> TextSpan {
    TextSpan::new(span.start as usize, span.end as usize)
}

/// The outline and the folding regions of a program.
pub(super) fn collect(
    semantic: &Semantic<'_>,
    src: &str,
) -> (Vec<OutlineSymbol>, Vec<FoldingRegion>) {
    let nodes = semantic.nodes();
    let mut entries: Vec<OutlineSymbol> = Vec::new();
    let mut folds: Vec<FoldingRegion> = Vec::new();
    // Object literals whose properties belong in the outline (initialisers of variables and of properties
    // already in it).
    let mut outlined_objects: Vec<oxc_semantic::NodeId> = Vec::new();
    let spans_lines = |s: TextSpan| src.get(s.start..s.end).is_some_and(|t| t.contains('\n'));
    for node in nodes.iter() {
        let kind = node.kind();
        let mut add = |name: &str, kind: OutlineKind, whole: TextSpan, name_span: TextSpan| {
            entries.push(OutlineSymbol {
                name: name.to_owned(),
                kind,
                span: whole,
                name_span,
                children: Vec::new(),
            });
        };
        match kind {
            AstKind::Function(f) => {
                if let Some(id) = &f.id {
                    add(&id.name, OutlineKind::Function, span(f.span), span(id.span));
                }
            }
            AstKind::Class(c) => {
                if let Some(id) = &c.id {
                    add(&id.name, OutlineKind::Class, span(c.span), span(id.span));
                }
            }
            AstKind::MethodDefinition(m) => {
                if let Some(name) = key_name(&m.key) {
                    let kind = match m.kind {
                        MethodDefinitionKind::Constructor => OutlineKind::Constructor,
                        MethodDefinitionKind::Method => OutlineKind::Method,
                        MethodDefinitionKind::Get | MethodDefinitionKind::Set => {
                            OutlineKind::Property
                        }
                    };
                    add(&name, kind, span(m.span), span(m.key.span()));
                }
            }
            AstKind::PropertyDefinition(p) => {
                if let Some(name) = key_name(&p.key) {
                    add(&name, OutlineKind::Field, span(p.span), span(p.key.span()));
                }
            }
            AstKind::VariableDeclarator(d) => {
                if let Some(id) = d.id.get_binding_identifier() {
                    let constant = matches!(
                        nodes.parent_kind(node.id()),
                        AstKind::VariableDeclaration(v) if v.kind == VariableDeclarationKind::Const
                    );
                    let kind = if constant {
                        OutlineKind::Constant
                    } else {
                        OutlineKind::Variable
                    };
                    add(&id.name, kind, span(d.span), span(id.span));
                    if let Some(oxc_ast::ast::Expression::ObjectExpression(object)) = &d.init {
                        outlined_objects.push(object.node_id.get());
                    }
                }
            }
            AstKind::ObjectProperty(p)
                if outlined_objects.contains(&nodes.parent_id(node.id())) =>
            {
                if let Some(name) = key_name(&p.key) {
                    let kind = if p.method
                        || matches!(
                            p.value,
                            oxc_ast::ast::Expression::FunctionExpression(_)
                                | oxc_ast::ast::Expression::ArrowFunctionExpression(_)
                        ) {
                        OutlineKind::Method
                    } else {
                        OutlineKind::Property
                    };
                    add(&name, kind, span(p.span), span(p.key.span()));
                    if let oxc_ast::ast::Expression::ObjectExpression(object) = &p.value {
                        outlined_objects.push(object.node_id.get());
                    }
                }
            }
            AstKind::TSInterfaceDeclaration(t) => {
                add(
                    &t.id.name,
                    OutlineKind::Interface,
                    span(t.span),
                    span(t.id.span),
                );
            }
            AstKind::TSTypeAliasDeclaration(t) => {
                add(
                    &t.id.name,
                    OutlineKind::TypeAlias,
                    span(t.span),
                    span(t.id.span),
                );
            }
            AstKind::TSEnumDeclaration(t) => {
                add(&t.id.name, OutlineKind::Enum, span(t.span), span(t.id.span));
            }
            _ => {}
        }
        let foldable = matches!(
            kind,
            AstKind::FunctionBody(_)
                | AstKind::BlockStatement(_)
                | AstKind::ClassBody(_)
                | AstKind::ObjectExpression(_)
                | AstKind::ArrayExpression(_)
                | AstKind::TemplateLiteral(_)
                | AstKind::SwitchStatement(_)
                | AstKind::ObjectPattern(_)
                | AstKind::ArrayPattern(_)
                | AstKind::TSInterfaceBody(_)
                | AstKind::TSEnumBody(_)
                | AstKind::TSTypeLiteral(_)
                | AstKind::JSXElement(_)
        );
        if foldable {
            let region = span(kind.span());
            if spans_lines(region) {
                folds.push(FoldingRegion {
                    span: region,
                    kind: FoldKind::Region,
                });
            }
        }
    }
    for comment in semantic.comments() {
        let region = span(comment.span);
        if spans_lines(region) {
            folds.push(FoldingRegion {
                span: region,
                kind: FoldKind::Comment,
            });
        }
    }
    folds.extend(import_runs(&nodes.program().body, &spans_lines));
    folds.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    folds.dedup_by_key(|f| f.span);
    (nest(entries), folds)
}

/// A property key's name, unless it is computed.
fn key_name(key: &PropertyKey<'_>) -> Option<String> {
    key.static_name().map(|name| name.into_owned())
}

/// Runs of two or more consecutive import statements.
fn import_runs(
    body: &[Statement<'_>],
    spans_lines: &dyn Fn(TextSpan) -> bool,
) -> Vec<FoldingRegion> {
    let mut runs = Vec::new();
    let mut run: Option<TextSpan> = None;
    for statement in body {
        match (statement, run.as_mut()) {
            (Statement::ImportDeclaration(import), Some(current)) => {
                current.end = import.span.end as usize
            }
            (Statement::ImportDeclaration(import), None) => run = Some(span(import.span)),
            (_, _) => {
                if let Some(done) = run.take() {
                    runs.push(done);
                }
            }
        }
    }
    runs.extend(run);
    runs.into_iter()
        .filter(|r| spans_lines(*r))
        .map(|span| FoldingRegion {
            span,
            kind: FoldKind::Imports,
        })
        .collect()
}

/// Nests entries by containment (an entry inside another's span is its child).
fn nest(mut entries: Vec<OutlineSymbol>) -> Vec<OutlineSymbol> {
    entries.sort_by_key(|e| (e.span.start, std::cmp::Reverse(e.span.end)));
    let mut roots: Vec<OutlineSymbol> = Vec::new();
    // The chain of open entries, outermost first.
    let mut open: Vec<OutlineSymbol> = Vec::new();
    for entry in entries {
        while let Some(top) = open.last() {
            if top.span.contains_span(&entry.span) {
                break;
            }
            close(&mut open, &mut roots);
        }
        open.push(entry);
    }
    while !open.is_empty() {
        close(&mut open, &mut roots);
    }
    roots
}

/// Closes the innermost open entry: it becomes a child of the next one out, or a root.
fn close(open: &mut Vec<OutlineSymbol>, roots: &mut Vec<OutlineSymbol>) {
    if let Some(done) = open.pop() {
        match open.last_mut() {
            Some(parent) => parent.children.push(done),
            None => roots.push(done),
        }
    }
}
