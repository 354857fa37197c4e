// Which of a fixed list of names occur in a text, as plain substrings (a module named in a
// comment counts: see absentCallNames). One pass over the text answers every name at once, and
// after an edit only the edited region is searched again.

/** Names are ASCII (module names and short markers); the automaton has one column per ASCII code. */
const ALPHABET = 128;

/** Finds where each of a fixed list of names first occurs in a text, in one pass (an Aho-Corasick automaton). */
export class NameSearch {
  /**
   * row + char code -> the next state's row (failure links already followed), where a state's row
   * is state * ALPHABET; bitwise negated (negative) for a state some name ends at.
   */
  private readonly next: Int32Array;
  /** Indices of the names that end at each state (empty for most). */
  private readonly ends: readonly (readonly number[])[];
  readonly longest: number;

  constructor(readonly names: readonly string[]) {
    const children: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    names.forEach((name, index) => {
      let state = 0;
      for (let i = 0; i < name.length; i++) {
        const c = name.charCodeAt(i);
        if (c >= ALPHABET) throw new Error(`NameSearch: "${name}" is not ASCII`);
        let child = children[state].get(c);
        if (child === undefined) {
          child = children.length;
          children[state].set(c, child);
          children.push(new Map());
          ends.push([]);
        }
        state = child;
      }
      ends[state].push(index);
    });
    // Breadth first, so that a state's failure state (a shorter suffix) is complete before it.
    const next = new Int32Array(children.length * ALPHABET);
    const fail = new Int32Array(children.length);
    const queue: number[] = [0];
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q];
      for (let c = 0; c < ALPHABET; c++) {
        const child = children[state].get(c);
        const fallback = state === 0 ? 0 : next[fail[state] * ALPHABET + c];
        if (child === undefined) next[state * ALPHABET + c] = fallback;
        else {
          next[state * ALPHABET + c] = child;
          fail[child] = fallback;
          // A name that ends at a suffix of this state's text ends here too.
          ends[child].push(...ends[fallback]);
          queue.push(child);
        }
      }
    }
    // Rows instead of states, marked where names end: one load and a sign test per character.
    for (let i = 0; i < next.length; i++) next[i] = ends[next[i]].length > 0 ? ~(next[i] * ALPHABET) : next[i] * ALPHABET;
    this.next = next;
    this.ends = ends;
    this.longest = Math.max(0, ...names.map((n) => n.length));
  }

  /** Where each name first occurs in `text` (its start), -1 where it does not. */
  firstOccurrences(text: string): Int32Array {
    const at = new Int32Array(this.names.length).fill(-1);
    this.search(text, 0, text.length, at);
    return at;
  }

  /**
   * Sets `at[k]` to the start of the first occurrence of name k lying wholly in text[from, to),
   * for each k whose `at[k]` is negative. Returns how many such names were left unfound. Stops as
   * soon as every name has a position.
   */
  search(text: string, from: number, to: number, at: Int32Array): number {
    let missing = 0;
    for (const p of at) if (p < 0) missing++;
    const next = this.next;
    let row = 0;
    for (let i = from; i < to && missing > 0; i++) {
      const c = text.charCodeAt(i);
      row = c < ALPHABET ? next[row + c] : 0;
      if (row >= 0) continue;
      row = ~row;
      for (const k of this.ends[row / ALPHABET]) {
        if (at[k] >= 0) continue;
        at[k] = i + 1 - this.names[k].length;
        missing--;
      }
    }
    return missing;
  }
}

/** Where each name of a NameSearch occurs in one text (some occurrence, not necessarily the first), carried across edits. */
export class NameOccurrences {
  private constructor(
    private readonly searcher: NameSearch,
    /** Start of an occurrence of each name, -1 where it has none. */
    private readonly at: Int32Array,
  ) {}

  static of(searcher: NameSearch, text: string): NameOccurrences {
    return new NameOccurrences(searcher, searcher.firstOccurrences(text));
  }

  /** Whether name k (its index in the search's names) occurs. */
  has(k: number): boolean {
    return this.at[k] >= 0;
  }

  /**
   * The occurrences in `text`, which is the old text with [start, oldEnd) replaced by what is now
   * text[start, newEnd). An occurrence wholly outside the replaced span stays (shifted after it).
   * A name that had none can only have one that overlaps the new span, so only the new span
   * widened by the longest name is searched; a name whose occurrence was replaced is looked for
   * again (indexOf stops at its first occurrence, usually early).
   */
  edited(text: string, start: number, oldEnd: number, newEnd: number): NameOccurrences {
    const names = this.searcher.names;
    const delta = newEnd - oldEnd;
    const at = new Int32Array(this.at.length);
    /** Names whose occurrence the edit replaced, to look for in the whole text. */
    const lost: number[] = [];
    for (let k = 0; k < at.length; k++) {
      const p = this.at[k];
      if (p < 0) at[k] = -1;
      else if (p + names[k].length <= start) at[k] = p;
      else if (p >= oldEnd) at[k] = p + delta;
      else {
        at[k] = -1;
        lost.push(k);
      }
    }
    const reach = this.searcher.longest - 1;
    this.searcher.search(text, Math.max(0, start - reach), Math.min(text.length, newEnd + reach), at);
    for (const k of lost) if (at[k] < 0) at[k] = text.indexOf(names[k]);
    return new NameOccurrences(this.searcher, at);
  }
}
