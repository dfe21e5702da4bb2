// The first date formats of a fresh worker, in µs: the first ever (en-US), then two more locales (bench/RESULTS.md):
//   for i in 1 2 3 4 5; do vmjs run bench/first_date_format.js; done
const t0 = performance.now();
new Date(0).toLocaleDateString('en-US', { dateStyle: 'long', timeZone: 'UTC' });
const t1 = performance.now();
new Date(0).toLocaleDateString('de-DE', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const t2 = performance.now();
new Date(0).toLocaleDateString('fr-FR', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const t3 = performance.now();
console.log(((t1 - t0) * 1000).toFixed(0), ((t2 - t1) * 1000).toFixed(0), ((t3 - t2) * 1000).toFixed(0));
