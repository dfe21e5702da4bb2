//! TypeScript: types stripped (never checked) by oxc's transformer — enums, namespaces and parameter
//! properties become the JavaScript `tsc` emits for them — and the result printed by oxc's code generator with
//! a source map, through which a position in the printed JavaScript (an error, a stack frame) maps back to the
//! user's TypeScript.
//!
//! The printed code does not keep the original's lines (the printer lays code out its own way), which is why
//! positions go through the source map rather than the span edits REPL rewriting uses.

use std::path::Path;

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_parser::Parser;
use oxc_semantic::SemanticBuilder;
use oxc_span::SourceType;
use oxc_transformer::{JsxOptions, TransformOptions, Transformer, TypeScriptOptions};

use super::source_kind::diagnostics_of;
use super::{Diagnostic, MAX_NESTING, check_nesting, source_kind::nesting_diagnostic};
use crate::line_index::{Encoding, LineIndex};

/// What is being stripped, which decides which imports go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsUnit {
    /// A REPL cell: only `import type` and `type` specifiers go. A name a cell imports but does not use may
    /// be what the next cell uses, so usage cannot decide (as with TypeScript's `verbatimModuleSyntax`).
    Cell,
    /// A file (run, imported, a startup file or library): imports only types use go too, as `tsc` elides them.
    File,
}

/// The file extensions that are TypeScript: `.ts`, `.mts`, `.cts`.
pub fn is_typescript_path(path: &str) -> bool {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "ts" | "mts" | "cts"))
}

/// JavaScript printed from TypeScript, with the way back to the TypeScript's positions.
#[derive(Debug, Clone)]
pub struct StrippedTs {
    /// The JavaScript to run.
    pub code: String,
    original: String,
    /// Source map tokens, in the printed code's order: (line, UTF-16 column) there → (line, UTF-16 column) in
    /// the original, all 0-based.
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Token {
    dst: (u32, u32),
    src: (u32, u32),
}

impl StrippedTs {
    /// Maps a 1-based (line, column-in-chars) position of [`StrippedTs::code`] to the original TypeScript:
    /// the nearest mapped token at or before it, plus the distance from that token on the same line (the
    /// printer copies a token's text, so a position inside it keeps its offset). Before the first token: the
    /// start of the text.
    pub fn original_position(&self, line: u32, column: u32) -> (u32, u32) {
        let code_index = LineIndex::new(&self.code);
        let offset = code_index.offset_of_line_col(&self.code, line, column);
        let (line, unit) = code_index.position(&self.code, offset, Encoding::Utf16);
        let after = self.tokens.partition_point(|t| t.dst <= (line, unit));
        let Some(token) = after.checked_sub(1).and_then(|i| self.tokens.get(i)) else {
            return (1, 1);
        };
        let distance = if token.dst.0 == line {
            unit - token.dst.1
        } else {
            0
        };
        let original_index = LineIndex::new(&self.original);
        let offset = original_index.offset_clamped(
            &self.original,
            token.src.0,
            token.src.1 + distance,
            Encoding::Utf16,
        );
        original_index.line_col(&self.original, offset)
    }

