use super::*;

/// The byte offset of the `nth` occurrence of `needle` (plus `delta`).
fn at(src: &str, needle: &str, nth: usize, delta: usize) -> usize {
    src.match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i + delta)
        .unwrap()
}

fn texts<'a>(src: &'a str, occurrences: &[Occurrence]) -> Vec<(&'a str, usize, OccurrenceKind)> {
    occurrences
        .iter()
        .map(|o| (&src[o.span.start..o.span.end], o.span.start, o.kind))
        .collect()
}

fn renamed(
    src: &str,
    offset: usize,
    new_name: &str,
    mode: RenameMode,
) -> Result<String, RenameError> {
    let index = NavigationIndex::build(src, false);
    let mut edits = index.rename(offset, new_name, mode)?;
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = src.to_owned();
    for edit in edits {
        out.replace_range(edit.span.start..edit.span.end, &edit.text);
    }
    Ok(out)
}

#[test]
fn definitions_of_every_kind_of_binding() {
    let src = "import { a as b } from './m';\nlet x = 1; const k = 2; function f(p) { try {} catch (e) { e; } return p + x + k; }\nclass C {}\nnew C(); f(b);";
    let index = NavigationIndex::build(src, false);
    let cases = [
        ("p + x", SymbolKind::Parameter, "p"),
        ("x + k", SymbolKind::Variable, "x"),
        ("k; }", SymbolKind::Constant, "k"),
        ("e; }", SymbolKind::CatchParameter, "e"),
        ("C();", SymbolKind::Class, "C"),
        ("f(b)", SymbolKind::Function, "f"),
        ("b);", SymbolKind::Import, "b"),
    ];
    for (needle, kind, name) in cases {
        let definition = index.definition(at(src, needle, 0, 0)).unwrap();
        assert_eq!(
            (definition.kind, definition.name.as_str()),
            (kind, name),
            "{needle}"
        );
        assert_eq!(&src[definition.span.start..definition.span.end], name);
    }
    let import = index
        .definition(at(src, "b);", 0, 0))
        .unwrap()
        .import
        .unwrap();
    assert_eq!(import.imported, Imported::Named("a".into()));
    assert_eq!(import.specifier, "./m");
    // The cursor right after a name finds it too; a global has no definition.
    assert_eq!(index.definition(at(src, "x + k", 0, 1)).unwrap().name, "x");
    let src = "console.log(1)";
    assert_eq!(NavigationIndex::build(src, false).definition(1), None);
}

#[test]
fn references_respect_scopes_hoisting_and_kinds() {
    let src = "let x = 1;\nfunction g() { let x = 2; return x; }\nx = 3; x += 1; x++; h(x);\nfunction h(v) { return v; }";
    let index = NavigationIndex::build(src, false);
    let outer = index.references(at(src, "x", 0, 0), true);
    assert_eq!(
        texts(src, &outer),
        [
            ("x", 4, OccurrenceKind::Declaration),
            ("x", at(src, "x = 3", 0, 0), OccurrenceKind::Write),
            ("x", at(src, "x +=", 0, 0), OccurrenceKind::ReadWrite),
            ("x", at(src, "x++", 0, 0), OccurrenceKind::ReadWrite),
            ("x", at(src, "x);", 0, 0), OccurrenceKind::Read),
        ]
    );
    let inner = index.references(at(src, "return x", 0, 7), false);
    assert_eq!(
        texts(src, &inner),
        [("x", at(src, "return x", 0, 7), OccurrenceKind::Read)]
    );
    // `h` is used before its (hoisted) declaration.
    let h = index.references(at(src, "h(x)", 0, 0), true);
    assert_eq!(h.len(), 2);
    assert_eq!(
        index.definition(at(src, "h(x)", 0, 0)).unwrap().span.start,
        at(src, "h(v)", 0, 0)
    );
}

