// Writes core/src/runtime/intl/date_time_format/cldr_dates.txt: the Gregorian date and time patterns of
// every CLDR locale (Node 20's CLDR, 48.0) that vmjs's Intl.DateTimeFormat chooses patterns from, as ICU's
// pattern generator does in Node. Each locale keeps only what differs from its parent.
//
//   d=$(mktemp -d) && (cd "$d" && npm install --no-save cldr-dates-full@48.0.0 cldr-core@48.0.0) \
//     && node scripts/cldr_dates.mjs "$d/node_modules" > core/src/runtime/intl/date_time_format/cldr_dates.txt
//
// Format (UTF-8, one entry per line, TAB between key and value; `#` lines at the top are comments):
//   `~hours` then `REGION-OR-LOCALE <TAB> allowed <TAB> preferred` lines (supplemental timeData);
//   `~likely` then `LOCALE <TAB> REGION` lines: the likely region of each locale here without one
//   (supplemental likelySubtags: `de` → `DE`), whose hour preference it takes;
//   `@locale <TAB> parent` starts a locale; then `key <TAB> pattern`, where key is `d.full` … `d.short` (date
//   formats), `t.*` (time formats), `a.*` (the "atTime" date-time glue, which ICU's generator and styles use), `f.SKELETON`
//   (availableFormats, in CLDR's order), `p.FIELD` (appendItems) or `n.FIELD` (a field's display name). Variants (`-alt-*`, `-count-*`) are left out.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const modules = process.argv[2];
if (!modules) throw new Error("usage: node scripts/cldr_dates.mjs NODE_MODULES_DIR");
const read = (path) => JSON.parse(readFileSync(join(modules, path), "utf8"));
const main = join(modules, "cldr-dates-full", "main");
const parents = read("cldr-core/supplemental/parentLocales.json").supplemental.parentLocales.parentLocale;
const hours = read("cldr-core/supplemental/timeData.json").supplemental.timeData;
const likely = read("cldr-core/supplemental/likelySubtags.json").supplemental.likelySubtags;
const locales = readdirSync(main).sort();
const known = new Set(locales);
const STYLES = ["full", "long", "medium", "short"];
// The fields whose display names an appended field is labelled with (`{0} ({2}: {1})`).
const FIELD_NAMES = ["era", "year", "quarter", "month", "week", "weekday", "day", "dayperiod", "hour", "minute", "second", "zone"];

function entries(locale) {
  const g = read(`cldr-dates-full/main/${locale}/ca-gregorian.json`).main[locale].dates.calendars.gregorian;
  const out = [];
  for (const style of STYLES) out.push([`d.${style}`, g.dateFormats[style]]);
  for (const style of STYLES) out.push([`t.${style}`, g.timeFormats[style]]);
  for (const style of STYLES) out.push([`a.${style}`, g["dateTimeFormats-atTime"].standard[style]]);
  for (const [skeleton, pattern] of Object.entries(g.dateTimeFormats.availableFormats)) {
    if (!skeleton.includes("-")) out.push([`f.${skeleton}`, pattern]);
  }
  for (const [field, pattern] of Object.entries(g.dateTimeFormats.appendItems)) out.push([`p.${field}`, pattern]);
  const names = read(`cldr-dates-full/main/${locale}/dateFields.json`).main[locale].dates.fields;
  for (const field of FIELD_NAMES) out.push([`n.${field}`, names[field]?.displayName ?? field]);
  for (const entry of out) {
    // A pattern with its own numbering (`{ _value, _numbers: "M=romanlow" }`) keeps the pattern only.
    if (entry[1] && typeof entry[1] === "object") entry[1] = entry[1]._value;
    const [key, value] = entry;
    if (typeof value !== "string" || /[\t\n]/.test(value) || /[\t\n]/.test(key)) {
      throw new Error(`${locale} ${key}: ${JSON.stringify(value)}`);
    }
  }
  return out;
}

function parent(locale) {
  let candidate = locale;
  do {
    if (parents[candidate]) candidate = parents[candidate];
    else if (candidate.includes("-")) candidate = candidate.slice(0, candidate.lastIndexOf("-"));
    else candidate = "und";
  } while (candidate !== "und" && !known.has(candidate));
  return candidate;
}

// A locale in another script than its language's likely one (`zh-Hant`, `zh-Latn`) inherits from `und`, not
// from the language (CLDR's "nonlikelyScript" rule): seen here as a parent with skeletons the child lacks.
function icuParent(locale) {
  const up = parent(locale);
  const ownKeys = new Set(rawKeys(locale));
  return rawKeys(up).some((key) => !ownKeys.has(key)) || scriptDiffers(locale, up) ? "und" : up;
}

function rawKeys(locale) {
  const g = read(`cldr-dates-full/main/${locale}/ca-gregorian.json`).main[locale].dates.calendars.gregorian;
  return Object.keys(g.dateTimeFormats.availableFormats);
}

// `zh-Hant` under `zh` (Hans): a script subtag its parent's likely script is not.
function scriptDiffers(locale, up) {
  const script = locale.split("-").find((part) => /^[A-Z][a-z]{3}$/.test(part));
  if (!script || up === "und") return false;
  const upScript = (likely[up] ?? "").split("-")[1];
  return upScript !== undefined && upScript !== script;
}

const lines = [
  "# CLDR 48 (cldr-dates-full, cldr-core 48.0.0), © Unicode, Inc., under the Unicode License v3",
  "# (https://www.unicode.org/license.txt). Generated by scripts/cldr_dates.mjs: do not edit.",
  "~hours",
];
for (const [region, { _allowed, _preferred }] of Object.entries(hours).sort(([a], [b]) => (a < b ? -1 : 1))) {
  lines.push(`${region}\t${_allowed}\t${_preferred}`);
}
lines.push("~likely");
for (const locale of locales) {
  const maximal = likely[locale];
  const parts = locale.split("-");
  const hasRegion = parts.slice(1).some((part) => /^([A-Z]{2}|[0-9]{3})$/.test(part));
  if (maximal && !hasRegion) lines.push(`${locale}\t${maximal.split("-").at(-1)}`);
}
for (const locale of ["und", ...locales.filter((l) => l !== "und")]) {
  const own = entries(locale);
  if (locale === "und") {
    lines.push("@und\t");
    for (const [key, value] of own) lines.push(`${key}\t${value}`);
    continue;
  }
  const ownKeys = new Set(own.map(([key]) => key));
  const up = icuParent(locale);
  const inherited = new Map(entries(up));
  for (const key of inherited.keys()) {
    if (!ownKeys.has(key)) throw new Error(`${locale} lacks ${key} of ${up}`);
  }
  lines.push(`@${locale}\t${up}`);
  for (const [key, value] of own) if (inherited.get(key) !== value) lines.push(`${key}\t${value}`);
}
process.stdout.write(lines.join("\n") + "\n");
