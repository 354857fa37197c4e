// Applying fixes to text (fix-all, `pyops check --fix`).
import { LineIndex } from '../python/lineIndex';
import type { Finding } from './types';

interface OffsetEdit {
  s: number;
  e: number;
  text: string;
  order: number;
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  const aInsert = a.s === a.e;
  const bInsert = b.s === b.e;
  // Insertions at one point do not conflict: they go in the order their fixes were accepted.
  if (aInsert && bInsert) return false;
  if (aInsert) return b.s < a.s && a.s < b.e;
  if (bInsert) return a.s < b.s && b.s < a.e;
  return a.s < b.e && b.s < a.e;
}

function same(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.s === b.s && a.e === b.e && a.text === b.text;
}

/**
 * Applies every applicable fix whose edits do not overlap an already accepted fix. An edit identical
 * to one already accepted (such as the shared "define the module logger" line) is applied once.
 * Findings are taken in document order so the result does not depend on the order given.
 */
export function applyFixes(text: string, findings: Finding[], opts: { safeOnly: boolean }): { text: string; applied: number } {
  const lines = new LineIndex(text);
  const ordered = findings
    .filter((f) => f.fix && (!opts.safeOnly || f.fix.safe))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const accepted: OffsetEdit[] = [];
  let applied = 0;
  for (const f of ordered) {
    const edits = f.fix!.edits.map((ed, i) => ({
      s: lines.offsetAt(ed.range.start),
      e: lines.offsetAt(ed.range.end),
      text: ed.newText,
      order: accepted.length + i,
    }));
    const fresh: OffsetEdit[] = [];
    let ok = true;
    for (const ed of edits) {
      if (accepted.some((a) => same(a, ed)) || fresh.some((a) => same(a, ed))) continue;
      if (accepted.some((a) => overlaps(a, ed)) || fresh.some((a) => overlaps(a, ed))) {
        ok = false;
        break;
      }
      fresh.push(ed);
    }
    if (!ok) continue;
    accepted.push(...fresh);
    applied++;
  }
  if (applied === 0) return { text, applied };
  accepted.sort((a, b) => a.s - b.s || (a.s === a.e ? 0 : 1) - (b.s === b.e ? 0 : 1) || a.order - b.order);
  let out = '';
  let pos = 0;
  for (const ed of accepted) {
    out += text.slice(pos, ed.s) + ed.text;
    pos = ed.e;
  }
  out += text.slice(pos);
  return { text: out, applied };
}
