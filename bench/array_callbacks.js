// Per-call cost of array methods with a callback (vmjs wraps map, filter, forEach… to word errors as V8):
//   (cd bench && vmjs run array_callbacks.js && node array_callbacks.js)
const xs = [1, 2, 3]; const f = (x) => x + 1;
for (let round = 0; round < 3; round++) {
  let t = performance.now(); let n = 0;
  for (let i = 0; i < 200000; i++) n += xs.map(f).length + xs.filter(f).length;
  const small = (performance.now() - t) / 400000 * 1e3;
  const big = Array.from({ length: 1000000 }, (_, i) => i);
  t = performance.now(); big.map(f); big.forEach(f);
  const large = performance.now() - t;
  console.log(`round ${round}: 3-element map/filter ${small.toFixed(3)} µs a call; 1e6-element map+forEach ${large.toFixed(1)} ms`);
}
