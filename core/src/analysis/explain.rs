//! Error messages that name what failed, as Node's do. boa says "not a callable function" and "Cannot convert
//! undefined or null to object" (for iteration and destructuring) without saying which call or which value;
//! vmjs knows where in the user's text the error was raised, and the syntax there names it. (A property read
//! or write on `undefined`/`null` boa names itself: vendor/boa_engine/VMJS-PATCH.md.)
//!
//! - a call whose callee is not a function → `o.method is not a function` (the callee as written);
//! - a `new` of what is not a constructor → `X is not a constructor`; a class called without `new` →
//!   `Class constructor A cannot be invoked without 'new'` (the callee's name);
//! - iteration and destructuring (`o.items is not iterable`, `Cannot destructure property 'a' of 'options'
//!   as it is undefined.`, `Spread syntax requires …`), found in the region boa's position or frame names
//!   ([`explain_region`](super::explain_region)); a built-in called with what it cannot iterate or convert
//!   (`new Set(5)`, `Object.keys(null)`) in V8's words for built-ins;
//! - a private field of an object whose class did not declare it → `Cannot read private member #x from an
//!   object whose class did not declare it` (`Cannot write … to …`);
//! - a `ReferenceError` of a `let`/`const`/`class` binding used before its declaration ran → `Cannot access
//!   'x' before initialization` ([`explain_uninitialized`](super::explain_uninitialized)).

use oxc_ast::AstKind;
use oxc_ast::ast::{Argument, CallExpression, Expression};
use oxc_semantic::{NodeId, Semantic};
use oxc_span::{GetSpan, Span};

use super::explain_constructs::Failure;
use super::explain_region::{Site, explain_at_call, explain_in_regions, regions_of};
use super::explain_uninitialized::{
    UNINITIALIZED, explain_not_defined, explain_uninitialized, undefined_name,
    uninitialized_assignment_name,
};
use super::offset_of;
use super::source_kind::with_semantic;

/// boa's message for a call of a value that is not a function.
const NOT_CALLABLE: &str = "not a callable function";
/// boa's message for a conversion of `undefined` or `null` to an object (iteration, destructuring, a built-in).
const NOT_AN_OBJECT: &str = "Cannot convert undefined or null to object";
/// boa's message for a call of a class without `new`.
const CLASS_WITHOUT_NEW: &str = "class constructor cannot be invoked without 'new'";
/// boa's message for `new` of a value that is not a constructor.
const NOT_A_CONSTRUCTOR: &str = "not a constructor";
/// boa's message for a private field read or written on an object without it.
const NO_PRIVATE_ELEMENT: &str = "Private element does not exist on object";

/// The longest callee text quoted in a message.
const MAX_CALLEE_CHARS: usize = 80;

/// Whether boa's `name` error with `message` is one [`explain_error`] can make clearer.
pub fn is_vague_error(name: &str, message: &str) -> bool {
    match name {
        "TypeError" => is_vague_type_error(message),
        "ReferenceError" => {
            message == UNINITIALIZED
                || undefined_name(message).is_some()
                || uninitialized_assignment_name(message).is_some()
        }
        _ => false,
    }
}

/// A clearer message for a `name` error boa raised with `message` at `site` of `src` (see
/// [`explain_type_error`]; a `ReferenceError` of a binding in its temporal dead zone is
/// [`explain_uninitialized`](super::explain_uninitialized)'s), or `None` when there is nothing clearer to say.
pub fn explain_error(src: &str, name: &str, message: &str, site: Site<'_>) -> Option<String> {
    if !is_vague_error(name, message) {
        return None;
    }
    if name == "TypeError" {
        return explain_type_error(src, message, site);
    }
    let at = match site {
        Site::At { line, column } => Some(offset_of(src, line, column) as u32),
        Site::Unplaced { .. } => None,
    };
    // Assigned to before its declaration ran: in this code (explained below), else in an earlier cell's whose
    // declaration threw, which Node's REPL reports as not defined.
    let assigned = uninitialized_assignment_name(message);
    let explained = with_semantic(src, |semantic| {
        let regions = regions_of(semantic, site, at);
        match (assigned, undefined_name(message)) {
            (Some(name), _) | (None, Some(name)) => explain_not_defined(semantic, name, &regions),
            (None, None) => explain_uninitialized(semantic, &regions),
        }
    });
    explained.or_else(|| assigned.map(|name| format!("{name} is not defined")))
}

