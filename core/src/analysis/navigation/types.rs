//! The type of a name where the syntax states it: a TypeScript annotation naming a type
//! (`let s: Store`, `(s: ns.Store)`, `Store[]`), or an initialiser that constructs one (`new Store()`) —
//! what go-to-type-definition follows without a type checker.

use oxc_ast::AstKind;
use oxc_ast::ast::{BindingPattern, Expression, TSType, TSTypeAnnotation, TSTypeName};
use oxc_semantic::Semantic;

use super::TextSpan;
use super::build::span_of;
use super::calls::last_name;

/// For each name whose type is stated: its declaring identifier and the identifier naming the type (the
/// last name of `ns.Store`), sorted by the declaring identifier.
pub(super) fn collect(semantic: &Semantic<'_>) -> Vec<(TextSpan, TextSpan)> {
    let mut out = Vec::new();
    for node in semantic.nodes().iter() {
        let found = match node.kind() {
            AstKind::VariableDeclarator(declarator) => declared(
                &declarator.id,
                declarator.type_annotation.as_deref(),
                declarator.init.as_ref(),
            ),
            AstKind::FormalParameter(parameter) => declared(
                &parameter.pattern,
                parameter.type_annotation.as_deref(),
                parameter.initializer.as_deref(),
            ),
            _ => None,
        };
        out.extend(found);
    }
    out.sort_unstable_by_key(|(declared, _)| *declared);
    out.dedup_by_key(|(declared, _)| *declared);
    out
}

/// A declared identifier (with or without a default) and its stated type.
fn declared(
    pattern: &BindingPattern<'_>,
    annotation: Option<&TSTypeAnnotation<'_>>,
    init: Option<&Expression<'_>>,
) -> Option<(TextSpan, TextSpan)> {
    let id = pattern.get_binding_identifier()?;
    Some((span_of(id.span), stated_type(annotation, init)?))
}

/// The type name an annotation states, else the class an initialiser constructs.
fn stated_type(
    annotation: Option<&TSTypeAnnotation<'_>>,
    init: Option<&Expression<'_>>,
) -> Option<TextSpan> {
    annotation
        .and_then(|a| type_name(&a.type_annotation))
        .or_else(|| match init?.without_parentheses() {
            Expression::NewExpression(new) => last_name(&new.callee).map(|(name, _)| name),
            _ => None,
        })
}

/// The name of a type reference (`Store`, `ns.Store`, `Store<T>`), also as an array's element (`Store[]`) or
/// a parenthesized type.
fn type_name(ty: &TSType<'_>) -> Option<TextSpan> {
    match ty {
        TSType::TSTypeReference(reference) => match &reference.type_name {
            TSTypeName::IdentifierReference(id) => Some(span_of(id.span)),
            TSTypeName::QualifiedName(name) => Some(span_of(name.right.span)),
            TSTypeName::ThisExpression(_) => None,
        },
        TSType::TSArrayType(array) => type_name(&array.element_type),
        TSType::TSParenthesizedType(inner) => type_name(&inner.type_annotation),
        _ => None,
    }
}
