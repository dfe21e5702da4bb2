//! The `catch` clauses with a binding of a parsed text: where [`super::caught`]'s hook call goes in each.

use oxc_ast::AstKind;
use oxc_ast::ast::BindingPattern;
use oxc_semantic::Semantic;
use oxc_span::GetSpan;

/// A `catch` clause that binds what it caught, and where text goes in it (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CatchBody<'a> {
    /// `catch (name) {`: the hook call goes right after the `{` (`at`).
    Named { at: u32, name: &'a str },
    /// `catch ({ message }) { … }`: the pattern reads the value before any call in the block could go first,
    /// so the clause catches it under a name of vmjs's, calls the hook and throws it again to the clause as
    /// written, nested in it: text goes at the pattern's start (`open`) and right after the block (`close`).
    Pattern { open: u32, close: u32 },
}

/// Every `catch` clause with a binding of a parsed text, in source order.
pub(crate) fn catch_bodies<'a>(semantic: &Semantic<'a>) -> Vec<CatchBody<'a>> {
    semantic
        .nodes()
        .iter()
        .filter_map(|node| match node.kind() {
            AstKind::CatchClause(clause) => {
                let param = clause.param.as_ref()?;
                Some(match &param.pattern {
                    BindingPattern::BindingIdentifier(id) => CatchBody::Named {
                        at: clause.body.span.start + 1,
                        name: id.name.as_str(),
                    },
                    pattern => CatchBody::Pattern {
                        open: pattern.span().start,
                        close: clause.body.span.end,
                    },
                })
            }
            _ => None,
        })
        .collect()
}
