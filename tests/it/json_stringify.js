// JSON.stringify: what it writes, in which order it runs user code, and what it throws. Run by Node 20 this
// gave json_stringify_node20.txt; the test evaluates it in a session and compares.
(() => {
  const lines = [];
  const show = (label, f) => {
    try {
      const out = f();
      lines.push(`${label}: ${typeof out === 'string' ? JSON.stringify(out) : String(out)}`);
    } catch (e) {
      lines.push(`${label}: threw ${e.name}: ${e.message}`);
    }
  };
  const s = (label, ...args) => show(label, () => JSON.stringify(...args));
  // Primitives and strings.
  s('null', null); s('true', true); s('false', false); s('undefined', undefined); s('no argument');
  s('symbol', Symbol('x')); s('function', () => 1);
  s('empty string', ''); s('quotes and backslash', 'a"b\\c');
  s('control characters', '\b\f\n\r\t\u0000\u0001\u001f\u007f');
  s('latin-1', 'é ÿ ü ß'); s('line separators', '\u2028\u2029');
  s('emoji', 'a😀b'); s('lone high surrogate', 'a\ud800b'); s('lone low surrogate', '\udc00');
  s('reversed pair', '\udc00\ud800'); s('surrogate at end', 'x\ud83d');
  s('mixed latin-1 then wide', ['é', '中', 'ü']);
  // Numbers.
  for (const n of [0, -0, 1, -1, 1.5, -1.5, 0.1, 1e21, 1e20, 123456789012345680000, 2 ** 53, 2 ** 53 + 2,
    -(2 ** 31), 2 ** 31, 1e-7, 1e-6, 5e-324, 1.7976931348623157e308, 1 / 3, NaN, Infinity, -Infinity, 4.35, 0.000001234]) {
    s(`number ${Object.is(n, -0) ? '-0' : n}`, n);
  }
  s('numbers in an array', [0, -0, NaN, 1e21, 2.5]);
  // Objects and arrays.
  s('empty object', {}); s('empty array', []);
  s('nested', { a: [1, { b: 2 }], c: 'x', d: { e: { f: [] } } });
  s('skipped values', { u: undefined, f() {}, s: Symbol(), n: null, k: 1 });
  s('nulls in arrays', [undefined, () => 1, Symbol(), 1]);
  s('holes', [1, , 3]); s('sparse', Object.assign([], { 5: 'x' }));
  s('array with extra properties', Object.assign([1, 2], { extra: true }));
  s('key order', { b: 1, 2: 'two', a: 2, 1: 'one', [Symbol('s')]: 3, '-1': 'neg', '01': 'lead' });
  s('non-enumerable', Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false }));
  s('null prototype', Object.assign(Object.create(null), { x: 1 }));
  class Point { constructor() { this.x = 1; this.y = 2; } get sum() { return 3; } }
  s('class instance (prototype getter not own)', new Point());
  s('inherited properties', Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true } }));
  s('Map, Set, RegExp, WeakMap', [new Map([[1, 2]]), new Set([1]), /x/g, new WeakMap()]);
  s('Error', new Error('boom')); s('Error with own enumerable', Object.assign(new Error('e'), { code: 42 }));
  s('Date', new Date(Date.UTC(2024, 2, 5, 12, 30))); s('invalid Date', new Date(NaN));
  s('boxed primitives', [new Number(3), new String('s'), new Boolean(false), Object(Symbol('q'))]);
  s('typed array', new Uint8Array([1, 2, 3])); s('Float64Array', new Float64Array([0.5, -0]));
  s('ArrayBuffer', new ArrayBuffer(4)); s('DataView', new DataView(new ArrayBuffer(2)));
  s('arguments', (function () { return arguments; })(1, 'a'));
  s('string object with own property', Object.assign(new String('ab'), { x: 1 }));
  // BigInt.
  s('bigint', 1n); s('bigint in an object', { n: 1n }); s('BigInt object', Object(2n));
  show('bigint with BigInt.prototype.toJSON', () => {
    BigInt.prototype.toJSON = function () { return `${this}n`; };
    try { return JSON.stringify({ n: 10n, m: [Object(3n)] }); } finally { delete BigInt.prototype.toJSON; }
  });
  show('bigint toJSON past a Proxy', () => {
    const saved = Object.getPrototypeOf(BigInt.prototype);
    Object.setPrototypeOf(BigInt.prototype, new Proxy(saved, {
      get(t, k, r) { return k === 'toJSON' ? () => `receiver ${typeof r}` : Reflect.get(t, k, r); } }));
    try { return JSON.stringify({ n: 5n }); } finally { Object.setPrototypeOf(BigInt.prototype, saved); }
  });
  // toJSON.
  s('toJSON', { toJSON() { return { replaced: true }; } });
  const keys = [];
  const spy = { toJSON(key) { keys.push(key); return key; } };
  s('toJSON keys', { a: spy, list: [spy, spy] }); lines.push(`  toJSON saw: ${JSON.stringify(keys)}`);
  s('toJSON returning undefined', { a: { toJSON() { return undefined; } }, b: 1 });
  s('toJSON returning a function', [{ toJSON() { return () => 1; } }]);
  s('toJSON not callable', { toJSON: 5, x: 1 });
  s('toJSON inherited', Object.create({ toJSON() { return 'from prototype'; } }));
  s('toJSON as a getter', { get toJSON() { return () => 'from getter'; } });
  s('toJSON throwing', { toJSON() { throw new RangeError('mine'); } });
  show('toJSON on Object.prototype', () => {
    Object.prototype.toJSON = function () { return 'everywhere'; };
    try { return JSON.stringify({ a: 1 }); } finally { delete Object.prototype.toJSON; }
  });
  // Getters and what they change.
  s('enumerable getter', { get g() { return 'got'; }, v: 1 });
  s('getter deleting a later property', { get a() { delete this.b; return 1; }, b: 2, c: 3 });
  s('getter changing a later property', { get a() { this.b = 'changed'; return 1; }, b: 'original' });
  s('getter adding a property', { get a() { this.z = 'new'; return 1; }, b: 2 });
  s('getter making a later property non-enumerable', {
    get a() { Object.defineProperty(this, 'b', { enumerable: false }); return 1; }, b: 2 });
  s('toJSON of a child changing its parent', (() => {
    const parent = { first: { toJSON() { parent.second = 'changed'; return 'first'; } }, second: 'original' };
    return parent;
  })());
  s('getter throwing', { get bad() { throw new TypeError('getter'); } });
  s('array element getter', Object.defineProperty([1, 2], 1, { get() { return 'got'; }, enumerable: true }));
  s('array getter shortening it', (() => {
    const a = [1, 2, 3];
    Object.defineProperty(a, 0, { get() { a.length = 1; return 'first'; }, enumerable: true, configurable: true });
    return a;
  })());
  // Replacer functions.
  const calls = [];
  s('replacer function', { a: 1, b: [2, { c: 3 }] }, function (key, value) {
    calls.push(`${JSON.stringify(key)}:${typeof value}:${this === undefined ? 'undefined' : Array.isArray(this) ? 'array' : typeof this}`);
    return value;
  });
  lines.push(`  replacer saw: ${calls.join(' ')}`);
  s('replacer wrapper', 1, function (key, value) { return `${JSON.stringify(Object.keys(this))} ${this[''] === value}`; });
  s('replacer dropping', { a: 1, b: 2, c: [3, 4] }, (k, v) => (v === 2 || v === 4 ? undefined : v));
  s('replacer replacing the root', { a: 1 }, (k, v) => (k === '' ? [1, 2] : v));
  s('replacer returning a bigint', { a: 1 }, (k, v) => (k === 'a' ? 1n : v));
  s('replacer and toJSON order', { a: { toJSON() { return 'j'; } } }, (k, v) => (k === 'a' ? `${v}+r` : v));
  // Replacer arrays.
  s('replacer array', { a: 1, b: 2, c: { a: 3, d: 4 }, 1: 'one' }, ['c', 'a', 1]);
  s('replacer array with duplicates and objects', { a: 1, b: 2, 3: 3 },
    ['b', 'b', new String('a'), 3, new Number(3), {}, null, true]);
  s('replacer array and arrays', { list: [{ a: 1, b: 2 }], a: 0 }, ['list', 'a']);
  s('replacer array naming a missing key', { a: 1 }, ['a', 'missing']);
  s('replacer array naming inherited and getter keys', Object.create({ inh: 1 }, { g: { get() { return 'g'; } } }), ['inh', 'g']);
  s('replacer array as a Proxy', { a: 1, b: 2 }, new Proxy(['b'], {}));
  s('replacer neither', { a: 1 }, 'not a replacer');
  // Space.
  const value = { a: [1, { b: 2 }, []], c: {}, d: 'x' };
  for (const space of [2, 20, 0, -1, 1.9, '\t', '----------xx', '', new Number(3), new String('ab'), true, null, Infinity]) {
    s(`space ${typeof space === 'object' && space !== null ? `${space.constructor.name}(${space})` : JSON.stringify(space)}`, value, null, space);
  }
  s('space with a wide string', { a: [1] }, null, '→→');
  s('space with nothing nested', [], null, 2);
  // Proxies: the traps run in the specification's order.
  const log = [];
  const traced = (target) => new Proxy(target, {
    ownKeys(t) { log.push('ownKeys'); return Reflect.ownKeys(t); },
    getOwnPropertyDescriptor(t, k) { log.push(`gopd ${String(k)}`); return Reflect.getOwnPropertyDescriptor(t, k); },
    get(t, k, r) { log.push(`get ${String(k)}`); return Reflect.get(t, k, r); },
  });
  s('Proxy of an object', traced({ a: 1, b: { c: 2 } })); lines.push(`  traps: ${log.join(', ')}`);
  log.length = 0;
  s('Proxy of an array', traced([1, [2]])); lines.push(`  traps: ${log.join(', ')}`);
  log.length = 0;
  s('Proxy with a replacer array', traced({ a: 1, b: 2 }), ['b']); lines.push(`  traps: ${log.join(', ')}`);
  s('revoked Proxy', (() => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; })());
  // Circles and depth.
  const circular = { name: 'root', child: { list: [] } }; circular.child.list.push(circular);
  s('circle', circular);
  s('circle through a toJSON', (() => { const o = { a: {} }; o.a.toJSON = () => o; return o; })());
  s('circle through a replacer', { a: 1 }, function (k, v) { return k === 'a' ? this : v; });
  s('shared, not circular', (() => { const shared = { x: 1 }; return [shared, { shared }]; })());
  show('1 000 levels', () => { let a = []; for (let i = 0; i < 1000; i++) a = [a]; return JSON.stringify(a).length; });
  show('100 000 levels', () => { let a = []; for (let i = 0; i < 100000; i++) a = [a]; return JSON.stringify(a).length; });
  show('100 000 levels of objects', () => { let o = {}; for (let i = 0; i < 100000; i++) o = { o }; return JSON.stringify(o).length; });
  // Large values, and the function itself.
  show('10 000 records', () => {
    const rows = Array.from({ length: 10000 }, (_, i) => ({ id: i, name: `row ${i}`, score: i / 7, ok: i % 2 === 0, tags: ['a', 'b'] }));
    const text = JSON.stringify(rows);
    return `${text.length} ${JSON.stringify(JSON.parse(text)) === text} ${text.slice(0, 80)}`;
  });
  s('a long string', 'x'.repeat(100000).length);
  show('JSON.stringify itself', () => `${JSON.stringify.name} ${JSON.stringify.length} ${Object.getOwnPropertyDescriptor(JSON, 'stringify').enumerable}`);
  return lines.join('\n');
})()
