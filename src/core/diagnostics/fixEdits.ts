// Building blocks for fixes: adding a keyword argument, an import, a module logger.
import type { CallRec } from './model';
import type { DraftEdit, RuleContext } from './rule';
import { mentions } from './usage';

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** Inserts `kw` (e.g. "check=True") as the call's last argument; null when the call's arguments are unusual. */
export function addKeyword(c: CallRec, kw: string, cx: RuleContext): DraftEdit | null {
  if (!c.args || !c.argsSpan) return null;
  if (c.args.length === 0) {
    const at = cx.abs(c.argsSpan.e - 1);
    return { s: at, e: at, text: kw };
  }
  const at = cx.abs(c.args[c.args.length - 1].span.e);
  return { s: at, e: at, text: `, ${kw}` };
}

/** Offset of the start of the line after the one holding `offset` (or the text end). */
function nextLineStart(cx: RuleContext, offset: number): number {
  const line = cx.lines.lineAt(offset);
  return line + 1 < cx.lines.lineCount ? cx.lines.lineStarts[line + 1] : cx.text.length;
}

function lineInsert(cx: RuleContext, at: number, line: string): DraftEdit {
  const needsBreak = at === cx.text.length && at > 0 && cx.text[at - 1] !== '\n';
  const eol = cx.eol;
  return { s: at, e: at, text: `${needsBreak ? eol : ''}${line.replace(/\n/g, eol)}${eol}` };
}

/** Where a new module-level import goes: after the leading docstring/imports, else before the first statement. */
export function importAnchor(cx: RuleContext): number {
  let last = -1;
  for (let i = 0; i < cx.top.length; i++) {
    const t = cx.top[i];
    if (IMPORT_TYPES.has(t.type)) last = i;
    else if (i === 0 && t.type === 'expression_statement' && /^[rRuU]?("""|'''|"|')/.test(cx.text.slice(t.s, t.s + 4))) last = i;
    else break;
  }
  if (last >= 0) return nextLineStart(cx, cx.top[last].e);
  if (cx.top.length > 0) return cx.lines.lineStarts[cx.lines.lineAt(cx.top[0].s)];
  return cx.text.length;
}

/** The name bound to `module` at module level, adding `import module` when there is none. */
export function ensureImport(module: string, cx: RuleContext): { name: string; edit: DraftEdit | null } {
  const alias = module === 'logging' ? cx.facts.loggingAlias : cx.facts.moduleAlias(module);
  if (alias) return { name: alias, edit: null };
  return { name: module, edit: lineInsert(cx, importAnchor(cx), `import ${module}`) };
}

/** A fresh name for a new module-level binding, avoiding every name the file mentions. */
export function freshName(cx: RuleContext, candidates: string[]): string {
  for (const c of candidates) if (!mentions(cx.text, c)) return c;
  for (let i = 2; ; i++) {
    const c = `${candidates[0]}${i}`;
    if (!mentions(cx.text, c)) return c;
  }
}

/**
 * The module logger's name, with the edit that defines it (after the imports and after
 * `import logging`) when the module has none. The same edit is produced for every finding
 * in a file, so fix-all applies it once.
 */
export function ensureModuleLogger(cx: RuleContext): { name: string; edit: DraftEdit | null } {
  const existing = cx.facts.moduleLogger;
  if (existing) return { name: existing, edit: null };
  const name = freshName(cx, ['logger', 'log', 'LOGGER', '_logger']);
  let at = importAnchor(cx);
  let line: string;
  if (cx.facts.loggingAlias) {
    at = Math.max(at, cx.facts.loggingImportEnd >= 0 ? nextLineStart(cx, cx.facts.loggingImportEnd) : at);
    line = `${name} = ${cx.facts.loggingAlias}.getLogger(__name__)`;
  } else {
    line = `import logging\n${name} = logging.getLogger(__name__)`;
  }
  return { name, edit: lineInsert(cx, at, line) };
}
