// Finds where top-level statements (and the members of large classes) start, with a small lexical
// scan (strings, brackets, comments, line continuations), so a document can be parsed and
// re-parsed one segment at a time. See index.ts for what the cuts guarantee.
import { DOCUMENT_UNITS } from '../codeUnits';

/** Keywords that can only start a statement: a line at column 0 beginning with one ends any open bracket. */
const HARD_START = /^(?:def|class|async\s+def|import|from\s+\S+\s+import)\b|^@/;
/** Lines that continue the previous compound statement. */
const CONTINUATION = /^(?:else|elif|except|finally)\b/;

/**
 * Where a rescan after an edit may stop: line starts after the edit (old member cuts of the edited
 * class) from which the text is unchanged. Reaching one in a clean lexical state means the rest
 * scans as before, so the scan ends with `resyncedAt` (the next old top-level cut, or -1).
 */
export interface ScanExits {
  at: ReadonlySet<number>;
  resyncedAt: number;
}

/**
 * Offsets of the lines, after `from`, that start a new top-level statement. `from` must itself be
 * the start of a top-level statement (or 0), or a line start in a clean lexical state (no open
 * bracket, string or line continuation). Scanning stops at `to`, or early at the first cut at or
 * beyond `resyncAfter` for which `isOldCut` returns true (the rest is known not to have changed),
 * or at one of `exits`.
 */
export function topLevelCuts(
  text: string,
  from: number,
  to: number = text.length,
  resyncAfter = Infinity,
  isOldCut?: (offset: number) => boolean,
  exits?: ScanExits,
): { cuts: number[]; resyncedAt: number } {
  const cuts: number[] = [];
  const lex: LexState = lexState(false, text);
  // Exits are line starts anywhere; cuts only lines that start with code.
  if (exits === undefined) lex.actingIndent = '';
  let i = from;
  // The statement at `from` is the segment's own start; a decorator there owns the next def/class.
  let decorated = from < text.length && text.charCodeAt(from) === 64;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (lex.atLineStart) {
      lex.atLineStart = false;
      const isCode = c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 35;
      if (exits && lex.quote === 0 && !lex.continued && lex.depth === 0 && !decorated && exits.at.has(i)) {
        return { cuts, resyncedAt: exits.resyncedAt };
      }
      if (lex.quote === 0 && !lex.continued && isCode) {
        // The line's head is read only where it can change something: open brackets to close, or a
        // word that may continue a compound statement (else, elif, except, finally).
        if (lex.depth > 0 && HARD_START.test(text.slice(i, i + 40))) lex.depth = 0;
        const closing = c === 41 || c === 93 || c === 125;
        if (lex.depth === 0 && !closing && !((c === 101 || c === 102) && CONTINUATION.test(text.slice(i, i + 40)))) {
          if (decorated) {
            // A further decorator, or the decorated def/class itself: same statement.
            if (c !== 64) decorated = false;
          } else {
            if (i >= resyncAfter && isOldCut?.(i)) return { cuts, resyncedAt: i };
            cuts.push(i);
            decorated = c === 64;
          }
        }
      }
      lex.continued = false;
    }
    i = toLineStart(text, i, to, lex);
  }
  return { cuts, resyncedAt: -1 };
}

/**
 * Continues a member scan at `at`, an unchanged cut (the text before it did not change, so the scan
 * state there is a clean line start): `cutsBefore` are the cuts before it, and from `resyncAfter` on
 * the first cut that `oldCutsFrom` knows ends the scan with the old cuts from there (text unchanged).
 */
export interface MemberScanResume {
  at: number;
  indent: string;
  cutsBefore: number[];
  resyncAfter: number;
  oldCutsFrom: (offset: number) => number[] | null;
}

/**
 * The one split size: top-level classes (and class-level `if` blocks) longer than this are parsed
 * member by member (see memberCuts, memberRuns), and the analysis takes classes and `if`
 * statements longer than this apart into units (units.ts), so a member's unit is the same either way.
 */
export const SPLIT_CHARS = 2000;

