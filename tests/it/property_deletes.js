// Deleting properties, which vmjs's patched boa_engine does by giving the object a shape of its own when the
// property is not the last one added (vendor/boa_engine/VMJS-PATCH.md): keys keep Node's order, values stay,
// objects that shared a shape stay apart, and the inline caches of code that read them see the change. Run by
// Node 20 this printed property_deletes_node20.txt; tests/it/property_deletes.rs compares.
const out = [];
const show = (o) => JSON.stringify(o) + ' ' + Object.keys(o).join(',') + ' ' + Reflect.ownKeys(o).length;

// In insertion order, in reverse, from the middle; re-added keys go last.
const make = (n) => { const o = {}; for (let i = 0; i < n; i++) o['k' + i] = i; return o; };
let o = make(6);
delete o.k0; delete o.k1; out.push(show(o));
o.k0 = 'again'; out.push(show(o));
o = make(6); delete o.k5; delete o.k4; o.k5 = 5; out.push(show(o));
o = make(6); delete o.k2; delete o.k3; o.x = 1; o.k2 = 2; out.push(show(o));
for (const k in o) out.push(`for-in ${k}=${o[k]}`);

// Objects that shared a shape: deleting from one leaves the other.
const a = { x: 1, y: 2, z: 3 }, b = { x: 1, y: 2, z: 3 };
delete a.x;
out.push(show(a), show(b));
b.w = 4; delete b.y; out.push(show(a), show(b));

// A function whose property reads were cached on the old shape.
const read = (p) => [p.x, p.y, p.z];
const p1 = { x: 1, y: 2, z: 3 }, p2 = { x: 10, y: 20, z: 30 };
for (let i = 0; i < 50; i++) read(p1);
delete p1.x; out.push(JSON.stringify(read(p1)), JSON.stringify(read(p2)));
p1.x = 'back'; out.push(JSON.stringify(read(p1)));
const write = (p, v) => { p.y = v; };
for (let i = 0; i < 50; i++) write(p2, i);
delete p2.x; write(p2, 'w'); out.push(show(p2));

// Symbols, accessors, non-configurable properties and numeric keys.
const s = Symbol('s');
const q = { a: 1, [s]: 2, get g() { return 'g'; }, b: 3, 7: 'seven', 1: 'one' };
Object.defineProperty(q, 'fixed', { value: 'f', enumerable: true, configurable: false });
q.c = 4;
out.push(String(delete q.a), String(delete q[s]), String(delete q.fixed), String(delete q[7]));
out.push(show(q), q.g, String(Object.getOwnPropertySymbols(q).length));
out.push(String((() => { 'use strict'; try { delete q.fixed; } catch (e) { return e.constructor.name; } })()));

// Every key of a large object deleted in insertion order, and in a loop with re-adds.
const big = make(3000);
for (let i = 0; i < 3000; i += 2) delete big['k' + i];
out.push(String(Object.keys(big).length), Object.keys(big).slice(0, 4).join(','), String(big.k2999));
const cache = {};
for (let i = 0; i < 2000; i++) { cache['e' + i] = i; if (i >= 100) delete cache['e' + (i - 100)]; }
out.push(String(Object.keys(cache).length), Object.keys(cache)[0], String(Object.values(cache).reduce((x, y) => x + y, 0)));
