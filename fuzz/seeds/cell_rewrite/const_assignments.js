const k = 1, {a} = {a: 2}
k = 2; k++; --k; k += 1; k ??= 3; a **= 2
;[k, a] = [1, 2]; ({k, a: {b: a} = {}} = {k: 1}); ({k = 4} = {})
for (k of []) {} for (k in {}) {}
function set() { k = 5; { let k = 6; k = 7 } }
const later = await 1; later = 2
