// Loose word searches over source text, for deciding from text alone (before parsing) whether
// something can be there. Words in strings and comments count: these tests may say yes wrongly,
// never no.

/** A character of a Python name: ASCII letters, digits, `_`, and any non-ASCII character. */
export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

/** A character that may start a Python name. */
export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

/** Whether `word` occurs in `src` as a whole word. */
export function hasWord(src: string, word: string): boolean {
  for (let i = src.indexOf(word); i !== -1; i = src.indexOf(word, i + 1)) {
    const end = i + word.length;
    if ((i === 0 || !isNameChar(src.charCodeAt(i - 1))) && (end === src.length || !isNameChar(src.charCodeAt(end)))) return true;
  }
  return false;
}

/** Where each whole-word occurrence of `word` in `src` starts. */
export function* wordStarts(src: string, word: string): Generator<number> {
  for (let i = src.indexOf(word); i !== -1; i = src.indexOf(word, i + 1)) {
    if ((i === 0 || !isNameChar(src.charCodeAt(i - 1))) && !isNameChar(src.charCodeAt(i + word.length))) yield i;
  }
}
