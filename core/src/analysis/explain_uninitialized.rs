//! Node's `Cannot access 'x' before initialization` for a `let`, `const` or `class` binding read or written
//! before its declaration ran (its temporal dead zone). boa says it in two other ways:
//!
//! - inside a function, `access of uninitialized binding`, placed at the start of the function's body (or
//!   unplaced): the binding is looked for in that region ([`explain_region`](super::explain_region)) — a
//!   reference there to a binding of the same code block whose declaration has not ended yet, or to one of an
//!   outer code block (a function called before the outer declaration ran). It is named only when the region
//!   holds exactly one such binding.
//! - `x is not defined` at the top level of a file run as a script (its top-level bindings are defined as
//!   their declarations run; a REPL cell declares its names first), and in a function declared in a block or function that reads a binding declared
//!   after the call (boa resolves it to the global scope): when the code that ran declares `x` with `let`,
//!   `const` or `class` at its top level, or a reference to `x` in the region leads to such a declaration,
//!   `x` was read before that declaration ran, which Node reports as the temporal dead zone.

use oxc_ast::AstKind;
use oxc_semantic::{Semantic, SymbolId};
use oxc_span::GetSpan;
use oxc_syntax::symbol::SymbolFlags;

use super::explain_region::{Region, code_block};

/// boa's message for a binding used in its temporal dead zone inside a function.
pub(super) const UNINITIALIZED: &str = "access of uninitialized binding";

/// The name in boa's `x is not defined`.
pub(super) fn undefined_name(message: &str) -> Option<&str> {
    message
        .strip_suffix(" is not defined")
        .filter(|name| !name.is_empty() && !name.contains(char::is_whitespace))
}

/// The name in boa's ``cannot assign to uninitialized binding `x` `` (an assignment in `x`'s temporal dead
/// zone).
pub(super) fn uninitialized_assignment_name(message: &str) -> Option<&str> {
    message
        .strip_prefix("cannot assign to uninitialized binding `")?
        .strip_suffix('`')
        .filter(|name| !name.is_empty() && !name.contains(char::is_whitespace))
}

/// Node's message for `x is not defined` raised in `regions` of code that declares `x` lexically: at its
/// top level, or where a reference to `x` in the regions leads.
pub(super) fn explain_not_defined(
    semantic: &Semantic<'_>,
    name: &str,
    regions: &[Region],
) -> Option<String> {
    let scoping = semantic.scoping();
    let declared_at_top = scoping
        .get_root_binding(name.into())
        .is_some_and(|symbol| is_lexical(scoping.symbol_flags(symbol)));
    let leads_to_one = || {
        semantic.nodes().iter().any(|node| match node.kind() {
            AstKind::IdentifierReference(identifier) if identifier.name == name => {
                regions.iter().any(|region| region.holds(semantic, node))
                    && identifier
                        .reference_id
                        .get()
                        .and_then(|reference| scoping.get_reference(reference).symbol_id())
                        .is_some_and(|symbol| is_lexical(scoping.symbol_flags(symbol)))
            }
            _ => false,
        })
    };
    (declared_at_top || leads_to_one()).then(|| before_initialization(name))
}

/// Node's message for boa's [`UNINITIALIZED`] raised in `regions`: the one binding there that can be in
/// its temporal dead zone, named.
pub(super) fn explain_uninitialized(semantic: &Semantic<'_>, regions: &[Region]) -> Option<String> {
    let scoping = semantic.scoping();
    let nodes = semantic.nodes();
    let mut suspects: Vec<SymbolId> = Vec::new();
    for node in nodes.iter() {
        let AstKind::IdentifierReference(identifier) = node.kind() else {
            continue;
        };
        if !regions.iter().any(|region| region.holds(semantic, node)) {
            continue;
        }
        let Some(symbol) = identifier
            .reference_id
            .get()
            .and_then(|reference| scoping.get_reference(reference).symbol_id())
        else {
            continue;
        };
        if !is_lexical(scoping.symbol_flags(symbol)) || suspects.contains(&symbol) {
            continue;
        }
        let declaration = scoping.symbol_declaration(symbol);
        let same_block = code_block(semantic, declaration) == code_block(semantic, node.id());
        // In its own code block a binding is uninitialized only until its declaration has run.
        if same_block && nodes.get_node(declaration).span().end <= node.span().start {
            continue;
        }
        suspects.push(symbol);
    }
    match suspects.as_slice() {
        [only] => Some(before_initialization(scoping.symbol_name(*only))),
        _ => None,
    }
}

