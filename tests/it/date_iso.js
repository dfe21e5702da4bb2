// Date.prototype.toISOString (vmjs's, core/src/runtime/dates/iso.rs) against Node 20: date_iso_node20.txt.
const out = [];
const show = (label, f) => {
  try { out.push(`${label}: ${f()}`); } catch (e) { out.push(`${label}: ${e.name}: ${e.message}`); }
};
const times = [
  0, -0, 1, -1, 999, -999, 86399999, 86400000, -86400000, -86400001, 951782400000, 951868800000,
  4107542400000, 4107456000000, 1e12, 1234567890123, -1234567890123, 253402300799999, 253402300800000,
  -62167219200000, -62167219200001, -62198755200000, -62198755200001, 8.64e15, -8.64e15, 8.64e15 - 1,
  -8.64e15 + 1, 1.5, -1.5, 2 ** 31, -(2 ** 31), 915148799999, 915148800000, 1709164800000, 1709251199999,
  -2208988800000, -30610224000000, -11644473600000, 32503680000000, 95617584000000,
];
for (let i = 0; i < 400; i++) times.push(Math.round(Math.sin(i + 1) * 8.64e15 * (i % 7 === 0 ? 1 : 1e-3 * (i % 5 + 1))));
for (const t of times) show(String(t), () => new Date(t).toISOString());
for (const t of [NaN, 8.64e15 + 1, Infinity]) show(`invalid ${t}`, () => new Date(t).toISOString());
for (const v of [{}, 5, 's', null, undefined, [1, 2], Symbol('q'), new Map()]) {
  show(`receiver ${typeof v}`, () => Date.prototype.toISOString.call(v));
}
show('toJSON', () => JSON.stringify({ at: new Date(1e12), bad: new Date(NaN), arr: [new Date(-1)] }));
show('toJSON on a non-Date with toISOString', () => Date.prototype.toJSON.call({ toISOString: () => 'mine' }));
show('subclass', () => { class D extends Date {} return new D(0).toISOString(); });
show('descriptor', () => {
  const d = Object.getOwnPropertyDescriptor(Date.prototype, 'toISOString');
  return [d.writable, d.enumerable, d.configurable, d.value.length, d.value.name].join(' ');
});
show('replaced by the user', () => {
  const saved = Date.prototype.toISOString;
  Date.prototype.toISOString = function () { return 'user'; };
  try { return JSON.stringify([new Date(0)]); } finally { Date.prototype.toISOString = saved; }
});
