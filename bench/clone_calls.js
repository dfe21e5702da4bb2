// Per-call cost of structuredClone and of the formats whose options are new, the same file under `vmjs run`
// and `node` (bench/RESULTS.md):
//   (cd bench && vmjs run clone_calls.js && node clone_calls.js)
const time = (label, n, f) => {
  try { f(0); } catch (e) { console.log(`${label.padEnd(52)} throws ${e.name}`); return; } // warm
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  const us = (performance.now() - t0) * 1000 / n;
  console.log(`${label.padEnd(52)} ${us.toFixed(1)} µs/call`);
};
const records = Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `row ${i}`, score: i * 1.5, tags: ['a', 'b'], at: new Date(i) }));
time('structuredClone(1 000 records of 5 fields)', 50, () => structuredClone(records));
const nested = { config: { a: 1, b: [1, 2, 3], c: { d: 'x' } }, list: Array.from({ length: 100 }, (_, i) => i) };
time('structuredClone(small nested object)', 2000, () => structuredClone(nested));
const bytes = new Uint8Array(64 * 1024);
time('structuredClone(64 KiB Uint8Array)', 500, () => structuredClone(bytes));
time("(0.052).toLocaleString('en', {style:'percent', signDisplay:'always'})", 2000, (i) => (0.052 + i).toLocaleString('en', { style: 'percent', signDisplay: 'always', maximumFractionDigits: 1 }));
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 });
time('currency format, significant digits (reused)', 2000, (i) => money.format(123456 + i));