/// A `let`, `const` or `class` binding (the ones with a temporal dead zone).
fn is_lexical(flags: SymbolFlags) -> bool {
    flags.intersects(
        SymbolFlags::BlockScopedVariable | SymbolFlags::ConstVariable | SymbolFlags::Class,
    )
}

fn before_initialization(name: &str) -> String {
    format!("Cannot access '{name}' before initialization")
}

#[cfg(test)]
mod tests {
    use super::super::{Site, explain_error};

    const MAIN: Site<'static> = Site::Unplaced { function: "<main>" };

    fn explain(src: &str, message: &str, site: Site<'_>) -> Option<String> {
        explain_error(src, "ReferenceError", message, site)
    }

    /// boa's `access of uninitialized binding` placed at `line`:`column` of `src`, explained.
    fn uninitialized(src: &str, line: u32, column: u32) -> Option<String> {
        explain(src, super::UNINITIALIZED, Site::At { line, column })
    }

    #[test]
    fn a_top_level_binding_read_before_its_declaration_is_named() {
        let message = Some("Cannot access 'z' before initialization".to_owned());
        assert_eq!(
            explain("console.log(z);\nlet z = 1;", "z is not defined", MAIN),
            message
        );
        let placed = Site::At {
            line: 3,
            column: 14,
        };
        let src = "f();\nconst z = 1;\nfunction f() {\n  return z + 1;\n}";
        assert_eq!(explain(src, "z is not defined", placed), message);
        assert_eq!(
            explain("new K();\nclass K {}", "K is not defined", MAIN).as_deref(),
            Some("Cannot access 'K' before initialization")
        );
        // Not declared here, or declared with `var` or as a function: boa's message stands.
        assert_eq!(explain("console.log(z);", "z is not defined", MAIN), None);
        assert_eq!(explain("z; var z = 1;", "z is not defined", MAIN), None);
        assert_eq!(explain("{ let z = 1 } z", "z is not defined", MAIN), None);
        // A function of a block or function reading a binding declared after the call.
        let src = "function main() {\n  helper();\n  const cfg = 1;\n  function helper() { return cfg }\n}";
        assert_eq!(
            explain(
                src,
                "cfg is not defined",
                Site::At {
                    line: 4,
                    column: 21
                }
            )
            .as_deref(),
            Some("Cannot access 'cfg' before initialization")
        );
        // The same name in the region, declared nowhere the region can see: boa's message stands.
        let src = "function f() {\n  return cfg\n}\n{ const cfg = 1 }";
        assert_eq!(
            explain(
                src,
                "cfg is not defined",
                Site::At {
                    line: 1,
                    column: 14
                }
            ),
            None
        );
    }

    #[test]
    fn a_binding_of_a_function_used_before_its_declaration_is_named() {
        // boa places it at the body's `{`.
        let src =
            "const f = () => {\n  console.log(1);\n  const y = tdz + 1;\n  let tdz = 1;\n};\nf();";
        assert_eq!(
            uninitialized(src, 1, 17).as_deref(),
            Some("Cannot access 'tdz' before initialization")
        );
        // Read in a call's arguments: boa places it at the call's `(`.
        let src = "function g() { console.log(x); let x = 1 }";
        assert_eq!(
            uninitialized(src, 1, 27).as_deref(),
            Some("Cannot access 'x' before initialization")
        );
        // Its own initializer reads it.
        let src = "function g() {\n  let q = q + 1;\n}";
        assert_eq!(
            uninitialized(src, 1, 14).as_deref(),
            Some("Cannot access 'q' before initialization")
        );
        // An outer binding a function reads, the function called before the declaration ran.
        let src =
            "function h() {\n  run();\n  const later = 1;\n  function run() { return later }\n}";
        assert_eq!(
            uninitialized(src, 4, 18).as_deref(),
            Some("Cannot access 'later' before initialization")
        );
    }

    #[test]
    fn two_suspects_or_none_leave_boas_message() {
        // Two outer bindings: either may be the one.
        let src = "function g() { return a + b }\nlet a = 1, b = 2;";
        assert_eq!(uninitialized(src, 1, 14), None);
        // Bindings read after their declarations cannot be in their dead zone.
        let src = "function g() { let a = 1; return a }";
        assert_eq!(uninitialized(src, 1, 14), None);
        // Same binding twice is one suspect.
        let src = "function g() { x + x; let x = 1 }";
        assert_eq!(
            uninitialized(src, 1, 14).as_deref(),
            Some("Cannot access 'x' before initialization")
        );
    }
}