#[test]
fn rename_expands_shorthands_and_keeps_the_file_interface() {
    let src = "const a = 1;\nconst o = { a };\nconst { a: z } = o;\nexport { a };";
    assert_eq!(
        renamed(src, 6, "b", RenameMode::ThisFile).unwrap(),
        "const b = 1;\nconst o = { a: b };\nconst { a: z } = o;\nexport { b as a };"
    );
    assert_eq!(
        renamed(src, 6, "b", RenameMode::Everywhere).unwrap(),
        "const b = 1;\nconst o = { a: b };\nconst { a: z } = o;\nexport { b };"
    );
    let src = "const { a, c = 2 } = o;\n({ a } = o);\nuse(a, c);";
    assert_eq!(
        renamed(src, at(src, "a", 0, 0), "b", RenameMode::ThisFile).unwrap(),
        "const { a: b, c = 2 } = o;\n({ a: b } = o);\nuse(b, c);"
    );
    assert_eq!(
        renamed(src, at(src, "c =", 0, 0), "d", RenameMode::ThisFile).unwrap(),
        "const { a, c: d = 2 } = o;\n({ a } = o);\nuse(a, d);"
    );
    let src = "import { a } from 'm';\nimport { x as y } from 'm';\na(y);";
    assert_eq!(
        renamed(src, at(src, "a(", 0, 0), "b", RenameMode::ThisFile).unwrap(),
        "import { a as b } from 'm';\nimport { x as y } from 'm';\nb(y);"
    );
    assert_eq!(
        renamed(src, at(src, "y)", 0, 0), "z", RenameMode::ThisFile).unwrap(),
        "import { a } from 'm';\nimport { x as z } from 'm';\na(z);"
    );
}

#[test]
fn rename_refuses_what_would_change_the_meaning() {
    let refused = |src: &str, offset: usize, name: &str| {
        NavigationIndex::build(src, false)
            .rename(offset, name, RenameMode::ThisFile)
            .unwrap_err()
    };
    assert_eq!(
        refused("console.log(1)", 0, "c"),
        RenameError::Global("console".into())
    );
    assert_eq!(
        refused("let a = 1;", 4, "1abc"),
        RenameError::InvalidName("1abc".into())
    );
    assert_eq!(
        refused("let a = 1;", 4, "class"),
        RenameError::InvalidName("class".into())
    );
    assert_eq!(refused("let a = 1;", 0, "b"), RenameError::NotASymbol);
    for reserved in ["interface", "eval", "yield", "let"] {
        assert_eq!(
            refused("let a = 1;", 4, reserved),
            RenameError::InvalidName(reserved.into())
        );
    }
    // Contextual keywords are fine names.
    assert!(renamed("let a = 1;", 4, "async", RenameMode::ThisFile).is_ok());
    // Same scope.
    assert!(matches!(
        refused("let a = 1; let b = 2;", 4, "b"),
        RenameError::Collision { .. }
    ));
    // An inner `b` would capture the reference to `a`.
    let src = "let a = 1; function f() { let b = 2; return a; }";
    assert!(matches!(
        refused(src, 4, "b"),
        RenameError::Collision { .. }
    ));
    // The renamed symbol would shadow an outer `b` (or a global) used inside its scope.
    let src = "let b = 1; function f() { let a = 2; return b + a; }";
    assert!(matches!(
        refused(src, at(src, "a =", 0, 0), "b"),
        RenameError::Collision { .. }
    ));
    let src = "function f() { let a = 2; return console.log(a); }";
    assert!(matches!(
        refused(src, at(src, "a =", 0, 0), "console"),
        RenameError::Collision { .. }
    ));
    // Renaming into an unrelated scope's name is fine.
    let src = "function f() { let a = 1; return a; } function g() { let b = 2; return b; }";
    assert!(renamed(src, at(src, "a =", 0, 0), "b", RenameMode::ThisFile).is_ok());
}

