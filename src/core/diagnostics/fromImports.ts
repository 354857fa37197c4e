// The `from module import ...` statements of a text, as a regex reads them (loosely: one in a
// string counts, which only costs a parse), and the aliases they bind. Kept across edits: an edit
// is read again only from the line it starts on to where the matches are again those of before.

/**
 * `from module import a as b, c as d` (also in parentheses over several lines, or over lines joined
 * by a backslash at their end).
 */
const FROM_IMPORT = /\bfrom[ \t]+[\w.]+[ \t]+import[ \t]*(\([^)]*\)|(?:[^\n;#\\]|\\\r?\n|\\)*)/g;
/** The same, matched only where it starts at lastIndex. */
const FROM_IMPORT_HERE = new RegExp(FROM_IMPORT.source, 'y');
const ALIASED = /^\s*([A-Za-z_]\w*)\s+as\s+([A-Za-z_]\w*)\s*$/;
const AS_BETWEEN_BLANKS = /\sas[\s\\]/;

/** One match of FROM_IMPORT. */
interface FromImport {
  start: number;
  end: number;
  /** What follows `import`. */
  names: string;
  /**
   * How far the text decided this match (exclusive): the end, or one past it where the end is
   * where the unparenthesized list stopped (it read that character); past the text's end where `(` opens a list
   * that no `)` closes (the match then depends on there being none in the rest of the text).
   */
  reach: number;
}

function fromImport(m: RegExpExecArray): FromImport {
  const names = m[1];
  const start = m.index;
  const end = start + m[0].length;
  const parenthesized = names.startsWith('(');
  // A list in parentheses ends at its `)`; `(` without one is read to the end of the line only
  // because no `)` follows anywhere.
  const reach = parenthesized && names.endsWith(')') ? end : parenthesized ? Infinity : end + 1;
  return { start, end, names, reach };
}

/**
 * Matches of FROM_IMPORT in `text` that start in [from, before), scanning as the global regex does
 * from `from` (each next match searched from the end of the previous one).
 */
function matchesIn(text: string, from: number, before: number): FromImport[] {
  const out: FromImport[] = [];
  // Looked for in the text up to `before` only (the same offsets: a slice from 0).
  const head = before + 3 < text.length ? text.slice(0, before + 3) : text;
  let at = head.indexOf('from', from);
  while (at !== -1) {
    FROM_IMPORT_HERE.lastIndex = at;
    const m = FROM_IMPORT_HERE.exec(text);
    if (m) {
      const match = fromImport(m);
      out.push(match);
      at = head.indexOf('from', match.end);
    } else at = head.indexOf('from', at + 1);
  }
  return out;
}

export class FromImports {
  private constructor(private readonly matches: readonly FromImport[]) {}

  static of(text: string): FromImports {
    // Each `from` tried with the sticky regex: the same matches as FROM_IMPORT's global scan, whose
    // leading \b makes V8 try the pattern at every character of the text.
    return new FromImports(matchesIn(text, 0, Infinity));
  }

  /**
   * The statements of `text`, which is the old text with [start, oldEnd) replaced by what is now
   * text[start, newEnd). A match attempt at a position reads from the character before it: a
   * match up to its reach, a failed attempt no further than its line (nor past a later match's
   * reach: it stops at a character outside `[\w. \t]`). So the matches whose reach is before
   * `start` stay, and so do the failures before them; the scan resumes after the last of them
   * (from the edited line at the latest) and stops at the first position after the new span that
   * both the old and the new scan reach outside a match: from there on, the old matches are the
   * new ones, shifted.
   */
  edited(text: string, start: number, oldEnd: number, newEnd: number): FromImports {
    const old = this.matches;
    const delta = newEnd - oldEnd;
    const lineStart = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
    let kept = 0;
    while (kept < old.length && old[kept].reach <= start) kept++;
    const resumeAt = Math.max(kept > 0 ? old[kept - 1].end : 0, Math.min(kept < old.length ? old[kept].start : Infinity, lineStart));
    const out = old.slice(0, kept);
    /** Index of the first old match that does not end before a position (old coordinates). */
    let o = kept;
    let scan = resumeAt;
    for (;;) {
      // The first position from `scan` on, past the new span, that the old scan reached outside a match.
      let sync = Math.max(scan, newEnd + 1);
      while (o < old.length && old[o].end <= sync - delta) o++;
      if (o < old.length && old[o].start < sync - delta) sync = old[o].end + delta;
      if (sync > text.length) {
        // The old scan has no such position: the new one goes on to the end.
        out.push(...matchesIn(text, scan, Infinity));
        return new FromImports(out);
      }
      const found = matchesIn(text, scan, sync);
      // A match that starts before `sync` may end past it: read on from its end.
      const last = found.length > 0 ? found[found.length - 1] : undefined;
      out.push(...found);
      if (!last || last.end <= sync) {
        for (let i = o; i < old.length; i++) {
          const m = old[i];
          if (m.start + delta >= sync) out.push({ start: m.start + delta, end: m.end + delta, names: m.names, reach: m.reach + delta });
        }
        return new FromImports(out);
      }
      scan = last.end;
    }
  }

  /**
   * What the statements bind by `name as local` to a name `callNames` holds: local -> name. With
   * `asWord` false (the text holds no word `as` between blanks), none: the text is not read further.
   */
  aliases(callNames: ReadonlySet<string>, asWord: boolean): Map<string, string> {
    const out = new Map<string, string>();
    if (!asWord) return out;
    for (const m of this.matches) {
      if (!AS_BETWEEN_BLANKS.test(m.names)) continue;
      // Brackets and backslash line continuations read as blanks.
      for (const part of m.names.replace(/[()]|\\(?=\r?\n)/g, ' ').split(',')) {
        const a = ALIASED.exec(part.replace(/#[^\n]*/g, ''));
        if (a && a[1] !== a[2] && callNames.has(a[1])) out.set(a[2], a[1]);
      }
    }
    return out;
  }
}
