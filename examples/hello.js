// A tour in a few lines: console, values, timers, promises, errors.
const who = vmjs.args[0] ?? "world";
console.log(`hello, ${who}!`);
console.log({ numbers: [1, 2, 3], nested: { map: new Map([["a", 1]]) } });
console.table([{ lang: "js", engine: "boa" }]);

setTimeout(() => console.log("a timer fired"), 10);
const answer = await new Promise((resolve) => setTimeout(() => resolve(42), 20));
console.log("the answer is", answer);
