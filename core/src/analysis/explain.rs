//! Error messages that name what failed, as Node's do. boa says "not a callable function" and "cannot convert
//! 'null' or 'undefined' to object" without saying which call or which property; vmjs knows where in the
//! user's text the error was raised, and the syntax there names it:
//!
//! - a call whose callee is not a function → `o.method is not a function` (the callee as written);
//! - a `new` of what is not a constructor → `X is not a constructor`; a class called without `new` →
//!   `Class constructor A cannot be invoked without 'new'` (the callee's name);
//! - a property read on `undefined`/`null` → `Cannot read properties of undefined or null (reading 'foo')`,
//!   and a write → `Cannot set properties of undefined or null (setting 'foo')`. (Node says which of the two
//!   it was; the message boa gives does not. The text says it for `null.x`, `undefined.x`, `(void 0).x`; for
//!   a path of a cell's top level, [`nullish_object_path`] gives the path the session reads again — data
//!   properties only, no code runs — to say it.) A method call's receiver (`o.list.map(f)`) has no position of
//!   its own in boa: the one method call of the function (or top level) that failed names it.
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
use oxc_syntax::operator::UnaryOperator;

use super::explain_constructs::{Failure, UNDEFINED_OR_NULL, method_receiver};
use super::explain_region::{Site, code_block, explain_at_call, explain_in_regions, regions_of};
use super::explain_uninitialized::{
    UNINITIALIZED, explain_not_defined, explain_uninitialized, undefined_name,
};
use super::source_kind::with_semantic;
use super::{offset_of, parse_property_path};

/// boa's message for a call of a value that is not a function.
const NOT_CALLABLE: &str = "not a callable function";
/// boa's message for a property access on `undefined` or `null`.
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
        "ReferenceError" => message == UNINITIALIZED || undefined_name(message).is_some(),
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
    with_semantic(src, |semantic| {
        let regions = regions_of(semantic, site, at);
        match undefined_name(message) {
            Some(name) => explain_not_defined(semantic, name, &regions),
            None => explain_uninitialized(semantic, &regions),
        }
    })
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
        explain_in_regions(semantic, src, failure, &regions).or_else(|| {
            // boa gives a method call's receiver no position of its own (`o.list.map(f)`): the one method
            // call of the region, when nothing else there can fail so.
            (message == NOT_AN_OBJECT)
                .then(|| explain_in_regions(semantic, src, Failure::NullishReceiver, &regions))
                .flatten()
        })
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
    let (object, name, writes) = property_access_at(semantic, at)?;
    // Which of the two it was is known when the text says so (`null.x`, `undefined.x`, `(void 0).x`).
    let what = match object.without_parentheses() {
        Expression::NullLiteral(_) => "null",
        Expression::Identifier(id) if id.name == "undefined" => "undefined",
        Expression::UnaryExpression(unary) if unary.operator == UnaryOperator::Void => "undefined",
        _ => UNDEFINED_OR_NULL,
    };
    Some(if writes {
        format!("Cannot set properties of {what} (setting '{name}')")
    } else {
        format!("Cannot read properties of {what} (reading '{name}')")
    })
}

/// The property read or written at boa's position `at`: the object expression, the property's name and
/// whether it is written. boa points at the property name of `object.name` (the key of `object["name"]`)
/// it reads, and at the start of `object.name = …`. A computed key is named when it is a literal.
fn property_access_at<'s, 'a>(
    semantic: &'s Semantic<'a>,
    at: u32,
) -> Option<(&'s Expression<'a>, String, bool)> {
    let assigned = |member: Span, id| assigned_to(semantic, member, id);
    semantic.nodes().iter().find_map(|node| match node.kind() {
        AstKind::StaticMemberExpression(member)
            if member.property.span.start == at
                || (member.span.start == at && assigned(member.span, node.id())) =>
        {
            let name = member.property.name.as_str().to_owned();
            Some((&member.object, name, assigned(member.span, node.id())))
        }
        AstKind::ComputedMemberExpression(member)
            if member.expression.span().start == at
                || (member.span.start == at && assigned(member.span, node.id())) =>
        {
            let name = match member.expression.without_parentheses() {
                Expression::StringLiteral(key) => key.value.to_string(),
                Expression::NumericLiteral(key) => key.raw.as_ref()?.to_string(),
                _ => return None,
            };
            Some((&member.object, name, assigned(member.span, node.id())))
        }
        _ => None,
    })
}

