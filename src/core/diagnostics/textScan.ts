// What a document's text tells the engine before anything is parsed: which modules it names (so
// which called names cannot matter, see callsThatMatter), which makers of objects it may call and
// which modules it may import under another name (so on which receivers calls can matter, see
// ReceiverCondition), and what its `from m import name as local` statements bind. A module is named where an import statement may name it: its name as a
// whole word after `import`, `from` or a comma (see importContext.ts for why that is sound), not
// in a docstring's prose. Read in one pass for a new text; for an edited one, only around what the
// edit changed (found by comparing the two texts), with the same answers as a fresh read.
import { FromImports } from './fromImports';
import { IMPORTED_MODULE } from './importContext';
import { NameOccurrences, NameSearch, type OccurrenceCondition } from './nameSearch';
import type { ReceiverWords, Vocabulary } from './vocabulary';

/**
 * Only a text holding the word `as` between blanks can bind an alias (see FromImports.aliases):
 * Python separates `name as local` by spaces, tabs, form feeds, line breaks (in parentheses) or a
 * backslash line continuation.
 */
const AS_WORD = 'as';
const BETWEEN_BLANKS: OccurrenceCondition = {
  before: 1,
  after: 1,
  wordEnd: true,
  holds: (text, start, end) => isBlank(text.charCodeAt(start - 1)) && (isBlank(text.charCodeAt(end)) || text.charCodeAt(end) === 92),
};

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

/** The longest run of blanks, line breaks and backslashes looked through after a maker's or a module's name (a longer one counts). */
const MAX_GAP = 64;

/** Letters, digits and `_`. */
function isAsciiNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * What follows text[end] through blanks, line breaks and backslashes: the offset of the next other
 * character, or -1 when the run is longer than MAX_GAP (then anything may follow, loosely).
 */
function afterGap(text: string, end: number): number {
  let i = end;
  for (
    let c = text.charCodeAt(i);
    c === 32 || c === 9 || c === 12 || c === 11 || c === 10 || c === 13 || c === 92;
    c = text.charCodeAt(++i)
  ) {
    if (i - end >= MAX_GAP) return -1;
  }
  return i;
}

/** Whether the word `as` starts at `i` (not followed by a letter, digit or `_`). */
function isAsWord(text: string, i: number): boolean {
  return text.charCodeAt(i) === 97 && text.charCodeAt(i + 1) === 115 && !isAsciiNameChar(text.charCodeAt(i + 2));
}

/**
 * A maker's name (`Session`) where it may be called or bound to another name: a whole word followed,
 * through blanks, line breaks and backslashes, by `(`, by `as` (`from requests import Session as
 * S`), or by `#` (a comment may stand between a callee and its parenthesis). Loose: a non-ASCII
 * character or a long gap counts. A session is bound only from a call that resolves to its maker
 * (ModuleFacts), so only through its name or an alias an import gives it.
 */
const MAY_BE_CALLED: OccurrenceCondition = {
  before: 1,
  after: MAX_GAP + 3,
  wordEnd: true,
  holds: (text, start, end) => {
    if (isAsciiNameChar(text.charCodeAt(start - 1)) || isAsciiNameChar(text.charCodeAt(end))) return false;
    const i = afterGap(text, end);
    if (i === -1) return true;
    const c = text.charCodeAt(i);
    return c === 40 || c === 35 || c > 127 || isAsWord(text, i);
  },
};

/**
 * A module's name followed, through blanks, line breaks and backslashes, by `as` (`import requests
 * as r`): a plain name other than the module's may then be bound to it. Loose: anything before.
 */
const MAY_BE_RENAMED: OccurrenceCondition = {
  before: 0,
  after: MAX_GAP + 3,
  // Said, though false: conditions of one shape keep the search's calls of them fast.
  wordEnd: false,
  holds: (text, _start, end) => {
    const i = afterGap(text, end);
    return i === -1 || isAsWord(text, i);
  },
};

/**
 * `pyops` in each mix of cases (what /pyops/i matches): a text without one has no pyops comment,
 * and the search that reads every character for the modules tells it without a pass of its own.
 */
const PYOPS_SPELLINGS = [...'pyops'].reduce<string[]>(
  (spellings, letter) => spellings.flatMap((s) => [s + letter, s + letter.toUpperCase()]),
  [''],
);

/** Scans texts for the modules of a vocabulary's called names, and for aliases of its called names. */
export class TextScanner {
  readonly search: NameSearch;
  /** Module -> its index in `search`. */
  readonly moduleIndex = new Map<string, number>();
  readonly asWord: number;
  /** The indices of PYOPS_SPELLINGS in `search`. */
  readonly pyopsSpellings: readonly number[];
  /** Maker -> its index in `search` (see MAY_BE_CALLED). */
  readonly makerIndex = new Map<string, number>();
  /** Module -> the index in `search` of its name followed by `as` (see MAY_BE_RENAMED). */
  readonly renameIndex = new Map<string, number>();

