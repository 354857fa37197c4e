// Which of a fixed list of names occur in a text, as substrings that meet the name's condition if it
// has one (a module name must be where an import statement could name it: see importContext.ts).
// One pass over the text answers every name at once, and after an edit only the edited region,
// widened by what the conditions read around an occurrence, is searched again.

import { DOCUMENT_UNITS } from '../python/codeUnits';

/** Names are ASCII (module names and short markers); the automaton has one column per ASCII code. */
const ALPHABET = 128;
/** Texts at least this long are searched as two halves side by side (see searchHalves). */
export const TWO_STREAMS_FROM = 256;

/**
 * A condition an occurrence of a name must meet to count, read from the text around it: at most
 * `before` characters before its start and `after` characters after its end, so that an edit
 * further away cannot change the answer.
 */
export interface OccurrenceCondition {
  readonly before: number;
  readonly after: number;
  /**
   * True when an occurrence followed by an ASCII letter, digit or `_` never counts (it ends inside
   * a longer word): the search passes over such occurrences without asking `holds`.
   */
  readonly wordEnd?: boolean;
  holds(text: string, start: number, end: number): boolean;
}

/** Letters, digits and `_`; false for NaN (past the text's end). */
function isAsciiNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Finds where each of a fixed list of names first occurs in a text, in one pass (an Aho-Corasick automaton). */
export class NameSearch {
  /**
   * row + char code -> the next state's row (failure links already followed), where a state's row
   * is state * ALPHABET; bitwise negated (negative) for a state some name ends at.
   */
  private readonly next: Int32Array;
  /** Indices of the names that end at each state (empty for most). */
  private readonly ends: readonly (readonly number[])[];
  /**
   * 1 for a state where only names whose condition is a wordEnd one end: most such occurrences lie
   * inside longer words (`io` in "function", `as` in "class"), and they are passed over at one test.
   */
  private readonly wordEnds: Uint8Array;
  readonly longest: number;
  /** Where names end, as searchSideBySide's loop notes them: pairs of an offset and a row (see stepSideBySide). */
  private readonly hits = new Int32Array(4096);
  /** Where stepSideBySide stopped: its two offsets and rows. */
  private readonly state = new Int32Array(4);
  /** The most any condition reads before an occurrence's start and after its end. */
  readonly before: number;
  readonly after: number;

