//! Error messages that name what failed, as Node's do. boa says "not a callable function" and "cannot convert
//! 'null' or 'undefined' to object" without saying which call or which property; vmjs knows where in the
//! user's text the error was raised, and the syntax there names it:
//!
//! - a call whose callee is not a function → `o.method is not a function` (the callee as written);
//! - a `new` of what is not a constructor → `X is not a constructor`;
//! - a property read on `undefined`/`null` → `Cannot read properties of undefined or null (reading 'foo')`,
//!   and a write → `Cannot set properties of undefined or null (setting 'foo')`. (Node says which of the two
//!   it was; the message boa gives does not, and vmjs does not evaluate anything again to find out — it says
//!   so only when the text does: `null.x`, `undefined.x`, `(void 0).x`.)

use oxc_ast::AstKind;
use oxc_ast::ast::{Expression, StaticMemberExpression};
use oxc_semantic::Semantic;
use oxc_span::GetSpan;
use oxc_syntax::operator::UnaryOperator;

use super::offset_of;
use super::source_kind::with_semantic;

/// boa's message for a call of a value that is not a function.
const NOT_CALLABLE: &str = "not a callable function";
/// boa's message for a property access on `undefined` or `null`.
const NOT_AN_OBJECT: &str = "cannot convert 'null' or 'undefined' to object";
/// boa's message for `new` of a value that is not a constructor.
const NOT_A_CONSTRUCTOR: &str = "not a constructor";

/// The longest callee text quoted in a message.
const MAX_CALLEE_CHARS: usize = 80;

/// Whether `message` is one of boa's `TypeError` messages that [`explain_type_error`] can make clearer.
pub fn is_vague_type_error(message: &str) -> bool {
    [NOT_CALLABLE, NOT_AN_OBJECT, NOT_A_CONSTRUCTOR].contains(&message)
}

/// A clearer message for a `TypeError` boa raised with `message` at 1-based (`line`, `column`) of `src`, or
/// `None` when there is nothing clearer to say.
pub fn explain_type_error(src: &str, message: &str, line: u32, column: u32) -> Option<String> {
    if !is_vague_type_error(message) {
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
            .and_then(|call| quoted_callee(call.callee.span().source_text(src)))
            .map(|text| format!("{text} is not a function"));
    }
    if message == NOT_A_CONSTRUCTOR {
        // boa points at the `new` of `new callee(…)`.
        return nodes.iter().find_map(|node| match node.kind() {
            AstKind::NewExpression(new) if new.span.start == at => {
                quoted_callee(new.callee.span().source_text(src))
                    .map(|text| format!("{text} is not a constructor"))
            }
            _ => None,
        });
    }
    let assigned = |member: &StaticMemberExpression<'_>, id| match nodes.parent_kind(id) {
        AstKind::AssignmentExpression(assign) => assign.left.span() == member.span,
        _ => false,
    };
    // boa points at the property name of `object.name` it reads, and at the start of `object.name = …`.
    let (member, writes) = nodes.iter().find_map(|node| match node.kind() {
        AstKind::StaticMemberExpression(member) if member.property.span.start == at => {
            Some((member, assigned(member, node.id())))
        }
        AstKind::StaticMemberExpression(member)
            if member.span.start == at && assigned(member, node.id()) =>
        {
            Some((member, true))
        }
        _ => None,
    })?;
    let name = member.property.name.as_str();
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

/// A callee's text as a message quotes it: one line, at most [`MAX_CALLEE_CHARS`].
fn quoted_callee(text: &str) -> Option<&str> {
    (!text.contains('\n') && text.chars().count() <= MAX_CALLEE_CHARS).then_some(text)
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
    fn names_what_is_not_a_constructor() {
        assert_eq!(
            explain("const X = 5;\n  new X()", NOT_A_CONSTRUCTOR, 2, 3).as_deref(),
            Some("X is not a constructor")
        );
        assert_eq!(
            explain("new o.a.b(1)", NOT_A_CONSTRUCTOR, 1, 1).as_deref(),
            Some("o.a.b is not a constructor")
        );
        // Not at a `new`: nothing clearer to say.
        assert_eq!(explain("f(new X())", NOT_A_CONSTRUCTOR, 1, 1), None);
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
        // boa places a failed write at the start of its target.
        assert_eq!(
            explain("let u;\n  u.foo = 1", NOT_AN_OBJECT, 2, 3).as_deref(),
            Some("Cannot set properties of undefined or null (setting 'foo')")
        );
        // …and a failed read at the property, which the start of a longer target is not.
        assert_eq!(explain("let u;\n  u.foo.bar", NOT_AN_OBJECT, 2, 3), None);
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
