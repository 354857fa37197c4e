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

/**
 * Printable ASCII characters from the most to the least frequent in Python source (counted on
 * Debian's ansible collections); those not listed are rarer still.
 */
const BY_FREQUENCY = 'etrsioan.ulc:"d\'p,_mfTvhg0yb67=-)(24w1k{}#F[]xASEN/IqC35PMjRLDO8GU9*z>HBVW+<%\\@XY!KJ?|Q`Z;$^&~';

/**
 * How a word is looked for: from its least frequent character (`anchor`, its offset), then what
 * comes before it. A search for the word itself stops at every occurrence of its first letter
 * (indexOf looks for the first character, then compares), and `except` starts with the most
 * frequent letter of all: `xcept` is found about three times faster.
 */
interface WordSearch {
  readonly anchor: number;
  /** The word from its anchor on: what indexOf looks for. */
  readonly tail: string;
  /** The word before its anchor. */
  readonly head: string;
}

/** Searches by word: the callers' words are constants, few. */
const searches = new Map<string, WordSearch>();
/** Searches remembered at most (should a caller pass words of the user's). */
const MAX_SEARCHES = 256;

function searchOf(word: string): WordSearch {
  let search = searches.get(word);
  if (search === undefined) {
    let anchor = 0;
    let rarest = -1;
    for (let i = 0; i < word.length; i++) {
      const rank = BY_FREQUENCY.indexOf(word.charAt(i));
      const rarity = rank === -1 ? BY_FREQUENCY.length : rank;
      if (rarity > rarest) [anchor, rarest] = [i, rarity];
    }
    search = { anchor, tail: word.slice(anchor), head: word.slice(0, anchor) };
    if (searches.size < MAX_SEARCHES) searches.set(word, search);
  }
  return search;
}

/** Where the first whole-word occurrence of `word` (not empty) in `src` at or after `from` starts, or -1. */
export function wordIndex(src: string, word: string, from = 0): number {
  const { anchor, tail, head } = searchOf(word);
  for (let i = src.indexOf(tail, from + anchor); i !== -1; i = src.indexOf(tail, i + 1)) {
    const start = i - anchor;
    if (anchor > 0 && !src.startsWith(head, start)) continue;
    const end = start + word.length;
    if ((start === 0 || !isNameChar(src.charCodeAt(start - 1))) && (end === src.length || !isNameChar(src.charCodeAt(end)))) return start;
  }
  return -1;
}

/** Whether `word` occurs in `src` as a whole word. */
export function hasWord(src: string, word: string): boolean {
  return wordIndex(src, word) !== -1;
}
