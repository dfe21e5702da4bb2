// Per-call cost of JSON.stringify on what notebooks serialize, the same file under `vmjs run` and `node`
// (bench/RESULTS.md):
//   (cd bench && vmjs run json_calls.js && node json_calls.js)
const time = (label, n, f) => {
  f(0); // warm
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  const us = (performance.now() - t0) * 1000 / n;
  console.log(`${label.padEnd(52)} ${us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`}/call`);
};
const record = (i) => ({ id: i, name: `row ${i}`, score: i / 7, ok: i % 2 === 0, tags: ['a', 'b'], at: new Date(i * 1e9) });
const twenty = Array.from({ length: 20 }, (_, i) => record(i));
const many = Array.from({ length: 10000 }, (_, i) => record(i));
const plain = twenty.map(({ at, ...rest }) => rest);
time('JSON.stringify(20 records without dates)', 2000, () => JSON.stringify(plain));
time('JSON.stringify(20 records)', 2000, () => JSON.stringify(twenty));
time('JSON.stringify(20 records, null, 2)', 2000, () => JSON.stringify(twenty, null, 2));
time('JSON.stringify(10 000 records)', 20, () => JSON.stringify(many));
time('date.toISOString() (what toJSON calls)', 20000, (i) => many[i % 10000].at.toISOString());
const columns = { x: Array.from({ length: 10000 }, (_, i) => i), y: Array.from({ length: 10000 }, (_, i) => Math.sin(i)) };
time('JSON.stringify(2 columns of 10 000 numbers)', 20, () => JSON.stringify(columns));
const text = { body: 'line "one"\n\ttab — é 😀 '.repeat(2000) };
time('JSON.stringify(56 KB of text with escapes)', 200, () => JSON.stringify(text));
time('JSON.parse(JSON.stringify(20 records)) (deep copy)', 2000, () => JSON.parse(JSON.stringify(twenty)));
time('JSON.stringify(20 records, replacer function)', 2000, () => JSON.stringify(twenty, (k, v) => v));
