// Strings built by appending, as vmjs's patched boa_string builds them in place (vendor/boa_string):
// every earlier string keeps its text, whatever is appended to it later. Run by Node 20 this printed
// string_append_node20.txt; tests/it/string_append.rs compares.
const out = [];
const digest = (s) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return `${s.length}:${h.toString(16)}:${JSON.stringify(s.slice(0, 12))}…${JSON.stringify(s.slice(-12))}`;
};
const show = (label, ...strings) => out.push(`${label}: ${strings.map(digest).join(' ')}`);

// A loop, every version kept.
let s = '';
const versions = [];
for (let i = 0; i < 3000; i++) { s += `<${i}>`; versions.push(s); }
show('loop', s, versions[200], versions[1500], versions[2998]);
out.push(`versions are prefixes: ${versions.every((v, i) => i === 0 || v.startsWith(versions[i - 1]))}`);

// An older version appended to after the newer one: both keep their own text.
const base = 'b'.repeat(600);
let a1 = base + '1', a2 = a1 + '2';
const older = a1 + 'X';
a2 += '3';
const fork = a1 + 'Y';
show('fork', a1, a2, older, fork);

// Two texts in one loop, and one appended to the other.
let html = '', csv = '';
for (let i = 0; i < 2000; i++) { html += '<td>' + i + '</td>'; csv += i + ',' + (i % 7) + '\n'; }
const both = html + csv;
html += '!';
show('interleaved', html, csv, both);

// Non-Latin1 parts into a Latin1 text, and the other way round.
let u = 'y'.repeat(700);
for (const part of ['é', 'x', '😀', 'z', '€', 'ß', '\u{10FFFF}', 'end']) u += part;
let w = '→'.repeat(600);
for (let i = 0; i < 300; i++) w += i % 2 ? 'a' : 'ж';
show('encodings', u, w);
out.push(`code points: ${[...u].length} ${[...w].length}; surrogates kept: ${u.codePointAt(702) === 0x1f600}`);

// Appending a string to itself, templates, concat(), joins of appended strings.
let self = 'q'.repeat(520);
for (let i = 0; i < 5; i++) self += self;
let t = 'T'.repeat(512);
for (let i = 0; i < 100; i++) t = `${t}[${i}]`;
let c = 'c'.repeat(512);
for (let i = 0; i < 100; i++) c = c.concat(i, ';');
show('self, template, concat', self, t, c, [t, c].join('|'));

// Appended strings used as keys, compared, searched, sliced, replaced, split.
const key = 'k'.repeat(600) + 'x';
const key2 = key + 'y';
const map = new Map([[key, 1], [key2, 2]]);
const obj = { [key]: 'one', [key2]: 'two' };
out.push(`keys: ${map.get('k'.repeat(600) + 'x')} ${map.get(key2)} ${obj['k'.repeat(600) + 'xy']} ${key < key2} ${key2 === 'k'.repeat(600) + 'xy'}`);
out.push(`search: ${t.indexOf('[50]')} ${t.lastIndexOf('[')} ${/\[99\]$/.test(t)} ${t.includes('[100]')}`);
show('derived', t.slice(500, 560), t.replace(/\[(\d+)\]/g, '<$1>'), t.split('[').slice(-3).join('/'), t.toUpperCase());

// After a long string is given up, a new one of the same length built the same way.
let again = '';
for (let i = 0; i < 3000; i++) again += `<${i}>`;
out.push(`rebuilt equal: ${again === s} ${digest(again) === digest(s)}`);
