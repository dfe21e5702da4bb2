//! TypeScript in real sessions: cells that only parse as TypeScript, `.ts` files run and imported, positions
//! of errors and stack frames in the user's TypeScript.

use vmjs_core::host::ExecuteRequest;
use vmjs_core::model::{ExecutionStatus, Template};

use super::{Env, repl, value};

#[test]
fn typescript_cells_run_with_their_types_stripped_and_keep_repl_semantics() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(value(&session, "const n: number = 41;\nn + 1"), "42");
    assert_eq!(
        value(
            &session,
            "interface Point { x: number; y?: number }\nconst p: Point = { x: 1 } as Point;\np"
        ),
        "{ x: 1 }"
    );
    assert_eq!(
        value(
            &session,
            "enum Color { Red, Green = 5, Blue }\n[Color.Blue, Color[5]]"
        ),
        "[ 6, 'Green' ]"
    );
    assert_eq!(
        value(
            &session,
            "namespace Geometry { export const unit: number = 1; }\nGeometry.unit"
        ),
        "1"
    );
    assert_eq!(
        value(
            &session,
            "class Account { constructor(public owner: string, private balance: number = 0) {} }\nnew Account('ann').owner"
        ),
        "'ann'"
    );
    assert_eq!(
        value(
            &session,
            "function first<T>(items: T[]): T | undefined { return items[0]!; }\nfirst<number>([7, 8])"
        ),
        "7"
    );
    // Names a TypeScript cell declares live on in later cells, JavaScript or TypeScript.
    assert_eq!(value(&session, "n * 2"), "82");
    assert_eq!(
        value(&session, "let total: number = n; total += 1; total"),
        "42"
    );
    assert_eq!(
        value(&session, "const r: number = await Promise.resolve(n); r"),
        "41"
    );
    // A top-level `const` stays constant, and a new declaration still replaces it.
    let assigned = repl(&session, "n = 3 as number");
    assert_eq!(
        assigned.error.map(|e| e.message),
        Some("Assignment to constant variable.".to_owned())
    );
    assert_eq!(value(&session, "const n: string = 'new'; n"), "'new'");
    // Only `type` imports go from a cell: a name it imports but does not use is there for the next cell.
    std::fs::write(
        env.root().join("shapes.ts"),
        "export interface Shape { area(): number }\nexport const unit: number = 1;\n",
    )
    .unwrap();
    let imported = repl(
        &session,
        "import type { Shape } from './shapes.ts';\nimport { unit } from './shapes.ts';\nconst s: Shape | null = null;",
    );
    assert_eq!(imported.status, ExecutionStatus::Ok, "{:?}", imported.error);
    assert_eq!(value(&session, "unit"), "1");
}

#[test]
fn errors_in_typescript_are_placed_in_the_typescript() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    // The interface and the blank line are gone from the printed JavaScript; the error is still on line 6.
    let record = repl(
        &session,
        "interface Config {\n  depth: number\n}\n\nconst config: Config = { depth: 1 };\nfunction fail(c: Config): never { throw new RangeError('too deep: ' + c.depth) }\nfail(config)",
    );
    let error = record.error.expect("an error");
    assert_eq!(
        (error.name.as_str(), error.line, error.column),
        ("RangeError", Some(6), Some(41)),
        "{}",
        error.stack
    );
    assert!(
        error.stack.contains("at fail (<cell 1>:6:41)"),
        "{}",
        error.stack
    );
    assert!(error.stack.contains("<cell 1>:7:5"), "{}", error.stack);
    // A function of that TypeScript cell, failing when a later cell calls it, is placed in its own cell.
    let later = repl(&session, "fail({ depth: 2 })")
        .error
        .expect("an error");
    assert!(
        later.stack.contains("at fail (<cell 1>:6:41)"),
        "{}",
        later.stack
    );
    // A name that is not defined is found in the TypeScript text.
    let missing = repl(&session, "type T = number;\nconst a: T = 1;\n  nope + a")
        .error
        .expect("an error");
    assert_eq!(
        (missing.name.as_str(), missing.line, missing.column),
        ("ReferenceError", Some(3), Some(3))
    );
    // Node's wording for a vague TypeError, found in TypeScript too.
    let undefined_property = repl(
        &session,
        "const settings: { theme?: { dark: boolean } } = {};\nsettings.theme.dark",
    )
    .error
    .expect("an error");
    assert_eq!(
        undefined_property.message,
        "Cannot read properties of undefined (reading 'dark')"
    );
}

#[test]
fn syntax_errors_come_from_the_parser_that_read_further() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    // Invalid TypeScript: JavaScript's parser stops at the `:`, TypeScript's at the missing value.
    let error = repl(&session, "const x: number = ;")
        .error
        .expect("an error");
    assert_eq!(
        (error.name.as_str(), error.line, error.column),
        ("SyntaxError", Some(1), Some(19)),
        "{error:?}"
    );
    // Invalid JavaScript gets JavaScript's message, where it was.
    let error = repl(&session, "let ok = 1;\nconst y = ;")
        .error
        .expect("an error");
    assert_eq!((error.line, error.column), (Some(2), Some(11)), "{error:?}");
}

