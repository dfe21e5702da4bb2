//! Static `import` declarations of a cell as `await import(…)` destructurings, and the script that loads and
//! checks them before the cell runs.

use oxc_ast::ast::{ImportDeclaration, ImportDeclarationSpecifier};
use oxc_span::GetSpan;

/// `await import(…)` of a static import declaration's module (with its `with` clause).
fn import_call(src: &str, import: &ImportDeclaration<'_>) -> String {
    let slice = |span: oxc_span::Span| &src[span.start as usize..span.end as usize];
    let mut call = format!("await import({}", slice(import.source.span));
    if let Some(with) = &import.with_clause {
        let entries: Vec<&str> = with.with_entries.iter().map(|e| slice(e.span)).collect();
        call.push_str(&format!(", {{ with: {{ {} }} }}", entries.join(", ")));
    }
    call.push(')');
    call
}

/// The script that loads every module the cell imports and checks each imported name, before the cell runs
/// (`ReplRewrite::preload`): `(async () => { … })()` with the cell's line breaks kept, each import's check on
/// its line. A missing export is Node's `SyntaxError`.
pub(super) fn preload_text(src: &str, imports: &[&ImportDeclaration<'_>]) -> String {
    let line_breaks = |text: &str| -> String {
        text.chars()
            .filter(|c| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'))
            .collect()
    };
    let mut out = String::from("(async () => {");
    let mut last = 0;
    for import in imports {
        let (start, end) = (import.span.start as usize, import.span.end as usize);
        out.push_str(&line_breaks(&src[last..start]));
        let names: Vec<String> = import
            .specifiers
            .as_ref()
            .map_or(&[][..], |s| s.as_slice())
            .iter()
            .filter_map(|spec| match spec {
                ImportDeclarationSpecifier::ImportDefaultSpecifier(_) => Some("default".to_owned()),
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(_) => None,
                ImportDeclarationSpecifier::ImportSpecifier(s) => {
                    Some(s.imported.name().to_string())
                }
            })
            .collect();
        let specifier =
            &src[import.source.span.start as usize + 1..import.source.span.end as usize - 1];
        out.push_str(&format!(
            "{{ const m = {}; for (const n of {}) if (!(n in m)) throw new SyntaxError(`The requested module {} does not provide an export named '${{n}}'`); }}",
            import_call(src, import),
            serde_json::to_string(&names).unwrap_or_else(|_| "[]".into()),
            serde_json::to_string(&format!("'{specifier}'"))
                .map(|quoted| quoted[1..quoted.len() - 1].replace('`', "\\`").replace("${", "\\${"))
                .unwrap_or_default(),
        ));
        out.push_str(&line_breaks(&src[start..end]));
        last = end;
    }
    out.push_str(&line_breaks(&src[last..]));
    out.push_str("})()");
    out
}

/// `await import(…)` code for a static import declaration.
pub(super) fn import_text(src: &str, import: &ImportDeclaration<'_>) -> String {
    let slice = |span: oxc_span::Span| &src[span.start as usize..span.end as usize];
    let call = import_call(src, import);

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
