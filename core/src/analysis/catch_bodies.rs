//! The `catch (name) { … }` clauses of a parsed text: where [`super::caught`]'s hook call goes in each.

use oxc_ast::AstKind;
use oxc_ast::ast::BindingPattern;
use oxc_semantic::Semantic;

/// A `catch (name) {`: where the hook call goes (the byte offset right after `{`) and the binding's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CatchBody<'a> {
    pub at: u32,
    pub name: &'a str,
}

/// Every `catch (name) { … }` of a parsed text, in source order.
pub(crate) fn catch_bodies<'a>(semantic: &Semantic<'a>) -> Vec<CatchBody<'a>> {
    semantic
        .nodes()
        .iter()
        .filter_map(|node| match node.kind() {
            AstKind::CatchClause(clause) => {
                let param = clause.param.as_ref()?;
                match &param.pattern {
                    BindingPattern::BindingIdentifier(id) => Some(CatchBody {
                        at: clause.body.span.start + 1,
                        name: id.name.as_str(),
                    }),
                    _ => None,
                }
            }
            _ => None,
        })
        .collect()
}