/**
 * Where the members of a large top-level class statement [from, to) start, so each run of members
 * can be parsed on its own (the first run together with the class header, the others below a
 * stand-in header): an edit then reparses one member, not the whole class. Null when [from, to) is
 * small or not a class with an indented body, so the caller parses it whole. Cuts are at lines
 * indented exactly like the body's first line that start a statement.
 */
export function memberCuts(text: string, from: number, to: number, resume?: MemberScanResume, notes?: ScanNotes): number[] | null {
  if (to - from <= SPLIT_CHARS) return null;
  const cuts: number[] = resume ? resume.cutsBefore.slice() : [];
  let indent: string | null = resume ? resume.indent : null;
  let sawClass = resume !== undefined;
  const lex: LexState = lexState(true, text);
  // Once the body's indentation is known, only lines indented by it can start a member.
  if (indent !== null) lex.actingIndent = indent;
  let decorated = false;
  let i = resume ? resume.at : from;
  while (i < to) {
    if (lex.atLineStart) {
      lex.atLineStart = false;
      if (lex.quote === 0 && !lex.continued) {
        const { ws, first: d, isCode, head, codeAt: j } = lineHead(text, i, to);
        closeAtHardStart(lex, ws, isCode, head, indent, notes);
        if (isCode && lex.depth === 0) {
          if (indent === null) {
            if (ws === '') {
              // Header lines: decorators, then the class line.
              if (sawClass || !(d === 64 || /^class\b/.test(head))) return null;
              if (d !== 64) sawClass = true;
            } else {
              if (!sawClass) return null;
              indent = ws;
              lex.actingIndent = indent;
              decorated = d === 64;
            }
          } else if (ws === indent) {
            const closing = d === 41 || d === 93 || d === 125;
            if (!closing && !CONTINUATION.test(head)) {
              if (decorated) {
                if (d !== 64) decorated = false;
              } else {
                if (resume && i >= resume.resyncAfter) {
                  const rest = resume.oldCutsFrom(i);
                  if (rest) return cuts.concat(rest);
                }
                cuts.push(i);
                decorated = d === 64;
              }
            }
          }
          // A code line indented otherwise (mistyped indentation, a closing bracket) stays in its run.
          i = j;
          continue;
        }
      }
      lex.continued = false;
    }
    i = toLineStart(text, i, to, lex);
  }
  return cuts.length > 0 ? cuts : null;
}

/**
 * What a member scan noticed: `reset` when a def/class line closed brackets left open above it
 * (broken code), so some cuts are not at clean lexical states (no open bracket, string or line
 * continuation) and a top-level scan cannot start from them.
 */
export interface ScanNotes {
  reset: boolean;
}

/** A run of a split class's body: [start, end), parsed below `header` (see memberRuns). */
export interface RunBounds {
  start: number;
  end: number;
  header: string;
}

/** Parsed ahead of a member run, so the indented members parse as a class body. */
export const MEMBER_HEADER = 'class _:\n';

/** Parsed ahead of a run of statements from the branches of a class-level `if` indented by `indent`. */
export function branchHeader(indent: string): string {
  return `${MEMBER_HEADER}${indent}if _:\n`;
}

/**
 * The member runs of a split class [from, to) cut at `cuts` (from memberCuts; the text before the
 * first cut is the class header's run and is not returned). A member that is an `if` statement
 * longer than SPLIT_CHARS (platform-specific method sets, like `if _mswindows:` in
 * subprocess.Popen) is cut further at the statements of its branches, parsed below branchHeader.
 */
export function memberRuns(text: string, to: number, cuts: number[], notes?: ScanNotes): RunBounds[] {
  const runs: RunBounds[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const start = cuts[i];
    const end = i + 1 < cuts.length ? cuts[i + 1] : to;
    const inner = end - start > SPLIT_CHARS ? branchCuts(text, start, end, notes) : null;
    if (!inner) {
      runs.push({ start, end, header: MEMBER_HEADER });
      continue;
    }
    runs.push({ start, end: inner.cuts[0], header: MEMBER_HEADER });
    const header = branchHeader(inner.indent);
    inner.cuts.forEach((c, k) => runs.push({ start: c, end: k + 1 < inner.cuts.length ? inner.cuts[k + 1] : end, header }));
  }
  return runs;
}

