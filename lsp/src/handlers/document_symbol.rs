//! `textDocument/documentSymbol`: the top-level declarations (variables, functions, classes, also inside
//! `export`), parsed with oxc after the nesting pre-scan.

use gen_lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};
use oxc_allocator::Allocator;
use oxc_ast::ast::{Declaration, ExportDefaultDeclarationKind, Statement, VariableDeclarationKind};
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType, Span};
use vmjs_core::analysis::{MAX_NESTING, check_nesting};

use crate::context::Ctx;
use crate::documents::Snapshot;
use crate::{rpc, to_proto};

/// The document's top-level symbols.
pub fn document_symbol(
    ctx: &Ctx,
    params: DocumentSymbolParams,
) -> rpc::Result<Option<DocumentSymbolResponse>> {
    let snapshot = ctx.snapshot(&params.text_document.uri)?;
    Ok(Some(DocumentSymbolResponse::DocumentSymbolList(symbols(
        &snapshot,
    ))))
}

/// Top-level symbols of a snapshot.
pub fn symbols(snapshot: &Snapshot) -> Vec<DocumentSymbol> {
    let text: &str = &snapshot.text;
    if check_nesting(text, MAX_NESTING).is_err() {
        return Vec::new();
    }
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, SourceType::unambiguous()).parse();
    let mut out = Vec::new();
    let mut add = |name: &str, kind: SymbolKind, whole: Span, name_span: Span| {
        #[allow(deprecated)]
        out.push(DocumentSymbol {
            name: name.to_owned(),
            detail: None,
            kind,
            tags: None,
            deprecated: None,
            range: to_proto::range(snapshot, whole.start as usize, whole.end as usize),
            selection_range: to_proto::range(
                snapshot,
                name_span.start as usize,
                name_span.end as usize,
            ),
            children: None,
        });
    };
    for statement in &parsed.program.body {
        let whole = statement.span();
        let declaration = match statement {
            Statement::ExportDeclaration(export) => Some(&export.declaration),
            Statement::ExportDefaultDeclaration(export) => {
                match &export.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                        if let Some(id) = &f.id {
                            add(&id.name, SymbolKind::Function, whole, id.span);
                        }
                    }
                    ExportDefaultDeclarationKind::ClassDeclaration(c) => {
                        if let Some(id) = &c.id {
                            add(&id.name, SymbolKind::Class, whole, id.span);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            _ => statement.as_declaration(),
        };
        match declaration {
            Some(Declaration::VariableDeclaration(var)) => {
                let kind = if var.kind == VariableDeclarationKind::Const {
                    SymbolKind::Constant
                } else {
                    SymbolKind::Variable
                };
                for declarator in &var.declarations {
                    for id in declarator.id.get_binding_identifiers() {
                        add(&id.name, kind, whole, id.span);
                    }
                }
            }
            Some(Declaration::FunctionDeclaration(f)) => {
                if let Some(id) = &f.id {
                    add(&id.name, SymbolKind::Function, whole, id.span);
                }
            }
            Some(Declaration::ClassDeclaration(c)) => {
                if let Some(id) = &c.id {
                    add(&id.name, SymbolKind::Class, whole, id.span);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use vmjs_core::line_index::{Encoding, LineIndex};

    #[test]
    fn top_level_declarations_only() {
        let text = "const a = 1, {b} = o;\nfunction f() { let inner; }\nexport class C {}\nlet ü;";
        let snapshot = Snapshot::new(
            "file:///a.js".into(),
            1,
            text,
            std::sync::Arc::new(LineIndex::new(text)),
            Encoding::Utf16,
        );
        let names: Vec<(String, u32)> = symbols(&snapshot)
            .into_iter()
            .map(|s| (s.name, s.selection_range.start.line))
            .collect();
        assert_eq!(
            names,
            [
                ("a".to_owned(), 0),
                ("b".to_owned(), 0),
                ("f".to_owned(), 1),
                ("C".to_owned(), 2),
                ("ü".to_owned(), 3)
            ]
        );
    }
}