#[test]
fn imports_and_exports_are_recorded_with_their_spans() {
    let src = "import d, { a, b as c } from './m';\nimport * as ns from './n';\nexport function f() {}\nexport const { p, q } = o;\nexport { c as e };\nexport { z } from './z';\nexport * from './all';\nexport default class K {}";
    let index = NavigationIndex::build(src, false);
    let imports: Vec<(&str, &Imported, &str)> = index
        .imports()
        .iter()
        .map(|i| (i.local.as_str(), &i.imported, i.specifier.as_str()))
        .collect();
    assert_eq!(
        imports,
        [
            ("d", &Imported::Default, "./m"),
            ("a", &Imported::Named("a".into()), "./m"),
            ("c", &Imported::Named("b".into()), "./m"),
            ("ns", &Imported::Namespace, "./n"),
        ]
    );
    let exports: Vec<(&str, Option<&str>, Option<&str>)> = index
        .exports()
        .iter()
        .map(|e| {
            (
                e.exported.as_str(),
                e.local.as_ref().map(|l| l.0.as_str()),
                e.from.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        exports,
        [
            ("f", Some("f"), None),
            ("p", Some("p"), None),
            ("q", Some("q"), None),
            ("e", Some("c"), None),
            ("z", Some("z"), Some("./z")),
            ("*", None, Some("./all")),
            ("default", Some("K"), None),
        ]
    );
    assert_eq!(
        index.definition(at(src, "ns", 0, 0)).unwrap().kind,
        SymbolKind::Namespace
    );
    let members = index.member_accesses(
        "import * as ns from 'n'; ns.f(); ns . f; ns.fg;",
        TextSpan::new(12, 14),
        "f",
    );
    assert!(
        members.is_empty(),
        "a different text than the index's: nothing matches by accident"
    );
    let src = "import * as ns from 'n'; ns.f(); ns . f; ns.fg;";
    let index = NavigationIndex::build(src, false);
    let members = index.member_accesses(src, TextSpan::new(12, 14), "f");
    assert_eq!(members, [TextSpan::new(28, 29), TextSpan::new(38, 39)]);
}

#[test]
fn typescript_types_interfaces_and_enums() {
    let src = "interface P { x: number }\ntype Q = P;\nenum E { A }\nlet p: P = { x: E.A };\nimport type { T } from './t';\nlet t: T;";
    let index = NavigationIndex::build(src, true);
    assert_eq!(
        index.definition(at(src, "P =", 0, 0)).unwrap().kind,
        SymbolKind::Interface
    );
    assert_eq!(index.references(at(src, "P {", 0, 0), true).len(), 3);
    assert_eq!(
        index.definition(at(src, "E.A", 0, 0)).unwrap().kind,
        SymbolKind::Enum
    );
    assert_eq!(
        index.definition(at(src, "T;", 0, 0)).unwrap().kind,
        SymbolKind::Import
    );
}

#[test]
fn outline_nests_and_folds_span_lines() {
    let src = "class Shape {\n  constructor(s) { this.s = s; }\n  area() { return 1; }\n  static n = 1;\n}\nconst config = {\n  name: 'x',\n  nested: { deep: 1 },\n  run() {},\n};\nfunction outer() {\n  function inner() {}\n  const arrow = () => 1;\n}\n/* a\n b */\nimport a from 'a';\nimport b from 'b';\n";
    let index = NavigationIndex::build(src, false);
    fn tree(symbols: &[OutlineSymbol]) -> Vec<String> {
        symbols
            .iter()
            .map(|s| {
                if s.children.is_empty() {
                    s.name.clone()
                } else {
                    format!("{}[{}]", s.name, tree(&s.children).join(","))
                }
            })
            .collect()
    }
    assert_eq!(
        tree(index.outline()),
        [
            "Shape[constructor,area,n]",
            "config[name,nested[deep],run]",
            "outer[inner,arrow]"
        ]
    );
    let kinds: Vec<FoldKind> = index.folding_regions().iter().map(|f| f.kind).collect();
    assert!(kinds.contains(&FoldKind::Comment) && kinds.contains(&FoldKind::Imports));
    let class_body = index.folding_regions()[0];
    assert_eq!(&src[class_body.span.start..class_body.span.start + 1], "{");
    // Selection: `s` → `this.s = s`… → the whole text.
    let ranges = index.selection_ranges(at(src, "= s;", 0, 2));
    assert_eq!(&src[ranges[0].start..ranges[0].end], "s");
    assert_eq!(ranges.last().copied(), Some(TextSpan::new(0, src.len())));
    assert!(ranges.windows(2).all(|w| w[1].contains_span(&w[0])));
}

#[test]
fn semantic_tokens_kinds_and_modifiers() {
    let src = "const k = 1; let v; function f(p) { return p + k + v + undeclared; } class C {}";
    let tokens = NavigationIndex::build(src, false).semantic_tokens();
    let find = |needle: &str, nth: usize| {
        let start = at(src, needle, nth, 0);
        tokens
            .iter()
            .find(|t| t.span.start == start)
            .copied()
            .unwrap()
    };
    let k = find("k =", 0);
    assert_eq!(k.kind, TokenKind::Variable);
    assert!(
        k.modifiers.has(TokenModifiers::DECLARATION) && k.modifiers.has(TokenModifiers::READONLY)
    );
    assert_eq!(find("p)", 0).kind, TokenKind::Parameter);
    assert_eq!(find("f(", 0).kind, TokenKind::Function);
    assert_eq!(find("C {", 0).kind, TokenKind::Class);
    assert!(find("undeclared", 0).modifiers.has(TokenModifiers::GLOBAL));
    assert!(!find("v +", 0).modifiers.has(TokenModifiers::DECLARATION));
    assert!(tokens.windows(2).all(|w| w[0].span.end <= w[1].span.start));
}

#[test]
fn jsx_names_are_references_and_rename_both_tags() {
    let src = "import Foo from './f';\nconst App = () => <Foo a={1}><Foo.Bar /></Foo>;\nexport { App as A };";
    let index = NavigationIndex::build(src, false);
    let refs = index.references(at(src, "Foo", 0, 0), true);
    assert_eq!(
        refs.iter().map(|r| r.span.start).collect::<Vec<_>>(),
        [
            at(src, "Foo", 0, 0),
            at(src, "Foo", 1, 0),
            at(src, "Foo", 2, 0),
            at(src, "Foo", 3, 0)
        ]
    );
    assert_eq!(
        renamed(src, at(src, "Foo", 3, 1), "Baz", RenameMode::ThisFile).unwrap(),
        "import Baz from './f';\nconst App = () => <Baz a={1}><Baz.Bar /></Baz>;\nexport { App as A };"
    );
}

#[test]
fn destructuring_and_loop_targets_are_writes() {
    let src = "let y = 1; [y] = [3]; ({ y } = o); for (y of []) {} y -= 2;";
    let index = NavigationIndex::build(src, false);
    let kinds: Vec<OccurrenceKind> = index.highlights(4).iter().map(|o| o.kind).collect();
    assert_eq!(
        kinds,
        [
            OccurrenceKind::Declaration,
            OccurrenceKind::Write,
            OccurrenceKind::Write,
            OccurrenceKind::Write,
            OccurrenceKind::ReadWrite
        ]
    );
    assert_eq!(
        renamed(src, 4, "z", RenameMode::ThisFile).unwrap(),
        "let z = 1; [z] = [3]; ({ y: z } = o); for (z of []) {} z -= 2;"
    );
}

/// The cursor right after `function` (a keyword) is on no name.
#[test]
fn prepare_rename_spans_and_refusals() {
    let src = "let a = 1; function f() { return a; }";
    let index = NavigationIndex::build(src, false);
    assert_eq!(
        index.prepare_rename(at(src, "a;", 0, 1)),
        Ok(TextSpan::new(33, 34))
    );
    assert_eq!(
        index.prepare_rename(at(src, "function", 0, 3)),
        Err(RenameError::NotASymbol)
    );
    assert_eq!(
        NavigationIndex::build("console.log(1)", false).prepare_rename(3),
        Err(RenameError::Global("console".into()))
    );
    for reserved in ["let", "yield", "await", "static", "enum"] {
        assert_eq!(
            index.rename(4, reserved, RenameMode::ThisFile),
            Err(RenameError::InvalidName(reserved.into()))
        );
    }
    // A parameter and a `var` of the same function share its scope.
    let src = "function f(a) { var c; return a; }";
    assert!(matches!(
        NavigationIndex::build(src, false).rename(11, "c", RenameMode::ThisFile),
        Err(RenameError::Collision { .. })
    ));
}

#[test]
fn the_index_is_owned_and_shareable() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<NavigationIndex>();
}

/// Every prefix of a varied sample (cut mid-token, mid-string, between the bytes of a char), every query at
/// every offset: no panics, and the spans the index gives are on char boundaries.
#[test]
fn every_prefix_and_offset_answers_without_panicking() {
    let sample = "import d, { a as b } from './m';\nlet é = `😀 ${b}`; /* c\n */\n\
                  export const { p, q: [r] } = o;\nclass C extends B { #f = 1; m() { return <C.X y={é} />; } }\n\
                  export { é as e }; for (const k of d) { é += k; }\nexport default function g(x = p) { return x; }";
    let check = |text: &str, typescript: bool| {
        let index = NavigationIndex::build(text, typescript);
        let on_boundaries = |span: TextSpan| {
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{span:?} in {text:?}"
            );
        };
        for token in index.semantic_tokens() {
            on_boundaries(token.span);
        }
        for offset in 0..=text.len() + 1 {
            if let Some(definition) = index.definition(offset) {
                on_boundaries(definition.span);
            }
            for occurrence in index.references(offset, true) {
                on_boundaries(occurrence.span);
            }
            let _ = index.prepare_rename(offset);
            let _ = index.rename(offset, "renamed", RenameMode::ThisFile);
            for span in index.selection_ranges(offset) {
                on_boundaries(span);
            }
        }
    };
    for (i, _) in sample.char_indices() {
        check(&sample[..i], false);
    }
    check(sample, true);
}

