use super::*;

#[test]
fn short_texts_pass_without_a_scan_and_many_shallow_brackets_pass_the_scan() {
    // No longer than the limit: cannot nest deeper.
    assert_eq!(check_nesting("((((", 4), Ok(()));
    assert_eq!(check_nesting("((( `${ '", 4), Ok(()));
    // More openers than the limit, none deeper than 2: the scan decides.
    assert_eq!(check_nesting(&"f(a[0]); ".repeat(1000), 2), Ok(()));
    assert!(check_nesting(&"(".repeat(5), 4).is_err());
}

#[test]
fn deep_parens_are_rejected_quickly() {
    let src = "(".repeat(100_000);
    let err = check_nesting(&src, MAX_NESTING).unwrap_err();
    assert_eq!((err.line, err.column, err.depth), (1, 1001, 1001));
}

#[test]
fn ten_megabytes_of_parens() {
    let src = "(".repeat(10 * 1024 * 1024);
    assert!(check_nesting(&src, MAX_NESTING).is_err());
    // Balanced but long input is scanned linearly.
    let src = "(a)".repeat(3 * 1024 * 1024);
    assert!(check_nesting(&src, MAX_NESTING).is_ok());
}

#[test]
fn position_is_in_chars_on_the_right_line() {
    let src = "let é = 1;\n  é + [[[";
    let err = check_nesting(src, 2).unwrap_err();
    assert_eq!((err.line, err.column, err.depth), (2, 9, 3));
    assert_eq!(&src[err.offset..err.offset + 1], "[");
}

#[test]
fn brackets_in_strings_comments_templates_and_regexes_are_ignored() {
    let cases = [
        "'(((((' + \"[[[[[\"",
        "// (((((\n1",
        "/* {{{{{ */ 1",
        "`((((( ${ 1 } [[[[[`",
        "x = /[(((((]/.test(s)",
        "x = /\\(\\(\\(\\(\\(/",
        "a = b / c / (d)",
    ];
    for src in cases {
        assert_eq!(check_nesting(src, 2), Ok(()), "{src}");
    }
}

#[test]
fn a_slash_after_a_keyword_starts_a_regex_and_after_a_name_divides() {
    for regex in [
        "return /((((/",
        "typeof /((((/",
        "x = a in /((((/",
        "return /* c */ /((((/",
        "case\n  /((((/",
    ] {
        assert!(scan(regex, 3).too_deep.is_none(), "{regex}");
    }
    for division in [
        "returned / 2 / ((((x))))",
        "x /* c */ / ((((1))))",
        "inner / ((((1))))",
    ] {
        assert!(scan(division, 3).too_deep.is_some(), "{division}");
    }
}

#[test]
fn template_substitutions_count_as_depth() {
    assert!(check_nesting("`${ `${ `${ 1 }` }` }`", 3).is_ok());
    assert!(check_nesting("`${ `${ `${ ( 1 ) }` }` }`", 3).is_err());
    assert!(check_nesting("`${ { a: 1 } }`", 2).is_ok());
}

#[test]
fn scan_reports_open_and_unterminated_state() {
    let s = scan("function f() {\n  if (x) {", MAX_NESTING);
    assert_eq!(s.open, vec![Open::Brace, Open::Brace]);
    assert_eq!(s.unterminated, None);
    assert!(!s.mismatched);
    assert_eq!(
        scan("`abc", MAX_NESTING).unterminated,
        Some(Unterminated::Template)
    );
    assert_eq!(
        scan("/* abc", MAX_NESTING).unterminated,
        Some(Unterminated::BlockComment)
    );
    assert_eq!(
        scan("'abc", MAX_NESTING).unterminated,
        Some(Unterminated::String)
    );
    assert!(scan("(]", MAX_NESTING).mismatched);
    assert!(scan("}", MAX_NESTING).mismatched);
}

