//! The Web APIs against Node's behaviour, case by case (what Node 22 prints for the same expression).

use crate::runtime::testing::TestEngine;

/// `(expression, what Node gives)`: each expression is JSON-serialised in the engine and compared.
const CASES: &[(&str, &str)] = &[
    // URLSearchParams
    (
        "new URLSearchParams('?a=1&b=2&a=3').getAll('a')",
        r#"["1","3"]"#,
    ),
    ("new URLSearchParams('a=1&b=2').toString()", r#""a=1&b=2""#),
    (
        "new URLSearchParams({q: 'a b', x: 'é&='}).toString()",
        r#""q=a+b&x=%C3%A9%26%3D""#,
    ),
    (
        "new URLSearchParams([['a', '1'], ['b', '2']]).get('b')",
        r#""2""#,
    ),
    (
        "new URLSearchParams('a=%zz&b=%41+%42').get('a')",
        r#""%zz""#,
    ),
    (
        "new URLSearchParams('a=%zz&b=%41+%42').get('b')",
        r#""A B""#,
    ),
    ("new URLSearchParams('x').get('x')", r#""""#),
    ("new URLSearchParams('a=1').get('b')", "null"),
    (
        "(() => { const p = new URLSearchParams('c=3&a=1&b=2&a=0'); p.sort(); return p.toString() })()",
        r#""a=1&a=0&b=2&c=3""#,
    ),
    (
        "(() => { const p = new URLSearchParams('a=1&b=2&a=3'); p.set('a', 'x'); return p.toString() })()",
        r#""a=x&b=2""#,
    ),
    (
        "(() => { const p = new URLSearchParams('a=1&b=2&a=3'); p.delete('a', '3'); return p.toString() })()",
        r#""a=1&b=2""#,
    ),
    ("new URLSearchParams('a=1&b=2').size", "2"),
    (
        "[...new URLSearchParams('a=1&b=2')]",
        r#"[["a","1"],["b","2"]]"#,
    ),
    ("[...new URLSearchParams('a=1&b=2').keys()]", r#"["a","b"]"#),
    ("new URLSearchParams('a=1').has('a', '2')", "false"),
    (
        "Object.prototype.toString.call(new URLSearchParams())",
        r#""[object URLSearchParams]""#,
    ),
    (
        "(() => { try { new URLSearchParams([['a']]); } catch (e) { return e.name } })()",
        r#""TypeError""#,
    ),
    // URL#searchParams, live both ways
    (
        "new URL('https://x.org/p?q=1&r=2').searchParams.get('r')",
        r#""2""#,
    ),
    (
        "(() => { const u = new URL('https://x.org/p?q=1#h'); u.searchParams.append('s', 'a b'); return u.href })()",
        r#""https://x.org/p?q=1&s=a+b#h""#,
    ),
    (
        "(() => { const u = new URL('https://x.org/p?q=1'); const p = u.searchParams; u.search = '?z=9'; return [p.get('z'), u.searchParams === p] })()",
        r#"["9",true]"#,
    ),
    (
        "(() => { const u = new URL('https://x.org/p?q=1'); u.searchParams.delete('q'); return u.href })()",
        r#""https://x.org/p""#,
    ),
    // URL itself (vmjs's class; WPT's data files are tests/it/wpt.rs)
    (
        "[new URL('#top', 'about:blank').href, new URL('#x', 'data:,').href, URL.canParse('#x', 'mailto:a@b.c')]",
        r#"["about:blank#top","data:,#x",true]"#,
    ),
    (
        "[URL.length, Object.prototype.toString.call(new URL('http://a/')), new URL('blob:https://a.org/x').origin, new URL('blob:ftp://a/x').origin]",
        r#"[1,"[object URL]","https://a.org","null"]"#,
    ),
    (
        "[URL.parse('nope'), URL.parse('/p', 'http://h/').href, String(new URL('HTTP://H/a/../b')), JSON.stringify(new URL('http://h/'))]",
        r#"[null,"http://h/p","http://h/b","\"http://h/\""]"#,
    ),
    (
        "(() => { try { new URL('/x', 'not a base') } catch (e) { return e instanceof TypeError } })()",
        "true",
    ),
    // Event, EventTarget, CustomEvent
    (
        "(() => { const t = new EventTarget(); const seen = []; t.addEventListener('x', (e) => seen.push(e.type, e.target === t)); t.dispatchEvent(new Event('x')); return seen })()",
        r#"["x",true]"#,
    ),
    (
        "(() => { const t = new EventTarget(); let n = 0; t.addEventListener('x', () => n++, { once: true }); t.dispatchEvent(new Event('x')); t.dispatchEvent(new Event('x')); return n })()",
        "1",
    ),
    (
        "(() => { const t = new EventTarget(); let n = 0; const f = () => n++; t.addEventListener('x', f); t.addEventListener('x', f); t.dispatchEvent(new Event('x')); return n })()",
        "1",
    ),
    (
        "(() => { const t = new EventTarget(); const seen = []; t.addEventListener('x', () => seen.push(1)); t.addEventListener('x', (e) => { seen.push(2); e.stopImmediatePropagation() }); t.addEventListener('x', () => seen.push(3)); t.dispatchEvent(new Event('x')); return seen })()",
        "[1,2]",
    ),
    (
        "(() => { const t = new EventTarget(); t.addEventListener('x', (e) => e.preventDefault()); return [t.dispatchEvent(new Event('x')), t.dispatchEvent(new Event('x', { cancelable: true }))] })()",
        "[true,false]",
    ),
    (
        "(() => { const t = new EventTarget(); let d; t.addEventListener('x', { handleEvent(e) { d = e.detail } }); t.dispatchEvent(new CustomEvent('x', { detail: { k: 1 } })); return d })()",
        r#"{"k":1}"#,
    ),
    ("new Event('x').eventPhase", "0"),
    ("new CustomEvent('x').detail", "null"),
    // AbortController, AbortSignal
    (
        "(() => { const c = new AbortController(); let fired = 0; c.signal.onabort = () => fired++; c.abort(); c.abort(); return [c.signal.aborted, c.signal.reason.name, fired] })()",
        r#"[true,"AbortError",1]"#,
    ),
    (
        "(() => { const c = new AbortController(); c.abort('why'); try { c.signal.throwIfAborted() } catch (e) { return e } })()",
        r#""why""#,
    ),
    ("AbortSignal.abort().reason instanceof DOMException", "true"),
    ("AbortSignal.abort().reason.code", "20"),
    (
        "(() => { try { new AbortSignal() } catch (e) { return e.name } })()",
        r#""TypeError""#,
    ),
    (
        "(() => { const c = new AbortController(); const s = AbortSignal.any([c.signal]); c.abort('r'); return [s.aborted, s.reason] })()",
        r#"[true,"r"]"#,
    ),
    (
        "(() => { const t = new EventTarget(); const c = new AbortController(); let n = 0; t.addEventListener('x', () => n++, { signal: c.signal }); c.abort(); t.dispatchEvent(new Event('x')); return n })()",
        "0",
    ),
    ("new DOMException('m', 'TimeoutError').code", "23"),
    ("DOMException.ABORT_ERR", "20"),
    ("new DOMException('m') instanceof Error", "true"),
    // performance
    ("typeof performance.now()", r#""number""#),
    ("performance.now() >= 0", "true"),
    (
        "(() => { performance.mark('a', { startTime: 10 }); performance.mark('b', { startTime: 25 }); const m = performance.measure('ab', 'a', 'b'); return [m.duration, m.entryType, performance.getEntriesByType('mark').length] })()",
        r#"[15,"measure",2]"#,
    ),
    (
        "(() => { performance.clearMarks(); return performance.getEntriesByType('mark').length })()",
        "0",
    ),
    (
        "(() => { try { performance.measure('x', 'nope') } catch (e) { return e.name } })()",
        r#""SyntaxError""#,
    ),
    // crypto
    ("crypto.getRandomValues(new Uint8Array(4)).length", "4"),
    (
        "(() => { try { crypto.getRandomValues(new Float64Array(2)) } catch (e) { return e.name } })()",
        r#""TypeMismatchError""#,
    ),
    (
        "(() => { try { crypto.getRandomValues(new Uint8Array(65537)) } catch (e) { return e.name } })()",
        r#""QuotaExceededError""#,
    ),
    (
        "/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID())",
        "true",
    ),
    // TextDecoder: vmjs's own (fatal, ignoreBOM, BOMs, UTF-16 surrogates, labels)
    (
        "(() => { try { return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0x61, 0xff])) } catch (e) { return `${e.name}: ${e.message}` } })()",
        "\"TypeError: The encoded data was not valid for encoding utf-8\"",
    ),
    (
        "new TextDecoder().decode(new Uint8Array([0x61, 0xff, 0x62]))",
        "\"a\u{fffd}b\"",
    ),
    (
        "[new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])).length, new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])).length]",
        "[1,2]",
    ),
    (
        "new TextDecoder('utf-16le').decode(new Uint8Array([0xff, 0xfe, 0x61, 0, 0x3d, 0xd8, 0, 0xde]))",
        "\"a\u{1f600}\"",
    ),
    (
        "new TextDecoder('utf-16be').decode(new Uint8Array([0, 0x61, 0xd8, 0x3d]))",
        "\"a\u{fffd}\"",
    ),
    (
        "(() => { try { return new TextDecoder('utf-16le', { fatal: true }).decode(new Uint8Array([0x3d, 0xd8])) } catch (e) { return `${e.name}: ${e.message}` } })()",
        "\"TypeError: The encoded data was not valid for encoding utf-16le\"",
    ),
    (
        "[new TextDecoder('UTF8 ').encoding, new TextDecoder('unicode-1-1-utf-8').encoding, new TextDecoder('utf-16').encoding, new TextDecoder().fatal, new TextDecoder().ignoreBOM]",
        "[\"utf-8\",\"utf-8\",\"utf-16le\",false,false]",
    ),
    (
        "(() => { try { return new TextDecoder('nope') } catch (e) { return `${e.name}: ${e.message}` } })()",
        r#""RangeError: The \"nope\" encoding is not supported""#,
    ),
    (
        "(() => { const d = new TextDecoder('utf-8', { fatal: true }); d.decode(new Uint8Array([0xe2]), { stream: true }); try { return d.decode() } catch (e) { return e.name } })()",
        "\"TypeError\"",
    ),
    (
        "(() => { const d = new TextDecoder(); d.decode(new Uint8Array([0xef, 0xbb]), { stream: true }); return d.decode(new Uint8Array([0xbf, 0x61])) })()",
        "\"a\"",
    ),
    (
        "[new TextDecoder().decode(new DataView(new Uint8Array([0x61, 0x62, 0x63]).buffer, 1, 1)), new TextDecoder().decode()]",
        "[\"b\",\"\"]",
    ),
    // TextDecoder's legacy encodings (encoding_rs), as Node 20 decodes them — except `latin1`, which the
    // Encoding Standard (browsers, Deno, encoding_rs) maps to windows-1252 (0x80 is €) and Node 20 to ISO-8859-1.
    (
        "new TextDecoder('latin1').decode(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x80, 0x9f]))",
        "\"café€Ÿ\"",
    ),
    (
        "[new TextDecoder('shift_jis').decode(new Uint8Array([0x82, 0xa0, 0x83, 0x41, 0x93, 0xfa, 0x96, 0x7b, 0x82, 0x61])), new TextDecoder('euc-jp').decode(new Uint8Array([0xa4, 0xa2, 0xc6, 0xfc])), new TextDecoder('iso-2022-jp').decode(new Uint8Array([0x1b, 0x24, 0x42, 0x24, 0x22, 0x1b, 0x28, 0x42, 0x61]))]",
        "[\"あア日本Ｂ\",\"あ日\",\"あa\"]",
    ),
    (
        "[new TextDecoder('gbk').decode(new Uint8Array([0xc4, 0xe3, 0xba, 0xc3])), new TextDecoder('gb18030').decode(new Uint8Array([0x81, 0x30, 0x81, 0x30])).charCodeAt(0), new TextDecoder('big5').decode(new Uint8Array([0xa7, 0x41, 0xa6, 0x6e])), new TextDecoder('euc-kr').decode(new Uint8Array([0xbe, 0xc8, 0xb3, 0xe7]))]",
        "[\"你好\",128,\"你好\",\"안녕\"]",
    ),
    (
        "[new TextDecoder('windows-1251').decode(new Uint8Array([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2])), new TextDecoder('koi8-r').decode(new Uint8Array([0xf0, 0xd2, 0xc9])), new TextDecoder('iso-8859-2').decode(new Uint8Array([0xb1, 0xe6]))]",
        "[\"Привет\",\"При\",\"ąć\"]",
    ),
    (
        "['latin1', 'ascii', 'sjis', 'x-sjis', 'gb2312', 'csbig5', 'euc-jp', 'ISO-2022-JP', 'koi8-u', 'cp1251', 'iso-8859-1', 'windows-874', 'x-mac-cyrillic', 'us-ascii'].map((l) => new TextDecoder(l).encoding)",
        r#"["windows-1252","windows-1252","shift_jis","shift_jis","gbk","big5","euc-jp","iso-2022-jp","koi8-u","windows-1251","windows-1252","windows-874","x-mac-cyrillic","windows-1252"]"#,
    ),
    // The standard's "replacement" encoding is refused, naming the label given (Node names "replacement").
    (
        "['iso-2022-kr', 'utf-7', 'replacement'].map((l) => { try { return new TextDecoder(l) } catch (e) { return `${e.name}: ${e.message}` } })",
        r#"["RangeError: The \"iso-2022-kr\" encoding is not supported","RangeError: The \"utf-7\" encoding is not supported","RangeError: The \"replacement\" encoding is not supported"]"#,
    ),
    (
        "[[0x61, 0x82], [0xff, 0xff]].map((b, i) => { try { return new TextDecoder(['shift_jis', 'euc-kr'][i], { fatal: true }).decode(new Uint8Array(b)) } catch (e) { return `${e.name}: ${e.message}` } })",
        r#"["TypeError: The encoded data was not valid for encoding shift_jis","TypeError: The encoded data was not valid for encoding euc-kr"]"#,
    ),
    // A multi-byte character split across a stream's pieces waits; unfinished at the end it is U+FFFD.
    (
        "(() => { const d = new TextDecoder('shift_jis'); const a = [d.decode(new Uint8Array([0x61, 0x82]), { stream: true }), d.decode(new Uint8Array([0xa0]))]; return [...a, d.decode(new Uint8Array([0x61, 0x82]), { stream: true }), d.decode()] })()",
        "[\"a\",\"あ\",\"a\",\"\u{fffd}\"]",
    ),
    (
        "(() => { const d = new TextDecoder('big5'); return [d.decode(new Uint8Array([0xa7]), { stream: true }), d.decode(new Uint8Array([0x41, 0x61]), { stream: true }), d.decode()] })()",
        "[\"\",\"你a\",\"\"]",
    ),
    // Only the encoding's own BOM is removed: a UTF-16BE BOM read as UTF-16LE is U+FFFE, a UTF-8 BOM in
    // windows-1252 is three characters; an odd byte at UTF-16's end is U+FFFD.
    (
        "[new TextDecoder('utf-16le').decode(new Uint8Array([0xfe, 0xff, 0x61, 0])), new TextDecoder('utf-16be').decode(new Uint8Array([0xfe, 0xff, 0, 0x61])), new TextDecoder('latin1').decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), new TextDecoder('utf-16le').decode(new Uint8Array([0x61, 0, 0x62]))]",
        "[\"\u{fffe}a\",\"a\",\"ï»¿a\",\"a\u{fffd}\"]",
    ),
    (
        "[new TextDecoder('x-user-defined').decode(new Uint8Array([0x61, 0x80, 0xff])), new TextDecoder('x-user-defined').encoding]",
        "[\"a\u{f780}\u{f7ff}\",\"x-user-defined\"]",
    ),
    // TextDecoder#decode with `stream: true` (boa_runtime's ignores it; vmjs keeps the unfinished bytes)
    (
        "(() => { const b = new TextEncoder().encode('a😀bé'); const d = new TextDecoder(); return [d.decode(b.slice(0, 2), {stream: true}), d.decode(b.slice(2, 4), {stream: true}), d.decode(b.slice(4, 7), {stream: true}), d.decode(b.slice(7))] })()",
        r#"["a","","😀b","é"]"#,
    ),
    (
        "(() => { const d = new TextDecoder(); return [d.decode(new Uint8Array([0x61, 0xe2]), {stream: true}), d.decode()] })()",
        "[\"a\",\"\u{FFFD}\"]",
    ),
    (
        "new TextDecoder().decode(new DataView(new Uint8Array([0, 104, 105]).buffer, 1))",
        r#""hi""#,
    ),
    (
        "(() => { const d = new TextDecoder(); d.decode(new Uint8Array([0xe2]), {stream: true}); return Object.keys(d).length })()",
        "0",
    ),
    // global
    ("global === globalThis", "true"),
];

#[test]
fn web_apis_answer_as_node_does() {
    let mut engine = TestEngine::new();
    let failures = engine.json_mismatches(CASES);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn digests_match_the_known_answers() {
    let mut engine = TestEngine::new();
    engine.value(
        "var hex = (b) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join(''); \
         var out = {}; \
         for (const alg of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']) \
           crypto.subtle.digest(alg, new TextEncoder().encode('abc')).then((b) => { out[alg] = hex(b) });",
    );
    let sha256 = engine.value("out['SHA-256']");
    assert_eq!(
        sha256,
        "'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'"
    );
    assert_eq!(
        engine.value("out['SHA-1']"),
        "'a9993e364706816aba3e25717850c26c9cd0d89d'"
    );
    assert_eq!(engine.value("out['SHA-512'].length"), "128");
    assert_eq!(engine.value("out['SHA-384'].length"), "96");
    let refused = engine.value(
        "var why; crypto.subtle.digest('MD5', new Uint8Array(1)).catch((e) => { why = e.name }); 0",
    );
    assert_eq!(refused, "0");
    assert_eq!(engine.value("why"), "'NotSupportedError'");
}

#[test]
fn the_web_globals_are_lazy_and_the_users_own_win() {
    let mut engine = TestEngine::new();
    // Code that names a Web API global installs the prelude before it runs; names built at run time reach
    // the lazy getters.
    assert_eq!(
        engine.value("typeof Object.getOwnPropertyDescriptor(globalThis, 'cry' + 'pto').get"),
        "'function'"
    );
    engine.value("globalThis['cry' + 'pto'] = 5");
    assert_eq!(engine.value("globalThis['cry' + 'pto']"), "5");
    assert_eq!(engine.value("typeof performance.now"), "'function'");
    assert_eq!(
        engine.value("Object.getOwnPropertyDescriptor(globalThis, 'performance').enumerable"),
        "false"
    );
}

#[test]
fn deterministic_mode_seeds_crypto() {
    // TestEngine runs in deterministic mode with seed 1: two engines give the same bytes.
    let values: Vec<String> = (0..2)
        .map(|_| {
            TestEngine::new().value(
                "crypto.randomUUID() + ' ' + crypto.getRandomValues(new Uint8Array(6)).join()",
            )
        })
        .collect();
    assert_eq!(values[0], values[1]);
}