/// Whether the member expression `member` (node `id`) is the target of an assignment.
fn assigned_to(semantic: &Semantic<'_>, member: Span, id: NodeId) -> bool {
    match semantic.nodes().parent_kind(id) {
        AstKind::AssignmentExpression(assign) => assign.left.span() == member,
        _ => false,
    }
}

/// For a property read or written on `undefined` or `null` at `site` of a REPL cell's text (`src`): the
/// object's text when it is a property path (`data.results`, `rows[0]`) in the cell's top-level code
/// starting from a binding of the top level or a global — a path the session can read again, without
/// running code, to tell which of the two it was (the cell's top-level names are the session's globals).
/// `None` for anything else (inside a function, a block's own binding, a call in the path).
pub fn nullish_object_path(src: &str, site: Site<'_>) -> Option<NullishObject> {
    let Site::At { line, column } = site else {
        return None;
    };
    let at = offset_of(src, line, column) as u32;
    with_semantic(src, |semantic| {
        let (object, _, writes) = property_access_at(semantic, at)?;
        let text = object.span().source_text(src);
        parse_property_path(text)?;
        // `data.missing.map(f)`: boa places the failing read of `map` at the cell's last position, the
        // read of `missing` — which of the two failed, the session's values tell.
        let method = (!writes)
            .then(|| receiver_method(semantic, src, at))
            .flatten()
            .filter(|(receiver, _)| parse_property_path(receiver).is_some());
        let mut base = object.without_parentheses();
        loop {
            base = match base {
                Expression::StaticMemberExpression(member) => member.object.without_parentheses(),
                Expression::ComputedMemberExpression(member) => member.object.without_parentheses(),
                _ => break,
            };
        }
        let Expression::Identifier(identifier) = base else {
            return None;
        };
        let scoping = semantic.scoping();
        let reference = scoping.get_reference(identifier.reference_id.get()?);
        let top_level = match reference.symbol_id() {
            Some(symbol) => scoping.symbol_scope_id(symbol) == scoping.root_scope_id(),
            None => true,
        };
        (top_level && code_block(semantic, reference.node_id()).is_none()).then(|| NullishObject {
            path: text.to_owned(),
            method,
        })
    })
}

/// For a property read on `undefined` or `null` in a cell's top-level code: the object's path, which the
/// session can read again to tell which of the two it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NullishObject {
    /// The object's path (`data` of `data.missing`).
    pub path: String,
    /// When the member read is a method call's receiver (`data.missing.map(f)`): the member's path and the
    /// method's name. boa gives that method's read no position, so the error may be the method's on the
    /// member (`Cannot read properties of undefined (reading 'map')`) — it is when the object is not nullish.
    pub method: Option<(String, String)>,
}

/// The member expression's text and the method's name when the member whose property boa's position `at`
/// names is the receiver of a method call (`data.missing` and `map` of `data.missing.map(f)`).
fn receiver_method(semantic: &Semantic<'_>, src: &str, at: u32) -> Option<(String, String)> {
    semantic.nodes().iter().find_map(|node| {
        let AstKind::CallExpression(call) = node.kind() else {
            return None;
        };
        let (receiver, Some(method)) = method_receiver(&call.callee)? else {
            return None;
        };
        let receiver = receiver.without_parentheses();
        let named_at = match receiver {
            Expression::StaticMemberExpression(member) => member.property.span.start == at,
            Expression::ComputedMemberExpression(member) => member.expression.span().start == at,
            _ => false,
        };
        (named_at && !call.optional).then(|| {
            (
                receiver.span().source_text(src).to_owned(),
                method.to_owned(),
            )
        })
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
            explain("let u; u[0]", NOT_AN_OBJECT, 1, 10).as_deref(),
            Some("Cannot read properties of undefined or null (reading '0')")
        );
        assert_eq!(
            explain("let u;\nu['first name'] = 1", NOT_AN_OBJECT, 2, 1).as_deref(),
            Some("Cannot set properties of undefined or null (setting 'first name')")
        );
        // A key that is not a literal: its value is not known here.
        assert_eq!(explain("let u, k = 'a'; u[k]", NOT_AN_OBJECT, 1, 19), None);
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
