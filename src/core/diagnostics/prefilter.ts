// The "needs no tree" prefilter: decides from text alone, before parsing, that a statement or a
// class member holds nothing the walk would record, so it is not parsed at all (parsing is most of
// a check's time). It reads the walk's vocabulary (vocabulary.ts), so it keeps every call, handler
// and assignment a rule declared, wherever the declaration says a call can matter (the modules a
// document names, a rule's text gate: see callsThatMatter). Deliberately loose: words in strings
// and comments count, and a false "needed" only costs a parse; only a statement that binds a name
// to nothing but string literals is read exactly (see isUnrecordedStringAssignment), and so are
// except clauses where the handler rules' words alone would ask for a parse (see readClauses), and
// calls, imports and stored literals where the loose reading would (see Exact). A text is read
// exactly only where its syntax is sure: there the text's tokens are the tree's. A def or a class
// member that needs a tree for its handlers or calls alone is parsed only around those lines
// (see mayNarrow).
import { callArguments } from '../python/callArguments';
import { detached } from '../python/codeUnits';
import { readHandlers, type HandlerTexts, type LogicalLineText } from '../python/handlerClauses';
import { handlerSkeleton } from '../python/handlerSkeleton';
import { importsOfTry, plainImports, startsWithImport, TRY_START } from '../python/plainImports';
import { Prose } from '../python/codeText';
import { plainStringAssignment } from '../python/plainStringAssignment';
import { surelyParses } from '../python/quickSyntax';
import { MEMBER_HEADER, type ParseFilter, type TextPart } from '../python/segments';
import { tripleQuotedEnd, type StringLiteral } from '../python/strings';
import { mainBlockFromText } from './pythonNames';
import type { TextGate } from './rule';
import { everyCallThatMatters, type CallsThatMatter, type Vocabulary } from './vocabulary';
import { hasWord, isNameChar, isNameStart, wordIndex } from './words';

/** The text of a line up to an `=` that ASSIGN_HEAD would read as an assignment (at a statement start). */
const ASSIGNMENT_BEFORE = /(?:^|[;:=])[ \t\f]*([A-Za-z_][\w.]*)[ \t]*(?::[^=\n]*)?=$/;
/** A letter of a string prefix: r, u, b or f, either case (what /[rRuUbBfF]/ accepts). */
function isStringPrefix(c: number): boolean {
  const lower = c | 32;
  return lower === 114 || lower === 117 || lower === 98 || lower === 102;
}
/** How far back from an `=` mayAssignString looks for the names before a string (targets, annotation, comparison). */
const MAX_TARGET_LENGTH = 256;

/**
 * What the filter may read exactly of the text of one part of a document, each asked at most
 * once: whether its syntax is sure as it parses in place (below MEMBER_HEADER for a member; never
 * for a branch run, whose header is not known here, nor without a part), and where its prose is
 * (see Prose). What it finds in prose is skipped, and then "no record" holds only where the syntax
 * is sure (see proseIsProse).
 */
class Exact {
  private sure: boolean | undefined;
  private prose: Prose | null | undefined;
  /** Something was skipped as prose. */
  private skipped = false;

  constructor(
    private readonly src: string,
    private readonly part: TextPart | null,
    /** The walk visits strings or comments: it may record something in prose, so nothing is skipped. */
    private readonly proseMatters = true,
  ) {}

  /** Whether the syntax of the text is sure. */
  surely(): boolean {
    this.sure ??=
      this.part !== null && this.part !== 'branch' && surelyParses(this.part === 'member' ? MEMBER_HEADER + this.src : this.src);
    return this.sure;
  }

  /** Whether offset `at` of the text is in prose, which the caller then skips; no where unsure or prose matters. */
  inProse(at: number): boolean {
    if (this.prose === undefined)
      this.prose = this.proseMatters || this.part === null || this.part === 'branch' ? null : new Prose(this.src);
    if (this.prose === null || this.prose.holds(at) !== true) return false;
    this.skipped = true;
    return true;
  }

  /** Something read from the tokens was skipped (a definition's name, a builtin's name after a receiver): sure only where the syntax is. */
  skip(): void {
    this.skipped = true;
  }

  /** Whether what was skipped as prose (if anything) is prose for the parser too: the syntax is sure. */
  proseIsProse(): boolean {
    return !this.skipped || this.surely();
  }
}

/**
 * Whether a rule may report the string literal whose prefix starts at `prefixStart` and quote is at
 * `quote`, stored under a name it asks about (see Vocabulary.reportedLiterals): read as written
 * where the syntax is sure, then it is the value the walk would record, if any. Unsure: yes.
 */
function mayReportLiteral(src: string, prefixStart: number, quote: number, vocabulary: Vocabulary, exact: Exact): boolean {
  const tests = vocabulary.reportedLiterals;
  if (tests === null) return true;
  const end = stringLiteralEnd(src, quote);
  if (end === -1 || !exact.surely()) return true;
  const q = src.startsWith(src.charAt(quote).repeat(3), quote) ? src.charAt(quote).repeat(3) : src.charAt(quote);
  const literal: StringLiteral = {
    prefix: src.slice(prefixStart, quote).toLowerCase(),
    quote: q as StringLiteral['quote'],
    body: src.slice(quote + q.length, end - q.length),
  };
  return tests.some((reports) => reports(literal));
}

/**
 * Where the line holding `at` starts, or `at - max` when it started further back: looking back to
 * the start of a long line for each `=` on it would make the scan quadratic.
 */
