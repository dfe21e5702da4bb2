const out = [];
const t = (f) => { try { out.push(JSON.stringify(f())) } catch (e) { out.push(`${e.name}: ${e.message}`) } };
// A callback in a variable, a parameter, a property: named by its value.
const cb = 5, o = { f: 'x' }, u = undefined, obj = { a: 1 };
t(() => [1].map(cb));
t(() => [1].map(o.f));
t(() => [1].forEach(u));
t(() => [1].filter(obj));
function apply(xs, f) { return xs.map(f) }
t(() => apply([1, 2], 'str'));
t(() => apply([1, 2], null));
t(() => apply([1, 2], [1, 2]));
t(() => apply([1], new Map()));
t(() => apply([1], Object.create(null)));
t(() => apply([1], new (class Foo {})()));
t(() => apply([1], class {}.prototype));
t(() => apply([1], Symbol('s')));
t(() => apply([1], 10n));
t(() => apply([1], -0));
t(() => apply([1], 1.5e300));
t(() => apply([1], ''));
t(() => apply([1], new Proxy({}, {})));
t(() => apply([1], new Error('boom')));
t(() => apply([1], new TypeError('')));
t(() => apply([1], new Date(0)));
t(() => apply([1], /x/g));
t(() => apply([1], new Boolean(true)));
t(() => apply([1], new Number(3)));
t(() => apply([1], new String('s')));
t(() => apply([1], (function () { return arguments })(1)));
t(() => apply([1], { toString() { return 'custom' } }));
t(() => apply([1], { [Symbol.toStringTag]: 'Tagged' }));
t(() => apply([1], Object.assign(Object.create(null), { [Symbol.toStringTag]: 'Tagged' })));
t(() => apply([1], { constructor: { name: 'Fake' } }));
// Every method of the family, and the order of the specification's steps.
for (const name of ['map', 'forEach', 'every', 'some', 'filter', 'reduce', 'reduceRight', 'find', 'findIndex', 'findLast', 'findLastIndex']) {
  t(() => [1][name](3));
  t(() => [][name]({}));
  t(() => Array.prototype[name].call(null, () => 1));
  t(() => Array.prototype[name].call(undefined, 3));
  t(() => Array.prototype[name].call({ get length() { throw new Error(`length read first by ${name}`) } }, 5));
  t(() => [Array.prototype[name].name, Array.prototype[name].length, Object.getOwnPropertyDescriptor(Array.prototype, name).enumerable]);
}
// Typed arrays' methods and Map/Set's forEach (V8 shows the latter's callback by type and value).
for (const name of ['map', 'forEach', 'every', 'some', 'filter', 'reduce', 'reduceRight', 'find', 'findIndex', 'findLast', 'findLastIndex']) {
  t(() => new Int8Array(1)[name](3));
  t(() => new Float64Array(0)[name]({}));
  t(() => [Int8Array.prototype[name] === Object.getPrototypeOf(Int8Array.prototype)[name], Int8Array.prototype[name].name, Int8Array.prototype[name].length]);
}
t(() => Uint8Array.from([1], 3));
t(() => Uint8Array.from([1, 2], (x) => x * 3).join());
t(() => new Uint8Array([1, 2, 3]).map((x) => x * 2).join());
for (const v of [5, 's', true, null, undefined, 5n, Symbol('q'), [], {}, -0, 1.5]) {
  t(() => new Map([[1, 2]]).forEach(v));
  t(() => new Set().forEach(v));
}
t(() => { const seen = []; new Map([[1, 'a']]).forEach((v, k) => seen.push(k, v)); new Set(['s']).forEach((v) => seen.push(v)); return seen });
t(() => [Map.prototype.forEach.name, Map.prototype.forEach.length, Set.prototype.forEach.length]);
t(() => Array.from([1], 3));
t(() => Array.from([1], {}));
t(() => Array.from([1], undefined));
t(() => [Array.from.name, Array.from.length]);
// Callbacks that are functions work as before; what they throw is theirs.
t(() => [1, 2, 3].map((x) => x * 2));
t(() => [1, 2, 3].reduce((a, b) => a + b));
t(() => [3, 1, 2].find((x) => x < 3));
t(() => Array.from('ab', (c) => c.toUpperCase()));
t(() => [1].map(() => { throw new TypeError('Array.prototype.map: Callbackfn is not callable') }));
t(() => [1].map(() => [2].map(7)));
t(() => [1].map(class A {}));
t(() => [].map(class Empty {}));
t(() => { class A {}; class B {}; return Array.prototype.map.call({ length: 1, get 0() { return B() } }, A) });
t(() => { class A {}; return [1].map(A.bind(null)) });
t(() => { class A {}; return [1].map(A.bind(null).bind(null)) });
t(() => { class A {}; return Array.from({ length: 1, get 0() { return 1 } }, A) });
t(() => apply([1], Object.create(Error.prototype)));
t(() => apply([1], Object.assign(Object.create(TypeError.prototype), { message: 'made' })));
t(() => [1].map(class {}));
t(() => { const B = class {}; return [1].forEach(B) });
t(() => Array.from([1], class C {}));
t(() => [1].map(function () { return class D {}() }));
t(() => [1].map(() => { class E {}; return E() }));
t(() => { const a = [1, 2]; a.map = Array.prototype.map; return a.map.call('xy', (c) => c + c) });
t(() => Array.prototype.map.call({ length: 2, 0: 'a', 1: 'b' }, (x) => x + '!'));
out.join('\n')
