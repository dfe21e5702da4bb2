//! The failures boa reports without naming what failed (iteration, destructuring, `in`) and the constructs of the text that can raise them, each with Node's message for it when the
//! text says enough. [`super::explain_region`] finds the one construct of a region that can raise a failure.

use oxc_ast::AstKind;
use oxc_ast::ast::{AssignmentTarget, AssignmentTargetProperty, Expression, PropertyKey};
use oxc_semantic::{AstNode, Semantic};
use oxc_span::GetSpan;
use oxc_syntax::operator::BinaryOperator;

/// The errors explained here, from boa's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Failure<'m> {
    /// `value with type `T` is not iterable`: iteration of a value of type `T` (not `undefined`/`null`).
    NotIterable(&'m str),
    /// `Cannot destructure 'undefined' value` (or `'null'`): a pattern met `undefined` or `null`.
    Nullish(&'m str),
    /// `Cannot convert undefined or null to object` where no property is read: iteration of either.
    IteratedNullish,
    /// `right-hand side of 'in' should be an object, got `T``: `key in value` of a primitive of type `T`
    /// (`object` is `null`).
    NotSearchable(&'m str),
}

impl<'m> Failure<'m> {
    /// The failure boa's `message` reports, if it is one of these.
    pub(super) fn of(message: &'m str) -> Option<Self> {
        if let Some(kind) = message
            .strip_prefix("value with type `")
            .and_then(|rest| rest.strip_suffix("` is not iterable"))
        {
            return Some(Failure::NotIterable(kind));
        }
        if let Some(kind) = message
            .strip_prefix("right-hand side of 'in' should be an object, got `")
            .and_then(|rest| rest.strip_suffix('`'))
        {
            return Some(Failure::NotSearchable(kind));
        }
        match message {
            "Cannot destructure 'undefined' value" => Some(Failure::Nullish("undefined")),
            "Cannot destructure 'null' value" => Some(Failure::Nullish("null")),
            _ => None,
        }
    }
}

/// The longest expression text quoted in a message.
const MAX_TEXT_CHARS: usize = 80;

/// A construct that can raise one of the [`Failure`]s.
#[derive(Debug, Clone, Copy)]
pub(super) enum Construct<'s, 'a> {
    /// `for (… of right)`.
    ForOf(&'s Expression<'a>),
    /// `[...argument]`.
    ArraySpread(&'s Expression<'a>),
    /// `f(...argument)`, `new C(...argument)`.
    CallSpread(&'s Expression<'a>),
    /// `const [a] = init`.
    ArrayDeclarator(&'s Expression<'a>),
    /// `const {a} = init`, with the pattern's first static key.
    ObjectDeclarator(&'s Expression<'a>, Option<&'s str>),
    /// `[a] = right`.
    ArrayAssignment(&'s Expression<'a>),
    /// `({a} = right)`, with the pattern's first static key.
    ObjectAssignment(&'s Expression<'a>, Option<&'s str>),
    /// `function f([a])`.
    ArrayParameter,
    /// `function f({a})`, with the pattern's first static key.
    ObjectParameter(Option<&'s str>),
    /// `{a: {b}}` inside a pattern, with the inner pattern's first static key.
    NestedObject(Option<&'s str>),
    /// `key in value`.
    In {
        key: &'s Expression<'a>,
        value: &'s Expression<'a>,
    },
    /// Any other place iteration or destructuring happens (`yield*`, `for await`, nested array patterns,
    /// patterns of `for … of` and `catch`): it counts, but Node's words for it are not known here.
    Other { iterates: bool, destructures: bool },
}

impl Construct<'_, '_> {
    pub(super) fn can_raise(&self, failure: Failure<'_>) -> bool {
        use Construct::*;
        match failure {
            Failure::NotIterable(_) => matches!(
                self,
                ForOf(_)
                    | ArraySpread(_)
                    | CallSpread(_)
                    | ArrayDeclarator(_)
                    | ArrayAssignment(_)
                    | ArrayParameter
                    | Other { iterates: true, .. }
            ),
            Failure::Nullish(_) => matches!(
                self,
                ArrayDeclarator(_)
                    | ObjectDeclarator(..)
                    | ArrayAssignment(_)
                    | ObjectAssignment(..)
                    | ArrayParameter
                    | ObjectParameter(_)
                    | NestedObject(_)
                    | Other {
                        destructures: true,
                        ..
                    }
            ),
            Failure::IteratedNullish => matches!(
                self,
                ForOf(_) | ArraySpread(_) | CallSpread(_) | Other { iterates: true, .. }
            ),
            Failure::NotSearchable(_) => matches!(self, In { .. }),
        }
    }

    /// Node's message for `failure` raised here, when it is known.
    pub(super) fn message(&self, failure: Failure<'_>, src: &str) -> Option<String> {
        use Construct::*;
        let text = |expression: &Expression<'_>| quoted(expression.span().source_text(src));
        // V8 names a value it has no text for: `number 5`, `object null`, `undefined`.
        let nullish_value = |value: &str| {
            if value == "null" {
                "object null"
            } else {
                "undefined"
            }
        };
        let value_form = |value: &str| {
            format!("{value} is not iterable (cannot read property Symbol(Symbol.iterator))")
        };
        match (self, failure) {
            (ForOf(e) | ArraySpread(e), Failure::NotIterable(_) | Failure::IteratedNullish) => {
                Some(format!("{} is not iterable", text(e)?))
            }
            (ArrayDeclarator(e), Failure::NotIterable(_)) => {
                Some(format!("{} is not iterable", text(e)?))
            }
            (CallSpread(_), Failure::NotIterable(_)) => {
                Some("Spread syntax requires ...iterable[Symbol.iterator] to be a function".into())
            }
            (CallSpread(e), Failure::IteratedNullish) => Some(format!(
                "{} is not iterable (cannot read property undefined)",
                text(e)?
            )),
            (ArrayAssignment(e), Failure::NotIterable(kind)) => {
                literal_value(e, kind).map(|value| value_form(&format!("{kind} {value}")))
            }
            (ArrayDeclarator(e), Failure::Nullish(value)) => {
                // V8 quotes a name or a literal, and names the value of anything else.
                match e.without_parentheses() {
                    Expression::Identifier(_) | Expression::NullLiteral(_) => {
                        Some(format!("{} is not iterable", text(e)?))
                    }
                    _ => Some(value_form(nullish_value(value))),
                }
            }
            (ArrayAssignment(_) | ArrayParameter, Failure::Nullish(value)) => {
                Some(value_form(nullish_value(value)))
            }
            (ObjectDeclarator(e, key) | ObjectAssignment(e, key), Failure::Nullish(value)) => {
                Some(cannot_destructure(*key, text(e)?, value))
            }
            (ObjectParameter(key), Failure::Nullish(value)) => {
                let what = if value == "null" {
                    "object null"
                } else {
                    "undefined"
                };
                Some(cannot_destructure(*key, what, value))
            }
            (NestedObject(Some(key)), Failure::Nullish(value)) => Some(format!(
                "Cannot read properties of {value} (reading '{key}')"
            )),
            (In { key, value }, Failure::NotSearchable(kind)) => {
                // V8 prints the key as a property key and the value as a string: both known from the text
                // only for literals (`null` is the one primitive of type `object`).
                let key = match key.without_parentheses() {
                    Expression::StringLiteral(string) => string.value.to_string(),
                    Expression::NumericLiteral(_) | Expression::BooleanLiteral(_) => {
                        literal_text(key)?
                    }
                    Expression::StaticMemberExpression(member) if matches!(&member.object, Expression::Identifier(id) if id.name == "Symbol") =>
                    {
                        format!("Symbol(Symbol.{})", member.property.name)
                    }
                    _ => return None,
                };
                let value = match kind {
                    "undefined" => "undefined".to_owned(),
                    "object" => "null".to_owned(),
                    _ => match value.without_parentheses() {
                        Expression::StringLiteral(string) => string.value.to_string(),
                        _ => literal_text(value)?,
                    },
                };
                Some(format!(
                    "Cannot use 'in' operator to search for '{key}' in {value}"
                ))
            }
            _ => None,
        }
    }
}

fn cannot_destructure(key: Option<&str>, what: &str, value: &str) -> String {
    match key {
        Some(key) => format!("Cannot destructure property '{key}' of '{what}' as it is {value}."),
        None => format!("Cannot destructure '{what}' as it is {value}."),
    }
}

/// The value of a literal of type `kind` as V8 prints it (`5`, `true`), if `expression` is one.
pub(super) fn literal_value(expression: &Expression<'_>, kind: &str) -> Option<String> {
    match (expression.without_parentheses(), kind) {
        (Expression::NumericLiteral(number), "number")
            if number.value.fract() == 0.0 && number.value.abs() < 1e15 =>
        {
            Some(format!("{}", number.value as i64))
        }
        (Expression::BooleanLiteral(boolean), "boolean") => Some(boolean.value.to_string()),
        _ => None,
    }
}

/// A number's or boolean's literal as V8 prints its value (`5`, `true`).
pub(super) fn literal_text(expression: &Expression<'_>) -> Option<String> {
    match expression.without_parentheses() {
        Expression::NumericLiteral(number) => literal_value(expression, "number").or_else(|| {
            // Not an integer: its text when that is how JavaScript prints it (`1.5`).
            let raw = number.raw.as_ref()?.as_str();
            (raw.parse::<f64>().ok()?.to_string() == raw).then(|| raw.to_owned())
        }),
        Expression::BooleanLiteral(boolean) => Some(boolean.value.to_string()),
        _ => None,
    }
}

/// An expression's text as a message quotes it: one line, at most [`MAX_TEXT_CHARS`].
fn quoted(text: &str) -> Option<&str> {
    (!text.contains('\n') && text.chars().count() <= MAX_TEXT_CHARS).then_some(text)
}

/// The construct `node` is, if it can raise one of the failures.
pub(super) fn construct<'s, 'a>(
    node: &'s AstNode<'a>,
    semantic: &'s Semantic<'a>,
) -> Option<Construct<'s, 'a>> {
    let nodes = semantic.nodes();
    let parent = || nodes.parent_kind(node.id());
    Some(match node.kind() {
        AstKind::ForOfStatement(for_of) if !for_of.r#await => Construct::ForOf(&for_of.right),
        AstKind::ForOfStatement(_) | AstKind::YieldExpression(_) => {
            if matches!(node.kind(), AstKind::YieldExpression(y) if !y.delegate) {
                return None;
            }
            Construct::Other {
                iterates: true,
                destructures: false,
            }
        }
        AstKind::SpreadElement(spread) => match parent() {
            AstKind::ArrayExpression(_) => Construct::ArraySpread(&spread.argument),
            AstKind::CallExpression(_) | AstKind::NewExpression(_) => {
                Construct::CallSpread(&spread.argument)
            }
            _ => return None,
        },
        AstKind::ArrayPattern(_) | AstKind::ObjectPattern(_) => {
            let key = match node.kind() {
                AstKind::ObjectPattern(pattern) => Some(
                    pattern
                        .properties
                        .first()
                        .filter(|property| !property.computed)
                        .and_then(|property| static_key(&property.key)),
                ),
                _ => None,
            };
            let is_array = key.is_none();
            let key = key.flatten();
            // The pattern's place: a declarator, a parameter (maybe with a default), or inside a pattern.
            let mut place = parent();
            if let AstKind::AssignmentPattern(_) = place {
                place = nodes.parent_kind(nodes.parent_id(node.id()));
            }
            match (place, is_array) {
                (AstKind::VariableDeclarator(declarator), _)
                    if declarator.id.span() == node.span() =>
                {
                    match (&declarator.init, is_array) {
                        (Some(init), true) => Construct::ArrayDeclarator(init),
                        (Some(init), false) => Construct::ObjectDeclarator(init, key),
                        // `for (const [k, v] of entries)`: each element is destructured.
                        (None, _) => Construct::Other {
                            iterates: is_array,
                            destructures: true,
                        },
                    }
                }
                (AstKind::FormalParameter(_), true) => Construct::ArrayParameter,
                (AstKind::FormalParameter(_), false) => Construct::ObjectParameter(key),
                (AstKind::BindingProperty(_) | AstKind::ArrayPattern(_), false) => {
                    Construct::NestedObject(key)
                }
                _ => Construct::Other {
                    iterates: is_array,
                    destructures: true,
                },
            }
        }
        AstKind::AssignmentExpression(assignment) => match &assignment.left {
            AssignmentTarget::ArrayAssignmentTarget(_) => {
                Construct::ArrayAssignment(&assignment.right)
            }
            AssignmentTarget::ObjectAssignmentTarget(target) => {
                let key = target
                    .properties
                    .first()
                    .and_then(|property| match property {
                        AssignmentTargetProperty::AssignmentTargetPropertyIdentifier(p) => {
                            Some(p.binding.name.as_str())
                        }
                        AssignmentTargetProperty::AssignmentTargetPropertyProperty(p)
                            if !p.computed =>
                        {
                            static_key(&p.name)
                        }
                        AssignmentTargetProperty::AssignmentTargetPropertyProperty(_) => None,
                    });
                Construct::ObjectAssignment(&assignment.right, key)
            }
            _ => return None,
        },
        AstKind::BinaryExpression(binary) if binary.operator == BinaryOperator::In => {
            Construct::In {
                key: &binary.left,
                value: &binary.right,
            }
        }
        // Patterns nested in an assignment target (`[[a]] = x`, `({a: {b}} = x)`).
        AstKind::ArrayAssignmentTarget(_) | AstKind::ObjectAssignmentTarget(_)
            if !matches!(parent(), AstKind::AssignmentExpression(_)) =>
        {
            Construct::Other {
                iterates: matches!(node.kind(), AstKind::ArrayAssignmentTarget(_)),
                destructures: true,
            }
        }
        _ => return None,
    })
}

/// The name of a static property key (`a`, `'a'`, `1`).
pub(super) fn static_key<'s>(key: &'s PropertyKey<'_>) -> Option<&'s str> {
    match key {
        PropertyKey::StaticIdentifier(id) => Some(id.name.as_str()),
        PropertyKey::StringLiteral(string) => Some(string.value.as_str()),
        PropertyKey::NumericLiteral(number) => Some(number.raw.as_ref()?.as_str()),
        _ => None,
    }
}
