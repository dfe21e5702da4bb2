// Writes tests/it/intl_dates_node20.json: how Node 20 (ICU 78.2, CLDR 48) formats dates in many locales and
// with many option sets, for vmjs's Intl.DateTimeFormat to be compared with (tests/it/intl_dates.rs).
//
//   node scripts/intl_dates_table.mjs > tests/it/intl_dates_node20.json
//
// Left out, as known differences of boa's ICU data rather than of the choice of pattern: Thai (Node's
// default calendar there is Buddhist), Korean and Traditional Chinese (ICU's data differs from CLDR's
// there), flexible day periods (`dayPeriod`), generic zone names, a fraction of seconds without minutes and
// seconds. (The test compares offsets without their minus sign's kind and bidirectional marks.)
let state = 20240305;
const random = (n) => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) % n);
};
const pick = (values) => values[random(values.length)];
const locales = ["en-US", "en-GB", "en-IN", "en-AU", "en-CA", "de-DE", "de-AT", "de-CH", "fr-FR", "fr-CA",
  "es-ES", "es-MX", "es-AR", "pt-BR", "pt-PT", "it-IT", "nl-NL", "sv-SE", "da-DK", "nb-NO", "fi-FI", "pl-PL",
  "cs-CZ", "ru-RU", "uk-UA", "tr-TR", "el-GR", "he-IL", "ar-EG", "hi-IN", "vi-VN", "id-ID", "ja-JP", "zh-CN",
  "hu-HU", "ro-RO", "de", "en", "fr", "ja", "zh", "es"];
const times = [Date.UTC(2024, 2, 5, 9, 5, 7, 123), Date.UTC(2023, 11, 31, 0, 0, 0), Date.UTC(2024, 6, 14, 12, 30, 45, 9),
  Date.UTC(1999, 0, 1, 23, 59, 59, 999)];
const zones = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo"];
const fields = {
  weekday: ["narrow", "short", "long"], era: ["narrow", "short", "long"], year: ["numeric", "2-digit"],
  month: ["numeric", "2-digit", "narrow", "short", "long"], day: ["numeric", "2-digit"],
  hour: ["numeric", "2-digit"], minute: ["numeric", "2-digit"], second: ["numeric", "2-digit"],
};
const STYLES = ["full", "long", "medium", "short"];
const cases = [];
const add = (locale, options, time) => {
  let expected;
  try {
    expected = new Intl.DateTimeFormat(locale, options).format(time);
  } catch (error) {
    expected = `${error.constructor.name}`;
  }
  cases.push([locale, options, time, expected]);
};
// What notebooks use most: the defaults, the styles and the usual component sets, in every locale.
const usual = [{}, { month: "short", day: "numeric" }, { year: "numeric", month: "short", day: "numeric" },
  { year: "numeric", month: "long" }, { weekday: "long" }, { hour: "numeric", minute: "2-digit" },
  { hour: "2-digit", minute: "2-digit", hour12: false }, { year: "2-digit", month: "2-digit", day: "2-digit" },
  { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
  { hour: "numeric", minute: "2-digit", second: "2-digit", hour12: true },
  { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" },
  ...STYLES.map((dateStyle) => ({ dateStyle })), ...STYLES.map((timeStyle) => ({ timeStyle })),
  { dateStyle: "medium", timeStyle: "short" }, { dateStyle: "long", timeStyle: "short" },
  { dateStyle: "full", timeStyle: "long" }, { timeStyle: "short", hourCycle: "h23" },
  { hour: "numeric", timeZoneName: "short" }, { timeZoneName: "long" }, { hour: "numeric", timeZoneName: "shortOffset" },
  { minute: "2-digit", second: "2-digit", fractionalSecondDigits: 3 }];
for (const locale of locales) {
  for (const options of usual) add(locale, { ...options, timeZone: "UTC" }, times[0]);
}
// And random combinations of every option.
while (cases.length < locales.length * usual.length + 1500) {
  const options = {};
  const kind = random(10);
  if (kind === 0) {
    options.dateStyle = pick(STYLES);
    if (random(2)) options.timeStyle = pick(STYLES);
  } else if (kind === 1) {
    options.timeStyle = pick(STYLES);
  } else {
    for (const [name, values] of Object.entries(fields)) {
      if (random(name === "era" ? 12 : 3) === 0) options[name] = pick(values);
    }
    if (random(12) === 0) options.timeZoneName = "long";
    if (options.minute && options.second && random(5) === 0) options.fractionalSecondDigits = 1 + random(3);
  }
  const clock = random(8);
  if (clock === 0) options.hour12 = true;
  else if (clock === 1) options.hour12 = false;
  else if (clock === 2) options.hourCycle = pick(["h11", "h12", "h23", "h24"]);
  options.timeZone = pick(zones);
  add(pick(locales), options, pick(times));
}
const generated_by = `node ${process.versions.node} (ICU ${process.versions.icu}, CLDR ${process.versions.cldr}): ` +
  "new Intl.DateTimeFormat(locale, options).format(time), or the error's class";
process.stdout.write(JSON.stringify({ generated_by, cases }, null, 0).replace(/\],\[/g, "],\n[") + "\n");
