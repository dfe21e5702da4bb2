// Per-call cost of what errors and their wording add, the same file under `vmjs run` and `node` (bench/RESULTS.md):
//   (cd bench && vmjs run error_calls.js && node error_calls.js)
const N = 2000;
const time = (label, f) => {
  try { f(0); } catch (e) { console.log(`${label.padEnd(52)} throws ${e.name}`); return; } // warm
  const t0 = performance.now();
  for (let i = 0; i < N; i++) f(i);
  const us = (performance.now() - t0) * 1000 / N;
  console.log(`${label.padEnd(52)} ${us.toFixed(1)} µs/call`);
};
const rows = [{}, { a: { b: 1 } }];
time("try { row.a.b } catch (e) { e.message } (boa's vague)", (i) => {
  try { return rows[0].a.b; } catch (e) { return e.message; }
});
time("try { notDefined } catch (e) { e.message } (explained)", () => {
  try { return notDefined; } catch (e) { return e.message; }
});
time("try { throw new Error('x') } catch (e) { e.message }", () => {
  try { throw new Error('x'); } catch (e) { return e.message; }
});
time('try { rows[1].a.b } catch (e) {} (nothing thrown)', () => {
  try { return rows[1].a.b; } catch (e) { return e; }
});
time('Promise.resolve(i).then(f, g) (a rejection handler)', (i) => Promise.resolve(i).then((x) => x, (e) => e));
time('Promise.resolve(i).then(f)', (i) => Promise.resolve(i).then((x) => x));
const text = JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ id: i, name: `row ${i}`, ok: i % 2 === 0 })));
time(`JSON.parse(${text.length} bytes of valid JSON)`, () => JSON.parse(text));
time(`JSON.parse(${text.length} bytes, invalid at the end)`, () => {
  try { return JSON.parse(text + ','); } catch (e) { return e.message; }
});
const value = JSON.parse(text);
time('JSON.stringify(20 records)', () => JSON.stringify(value));
const circular = { x: { y: [] } };
circular.x.y.push(circular);
time('JSON.stringify(circular) (the error)', () => {
  try { return JSON.stringify(circular); } catch (e) { return e.message; }
});
