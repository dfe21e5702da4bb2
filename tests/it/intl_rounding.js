// Currency, percent, unit and scientific formats with ECMA-402's rounding, digit and sign options. Run by
// Node 20 this gave intl_rounding_node20.txt; the test evaluates it in a session and compares.
(() => {
  const lines = [];
  const locales = ['en-US', 'de-DE', 'fr-FR', 'ja-JP', 'ar-EG', 'hi-IN', 'es-ES', 'tr-TR'];
  const styles = [
    { style: 'currency', currency: 'USD' },
    { style: 'currency', currency: 'EUR', currencyDisplay: 'code' },
    { style: 'percent' },
    { style: 'unit', unit: 'kilometer' },
    { style: 'unit', unit: 'percent' },
    { notation: 'scientific' },
  ];
  const options = [
    { signDisplay: 'always' },
    { signDisplay: 'exceptZero' },
    { signDisplay: 'never' },
    { signDisplay: 'negative' },
    { maximumSignificantDigits: 3 },
    { minimumSignificantDigits: 2, maximumSignificantDigits: 2 },
    { minimumSignificantDigits: 5 },
    { minimumIntegerDigits: 4 },
    { trailingZeroDisplay: 'stripIfInteger' },
    { roundingMode: 'floor', maximumFractionDigits: 0 },
    { roundingMode: 'ceil', maximumFractionDigits: 1 },
    { roundingMode: 'halfEven', maximumFractionDigits: 0 },
    { roundingMode: 'trunc', maximumSignificantDigits: 2 },
    { roundingMode: 'halfTrunc', maximumFractionDigits: 1 },
  ];
  const values = [0, -0, 1, -2.5, 0.125, 1234.5678, -0.0004, 98765.4321, 3.5];
  // Left out: where vmjs's unit names or percent sign already differ from Node's without these options
  // (ICU4X's data: `2,5 km` with a plain space in French, `km` in Hindi and Arabic, Arabic's `‎%‎`).
  const differs = (locale, style) =>
    (style.style === 'unit' && ['fr-FR', 'hi-IN', 'ar-EG'].includes(locale)) ||
    (locale === 'ar-EG' && (style.style === 'percent' || style.unit === 'percent'));
  for (const locale of locales) {
    for (const style of styles.filter((style) => !differs(locale, style))) {
      for (const option of options) {
        const format = new Intl.NumberFormat(locale, { ...style, ...option });
        lines.push(`${locale} ${JSON.stringify({ ...style, ...option })}: ${values.map((v) => format.format(v)).join(' | ')}`);
      }
    }
  }
  // The signs of infinities and NaN.
  for (const style of [{ style: 'currency', currency: 'USD' }, { style: 'percent' }, { style: 'unit', unit: 'meter' }]) {
    for (const signDisplay of ['auto', 'always', 'exceptZero', 'never', 'negative']) {
      const format = new Intl.NumberFormat('en-US', { ...style, signDisplay });
      lines.push(`${JSON.stringify({ ...style, signDisplay })}: ${[Infinity, -Infinity, NaN].map((v) => format.format(v)).join(' | ')}`);
    }
  }
  const resolved = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', signDisplay: 'exceptZero', roundingMode: 'floor', trailingZeroDisplay: 'stripIfInteger', minimumIntegerDigits: 3, maximumSignificantDigits: 4 }).resolvedOptions();
  lines.push(['minimumIntegerDigits', 'minimumSignificantDigits', 'maximumSignificantDigits', 'signDisplay', 'roundingMode', 'trailingZeroDisplay'].map((k) => `${k}=${resolved[k]}`).join(' '));
  lines.push(JSON.stringify(new Intl.NumberFormat('en', { style: 'percent', signDisplay: 'always' }).formatToParts(0.5)));
  lines.push(JSON.stringify(new Intl.NumberFormat('de', { style: 'currency', currency: 'EUR', signDisplay: 'always' }).formatToParts(5)));
  for (const [name, value] of [['roundingMode', 'sideways'], ['signDisplay', 'sometimes'], ['trailingZeroDisplay', 'never'], ['minimumIntegerDigits', 22]]) {
    try { new Intl.NumberFormat('en', { style: 'percent', [name]: value }); lines.push(`${name} ${value}: accepted`); } catch (e) { lines.push(`${name} ${value}: ${e.name}`); }
  }
  return lines.join('\n');
})()
