//! What a file imports and exports, from its top-level statements (so a caller can follow a name into the
//! file it comes from, and find the files that use a name it exports).

use oxc_ast::ast::{
    Declaration, ExportDefaultDeclarationKind, ExportSpecifier, ImportDeclarationSpecifier,
    ModuleExportName, Program, Statement,
};
use oxc_span::GetSpan;

use super::TextSpan;

/// What an import binding takes from its module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// `import { name }` / `import { name as local }`.
    Named(String),
    /// `import local from`.
    Default,
    /// `import * as local from`.
    Namespace,
}

/// One name a file imports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBinding {
    /// The local name.
    pub local: String,
    /// The local name's declaring identifier.
    pub local_span: TextSpan,
    /// What it takes from the module.
    pub imported: Imported,
    /// Where the imported name is written (`a` of `import { a as b }`; the same span as `local_span` when
    /// not aliased); `None` for default and namespace imports.
    pub imported_span: Option<TextSpan>,
    /// The module specifier, as written (`./lib`).
    pub specifier: String,
}

/// One name a file exports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedName {
    /// The name importers use (`default` for a default export).
    pub exported: String,
    /// Where that name is written, when it is written (`export { a as b }`: `b`; `export function f`: `f`).
    pub exported_span: Option<TextSpan>,
    /// The local name it exports, when it is one (`a` of `export { a as b }`), and where that is written in
    /// the export statement (for a declaration export, its declaring identifier).
    pub local: Option<(String, TextSpan)>,
    /// For a re-export (`export { a } from "./m"`, `export * from "./m"`): the specifier; `local` is then
    /// the name in that module (`None` for `export *`).
    pub from: Option<String>,
    /// The declaring identifier of the binding it exports, when this file declares it: `f` of
    /// `export function f`, the `a` of `let a` for `export { a as b }`, `g` of `export default function g`.
    /// `None` for re-exports, `export default <expression>` and names the file does not declare.
    pub declaration: Option<TextSpan>,
}

fn span(span: oxc_span::Span) -> TextSpan {
    TextSpan::new(span.start as usize, span.end as usize)
}

fn name_of(name: &ModuleExportName<'_>) -> String {
    name.name().to_string()
}

/// The imports and exports of `program`.
pub(super) fn collect(program: &Program<'_>) -> (Vec<ImportBinding>, Vec<ExportedName>) {
    let mut imports = Vec::new();
    let mut exports = Vec::new();
    for statement in &program.body {
        match statement {
            Statement::ImportDeclaration(import) => {
                let specifier = import.source.value.to_string();
                for item in import.specifiers.iter().flatten() {
                    let (local, imported, imported_span) = match item {
                        ImportDeclarationSpecifier::ImportSpecifier(s) => (
                            &s.local,
                            Imported::Named(name_of(&s.imported)),
                            Some(span(s.imported.span())),
                        ),
                        ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                            (&s.local, Imported::Default, None)
                        }
                        ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                            (&s.local, Imported::Namespace, None)
                        }
                    };
                    imports.push(ImportBinding {
                        local: local.name.to_string(),
                        local_span: span(local.span),
                        imported,
                        imported_span,
                        specifier: specifier.clone(),
                    });
                }
            }
            Statement::ExportDeclaration(export) => {
                for (name, at) in declared_names(&export.declaration) {
                    exports.push(ExportedName {
                        exported: name.clone(),
                        exported_span: Some(at),
                        local: Some((name, at)),
                        from: None,
                        declaration: Some(at),
                    });
                }
            }
            Statement::ExportNamedDeclaration(export) => {
                exports.extend(export.specifiers.iter().map(|s| specifier_export(s, None)));
            }
            Statement::ExportFromDeclaration(export) => {
                let from = export.source.value.to_string();
                exports.extend(
                    export
                        .specifiers
                        .iter()
                        .map(|s| specifier_export(s, Some(from.clone()))),
                );
            }
            Statement::ExportDefaultDeclaration(export) => {
                let local = match &export.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                        f.id.as_ref().map(|id| (id.name.to_string(), span(id.span)))
                    }
                    ExportDefaultDeclarationKind::ClassDeclaration(c) => {
                        c.id.as_ref().map(|id| (id.name.to_string(), span(id.span)))
                    }
                    ExportDefaultDeclarationKind::Identifier(id) => {
                        Some((id.name.to_string(), span(id.span)))
                    }
                    _ => None,
                };
                exports.push(ExportedName {
                    exported: "default".to_owned(),
                    exported_span: None,
                    local,
                    from: None,
                    declaration: None,
                });
            }
            Statement::ExportAllDeclaration(export) => exports.push(ExportedName {
                exported: export
                    .exported
                    .as_ref()
                    .map_or_else(|| "*".to_owned(), name_of),
                exported_span: export.exported.as_ref().map(|e| span(e.span())),
                local: None,
                from: Some(export.source.value.to_string()),
                declaration: None,
            }),
            _ => {}
        }
    }
    (imports, exports)
}

