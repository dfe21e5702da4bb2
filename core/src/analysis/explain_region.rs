//! Node's messages for the iteration, destructuring and `in` `TypeError`s boa raises without naming what
//! failed (`value with type `number` is not iterable`, `Cannot destructure 'undefined' value`, `right-hand
//! side of 'in' should be an object, got `undefined``): `o.items is not iterable`, `Cannot destructure
//! property 'a' of 'options' as it is undefined.`, `Cannot use 'in' operator to search for 'a' in undefined`.
//!
//! boa records a source position only for some operations (calls, property reads, assignments, unary and
//! update expressions, `throw`). Other operations report the position of the guarded expression around
//! them, inside a function the start of its body, and at the top level of a script or module or in a
//! function's parameters none at all. So the failing construct is looked for in a *region*: the expression
//! or function body the position names, the parameters of the function the stack frame names, or the top
//! level. It is named only when the region holds exactly one construct that can raise the error (nested
//! functions are regions of their own); otherwise nothing is said. The failures and the constructs are
//! [`super::explain_constructs`]'s.

use oxc_ast::AstKind;
use oxc_ast::ast::{BindingPattern, Expression, MethodDefinitionKind};
use oxc_semantic::{AstNode, NodeId, Semantic};
use oxc_span::{GetSpan, Span};

use super::explain_constructs::{Construct, Failure, construct, literal_value, static_key};

/// Where boa says an error was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Site<'a> {
    /// A 1-based line and column of the code that ran.
    At { line: u32, column: u32 },
    /// No position: the frame's function (`<main>` for the top level).
    Unplaced { function: &'a str },
}

/// The code block (function, static block, field initializer) `id` runs in; `None` for the top level.
pub(super) fn code_block(semantic: &Semantic<'_>, id: NodeId) -> Option<NodeId> {
    semantic
        .nodes()
        .ancestors(id)
        .find(|ancestor| is_code_block(ancestor.kind()))
        .map(AstNode::id)
}

fn is_code_block(kind: AstKind<'_>) -> bool {
    matches!(
        kind,
        AstKind::Function(_)
            | AstKind::ArrowFunctionExpression(_)
            | AstKind::StaticBlock(_)
            | AstKind::PropertyDefinition(_)
            | AstKind::AccessorProperty(_)
    )
}

/// Where to look: a span of a code block (`None`: the top level).
pub(super) struct Region {
    span: Span,
    block: Option<NodeId>,
}

impl Region {
    /// Whether `node` is inside this region and runs in its code block (not in a function nested in it).
    pub(super) fn holds(&self, semantic: &Semantic<'_>, node: &AstNode<'_>) -> bool {
        let span = node.span();
        self.span.start <= span.start
            && span.end <= self.span.end
            && code_block(semantic, node.id()) == self.block
    }
}

/// The region boa's position `at` (a byte offset) names: the function body starting there, or the
/// outermost expression starting there within the innermost code block around it, or the call whose `(` is
/// there (boa places an error raised while a call's arguments are evaluated at the call).
fn region_at(semantic: &Semantic<'_>, at: u32) -> Option<Region> {
    let nodes = semantic.nodes();
    let innermost = innermost_block(semantic, Span::new(at, at + 1));
    let in_block = |node: &&oxc_semantic::AstNode<'_>| code_block(semantic, node.id()) == innermost;
    let starting_there = nodes
        .iter()
        .filter(|node| node.span().start == at && in_block(node))
        .filter(|node| !matches!(node.kind(), AstKind::Program(_)))
        .max_by_key(|node| node.span().size());
    let call_opening_there = || {
        nodes
            .iter()
            .filter(in_block)
            .filter(|node| match node.kind() {
                AstKind::CallExpression(call) => {
                    call.callee.span().end <= at
                        && call.arguments.first().is_none_or(|a| at < a.span().start)
                        && at < call.span.end
                }
                _ => false,
            })
            .min_by_key(|node| node.span().size())
    };
    starting_there
        .or_else(call_opening_there)
        .map(|node| Region {
            span: node.span(),
            block: innermost,
        })
}

