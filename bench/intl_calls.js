// Per-call cost of Intl formatting, the same file under `vmjs run` and `node` (bench/RESULTS.md):
//   (cd bench && vmjs run intl_calls.js && node intl_calls.js)
const N = 2000;
const time = (label, f) => {
  f(0); // warm
  const t0 = performance.now();
  for (let i = 0; i < N; i++) f(i);
  const us = (performance.now() - t0) * 1000 / N;
  console.log(`${label.padEnd(48)} ${us.toFixed(1)} µs/call`);
};
const d = new Date(Date.UTC(2026, 0, 5, 14, 3, 9));
time('date.toLocaleDateString()', () => d.toLocaleDateString());
time("date.toLocaleString('en-US', {month:'short',...})", () => d.toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }));
const f = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
time('dtf.format(date) (one format, reused)', (i) => f.format(d.getTime() + i * 60000));
time("new Intl.DisplayNames('en', {type:'region'}).of('US')", () => new Intl.DisplayNames('en', { type: 'region' }).of('US'));
time('[1234.5, 6789].toLocaleString()', () => [1234.5, 6789].toLocaleString());
