//! The Node built-ins against Node's behaviour, case by case (what Node 22 gives for the same expression,
//! JSON-serialised), plus what must be refused.

use crate::runtime::testing::TestEngine;

const CASES: &[(&str, &str)] = &[
    // os: the shape Node gives (the values are the sandbox's, see the hostile tests)
    ("require('os').EOL", r#""\n""#),
    ("require('node:os') === require('os')", "true"),
    ("typeof require('os').arch()", r#""string""#),
    ("require('os').arch() === process.arch", "true"),
    ("require('os').platform() === process.platform", "true"),
    ("require('os').endianness()", r#""LE""#),
    (
        "Object.keys(require('os').cpus()[0]).sort()",
        r#"["model","speed","times"]"#,
    ),
    ("require('os').constants.signals.SIGINT", "2"),
    ("typeof require('os').uptime()", r#""number""#),
    // path
    ("require('path').join('/a/b', '../c', './d')", r#""/a/c/d""#),
    ("require('node:path').join('a', '', 'b/')", r#""a/b/""#),
    ("require('path').join()", r#"".""#),
    ("require('path').normalize('a//b/../c/.')", r#""a/c""#),
    ("require('path').normalize('../../x')", r#""../../x""#),
    ("require('path').normalize('/../x/')", r#""/x/""#),
    (
        "require('path').resolve('/root', 'a', '../b')",
        r#""/root/b""#,
    ),
    ("require('path').dirname('/a/b/c.txt')", r#""/a/b""#),
    ("require('path').dirname('c.txt')", r#"".""#),
    ("require('path').dirname('/a')", r#""/""#),
    ("require('path').basename('/a/b/c.txt', '.txt')", r#""c""#),
    ("require('path').basename('/a/b/')", r#""b""#),
    ("require('path').extname('archive.tar.gz')", r#"".gz""#),
    ("require('path').extname('.bashrc')", r#""""#),
    (
        "require('path').relative('/data/a/b', '/data/c')",
        r#""../../c""#,
    ),
    (
        "require('path').parse('/home/u/file.txt')",
        r#"{"root":"/","dir":"/home/u","base":"file.txt","ext":".txt","name":"file"}"#,
    ),
    (
        "require('path').format({ dir: '/x', name: 'f', ext: '.js' })",
        r#""/x/f.js""#,
    ),
    ("require('path').isAbsolute('./x')", "false"),
    ("require('path').posix === require('path')", "true"),
    // events
    (
        "(() => { const E = require('events'); const e = new E(); const seen = []; e.on('x', (a, b) => seen.push(a + b)); e.once('x', () => seen.push('once')); e.emit('x', 1, 2); e.emit('x', 3, 4); return [seen, e.listenerCount('x')] })()",
        r#"[[3,"once",7],1]"#,
    ),
    (
        "(() => { const { EventEmitter } = require('events'); const e = new EventEmitter(); try { e.emit('error', new Error('boom')) } catch (err) { return err.message } })()",
        r#""boom""#,
    ),
    (
        "(() => { const E = require('events'); const e = new E(); const f = () => {}; e.on('a', f).on('b', f); e.off('a', f); return [e.eventNames(), e.emit('a')] })()",
        r#"[["b"],false]"#,
    ),
    (
        "(() => { class C extends require('events') {} const c = new C(); let got; c.on('x', function () { got = this === c }); c.emit('x'); return got })()",
        "true",
    ),
    // util
    (
        "require('util').format('%s=%d %j', 'a', 42, { b: 1 })",
        r#""a=42 {\"b\":1}""#,
    ),
    (
        "require('util').inspect({ a: [1, { b: { c: {} } }] }, { depth: 0 })",
        r#""{ a: [Array] }""#,
    ),
    ("require('util').inspect('x')", r#""'x'""#),
    (
        "require('util').isDeepStrictEqual({ a: [1, new Map([[1, 2]])] }, { a: [1, new Map([[1, 2]])] })",
        "true",
    ),
    ("require('util').isDeepStrictEqual([1], ['1'])", "false"),
    ("require('util').types.isDate(new Date())", "true"),
    ("require('util').types.isPromise(Promise.resolve())", "true"),
    ("typeof require('util').TextEncoder", r#""function""#),
    (
        "require('util').inspect.custom === Symbol.for('nodejs.util.inspect.custom')",
        "true",
    ),
    // assert
    (
        "(() => { try { require('assert').strictEqual(1, 2) } catch (e) { return [e.name, e.code, e.actual, e.expected, e.operator] } })()",
        r#"["AssertionError","ERR_ASSERTION",1,2,"strictEqual"]"#,
    ),
    (
        "(() => { require('assert').deepStrictEqual({ a: [1, 2] }, { a: [1, 2] }); return 'ok' })()",
        r#""ok""#,
    ),
    (
        "(() => { try { require('assert/strict').equal(1, '1') } catch (e) { return e.code } })()",
        r#""ERR_ASSERTION""#,
    ),
    (
        "(() => { require('assert').equal(1, '1'); return 'loose' })()",
        r#""loose""#,
    ),
    (
        "(() => { try { require('assert')(0, 'zero is falsy') } catch (e) { return e.message } })()",
        r#""zero is falsy""#,
    ),
    (
        "(() => { require('assert').throws(() => { throw new TypeError('t') }, TypeError); return 'thrown' })()",
        r#""thrown""#,
    ),
    (
        "(() => { try { require('assert').throws(() => {}) } catch (e) { return e.message } })()",
        r#""Missing expected exception.""#,
    ),
    (
        "(() => { require('assert').throws(() => { throw new Error('abc') }, /ab/); return 'matched' })()",
        r#""matched""#,
    ),
    (
        "require('assert').strict === require('node:assert/strict')",
        "true",
    ),
    // url, querystring
    (
        "require('url').fileURLToPath('file:///tmp/a%20b.txt')",
        r#""/tmp/a b.txt""#,
    ),
    (
        "require('url').pathToFileURL('/tmp/a b.txt').href",
        r#""file:///tmp/a%20b.txt""#,
    ),
    ("require('url').URL === URL", "true"),
    (
        "require('querystring').parse('a=1&b=x%20y&a=2&c')",
        r#"{"a":["1","2"],"b":"x y","c":""}"#,
    ),
    (
        "require('querystring').stringify({ q: 'a b', n: [1, 2] })",
        r#""q=a%20b&n=1&n=2""#,
    ),
    // buffer
    ("Buffer.from('héllo').toString('hex')", r#""68c3a96c6c6f""#),
    (
        "Buffer.from('68c3a96c6c6f', 'hex').toString()",
        r#""héllo""#,
    ),
    ("Buffer.from('hello').toString('base64')", r#""aGVsbG8=""#),
    (
        "Buffer.from('aGVsbG8=', 'base64').toString('utf8')",
        r#""hello""#,
    ),
    ("Buffer.byteLength('héllo')", "6"),
    (
        "Buffer.concat([Buffer.from('ab'), Buffer.from('cd')]).toString()",
        r#""abcd""#,
    ),
    (
        "Buffer.isBuffer(Buffer.alloc(2)) && !Buffer.isBuffer(new Uint8Array(2))",
        "true",
    ),
    (
        "Buffer.from([1, 2, 3]).subarray(1) instanceof Buffer",
        "true",
    ),
    (
        "Buffer.from('ab').toJSON()",
        r#"{"type":"Buffer","data":[97,98]}"#,
    ),
    ("require('buffer').Buffer === Buffer", "true"),
    // process
    ("typeof process.nextTick", r#""function""#),
    (
        "process.argv.length >= 2 && process.platform === require('process').platform",
        "true",
    ),
    ("Object.keys(process.env)", "[]"),
    (
        "Array.isArray(process.hrtime()) && typeof process.hrtime.bigint()",
        r#""bigint""#,
    ),
    ("process.cwd()", r#""/""#),
    // A Buffer prints as Node prints it (Node 20's answers), not as the Uint8Array it is.
    (
        "[Buffer.from('hi'), Buffer.alloc(0), [Buffer.from('x')], new Uint8Array([1])].map((b) => require('util').inspect(b, { depth: 0 }))",
        r#"["<Buffer 68 69>","<Buffer >","[ <Buffer 78> ]","Uint8Array(1) [ 1 ]"]"#,
    ),
    (
        "(() => { const b = Buffer.from('ab'); b.extra = 1; class MyBuf extends Buffer {}; return [require('util').inspect(b), require('util').inspect(Object.setPrototypeOf(Buffer.from('a'), MyBuf.prototype)), require('util').inspect(Buffer.alloc(52)).slice(-20)] })()",
        r#"["<Buffer 61 62, extra: 1>","<MyBuf 61>","00 ... 2 more bytes>"]"#,
    ),
    // Node's REPL has its modules as globals by their names; they are the modules `require` gives
    (
        "[path.basename('/a/b.txt'), fs === require('fs'), util === require('util'), typeof events]",
        r#"["b.txt",true,true,"function"]"#,
    ),
    // import of a built-in: default and named exports
    (
        "(await import('node:path')).default === require('path')",
        "true",
    ),
    ("(await import('path')).join('a', 'b')", r#""a/b""#),
    ("typeof (await import('node:events')).once", r#""function""#),
    (
        "(await import('node:path')) === (await import('path'))",
        "true",
    ),
];

#[test]
fn node_builtins_answer_as_node_does() {
    // `require` exists where the root has node_modules.
    let root = tempfile::tempdir().expect("root");
    std::fs::create_dir(root.path().join("node_modules")).expect("node_modules");
    let mut engine = TestEngine::with_root(root.path());
    let failures = engine.json_mismatches(CASES);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn builtins_that_grant_authority_are_refused() {
    let mut engine = TestEngine::new();
    for specifier in [
        "node:child_process",
        "net",
        "node:http",
        "worker_threads",
        "node:nope",
    ] {
        let message = engine.error(&format!("await import('{specifier}')"));
        assert!(
            message.starts_with("PermissionDenied: vmjs does not grant the Node built-in"),
            "{specifier}: {message}"
        );
    }
    // fs goes through the template's capability: refused without fs.read.
    let message = engine.error("(await import('node:fs')).readFileSync('x.txt', 'utf8')");
    assert!(message.starts_with("PermissionDenied"), "{message}");
}

#[test]
fn process_and_buffer_are_lazy_and_the_users_own_win() {
    let mut engine = TestEngine::new();
    assert_eq!(
        engine.value("Object.keys(globalThis).includes('process')"),
        "false"
    );
    engine.ok("globalThis.Buffer = 'mine'");
    assert_eq!(engine.value("Buffer"), "'mine'");
    assert_eq!(engine.value("typeof process.hrtime"), "'function'");
}

#[test]
fn introspection_sees_into_the_node_globals_but_runs_no_getter_of_the_users() {
    let mut engine = TestEngine::new();
    // Completion after `path.` and `process.` (introspection reads no getters: they are built first).
    let names = engine.engine.property_names("path");
    assert!(names.contains(&"basename".to_owned()), "{names:?}");
    let names = engine.engine.property_names("process");
    assert!(names.contains(&"cwd".to_owned()), "{names:?}");
    // A global the user replaced with a getter of their own is not called by introspection.
    engine.ok("var calls = 0; Object.defineProperty(globalThis, 'util', { get() { calls++; return {} }, configurable: true })");
    assert!(engine.engine.property_names("util").is_empty());
    assert_eq!(engine.value("calls"), "0");
}

#[test]
fn which_specifiers_are_builtins() {
    use super::{Builtin, builtin};
    assert_eq!(builtin("path"), Builtin::Provided("path"));
    assert_eq!(builtin("node:path/posix"), Builtin::Provided("path/posix"));
    assert_eq!(builtin("fs/promises"), Builtin::Provided("fs/promises"));
    assert_eq!(builtin("stream"), Builtin::Refused("stream"));
    assert_eq!(builtin("node:test"), Builtin::Refused("test"));
    // A package that shares a name with a prefix-only built-in is a package.
    assert_eq!(builtin("test"), Builtin::No);
    assert_eq!(builtin("lodash"), Builtin::No);
    assert_eq!(builtin("@scope/path"), Builtin::No);
}