function lineStartWithin(src: string, at: number, max: number): number {
  const limit = Math.max(0, at - max);
  for (let i = at - 1; i >= limit; i--) if (src.charCodeAt(i) === 10) return i + 1;
  return limit;
}

/** Answers of the vocabulary's string targets by word: a line of many assignments asks about the same words again and again. */
const targetAnswers = new WeakMap<Vocabulary, Map<string, boolean>>();
/** Words remembered per vocabulary, at most (identifiers are the user's: the memo must not grow without end). */
const MAX_REMEMBERED_WORDS = 10_000;

/** The remembered answers of the vocabulary's string targets: looked up once per text, not once per word. */
function targetAnswersOf(vocabulary: Vocabulary): Map<string, boolean> {
  let answers = targetAnswers.get(vocabulary);
  if (!answers) targetAnswers.set(vocabulary, (answers = new Map()));
  return answers;
}

/** Whether `word` is a name a rule asks about; `answers`: the vocabulary's (see targetAnswersOf). */
function isTargetName(word: string, vocabulary: Vocabulary, answers = targetAnswersOf(vocabulary)): boolean {
  let answer = answers.get(word);
  if (answer === undefined) {
    answer = vocabulary.stringTargets.some((accepts) => accepts(word));
    // A copy: a slice of 13 characters or more would keep the whole text it was cut from alive.
    if (answers.size < MAX_REMEMBERED_WORDS) answers.set(detached(word), answer);
  }
  return answer;
}

/**
 * Whether some word of src[from, end), the line before a string literal (`password = other =`,
 * `cfg["token"] =`, `if token ==`), is a name a rule asks about. Words are ASCII names, dashes
 * allowed (`api-key`); loose: any word counts.
 */
function namesTarget(src: string, from: number, end: number, vocabulary: Vocabulary, answers: Map<string, boolean>): boolean {
  for (let i = from; i < end; i++) {
    const c0 = src.charCodeAt(i);
    if (!isNameStart(c0) || c0 > 127) continue;
    let j = i + 1;
    for (let c = j < end ? src.charCodeAt(j) : -1; (c < 128 && isNameChar(c)) || c === 45; c = ++j < end ? src.charCodeAt(j) : -1);
    if (isTargetName(src.slice(i, j), vocabulary, answers)) return true;
    i = j;
  }
  return false;
}

/**
 * `"password": "..."`, a dict entry the walk records (see PAIR_HEAD in walk.ts), found by its
 * colon: a quoted key a rule asks about right before it, a string literal right after it (blanks
 * and line breaks around the colon allowed, as `\s` in PAIR_HEAD).
 */
function mayPairString(src: string, vocabulary: Vocabulary, exact: Exact): boolean {
  return nextPairString(src, 0, vocabulary, exact) !== -1;
}

/** Where the colon of the first dict entry at or after `from` that mayPairString finds is, or -1 without one. */
function nextPairString(src: string, from: number, vocabulary: Vocabulary, exact: Exact): number {
  if (vocabulary.stringTargets.length === 0) return -1;
  const answers = targetAnswersOf(vocabulary);
  const n = src.length;
  for (let q = src.indexOf(':', from); q !== -1; q = src.indexOf(':', q + 1)) {
    let i = q + 1;
    // Each read is inside the text: one past its end would make V8 drop the function's optimized code once per process.
    while (i < n && isPatternSpace(src.charCodeAt(i))) i++;
    const prefixStart = i;
    for (let k = 0; k < 2 && i < n && isStringPrefix(src.charCodeAt(i)); k++) i++;
    const c = i < n ? src.charCodeAt(i) : -1;
    if (c !== 34 && c !== 39) continue;
    const key = quotedKeyBefore(src, q);
    if (key !== null && isTargetName(key, vocabulary, answers) && mayReportLiteral(src, prefixStart, i, vocabulary, exact)) return q;
  }
  return -1;
}

/** The word in quotes (ASCII letters, digits, `_`, `-`) that ends right before `at`, blanks and line breaks aside, or null. */
function quotedKeyBefore(src: string, at: number): string | null {
  let j = at - 1;
  while (j >= 0 && isPatternSpace(src.charCodeAt(j))) j--;
  if (j < 0) return null;
  const quote = src.charCodeAt(j);
  if (quote !== 34 && quote !== 39) return null;
  const end = j;
  for (j--; j >= 0; j--) {
    const c = src.charCodeAt(j);
    if (c >= 128 || (!isNameChar(c) && c !== 45)) break;
  }
  return j >= 0 && j + 1 < end && src.charCodeAt(j) === quote ? src.slice(j + 1, end) : null;
}

/** What `\s` matches in a regular expression without the `u` flag. */
function isPatternSpace(c: number): boolean {
  return PATTERN_SPACES[c] === 1;
}

/**
 * 1 at the code units `\s` matches. A table rather than comparisons: those for code points above
 * 127 would first run long after V8 optimized their callers, and their first run (a non-ASCII
 * character after a colon) threw that code away.
 */
const PATTERN_SPACES = new Uint8Array(0x10000);
for (const c of [9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]) PATTERN_SPACES[c] = 1;
PATTERN_SPACES.fill(1, 0x2000, 0x200b);

/**
 * Some `name = "..."` statement that the walk records may be in `src`: a literal assigned to a name
 * a rule asks about, or (unless `literalsOnly`) a string that may be built from variables. In a
 * function, a string built for a command matters only to a command call in the same function,
 * which CallsThatMatterIn finds.
 */
