//! Bare specifiers resolved from the session root's node_modules in real sessions: exports and conditions,
//! scoped packages, `#imports`, a package's own dependencies, pnpm-style links, CommonJS through `import` and
//! `require()` — and what must fail clearly: packages that are missing, Node built-ins, links out of the root.

use std::path::Path;

use vmjs_core::model::{ExecutionStatus, Template};

use super::{Env, repl, value};

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A small node_modules as npm lays it out: an ES module package with `exports`, a scoped one with
/// `imports`, a dependency of the first (with a CommonJS build for `require`), and CommonJS packages.
fn node_modules(root: &Path) {
    write(
        root,
        "node_modules/stats/package.json",
        r##"{"name": "stats", "type": "module", "exports": {".": {"require": "./cjs/index.cjs", "import": "./esm/index.js"}, "./extra/*": "./esm/extra/*.js"}}"##,
    );
    write(
        root,
        "node_modules/stats/esm/index.js",
        "import { sum } from 'summer';\nexport const mean = (xs) => sum(xs) / xs.length;\nexport default { mean };\n",
    );
    write(
        root,
        "node_modules/stats/esm/extra/median.js",
        "export const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];\n",
    );
    write(
        root,
        "node_modules/stats/cjs/index.cjs",
        "module.exports = {};\n",
    );
    // `stats`'s dependency, found from inside `stats` (the nearest node_modules up from its file).
    write(
        root,
        "node_modules/summer/package.json",
        r#"{"name": "summer", "module": "sum.mjs", "main": "sum.cjs"}"#,
    );
    write(
        root,
        "node_modules/summer/sum.mjs",
        "export const sum = (xs) => xs.reduce((a, b) => a + b, 0);\n",
    );
    write(
        root,
        "node_modules/summer/sum.cjs",
        "exports.sum = (xs) => xs.reduce((a, b) => a + b, 0);\nexports.flavour = 'commonjs';\n",
    );
    write(
        root,
        "node_modules/@acme/text/package.json",
        r##"{"name": "@acme/text", "exports": "./src/index.js", "imports": {"#case": "./src/internal/case.js"}}"##,
    );
    write(
        root,
        "node_modules/@acme/text/src/index.js",
        "import { upper } from '#case';\nexport const shout = (s) => upper(s) + '!';\n",
    );
    write(
        root,
        "node_modules/@acme/text/src/internal/case.js",
        "export const upper = (s) => s.toUpperCase();\n",
    );
    write(
        root,
        "node_modules/legacy/package.json",
        r#"{"name": "legacy", "main": "index.js"}"#,
    );
    write(
        root,
        "node_modules/legacy/index.js",
        "var x = require('./x');\nvar data = require('./data.json');\nmodule.exports = function legacy() { return x + data.n; };\n",
    );
    write(root, "node_modules/legacy/x.js", "module.exports = 40;\n");
    write(root, "node_modules/legacy/data.json", r#"{"n": 2}"#);
    // Named exports that Node's lexer sees, a cycle, and a module that throws.
    write(
        root,
        "node_modules/named/package.json",
        r#"{"name": "named", "main": "lib/index.js"}"#,
    );
    write(
        root,
        "node_modules/named/lib/index.js",
        "const other = require('./other');\nexports.add = (a, b) => a + b;\nexports.seenByOther = other.seen;\nObject.defineProperty(exports, 'version', { enumerable: true, value: '1.0' });\n",
    );
    write(
        root,
        "node_modules/named/lib/other.js",
        "const index = require('./index');\nexports.seen = typeof index.add;\n",
    );
    // A CommonJS package that needs Node built-ins while it loads (and reads process.env, as many do).
    write(
        root,
        "node_modules/emitterish/package.json",
        r#"{"name": "emitterish", "main": "index.js"}"#,
    );
    write(
        root,
        "node_modules/emitterish/index.js",
        "const { EventEmitter } = require('events');\nconst util = require('node:util');\nconst path = require('path');\nclass Bus extends EventEmitter {\n  describe() { return util.format('%s listeners in %s', this.listenerCount('x'), path.basename(__dirname)); }\n}\nmodule.exports = Bus;\nmodule.exports.mode = process.env.NODE_ENV || 'none';\n",
    );
    write(
        root,
        "node_modules/thrower/package.json",
        r#"{"name": "thrower", "main": "index.js"}"#,
    );
    write(
        root,
        "node_modules/thrower/index.js",
        "globalThis.thrownTimes = (globalThis.thrownTimes || 0) + 1;\nif (globalThis.thrownTimes < 2) throw new Error('first load fails');\nmodule.exports = 'second load works';\n",
    );
}

#[test]
fn packages_resolve_from_node_modules_as_node_resolves_them() {
    let env = Env::new();
    let root = env.root();
    node_modules(root);
    let session = env.session(Template::new("t"));
    assert_eq!(
        value(
            &session,
            "import { mean } from 'stats';\nmean([1, 2, 3, 6])"
        ),
        "3"
    );
    assert_eq!(
        value(&session, "import stats from 'stats'; stats.mean([2, 4])"),
        "3"
    );
    assert_eq!(
        value(
            &session,
            "import { median } from 'stats/extra/median';\nmedian([5, 1, 3])"
        ),
        "3"
    );
    assert_eq!(
        value(&session, "import { shout } from '@acme/text';\nshout('hi')"),
        "'HI!'"
    );
    assert_eq!(value(&session, "(await import('summer')).sum([1, 2])"), "3");
    // A file in a folder finds the root's node_modules (up to, never above, the root).
    write(
        root,
        "src/report.mjs",
        "import { mean } from 'stats';\nexport const report = (xs) => `mean ${mean(xs)}`;\n",
    );
    assert_eq!(
        value(
            &session,
            "(await import('./src/report.mjs')).report([1, 3])"
        ),
        "'mean 2'"
    );
    // TypeScript imports packages too.
    assert_eq!(
        value(
            &session,
            "import { mean as m } from 'stats';\nconst typed: number = m([10, 20]);\ntyped"
        ),
        "15"
    );
}

#[test]
fn deno_registry_specifiers_import_the_installed_packages() {
    let env = Env::new();
    let root = env.root();
    node_modules(root);
    write(
        root,
        "node_modules/stats/package.json",
        r##"{"name": "stats", "version": "2.4.1", "type": "module", "exports": {".": "./esm/index.js", "./extra/*": "./esm/extra/*.js"}}"##,
    );
    let session = env.session(Template::new("t"));
    // As a notebook written for Deno's kernel imports them.
    assert_eq!(
        value(
            &session,
            "import { mean } from 'npm:stats@^2.1';\nimport { median } from 'npm:/stats@2/extra/median';\n[mean([1, 2, 3, 6]), median([5, 1, 3])]"
        ),
        "[ 3, 3 ]"
    );
    assert_eq!(
        value(&session, "(await import('npm:summer')).sum([1, 2])"),
        "3"
    );
    let wrong = repl(&session, "import { mean as m } from 'npm:stats@3'");
    assert_eq!(wrong.status, ExecutionStatus::Error);
    let message = wrong.error.map(|e| e.message).unwrap_or_default();
    assert!(
        message.contains("asks for stats 3, and `node_modules/stats` is 2.4.1")
            && message.contains("npm install stats@3"),
        "{message}"
    );
    let missing = repl(&session, "import pl from 'npm:nodejs-polars@0.8'");
    let message = missing.error.map(|e| e.message).unwrap_or_default();
    assert!(
        message.contains("npm install nodejs-polars@0.8"),
        "{message}"
    );
    // The failed imports declared nothing; the names that imported stay usable.
    assert_eq!(
        value(&session, "[typeof m, typeof pl, mean([4])]"),
        "[ 'undefined', 'undefined', 4 ]"
    );
}

#[test]
fn what_cannot_be_imported_says_why() {
    let env = Env::new();
    let root = env.root();
    node_modules(root);
    let session = env.session(Template::new("t"));
    let message = |code: &str| {
        let record = repl(&session, code);
        assert_eq!(record.status, ExecutionStatus::Error, "{code}");
        record.error.map(|e| e.message).unwrap_or_default()
    };
    let missing = message("import _ from 'lodash'");
    assert!(
        missing.contains("no package `lodash` in `node_modules`")
            && missing.contains("npm install lodash"),
        "{missing}"
    );
    // From a file in a folder: every node_modules up to the root was searched.
    write(root, "src/x.mjs", "import 'nothing-here';\n");
    let from_folder = message("await import('./src/x.mjs')");
    assert!(
        from_folder.contains("in `src/node_modules`, `node_modules`"),
        "{from_folder}"
    );
    let esm = message("require('stats/extra/median')");
    assert!(esm.contains("ES module; use `import`"), "{esm}");
    let missing = message("require('./nothing')");
    assert!(
        missing.contains("cannot require `./nothing`: no file `nothing`"),
        "{missing}"
    );
    let unexported = message("import x from 'stats/cjs/index.cjs'");
    assert!(
        unexported.contains("does not export `./cjs/index.cjs`"),
        "{unexported}"
    );
    let builtin = message("import { exec } from 'node:child_process'");
    assert!(
        builtin.contains("vmjs does not grant the Node built-in `child_process`"),
        "{builtin}"
    );
    let required = repl(&session, "require('net')");
    assert_eq!(
        required.error.map(|e| e.name),
        Some("PermissionDenied".to_owned())
    );
    let url = message("await import('https://example.com/x.js')");
    assert!(url.contains("session root"), "{url}");
}

#[test]
fn commonjs_packages_work_through_import_and_require() {
    let env = Env::new();
    node_modules(env.root());
    let session = env.session(Template::new("t"));
    // `import` gives module.exports as the default export; relative requires and JSON inside the package.
    assert_eq!(
        value(&session, "import legacy from 'legacy';\nlegacy()"),
        "42"
    );
    // Named exports where the source shows them (and a cycle sees the partly filled exports, as in Node).
    assert_eq!(
        value(
            &session,
            "import { add, version, seenByOther } from 'named';\n[add(1, 2), version, seenByOther]"
        ),
        "[ 3, '1.0', 'undefined' ]"
    );
    // `require` in a cell (the root has node_modules): the `require` condition and `main`, cached.
    assert_eq!(
        value(
            &session,
            "const summer = require('summer');\nsummer.flavour"
        ),
        "'commonjs'"
    );
    assert_eq!(
        value(
            &session,
            "require('summer') === summer && require('legacy')() === 42"
        ),
        "true"
    );
    assert_eq!(
        value(&session, "require('./node_modules/legacy/data.json').n"),
        "2"
    );
    // Built-ins required while a package loads.
    assert_eq!(
        value(
            &session,
            "import Bus from 'emitterish';\nconst bus = new Bus();\nbus.on('x', () => {});\n[bus.describe(), Bus.mode]"
        ),
        "[ '1 listeners in emitterish', 'none' ]"
    );
    // A module that threw is loaded again by the next require.
    let first = repl(&session, "require('thrower')");
    assert_eq!(
        first.error.map(|e| e.message),
        Some("first load fails".to_owned())
    );
    assert_eq!(value(&session, "require('thrower')"), "'second load works'");
    // Relative requires stay inside the root.
    let escape = repl(&session, "require('../../etc/passwd')");
    assert_eq!(
        escape.error.map(|e| e.name),
        Some("PermissionDenied".to_owned())
    );
    // Without node_modules, `require` still gives Node's built-ins, tslab's API and the root's files, as in
    // Node's REPL and IJavascript's and tslab's notebooks.
    let bare = Env::new();
    write(
        bare.root(),
        "lib/util.cjs",
        "module.exports = { twice: (x) => 2 * x };\n",
    );
    write(bare.root(), "lib/plain.js", "exports.name = 'plain';\n");
    let plain = bare.session(Template::new("t"));
    assert_eq!(
        value(
            &plain,
            "const path = require('path');\nconst tslab = require('tslab');\n\
             [path.join('a', 'b'), require('./lib/util.cjs').twice(2), require('./lib/plain').name, \
             typeof tslab.display.html, require('tslab') === tslab]"
        ),
        "[ 'a/b', 4, 'plain', 'function', true ]"
    );
    let missing = repl(&plain, "require('lodash')");
    let message = missing.error.map(|e| e.message).unwrap_or_default();
    assert!(message.contains("npm install lodash"), "{message}");
}

#[test]
fn linked_packages_are_followed_only_inside_the_root() {
    let env = Env::new();
    let root = env.root();
    // pnpm: node_modules/NAME is a link into node_modules/.pnpm, inside the root.
    write(
        root,
        "node_modules/.pnpm/inside@1.0.0/node_modules/inside/package.json",
        r#"{"name": "inside", "exports": {"import": "./index.js"}}"#,
    );
    write(
        root,
        "node_modules/.pnpm/inside@1.0.0/node_modules/inside/index.js",
        "export const where = 'inside';\n",
    );
    std::os::unix::fs::symlink(
        ".pnpm/inside@1.0.0/node_modules/inside",
        root.join("node_modules/inside"),
    )
    .unwrap();
    // A package linked to a folder outside the root, and one whose entry file is such a link.
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "pkg/package.json",
        r#"{"name": "outside", "module": "index.js"}"#,
    );
    write(
        outside.path(),
        "pkg/index.js",
        "console.log('escaped'); export const where = 'outside';\n",
    );
    std::os::unix::fs::symlink(
        outside.path().join("pkg"),
        root.join("node_modules/outside"),
    )
    .unwrap();
    write(
        root,
        "node_modules/sneaky/package.json",
        r#"{"name": "sneaky", "main": "index.js"}"#,
    );
    std::os::unix::fs::symlink(
        outside.path().join("pkg/index.js"),
        root.join("node_modules/sneaky/index.js"),
    )
    .unwrap();
    // A CommonJS package whose relative require is a link out of the root.
    write(
        root,
        "node_modules/cjs-sneaky/package.json",
        r#"{"name": "cjs-sneaky", "main": "index.js"}"#,
    );
    write(
        root,
        "node_modules/cjs-sneaky/index.js",
        "module.exports = require('./secret');\n",
    );
    write(
        outside.path(),
        "secret.js",
        "console.log('escaped'); module.exports = 'secret';\n",
    );
    std::os::unix::fs::symlink(
        outside.path().join("secret.js"),
        root.join("node_modules/cjs-sneaky/secret.js"),
    )
    .unwrap();
    // A dangling link where a package's entry should be.
    write(
        root,
        "node_modules/dangling/package.json",
        r#"{"name": "dangling", "main": "index.js"}"#,
    );
    std::os::unix::fs::symlink(
        outside.path().join("gone.js"),
        root.join("node_modules/dangling/index.js"),
    )
    .unwrap();
    let session = env.session(Template::new("t"));
    assert_eq!(
        value(&session, "import { where } from 'inside'; where"),
        "'inside'"
    );
    for name in ["outside", "sneaky", "dangling", "cjs-sneaky"] {
        let record = repl(&session, &format!("await import('{name}')"));
        assert_eq!(record.status, ExecutionStatus::Error, "{name}");
        let error = record.error.clone().unwrap();
        assert!(
            error.name == "PermissionDenied" || error.message.contains("no package"),
            "{name}: {error:?}"
        );
        assert!(
            crate::stored_console_lines(&env, &record).is_empty(),
            "{name}"
        );
    }
}
