// Per-call cost of Intl formatting, the same file under `vmjs run` and `node` (bench/RESULTS.md):
//   (cd bench && vmjs run intl_calls.js && node intl_calls.js)
const N = 2000;
const time = (label, f) => {
  try { f(0); } catch (e) { console.log(`${label.padEnd(48)} throws ${e.name}`); return; } // warm
  const t0 = performance.now();
  for (let i = 0; i < N; i++) f(i);
  const us = (performance.now() - t0) * 1000 / N;
  console.log(`${label.padEnd(48)} ${us.toFixed(1)} µs/call`);
};
const d = new Date(Date.UTC(2026, 0, 5, 14, 3, 9));
time('date.toLocaleDateString()', () => d.toLocaleDateString());
time("date.toLocaleString('en-US', {month:'short',...})", () => d.toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }));
time("date.toLocaleDateString('de-DE')", () => d.toLocaleDateString('de-DE'));
time("new Intl.DateTimeFormat('de', {month:'short',day:'numeric'})", () => new Intl.DateTimeFormat('de', { month: 'short', day: 'numeric' }));
const f = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
time('dtf.format(date) (one format, reused)', (i) => f.format(d.getTime() + i * 60000));
time("new Intl.DisplayNames('en', {type:'region'}).of('US')", () => new Intl.DisplayNames('en', { type: 'region' }).of('US'));
time('[1234.5, 6789].toLocaleString()', () => [1234.5, 6789].toLocaleString());
const nf = new Intl.NumberFormat('en-US');
time('nf.formatToParts(1234.5) (one format, reused)', (i) => nf.formatToParts(1234.5 + i));
time("(5).toLocaleString('en', {style:'unit', unit:'kilometer'})", (i) => (5 + i).toLocaleString('en', { style: 'unit', unit: 'kilometer' }));
time('String(date) (with the zone name)', (i) => String(new Date(d.getTime() + i)));
time("new Date('1/15/2020 10:30') (V8's legacy form)", (i) => new Date(`1/${1 + (i % 28)}/2020 10:30`));
time("new Date('2020-01-15T10:30:00Z') (ISO)", () => new Date('2020-01-15T10:30:00Z'));
const latin = new Uint8Array(1024).map((_, i) => 32 + (i % 200));
time("new TextDecoder('latin1').decode(1 KiB)", () => new TextDecoder('latin1').decode(latin));
const ascii = latin.map((b) => b & 0x7f);
time('new TextDecoder().decode(1 KiB UTF-8)', () => new TextDecoder().decode(ascii));