function mayAssignString(src: string, vocabulary: Vocabulary, literalsOnly: boolean, exact: Exact): boolean {
  return nextStringAssignment(src, 0, vocabulary, literalsOnly, exact) !== -1;
}

/** Where the `=` (or `==`) of the first statement at or after `from` that mayAssignString finds is, or -1 without one. */
function nextStringAssignment(src: string, from: number, vocabulary: Vocabulary, literalsOnly: boolean, exact: Exact): number {
  const builtStrings = vocabulary.builtStrings && !literalsOnly;
  if (!builtStrings && vocabulary.stringTargets.length === 0) return -1;
  const answers = vocabulary.stringTargets.length > 0 ? targetAnswersOf(vocabulary) : null;
  const n = src.length;
  for (let q = src.indexOf('=', from); q !== -1; q = src.indexOf('=', q + 1)) {
    let i = q + 1;
    // `==`: a comparison, which matters only for a literal compared with a name a rule asks about.
    const comparison = i < n && src.charCodeAt(i) === 61;
    if (comparison) q = i++;
    while (i < n && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9)) i++;
    const prefixStart = i;
    for (let k = 0; k < 2 && i < n && isStringPrefix(src.charCodeAt(i)); k++) i++;
    const c = i < n ? src.charCodeAt(i) : -1;
    if (c !== 34 && c !== 39) continue;
    // The line before the `=`: read in place, sliced only for ASSIGNMENT_BEFORE.
    const lineStart = lineStartWithin(src, q, MAX_TARGET_LENGTH);
    if (answers !== null) {
      const target = literalTarget(src, comparison ? q - 1 : q, comparison);
      const targeted =
        target === null ? namesTarget(src, lineStart, q + 1, vocabulary, answers) : isTargetName(target, vocabulary, answers);
      if (targeted && mayReportLiteral(src, prefixStart, i, vocabulary, exact)) return q;
    }
    if (!comparison && builtStrings && mayBeBuiltString(src, prefixStart, i) && ASSIGNMENT_BEFORE.test(src.slice(lineStart, q + 1)))
      return q;
  }
  return -1;
}

/** Whether `c` is an ASCII letter, digit or `_`. */
function isAsciiNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}

/**
 * The one name under which the walk may record the string literal after the `=` or `==` starting
 * at `op` (see the walk's assignment, keywordArgument and comparison): the name right before it,
 * for a comparison, a keyword argument (after `(` or `,`) or an assignment that starts its line
 * or follows a `;` (the last part of a dotted target). Null where more names may count: an
 * annotation, a subscript, a chain of assignments, another operator, a line continuation.
 */
function literalTarget(src: string, op: number, comparison: boolean): string | null {
  let j = op - 1;
  // j >= 0 before each read: see mayPairString.
  while (j >= 0 && (src.charCodeAt(j) === 32 || src.charCodeAt(j) === 9)) j--;
  const end = j + 1;
  while (j >= 0 && isAsciiNameChar(src.charCodeAt(j))) j--;
  if (j + 1 === end || (j >= 0 && src.charCodeAt(j) > 127)) return null;
  const c0 = src.charCodeAt(j + 1);
  if (c0 >= 48 && c0 <= 57) return null;
  const name = src.slice(j + 1, end);
  if (comparison) return name;
  // The start of the dotted target, then what comes before it.
  for (;;) {
    while (j >= 0 && (src.charCodeAt(j) === 32 || src.charCodeAt(j) === 9)) j--;
    if (j < 0 || src.charCodeAt(j) !== 46) break;
    j--;
    while (j >= 0 && (src.charCodeAt(j) === 32 || src.charCodeAt(j) === 9)) j--;
    const partEnd = j + 1;
    while (j >= 0 && isAsciiNameChar(src.charCodeAt(j))) j--;
    if (j + 1 === partEnd || (j >= 0 && src.charCodeAt(j) > 127)) return null;
  }
  if (j < 0) return name;
  const c = src.charCodeAt(j);
  if (c === 40 || c === 44 || c === 59) return name;
  if (c === 10 || c === 13) {
    // A line start, unless the line before goes on with a backslash.
    let k = j - 1;
    if (c === 10 && k >= 0 && src.charCodeAt(k) === 13) k--;
    return k >= 0 && src.charCodeAt(k) === 92 ? null : name;
  }
  return null;
}

/**
 * Whether the string literal whose prefix starts at `prefixStart` and quote is at `quote` may be
 * part of a string built from variables (see isBuiltString): an f-string, or a literal followed by
 * `%`, `+` or a method call (`.format`, `.join`). Unsure (unterminated, followed by another
 * literal) counts as yes.
 */
function mayBeBuiltString(src: string, prefixStart: number, quote: number): boolean {
  if (/[fF]/.test(src.slice(prefixStart, quote))) return true;
  const end = stringLiteralEnd(src, quote);
  if (end === -1) return true;
  const n = src.length;
  let k = end;
  // k < n before each read: see mayPairString.
  for (;;) {
    while (k < n && (src.charCodeAt(k) === 32 || src.charCodeAt(k) === 9)) k++;
    if (k >= n || src.charCodeAt(k) !== 92) break;
    k += k + 1 < n && src.charCodeAt(k + 1) === 13 ? 3 : 2; // a line continuation
  }
  if (k >= n) return false;
  const next = src.charCodeAt(k);
  return next === 37 || next === 43 || next === 46 || next === 34 || next === 39;
}

