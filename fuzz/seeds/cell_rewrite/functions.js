function f(a, b = 1, ...c) { return a }
async function* g() { yield await 1 }
f(1)