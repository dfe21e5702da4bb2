// `unshift` and `splice`, which vmjs's patched boa_engine does in one move for a dense array of a fresh
// array's shape (vendor/boa_engine/VMJS-PATCH.md), and every case where it must not: holes, extra own
// properties, frozen and sealed arrays, a read-only length, subclasses, a species constructor, array-likes,
// accessors, and errors. Run by Node 20 this printed array_moves_node20.txt; tests/it/array_moves.rs compares.
const out = [];
const show = (value) => {
  if (Array.isArray(value)) {
    const items = [];
    for (let i = 0; i < value.length; i++) items.push(i in value ? show(value[i]) : '<hole>');
    return `[${items.join(',')}]`;
  }
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return `{${Object.keys(value).map((k) => `${k}:${show(value[k])}`).join(',')}}`;
  return String(value);
};
const run = (label, f) => {
  try {
    out.push(`${label}: ${show(f())}`);
  } catch (e) {
    out.push(`${label}: threw ${e.constructor.name}`);
  }
};

// Dense arrays of each element kind, and items of another kind.
for (const [kind, make] of [
  ['ints', () => [1, 2, 3]],
  ['floats', () => [1.5, 2.5, 3.5]],
  ['values', () => ['a', {}, null]],
  ['empty', () => []],
]) {
  for (const items of [[], [7], [8, 9], [-0, 0.5], ['x', undefined], [NaN, 2 ** 31, -(2 ** 31)]]) {
    run(`${kind}.unshift(${show(items)})`, () => { const a = make(); const n = a.unshift(...items); return [n, a, a.length]; });
    run(`${kind}.splice(1, 1, ${show(items)})`, () => { const a = make(); const r = a.splice(1, 1, ...items); return [r, a, a.length, r.length]; });
  }
}

// Every way of counting `start` and `deleteCount`.
const starts = [undefined, 0, 1, 3, 5, -1, -3, -10, 1.7, '2', NaN, Infinity, -Infinity];
const counts = [undefined, 0, 1, 2, 10, -1, 1.5, '1', NaN, Infinity];
for (const start of starts) {
  for (const count of counts) {
    run(`splice(${show(start)}, ${show(count)}, "n")`, () => {
      const a = [10, 20, 30, 40, 50];
      const r = count === undefined ? a.splice(start) : a.splice(start, count, 'n');
      return [r, a];
    });
  }
}
run('splice()', () => { const a = [1, 2]; return [a.splice(), a]; });

// A loop of moves keeps every element where Node has it.
run('4000 unshifts', () => {
  const a = [];
  for (let i = 0; i < 4000; i++) a.unshift(i, -i);
  return [a.length, a[0], a[1], a[7999], a.slice(3990, 4010).join(' ')];
});
run('4000 middle splices', () => {
  const a = Array.from({ length: 2000 }, (_, i) => i);
  let sum = 0;
  for (let i = 0; i < 4000; i++) {
    const removed = a.splice(a.length >> 1, 1 + (i % 3), i, `s${i}`);
    sum += removed.length;
  }
  return [a.length, sum, a[0], a[a.length - 1], a.slice(1000, 1006).join(' ')];
});

// Holes, extra own properties, a changed prototype: the spec's steps.
run('holes unshift', () => { const a = [1, , 3]; a.unshift(0); return [a, 1 in a, 2 in a]; });
run('holes splice', () => { const a = [1, , 3, , 5]; const r = a.splice(1, 2, 'x'); return [r, a, 1 in r]; });
run('length beyond elements', () => { const a = [1, 2]; a.length = 5; a.unshift(0); return [a, a.length]; });
run('extra property', () => { const a = [1, 2]; a.tag = 't'; a.unshift(0); return [a, a.tag]; });
run('own accessor element', () => {
  const a = [1, 2, 3];
  const log = [];
  Object.defineProperty(a, 1, { get() { log.push('get'); return 'g'; }, set(v) { log.push(`set ${v}`); }, configurable: true });
  a.unshift(0);
  return [a, log];
});
run('prototype changed', () => {
  const a = [1, 2];
  Object.setPrototypeOf(a, Object.create(Array.prototype, { 5: { set(v) { out.push(`proto set ${v}`); } } }));
  a.unshift(0);
  return [a.length, Object.keys(a)];
});