#[test]
fn typescript_files_run_import_each_other_and_place_their_errors() {
    let env = Env::new();
    let root = env.root();
    std::fs::create_dir_all(root.join("lib/models")).unwrap();
    std::fs::write(
        root.join("lib/util.ts"),
        "export function double(x: number): number {\n  return x * 2;\n}\n",
    )
    .unwrap();
    std::fs::write(
        root.join("lib/models/index.ts"),
        "export interface Named { name: string }\nexport enum Kind { Person = 'person', Robot = 'robot' }\n",
    )
    .unwrap();
    std::fs::write(
        root.join("lib/User.ts"),
        "import { Kind, type Named } from './models';\n\n\nexport class User implements Named {\n  constructor(public name: string, readonly kind: Kind = Kind.Person) {}\n}\nexport function explode(user: User): never {\n  throw new Error(`${user.name} exploded`);\n}\n",
    )
    .unwrap();
    // `./lib/util.js` names `util.ts` (TypeScript's ES modules import the `.js` they compile to); `./lib/User`
    // has no extension; `Named` is an interface only: its import goes, as `tsc` elides it.
    std::fs::write(
        root.join("main.ts"),
        "import { double } from './lib/util.js';\nimport { User } from './lib/User';\nimport { Named } from './lib/models/index.ts';\n\nconst who: Named = new User('ada');\nconsole.log(double(21), who.name, (who as User).kind);\n",
    )
    .unwrap();
    let session = env.session(Template::new("t"));
    let record = session
        .execute(ExecuteRequest::run_file(session.root(), "main.ts"))
        .wait_blocking(|_| {});
    assert_eq!(record.status, ExecutionStatus::Ok, "{:?}", record.error);
    assert_eq!(
        crate::stored_console_lines(&env, &record),
        ["42 ada person"]
    );
    // A frame in an imported TypeScript module is placed in that module's text.
    let error = repl(
        &session,
        "const { User, explode } = await import('./lib/User.ts');\nexplode(new User('bob'))",
    )
    .error
    .expect("an error");
    assert!(
        error.stack.contains("at explode (lib/User.ts:8:9)"),
        "{}",
        error.stack
    );
    // A syntax error in an imported TypeScript module names it and the place.
    std::fs::write(
        root.join("broken.ts"),
        "export const a: number = 1;\nlet b: = 2;\n",
    )
    .unwrap();
    let error = repl(&session, "await import('./broken.ts')")
        .error
        .expect("an error");
    assert_eq!(error.name, "SyntaxError");
    assert!(
        error.message.starts_with("./broken.ts:2:"),
        "{}",
        error.message
    );
    // A run `.ts` file with a syntax error is refused where it is.
    std::fs::write(
        root.join("bad.ts"),
        "const ok: number = 1;\nconst x: number = ;\n",
    )
    .unwrap();
    let record = session
        .execute(ExecuteRequest::run_file(session.root(), "bad.ts"))
        .wait_blocking(|_| {});
    let error = record.error.expect("an error");
    assert_eq!(
        (error.name.as_str(), error.line, error.column),
        ("SyntaxError", Some(2), Some(19))
    );
}

#[test]
fn typescript_startup_files_run_before_the_first_cell() {
    let env = Env::new();
    std::fs::write(
        env.root().join("setup.ts"),
        "const greeting: string = 'hello';\n(globalThis as any).greet = (name: string): string => `${greeting}, ${name}`;\n",
    )
    .unwrap();
    let mut template = Template::new("t");
    template.startup_files = vec!["setup.ts".into()];
    let session = env.session(template);
    assert_eq!(value(&session, "greet('ts')"), "'hello, ts'");
}

#[test]
fn typescript_fallbacks_are_confined_like_the_specifier() {
    let env = Env::new();
    let root = env.root();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.ts"),
        "console.log('escaped'); export const s: string = 'x';",
    )
    .unwrap();
    // `./leak.js` does not exist; its TypeScript twin is a link out of the root: refused, not skipped.
    std::os::unix::fs::symlink(outside.path().join("secret.ts"), root.join("leak.ts")).unwrap();
    // A dangling link named like the TypeScript file of an extensionless import.
    std::os::unix::fs::symlink(outside.path().join("gone.ts"), root.join("dangling.ts")).unwrap();
    let session = env.session(Template::new("t"));
    for specifier in ["./leak.js", "./leak", "./leak.ts"] {
        let record = repl(&session, &format!("await import('{specifier}')"));
        assert_eq!(
            record.error.as_ref().map(|e| e.name.as_str()),
            Some("PermissionDenied"),
            "{specifier}: {:?}",
            record.error
        );
        assert!(crate::stored_console_lines(&env, &record).is_empty());
    }
    let record = repl(&session, "await import('./dangling')");
    assert_eq!(record.status, ExecutionStatus::Error);
    assert!(crate::stored_console_lines(&env, &record).is_empty());
}