/**
 * Where the statements in the branches of the `if` member [from, to) start, except the first one
 * after each `if`/`elif`/`else` line (which stays with that line, so every run parses below
 * `if _:`); null when the member is not an `if` or has no such statement.
 */
function branchCuts(text: string, from: number, to: number, notes?: ScanNotes): { indent: string; cuts: number[] } | null {
  let j = from;
  while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
  if (!/^if\b/.test(text.slice(j, j + 3))) return null;
  const indent = text.slice(from, j);
  const cuts: number[] = [];
  let body: string | null = null;
  /** Indentation of the last code line that started a statement. */
  let previous = indent;
  let decorated = false;
  const lex: LexState = lexState(false, text);
  let i = j;
  while (i < to) {
    if (lex.atLineStart) {
      lex.atLineStart = false;
      if (lex.quote === 0 && !lex.continued) {
        const { ws, first: d, isCode, head, codeAt: k } = lineHead(text, i, to);
        closeAtHardStart(lex, ws, isCode, head, body, notes);
        if (isCode && lex.depth === 0) {
          if (body === null && ws.length > indent.length && ws.startsWith(indent)) {
            body = ws;
            decorated = d === 64;
          } else if (ws === body && previous !== indent && d !== 41 && d !== 93 && d !== 125 && !CONTINUATION.test(head)) {
            if (decorated) {
              if (d !== 64) decorated = false;
            } else {
              cuts.push(i);
              decorated = d === 64;
            }
          } else if (ws === body && previous === indent) decorated = d === 64;
          previous = ws;
          i = k;
          continue;
        }
      }
      lex.continued = false;
    }
    i = toLineStart(text, i, to, lex);
  }
  return body !== null && cuts.length > 0 ? { indent, cuts } : null;
}