/// Each unit repeated nests once more in a recursive-descent parser (each overflowed a 16 MiB stack
/// in oxc at 100 000 repetitions, before they were counted).
const CHAINS: &[&str] = &[
    "a=",
    "a =\n",
    "a<<=",
    "a>>>=",
    "a**=",
    "x?y:",
    "x ?\n y :\n ",
    "x?.5:",
    "if(a){}else ",
    "if (a) {}\nelse ",
    "if(a)x;else ",
    "if(a)x\nelse ",
    "if(a)x={}.y;else ",
    "if(a)",
    "if (a)\n",
    "while(a)",
    "for(;;)",
    "with(a)",
    "do ",
    "l:",
    "l:\n",
    "L: if(a)x; else ",
    "a=>",
    "async a =>\n",
    "new ",
    "new\n",
    "typeof ",
    "void ",
    "delete ",
    "await ",
    "yield ",
    "!",
    "~",
    "-",
    "+",
    "- ",
    "a**",
    "A<",
    "A<B,",
    "A<B, (x) => ",
    "<a>",
    "<a b={c}>\n",
    "<T>",
    "@d ",
    "class extends ",
    "keyof ",
    "T extends U ? ",
    "a = b\n= ",
    "a\n? b\n: ",
    // Spelled otherwise: white space other than ASCII's, escaped keywords, other line terminators.
    "if\u{a0}(a)",
    "else\u{3000}",
    "if(a)x;else\u{feff}",
    "\\u0069f(a)",
    "\\u{69}f(a)",
    "n\\u0065w ",
    "if (a) x\relse ",
    "a =\u{2028}",
];

#[test]
fn chains_that_parsers_recurse_on_count_as_depth() {
    for unit in CHAINS {
        let src = format!("{}x", unit.repeat(100_000));
        let err = check_nesting(&src, MAX_NESTING).expect_err(unit);
        assert_eq!(err.depth, MAX_NESTING + 1, "{unit:?}");
        // Where it went too deep: past the first thousand units, not at the end.
        assert!(err.offset < unit.len() * 10_000, "{unit:?}: {}", err.offset);
    }
}

#[test]
fn chains_past_a_statement_or_a_list_item_do_not_add_up() {
    let sources = [
        // Statements on their own lines without semicolons.
        "const a = require('a')\n".repeat(5000),
        "x = y\nlet z: Array<T> = w\n".repeat(3000),
        format!(
            "class A {{\n{}}}",
            "  x = 1\n  y: number\n  @d m() {}\n".repeat(3000)
        ),
        format!(
            "interface I {{\n{}}}",
            "  a: string\n  b?: Map<K, V>\n".repeat(3000)
        ),
        // Lists and left-associative operators parse in loops.
        format!("x = {{\n{}}};", "  a: b ? c : d,\n".repeat(5000)),
        format!("f({});", "a = 1, ".repeat(5000)),
        format!("x = {};", "a + -b * c ".repeat(5000)),
        format!("x = {};", "a && b || c ?? d ".repeat(5000)),
        format!("x = [{}];", "!a, ".repeat(5000)),
        // A switch's clauses.
        format!(
            "switch (x) {{\n{}}}",
            "  case 1: case 2:\n  default: y = z ? 1 : 2;\n".repeat(3000)
        ),
        // Statements that end.
        "if (a) b = c; else d = e;\n".repeat(5000),
        "if (a) {\n  b()\n} else {\n  c()\n}\n".repeat(5000),
        "l: for (;;) { break l; }\n".repeat(5000),
        "do x(); while (a);\n".repeat(5000),
        "promise\n  .then(a => a + 1)\n  .catch(e => !e)\n".repeat(3000),
        // JSX: tags and attributes in one expression.
        format!(
            "x = (\n<svg>\n{}</svg>);",
            "<path fill=\"a\" d=\"b\"/>\n".repeat(900)
        ),
        "export default a\n".repeat(5000),
    ];
    for src in &sources {
        assert_eq!(check_nesting(src, MAX_NESTING), Ok(()), "{}", &src[..80]);
    }
}

