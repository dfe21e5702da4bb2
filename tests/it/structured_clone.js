// structuredClone, atob and btoa: what they return and what they throw. Run by Node 20 this gave
// structured_clone_node20.txt; the test evaluates it in a session and compares.
(() => {
  const lines = [];
  const kind = (v) => Object.prototype.toString.call(v);
  const show = (label, f) => {
    try {
      lines.push(`${label}: ${f()}`);
    } catch (e) {
      lines.push(`${label}: threw ${e.name} ${JSON.stringify(e.message)} DOMException=${e instanceof DOMException ? `yes, code ${e.code}` : "no"}`);
    }
  };
  const clone = (label, value) => show(label, () => { structuredClone(value); return 'cloned'; });
  // What cannot be cloned, named as V8 names it.
  clone('arrow', () => 1);
  clone('function', function named(a) { return a; });
  clone('method in an object', { f() {} });
  clone('symbol', Symbol('s'));
  clone('symbol in an object', { s: Symbol() });
  clone('WeakMap', new WeakMap());
  clone('WeakSet', new WeakSet());
  clone('WeakRef deep inside', { a: { b: new WeakRef({}) } });
  clone('Promise', Promise.resolve());
  clone('function in an array', [1, () => 2]);
  clone('function in a Map', new Map([[1, () => 3]]));
  clone('native function', Math.max);
  clone('Proxy', new Proxy({}, {}));
  clone('generator', (function* () {})());
  clone('arguments', (function () { return arguments; })(1));
  clone('getter returning a function', Object.defineProperty({}, 'g', { get() { return () => 1; }, enumerable: true }));
  // What is cloned, and how.
  show('function on the prototype only', () => JSON.stringify(structuredClone(Object.create({ x: () => 1 }))));
  show('class instance', () => { class P { constructor() { this.a = 1; } get b() { return 2; } m() {} } const c = structuredClone(new P()); return `${JSON.stringify(c)} ${Object.getPrototypeOf(c) === Object.prototype}`; });
  show('own getter is read', () => { const c = structuredClone({ get g() { return 7; } }); return JSON.stringify(Object.getOwnPropertyDescriptor(c, 'g')); });
  show('non-enumerable and symbol keys dropped', () => { const o = { a: 1 }; Object.defineProperty(o, 'hidden', { value: 1 }); o[Symbol('k')] = 2; const c = structuredClone(o); return `${Object.getOwnPropertyNames(c)} ${Object.getOwnPropertySymbols(c).length}`; });
  show('array holes and extra keys', () => { const a = [1, , 3]; a.extra = 'x'; const c = structuredClone(a); return `${c.length} ${1 in c} ${c.extra} ${Array.isArray(c)}`; });
  show('shared parts stay shared', () => { const s = { x: 1 }; const c = structuredClone([s, s, { s }]); return `${c[0] === c[1]} ${c[2].s === c[0]} ${c[0] === s}`; });
  show('cycles', () => { const o = { n: 1 }; o.self = o; o.list = [o]; const c = structuredClone(o); return `${c.self === c} ${c.list[0] === c} ${c !== o}`; });
  show('Map and Set', () => { const k = { k: 1 }; const c = structuredClone(new Map([[k, new Set([1, k])]])); const [[key, set]] = c; return `${kind(c)} ${key.k} ${kind(set)} ${[...set][1] === key}`; });
  show('wrappers', () => structuredClone([new Number(3), new String('s'), new Boolean(false), Object(1n)]).map((w) => `${kind(w)}:${typeof w}:${w.valueOf()}`).join(' '));
  show('RegExp', () => { const r = /a+/gi; r.lastIndex = 3; const c = structuredClone(r); return `${c} ${c.lastIndex} ${c !== r}`; });
  show('Date', () => { const c = structuredClone(new Date(86400000)); return `${kind(c)} ${c.getTime()} ${structuredClone(new Date(NaN)).getTime()}`; });
  show('primitives', () => [undefined, null, -0, 10n, 'x', true, NaN].map((v) => { const c = structuredClone(v); return Object.is(c, v) ? 'same' : 'differs'; }).join(' '));
  show('typed array over part of a buffer', () => { const t = new Uint8Array([1, 2, 3, 4]).subarray(1, 3); const c = structuredClone(t); return `${kind(c)} ${[...c]} ${c.byteOffset} ${c.buffer.byteLength}`; });
  show('views sharing a buffer', () => { const b = new ArrayBuffer(8); const c = structuredClone({ f: new Float64Array(b), d: new DataView(b, 2, 4), b }); return `${c.f.buffer === c.b} ${c.d.buffer === c.b} ${c.d.byteOffset} ${c.d.byteLength} ${c.b !== b}`; });
  show('BigInt64Array', () => `${structuredClone(new BigInt64Array([-5n]))[0]}`);
  show('errors', () => { const e = new TypeError('boom', { cause: { why: 5 } }); e.extra = 1; const c = structuredClone(e); return `${kind(c)} ${c instanceof TypeError} ${c.name} ${c.message} ${c.cause.why} ${c.stack === e.stack} ${Object.keys(c)}`; });
  show('error subclasses and names', () => { class MyErr extends RangeError { constructor(m) { super(m); this.name = 'MyErr'; } } const renamed = new Error('r'); renamed.name = 'SyntaxError'; return [new MyErr('x'), renamed, new AggregateError([], 'agg'), new URIError('u')].map((e) => { const c = structuredClone(e); return `${c.name}/${c.message}`; }).join(' '); });
  show('error without a message', () => { const c = structuredClone(new Error()); return `${JSON.stringify(c.message)} ${Object.getOwnPropertyNames(c).includes('message')}`; });
  // Transfer.
  show('transfer', () => { const b = new ArrayBuffer(8); new Uint8Array(b)[0] = 9; const c = structuredClone({ b }, { transfer: [b] }); return `${b.byteLength} ${c.b.byteLength} ${new Uint8Array(c.b)[0]}`; });
  show('a detached buffer', () => { const b = new ArrayBuffer(2); structuredClone(b, { transfer: [b] }); return structuredClone(b); });
  show('nothing transferred when cloning fails', () => { const b = new ArrayBuffer(3); try { structuredClone({ a: () => 1 }, { transfer: [b] }); } catch {} return b.byteLength; });
  show('duplicate transfer', () => { const b = new ArrayBuffer(1); return structuredClone(b, { transfer: [b, b] }); });
  show('transfer of what is no ArrayBuffer', () => structuredClone(1, { transfer: [{}] }));
  show('transfer that is no iterable', () => structuredClone(1, { transfer: 5 }));
  show('options that are no object', () => structuredClone(1, 5));
  show('no value at all', () => structuredClone());
  show('nesting too deep', () => { let l = null; for (let i = 0; i < 20000; i++) l = { n: l }; return structuredClone(l); });
  // atob and btoa.
  show('atob', () => atob('aGk='));
  show('atob of what is no base64', () => atob('*'));
  show('btoa', () => btoa('hi'));
  show('btoa beyond Latin-1', () => btoa('\u0100'));
  show('DOMException named', () => { try { atob('*'); } catch (e) { return `${kind(e)} ${String(e)} ${e instanceof Error}`; } });
  return lines.join('\n');
})()