// Arrays that must refuse.
run('frozen unshift', () => { const a = Object.freeze([1, 2]); a.unshift(0); return a; });
run('frozen splice', () => { const a = Object.freeze([1, 2]); return a.splice(0, 1); });
run('sealed splice same length', () => { const a = Object.seal([1, 2, 3]); const r = a.splice(0, 1, 'x'); return [r, a]; });
run('sealed unshift', () => { const a = Object.seal([1, 2]); a.unshift(0); return a; });
run('non-extensible unshift', () => { const a = Object.preventExtensions([1, 2]); a.unshift(0); return a; });
run('non-extensible splice shrink', () => { const a = Object.preventExtensions([1, 2, 3]); const r = a.splice(0, 2); return [r, a]; });
run('read-only length unshift', () => {
  const a = [1, 2];
  Object.defineProperty(a, 'length', { writable: false });
  try { a.unshift(0); } catch (e) { return [e.constructor.name, a]; }
  return a;
});
run('read-only length splice', () => {
  const a = [1, 2, 3];
  Object.defineProperty(a, 'length', { writable: false });
  try { a.splice(0, 1); } catch (e) { return [e.constructor.name, a]; }
  return a;
});

// Subclasses and species: the removed elements go where the species says.
class MyArray extends Array {}
run('subclass splice', () => { const a = MyArray.from([1, 2, 3]); const r = a.splice(0, 2); return [r instanceof MyArray, r, a, a instanceof MyArray]; });
run('subclass unshift', () => { const a = MyArray.from([1, 2]); a.unshift(0); return a; });
run('species null', () => { const a = [1, 2, 3]; a.constructor = { [Symbol.species]: null }; const r = a.splice(1); return [Array.isArray(r), r, a]; });
run('species that changes the array', () => {
  const a = [1, 2, 3, 4];
  a.constructor = { [Symbol.species]: function (n) { a.length = 1; return new Array(n); } };
  const r = a.splice(0, 2, 'x');
  return [r, a];
});
run('species returning an object', () => {
  const a = [1, 2, 3];
  a.constructor = { [Symbol.species]: function () { return { seen: 'yes' }; } };
  const r = a.splice(0, 2);
  return [r, a];
});
run('Array.prototype.constructor replaced', () => {
  const saved = Array.prototype.constructor;
  Array.prototype.constructor = { [Symbol.species]: function (n) { return { made: n }; } };
  try { const a = [1, 2, 3]; return [a.splice(0, 1), a]; } finally { Array.prototype.constructor = saved; }
});

// A species constructor reached through `Array.prototype.constructor` (the array keeps a fresh array's shape)
// that changes the array before `splice` moves anything, or makes the array itself the result.
const withSpecies = (species, f) => {
  const saved = Array.prototype.constructor;
  Array.prototype.constructor = { [Symbol.species]: species };
  try { return f(); } finally { Array.prototype.constructor = saved; }
};
run('species shrinks the array', () => {
  const a = [1, 2, 3, 4];
  return withSpecies(function (n) { a.length = 1; return new Array(n); }, () => [a.splice(1, 2, 'x'), a, a.length]);
});
run('species grows the array', () => {
  const a = [1, 2, 3, 4];
  return withSpecies(function (n) { a.push(5, 6); return new Array(n); }, () => [a.splice(1, 2, 'x'), a, a.length]);
});
run('species returns the array itself (empty)', () => {
  const a = [];
  return withSpecies(function () { return a; }, () => { const r = a.splice(0, 0, 1, 2); return [r === a, a, a.length]; });
});
run('species returns the array itself', () => {
  const a = [1, 2, 3];
  return withSpecies(function () { return a; }, () => { const r = a.splice(1, 1, 'x', 'y'); return [r === a, a, a.length]; });
});
run('species returns another dense array', () => {
  const other = [9, 9];
  const a = [1, 2, 3];
  return withSpecies(function () { return other; }, () => { const r = a.splice(0, 2); return [r === other, r, a]; });
});

// Array-likes and other receivers.
run('array-like unshift', () => { const o = { length: 2, 0: 'a', 1: 'b' }; Array.prototype.unshift.call(o, 'z'); return o; });
run('array-like splice', () => { const o = { length: 3, 0: 'a', 1: 'b', 2: 'c' }; const r = Array.prototype.splice.call(o, 1, 1); return [r, o]; });
run('arguments', () => { const f = function () { Array.prototype.unshift.call(arguments, 0); return Array.from(arguments); }; return f(1, 2); });
run('string receiver', () => Array.prototype.unshift.call('ab', 1));
run('typed array receiver', () => Array.prototype.splice.call(new Uint8Array([1, 2, 3]), 0, 1));

// The array keeps working as an array afterwards.
run('then push, pop, shift, index', () => {
  const a = [1, 2, 3];
  a.unshift(0.5, 'h');
  a.splice(2, 1);
  a.push(9);
  a[a.length] = 10;
  return [a, a.pop(), a.shift(), a.indexOf(3), a.includes('h'), JSON.stringify(a), a.length];
});
run('empty after splice', () => { const a = [1, 2, 3]; const r = a.splice(0); a.unshift(7); return [r, a, a.length]; });
