// The web-platform-tests' checks of the URL class, over their data files: `cases` is url/resources/
// urltestdata.json (the constructor: every field, the origin where given, the failures as TypeErrors) and
// `setters` is url/resources/setters_tests.json (each setter, then the fields it must leave). Written for vmjs
// after WPT's url-constructor, url-origin and url-setters tests; prints one line per difference and returns
// how many checks ran.
function runUrlTests(cases, setters) {
  const show = (value) => (typeof value === "string" ? JSON.stringify(value) : String(value));
  const differ = (name, field, actual, expected) =>
    console.log(`${name}: ${field} ${show(actual)}, expected ${show(expected)}`);
  const fields = ["href", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"];
  let run = 0;
  for (const expected of cases) {
    if (typeof expected === "string") continue; // a comment
    run++;
    const name = show(expected.input) + (expected.base !== null ? ` against ${show(expected.base)}` : "");
    let url;
    try {
      url = new URL(expected.input, expected.base !== null ? expected.base : undefined);
    } catch (error) {
      if (!expected.failure) console.log(`${name}: threw ${error}`);
      else if (!(error instanceof TypeError)) console.log(`${name}: threw ${error.name}, not a TypeError`);
      continue;
    }
    if (expected.failure) {
      console.log(`${name}: parsed as ${show(url.href)}, expected a failure`);
      continue;
    }
    for (const field of fields) {
      if (url[field] !== expected[field]) differ(name, field, url[field], expected[field]);
    }
    if ("origin" in expected && url.origin !== expected.origin) differ(name, "origin", url.origin, expected.origin);
    if ("searchParams" in expected && url.searchParams.toString() !== expected.searchParams)
      differ(name, "searchParams", url.searchParams.toString(), expected.searchParams);
    if (URL.canParse(expected.input, expected.base ?? undefined) !== true) console.log(`${name}: URL.canParse is false`);
  }
  for (const [attribute, tests] of Object.entries(setters)) {
    if (attribute === "comment") continue;
    for (const test of tests) {
      run++;
      const name = `${show(test.href)} set ${attribute} to ${show(test.new_value)}`;
      let url;
      try {
        url = new URL(test.href);
        url[attribute] = test.new_value;
      } catch (error) {
        console.log(`${name}: threw ${error}`);
        continue;
      }
      for (const [field, value] of Object.entries(test.expected)) {
        if (url[field] !== value) differ(name, field, url[field], value);
      }
    }
  }
  return run;
}
