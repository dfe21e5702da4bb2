const s = `a ${1 + `b ${2}`}`;
/re[/]gex/.test(s)