/** The start of the line at `i`: its indentation, where its first character is and what it is, its first 40 characters. */
function lineHead(text: string, i: number, to: number): { ws: string; codeAt: number; first: number; isCode: boolean; head: string } {
  let k = i;
  while (k < to && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  const first = text.charCodeAt(k);
  const isCode = k < to && first !== 10 && first !== 13 && first !== 12 && first !== 35;
  return { ws: text.slice(i, k), codeAt: k, first, isCode, head: text.slice(k, Math.min(k + 40, to)) };
}

/**
 * Inside brackets, a def/class/import/decorator line indented by `level` starts a statement and
 * ends the brackets (they were left open by mistake); `notes` hears of it.
 */
function closeAtHardStart(lex: LexState, ws: string, isCode: boolean, head: string, level: string | null, notes?: ScanNotes): void {
  if (isCode && lex.depth > 0 && level !== null && ws === level && HARD_START.test(head)) {
    lex.depth = 0;
    if (notes) notes.reset = true;
  }
}

/** Lexical state shared by the statement scanners: open brackets, an open string, a line continuation. */
interface LexState {
  depth: number;
  /** The open string's quote character (0: none). */
  quote: number;
  /** The open string is triple-quoted. */
  triple: boolean;
  /** The current line ends with a backslash, so the next one continues it. */
  continued: boolean;
  /** The next character starts a line. */
  atLineStart: boolean;
  /**
   * When set, the scan acts only at lines indented exactly by it (no indentation for topLevelCuts,
   * the body's for memberCuts) that hold code after it: toLineStart goes on through the starts of
   * other lines (indented otherwise, blank, comments) instead of returning at each.
   */
  actingIndent: string | undefined;
  /** The first backslash at or after `backslashAskedFrom` (-1: none; see backslashFrom). */
  nextBackslash: number;
  backslashAskedFrom: number;
  /**
   * The document's code units when the module search copied them (see toLineStart). Asked for
   * once per scan (comparing texts of the same length reads them): the scanners' callbacks only
   * look up old cuts, and no scan copies a text, so they stay valid while it runs.
   */
  units: Uint16Array | undefined;
}

function lexState(atLineStart: boolean, text: string): LexState {
  return {
    depth: 0,
    quote: 0,
    triple: false,
    continued: false,
    atLineStart,
    actingIndent: undefined,
    nextBackslash: -1,
    backslashAskedFrom: Infinity,
    units: DOCUMENT_UNITS.held(text),
  };
}

/**
 * Where the first backslash at or after `i` is (-1: none). Remembered with where it was asked from:
 * a scan reads forwards, so the triple-quoted strings of a text without backslashes do not search
 * it again each.
 */
function backslashFrom(text: string, i: number, s: LexState): number {
  if (i < s.backslashAskedFrom || (s.nextBackslash !== -1 && s.nextBackslash < i)) {
    s.nextBackslash = text.indexOf('\\', i);
    s.backslashAskedFrom = i;
  }
  return s.nextBackslash;
}

/**
 * Moves from `i` inside an open triple-quoted string to the offset after its closing quotes (or
 * `to`). Only its quote character and backslashes matter, so it jumps from one to the next with
 * indexOf (docstrings and YAML documentation strings are long); its line breaks are not line starts
 * to the scanners.
 */
function tripleStringEnd(text: string, i: number, to: number, s: LexState): number {
  const q = s.quote;
  const quote = q === 34 ? '"' : "'";
  let j = i;
  while (j < to) {
    const close = text.indexOf(quote, j);
    const escape = backslashFrom(text, j, s);
    if (escape !== -1 && (close === -1 || escape < close)) {
      j = escape + 2;
      continue;
    }
    if (close === -1) return to;
    if (text.charCodeAt(close + 1) === q && text.charCodeAt(close + 2) === q) {
      s.quote = 0;
      return close + 3;
    }
    j = close + 1;
  }
  return j;
}

/** Characters the scanners act on outside strings; everything else (code points above 127 too) is skipped in runs. */
const SPECIAL = new Uint8Array(128);
for (const c of '\n#"\'([{)]}\\') SPECIAL[c.charCodeAt(0)] = 1;

/** First characters of lines that hold no code at their start: blanks, line breaks, a comment. */
const NOT_CODE = new Uint8Array(0x10000);
for (const c of ' \t\n\r\f#') NOT_CODE[c.charCodeAt(0)] = 1;

/**
 * Whether the line at `i` is indented exactly by `indent` and holds code after it. Reads no unit
 * past the first that differs from `indent`, so none past the line feed after the text.
 */
function codeIndentedBy(units: Uint16Array, i: number, indent: string): boolean {
  const n = indent.length;
  for (let k = 0; k < n; k++) if (units[i + k] !== indent.charCodeAt(k)) return false;
  return NOT_CODE[units[i + n]] === 0;
}

/** What toLineStart does at a character outside strings, by code unit (a table over them all: no test for ASCII). */
const ACTION = new Uint8Array(0x10000);
/** Nothing: a run of code goes on. */
const GO_ON = 0;
const LINE_FEED = 1;
const COMMENT = 2;
const QUOTE = 3;
const OPEN = 4;
const CLOSE = 5;
const BACKSLASH = 6;
ACTION[10] = LINE_FEED;
ACTION[35] = COMMENT;
ACTION[34] = QUOTE;
ACTION[39] = QUOTE;
for (const c of '([{') ACTION[c.charCodeAt(0)] = OPEN;
for (const c of ')]}') ACTION[c.charCodeAt(0)] = CLOSE;
ACTION[92] = BACKSLASH;

/**
 * Moves from `i` to the start of the next line (or to `to`), updating `s`: past strings, comments,
 * brackets and runs of ordinary characters, in one loop (the scanners act only at line starts).
 * The line breaks of a triple-quoted string are not line starts to the scanners; an unterminated
 * one-line string ends at its line's end. Returns the offset reached, with `s.atLineStart` set when
 * it is a line start.
 */
function toLineStart(text: string, i: number, to: number, s: LexState): number {
  // The document's units when the module search copied them. Otherwise (a rescan after an edit,
  // a statement's text) the characters are read with charCodeAt: copying a whole text for a part
  // of it would cost each keystroke a pass over the document.
  const units = s.units;
  if (units === undefined) return toLineStartInString(text, i, to, s);
  if (s.quote !== 0) {
    i = stringEnd(text, units, i, to, s);
    if (s.atLineStart || i >= to) return i;
  }
  return codeToLineStart(text, units, i, to, s);
}

/**
 * toLineStart from `i` outside strings. The bracket depth is kept in a local while it runs (a
 * property of `s` would be loaded and stored at each bracket), and each character's action is one
 * table read.
 */
function codeToLineStart(text: string, units: Uint16Array, i: number, to: number, s: LexState): number {
  let depth = s.depth;
  while (i < to) {
    let action = ACTION[units[i]];
    if (action === GO_ON) {
      // `to` is a line start or the end of the text: a run of code stops at a line break before it.
      i = codeRunEnd(units, i + 1);
      if (i >= to) {
        i = to;
        break;
      }
      action = ACTION[units[i]];
    }
    if (action === LINE_FEED) {
      const indent = s.actingIndent;
      if (indent !== undefined && i + 1 < to && !codeIndentedBy(units, i + 1, indent)) {
        // A line the caller would pass over: only its start ends a line continuation.
        s.continued = false;
        i++;
        continue;
      }
      s.depth = depth;
      s.atLineStart = true;
      return i + 1;
    }
    if (action === COMMENT) {
      const nl = text.indexOf('\n', i);
      if (nl === -1 || nl > to) {
        i = to;
        break;
      }
      i = nl;
      continue;
    }
    if (action === QUOTE) {
      const c = units[i];
      s.quote = c;
      // Past the text's end, units[text.length] is a line feed: no quote.
      s.triple = units[i + 1] === c && units[i + 2] === c;
      s.depth = depth;
      i = stringEnd(text, units, s.triple ? i + 3 : i + 1, to, s);
      if (s.atLineStart) return i;
      continue;
    }
    if (action === OPEN) depth++;
    else if (action === CLOSE) {
      if (depth > 0) depth--;
    } else {
      // BACKSLASH: at the end of a line, it joins the next one.
      if (text.charCodeAt(i + 1) === 10 || (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10)) s.continued = true;
    }
    i++;
  }
  s.depth = depth;
  return i;
}

/** From `i` inside the open string (`s.quote`), the offset after it (see tripleStringEnd, lineStringEnd). */
function stringEnd(text: string, units: Uint16Array, i: number, to: number, s: LexState): number {
  return s.triple ? tripleStringEnd(text, i, to, s) : lineStringEnd(units, i, to, s);
}

/**
 * From `i`, past names, numbers, operators and spaces: nothing to track until the next special
 * character (a string prefix like rb"..." is passed over, and its quote then opens the string), or
 * the end of the text (where CodeUnits puts a line feed). Four characters a turn: runs are about a
 * dozen characters long, and the loop's own test and jump cost about as much as a character's. No
 * unit past the first special one is read, so none past that line feed.
 */
function codeRunEnd(units: Uint16Array, i: number): number {
  for (;;) {
    if (ACTION[units[i]] !== GO_ON) return i;
    if (ACTION[units[i + 1]] !== GO_ON) return i + 1;
    if (ACTION[units[i + 2]] !== GO_ON) return i + 2;
    if (ACTION[units[i + 3]] !== GO_ON) return i + 3;
    i += 4;
  }
}

/** Moves from `i` inside an open one-line string to the offset after its closing quote, or after its line's end (which `s` hears of), or `to`. */
function lineStringEnd(units: Uint16Array, i: number, to: number, s: LexState): number {
  const q = s.quote;
  while (i < to) {
    const c = units[i];
    if (c === 92) i += 2;
    else if (c === q) {
      s.quote = 0;
      return i + 1;
    } else if (c === 10) {
      s.quote = 0;
      s.atLineStart = true;
      return i + 1;
    } else i++;
  }
  return i;
}

/** toLineStart reading the string itself (see there). */
function toLineStartInString(text: string, i: number, to: number, s: LexState): number {
  while (i < to) {
    if (s.quote !== 0) {
      i = s.triple ? tripleStringEnd(text, i, to, s) : lineStringEndInString(text, i, to, s);
      if (s.atLineStart) return i;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c > 127 || SPECIAL[c] === 0) {
      i = Math.min(codeRunEndInString(text, i + 1), to);
      continue;
    }
    switch (c) {
      case 10:
        s.atLineStart = true;
        return i + 1;
      case 35: {
        const nl = text.indexOf('\n', i);
        if (nl === -1 || nl > to) return to;
        i = nl;
        continue;
      }
      case 34:
      case 39:
        s.quote = c;
        s.triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
        i += s.triple ? 3 : 1;
        continue;
      case 40:
      case 91:
      case 123:
        s.depth++;
        break;
      case 41:
      case 93:
      case 125:
        if (s.depth > 0) s.depth--;
        break;
      case 92:
        if (text.charCodeAt(i + 1) === 10 || (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10)) s.continued = true;
        break;
    }
    i++;
  }
  return i;
}

/** codeRunEnd reading the string itself: past its end, charCodeAt reads NaN, the one value not equal to itself. */
function codeRunEndInString(text: string, i: number): number {
  for (let d = text.charCodeAt(i); d < 128 ? SPECIAL[d] === 0 : d === d; d = text.charCodeAt(++i));
  return i;
}

/** lineStringEnd reading the string itself. */
function lineStringEndInString(text: string, i: number, to: number, s: LexState): number {
  const q = s.quote;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 92) i += 2;
    else if (c === q) {
      s.quote = 0;
      return i + 1;
    } else if (c === 10) {
      s.quote = 0;
      s.atLineStart = true;
      return i + 1;
    } else i++;
  }
  return i;
}