/// The longest repetition of each chain that passes the check parses and indexes on a 16 MiB stack (the
/// language server's query threads'), even in a debug build: the limit guards what it claims to.
#[test]
fn what_passes_the_check_parses_and_indexes_on_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(16 * 1024 * 1024)
        .spawn(|| {
            for unit in CHAINS {
                let (mut passes, mut fails) = (1, 100_000);
                while fails - passes > 1 {
                    let middle = (passes + fails) / 2;
                    let src = format!("{}x", unit.repeat(middle));
                    if check_nesting(&src, MAX_NESTING).is_ok() {
                        passes = middle;
                    } else {
                        fails = middle;
                    }
                }
                let src = format!("{}x", unit.repeat(passes));
                assert!(passes >= 300, "{unit:?} fails at {fails}");
                let allocator = oxc_allocator::Allocator::default();
                for source_type in [
                    oxc_span::SourceType::unambiguous(),
                    oxc_span::SourceType::ts(),
                ] {
                    let parsed = oxc_parser::Parser::new(&allocator, &src, source_type).parse();
                    std::hint::black_box(parsed.diagnostics.len());
                }
                std::hint::black_box(crate::analysis::NavigationIndex::build(&src, false));
                std::hint::black_box(crate::analysis::NavigationIndex::build(&src, true));
            }
        })
        .unwrap();
    handle.join().unwrap();
}

/// A `/` the scan would take for a regex, where the parser sees a division, hid what followed it.
#[test]
fn chains_after_a_name_spelled_like_a_keyword_are_counted() {
    for prefix in [
        "let of = 1; of / ",
        "var yield = 1; yield / ",
        "var await = 1; await / ",
        "x.return / ",
        "x?.typeof / ",
        "x. /* c */ new / ",
    ] {
        for unit in ["a=", "("] {
            let src = format!("{prefix}{}x", unit.repeat(100_000));
            assert!(check_nesting(&src, MAX_NESTING).is_err(), "{prefix}{unit}");
        }
    }
    // What ends a line comment for the parser ends it for the scan; a hashbang is a comment.
    for hidden in ["//\r", "//\u{2028}", "//\u{2029}", "#!/*\n"] {
        let src = format!("{hidden}{}", "(".repeat(5000));
        assert!(check_nesting(&src, MAX_NESTING).is_err(), "{hidden:?}");
    }
    // Still regexes: after an operator, a keyword, or `...typeof`.
    for regex in ["x = /((((/", "return /((((/", "[...typeof /((((/]"] {
        assert!(scan(regex, 3).too_deep.is_none(), "{regex}");
    }
}

/// Where the scan and the parser read text differently, text hid from the scan: each of these hid the
/// brackets after it (a string, template or comment opened where the parser sees none, or the reverse).
#[test]
fn text_the_parser_reads_as_code_is_scanned_as_code() {
    let deep = "(".repeat(5000);
    for prefix in [
        // Annex B comments: a backtick in them opens nothing.
        "<!-- `\n",
        "x\n--> `\n",
        "/*\n*/ --> `\n",
        // A regex after a block that began a statement.
        "if (a) {} /`/;\n",
        "{}\n/`/;\n",
        "if (a) {} else {} /'/;\n",
        // A line continuation before CRLF stays in its string.
        "x = 'a\\\r\n`';\n",
        // A string ends at CR (the parser's error), not further.
        "x = 'a\r",
        // A regex ends at any line terminator.
        "x = /a\u{2028}",
        // A generator's `yield /…/` is a division to the scan: what it then takes for a template or a
        // comment runs to the end, and is read again as code.
        "function* g() { yield /`/; }\n",
        "function* g() { yield /\\/*/; }\n",
        "async function f() { await /`/; }\n",
        // What is read again is not the text's start: no hashbang there, no `-->` before a line break.
        "function* g() { yield /`#!/; ",
        "function* g() { yield /`-->/; ",
    ] {
        let src = format!("{prefix}{deep}");
        assert!(check_nesting(&src, MAX_NESTING).is_err(), "{prefix:?}");
    }
    // Still divisions: after a function's or an object's `}`.
    for division in ["x = function () {} / ((((1))))", "x = {} / ((((1))))"] {
        assert!(scan(division, 3).too_deep.is_some(), "{division}");
    }
}

