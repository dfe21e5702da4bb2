//! The names a CommonJS module exports, read from its syntax as Node's `cjs-module-lexer` reads them, so that
//! `import { name } from "cjs-package"` works where Node's does: `exports.name = …`, `module.exports.name = …`,
//! `module.exports = { name, other: … }` and `Object.defineProperty(exports, "name", …)`. A module that builds
//! its exports dynamically (UMD wrappers such as lodash's) exports only `default` (its `module.exports`).

use oxc_ast::AstKind;
use oxc_ast::ast::{
    Argument, AssignmentTarget, Expression, ObjectPropertyKind, PropertyKey, StaticMemberExpression,
};

use super::source_kind::with_semantic;

/// The statically visible export names of CommonJS `src`, sorted, without `default` (which is always
/// `module.exports` itself, as in Node).
pub fn commonjs_exports(src: &str) -> Vec<String> {
    let mut names: Vec<String> = with_semantic(src, |semantic| {
        let mut names = Vec::new();
        for node in semantic.nodes().iter() {
            match node.kind() {
                AstKind::AssignmentExpression(assignment) => {
                    let AssignmentTarget::StaticMemberExpression(target) = &assignment.left else {
                        continue;
                    };
                    if is_exports_object(&target.object) {
                        names.push(target.property.name.to_string());
                    } else if is_module_exports(target)
                        && let Expression::ObjectExpression(object) = &assignment.right
                    {
                        names.extend(object.properties.iter().filter_map(|property| {
                            let ObjectPropertyKind::ObjectProperty(property) = property else {
                                return None;
                            };
                            if property.computed {
                                return None;
                            }
                            match &property.key {
                                PropertyKey::StaticIdentifier(key) => Some(key.name.to_string()),
                                PropertyKey::StringLiteral(key) => Some(key.value.to_string()),
                                _ => None,
                            }
                        }));
                    }
                }
                AstKind::CallExpression(call) => {
                    let Expression::StaticMemberExpression(callee) = &call.callee else {
                        continue;
                    };
                    let is_define = callee.property.name == "defineProperty"
                        && matches!(&callee.object, Expression::Identifier(o) if o.name == "Object");
                    if !is_define {
                        continue;
                    }
                    if let (Some(target), Some(Argument::StringLiteral(name))) =
                        (call.arguments.first(), call.arguments.get(1))
                        && target.as_expression().is_some_and(is_exports_object)
                    {
                        names.push(name.value.to_string());
                    }
                }
                _ => {}
            }
        }
        Some(names)
    })
    .unwrap_or_default();
    names.retain(|name| name != "default" && name != "__esModule");
    names.sort_unstable();
    names.dedup();
    names
}

/// `exports` or `module.exports`.
fn is_exports_object(expression: &Expression<'_>) -> bool {
    match expression {
        Expression::Identifier(identifier) => identifier.name == "exports",
        Expression::StaticMemberExpression(member) => is_module_exports(member),
        _ => false,
    }
}

/// `module.exports`.
fn is_module_exports(member: &StaticMemberExpression<'_>) -> bool {
    member.property.name == "exports"
        && matches!(&member.object, Expression::Identifier(o) if o.name == "module")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_node_would_see() {
        assert_eq!(
            commonjs_exports(
                "exports.a = 1;\nmodule.exports.b = function () {};\nObject.defineProperty(exports, 'c', { get() {} });\nexports.default = 2;\nexports.__esModule = true;"
            ),
            ["a", "b", "c"]
        );
        assert_eq!(
            commonjs_exports(
                "function x() {}\nmodule.exports = { x, 'y-z': 1, [computed]: 2, ...rest };"
            ),
            ["x", "y-z"]
        );
        // Dynamic exports (a UMD wrapper): only `default`.
        assert!(
            commonjs_exports("(function (root) { var m = typeof module == 'object' && module; m.exports = root._ = {}; }(this));")
                .is_empty()
        );
        assert!(commonjs_exports("not javascript ((").is_empty());
    }
}