/** Offset just past the string literal whose opening quote is at `quote`, or -1 when it is not closed. */
function stringLiteralEnd(src: string, quote: number): number {
  const q = src.charCodeAt(quote);
  if (quote + 2 < src.length && src.charCodeAt(quote + 1) === q && src.charCodeAt(quote + 2) === q) return tripleQuotedEnd(src, quote);
  for (let j = quote + 1; j < src.length; j++) {
    const c = src.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 10) return -1;
    else if (c === q) return j + 1;
  }
  return -1;
}

/** End of the code on the line [lineStart, lineEnd): where a comment starts (outside one-line strings), else lineEnd. */
function lineCodeEnd(src: string, lineStart: number, lineEnd: number): number {
  let quote = 0;
  for (let j = lineStart; j < lineEnd; j++) {
    const c = src.charCodeAt(j);
    if (quote !== 0) {
      if (c === 92) j++;
      else if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 35) return j;
  }
  return lineEnd;
}

/**
 * Whether a call of `name` may matter in `src`: the walk records it (see recordsCall), and in this
 * document one of its declaring parties' conditions holds, gates included (see callsThatMatter),
 * and receivers: `receiver` reads the call's (see receiverBefore), absent for a call without one;
 * and arguments: `args` reads the call's (see callArguments), if asked.
 */
function mattersCall(
  vocabulary: Vocabulary,
  name: string,
  matter: CallsThatMatter,
  passes: (gate: TextGate) => boolean,
  receiver?: () => string | null | undefined,
  args?: () => readonly string[] | null,
): boolean {
  if (vocabulary.callNames.has(name)) {
    const withReceiver = receiver ? matter.withReceiver.get(name) : undefined;
    const gates = withReceiver === undefined ? matter.restricted.get(name) : withReceiver;
    if (
      (gates === undefined || gates === null || gates.some(passes)) &&
      (!receiver || mattersOn(matter, name, receiver)) &&
      (!args || mattersWith(vocabulary, matter, name, args, receiver !== undefined))
    )
      return true;
  }
  for (const { pattern, gates } of matter.patterns) if (pattern.test(name) && (gates === null || gates.some(passes))) return true;
  return false;
}

/** Whether a call of `name` with the receiver `receiver` reads may matter, as far as its receiver says (see CallsThatMatter.receivers). */
function mattersOn(matter: CallsThatMatter, name: string, receiver: () => string | null | undefined): boolean {
  const plain = matter.receivers.get(name);
  if (plain === undefined) return true;
  const written = receiver();
  return written === undefined || (written !== null && (plain === null || plain.has(written)));
}

/**
 * Whether a call of `name` with the arguments `args` reads (null: unsure) may matter (see
 * CallsThatMatter.argumentGates); `receiver`: it is written with one (whose name the walk never
 * takes for an alias's).
 */
function mattersWith(
  vocabulary: Vocabulary,
  matter: CallsThatMatter,
  name: string,
  args: () => readonly string[] | null,
  receiver: boolean,
): boolean {
  const tests = matter.argumentGates.get(name);
  if (tests === undefined) return true;
  const written = args();
  if (written === null) return true;
  const called = receiver ? name : (vocabulary.aliases.get(name) ?? name);
  return tests.some((accepts) => accepts(called, written, receiver));
}

/**
 * The receiver of the call whose name starts at `nameStart` after a `.` (blanks between aside), as
 * far as mattersOn asks: a plain name (`requests` of `requests.get`, `x . get`), null for another
 * receiver (`a.b`, `f()`, `d["k"]`, `(x)`), which the walk records as no name the module facts
 * resolve, undefined where the text does not say (a line continuation, a non-ASCII letter). A
 * plain name read here where the walk reads a longer receiver only costs a parse.
 */
function receiverBefore(src: string, nameStart: number): string | null | undefined {
  let j = nameStart - 1;
  while (isInlineBlank(src.charCodeAt(j))) j--;
  if (src.charCodeAt(j) !== 46) return undefined;
  j--;
  while (isInlineBlank(src.charCodeAt(j))) j--;
  const end = j + 1;
  while (j >= 0 && isAsciiNameChar(src.charCodeAt(j))) j--;
  const c = src.charCodeAt(j);
  if (c > 127) return undefined;
  if (end === j + 1) return c === 92 || c === 10 || c === 13 || Number.isNaN(c) ? undefined : null;
  const first = src.charCodeAt(j + 1);
  if (first >= 48 && first <= 57) return null;
  let k = j;
  while (isInlineBlank(src.charCodeAt(k))) k--;
  return src.charCodeAt(k) === 46 ? null : src.slice(j + 1, end);
}

/** A space, tab or form feed. */
function isInlineBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 12;
}

/**
 * The token ending at `at` (blanks before it aside), as far as nextCallThatMatters asks: '.', 'def',
 * 'class', or '' for anything else.
 */
function previousToken(src: string, at: number): string {
  let j = at;
  while (unitBefore(src, j) === 32 || unitBefore(src, j) === 9) j--;
  const c = unitBefore(src, j);
  if (c === 46) return unitBefore(src, j - 1) === 46 ? '' : '.';
  for (const keyword of ['def', 'class']) {
    const start = j - keyword.length + 1;
    if (start >= 0 && src.startsWith(keyword, start) && (start === 0 || !isNameChar(src.charCodeAt(start - 1)))) return keyword;
  }
  return '';
}