/// The regions of an unplaced error: the parameters of every function boa would name `function`. boa names
/// the top level `<main>` and a function without a name (a callback) `<anonymous>`.
fn regions_unplaced(semantic: &Semantic<'_>, function: &str) -> Vec<Region> {
    let nodes = semantic.nodes();
    if function == "<main>" {
        return vec![Region {
            span: nodes.program().span,
            block: None,
        }];
    }
    let anonymous = function == "<anonymous>";
    nodes
        .iter()
        .filter_map(|node| {
            let params = match node.kind() {
                AstKind::Function(f) => f.params.span,
                AstKind::ArrowFunctionExpression(f) => f.params.span,
                _ => return None,
            };
            let name = function_name(semantic, node);
            let named_so = if anonymous {
                name.is_none()
            } else {
                name == Some(function)
            };
            named_so.then_some(Region {
                span: params,
                block: Some(node.id()),
            })
        })
        .collect()
}

/// The name boa gives a function: its own, or the binding or property it is assigned to.
fn function_name<'s>(semantic: &'s Semantic<'_>, node: &'s AstNode<'_>) -> Option<&'s str> {
    if let AstKind::Function(f) = node.kind()
        && let Some(id) = &f.id
    {
        return Some(id.name.as_str());
    }
    let nodes = semantic.nodes();
    match nodes.parent_kind(node.id()) {
        AstKind::VariableDeclarator(declarator) => match &declarator.id {
            BindingPattern::BindingIdentifier(id) => Some(id.name.as_str()),
            _ => None,
        },
        AstKind::ObjectProperty(property) => static_key(&property.key),
        // A constructor's frame is named after its class.
        AstKind::MethodDefinition(method) if method.kind == MethodDefinitionKind::Constructor => {
            nodes.ancestor_kinds(node.id()).find_map(|kind| match kind {
                AstKind::Class(class) => Some(class.id.as_ref()?.name.as_str()),
                _ => None,
            })
        }
        AstKind::MethodDefinition(method) => static_key(&method.key),
        AstKind::PropertyDefinition(property) => static_key(&property.key),
        _ => None,
    }
}

/// The constructs of `regions` that can raise `failure`.
fn candidates<'s, 'a>(
    semantic: &'s Semantic<'a>,
    failure: Failure<'_>,
    regions: &[Region],
) -> Vec<Construct<'s, 'a>> {
    semantic
        .nodes()
        .iter()
        .filter(|node| regions.iter().any(|region| region.holds(semantic, node)))
        .filter_map(|node| construct(node, semantic))
        .filter(|construct| construct.can_raise(failure))
        .collect()
}

/// Node's message for `failure` raised in `regions`: the one construct there that can raise it, named.
pub(super) fn explain_in_regions(
    semantic: &Semantic<'_>,
    src: &str,
    failure: Failure<'_>,
    regions: &[Region],
) -> Option<String> {
    match candidates(semantic, failure, regions).as_slice() {
        [only] => only.message(failure, src),
        _ => None,
    }
}

