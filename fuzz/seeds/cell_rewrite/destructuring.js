let { a, b: [c, ...d] } = { a: 1, b: [2, 3] };
var e = 1, g;
d