//! Static `import` declarations of a cell as `await import(…)` destructurings.

use oxc_ast::ast::{ImportDeclaration, ImportDeclarationSpecifier};
use oxc_span::GetSpan;

/// `await import(…)` code for a static import declaration.
pub(super) fn import_text(src: &str, import: &ImportDeclaration<'_>) -> String {
    let slice = |span: oxc_span::Span| &src[span.start as usize..span.end as usize];
    let mut call = format!("await import({}", slice(import.source.span));
    if let Some(with) = &import.with_clause {
        let entries: Vec<&str> = with.with_entries.iter().map(|e| slice(e.span)).collect();
        call.push_str(&format!(", {{ with: {{ {} }} }}", entries.join(", ")));
    }
    call.push(')');

    let specifiers = import.specifiers.as_ref().map_or(&[][..], |s| s.as_slice());
    let mut default = None;
    let mut namespace = None;
    let mut named = Vec::new();
    for spec in specifiers {
        match spec {
            ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                default = Some(s.local.name.as_str());
            }
            ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                namespace = Some(s.local.name.as_str());
            }
            ImportDeclarationSpecifier::ImportSpecifier(s) => {
                let imported = slice(s.imported.span());
                let local = s.local.name.as_str();
                named.push(if imported == local {
                    local.to_string()
                } else {
                    format!("{imported}: {local}")
                });
            }
        }
    }
    match (default, namespace) {
        (_, Some(ns)) => match default {
            Some(d) => format!(";({ns} = {call}, {d} = {ns}.default);"),
            None => format!(";({ns} = {call});"),
        },
        (None, None) if named.is_empty() => format!(";{call};"),
        (d, None) => {
            let mut parts = Vec::new();
            if let Some(d) = d {
                parts.push(format!("default: {d}"));
            }
            parts.extend(named);
            format!(";({{{}}} = {call});", parts.join(", "))
        }
    }
}