/// Node's message for `failure` raised by a built-in function a call called (the region of the call holds
/// no construct that can raise it): `new Set(5)`, `Object.keys(null)` — `of_object`: the call is of one of
/// `Object`'s functions, the built-ins that fail so on an argument (boa's position at another call's `(`
/// may be an earlier statement's, at a cell's top level: nothing is said then).
fn explain_builtin_call(
    failure: Failure<'_>,
    arguments: &[&Expression<'_>],
    of_object: bool,
) -> Option<String> {
    let value_form = |value: &str| {
        format!("{value} is not iterable (cannot read property Symbol(Symbol.iterator))")
    };
    match (failure, arguments) {
        (Failure::IteratedNullish, _) if of_object => {
            Some("Cannot convert undefined or null to object".into())
        }
        (Failure::NotIterable("object"), _) => Some(value_form("object")),
        (Failure::NotIterable(kind), [only]) => {
            literal_value(only, kind).map(|value| value_form(&format!("{kind} {value}")))
        }
        _ => None,
    }
}

/// The region of a call whose `(` boa's position names: the call, in the code block around it.
fn region_of_call(semantic: &Semantic<'_>, call: Span) -> Region {
    Region {
        span: call,
        block: innermost_block(semantic, call),
    }
}

/// The innermost code block around `span` (`None`: the top level).
fn innermost_block(semantic: &Semantic<'_>, span: Span) -> Option<NodeId> {
    semantic
        .nodes()
        .iter()
        .filter(|node| {
            is_code_block(node.kind())
                && node.span().start <= span.start
                && span.end <= node.span().end
        })
        .min_by_key(|node| node.span().size())
        .map(AstNode::id)
}

/// Node's message for `failure` boa placed at the call or `new` spanning `call`: the one construct of the
/// call that can raise it (a spread), or, when there is none, the built-in the call called.
pub(super) fn explain_at_call(
    semantic: &Semantic<'_>,
    src: &str,
    failure: Failure<'_>,
    call: Span,
    arguments: &[&Expression<'_>],
) -> Option<String> {
    let region = region_of_call(semantic, call);
    let of_object = calls_object(semantic, call);
    match candidates(semantic, failure, std::slice::from_ref(&region)).as_slice() {
        [] => explain_builtin_call(failure, arguments, of_object),
        [only] => only.message(failure, src),
        _ => None,
    }
}

/// Whether the call spanning `call` calls a function of `Object` (`Object.keys(…)`).
fn calls_object(semantic: &Semantic<'_>, call: Span) -> bool {
    semantic.nodes().iter().any(|node| match node.kind() {
        AstKind::CallExpression(c) if c.span == call => matches!(
            c.callee.without_parentheses(),
            Expression::StaticMemberExpression(member)
                if matches!(&member.object, Expression::Identifier(id) if id.name == "Object")
        ),
        _ => false,
    })
}

/// The regions `site` names in the code `semantic` is of, `at` being the byte offset of a placed site.
pub(super) fn regions_of(semantic: &Semantic<'_>, site: Site<'_>, at: Option<u32>) -> Vec<Region> {
    match (site, at) {
        (Site::At { .. }, Some(at)) => region_at(semantic, at).into_iter().collect(),
        (Site::Unplaced { function }, _) => regions_unplaced(semantic, function),
        (Site::At { .. }, None) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::explain::explain_type_error;
    use super::Site;

    const MAIN: Site<'static> = Site::Unplaced { function: "<main>" };

    fn at(line: u32, column: u32) -> Site<'static> {
        Site::At { line, column }
    }

    /// boa names a property read on `undefined`/`null` itself (vendor/boa_engine/VMJS-PATCH.md): its
    /// `Cannot convert undefined or null to object` placed at a function's body or at a call's `(` is never
    /// a method call's receiver, so no method call is named for it; `Object`'s functions keep V8's words.
    #[test]
    fn method_calls_are_not_blamed_for_a_failed_conversion() {
        let nullish = "Cannot convert undefined or null to object";
        let body = at(1, 15);
        for src in [
            "function m(o) { return o.list.map((x) => x); }",
            "function m(o) { return null.y(1); }",
        ] {
            assert_eq!(explain_type_error(src, nullish, body), None, "{src}");
        }
        assert_eq!(
            explain_type_error("data.items.map((x) => x.id)", nullish, MAIN),
            None
        );
        for (src, expected) in [
            ("console.log(data.missing.map((x) => x))", None),
            (
                "Object.keys(m.get(k))",
                Some("Cannot convert undefined or null to object"),
            ),
            (
                "Object.keys(m)",
                Some("Cannot convert undefined or null to object"),
            ),
        ] {
            assert_eq!(
                explain_type_error(src, nullish, at(1, 12)).as_deref(),
                expected,
                "{src}"
            );
        }
    }

    #[test]
    fn top_level_iteration_names_the_one_iterated_expression() {
        let object = "value with type `object` is not iterable";
        assert_eq!(
            explain_type_error("const o = {};\nfor (const x of o.items) {}", object, MAIN)
                .as_deref(),
            Some("o.items is not iterable")
        );
        assert_eq!(
            explain_type_error(
                "let u;\n[...u]",
                "Cannot convert undefined or null to object",
                MAIN
            )
            .as_deref(),
            Some("u is not iterable")
        );
        // A function's own loops are not the top level's.
        assert_eq!(
            explain_type_error(
                "function f(xs) { for (const x of xs) {} }\nfor (const y of o) {}",
                object,
                MAIN
            )
            .as_deref(),
            Some("o is not iterable")
        );
        // Two places that could have raised it: nothing is said.
        assert_eq!(
            explain_type_error("for (const x of a) {}\nfor (const y of b) {}", object, MAIN),
            None
        );
        // The loop's own pattern iterates each element (`[[1, 2], 3]` fails at `3`, not at `pairs`).
        assert_eq!(
            explain_type_error(
                "for (const [k, v] of pairs) {}",
                "value with type `number` is not iterable",
                MAIN
            ),
            None
        );
        assert_eq!(
            explain_type_error(
                "const {x} = cfg;\nfor (const {a} of rows) {}",
                "Cannot destructure 'null' value",
                MAIN
            ),
            None
        );
    }

    #[test]
    fn a_function_body_start_names_the_function() {
        let number = "value with type `number` is not iterable";
        let src = "for (const z of zs) {}\nfunction f(x) {\n  for (const y of x) {}\n}";
        assert_eq!(
            explain_type_error(src, number, at(2, 15)).as_deref(),
            Some("x is not iterable")
        );
        assert_eq!(
            explain_type_error("const f = (x) => [...x];", number, at(1, 18)).as_deref(),
            Some("x is not iterable")
        );
        // `[z] = 7` is placed at the assignment.
        assert_eq!(
            explain_type_error("let z;\n[z] = 7", number, at(2, 1)).as_deref(),
            Some("number 7 is not iterable (cannot read property Symbol(Symbol.iterator))")
        );
    }

    #[test]
    fn destructuring_names_the_property_and_the_value() {
        let undefined = "Cannot destructure 'undefined' value";
        assert_eq!(
            explain_type_error("const o = {};\nconst {a, b} = o.cfg", undefined, MAIN).as_deref(),
            Some("Cannot destructure property 'a' of 'o.cfg' as it is undefined.")
        );
        assert_eq!(
            explain_type_error("const {...rest} = u", undefined, MAIN).as_deref(),
            Some("Cannot destructure 'u' as it is undefined.")
        );
        assert_eq!(
            explain_type_error("const {a} = null", "Cannot destructure 'null' value", MAIN)
                .as_deref(),
            Some("Cannot destructure property 'a' of 'null' as it is null.")
        );
        assert_eq!(
            explain_type_error("let a;\n({a} = undefined)", undefined, MAIN).as_deref(),
            Some("Cannot destructure property 'a' of 'undefined' as it is undefined.")
        );
        assert_eq!(
            explain_type_error("const o = {};\nconst [x] = o.list", undefined, MAIN).as_deref(),
            Some("undefined is not iterable (cannot read property Symbol(Symbol.iterator))")
        );
    }

    #[test]
    fn parameters_are_found_by_the_frames_function() {
        let undefined = "Cannot destructure 'undefined' value";
        let function = |function| Site::Unplaced { function };
        let src = "function k({depth}) {}\nconst m = ({width}) => width;\nclass P { constructor({x}) {} }\n\
                   const o = { method({y}) {} };\nfunction h([a]) {}";
        for (name, expected) in [
            (
                "k",
                "Cannot destructure property 'depth' of 'undefined' as it is undefined.",
            ),
            (
                "m",
                "Cannot destructure property 'width' of 'undefined' as it is undefined.",
            ),
            (
                "P",
                "Cannot destructure property 'x' of 'undefined' as it is undefined.",
            ),
            (
                "method",
                "Cannot destructure property 'y' of 'undefined' as it is undefined.",
            ),
            (
                "h",
                "undefined is not iterable (cannot read property Symbol(Symbol.iterator))",
            ),
        ] {
            assert_eq!(
                explain_type_error(src, undefined, function(name)).as_deref(),
                Some(expected),
                "{name}"
            );
        }
        assert_eq!(
            explain_type_error(src, "Cannot destructure 'null' value", function("k")).as_deref(),
            Some("Cannot destructure property 'depth' of 'object null' as it is null.")
        );
        // A callback's frame is `<anonymous>`: the functions without a name are looked at, not the top level.
        let anonymous = function("<anonymous>");
        assert_eq!(
            explain_type_error("rows.forEach(({x}) => x)", undefined, anonymous).as_deref(),
            Some("Cannot destructure property 'x' of 'undefined' as it is undefined.")
        );
        assert_eq!(
            explain_type_error(
                "const {a} = obj;\n[null].forEach(({x}) => x)",
                undefined,
                anonymous
            )
            .as_deref(),
            Some("Cannot destructure property 'x' of 'undefined' as it is undefined.")
        );
        assert_eq!(
            explain_type_error("rows.forEach(({x}) => x)", undefined, MAIN),
            None
        );
        // No function of that name, or two that could have raised it: nothing is said.
        assert_eq!(explain_type_error(src, undefined, function("nope")), None);
        assert_eq!(
            explain_type_error(
                "function k({a}) {}\nfunction k({b}) {}",
                undefined,
                function("k")
            ),
            None
        );
    }

    #[test]
    fn calls_name_spreads_and_speak_for_built_ins() {
        assert_eq!(
            explain_type_error(
                "f(...u)",
                "Cannot convert undefined or null to object",
                at(1, 2)
            )
            .as_deref(),
            Some("u is not iterable (cannot read property undefined)")
        );
        assert_eq!(
            explain_type_error(
                "f(...5)",
                "value with type `number` is not iterable",
                at(1, 2)
            )
            .as_deref(),
            Some("Spread syntax requires ...iterable[Symbol.iterator] to be a function")
        );
        assert_eq!(
            explain_type_error(
                "new Set(5)",
                "value with type `number` is not iterable",
                at(1, 1)
            )
            .as_deref(),
            Some("number 5 is not iterable (cannot read property Symbol(Symbol.iterator))")
        );
        assert_eq!(
            explain_type_error(
                "new Set(o)",
                "value with type `object` is not iterable",
                at(1, 1)
            )
            .as_deref(),
            Some("object is not iterable (cannot read property Symbol(Symbol.iterator))")
        );
        // A value V8 would print but vmjs cannot see: nothing is said.
        assert_eq!(
            explain_type_error(
                "new Set(n)",
                "value with type `number` is not iterable",
                at(1, 1)
            ),
            None
        );
        assert_eq!(
            explain_type_error(
                "Object.keys(null)",
                "Cannot convert undefined or null to object",
                at(1, 12)
            )
            .as_deref(),
            Some("Cannot convert undefined or null to object")
        );
    }

    #[test]
    fn the_in_operator_names_key_and_value_when_the_text_does() {
        let got = |kind: &str| format!("right-hand side of 'in' should be an object, got `{kind}`");
        assert_eq!(
            explain_type_error("let u;\nif ('key' in u) {}", &got("undefined"), MAIN).as_deref(),
            Some("Cannot use 'in' operator to search for 'key' in undefined")
        );
        assert_eq!(
            explain_type_error(
                "function f(o) {\n  return 'x' in o\n}",
                &got("object"),
                at(1, 15)
            )
            .as_deref(),
            Some("Cannot use 'in' operator to search for 'x' in null")
        );
        assert_eq!(
            explain_type_error("1 in 5", &got("number"), MAIN).as_deref(),
            Some("Cannot use 'in' operator to search for '1' in 5")
        );
        assert_eq!(
            explain_type_error("Symbol.iterator in 'abc'", &got("string"), MAIN).as_deref(),
            Some("Cannot use 'in' operator to search for 'Symbol(Symbol.iterator)' in abc")
        );
        // A key or a value the text does not show: nothing is said.
        assert_eq!(
            explain_type_error("k in undefined", &got("undefined"), MAIN),
            None
        );
        assert_eq!(explain_type_error("'x' in s", &got("string"), MAIN), None);
        assert_eq!(
            explain_type_error("'a' in u;\n'b' in v", &got("undefined"), MAIN),
            None
        );
    }

    #[test]
    fn bad_input_says_nothing() {
        let undefined = "Cannot destructure 'undefined' value";
        assert_eq!(explain_type_error("((((", undefined, MAIN), None);
        assert_eq!(explain_type_error("", undefined, at(9, 9)), None);
        assert_eq!(
            explain_type_error("const {a} = u", undefined, at(1, 400)),
            None
        );
        assert_eq!(
            explain_type_error("const x = 1", "value with type `x` is not iterable", MAIN),
            None
        );
    }
}