    /// The TypeScript it was printed from.
    pub fn original(&self) -> &str {
        &self.original
    }
}

/// Strips the types of `src` (TypeScript, an ES module or a script: both parse as a module, which TypeScript
/// code is in practice), or says why it cannot: syntax errors (positioned in `src`), in source order.
pub fn strip_types(src: &str, unit: TsUnit) -> Result<StrippedTs, Vec<Diagnostic>> {
    if let Err(error) = check_nesting(src, MAX_NESTING) {
        return Err(vec![nesting_diagnostic(src, &error)]);
    }
    let diagnostics = |errors: &[oxc_diagnostics::OxcDiagnostic]| -> Vec<Diagnostic> {
        let mut found = diagnostics_of(src, errors);
        found.sort_by_key(|d| (d.start, d.end));
        found.dedup();
        found
    };
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, src, SourceType::ts()).parse();
    if parsed.panicked || !parsed.diagnostics.is_empty() {
        return Err(diagnostics(&parsed.diagnostics));
    }
    let mut program = parsed.program;
    let semantic = SemanticBuilder::new()
        .with_check_syntax_error(true)
        .with_excess_capacity(2.0)
        .with_enum_eval(true)
        .build(&program);
    if !semantic.diagnostics.is_empty() {
        return Err(diagnostics(&semantic.diagnostics));
    }
    let options = TransformOptions {
        typescript: TypeScriptOptions {
            only_remove_type_imports: unit == TsUnit::Cell,
            ..TypeScriptOptions::default()
        },
        jsx: JsxOptions::disable(),
        ..TransformOptions::default()
    };
    let path = Path::new("input.ts");
    let transformed = Transformer::new(&allocator, path, &options)
        .build_with_scoping(semantic.semantic.into_scoping(), &mut program);
    if !transformed.diagnostics.is_empty() {
        return Err(diagnostics(&transformed.diagnostics));
    }
    let printed = Codegen::new()
        .with_options(CodegenOptions {
            source_map_path: Some(path.to_path_buf()),
            ..CodegenOptions::default()
        })
        .with_scoping(Some(transformed.scoping))
        .build(&program);
    let tokens = printed
        .map
        .map(|map| {
            map.get_tokens()
                .map(|t| Token {
                    dst: (t.get_dst_line(), t.get_dst_col()),
                    src: (t.get_src_line(), t.get_src_col()),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(StrippedTs {
        code: printed.code,
        original: src.to_owned(),
        tokens,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(src: &str) -> StrippedTs {
        strip_types(src, TsUnit::File).unwrap_or_else(|e| panic!("{src}: {e:?}"))
    }

    #[test]
    fn types_go_and_what_runs_stays() {
        let out = strip(
            "interface P { x: number }\ntype Id = string;\nconst p: P = { x: 1 } as P;\nfunction f<T>(a: T): T { return a!; }\nf<number>(p.x satisfies number);\n",
        );
        assert!(!out.code.contains("interface"), "{}", out.code);
        assert!(!out.code.contains(": number"), "{}", out.code);
        assert!(out.code.contains("const p = { x: 1 };"), "{}", out.code);
        assert!(out.code.contains("function f(a)"), "{}", out.code);
    }

    #[test]
    fn enums_namespaces_and_parameter_properties_become_javascript() {
        let out = strip(
            "enum Color { Red, Green = 5 }\nnamespace N { export const v = 1; }\nclass P { constructor(public x: number, private y = 2) {} }\n",
        );
        assert!(
            out.code.contains("Color[Color[\"Red\"] = 0] = \"Red\""),
            "{}",
            out.code
        );
        assert!(
            out.code.contains("N.v") || out.code.contains("_N.v"),
            "{}",
            out.code
        );
        assert!(out.code.contains("this.x = x"), "{}", out.code);
    }

    #[test]
    fn imports_only_types_use_go_from_files_not_from_cells() {
        let src =
            "import { A, B } from './m.ts';\nimport type { T } from './t.ts';\nlet b: A = B;\n";
        let file = strip_types(src, TsUnit::File).expect("file");
        assert!(file.code.contains("import { B } from"), "{}", file.code);
        assert!(!file.code.contains("./t.ts"), "{}", file.code);
        let unused = "import { Later } from './m.ts';\n";
        assert!(
            strip_types(unused, TsUnit::Cell)
                .expect("cell")
                .code
                .contains("Later")
        );
        assert!(
            !strip_types(unused, TsUnit::File)
                .expect("file")
                .code
                .contains("Later")
        );
    }

    #[test]
    fn positions_map_back_to_the_typescript() {
        // The printer drops the interface and the blank line: `boom` moves up two lines.
        let src = "interface P {\n  x: number\n}\n\nconst value: number = 1;\nconst s: string = boom(value);\n";
        let out = strip(src);
        let (line, column) = line_and_column_of(&out.code, "boom");
        assert_eq!(out.original_position(line, column), (6, 19));
        // Inside the token: the distance is kept.
        assert_eq!(out.original_position(line, column + 2), (6, 21));
        // Non-ASCII before it on the line: columns count characters on both sides.
        let src = "type T = 'é';\nconst é: T = 'é'; boom(é);\n";
        let out = strip(src);
        let (line, column) = line_and_column_of(&out.code, "boom");
        assert_eq!(out.original_position(line, column), (2, 19));
    }

    fn line_and_column_of(code: &str, needle: &str) -> (u32, u32) {
        let offset = code.find(needle).expect("needle");
        super::super::line_col(code, offset)
    }

    #[test]
    fn syntax_errors_are_positioned_in_the_typescript() {
        let errors = strip_types("const x: number = ;\n", TsUnit::Cell).expect_err("invalid");
        assert_eq!((errors[0].line, errors[0].column), (1, 19));
        let errors =
            strip_types("let a: number;\nlet a: string;\n", TsUnit::File).expect_err("redeclared");
        assert!(
            errors[0].message.contains("already been declared"),
            "{errors:?}"
        );
    }

    /// Every prefix of a varied TypeScript sample strips or is refused, and every position of what it prints
    /// maps somewhere in the original, without panicking.
    #[test]
    fn no_panics_on_prefixes() {
        let sample = "import type { T } from './t';\nexport enum E { A = 1, B = A << 1 }\n\
            declare module 'm' { export const x: number }\nnamespace N.M { export const é: string = `${1}` }\n\
            abstract class C<X extends object = {}> implements T { constructor(private readonly a?: X) {} \
            abstract m(): void; static #p = 1 }\nconst f = <U,>(u: U): U => u as unknown as U;\n\
            let v = f!<number>(1) satisfies number; type Z = keyof typeof v;\n";
        let whole = strip_types(sample, TsUnit::File);
        assert!(whole.is_ok(), "the whole sample is valid: {whole:?}");
        for (i, _) in sample.char_indices() {
            for unit in [TsUnit::Cell, TsUnit::File] {
                if let Ok(stripped) = strip_types(&sample[..i], unit) {
                    for (n, line) in stripped.code.lines().enumerate() {
                        let n = u32::try_from(n + 1).unwrap_or(u32::MAX);
                        let len = u32::try_from(line.chars().count()).unwrap_or(u32::MAX);
                        for column in [1, len / 2 + 1, len + 5] {
                            let (line, column) = stripped.original_position(n, column);
                            assert!(line >= 1 && column >= 1);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn extensions() {
        assert!(is_typescript_path("a/b.ts"));
        assert!(is_typescript_path("b.mts"));
        assert!(is_typescript_path("b.cts"));
        assert!(!is_typescript_path("b.js"));
        assert!(!is_typescript_path("<cell 1>"));
        assert!(!is_typescript_path("b.d.ts.json"));
    }
}