  constructor(
    vocabulary: Vocabulary,
    /** Called names whose aliases count. */
    readonly callNames: ReadonlySet<string>,
  ) {
    const names: string[] = [];
    for (const modules of vocabulary.callModules.values()) {
      for (const m of modules) if (!this.moduleIndex.has(m)) this.moduleIndex.set(m, names.push(m) - 1);
    }
    const conditions: (OccurrenceCondition | undefined)[] = names.map(() => IMPORTED_MODULE);
    this.asWord = names.push(AS_WORD) - 1;
    conditions.push(BETWEEN_BLANKS);
    this.pyopsSpellings = PYOPS_SPELLINGS.map((spelling) => names.push(spelling) - 1);
    while (conditions.length < names.length) conditions.push(undefined);
    for (const maker of vocabulary.receiverWords.makers) {
      this.makerIndex.set(maker, names.push(maker) - 1);
      conditions.push(MAY_BE_CALLED);
    }
    for (const module of vocabulary.receiverWords.modules) {
      this.renameIndex.set(module, names.push(module) - 1);
      conditions.push(MAY_BE_RENAMED);
    }
    this.search = new NameSearch(names, conditions);
  }

  scan(text: string): TextScan {
    return new TextScan(this, text, NameOccurrences.of(this.search, text), undefined);
  }
}

/** Where a scan's text differs from that of the scan it was read from (see TextScan.next): [start, oldEnd) became [start, newEnd). */
export interface ScanChange {
  /** The id of the scan it was read from. */
  from: number;
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Scans made so far: each one's id. */
let scans = 0;

export class TextScan implements ReceiverWords {
  private aliasMap: ReadonlyMap<string, string> | undefined;
  /** Tells this scan from others (a number, not the scan: a chain of scans would keep every old text). */
  readonly id = ++scans;

  constructor(
    private readonly scanner: TextScanner,
    readonly text: string,
    private readonly occurrences: NameOccurrences,
    /** Read only once a text has aliases to find (see aliases). */
    private imports: FromImports | undefined,
    /** The aliases of the text before an edit, taken again when they did not change. */
    private readonly before?: ReadonlyMap<string, string>,
    /** What changed since the scan it was read from; undefined for a fresh read. */
    readonly change?: ScanChange,
  ) {}

  /**
   * Whether the text names `module` where an import statement may (see importContext.ts; loose: a
   * comment `# import m` counts, a docstring's "the m module" does not). Modules of other
   * vocabularies are not known.
   */
  names(module: string): boolean {
    const k = this.scanner.moduleIndex.get(module);
    if (k === undefined) throw new Error(`TextScan: unknown module ${module}`);
    return this.occurrences.has(k);
  }

  /** Whether the text may call `maker` (a last name the vocabulary's receiver conditions read; see MAY_BE_CALLED). */
  makes(maker: string): boolean {
    const k = this.scanner.makerIndex.get(maker);
    if (k === undefined) throw new Error(`TextScan: unknown maker ${maker}`);
    return this.occurrences.has(k);
  }

  /** Whether the text may import `module` under another name (see MAY_BE_RENAMED). */
  renames(module: string): boolean {
    const k = this.scanner.renameIndex.get(module);
    if (k === undefined) throw new Error(`TextScan: unknown module ${module}`);
    return this.occurrences.has(k);
  }

  /** Whether the text holds `pyops` in any case (as mentionsPyops says of it, in one pass with the modules). */
  get mentionsPyops(): boolean {
    return this.scanner.pyopsSpellings.some((k) => this.occurrences.has(k));
  }

  /** Which of the scanner's modules the text names, makers it may call and modules it may rename, as a key. */
  get namedKey(): string {
    let key = '';
    for (const k of this.scanner.moduleIndex.values()) key += this.occurrences.has(k) ? '1' : '0';
    for (const k of this.scanner.makerIndex.values()) key += this.occurrences.has(k) ? '1' : '0';
    for (const k of this.scanner.renameIndex.values()) key += this.occurrences.has(k) ? '1' : '0';
    return key;
  }

  /** What `from m import name as local` statements of the text bind: local -> name, for the scanner's call names. */
  get aliases(): ReadonlyMap<string, string> {
    if (this.aliasMap) return this.aliasMap;
    const asWord = this.occurrences.has(this.scanner.asWord);
    if (asWord) this.imports ??= FromImports.of(this.text);
    const aliases = this.imports ? this.imports.aliases(this.scanner.callNames, asWord) : new Map<string, string>();
    this.aliasMap = this.before && sameMap(this.before, aliases) ? this.before : aliases;
    return this.aliasMap;
  }

  /** The scan of `text`, this one's text after edits: only what they changed is read again. */
  next(text: string): TextScan {
    if (text === this.text) return this;
    const { start, oldEnd, newEnd } = changedSpan(this.text, text);
    const occurrences = this.occurrences.edited(text, start, oldEnd, newEnd);
    const imports = this.imports?.edited(text, start, oldEnd, newEnd);
    return new TextScan(this.scanner, text, occurrences, imports, this.aliasMap, { from: this.id, start, oldEnd, newEnd });
  }
}

function sameMap(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/**
 * Where two texts differ: `before`[start, oldEnd) became `after`[start, newEnd), the rest being
 * the same. Found by halving (each comparison of two slices is a native memory comparison), so
 * about one comparison of the texts' lengths in all.
 */
export function changedSpan(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  const shorter = Math.min(before.length, after.length);
  // The longest common prefix, then the longest common suffix that does not overlap it.
  let lo = 0;
  let hi = shorter;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (before.slice(lo, mid) === after.slice(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  const start = lo;
  lo = 0;
  hi = shorter - start;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (before.slice(before.length - mid, before.length - lo) === after.slice(after.length - mid, after.length - lo)) lo = mid;
    else hi = mid - 1;
  }
  return { start, oldEnd: before.length - lo, newEnd: after.length - lo };
}