/**
 * The code unit at `i`, an offset at most the text's last, or -1 before its start: a read before
 * the start (NaN) made V8 throw the reading function's optimized code away, once per process.
 */
function unitBefore(src: string, i: number): number {
  return i >= 0 ? src.charCodeAt(i) : -1;
}

/** What the gates say of `src`, each asked when a call needs it, at most once. */
function gateAnswers(src: string): (gate: TextGate) => boolean {
  let answers: Map<TextGate, boolean> | undefined;
  return (gate) => {
    answers ??= new Map();
    let answer = answers.get(gate);
    if (answer === undefined) answers.set(gate, (answer = gate(src)));
    return answer;
  };
}

/**
 * The calls of a text whose last name is one the walk records and that may matter (see mattersCall),
 * outside its prose (see Exact.inProse), each looked for once: whether there is one is asked of
 * every text, where the others are only of a text parsed in part (see linesThatMatter).
 */
class CallsThatMatterIn {
  private firstAt: number | undefined;
  /** What the gates say of the text. */
  private readonly passes: (gate: TextGate) => boolean;

  constructor(
    private readonly src: string,
    private readonly vocabulary: Vocabulary,
    private readonly matter: CallsThatMatter,
    private readonly exact: Exact,
  ) {
    this.passes = gateAnswers(src);
  }

  /** Whether the text may hold such a call. */
  any(): boolean {
    return this.first() !== -1;
  }

  /** Adds where the `(` of each such call is to `out`, in order. */
  addAll(out: number[]): void {
    for (let at = this.first(); at !== -1; at = this.next(at + 1)) out.push(at);
  }

  private first(): number {
    return (this.firstAt ??= this.next(0));
  }

  private next(from: number): number {
    return nextCallThatMatters(this.src, from, this.vocabulary, this.matter, this.passes, this.exact);
  }
}

/**
 * Where the `(` of the first call at or after `from` that may matter (see CallsThatMatterIn) is, or
 * -1 without one; `passes` says what the gates say of `src`.
 */
function nextCallThatMatters(
  src: string,
  from: number,
  vocabulary: Vocabulary,
  matter: CallsThatMatter,
  passes: (gate: TextGate) => boolean,
  exact: Exact,
): number {
  for (let p = src.indexOf('(', from); p !== -1; p = src.indexOf('(', p + 1)) {
    let j = p - 1;
    let c = unitBefore(src, j);
    for (;;) {
      while (c === 32 || c === 9 || c === 92 || c === 13 || c === 12) c = unitBefore(src, --j);
      if (c !== 10) break;
      // `(` opens a line: the callee's name may end the code of a line above (inside brackets or
      // after a backslash), before its comment.
      const lineStart = src.lastIndexOf('\n', j - 1) + 1;
      j = lineCodeEnd(src, lineStart, j) - 1;
      c = unitBefore(src, j);
    }
    const end = j + 1;
    while (j >= 0 && isNameChar(src.charCodeAt(j))) j--;
    if (end === j + 1) continue;
    const name = src.slice(j + 1, end);
    if (!mattersCall(vocabulary, name, matter, passes) || exact.inProse(p) || exact.inProse(j + 1)) continue;
    // A definition's name is no call; a builtin's name after a receiver may be one that does not
    // matter; a call's arguments may say it cannot change a finding (read as the tree has them
    // where the syntax is sure, which proseIsProse asks).
    const before = previousToken(src, j);
    if (
      before === 'def' ||
      before === 'class' ||
      (before === '.' &&
        !mattersCall(
          vocabulary,
          name,
          matter,
          passes,
          () => receiverBefore(src, j + 1),
          () => callArguments(src, p),
        )) ||
      (before === '' && !mattersCall(vocabulary, name, matter, passes, undefined, () => callArguments(src, p)))
    ) {
      exact.skip();
      continue;
    }
    return p;
  }
  return -1;
}

/** Whether a string built from variables may matter in a document with these calls that matter, remembered per document kind. */
const builtStringAnswers = new WeakMap<CallsThatMatter, boolean>();

/**
 * Whether a string built from variables and assigned to a name (recorded for RuleNeeds.builtCommands)
 * can change a finding in a document: only through a call of one of those rules' that may matter
 * there (see callsThatMatter), such as `os.system(cmd)` in a document that names `os`.
 */
function builtStringsMatter(vocabulary: Vocabulary, matter: CallsThatMatter): boolean {
  if (!vocabulary.builtStrings) return false;
  let answer = builtStringAnswers.get(matter);
  if (answer === undefined) {
    answer = false;
    for (const name of vocabulary.commands) {
      const gates = matter.restricted.get(name);
      if (gates === undefined || gates.length > 0) answer = true;
    }
    builtStringAnswers.set(matter, answer);
  }
  return answer;
}

/**
 * A well-formed function definition header (decorated on one-line decorators, or not): in a text
 * that is this one statement, strings and imports stay in the function's scope.
 */
