//! The calls of a file with their arguments, and the parameters of the functions it declares: what
//! parameter-name hints and signature help need, from one walk over the syntax nodes.

use oxc_ast::AstKind;
use oxc_ast::ast::{Argument, Expression, UnaryOperator};
use oxc_semantic::Semantic;
use oxc_span::GetSpan;

use super::TextSpan;
use super::build::span_of;
use crate::analysis::signature::{Parameter, constructor_params, parameters_of};

/// A call (`f(a)`, `ns.f(a)`) or a `new C(a)` in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSite {
    /// The whole call.
    pub span: TextSpan,
    /// The name called: `f` of `f(x)`, `f` of `ns.f(x)` or `a.b.f(x)`, `C` of `new C()`.
    pub callee: TextSpan,
    /// Whether the callee is a member (`ns.f`), not a plain name.
    pub is_member: bool,
    /// The arguments in order, up to a spread (which hides the positions of the rest).
    pub arguments: Vec<CallArgument>,
}

/// One argument of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallArgument {
    /// The argument's expression.
    pub span: TextSpan,
    /// What it is written as.
    pub kind: ArgumentKind,
}

/// The form of an argument (parameter-name hints skip the self-explaining ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgumentKind {
    /// A literal: string, number, bigint, boolean, `null`, regular expression, a template without
    /// substitutions, or a signed number.
    Literal,
    /// A name or a member (`x`, `a.b.x`): the span of its last name.
    Name(TextSpan),
    /// Anything else.
    Other,
}

/// The calls (in text order) and the parameter lists of declared functions (by the declaring identifier,
/// sorted): functions, variables initialised with a function, an arrow function or a class, and classes
/// (their constructor's; none without one).
pub(super) fn collect(
    semantic: &Semantic<'_>,
    src: &str,
) -> (Vec<CallSite>, Vec<(TextSpan, Vec<Parameter>)>) {
    let mut calls = Vec::new();
    let mut parameters = Vec::new();
    for node in semantic.nodes().iter() {
        match node.kind() {
            AstKind::CallExpression(call) => {
                calls.extend(call_site(call.span, &call.callee, &call.arguments));
            }
            AstKind::NewExpression(new) => {
                calls.extend(call_site(new.span, &new.callee, &new.arguments));
            }
            AstKind::Function(function) => {
                if let Some(id) = &function.id {
                    parameters.push((span_of(id.span), parameters_of(src, &function.params)));
                }
            }
            AstKind::Class(class) => {
                if let Some(id) = &class.id {
                    let params = constructor_params(class)
                        .map(|p| parameters_of(src, p))
                        .unwrap_or_default();
                    parameters.push((span_of(id.span), params));
                }
            }
            AstKind::VariableDeclarator(declarator) => {
                let (Some(id), Some(init)) =
                    (declarator.id.get_binding_identifier(), &declarator.init)
                else {
                    continue;
                };
                let params = match init.without_parentheses() {
                    Expression::FunctionExpression(f) => Some(parameters_of(src, &f.params)),
                    Expression::ArrowFunctionExpression(f) => Some(parameters_of(src, &f.params)),
                    Expression::ClassExpression(class) => Some(
                        constructor_params(class)
                            .map(|p| parameters_of(src, p))
                            .unwrap_or_default(),
                    ),
                    _ => None,
                };
                parameters.extend(params.map(|p| (span_of(id.span), p)));
            }
            _ => {}
        }
    }
    calls.sort_by_key(|c: &CallSite| (c.span.start, c.span.end));
    parameters.sort_by_key(|(span, _)| *span);
    parameters.dedup_by_key(|(span, _)| *span);
    (calls, parameters)
}

/// A call of a name or a member; `None` for other callees (`f()()`, `(a || b)()`).
fn call_site(
    span: oxc_span::Span,
    callee: &Expression<'_>,
    arguments: &[Argument<'_>],
) -> Option<CallSite> {
    let (callee, is_member) = last_name(callee)?;
    let arguments = arguments
        .iter()
        .map_while(|argument| argument.as_expression())
        .map(|expression| CallArgument {
            span: span_of(expression.span()),
            kind: argument_kind(expression),
        })
        .collect();
    Some(CallSite {
        span: span_of(span),
        callee,
        is_member,
        arguments,
    })
}

fn argument_kind(expression: &Expression<'_>) -> ArgumentKind {
    match expression.without_parentheses() {
        Expression::StringLiteral(_)
        | Expression::NumericLiteral(_)
        | Expression::BigIntLiteral(_)
        | Expression::BooleanLiteral(_)
        | Expression::NullLiteral(_)
        | Expression::RegExpLiteral(_) => ArgumentKind::Literal,
        Expression::TemplateLiteral(template) if template.expressions.is_empty() => {
            ArgumentKind::Literal
        }
        Expression::UnaryExpression(unary)
            if matches!(
                unary.operator,
                UnaryOperator::UnaryNegation | UnaryOperator::UnaryPlus
            ) && matches!(
                unary.argument.without_parentheses(),
                Expression::NumericLiteral(_) | Expression::BigIntLiteral(_)
            ) =>
        {
            ArgumentKind::Literal
        }
        expression => match last_name(expression) {
            Some((name, _)) => ArgumentKind::Name(name),
            None => ArgumentKind::Other,
        },
    }
}

/// The last name of a name or a member expression (`x`, `a.b.x`, parenthesized or not), and whether it is a
/// member.
pub(super) fn last_name(expression: &Expression<'_>) -> Option<(TextSpan, bool)> {
    match expression.without_parentheses() {
        Expression::Identifier(id) => Some((span_of(id.span), false)),
        Expression::StaticMemberExpression(member) => Some((span_of(member.property.span), true)),
        _ => None,
    }
}
