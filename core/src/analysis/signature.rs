//! The parameter list of a function from its source text (what `Function.prototype.toString` returns), for
//! signatures in hover and inspection; [`parameters_of`] is also what the navigation index keeps per declared
//! function.

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    BindingPattern, Class, ClassElement, Expression, FormalParameters, MethodDefinitionKind,
    ObjectPropertyKind,
};
use oxc_parser::Parser;
use oxc_span::SourceType;

use super::{MAX_NESTING, check_nesting};

/// Longest parameter text kept (longer lists are cut with `…`).
const MAX_PARAMS_CHARS: usize = 200;

/// The shape of a function's source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionShape {
    /// The parameters as written, whitespace collapsed: `a, b = 2, ...rest`.
    pub params: String,
    /// The source is a class (the parameters are its constructor's).
    pub is_class: bool,
}

/// Parses the source of a function, arrow function, method or class; `None` if it is none of those (e.g. a
/// native function's `function f() { [native code] }` does not parse).
pub fn function_shape(source: &str) -> Option<FunctionShape> {
    check_nesting(source, MAX_NESTING).ok()?;
    // A method's source (`m(a) {}`) is only valid inside an object literal.
    [format!("({source}\n)"), format!("({{{source}\n}})")]
        .iter()
        .find_map(|wrapped| shape_of(wrapped))
}

fn shape_of(wrapped: &str) -> Option<FunctionShape> {
    let allocator = Allocator::default();
    let expression = Parser::new(&allocator, wrapped, SourceType::script())
        .parse_expression()
        .ok()?;
    let mut expression = &expression;
    while let Expression::ParenthesizedExpression(inner) = expression {
        expression = &inner.expression;
    }
    let (params, is_class) = match expression {
        Expression::FunctionExpression(function) => (Some(&*function.params), false),
        Expression::ArrowFunctionExpression(arrow) => (Some(&*arrow.params), false),
        Expression::ClassExpression(class) => (constructor_params(class), true),
        Expression::ObjectExpression(object) => match object.properties.as_slice() {
            [ObjectPropertyKind::ObjectProperty(property)] => match &property.value {
                Expression::FunctionExpression(function) => (Some(&*function.params), false),
                _ => return None,
            },
            _ => return None,
        },
        _ => return None,
    };
    Some(FunctionShape {
        params: params.map_or_else(String::new, |p| params_text(wrapped, p)),
        is_class,
    })
}

pub(crate) fn constructor_params<'a>(class: &'a Class<'a>) -> Option<&'a FormalParameters<'a>> {
    class.body.body.iter().find_map(|element| match element {
        ClassElement::MethodDefinition(method)
            if method.kind == MethodDefinitionKind::Constructor =>
        {
            Some(&*method.value.params)
        }
        _ => None,
    })
}

/// One parameter of a function, as the index and signature help show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// As written, whitespace collapsed: `b = 2`, `...rest`, `{ x, y } = {}`, `a: number`.
    pub text: String,
    /// The name when it binds one identifier (`b` of `b = 2`, `rest` of `...rest`); `None` when destructured.
    pub name: Option<String>,
    /// A rest parameter (`...rest`).
    pub rest: bool,
}

/// The parameters of a function, in order (a rest parameter last); `source` is the text the spans are in.
pub(crate) fn parameters_of(source: &str, params: &FormalParameters<'_>) -> Vec<Parameter> {
    let text = |span: oxc_span::Span| {
        source
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out: Vec<Parameter> = params
        .items
        .iter()
        .map(|p| Parameter {
            text: text(p.span),
            name: binding_name(&p.pattern),
            rest: false,
        })
        .collect();
    out.extend(params.rest.as_ref().map(|r| Parameter {
        text: text(r.span),
        name: binding_name(&r.rest.argument),
        rest: true,
    }));
    out
}

/// The name a pattern binds when it is one identifier (with or without a default).
fn binding_name(pattern: &BindingPattern<'_>) -> Option<String> {
    pattern
        .get_binding_identifier()
        .map(|id| id.name.to_string())
}

fn params_text(source: &str, params: &FormalParameters<'_>) -> String {
    let mut collapsed = parameters_of(source, params)
        .into_iter()
        .map(|p| p.text)
        .collect::<Vec<_>>()
        .join(", ");
    if collapsed.chars().count() > MAX_PARAMS_CHARS {
        collapsed = collapsed.chars().take(MAX_PARAMS_CHARS).collect::<String>() + "…";
    }
    collapsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(source: &str) -> Option<(String, bool)> {
        function_shape(source).map(|s| (s.params, s.is_class))
    }

    #[test]
    fn parameters_of_every_kind_of_function() {
        let p = |s: &str| params(s).map(|(p, _)| p);
        assert_eq!(p("function f(a, b) { return a }").as_deref(), Some("a, b"));
        assert_eq!(
            p("async function* g(x,\n   y = (1, 2)) {}").as_deref(),
            Some("x, y = (1, 2)")
        );
        assert_eq!(
            p("(a, {b, c} = {}, ...rest) => a").as_deref(),
            Some("a, {b, c} = {}, ...rest")
        );
        assert_eq!(p("x => x * 2").as_deref(), Some("x"));
        assert_eq!(p("async () => 1").as_deref(), Some(""));
        assert_eq!(p("m(a, b) { return a + b }").as_deref(), Some("a, b"));
        assert_eq!(p("async *[Symbol.iterator](n) {}").as_deref(), Some("n"));
        // Natives are not parseable: callers fall back to `.length`.
        assert_eq!(p("function max() { [native code] }"), None);
        assert_eq!(
            params("class P { constructor(x, y) { this.x = x } norm() {} }"),
            Some(("x, y".to_owned(), true))
        );
        assert_eq!(params("class Q extends P {}"), Some((String::new(), true)));
        assert_eq!(p("not a function"), None);
        assert_eq!(p("1 + 2"), None);
        assert_eq!(p(") { evil"), None);
        assert_eq!(p(&"(".repeat(100_000)), None);
    }
}
