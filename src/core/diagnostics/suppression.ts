// Line comments that silence findings:
//   # pyops: ignore            every PyOps rule on the line
//   # pyops: ignore[OPS101, subprocess-no-timeout]
//   # noqa                     every rule (as flake8 and ruff do)
//   # noqa: E722, OPS105       PyOps codes, or the codes of equivalent ruff/flake8/pylint rules
//   # nosec / # nosec B602     rules with a bandit equivalent
import { LineIndex } from '../python/lineIndex';
import type { RuleMeta, TextEdit } from './types';

export interface LineSuppression {
  all: boolean;
  /** Upper-cased codes and lower-cased rule names named by pyops/noqa comments. */
  names: Set<string>;
  /** What the `# pyops: ignore` part alone silences (for the unused-suppression report); undefined without one. */
  pyops?: { all: boolean; names: Set<string> };
  /** Bare `# nosec`. */
  nosecAll: boolean;
  nosec: Set<string>;
}

/**
 * Offset of the comment on a line (its `#`), or -1. Quotes are tracked so a `#` inside a string on
 * the same line is skipped; `inString` reports a line that ends inside an unclosed string.
 */
export function findComment(line: string): { at: number; inString: boolean } {
  let quote: string | null = null;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i += 2;
      else if (line.startsWith(quote, i)) {
        i += quote.length;
        quote = null;
      } else i++;
      continue;
    }
    if (c === '#') return { at: i, inString: false };
    if (c === '"' || c === "'") {
      quote = line.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length;
      continue;
    }
    i++;
  }
  return { at: -1, inString: quote !== null };
}

// Not `ignore-file`, the file-level form (see suppressionComments.ts).
const PYOPS = /#\s*pyops\s*:\s*ignore(?![\w-])(?:\[([^\]]*)\])?/i;
const NOQA = /#\s*noqa\b(?::\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?/i;
const NOSEC = /#\s*nosec\b:?\s*((?:[A-Za-z][0-9]+[\s,]*)*)/i;

function split(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parseSuppression(lineText: string): LineSuppression | null {
  const { at } = findComment(lineText);
  if (at === -1) return null;
  const comment = lineText.slice(at);
  const out: LineSuppression = { all: false, names: new Set(), nosecAll: false, nosec: new Set() };
  let any = false;
  const pyops = PYOPS.exec(comment);
  if (pyops) {
    any = true;
    out.pyops = { all: pyops[1] === undefined, names: new Set() };
    if (pyops[1] === undefined) out.all = true;
    else
      for (const n of split(pyops[1])) {
        const name = /^[A-Za-z]+[0-9]+$/.test(n) ? n.toUpperCase() : n.toLowerCase();
        out.names.add(name);
        out.pyops.names.add(name);
      }
  }
  const noqa = NOQA.exec(comment);
  if (noqa) {
    any = true;
    if (noqa[1] === undefined) out.all = true;
    else for (const n of split(noqa[1])) out.names.add(n.toUpperCase());
  }
  const nosec = NOSEC.exec(comment);
  if (nosec) {
    any = true;
    const codes = split(nosec[1] ?? '');
    if (codes.length === 0) out.nosecAll = true;
    for (const n of codes) out.nosec.add(n.toUpperCase());
  }
  return any ? out : null;
}

function equivalentCode(e: string): { tool: string; code: string } {
  const i = e.indexOf(':');
  return { tool: e.slice(0, i), code: e.slice(i + 1).toUpperCase() };
}

/** Whether a list of names (or "all") covers a rule: its code, its name, or a ruff/flake8/pylint equivalent code. */
export function coversRule(all: boolean, names: ReadonlySet<string>, meta: RuleMeta): boolean {
  if (all || names.has(meta.code) || names.has(meta.name)) return true;
  return meta.equivalents.map(equivalentCode).some((e) => e.tool !== 'bandit' && names.has(e.code));
}

export function isSuppressed(s: LineSuppression, meta: RuleMeta): boolean {
  if (coversRule(s.all, s.names, meta)) return true;
  const eq = meta.equivalents.map(equivalentCode);
  const bandit = eq.filter((e) => e.tool === 'bandit');
  if (bandit.length === 0) return false;
  return s.nosecAll || bandit.some((e) => s.nosec.has(e.code));
}

/** The edit that adds `code` to the line's `# pyops: ignore[...]` comment, adding the comment if needed. */
export function suppressionEdit(text: string, line: number, code: string): TextEdit {
  const lines = new LineIndex(text);
  const ln = Math.max(0, Math.min(line, lines.lineCount - 1));
  const lineText = lines.lineText(ln);
  const lineStart = lines.lineStarts[ln];
  const at = (offset: number) => lines.positionAt(lineStart + offset);
  const noChange = (): TextEdit => ({ range: { start: at(lineText.length), end: at(lineText.length) }, newText: '' });
  const { at: hash, inString } = findComment(lineText);
  if (hash !== -1) {
    const comment = lineText.slice(hash);
    const m = PYOPS.exec(comment);
    if (m) {
      if (m[1] === undefined) return noChange();
      const codes = split(m[1]);
      if (codes.some((c) => c.toUpperCase() === code.toUpperCase())) return noChange();
      const open = hash + m.index + m[0].indexOf('[') + 1;
      const close = open + m[1].length;
      return { range: { start: at(open), end: at(close) }, newText: [...codes, code].join(', ') };
    }
  } else if (inString || /\\\s*$/.test(lineText)) {
    // No comment can follow an unterminated string or a line continuation.
    return noChange();
  }
  const contentEnd = lineText.trimEnd().length;
  return { range: { start: at(contentEnd), end: at(lineText.length) }, newText: `  # pyops: ignore[${code}]` };
}
