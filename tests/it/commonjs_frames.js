// CommonJS modules' frames and sources, as Node shows them: every location a frame gives, as `file:line`
// (the innermost frame's also with its column), paths from the root.
const out = [];
const where = (line) => {
  const m = /\(?([^\s()]+):(\d+):(\d+)\)?$/.exec(line.trim());
  if (!m) return '?';
  const file = m[1].includes('node_modules/') ? m[1].slice(m[1].indexOf('node_modules/')) : m[1].split('/').pop();
  return { file, line: m[2], column: m[3] };
};
const frames = (stack, n) =>
  stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, n).map(where)
    .map((w, i) => (i === 0 ? `${w.file}:${w.line}:${w.column}` : `${w.file}:${w.line}`)).join(' < ');
const failure = (f, n) => {
  try { f(); return 'no error'; } catch (e) { return `${e.name}: ${e.message} @ ${frames(e.stack, n)}`; }
};
const lib = require('frames');
out.push('outer: ' + failure(() => lib.outer({}), 2));
out.push('thrower: ' + failure(() => lib.thrower(), 1));
out.push('source: ' + String(lib.source));
const min = require('frames/min.js');
out.push('min.f: ' + failure(() => min.f({}), 1));
out.push('min.g: ' + failure(() => min.g(), 1));
out.push('min.h: ' + String(min.h));
const bin = require('frames/bin.js');
out.push('bin: ' + frames(bin.stack, 1) + ' ' + bin.self + ' ' + bin.after);
out.push('load: ' + failure(() => require('frames/load.js'), 1));
out.push('broken: ' + failure(() => require('frames/broken.js'), 0).split(':')[0]);
out.push('closes: ' + failure(() => require('frames/closes.js'), 0).split(':')[0] + ' ' + globalThis.escaped);
const own = require('./own.cjs');
const [message, frame] = own.f().split(' @ ');
out.push('own.f: ' + message + ' @ ' + frames(frame, 1));
out.push('own.g: ' + own.g());
out.push('own.g source: ' + String(own.g));
let printedError;
try { min.f({}); } catch (e) { printedError = e; }
out.push('printed: ' + frames(require('util').inspect(printedError), 1));