/// Whether `message` is one of boa's `TypeError` messages that [`explain_type_error`] can make clearer.
fn is_vague_type_error(message: &str) -> bool {
    [
        NOT_CALLABLE,
        CLASS_WITHOUT_NEW,
        NOT_AN_OBJECT,
        NOT_A_CONSTRUCTOR,
        NO_PRIVATE_ELEMENT,
    ]
    .contains(&message)
        || Failure::of(message).is_some()
}

/// A clearer message for a `TypeError` boa raised with `message` at `site` of `src` (a 1-based line and
/// column, or the frame's function when boa gave no position), or `None` when there is nothing clearer to
/// say.
pub(super) fn explain_type_error(src: &str, message: &str, site: Site<'_>) -> Option<String> {
    if !is_vague_type_error(message) {
        return None;
    }
    let at = match site {
        Site::At { line, column } => Some(offset_of(src, line, column) as u32),
        Site::Unplaced { .. } => None,
    };
    with_semantic(src, |semantic| {
        if let Some(at) = at
            && let Some(explained) = explain_at(semantic, src, message, at)
        {
            return Some(explained);
        }
        let failure = match Failure::of(message) {
            Some(failure) => failure,
            // At a member access (`delete o.x`, a private name of `null`): V8's words already, and no
            // iteration to name.
            None if message == NOT_AN_OBJECT
                && at.is_some_and(|at| member_access_at(semantic, at)) =>
            {
                return None;
            }
            None if message == NOT_AN_OBJECT => Failure::IteratedNullish,
            None => return None,
        };
        // A call's `(` is where boa places an error raised while the call's arguments are made or by the
        // built-in it calls.
        if let Some((span, arguments)) = at.and_then(|at| call_placed_at(semantic, src, at)) {
            let arguments: Vec<&Expression<'_>> = arguments
                .iter()
                .filter_map(Argument::as_expression)
                .collect();
            return explain_at_call(semantic, src, failure, span, &arguments);
        }
        let regions = regions_of(semantic, site, at);
        explain_in_regions(semantic, src, failure, &regions)
    })
}

/// The innermost call whose callee ends right before `at` (boa places a call's errors at its `(`).
fn call_at_paren<'s, 'a>(
    semantic: &'s Semantic<'a>,
    src: &str,
    at: u32,
) -> Option<&'s CallExpression<'a>> {
    semantic
        .nodes()
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
}

/// The call or `new` boa's position `at` names (a call's `(`, a `new`'s start): its span and arguments.
fn call_placed_at<'s, 'a>(
    semantic: &'s Semantic<'a>,
    src: &str,
    at: u32,
) -> Option<(Span, &'s [Argument<'a>])> {
    if let Some(call) = call_at_paren(semantic, src, at) {
        return Some((call.span, &call.arguments));
    }
    semantic.nodes().iter().find_map(|node| match node.kind() {
        AstKind::NewExpression(new) if new.span.start == at => Some((new.span, &new.arguments[..])),
        _ => None,
    })
}

