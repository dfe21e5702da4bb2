let x = 1;
const y = x + 1;
class A {}
y