#[test]
fn hostile_and_broken_text_never_panics() {
    let deep = "(".repeat(100_000);
    let index = NavigationIndex::build(&deep, false);
    assert!(index.definition(5).is_none());
    assert_eq!(index.selection_ranges(3), [TextSpan::new(0, deep.len())]);
    let broken = "let a = 1;\nfunction (\na + 1\n";
    let index = NavigationIndex::build(broken, false);
    // The line the parser gave up on is left out; the rest still answers.
    let recovered = "show(total);\nlet = ;\nconst total = 1; total;";
    let partial = NavigationIndex::build(recovered, false);
    // `total` before its `const` is the same (hoisted) binding.
    assert_eq!(
        partial
            .references(recovered.rfind("total").unwrap(), true)
            .len(),
        3
    );
    assert_eq!(
        partial.definition(6).map(|d| d.span.start),
        recovered.find("total =")
    );
    for offset in 0..=broken.len() + 3 {
        let _ = index.definition(offset);
        let _ = index.references(offset, true);
        let _ = index.rename(offset, "zz", RenameMode::ThisFile);
        let _ = index.selection_ranges(offset);
    }
    let text = "const café = '😀'; café;";
    let index = NavigationIndex::build(text, false);
    let refs = index.references(text.rfind("café").unwrap(), true);
    assert_eq!(refs.len(), 2);
    assert!(
        refs.iter()
            .all(|r| &text[r.span.start..r.span.end] == "café")
    );
    for offset in 0..text.len() + 2 {
        let _ = index.occurrence_at(offset);
        let _ = index.member_accesses(text, TextSpan::new(6, 11), "x");
    }
}

