//! A file's outline (its symbols, nested) and its foldable regions, from one walk over the syntax nodes.

use std::collections::HashSet;

use oxc_ast::AstKind;
use oxc_ast::ast::{
    Expression, MethodDefinitionKind, PropertyKey, Statement, VariableDeclarationKind,
};
use oxc_semantic::Semantic;
use oxc_span::GetSpan;

use super::TextSpan;

/// What an outline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineKind {
    /// A function declaration, or a variable holding a function or an arrow function.
    Function,
    /// A class declaration, or a variable holding a class expression.
    Class,
    /// A class method, or an object literal's method or function-valued property.
    Method,
    /// A class's `constructor`.
    Constructor,
    /// An object literal's property, a getter or a setter.
    Property,
    /// A class field.
    Field,
    /// A `var` or `let` (outside functions).
    Variable,
    /// A `const` (outside functions).
    Constant,
    /// TypeScript `interface`.
    Interface,
    /// TypeScript `type`.
    TypeAlias,
    /// TypeScript `enum`.
    Enum,
}

/// One symbol of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineSymbol {
    /// The name (a property's key, `#name` for a private member).
    pub name: String,
    /// What it is.
    pub kind: OutlineKind,
    /// The whole declaration.
    pub span: TextSpan,
    /// Its name.
    pub name_span: TextSpan,
    /// The entries inside it, in text order.
    pub children: Vec<OutlineSymbol>,
}

/// What a folding region holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    /// A block, a body, a literal spanning lines.
    Region,
    /// A comment spanning lines.
    Comment,
    /// Consecutive import statements.
    Imports,
}

