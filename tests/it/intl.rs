//! ECMA-402 `Intl` (boa's, with its bundled ICU data): what notebooks print with it, checked against Node's
//! output for the same code, and the default locale a session uses.

use vmjs_core::model::Template;

use super::{Env, value};

/// Code and what Node 22 (ICU 74, `LANG=en_US.UTF-8`) prints for it.
const LIKE_NODE: &[(&str, &str)] = &[
    ("(61290).toLocaleString()", "'61,290'"),
    // A numbering system asked for is used (boa reported it and printed Latin digits, or the locale's own).
    (
        "new Intl.NumberFormat('en-US', { numberingSystem: 'deva' }).format(1234.5)",
        "'१,२३४.५'",
    ),
    (
        "new Intl.NumberFormat('ar-EG', { numberingSystem: 'latn' }).format(1234.5)",
        "'1,234.5'",
    ),
    (
        "(12).toLocaleString('en-US', { numberingSystem: 'thai' })",
        "'๑๒'",
    ),
    (
        "new Intl.NumberFormat('en-US', { numberingSystem: 'beng' }).resolvedOptions().numberingSystem",
        "'beng'",
    ),
    (
        "(1234.5).toLocaleString('en-US', { minimumFractionDigits: 2 })",
        "'1,234.50'",
    ),
    (
        "12345678901234567890n.toLocaleString()",
        "'12,345,678,901,234,567,890'",
    ),
    (
        "new Intl.NumberFormat('de-DE').format(1234567.891)",
        "'1.234.567,891'",
    ),
    (
        "new Intl.NumberFormat('en', { notation: 'compact' }).format(12345)",
        "'12K'",
    ),
    (
        "['b', 'C', 'a'].sort((x, y) => x.localeCompare(y))",
        "[ 'a', 'b', 'C' ]",
    ),
    (
        "['b', 'C', 'a'].sort(new Intl.Collator('en').compare)",
        "[ 'a', 'b', 'C' ]",
    ),
    ("'ä'.localeCompare('z', 'de')", "-1"),
    ("new Intl.PluralRules('en').select(1)", "'one'"),
    (
        "new Intl.PluralRules('en', { type: 'ordinal' }).select(2)",
        "'two'",
    ),
    (
        "new Intl.ListFormat('en').format(['a', 'b', 'c'])",
        "'a, b, and c'",
    ),
    ("'i'.toLocaleUpperCase('tr')", "'İ'"),
    (
        "new Date(0).toLocaleDateString('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })",
        "'Thursday, January 1, 1970'",
    ),
    (
        "new Date(0).toLocaleString('en-GB', { timeZone: 'UTC' })",
        "'01/01/1970, 00:00:00'",
    ),
    (
        "new Date(0).toLocaleTimeString('en-US', { timeZone: 'UTC' })",
        "'12:00:00 AM'",
    ),
    (
        "new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(0))",
        "'Jan 1, 1970'",
    ),
    (
        "new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeStyle: 'short' }).format(new Date(0))",
        "'7:00 PM'",
    ),
    // Dates as Node prints them (vmjs's DateTimeFormat on ICU4X; boa 0.22 printed '1/1/70', left '2-digit'
    // unpadded, ignored hour12 and printed zone names as 'GMT+?')
    ("new Date(0).toLocaleDateString()", "'1/1/1970'"),
    ("new Date(0).toLocaleString()", "'1/1/1970, 12:00:00 AM'"),
    (
        "new Date(Date.UTC(2026, 0, 5, 14, 3, 9)).toLocaleDateString('en-US', { year: '2-digit', month: '2-digit', day: '2-digit' })",
        "'01/05/26'",
    ),
    (
        "new Date(Date.UTC(2026, 0, 5, 14, 3, 9)).toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' })",
        "'02:03 PM'",
    ),
    (
        "[{ hour12: false }, { hourCycle: 'h23' }].map((o) => new Date(Date.UTC(2026, 0, 5, 14, 3, 9)).toLocaleTimeString('en-US', o))",
        "[ '14:03:09', '14:03:09' ]",
    ),
    (
        "new Date(Date.UTC(2026, 0, 5, 14, 3, 9)).toLocaleString('en-US', { timeZone: 'America/New_York', timeZoneName: 'short' })",
        "'1/5/2026, 9:03:09 AM EST'",
    ),
    (
        "new Date(Date.UTC(2026, 0, 5, 14, 3, 9)).toLocaleString('en-US', { timeZone: 'Asia/Kolkata', timeZoneName: 'shortOffset' })",
        "'1/5/2026, 7:33:09 PM GMT+5:30'",
    ),
    (
        "new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'full', timeZone: 'America/Los_Angeles' }).format(0)",
        "'Wednesday, December 31, 1969 at 4:00:00 PM Pacific Standard Time'",
    ),
    (
        "JSON.stringify(new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: 'numeric' }).formatToParts(Date.UTC(2026, 0, 5, 14, 3, 9)))",
        "'[{\"type\":\"hour\",\"value\":\"2\"},{\"type\":\"literal\",\"value\":\":\"},{\"type\":\"minute\",\"value\":\"03\"},{\"type\":\"literal\",\"value\":\" \"},{\"type\":\"dayPeriod\",\"value\":\"PM\"}]'",
    ),
    (
        "JSON.stringify(new Intl.DateTimeFormat('en-US', { timeZone: 'UTC' }).resolvedOptions())",
        "'{\"locale\":\"en-US\",\"calendar\":\"gregory\",\"numberingSystem\":\"latn\",\"timeZone\":\"UTC\",\"year\":\"numeric\",\"month\":\"numeric\",\"day\":\"numeric\"}'",
    ),
    (
        "JSON.stringify(new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: 'numeric', timeZone: 'UTC' }).resolvedOptions())",
        "'{\"locale\":\"en-US\",\"calendar\":\"gregory\",\"numberingSystem\":\"latn\",\"timeZone\":\"UTC\",\"hourCycle\":\"h12\",\"hour12\":true,\"hour\":\"numeric\",\"minute\":\"2-digit\"}'",
    ),
    (
        "new Intl.DateTimeFormat('en-GB', { hour: 'numeric' }).resolvedOptions().hourCycle",
        "'h23'",
    ),
    (
        "(() => { const f = new Intl.DateTimeFormat(); return [f.format === f.format, Object.getPrototypeOf(f) === Intl.DateTimeFormat.prototype] })()",
        "[ true, true ]",
    ),
    (
        "(() => { class F extends Intl.DateTimeFormat {}; const f = new F('en-US'); return [f instanceof F, f.format(0)] })()",
        "[ true, '1/1/1970' ]",
    ),
    (
        "[new Date(NaN).toLocaleString(), new Intl.DateTimeFormat('en-US', { month: 'long' }).format(0), new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short' }).format(0)]",
        "[ 'Invalid Date', 'January', 'Jan 1970' ]",
    ),
    (
        "[new Intl.DateTimeFormat('en-US', { era: 'short', year: 'numeric' }).format(0), new Intl.DateTimeFormat('ar-EG').format(0)]",
        "[ '1970 AD', '١\u{200f}/١\u{200f}/١٩٧٠' ]",
    ),
    // Currencies, percents and relative times (vmjs on ICU4X; boa has none of them)
    (
        "[NaN, -Infinity].map(new Intl.NumberFormat('de-DE', { style: 'percent' }).format)",
        "[ 'NaN\u{a0}%', '-∞\u{a0}%' ]",
    ),
    (
        "(() => { class X extends Intl.NumberFormat { hi() { return this.format(1234.5) } }; return new X('en').hi() })()",
        "'1,234.5'",
    ),
    (
        "(1234.5).toLocaleString('en-US', { style: 'currency', currency: 'USD' })",
        "'$1,234.50'",
    ),
    (
        "new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(-1234.5)",
        "'-1.234,50\u{a0}€'",
    ),
    (
        "new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' }).format(1234.5)",
        "'￥1,235'",
    ),
    (
        "new Intl.NumberFormat('en-US', { style: 'currency', currency: 'usd', maximumFractionDigits: 0 }).format(1234.5)",
        "'$1,235'",
    ),
    (
        "new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR', currencyDisplay: 'code' }).format(12)",
        "'EUR\u{a0}12.00'",
    ),
    (
        "[1, 12].map(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', currencyDisplay: 'name' }).format)",
        "[ '1.00 US dollars', '12.00 US dollars' ]",
    ),
    (
        "new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' }).format(12345678.9)",
        "'₹1,23,45,678.90'",
    ),
    (
        "new Intl.NumberFormat('ar-EG', { style: 'currency', currency: 'EGP' }).format(12.5)",
        "'\u{200f}١٢٫٥٠\u{a0}ج.م.\u{200f}'",
    ),
    (
        "new Intl.NumberFormat('en-US', { style: 'currency', currency: 'BHD' }).format(1.23456)",
        "'BHD\u{a0}1.235'",
    ),
    (
        "new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(12345678901234567890n)",
        "'$12,345,678,901,234,567,890.00'",
    ),
    (
        "[0.256, 0.07, -0.5, 2.5].map(new Intl.NumberFormat('en-US', { style: 'percent' }).format)",
        "[ '26%', '7%', '-50%', '250%' ]",
    ),
    (
        "new Intl.NumberFormat('de-DE', { style: 'percent', maximumFractionDigits: 1 }).format(0.2567)",
        "'25,7\u{a0}%'",
    ),
    (
        "(0.5).toLocaleString(undefined, { style: 'percent' })",
        "'50%'",
    ),
    (
        "new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).resolvedOptions().maximumFractionDigits",
        "2",
    ),
    (
        "new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }) instanceof Intl.NumberFormat",
        "true",
    ),
    // Units (vmjs on ICU4X's unit names; boa printed a bare number for every unit)
    (
        "[1234.5678, 1, -2].map(new Intl.NumberFormat('en', { style: 'unit', unit: 'kilometer' }).format)",
        "[ '1,234.568 km', '1 km', '-2 km' ]",
    ),
    (
        "[1, 2, Infinity].map(new Intl.NumberFormat('en', { style: 'unit', unit: 'hour', unitDisplay: 'long' }).format)",
        "[ '1 hour', '2 hours', '∞ hours' ]",
    ),
    (
        "[new Intl.NumberFormat('en', { style: 'unit', unit: 'foot', unitDisplay: 'long' }).format(1), new Intl.NumberFormat('en', { style: 'unit', unit: 'fluid-ounce', unitDisplay: 'long' }).format(3), new Intl.NumberFormat('en', { style: 'unit', unit: 'kilogram' }).format(NaN)]",
        "[ '1 foot', '3 fluid ounces', 'NaN kg' ]",
    ),
    (
        "[1, 2, 5].map(new Intl.NumberFormat('ru', { style: 'unit', unit: 'kilometer', unitDisplay: 'long' }).format)",
        "[ '1 километр', '2 километра', '5 километров' ]",
    ),
    (
        "[new Intl.NumberFormat('de', { style: 'unit', unit: 'gram' }).format(1234.5), new Intl.NumberFormat('ja', { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(3), new Intl.NumberFormat('fr', { style: 'unit', unit: 'second', unitDisplay: 'narrow' }).format(3)]",
        "[ '1.234,5 g', '3 分', '3s' ]",
    ),
    (
        "[new Intl.NumberFormat('en', { style: 'unit', unit: 'percent' }).format(50), (5).toLocaleString('en', { style: 'unit', unit: 'mile-scandinavian' }), (1).toLocaleString('en', { style: 'unit', unit: 'kilometer', minimumFractionDigits: 2 })]",
        "[ '50%', '5 smi', '1.00 km' ]",
    ),
    (
        "[2, 1.5].map(new Intl.NumberFormat('en-GB', { style: 'unit', unit: 'kilometer', unitDisplay: 'long', maximumFractionDigits: 0 }).format)",
        "[ '2 kilometres', '2 kilometres' ]",
    ),
    (
        "JSON.stringify(new Intl.NumberFormat('en', { style: 'unit', unit: 'kilometer', unitDisplay: 'long' }).resolvedOptions())",
        r#"'{"locale":"en","numberingSystem":"latn","style":"unit","unit":"kilometer","unitDisplay":"long","minimumIntegerDigits":1,"minimumFractionDigits":0,"maximumFractionDigits":3,"useGrouping":"auto","notation":"standard","signDisplay":"auto","roundingMode":"halfExpand","roundingIncrement":1,"trailingZeroDisplay":"auto","roundingPriority":"auto"}'"#,
    ),
    // NumberFormat formatToParts (vmjs cuts what format gives with the locale's ICU4X symbols; boa had none),
    // NaN and infinities (boa's format threw a RangeError), one bound format per object.
    (
        "new Intl.NumberFormat('en-US').formatToParts(-1234567.891).map((p) => `${p.type}:${p.value}`).join(' ')",
        "'minusSign:- integer:1 group:, integer:234 group:, integer:567 decimal:. fraction:891'",
    ),
    (
        "new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).formatToParts(1234.5).map((p) => `${p.type}:${p.value}`).join(' ')",
        "'integer:1 group:. integer:234 decimal:, fraction:50 literal:\u{a0} currency:€'",
    ),
    (
        "new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).formatToParts(-1234.5).map((p) => `${p.type}:${p.value}`).join(' ')",
        "'minusSign:- currency:$ integer:1 group:, integer:234 decimal:. fraction:50'",
    ),
    (
        "new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', currencyDisplay: 'name' }).formatToParts(1).map((p) => `${p.type}:${p.value}`).join(' ')",
        "'integer:1 decimal:. fraction:00 literal:  currency:US dollars'",
    ),
    (
        "new Intl.NumberFormat('de', { style: 'percent' }).formatToParts(-0.256).map((p) => `${p.type}:${p.value}`).join(' ')",
        "'minusSign:- integer:26 literal:\u{a0} percentSign:%'",
    ),
    (
        "new Intl.NumberFormat('en', { style: 'unit', unit: 'fluid-ounce', unitDisplay: 'long' }).formatToParts(3).map((p) => `${p.type}:${p.value}`).join(' ')",
        "'integer:3 literal:  unit:fluid ounces'",
    ),
    (
        "new Intl.NumberFormat('de', { notation: 'compact' }).formatToParts(1234567).map((p) => `${p.type}:${p.value}`).join(' ')",
        "'integer:1 decimal:, fraction:2 literal:\u{a0} compact:Mio.'",
    ),
    (
        "new Intl.NumberFormat('en', { signDisplay: 'always' }).formatToParts(5).map((p) => `${p.type}:${p.value}`).join(' ')",
        "'plusSign:+ integer:5'",
    ),
    (
        "new Intl.NumberFormat('ar-EG').formatToParts(-1234.5).map((p) => p.type).join(' ')",
        "'literal minusSign integer group integer decimal fraction'",
    ),
    (
        "new Intl.NumberFormat('en-IN').formatToParts(12345678n).map((p) => p.value).join('|')",
        "'1|,|23|,|45|,|678'",
    ),
    (
        "new Intl.NumberFormat('en').formatToParts(-Infinity)",
        "[ { type: 'minusSign', value: '-' }, { type: 'infinity', value: '∞' } ]",
    ),
    (
        "[NaN, Infinity, -Infinity, 1].map(new Intl.NumberFormat('en').format)",
        "[ 'NaN', '∞', '-∞', '1' ]",
    ),
    (
        "[NaN, Infinity, -Infinity].map(new Intl.NumberFormat('en', { signDisplay: 'always' }).format)",
        "[ '+NaN', '+∞', '-∞' ]",
    ),
    (
        "[NaN, -Infinity].map((n) => n.toLocaleString('sv'))",
        "[ 'NaN', '\u{2212}∞' ]",
    ),
    (
        "[Infinity.toLocaleString(), (-Infinity).toLocaleString('de', { maximumFractionDigits: 1 })]",
        "[ '∞', '-∞' ]",
    ),
    (
        "(() => { const nf = new Intl.NumberFormat('en'); const pf = new Intl.NumberFormat('en', { style: 'percent' }); return [nf.format === nf.format, pf.format === pf.format, nf.format === pf.format] })()",
        "[ true, true, false ]",
    ),
    (
        "new Intl.NumberFormat('en').format('1234567890.123456789')",
        "'1,234,567,890.123'",
    ),
    ("Intl.NumberFormat('en-US').format(1234.5)", "'1,234.5'"),
    (
        "new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(-1, 'day')",
        "'yesterday'",
    ),
    (
        "new Intl.RelativeTimeFormat('en').format(-1, 'days')",
        "'1 day ago'",
    ),
    (
        "new Intl.RelativeTimeFormat('en', { style: 'short' }).format(3, 'month')",
        "'in 3 mo.'",
    ),
    (
        "new Intl.RelativeTimeFormat('de').format(2, 'year')",
        "'in 2 Jahren'",
    ),
    (
        "new Intl.RelativeTimeFormat('en').format(1.23456, 'hour')",
        "'in 1.235 hours'",
    ),
    (
        "JSON.stringify(new Intl.RelativeTimeFormat('en-US').resolvedOptions())",
        "'{\"locale\":\"en-US\",\"style\":\"long\",\"numeric\":\"always\",\"numberingSystem\":\"latn\"}'",
    ),
    (
        "Object.prototype.toString.call(new Intl.RelativeTimeFormat())",
        "'[object Intl.RelativeTimeFormat]'",
    ),
    // Arrays join their elements' locale strings with ',' (boa joined with ', ')
    (
        "[1234.5, 6789, null, undefined, 'x'].toLocaleString('en-US')",
        "'1,234.5,6,789,,,x'",
    ),
    (
        "new Float64Array([1234.5, 2]).toLocaleString('de-DE')",
        "'1.234,5,2'",
    ),
    (
        "(() => { const a = [1]; a.push(a, [a]); return a.toLocaleString() })()",
        "'1,,'",
    ),
    // Display names (vmjs on ICU4X; boa has none)
    (
        "['US', '419', 'GB'].map((c) => new Intl.DisplayNames('en', { type: 'region' }).of(c))",
        "[ 'United States', 'Latin America', 'United Kingdom' ]",
    ),
    (
        "[new Intl.DisplayNames('de', { type: 'region' }).of('US'), new Intl.DisplayNames('ja', { type: 'region' }).of('US')]",
        "[ 'Vereinigte Staaten', 'アメリカ合衆国' ]",
    ),
    (
        "new Intl.DisplayNames('en', { type: 'region', style: 'short' }).of('GB')",
        "'UK'",
    ),
    (
        "['en-US', 'EN-us', 'fr', 'zh-Hant', 'es-419', 'sr-Latn'].map((c) => new Intl.DisplayNames('en', { type: 'language' }).of(c))",
        "[\n  'American English',\n  'American English',\n  'French',\n  'Traditional Chinese',\n  'Latin American Spanish',\n  'Serbian (Latin)'\n]",
    ),
    (
        "new Intl.DisplayNames('en', { type: 'language', languageDisplay: 'standard' }).of('en-US')",
        "'English (United States)'",
    ),
    (
        "new Intl.DisplayNames('de', { type: 'language' }).of('en-US')",
        "'Englisch (Vereinigte Staaten)'",
    ),
    (
        "new Intl.DisplayNames('en', { type: 'script' }).of('Latn')",
        "'Latin'",
    ),
    (
        "[new Intl.DisplayNames('en', { type: 'currency' }).of('EUR'), new Intl.DisplayNames('en', { type: 'currency' }).of('usd'), new Intl.DisplayNames('de', { type: 'currency' }).of('USD')]",
        "[ 'Euro', 'US Dollar', 'US-Dollar' ]",
    ),
    (
        "[new Intl.DisplayNames('en', { type: 'region' }).of('AA'), new Intl.DisplayNames('en', { type: 'region', fallback: 'none' }).of('AA'), new Intl.DisplayNames('en', { type: 'currency' }).of('XYZ')]",
        "[ 'AA', undefined, 'XYZ' ]",
    ),
    (
        "[new Intl.DisplayNames('en', { type: 'language' }).of('xx'), new Intl.DisplayNames('en', { type: 'language', fallback: 'none' }).of('xx-US')]",
        "[ 'xx', undefined ]",
    ),
    (
        "JSON.stringify(new Intl.DisplayNames('en', { type: 'language' }).resolvedOptions())",
        "'{\"locale\":\"en\",\"style\":\"long\",\"type\":\"language\",\"fallback\":\"code\",\"languageDisplay\":\"dialect\"}'",
    ),
    (
        "[Object.prototype.toString.call(new Intl.DisplayNames('en', { type: 'region' })), Intl.DisplayNames.length, Intl.DisplayNames.supportedLocalesOf(['en-US'])]",
        "[ '[object Intl.DisplayNames]', 2, [ 'en-US' ] ]",
    ),
    // Time zones by their IANA names (boa 0.22 gives its BCP 47 ids: 'usnyc')
    (
        "['America/New_York', 'america/new_york', 'UTC', 'Etc/UTC', 'GMT', 'Europe/Paris', '+05:30'].map((timeZone) => new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone)",
        "[\n  'America/New_York',\n  'America/New_York',\n  'UTC',\n  'UTC',\n  'UTC',\n  'Europe/Paris',\n  '+05:30'\n]",
    ),
];