  constructor(
    readonly names: readonly string[],
    /** The condition of each name (by index), none where missing. */
    readonly conditions: readonly (OccurrenceCondition | undefined)[] = [],
  ) {
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
    // Rows instead of states, marked where names end: one load and a sign test per character.
    const marked = (state: number): number => (ends[state].length > 0 ? ~(state * ALPHABET) : state * ALPHABET);
    const stateOf = (entry: number): number => (entry < 0 ? ~entry : entry) / ALPHABET;
    const next = new Int32Array(children.length * ALPHABET).fill(marked(0), 0, ALPHABET);
    const fail = new Int32Array(children.length);
    // Breadth first, so that a state's failure state (a shorter suffix) is complete before it. A
    // state's row starts as a copy of its failure state's (a builtin's copy: a loop over every
    // character of every row made V8 compile this constructor, which runs once per thread, about
    // 7 ms a time), then its own children go in.
    const queue: number[] = [0];
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q];
      const row = state * ALPHABET;
      if (state !== 0) next.copyWithin(row, fail[state] * ALPHABET, fail[state] * ALPHABET + ALPHABET);
      for (const [c, child] of children[state]) {
        const fallback = state === 0 ? 0 : stateOf(next[row + c]);
        fail[child] = fallback;
        // A name that ends at a suffix of this state's text ends here too.
        ends[child].push(...ends[fallback]);
        next[row + c] = marked(child);
        queue.push(child);
      }
    }
    this.next = next;
    this.ends = ends;
    this.wordEnds = new Uint8Array(ends.length);
    ends.forEach((here, state) => {
      if (here.length > 0 && here.every((k) => conditions[k]?.wordEnd === true)) this.wordEnds[state] = 1;
    });
    this.longest = Math.max(0, ...names.map((n) => n.length));
    this.before = Math.max(0, ...conditions.map((c) => c?.before ?? 0));
    this.after = Math.max(0, ...conditions.map((c) => c?.after ?? 0));
  }

  /** Whether the occurrence of name k at `start` counts (meets its condition). */
  counts(k: number, text: string, start: number): boolean {
    const condition = this.conditions[k];
    return condition === undefined || condition.holds(text, start, start + this.names[k].length);
  }

  /** The start of the first occurrence of name k that counts, -1 without one. */
  firstCounted(k: number, text: string): number {
    const name = this.names[k];
    for (let p = text.indexOf(name); p !== -1; p = text.indexOf(name, p + 1)) if (this.counts(k, text, p)) return p;
    return -1;
  }

  /** Where each name first occurs in `text` so that it counts (its start), -1 where it does not. */
  firstOccurrences(text: string): Int32Array {
    const at = new Int32Array(this.names.length).fill(-1);
    if (text.length < TWO_STREAMS_FROM) this.search(text, 0, text.length, at);
    else this.searchHalves(text, at);
    return at;
  }

  /**
   * search() over the whole text, as two searches run side by side: the first half, and the rest
   * from where an occurrence ending in it may start. Each character's step reads the table at the
   * row the previous step gave, so one search waits on its loads; two independent ones overlap
   * theirs (about a third less time per text). A name's first counted occurrence is the first
   * half's if it has one (an earlier one would end in the first half too), else the second's.
   *
   * Each loop is a function of its own that ends with a plain return: V8 optimizes a long loop while
   * it runs (on-stack replacement) and keeps that code for later calls, so code after the loop that
   * had not run yet (no type feedback) made later calls leave the optimized code there and finish
   * in the interpreter, and the function was compiled again and again (`--trace-deopt` on Debian's
   * ansible collections: 12 to 540 such exits a run, 8 compiles of it; now 2 and 4 with its loops).
   */
  private searchHalves(text: string, at: Int32Array): void {
    const mid = text.length >> 1;
    const later = new Int32Array(at.length).fill(-1);
    // Read from a typed array: charCodeAt's checks of the string's representation cost more than the table reads.
    const units = DOCUMENT_UNITS.of(text);
    const secondFrom = Math.max(0, mid - this.longest + 1);
    if (this.searchSideBySide(text, units, mid, secondFrom, at, later) === 0) return;
    // The second search goes on where it stopped, restarted a name's length earlier: an occurrence
    // ending past that point is found again from there; one ending before it was found already.
    const stopped = secondFrom + mid;
    this.searchRest(text, units, Math.max(secondFrom, stopped - this.longest + 1), text.length, at, later);
    for (let k = 0; k < at.length; k++) if (at[k] < 0) at[k] = later[k];
  }

  /**
   * Runs the search from 0 and from `j` side by side for `count` characters each, the first into
   * `at`, the second into `later`. Returns how many names the first left unfound (0: stopped early).
   * The loop (stepSideBySide) only notes where names end, and the notes are read between its runs:
   * a loop that calls nothing keeps its few values in registers, and its code is the same for every
   * text (about 10% less time on Debian's ansible collections, whose documentation strings hold
   * "io" and "as" in many words).
   */
  private searchSideBySide(text: string, units: Uint16Array, count: number, j: number, at: Int32Array, later: Int32Array): number {
    const hits = this.hits;
    const state = this.state;
    state[0] = 0;
    state[1] = j;
    state[2] = 0;
    state[3] = 0;
    let missing = at.length;
    while (state[0] < count) {
      const noted = stepSideBySide(units, this.next, count, state, hits);
      missing -= this.foundAll(text, noted, at, later);
      if (missing === 0) return 0;
    }
    return missing;
  }

  /**
   * found() for each of the first `noted` / 2 notes in `hits`, in order: (i, row) from the first
   * search, into `at`, and (~j, row) from the second, into `later`. Returns how many `at` got.
   */
  private foundAll(text: string, noted: number, at: Int32Array, later: Int32Array): number {
    const hits = this.hits;
    let set = 0;
    for (let h = 0; h < noted; h += 2) {
      const p = hits[h];
      if (p >= 0) set += this.found(text, p, hits[h + 1], at, at);
      else this.found(text, ~p, hits[h + 1], at, later);
    }
    return set;
  }

  /** Runs the search over [from, to) into `later`, for the names `at` has not. */
  private searchRest(text: string, units: Uint16Array, from: number, to: number, at: Int32Array, later: Int32Array): void {
    const next = this.next;
    let row = 0;
    for (let j = from; j < to; j++) {
      const c = units[j];
      row = c < ALPHABET ? next[row + c] : 0;
      if (row >= 0) continue;
      row = ~row;
      this.found(text, j, row, at, later);
    }
  }

  /**
   * The names that end at text[i] (the state at `row` says which): sets `into[k]` to the start of
   * each that counts and that neither `at` nor `into` has yet. Returns how many it set.
   */
  private found(text: string, i: number, row: number, at: Int32Array, into: Int32Array): number {
    const state = row / ALPHABET;
    if (this.wordEnds[state] === 1 && isAsciiNameChar(text.charCodeAt(i + 1))) return 0;
    let set = 0;
    for (const k of this.ends[state]) {
      if (at[k] >= 0 || into[k] >= 0) continue;
      const start = i + 1 - this.names[k].length;
      if (!this.counts(k, text, start)) continue;
      into[k] = start;
      set++;
    }
    return set;
  }

  /**
   * Sets `at[k]` to the start of the first occurrence of name k that lies wholly in text[from, to)
   * and counts (its condition may read the text outside), for each k whose `at[k]` is negative.
   * Returns how many such names were left unfound. Stops as soon as every name has a position.
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
      const state = row / ALPHABET;
      if (this.wordEnds[state] === 1 && isAsciiNameChar(text.charCodeAt(i + 1))) continue;
      for (const k of this.ends[state]) {
        if (at[k] >= 0) continue;
        const start = i + 1 - this.names[k].length;
        if (!this.counts(k, text, start)) continue;
        at[k] = start;
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
   * text[start, newEnd). An occurrence stays (shifted after the span) when neither it nor the text
   * its condition reads was replaced; one whose context the edit reached is checked again. A name
   * that had none can only have one near the new span (it or its context overlaps it), so only
   * the new span widened by the longest name and the conditions' reach is searched; a name whose
   * occurrence was replaced is looked for again (indexOf stops at its first occurrence, usually early).
   */
  edited(text: string, start: number, oldEnd: number, newEnd: number): NameOccurrences {
    const searcher = this.searcher;
    const names = searcher.names;
    const delta = newEnd - oldEnd;
    const at = new Int32Array(this.at.length);
    /** Names whose occurrence the edit replaced, to look for in the whole text. */
    const lost: number[] = [];
    for (let k = 0; k < at.length; k++) {
      const p = this.at[k];
      const length = names[k].length;
      const condition = searcher.conditions[k];
      if (p < 0) at[k] = -1;
      else if (p + length + (condition?.after ?? 0) <= start) at[k] = p;
      else if (p - (condition?.before ?? 0) >= oldEnd) at[k] = p + delta;
      else if (p + length <= start || p >= oldEnd) {
        // The occurrence is still there, what is around it changed.
        const q = p < oldEnd ? p : p + delta;
        at[k] = searcher.counts(k, text, q) ? q : -1;
        if (at[k] < 0) lost.push(k);
      } else {
        at[k] = -1;
        lost.push(k);
      }
    }
    const from = Math.max(0, start - searcher.longest - searcher.after + 1);
    const to = Math.min(text.length, newEnd + searcher.before + searcher.longest - 1);
    searcher.search(text, from, to, at);
    for (const k of lost) if (at[k] < 0) at[k] = searcher.firstCounted(k, text);
    return new NameOccurrences(searcher, at);
  }
}

/**
 * The two searches' steps from state = [i, j, row, row2] until i reaches `count` or `hits` has no
 * room for another step's notes: where names end it notes (i, row) for the first search and
 * (~j, row2) for the second (negative: j is not an offset of the first). Leaves where it stopped
 * in `state`; returns how many numbers it noted.
 */
function stepSideBySide(units: Uint16Array, next: Int32Array, count: number, state: Int32Array, hits: Int32Array): number {
  let i = state[0];
  let j = state[1];
  let row = state[2];
  let row2 = state[3];
  const limit = hits.length - 4;
  let noted = 0;
  for (; i < count && noted < limit; i++, j++) {
    const c = units[i];
    const c2 = units[j];
    row = c < ALPHABET ? next[row + c] : 0;
    row2 = c2 < ALPHABET ? next[row2 + c2] : 0;
    if ((row | row2) >= 0) continue;
    if (row < 0) {
      row = ~row;
      hits[noted++] = i;
      hits[noted++] = row;
    }
    if (row2 < 0) {
      row2 = ~row2;
      hits[noted++] = ~j;
      hits[noted++] = row2;
    }
  }
  state[0] = i;
  state[1] = j;
  state[2] = row;
  state[3] = row2;
  return noted;
}