/// A region an editor can fold (it spans more than one line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldingRegion {
    /// The region (a caller converts it to lines).
    pub span: TextSpan,
    /// What it holds.
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
    let mut outlined_objects: HashSet<oxc_semantic::NodeId> = HashSet::new();
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
            AstKind::Function(f) if !named_by_parent(nodes.parent_kind(node.id())) => {
                if let Some(id) = &f.id {
                    add(&id.name, OutlineKind::Function, span(f.span), span(id.span));
                }
            }
            AstKind::Class(c) if !named_by_parent(nodes.parent_kind(node.id())) => {
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
                let function_valued = matches!(
                    d.init,
                    Some(
                        Expression::FunctionExpression(_)
                            | Expression::ArrowFunctionExpression(_)
                            | Expression::ClassExpression(_)
                    )
                );
                // Inside a function only the variables holding functions or classes are outlined (a
                // loop counter is not part of a file's shape).
                let in_function = || {
                    nodes.ancestor_kinds(node.id()).any(|k| {
                        matches!(
                            k,
                            AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)
                        )
                    })
                };
                if let Some(id) = d.id.get_binding_identifier()
                    && (function_valued || !in_function())
                {
                    let constant = matches!(
                        nodes.parent_kind(node.id()),
                        AstKind::VariableDeclaration(v) if v.kind == VariableDeclarationKind::Const
                    );
                    let kind = match &d.init {
                        Some(
                            Expression::FunctionExpression(_)
                            | Expression::ArrowFunctionExpression(_),
                        ) => OutlineKind::Function,
                        Some(Expression::ClassExpression(_)) => OutlineKind::Class,
                        _ if constant => OutlineKind::Constant,
                        _ => OutlineKind::Variable,
                    };
                    add(&id.name, kind, span(d.span), span(id.span));
                    if let Some(Expression::ObjectExpression(object)) = &d.init {
                        outlined_objects.insert(object.node_id.get());
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
                            Expression::FunctionExpression(_)
                                | Expression::ArrowFunctionExpression(_)
                        ) {
                        OutlineKind::Method
                    } else {
                        OutlineKind::Property
                    };
                    add(&name, kind, span(p.span), span(p.key.span()));
                    if let Expression::ObjectExpression(object) = &p.value {
                        outlined_objects.insert(object.node_id.get());
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

/// Whether a function or class expression is already outlined under its parent's name (`const f =
/// function g() {}` is `f`).
fn named_by_parent(parent: AstKind<'_>) -> bool {
    matches!(
        parent,
        AstKind::VariableDeclarator(_) | AstKind::ObjectProperty(_)
    )
}

/// A property key's name (`#name` for a private one), unless it is computed.
fn key_name(key: &PropertyKey<'_>) -> Option<String> {
    match key {
        PropertyKey::PrivateIdentifier(private) => Some(format!("#{}", private.name)),
        _ => key.static_name().map(|name| name.into_owned()),
    }
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
pub(super) fn nest(mut entries: Vec<OutlineSymbol>) -> Vec<OutlineSymbol> {
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

#[cfg(test)]
mod tests {
    use super::super::NavigationIndex;
    use super::*;

    /// `name:Kind[children]` for each entry.
    fn tree(symbols: &[OutlineSymbol]) -> Vec<String> {
        symbols
            .iter()
            .map(|s| {
                let children = if s.children.is_empty() {
                    String::new()
                } else {
                    format!("[{}]", tree(&s.children).join(","))
                };
                format!("{}:{:?}{children}", s.name, s.kind)
            })
            .collect()
    }

    #[test]
    fn functions_show_their_functions_and_classes_not_their_locals() {
        let src = "function h() {\n  for (let i = 0; i < 2; i++) {}\n  const n = 1;\n  \
                   const inner = () => n;\n  const K = class Named {};\n  function deep() {}\n}\n\
                   let top = 1;\nconst f = function g() {};";
        let index = NavigationIndex::build(src, false);
        assert_eq!(
            tree(index.outline()),
            [
                "h:Function[inner:Function,K:Class,deep:Function]",
                "top:Variable",
                "f:Function"
            ]
        );
    }

    #[test]
    fn classes_and_exported_declarations() {
        let src = "export default class A {\n  #x = 1;\n  constructor() {}\n  #p() {}\n  get y() { return 1; }\n  \
                   static m() { return A; }\n}\nexport const o = { m() {}, n: () => 2, p: { q: 1 } };";
        let index = NavigationIndex::build(src, false);
        assert_eq!(
            tree(index.outline()),
            [
                "A:Class[#x:Field,constructor:Constructor,#p:Method,y:Property,m:Method]",
                "o:Constant[m:Method,n:Method,p:Property[q:Property]]"
            ]
        );
        let method = &index.outline()[0].children[4];
        assert_eq!(&src[method.name_span.start..method.name_span.end], "m");
        assert!(src[method.span.start..method.span.end].starts_with("static m()"));
    }

    #[test]
    fn folds_cover_blocks_literals_comments_and_import_runs() {
        let src = "import a from 'a';\nimport b from 'b';\n/**\n * doc\n */\nconst t = `x\ny`;\n\
                   const o = {\n  k: [\n    1,\n  ],\n};\nif (a) { b(); }\n";
        let index = NavigationIndex::build(src, false);
        let folds: Vec<(&str, FoldKind)> = index
            .folding_regions()
            .iter()
            .map(|f| (&src[f.span.start..f.span.end], f.kind))
            .collect();
        assert_eq!(
            folds,
            [
                ("import a from 'a';\nimport b from 'b';", FoldKind::Imports),
                ("/**\n * doc\n */", FoldKind::Comment),
                ("`x\ny`", FoldKind::Region),
                ("{\n  k: [\n    1,\n  ],\n}", FoldKind::Region),
                ("[\n    1,\n  ]", FoldKind::Region),
            ]
        );
    }

    #[test]
    fn typescript_declarations_are_outlined() {
        let src = "interface P { x: number }\ntype Q = P;\nenum E { A }\nnamespace N { export const v = 1; }";
        let index = NavigationIndex::build(src, true);
        assert_eq!(
            tree(index.outline()),
            ["P:Interface", "Q:TypeAlias", "E:Enum", "v:Constant"]
        );
    }
}