/// Statements without semicolons end at every line terminator, not only at LF: a CR-only file is not
/// "nested too deeply".
#[test]
fn every_line_terminator_ends_a_statement() {
    for terminator in ["\r", "\r\n", "\u{2028}", "\u{2029}"] {
        let src = format!("const a = require('a'){terminator}").repeat(5000);
        assert_eq!(check_nesting(&src, MAX_NESTING), Ok(()), "{terminator:?}");
    }
}

/// The scan's white space and line terminators are ECMAScript's, character by character.
#[test]
fn white_space_and_line_terminators_are_ecmascripts() {
    for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
        let line = matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
        let space = (c.is_whitespace() && c != '\u{85}' && !line) || c == '\u{feff}';
        let mut bytes = [0; 4];
        let encoded = c.encode_utf8(&mut bytes).as_bytes();
        let expected = (line || space).then_some((encoded.len(), line));
        assert_eq!(super::lexical::space_at(encoded, 0), expected, "{c:?}");
    }
}

/// A TypeScript namespace's dotted name nests a declaration per `.`.
#[test]
fn dotted_namespace_names_count_as_depth() {
    for keyword in ["namespace", "module", "declare namespace"] {
        let src = format!("{keyword} {}A {{}}", "A.".repeat(100_000));
        assert!(check_nesting(&src, MAX_NESTING).is_err(), "{keyword}");
    }
    // CommonJS's `module.exports.a.b` is a few member accesses.
    let src = "module.exports.a.b.c = require('x').y;\n".repeat(5000);
    assert_eq!(check_nesting(&src, MAX_NESTING), Ok(()));
}

/// Text read again as code is read a bounded number of times: a text of unterminated openers is scanned
/// in linear time.
#[test]
fn readings_again_are_bounded() {
    for unit in ["/* ", "` ", "/* ` ", "' /* "] {
        let src = unit.repeat(200_000);
        assert!(check_nesting(&src, MAX_NESTING).is_ok(), "{unit:?}");
    }
    // The depth of the opener counts: brackets before it and after it add up.
    let src = format!("{}`{}", "(".repeat(600), "(".repeat(600));
    let err = check_nesting(&src, MAX_NESTING).unwrap_err();
    assert_eq!((err.depth, err.offset), (MAX_NESTING + 1, 1001));
}

/// No source file of real packages is rejected: run by `scripts/test.sh` over the `node_modules` its `npm ci`s
/// install (`VMJS_NESTING_CORPUS`: folders, `:`-separated; 10 046 files), by hand over bench/node_modules
/// once installed (`cargo test -p vmjs-core --lib real_package_files -- --ignored`; 1 182 files).
#[test]
#[ignore = "needs installed packages: scripts/test.sh runs it after its npm ci"]
fn real_package_files_are_not_rejected() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let source = ["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"];
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| source.iter().any(|s| e == *s))
            {
                out.push(path);
            }
        }
    }
    let roots = std::env::var("VMJS_NESTING_CORPUS").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../bench/node_modules").to_owned()
    });
    let mut files = Vec::new();
    for root in roots.split(':') {
        walk(std::path::Path::new(root), &mut files);
    }
    assert!(
        files.len() >= 100,
        "{} source files under {roots}",
        files.len()
    );
    let rejected: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            let error = check_nesting(&text, MAX_NESTING).err()?;
            Some(format!("{}: {error}", path.display()))
        })
        .collect();
    assert!(rejected.is_empty(), "{rejected:#?}");
    println!("{} files, none rejected", files.len());
}
