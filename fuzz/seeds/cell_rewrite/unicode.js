let café = '😀';
café.length