fn explain_at(semantic: &Semantic<'_>, src: &str, message: &str, at: u32) -> Option<String> {
    let nodes = semantic.nodes();
    if message == NOT_CALLABLE {
        return call_at_paren(semantic, src, at)
            .and_then(|call| quoted_callee(call.callee.span().source_text(src)))
            .map(|text| format!("{text} is not a function"));
    }
    if message == CLASS_WITHOUT_NEW {
        // V8 names the class; the callee names it as written (`A()`, `models.A()`), and a class is nearly
        // always called by its own name. Any other callee leaves the message without a name.
        let call = call_at_paren(semantic, src, at)?;
        let name = match call.callee.without_parentheses() {
            Expression::Identifier(id) => id.name.as_str(),
            Expression::StaticMemberExpression(member) => member.property.name.as_str(),
            Expression::ClassExpression(class) => class.id.as_ref()?.name.as_str(),
            _ => return None,
        };
        return Some(format!(
            "Class constructor {name} cannot be invoked without 'new'"
        ));
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
    let assigned = |member: Span, id| assigned_to(semantic, member, id);
    if message == NO_PRIVATE_ELEMENT {
        // As for `object.name`: boa places a read at the field, a write at the target's start.
        return nodes.iter().find_map(|node| match node.kind() {
            AstKind::PrivateFieldExpression(field)
                if field.field.span.start == at
                    || (field.span.start == at && assigned(field.span, node.id())) =>
            {
                let name = field.field.name.as_str();
                Some(if assigned(field.span, node.id()) {
                    format!(
                        "Cannot write private member #{name} to an object whose class did not declare it"
                    )
                } else {
                    format!(
                        "Cannot read private member #{name} from an object whose class did not declare it"
                    )
                })
            }
            _ => None,
        });
    }
    None
}

/// Whether boa's position `at` names a member access: the property name of `object.name` (the key of
/// `object[key]`), or the start of an assigned member.
fn member_access_at(semantic: &Semantic<'_>, at: u32) -> bool {
    let assigned = |member: Span, id| assigned_to(semantic, member, id);
    semantic.nodes().iter().any(|node| match node.kind() {
        AstKind::StaticMemberExpression(member) => {
            member.property.span.start == at
                || (member.span.start == at && assigned(member.span, node.id()))
        }
        AstKind::ComputedMemberExpression(member) => {
            member.expression.span().start == at
                || (member.span.start == at && assigned(member.span, node.id()))
        }
        _ => false,
    })
}

/// Whether the member expression `member` (node `id`) is the target of an assignment.
fn assigned_to(semantic: &Semantic<'_>, member: Span, id: NodeId) -> bool {
    match semantic.nodes().parent_kind(id) {
        AstKind::AssignmentExpression(assign) => assign.left.span() == member,
        _ => false,
    }
}

/// A callee's text as a message quotes it: one line, at most [`MAX_CALLEE_CHARS`].
fn quoted_callee(text: &str) -> Option<&str> {
    (!text.contains('\n') && text.chars().count() <= MAX_CALLEE_CHARS).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explain(src: &str, message: &str, line: u32, column: u32) -> Option<String> {
        explain_type_error(src, message, Site::At { line, column })
    }

    #[test]
    fn a_class_called_without_new_is_named_by_its_callee() {
        let message = "class constructor cannot be invoked without 'new'";
        // boa places it at the call's `(`.
        assert_eq!(
            explain("class A {}\nconst a = A();", message, 2, 12).as_deref(),
            Some("Class constructor A cannot be invoked without 'new'")
        );
        assert_eq!(
            explain("models.User(1)", message, 1, 12).as_deref(),
            Some("Class constructor User cannot be invoked without 'new'")
        );
        // A callee without a name, or no call there: nothing clearer to say.
        assert_eq!(explain("(0, make())()", message, 1, 11), None);
        assert_eq!(explain("A", message, 1, 1), None);
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

    /// boa names a property read or write on `undefined`/`null` itself (vendor/boa_engine/VMJS-PATCH.md);
    /// its `Cannot convert undefined or null to object` at a member (`delete u.foo`) is V8's words already,
    /// and no iteration of the region is blamed for it.
    #[test]
    fn a_failed_conversion_at_a_member_keeps_boas_message() {
        let src = "let u;\nfor (const x of u) {}\ndelete u.foo;\nu.foo = 1;";
        assert_eq!(explain(src, NOT_AN_OBJECT, 3, 10), None);
        assert_eq!(explain(src, NOT_AN_OBJECT, 4, 1), None);
        // Elsewhere in the region, the one iteration is named.
        assert_eq!(
            explain(src, NOT_AN_OBJECT, 2, 1).as_deref(),
            Some("u is not iterable")
        );
    }

    #[test]
    fn other_messages_and_bad_input_are_left_alone() {
        assert_eq!(explain("u.foo", "x is not defined", 1, 3), None);
        assert_eq!(explain("((((", NOT_CALLABLE, 9, 9), None);
        assert_eq!(explain("", NOT_AN_OBJECT, 1, 1), None);
    }
}
