let i

/&c/
a

1

;


f,e