fn specifier_export(specifier: &ExportSpecifier<'_>, from: Option<String>) -> ExportedName {
    ExportedName {
        exported: name_of(&specifier.exported),
        exported_span: Some(span(specifier.exported.span())),
        local: Some((name_of(&specifier.local), span(specifier.local.span()))),
        from,
        declaration: None,
    }
}

/// The names a declaration declares, with their identifiers' spans.
fn declared_names(declaration: &Declaration<'_>) -> Vec<(String, TextSpan)> {
    let identifier =
        |id: &oxc_ast::ast::BindingIdentifier<'_>| (id.name.to_string(), span(id.span));
    match declaration {
        Declaration::VariableDeclaration(variables) => variables
            .declarations
            .iter()
            .flat_map(|d| d.id.get_binding_identifiers())
            .map(identifier)
            .collect(),
        Declaration::FunctionDeclaration(f) => f.id.iter().map(identifier).collect(),
        Declaration::ClassDeclaration(c) => c.id.iter().map(identifier).collect(),
        Declaration::TSTypeAliasDeclaration(t) => vec![identifier(&t.id)],
        Declaration::TSInterfaceDeclaration(t) => vec![identifier(&t.id)],
        Declaration::TSEnumDeclaration(t) => vec![identifier(&t.id)],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::NavigationIndex;
    use super::*;

    /// `exported <- local @ declaration text (from)` for each export.
    fn exports(src: &str, typescript: bool) -> Vec<String> {
        NavigationIndex::build(src, typescript)
            .exports()
            .iter()
            .map(|e| {
                let local = e.local.as_ref().map_or("-", |(name, _)| name.as_str());
                let declared = e.declaration.map_or("-".to_owned(), |d| {
                    let line = src[..d.start].matches('\n').count() + 1;
                    format!("{}@{line}", &src[d.start..d.end])
                });
                let from = e.from.as_deref().unwrap_or("");
                format!("{} <- {local} {declared} {from}", e.exported)
            })
            .collect()
    }

    #[test]
    fn local_exports_point_at_their_declarations() {
        let src = "const a = 1;\nlet b;\nexport { a, a as c, b as default };\nexport function f() {}\n\
                   export const { p, q: [r] } = o;\nexport { z } from './z';\nexport * as ns from './all';\n\
                   export { undeclared };";
        assert_eq!(
            exports(src, false),
            [
                "a <- a a@1 ",
                "c <- a a@1 ",
                "default <- b b@2 ",
                "f <- f f@4 ",
                "p <- p p@5 ",
                "r <- r r@5 ",
                "z <- z - ./z",
                "ns <- - - ./all",
                "undeclared <- undeclared - ",
            ]
        );
    }

    #[test]
    fn default_exports() {
        assert_eq!(
            exports("export default function g() {}", false),
            ["default <- g g@1 "]
        );
        assert_eq!(
            exports("class K {}\nexport default K;", false),
            ["default <- K K@1 "]
        );
        assert_eq!(exports("export default 1 + 2;", false), ["default <- - - "]);
    }

    #[test]
    fn typescript_type_imports_and_exports() {
        let src = "import type { T } from './t';\nimport { type U, v } from './u';\n\
                   export interface I {}\nexport type A = T;\nexport type { U };";
        assert_eq!(
            exports(src, true),
            ["I <- I I@3 ", "A <- A A@4 ", "U <- U U@2 "]
        );
        let index = NavigationIndex::build(src, true);
        let imported: Vec<(&str, &Imported, &str)> = index
            .imports()
            .iter()
            .map(|i| (i.local.as_str(), &i.imported, i.specifier.as_str()))
            .collect();
        assert_eq!(
            imported,
            [
                ("T", &Imported::Named("T".into()), "./t"),
                ("U", &Imported::Named("U".into()), "./u"),
                ("v", &Imported::Named("v".into()), "./u"),
            ]
        );
    }
}
