const r = await Promise.resolve(5);
r * 2 // comment