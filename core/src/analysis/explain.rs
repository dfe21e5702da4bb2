//! Error messages that name what failed, as Node's do. boa says "not a callable function" and "cannot convert
//! 'null' or 'undefined' to object" without saying which call or which property; vmjs knows where in the
//! user's text the error was raised, and the syntax there names it:
//!
//! - a call whose callee is not a function → `o.method is not a function` (the callee as written);
//! - a property read on `undefined`/`null` → `Cannot read properties of undefined or null (reading 'foo')`,
//!   and a write → `Cannot set properties of undefined or null (setting 'foo')`. (Node says which of the two
//!   it was; the message boa gives does not, and vmjs does not evaluate anything again to find out — it says
//!   so only when the text does: `null.x`, `undefined.x`, `(void 0).x`.)

use oxc_ast::AstKind;
use oxc_ast::ast::Expression;
use oxc_semantic::Semantic;
use oxc_span::GetSpan;
use oxc_syntax::operator::UnaryOperator;

use super::offset_of;
use super::source_kind::with_semantic;

/// boa's message for a call of a value that is not a function.
const NOT_CALLABLE: &str = "not a callable function";
/// boa's message for a property access on `undefined` or `null`.
const NOT_AN_OBJECT: &str = "cannot convert 'null' or 'undefined' to object";

/// The longest callee text quoted in a message.
const MAX_CALLEE_CHARS: usize = 80;

/// A clearer message for a `TypeError` boa raised with `message` at 1-based (`line`, `column`) of `src`, or
/// `None` when there is nothing clearer to say.
pub fn explain_type_error(src: &str, message: &str, line: u32, column: u32) -> Option<String> {
    if message != NOT_CALLABLE && message != NOT_AN_OBJECT {
        return None;
    }
    let at = offset_of(src, line, column) as u32;
    with_semantic(src, |semantic| explain_at(semantic, src, message, at))
}

fn explain_at(semantic: &Semantic<'_>, src: &str, message: &str, at: u32) -> Option<String> {
    let nodes = semantic.nodes();
    if message == NOT_CALLABLE {
        // boa points at the `(` after the callee; the innermost call whose callee ends right before it.
        return nodes
            .iter()
            .filter_map(|node| match node.kind() {
                AstKind::CallExpression(call) => Some(call),
                _ => None,
            })
            .filter(|call| {
                let callee = call.callee.span();
                callee.end <= at
                    && at < call.span.end
                    && src
                        .get(callee.end as usize..at as usize)
                        .is_some_and(|between| between.trim().is_empty() || between.trim() == "?.")
            })
            .min_by_key(|call| call.span.size())
            .and_then(|call| {
                let text = call.callee.span().source_text(src);
                (!text.contains('\n') && text.chars().count() <= MAX_CALLEE_CHARS)
                    .then(|| format!("{text} is not a function"))
            });
    }
    // boa points at the property name of `object.name`.
    let (member, id) = nodes.iter().find_map(|node| match node.kind() {
        AstKind::StaticMemberExpression(member) if member.property.span.start == at => {
            Some((member, node.id()))
        }
        _ => None,
    })?;
    let name = member.property.name.as_str();
    let writes = match nodes.parent_kind(id) {
        AstKind::AssignmentExpression(assign) => assign.left.span() == member.span,
        _ => false,
    };
    // Which of the two it was is known when the text says so (`null.x`, `undefined.x`, `(void 0).x`).
    let what = match member.object.without_parentheses() {
        Expression::NullLiteral(_) => "null",
        Expression::Identifier(id) if id.name == "undefined" => "undefined",
        Expression::UnaryExpression(unary) if unary.operator == UnaryOperator::Void => "undefined",
        _ => "undefined or null",
    };
    Some(if writes {
        format!("Cannot set properties of {what} (setting '{name}')")
    } else {
        format!("Cannot read properties of {what} (reading '{name}')")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explain(src: &str, message: &str, line: u32, column: u32) -> Option<String> {
        explain_type_error(src, message, line, column)
    }

    #[test]
    fn calls_name_their_callee() {
        assert_eq!(
            explain("const o = {};\n  o.method(1)", NOT_CALLABLE, 2, 11).as_deref(),
            Some("o.method is not a function")
        );
        assert_eq!(
            explain("o['x y']()", NOT_CALLABLE, 1, 9).as_deref(),
            Some("o['x y'] is not a function")
        );
        assert_eq!(
            explain("f(g(1))", NOT_CALLABLE, 1, 4).as_deref(),
            Some("g is not a function")
        );
        assert_eq!(
            explain("a.b.c (1)", NOT_CALLABLE, 1, 7).as_deref(),
            Some("a.b.c is not a function")
        );
        // Not where a call's parenthesis is: nothing clearer to say.
        assert_eq!(explain("f(1)", NOT_CALLABLE, 1, 1), None);
    }

    #[test]
    fn property_access_names_the_property_and_whether_it_was_read_or_set() {
        assert_eq!(
            explain("let u; u.foo", NOT_AN_OBJECT, 1, 10).as_deref(),
            Some("Cannot read properties of undefined or null (reading 'foo')")
        );
        assert_eq!(
            explain("let n = null; n.bar.baz", NOT_AN_OBJECT, 1, 17).as_deref(),
            Some("Cannot read properties of undefined or null (reading 'bar')")
        );
        assert_eq!(
            explain("let u; u.foo = 1", NOT_AN_OBJECT, 1, 10).as_deref(),
            Some("Cannot set properties of undefined or null (setting 'foo')")
        );
        assert_eq!(explain("let u; u[0]", NOT_AN_OBJECT, 1, 9), None);
        assert_eq!(
            explain("null.property", NOT_AN_OBJECT, 1, 6).as_deref(),
            Some("Cannot read properties of null (reading 'property')")
        );
        assert_eq!(
            explain("(void 0).length", NOT_AN_OBJECT, 1, 10).as_deref(),
            Some("Cannot read properties of undefined (reading 'length')")
        );
    }

    #[test]
    fn other_messages_and_bad_input_are_left_alone() {
        assert_eq!(explain("u.foo", "x is not defined", 1, 3), None);
        assert_eq!(explain("((((", NOT_CALLABLE, 9, 9), None);
        assert_eq!(explain("", NOT_AN_OBJECT, 1, 1), None);
    }
}
