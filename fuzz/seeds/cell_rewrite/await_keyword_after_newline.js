




1




arh




arh











 await










 await Pr*   
 a