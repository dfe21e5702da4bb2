const cases = [
  ['en', {notation:'scientific'}, 123456], ['en', {notation:'scientific'}, 0.000123456], ['en', {notation:'scientific'}, -987654321],
  ['en', {notation:'scientific'}, 0], ['en', {notation:'engineering'}, 123456], ['en', {notation:'engineering'}, 0.000123456],
  ['de', {notation:'scientific'}, 123456], ['en', {notation:'scientific', maximumFractionDigits: 1}, 123456],
  ['en', {notation:'scientific', minimumFractionDigits: 4}, 1.5], ['en', {notation:'scientific'}, 1e21],
  ['en', {notation:'scientific'}, -Infinity], ['en', {notation:'scientific'}, NaN], ['ar-EG', {notation:'scientific'}, 123456],
  ['ar-EG', {notation:'scientific'}, -0.000123456], ['fr', {notation:'engineering'}, 9999999], ['en', {notation:'scientific'}, 999999],
  ['en', {notation:'scientific'}, 12345678901234567890n], ['sv', {notation:'scientific'}, -0.000123456], ['fa', {notation:'scientific'}, 123456],
  ['en', {notation:'engineering'}, 999999.9], ['en', {notation:'engineering'}, -1e-7], ['uk', {notation:'scientific'}, 5e-324],
  ['en', {notation:'scientific'}, Number.MAX_VALUE], ['en', {notation:'scientific', maximumFractionDigits: 0}, 9.5],
  ['en', {notation:'scientific', maximumSignificantDigits: 2}, 123456], ['en', {notation:'scientific', minimumSignificantDigits: 4}, 1.5],
  ['en', {notation:'engineering', maximumSignificantDigits: 2}, 123456], ['en', {notation:'engineering', maximumSignificantDigits: 2}, 999999],
  ['en', {notation:'scientific', maximumSignificantDigits: 3, maximumFractionDigits: 1}, 123456],
  ['de', {notation:'scientific', minimumSignificantDigits: 3}, 0], ['en', {notation:'engineering', minimumSignificantDigits: 5}, -0.0123],
];
const a = JSON.stringify(cases.map(([l, o, n]) => [l, o, typeof n === 'bigint' ? String(n) + 'n' : n, new Intl.NumberFormat(l, o).format(n)]));
const b = JSON.stringify(new Intl.NumberFormat('ar-EG', {notation:'scientific'}).formatToParts(-0.000123456));
const c = JSON.stringify(new Intl.NumberFormat('en', {notation:'engineering', minimumFractionDigits: 2}).resolvedOptions());
const d = JSON.stringify(new Intl.NumberFormat('en', {notation:'scientific', maximumSignificantDigits: 2}).resolvedOptions());
const e = [{maximumSignificantDigits: 0}, {minimumSignificantDigits: 5, maximumSignificantDigits: 2}, {maximumSignificantDigits: 22}]
  .map((o) => { try { new Intl.NumberFormat('en', {notation: 'scientific', ...o}); return 'made'; } catch (error) { return String(error); } }).join('; ');
[a, b, c, d, e].join('\n')