const FUNCTION_START = /^(?:[ \t\f]*@[^\n]*\n)*[ \t\f]*(?:async[ \t]+)?def[ \t]+[A-Za-z_]\w*[ \t]*\(/;

/**
 * Whether `src` may produce a record: a handler (and the raises in it), a call whose last name the
 * walk records, an import that matters, or a `name = "..."` statement that matters (see
 * mayAssignString). A raise outside a handler is read by no rule. `oneFunction`: `src` is one
 * function definition (see FUNCTION_START). `part`: what part of a document `src` is, for the
 * handler gates to read its except clauses (see readClauses); null: they read words alone.
 */
export function mayHoldRecords(
  src: string,
  vocabulary: Vocabulary,
  oneFunction: boolean,
  matter: CallsThatMatter = everyCallThatMatters(vocabulary),
  part: TextPart | null = null,
): boolean {
  return mayHoldRecordsIn(src, vocabulary, oneFunction, matter, part, new Exact(src, part));
}

/** mayHoldRecords, reading exactly what `exact` allows. */
function mayHoldRecordsIn(
  src: string,
  vocabulary: Vocabulary,
  oneFunction: boolean,
  matter: CallsThatMatter,
  part: TextPart | null,
  exact: Exact,
): boolean {
  // By words alone the handler gates cost less than the tests of the other records; reading the
  // clauses costs more, so then they come last.
  if (part === null)
    return mayHoldHandlerThatMatters(src, vocabulary, null, exact) || mayHoldOtherRecords(src, vocabulary, oneFunction, matter, exact);
  return mayHoldOtherRecords(src, vocabulary, oneFunction, matter, exact) || mayHoldHandlerThatMatters(src, vocabulary, part, exact);
}

/**
 * Whether `src` may produce a record other than a handler or a raise (see mayHoldRecords).
 * `importsRead`: whether its imports are read from its text when it is left unparsed (see prefilter).
 */
function mayHoldOtherRecords(
  src: string,
  vocabulary: Vocabulary,
  oneFunction: boolean,
  matter: CallsThatMatter,
  exact: Exact,
  importsRead?: () => boolean,
  calls = new CallsThatMatterIn(src, vocabulary, matter, exact),
): boolean {
  // Where the words of prose would be a reason to parse (a docstring that shows `open(path)`, a
  // table of help texts), the code alone decides, if the syntax is sure.
  if (calls.any() || (mayImport(src, oneFunction, exact) && !importsRead?.())) return true;
  if (!exact.proseIsProse()) return true;
  return (
    mayAssignString(src, vocabulary, oneFunction || !builtStringsMatter(vocabulary, matter), exact) || mayPairString(src, vocabulary, exact)
  );
}

/**
 * Whether `src` may hold an import that matters: in a function, an import binds names for that
 * function's calls (found by CallsThatMatterIn); only importing logging says something of the whole module.
 */
function mayImport(src: string, oneFunction: boolean, exact: Exact): boolean {
  return hasCodeWord(src, 'import', exact) && (!oneFunction || hasCodeWord(src, 'logging', exact));
}

/** Whether `word` occurs in `src` as a whole word outside its prose (see Exact.inProse). */
function hasCodeWord(src: string, word: string, exact: Exact): boolean {
  for (let i = wordIndex(src, word); i !== -1; i = wordIndex(src, word, i + 1)) if (!exact.inProse(i)) return true;
  return false;
}

/**
 * Whether `src` may hold an except clause (or a raise in one) that a rule's handler() or raise()
 * could report: some `except`, and one of those rules' text gates accepts `src` (see
 * RuleNeeds.handlersMatterIn), reading its except clauses where `part` allows (see readClauses).
 * Rules that only read a handler as the context of their own calls (RuleNeeds.handlers) are no
 * reason to parse: their calls are.
 */
function mayHoldHandlerThatMatters(src: string, vocabulary: Vocabulary, part: TextPart | null, exact: Exact): boolean {
  return handlersThatMatter(src, vocabulary, part, exact) !== false;
}

/**
 * mayHoldHandlerThatMatters, saying why: the clauses read from the text where a gate accepted
 * them, true where the text may hold a handler that matters otherwise, false where it holds none.
 */
function handlersThatMatter(src: string, vocabulary: Vocabulary, part: TextPart | null, exact: Exact): HandlerTexts | boolean {
  const gates = vocabulary.handlerGates;
  if (gates !== null && gates.length === 0) return false;
  if (!hasWord(src, 'except')) return false;
  if (gates === null) return true;
  let reading: HandlerTexts | null | undefined;
  const read = () => (reading === undefined ? (reading = readClauses(src, part)) : reading);
  // Whether a gate said no from what the text shows of its clauses, on the condition that the
  // syntax is sure: asked at the end, where no gate said yes.
  let shown = false;
  const sure = () => (shown = true);
  for (const gate of gates) if (gate(src, read, sure)) return reading ?? true;
  // Where the gates said no from the reading or from what the text shows, it must be what the walk
  // would find: the syntax must be sure as `src` parses in place (below MEMBER_HEADER for a
  // member). Asked last, as most texts the gates read are parsed anyway.
  return (shown || (reading !== undefined && reading !== null)) && !exact.surely();
}

/**
 * The except clauses and raise statements of a part of a document, read from its text (see
 * readHandlers); null without a part, or for a branch run, whose header is not known here.
 */
function readClauses(src: string, part: TextPart | null): HandlerTexts | null {
  return part === null || part === 'branch' ? null : readHandlers(src);
}

/** Whether `src` is one well-formed function definition. */
export function isOneFunction(src: string): boolean {
  return FUNCTION_START.test(src);
}

/**
 * A line that starts a (nested) function or class definition, asked at a line start: the same as
 * /^[ \t\f]*(?:async[ \t]+)?(?:def|class)\b/m at that line.
 */
const DEFINITION_LINE = /[ \t\f]*(?:async[ \t]+)?(?:def|class)\b/y;

/** A line terminator: where `^` matches after in a multiline expression. */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** What may stand before `def` or `class` on a definition line: spaces, tabs, form feeds, `async`. */
function mayLead(c: number): boolean {
  return c === 32 || c === 9 || c === 12 || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * Whether a line of `src` starts a (nested) function or class definition. Found from each `def` and
 * `class`, not by trying a multiline expression at every line: long docstrings and data tables have
 * many lines and few such words.
 */
export function hasNestedDefinition(src: string, skip: (at: number) => boolean = () => false): boolean {
  return wordStartsDefinitionLine(src, 'def', skip) || wordStartsDefinitionLine(src, 'class', skip);
}

/** Whether some occurrence of `word` (that `skip` does not skip) is on a line that DEFINITION_LINE matches from its start. */
function wordStartsDefinitionLine(src: string, word: string, skip: (at: number) => boolean): boolean {
  for (let i = src.indexOf(word); i !== -1; i = src.indexOf(word, i + word.length)) {
    let start = i;
    while (start > 0 && mayLead(src.charCodeAt(start - 1))) start--;
    if (start > 0 && !isLineTerminator(src.charCodeAt(start - 1))) continue;
    DEFINITION_LINE.lastIndex = start;
    if (DEFINITION_LINE.test(src) && !skip(i)) return true;
  }
  return false;
}

/** The node types of prose: a walk that visits one of these may record something in a string or a comment. */
const PROSE_PARTS = new Set([
  'concatenated_string',
  'string',
  'string_start',
  'string_content',
  'escape_sequence',
  'string_end',
  'comment',
]);

/**
 * The node types in the tree of a plain string assignment (see plainStringAssignment) other than
 * `assignment`: a vocabulary whose walk visits one of these may record something in it.
 */
const PLAIN_STRING_ASSIGNMENT_PARTS = new Set([
  'module',
  'expression_statement',
  'identifier',
  'parenthesized_expression',
  'line_continuation',
  ...PROSE_PARTS,
]);

/** `name =` then a string literal, possibly in parentheses, after blank and comment lines: worth asking plainStringAssignment. */
const STRING_ASSIGNMENT_HEAD = /^(?:[ \t\f]*(?:#[^\n\r]*)?(?:\r\n?|\n))*[ \t\f]*[A-Za-z_]\w*[ \t\f]*=[ \t\f]*(?:\(|[rRuUbB]{0,2}["'])/;

/**
 * Whether `src`, a top-level statement or a class member, is one statement that binds a name to
 * plain string literals (see plainStringAssignment) in which the walk records nothing, as read from
 * the vocabulary: the walk keeps such an assignment only as a literal assigned to a name a rule
 * asks about (RuleNeeds.stringAssignments; a plain literal is never a string built from
 * variables), and `visitsParts` says whether it visits another node type of its tree. Whatever its
 * prose holds, such a statement needs no tree. Its syntax must be sure too (as it parses in place,
 * below MEMBER_HEADER for a member): error recovery could read calls out of a broken literal.
 */
function isUnrecordedStringAssignment(src: string, part: TextPart, vocabulary: Vocabulary, visitsParts: boolean): boolean {
  if (visitsParts || part === 'branch' || !STRING_ASSIGNMENT_HEAD.test(src)) return false;
  const target = plainStringAssignment(src);
  return target !== null && !isTargetName(target, vocabulary) && surelyParses(part === 'member' ? MEMBER_HEADER + src : src);
}

/** A top-level definition: its name is all it contributes when it holds no record. */
const DEFINITION_START = /^(?:@|def\b|async[ \t]+def\b|class\b)/;

/**
 * The parse filter for a vocabulary: whether a part of a document (see TextPart) can be left
 * unparsed, because skimUnit would find nothing in it that needs the tree: no record, and at the
 * top level no nested definition (module-level names) and no `__main__` block. Only calls that
 * `matter` in the document are a reason to parse (see callsThatMatter; by default, a document that
 * names every module).
 */
export function prefilter(vocabulary: Vocabulary, matter: CallsThatMatter = everyCallThatMatters(vocabulary)): ParseFilter {
  const visitsStringAssignmentParts = vocabulary.nodeTypes.some((type) => PLAIN_STRING_ASSIGNMENT_PARTS.has(type));
  const visitsProse = vocabulary.nodeTypes.some((type) => PROSE_PARTS.has(type));
  /**
   * The last text asked about, when it may be parsed in part (see mayNarrow): only around its except
   * clauses (their logical lines read), or around its calls too (`lines` null: read when asked).
   */
  let narrowable: {
    src: string;
    part: TextPart;
    lines: readonly LogicalLineText[] | null;
    exact: Exact;
    calls: CallsThatMatterIn;
  } | null = null;
  const filter: ParseFilter = (src, part) => {
    narrowable = null;
    // Plain imports are read from their text (see UnitReader.statement), unless their syntax is in doubt.
    if (part === 'statement' && startsWithImport(src) && plainImports(src) !== null) return surelyParses(src);
    if (isUnrecordedStringAssignment(src, part, vocabulary, visitsStringAssignmentParts)) return true;
    const exact = new Exact(src, part, visitsProse);
    // A top-level `try` whose imports are plain is read from its text, where its syntax is sure
    // (see UnitReader.statement), if nothing else in it needs the tree.
    const importsRead = part === 'statement' && TRY_START.test(src) ? () => exact.surely() && importsOfTry(src) !== null : undefined;
    // A branch run can hold several statements, so it is never just one function.
    const calls = new CallsThatMatterIn(src, vocabulary, matter, exact);
    if (mayHoldOtherRecords(src, vocabulary, part !== 'branch' && isOneFunction(src), matter, exact, importsRead, calls)) {
      if (mayNarrow(src, part)) narrowable = { src, part, lines: null, exact, calls };
      return false;
    }
    const handlers = handlersThatMatter(src, vocabulary, part, exact);
    if (handlers !== false) {
      if (handlers !== true && mayNarrow(src, part)) narrowable = { src, part, lines: handlers.lines, exact, calls };
      return false;
    }
    if (part !== 'statement' || DEFINITION_START.test(src)) return true;
    const unneeded = !mayDefineNested(src, exact) && !mayBeMainBlock(src, exact);
    if (!unneeded && mayNarrow(src, part)) narrowable = { src, part, lines: null, exact, calls };
    return unneeded;
  };
  // Asked only where the text is parsed whole otherwise: a long class is parsed member by member,
  // never narrowed whole. The syntax is asked first of what the text needs (the lines are read
  // from it as the parser reads them only where it is sure), except for handlers already read.
  filter.narrowing = (src, part) => {
    if (narrowable === null || narrowable.src !== src || narrowable.part !== part) return null;
    const { exact } = narrowable;
    if (!exact.surely()) return null;
    const lines = narrowable.lines ?? readHandlers(src)?.lines;
    if (!lines) return null;
    const kept = narrowable.lines === null ? linesThatMatter(src, vocabulary, matter, exact, narrowable.calls) : [];
    // At the top level, a def or class in a block defines a module-level name: its line is kept.
    if (part === 'statement' && !DEFINITION_START.test(src)) {
      for (const line of lines) if (line.first === 'def' || line.first === 'class') kept.push(line.start);
      kept.sort((a, b) => a - b);
    }
    return handlerSkeleton(src, lines, MIN_NARROWED_OUT, kept);
  };
  return filter;
}

/**
 * Where the records of `src` (a text mayNarrow accepts) that may matter besides its handlers and
 * imports are, in order: its calls, string assignments and dict entries (see CallsThatMatterIn,
 * mayAssignString, mayPairString; a string built from variables in a function matters to a
 * command call in it, so it is kept wherever one may matter in the document). The parse keeps
 * their lines and what the tree needs around them (see handlerSkeleton: every except clause and
 * import too, the headers around them, each body's last line); its other records matter to no
 * rule, as for text left unparsed.
 */
function linesThatMatter(src: string, vocabulary: Vocabulary, matter: CallsThatMatter, exact: Exact, callsIn: CallsThatMatterIn): number[] {
  const kept: number[] = [];
  callsIn.addAll(kept);
  const calls = kept.length;
  const literalsOnly = !builtStringsMatter(vocabulary, matter);
  everyFound((from) => nextStringAssignment(src, from, vocabulary, literalsOnly, exact), kept);
  everyFound((from) => nextPairString(src, from, vocabulary, exact), kept);
  // Each kind is found in order; the lines are marked in the order of all.
  if (kept.length > calls) kept.sort((a, b) => a - b);
  return kept;
}

/** Adds to `out` every offset `next` finds, in order: `next(from)` is the first at or after `from`, -1 without one. */
function everyFound(next: (from: number) => number, out: number[]): void {
  for (let at = next(0); at !== -1; at = next(at + 1)) out.push(at);
}

/** Fewer characters left out of a parse cost more in ranges than they save. */
const MIN_NARROWED_OUT = 64;

/**
 * Whether a text may be parsed in part (see ParseFilter.narrowing, handlerSkeleton), where its
 * syntax is sure, around the records that may matter (its handlers and their raises and calls,
 * its imports, the lines linesThatMatter finds): a class member, or a top-level statement, whose
 * defs and classes are kept (they may define module-level names), unless it may be a `__main__`
 * block, whose first statement the analysis reads. Not a branch run, whose header is not known
 * here. Its other records matter to no rule, as for a text left unparsed (see mayHoldOtherRecords).
 */
function mayNarrow(src: string, part: TextPart): boolean {
  return part === 'member' || (part === 'statement' && (DEFINITION_START.test(src) || !src.includes('__main__')));
}

/** Whether a line of the code of `src` may start a nested definition (in a docstring's example, none does). */
function mayDefineNested(src: string, exact: Exact): boolean {
  return hasNestedDefinition(src, (at) => exact.inProse(at)) || !exact.proseIsProse();
}

/** An `if` statement's first line, after blank and comment lines. */
const IF_START = /^(?:[ \t\f]*(?:#[^\n\r]*)?(?:\r\n?|\n))*[ \t\f]*if\b/;

/**
 * Whether the statement `src` may be a `__main__` block (see mainBlockOf) that only its tree can
 * tell: an `if` statement that names `__main__`, unless its syntax is sure and its text tells the
 * block (see mainBlockFromText; UnitReader.statement reads it then). Another statement is none,
 * where its syntax is sure (a statement of broken text may hold more than its first line says).
 */
function mayBeMainBlock(src: string, exact: Exact): boolean {
  if (!src.includes('__main__')) return false;
  const start = IF_START.exec(src);
  if (!start) return !exact.surely();
  return !exact.surely() || mainBlockFromText(src.slice(start[0].length - 2)) === undefined;
}