#[test]
fn intl_formats_numbers_dates_lists_and_compares_strings_as_node_does() {
    let env = Env::new();
    let mut template = Template::new("t");
    template.options.deterministic = true;
    let session = env.session(template);
    let mut wrong = Vec::new();
    for (code, node) in LIKE_NODE {
        let got = value(&session, code);
        if got != *node {
            wrong.push(format!("{code}\n  node: {node}\n  vmjs: {got}"));
        }
    }
    assert!(wrong.is_empty(), "differs from Node:\n{}", wrong.join("\n"));
}

/// Every sanctioned unit and some compounds, short, long and narrow, as Node 20 prints them in American
/// English (`intl_units_en_us_node20.json`, made by Node in one run).
#[test]
fn american_english_unit_names_are_nodes() {
    let node: serde_json::Value =
        serde_json::from_str(include_str!("intl_units_en_us_node20.json")).expect("Node's table");
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let units = node["units"].to_string();
    let mut wrong = Vec::new();
    for width in ["short", "long", "narrow"] {
        let code = format!(
            "JSON.stringify({units}.map(u => [1, 2.5, -1, 1234.5].map(n => new Intl.NumberFormat('en-US', \
             {{ style: 'unit', unit: u, unitDisplay: '{width}' }}).format(n))))"
        );
        // The JSON text as a string prints between single quotes (it holds none).
        let printed = value(&session, &code);
        let got: serde_json::Value =
            serde_json::from_str(&printed[1..printed.len() - 1]).expect("JSON");
        for (index, unit) in node["units"].as_array().expect("units").iter().enumerate() {
            if got[index] != node[width][index] {
                wrong.push(format!(
                    "{unit} {width}: node {} vmjs {}",
                    node[width][index], got[index]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "differs from Node:\n{}", wrong.join("\n"));
}

/// Makes `LANG` this test process's (and so its workers') only locale variable.
fn host_locale(lang: &str) {
    // SAFETY: nextest runs each test in its own process; this runs before any thread of the test starts.
    unsafe {
        for name in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
            std::env::remove_var(name);
        }
        std::env::set_var("LANG", lang);
    }
}

#[test]
fn the_default_locale_is_the_hosts_and_en_us_in_deterministic_mode() {
    host_locale("de_DE.UTF-8");
    let env = Env::new();
    // boa resolves de-DE to the best locale it has data for, `de` (Node says `de-DE`).
    let probe = "[new Intl.NumberFormat().resolvedOptions().locale, (1234.5).toLocaleString()]";
    let host = env.session(Template::new("host"));
    assert_eq!(value(&host, probe), "[ 'de', '1.234,5' ]");
    let mut template = Template::new("fixed");
    template.options.deterministic = true;
    let fixed = env.session(template);
    assert_eq!(value(&fixed, probe), "[ 'en-US', '1,234.5' ]");
}

#[test]
fn a_c_locale_gives_en_us_not_the_root_locale() {
    host_locale("C.UTF-8");
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(
        value(&session, "Intl.DateTimeFormat().resolvedOptions().locale"),
        "'en-US'"
    );
}

#[test]
fn a_styled_number_format_refuses_what_it_cannot_honour_and_names_it() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let error = |code: &str| {
        value(
            &session,
            &format!(
                "(() => {{ try {{ {code}; return 'no error' }} catch (e) {{ return `${{e.name}}: ${{e.message}}` }} }})()"
            ),
        )
    };
    assert_eq!(
        error("new Intl.NumberFormat('en', { style: 'currency' })"),
        "'TypeError: Currency code is required with currency style.'"
    );
    assert_eq!(
        error("new Intl.NumberFormat('en', { style: 'currency', currency: 'US' })"),
        "'RangeError: Invalid currency code : US'"
    );
    assert_eq!(
        error(
            "(1).toLocaleString('en', { style: 'currency', currency: 'USD', notation: 'compact' })"
        ),
        "'RangeError: Intl.NumberFormat: notation \"compact\" is not supported by vmjs with style \"currency\" yet'"
    );
    assert_eq!(
        error(
            "new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 3, maximumFractionDigits: 1 })"
        ),
        "'RangeError: maximumFractionDigits value is out of range.'"
    );
    assert_eq!(
        error("new Intl.NumberFormat('en', { style: 'unit' })"),
        "\"TypeError: Invalid unit argument for Intl.NumberFormat() ''\""
    );
    for unit in [
        "furlong",
        "Kilometer",
        "kilometer-per-",
        "hour-per-hour-per-hour",
    ] {
        assert_eq!(
            error(&format!(
                "new Intl.NumberFormat('en', {{ style: 'unit', unit: '{unit}' }})"
            )),
            format!("\"RangeError: Invalid unit argument for Intl.NumberFormat() '{unit}'\"")
        );
    }
    // Sanctioned units without names in ICU4X's data have American English names only; elsewhere they are
    // refused, not printed as a bare number (nor with American names: British English says `kilometres`).
    for (locale, unit) in [
        ("de", "kilobyte"),
        ("fr", "celsius"),
        ("en-GB", "kilometer-per-hour"),
    ] {
        assert_eq!(
            error(&format!(
                "(1).toLocaleString('{locale}', {{ style: 'unit', unit: '{unit}' }})"
            )),
            format!(
                "'RangeError: Intl.NumberFormat: unit \"{unit}\" is not supported by vmjs yet in this locale (its \
                 ICU4X data has the names of lengths, areas, volumes, masses and durations only; vmjs has American \
                 English names of the others)'"
            )
        );
    }
    assert_eq!(
        error("new Intl.NumberFormat('en', { style: 'unit', unit: 'meter', unitDisplay: 'wide' })"),
        "'RangeError: Value wide out of range for Intl.NumberFormat options property unitDisplay'"
    );
    assert_eq!(
        error("new Intl.NumberFormat('en', { style: 'unit', unit: 'meter', useGrouping: false })"),
        "'RangeError: Intl.NumberFormat: useGrouping \"false\" is not supported by vmjs with style \"unit\" yet'"
    );
    for (code, method) in [
        (
            "Intl.NumberFormat.prototype.formatToParts.call({}, 1)",
            "formatToParts",
        ),
        (
            "Object.getOwnPropertyDescriptor(Intl.NumberFormat.prototype, 'format').get.call(new Date())",
            "format",
        ),
    ] {
        assert_eq!(
            error(code),
            format!(
                "'TypeError: Method Intl.NumberFormat.prototype.{method} called on incompatible receiver'"
            )
        );
    }
    // Exponents are formatted for the decimal style; beside a percent or a currency they are refused.
    assert_eq!(
        error("(12.5).toLocaleString('en', { style: 'percent', notation: 'scientific' })"),
        "'RangeError: Intl.NumberFormat: notation \"scientific\" is not supported by vmjs with style \"percent\" yet'"
    );
    assert_eq!(
        error("new Intl.RelativeTimeFormat('en').format(1, 'fortnight')"),
        "\"RangeError: Invalid unit argument for Intl.RelativeTimeFormat.prototype.format() 'fortnight'\""
    );
    assert_eq!(
        error("new Intl.DateTimeFormat('en', { timeZone: 'Mars/Base' })"),
        "'RangeError: Invalid time zone specified: Mars/Base'"
    );
    assert_eq!(
        error("new Intl.DateTimeFormat('en', { dateStyle: 'short', year: 'numeric' })"),
        "\"TypeError: Can't set option year when dateStyle or timeStyle is used\""
    );
    assert_eq!(
        error("new Intl.DateTimeFormat('en', { month: 'longest' })"),
        "'RangeError: Value longest out of range for Intl.DateTimeFormat options property month'"
    );
    for time in ["NaN", "8.64e15 + 1", "Infinity"] {
        assert_eq!(
            error(&format!("new Intl.DateTimeFormat('en').format({time})")),
            "'RangeError: Invalid time value'"
        );
    }
    assert_eq!(
        error("Intl.DateTimeFormat.prototype.formatToParts.call({}, 0)"),
        "'TypeError: Method Intl.DateTimeFormat.prototype.formatToParts called on incompatible receiver'"
    );
    assert_eq!(
        error("Date.prototype.toLocaleString.call({})"),
        "'TypeError: this is not a Date object.'"
    );
    assert_eq!(
        error("new Intl.DisplayNames('en')"),
        "'TypeError: Intl.DisplayNames: the options must be an object with a type'"
    );
    assert_eq!(
        error("new Intl.DisplayNames('en', { style: 'short' })"),
        "'TypeError: Intl.DisplayNames: the option type is required'"
    );
    assert_eq!(
        error("new Intl.DisplayNames('en', { type: 'calendar' })"),
        "'RangeError: Intl.DisplayNames: type \"calendar\" is not supported by vmjs yet (language, region, script and currency are)'"
    );
    assert_eq!(
        error("new Intl.DisplayNames('en', { type: 'colour' })"),
        "'RangeError: Value colour out of range for Intl.DisplayNames options property type'"
    );
    for (kind, code) in [
        ("region", "usa"),
        ("region", "u_s"),
        ("script", "Lat"),
        ("currency", "US"),
        ("currency", "U\\u0130D"),
        ("language", "en_US"),
        ("language", "en-u-ca-gregory"),
        ("language", ""),
    ] {
        let got = error(&format!(
            "new Intl.DisplayNames('en', {{ type: '{kind}' }}).of('{code}')"
        ));
        assert!(
            got.starts_with("'RangeError: Intl.DisplayNames: ")
                && got.contains(&format!("is not a {kind} code")),
            "{kind} {code}: {got}"
        );
    }
    assert_eq!(
        error("new Intl.RelativeTimeFormat('en', { numeric: 'sometimes' })"),
        "'RangeError: Value sometimes out of range for Intl.RelativeTimeFormat options property numeric'"
    );
}

#[test]
fn dates_format_in_the_hosts_time_zone_unless_told_or_deterministic() {
    // SAFETY: nextest runs each test in its own process; this runs before any thread of the test starts.
    unsafe { std::env::set_var("TZ", "America/New_York") };
    let env = Env::new();
    let noon_utc = "new Date(Date.UTC(2024, 0, 5, 12))";
    let probe = format!(
        "[{noon_utc}.toLocaleTimeString('en-US'), new Intl.DateTimeFormat('en-US', {{ hour: 'numeric' }}).format({noon_utc}), \
         {noon_utc}.toLocaleTimeString('en-US', {{ timeZone: 'UTC' }}), {noon_utc}.getHours(), \
         Intl.DateTimeFormat().resolvedOptions().timeZone, \
         new Intl.DateTimeFormat('de', {{ timeStyle: 'short' }}).resolvedOptions().hourCycle]"
    );
    // As Node prints with TZ=America/New_York: the host's clock, as `Date` itself tells it.
    let host = env.session(Template::new("host"));
    assert_eq!(
        value(&host, &probe),
        "[ '7:00:00 AM', '7 AM', '12:00:00 PM', 7, 'America/New_York', 'h23' ]"
    );
    let mut template = Template::new("fixed");
    template.options.deterministic = true;
    let fixed = env.session(template);
    assert_eq!(
        value(&fixed, &probe),
        "[ '12:00:00 PM', '12 PM', '12:00:00 PM', 12, 'UTC', 'h23' ]"
    );
    // A date's text ends with its zone's long name, as V8 prints it (boa stopped at the offset).
    let text = "[String(new Date(Date.UTC(2024, 0, 5, 12))), new Date(Date.UTC(2024, 6, 5, 12)).toTimeString()]";
    assert_eq!(
        value(&host, text),
        "[\n  'Fri Jan 05 2024 07:00:00 GMT-0500 (Eastern Standard Time)',\n  '08:00:00 GMT-0400 (Eastern Daylight Time)'\n]"
    );
    assert_eq!(
        value(&fixed, text),
        "[\n  'Fri Jan 05 2024 12:00:00 GMT+0000 (Coordinated Universal Time)',\n  '12:00:00 GMT+0000 (Coordinated Universal Time)'\n]"
    );
}

#[test]
fn an_array_that_prints_itself_forever_is_an_error_not_a_dead_worker() {
    // boa's toLocaleString recursed natively without end: a stack overflow that stopped the worker.
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let code = "const o = { toLocaleString: () => [o].toLocaleString() };\n\
                let deep = []; for (let i = 0; i < 5000; i++) deep = [deep];\n\
                const errors = [];\n\
                for (const f of [() => [o].toLocaleString(), () => deep.toLocaleString()]) {\n\
                  try { f() } catch (e) { errors.push(e.name) }\n\
                }\n\
                errors";
    assert_eq!(value(&session, code), "[ 'RangeError', 'RangeError' ]");
    assert_eq!(
        value(&session, "[[1], [2, [3]]].toLocaleString()"),
        "'1,2,3'"
    );
}

#[test]
fn a_job_that_calls_an_intl_constructor_itself_does_not_break_the_engine() {
    // boa's NumberFormat and DateTimeFormat constructors read the running frame's `this`; a job calling them
    // directly has no frame (this was an engine panic and a restored session).
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(
        value(
            &session,
            "queueMicrotask(Intl.NumberFormat); queueMicrotask(Intl.DateTimeFormat);\n\
             Promise.resolve('en').then(Intl.NumberFormat); setTimeout(Intl.DateTimeFormat, 0);\n\
             await new Promise((resolve) => setTimeout(resolve, 20));\n\
             new Intl.NumberFormat('en').format(1234.5)"
        ),
        "'1,234.5'"
    );
}