/** Whether `text` holds `char` at least `count` times (found with indexOf, without reading the whole text). */
function holdsAtLeast(text: string, char: string, count: number): boolean {
  let at = -1;
  for (let seen = 0; seen < count; seen++) {
    at = text.indexOf(char, at + 1);
    if (at === -1) return false;
  }
  return true;
}

/** Shorter runs of comment lines cost the parser little and are left as they are. */
const MIN_BLANKED_RUN = 16;

/**
 * The text with each run of at least MIN_BLANKED_RUN comment lines (lines whose code is only a
 * comment, outside strings) blanked to spaces: same length, same lines, same nodes but for those
 * comments (a block no longer extends over a trailing run of them). tree-sitter's Python scanner
 * looks ahead over all the comment lines that follow each line, so a long run (commented-out
 * code) costs time quadratic in its length; blank lines do not. Returns `text` itself when there
 * is no such run.
 */
export function blankCommentLines(text: string): string {
  // Each comment line holds a '#': with fewer than a run's worth, there is nothing to blank.
  if (!holdsAtLeast(text, '#', MIN_BLANKED_RUN)) return text;
  const lex: LexState = lexState(true, text);
  /** The current run of comment lines: [start of the '#', end before the line break] of each. */
  let run: [number, number][] = [];
  const blanked: [number, number][] = [];
  const endRun = () => {
    if (run.length >= MIN_BLANKED_RUN) blanked.push(...run);
    run = [];
  };
  let i = 0;
  while (i < text.length) {
    if (lex.atLineStart) {
      lex.atLineStart = false;
      const continued = lex.continued;
      lex.continued = false;
      let j = i;
      for (let c = text.charCodeAt(j); c === 32 || c === 9 || c === 12; c = text.charCodeAt(++j));
      const c = text.charCodeAt(j);
      if (lex.quote === 0 && !continued && c === 35) {
        let end = text.indexOf('\n', j);
        if (end === -1) end = text.length;
        run.push([j, text.charCodeAt(end - 1) === 13 ? end - 1 : end]);
        i = end;
        continue;
      }
      // Blank lines do not end a run; code (or a string going on) does.
      if (lex.quote !== 0 || continued || (c !== 10 && c !== 13 && j < text.length)) endRun();
    }
    i = toLineStart(text, i, text.length, lex);
  }
  endRun();
  if (blanked.length === 0) return text;
  const parts: string[] = [];
  let copied = 0;
  for (const [from, to] of blanked) {
    parts.push(text.slice(copied, from), ' '.repeat(to - from));
    copied = to;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}