#[test]
fn names_used_but_declared_elsewhere_as_notebook_cells_see_them() {
    let first = "const total = 1;\nfunction show() {}";
    let later = "show(total);\nconst o = { total };\nfunction f(n) { return total + n; }";
    let declaring = NavigationIndex::build(first, false);
    assert_eq!(
        declaring.top_level_declaration("total"),
        Some(TextSpan::new(6, 11))
    );
    let using = NavigationIndex::build(later, false);
    assert_eq!(using.name_at(6), Some("total"));
    assert_eq!(using.global_occurrences("total").len(), 3);
    let mut edits = using.rename_global("total", "sum").unwrap();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = later.to_owned();
    for edit in edits {
        out.replace_range(edit.span.start..edit.span.end, &edit.text);
    }
    assert_eq!(
        out,
        "show(sum);\nconst o = { total: sum };\nfunction f(n) { return sum + n; }"
    );
    // `n` is declared around a use: renaming to it would capture it; a top-level `o` too.
    assert!(matches!(
        using.rename_global("total", "n"),
        Err(RenameError::Collision { .. })
    ));
    assert!(matches!(
        using.rename_global("total", "o"),
        Err(RenameError::Collision { .. })
    ));
}

#[test]
fn calls_with_their_arguments_and_the_parameters_of_declared_functions() {
    let src = "function f(a, b = 2, { c }, ...rest) {}\nconst g = (x) => x;\nclass C { constructor(name) {} }\nclass D {}\n\
               f(1, y, o.z, -3, `t`, `${y}`, ...more, 4);\nnew C('n');\nns.g(true);\n(0, f)(1);\nf()();\n";
    let index = NavigationIndex::build(src, false);
    let calls: Vec<_> = index.calls_in(TextSpan::new(0, src.len())).collect();
    let callees: Vec<_> = calls
        .iter()
        .map(|c| {
            (
                &src[c.callee.start..c.callee.end],
                c.is_member,
                c.arguments.len(),
            )
        })
        .collect();
    // `(0, f)(1)` calls no name; of `f()()`, only the inner call does.
    assert_eq!(
        callees,
        [
            ("f", false, 6),
            ("C", false, 1),
            ("g", true, 1),
            ("f", false, 0)
        ]
    );
    let kinds: Vec<_> = calls[0]
        .arguments
        .iter()
        .map(|a| match a.kind {
            ArgumentKind::Name(name) => format!("name {}", &src[name.start..name.end]),
            kind => format!("{kind:?} {}", &src[a.span.start..a.span.end]),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "Literal 1",
            "name y",
            "name z",
            "Literal -3",
            "Literal `t`",
            "Other `${y}`"
        ]
    );
    let params = |name: &str| {
        let declared = index.definition(at(src, name, 0, 0)).unwrap().span;
        index.parameters(declared).map(|p| {
            p.iter()
                .map(|p| (p.text.as_str(), p.name.clone(), p.rest))
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(
        params("f(a").unwrap(),
        [
            ("a", Some("a".into()), false),
            ("b = 2", Some("b".into()), false),
            ("{ c }", None, false),
            ("...rest", Some("rest".into()), true)
        ]
    );
    assert_eq!(params("g =").unwrap(), [("x", Some("x".into()), false)]);
    assert_eq!(
        params("C {").unwrap(),
        [("name", Some("name".into()), false)]
    );
    assert_eq!(params("D {").unwrap(), []);
    // Only the calls overlapping a range.
    let line = at(src, "new C", 0, 0);
    let in_line: Vec<_> = index
        .calls_in(TextSpan::new(line, line + 3))
        .map(|c| &src[c.callee.start..c.callee.end])
        .collect();
    assert_eq!(in_line, ["C"]);
}

#[test]
fn typescript_parameters_and_stated_types() {
    let src = "import { Store } from './s';\nimport * as ns from './n';\nclass Box<T> { constructor(public value: T) {} }\n\
               function make(size: number, label?: string): Box<number> { return new Box(size); }\n\
               let a: Store; const b = new Box(1); const c: ns.Thing[] = []; let d = make(1);\n\
               function use(s: Store, t = new Box(2)) {}\n";
    let index = NavigationIndex::build(src, true);
    let declared = |needle: &str| index.definition(at(src, needle, 0, 0)).unwrap().span;
    let stated = |needle: &str| {
        index
            .stated_type(declared(needle))
            .map(|span| &src[span.start..span.end])
    };
    assert_eq!(stated("a:"), Some("Store"));
    assert_eq!(stated("b ="), Some("Box"));
    assert_eq!(stated("c:"), Some("Thing"));
    assert_eq!(stated("d ="), None, "a call's result type needs a checker");
    assert_eq!(stated("s: Store"), Some("Store"));
    assert_eq!(stated("t ="), Some("Box"));
    let texts: Vec<_> = index
        .parameters(declared("make("))
        .unwrap()
        .iter()
        .map(|p| (p.text.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(
        texts,
        [
            ("size: number", Some("size")),
            ("label?: string", Some("label"))
        ]
    );
    assert_eq!(
        index.parameters(declared("Box<T>")).unwrap()[0]
            .name
            .as_deref(),
        Some("value")
    );
}
