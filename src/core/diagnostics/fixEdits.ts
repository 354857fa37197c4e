// Building blocks for fixes: adding a keyword argument, an import, a module logger. Edits come back
// in record coordinates, like the spans a rule reads (see RuleContext); the module-level places
// they compute (after the imports...) are document offsets, mapped by cx.fromDocument().
import type { CallRec, Span } from './model';
import type { DraftEdit, RuleContext } from './rule';
import { mentions, nameUses } from './usage';

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** Inserts `kw` (e.g. "check=True") as the call's last argument; null when the call's arguments are unusual. */
export function addKeyword(c: CallRec, kw: string): DraftEdit | null {
  if (!c.args || !c.argsSpan) return null;
  if (c.args.length === 0) return insert(c.argsSpan.e - 1, kw);
  return insert(c.args[c.args.length - 1].span.e, `, ${kw}`);
}

/** Replaces a span's text. */
export function replace(span: Span, text: string): DraftEdit {
  return { s: span.s, e: span.e, text };
}

/** Inserts text at a position. */
export function insert(at: number, text: string): DraftEdit {
  return { s: at, e: at, text };
}

/** Offset of the start of the line after the one holding `offset` (or the text end). */
function nextLineStart(cx: RuleContext, offset: number): number {
  const line = cx.lines.lineAt(offset);
  return line + 1 < cx.lines.lineCount ? cx.lines.lineStarts[line + 1] : cx.text.length;
}

/**
 * Where new top-level lines go, between two top-level statements: `at` is a line start, or (when
 * the next statement shares the line, after `;`) the end of the statement before it, where the new
 * lines must start with a line break. Null when no such place exists (a line continuation).
 */
interface LinePlace {
  at: number;
  midLine: boolean;
}

/** Inserts `line` at a module-level place (document offsets), as an edit in record coordinates. */
function lineInsert(cx: RuleContext, place: LinePlace, line: string): DraftEdit {
  const { at, midLine } = place;
  const eol = cx.eol;
  const body = line.replace(/\n/g, eol);
  const local = cx.fromDocument(at).s;
  if (midLine) return insert(local, `${eol}${body}`);
  const needsBreak = at === cx.text.length && at > 0 && !/[\r\n]/.test(cx.text[at - 1]);
  return insert(local, `${needsBreak ? eol : ''}${body}${eol}`);
}

/** The place right after the top-level statement ending at `end`. */
function placeAfter(cx: RuleContext, end: number): LinePlace | null {
  const text = cx.text;
  let j = end;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\f')) j++;
  // `import x; rest`: the rest runs after the import, so the new lines go between the two.
  if (text[j] === ';') return { at: end, midLine: true };
  // A backslash joins the next line to this one: a line inserted there would be joined too.
  if (text[j] === '\\') return null;
  return { at: nextLineStart(cx, j), midLine: false };
}

/** How many top-level statements lead the module: its docstring and the imports right after it. */
function leadingStatements(cx: RuleContext): number {
  let count = 0;
  for (let i = 0; i < cx.top.length; i++) {
    const t = cx.top[i];
    if (IMPORT_TYPES.has(t.type)) count = i + 1;
    else if (i === 0 && t.type === 'expression_statement' && /^[rRuU]?("""|'''|"|')/.test(cx.text.slice(t.s, t.s + 4))) count = 1;
    else break;
  }
  return count;
}

/**
 * Where a new module-level import goes: after the leading docstring and imports, else before the
 * first statement. Either way before any other code runs.
 */
export function importAnchor(cx: RuleContext): LinePlace | null {
  const leading = leadingStatements(cx);
  if (leading > 0) return placeAfter(cx, cx.top[leading - 1].e);
  if (cx.top.length > 0) {
    const start = cx.lines.lineStarts[cx.lines.lineAt(cx.top[0].s)];
    // Never before a byte order mark.
    return { at: start === 0 && cx.text.charCodeAt(0) === 0xfeff ? 1 : start, midLine: false };
  }
  return { at: cx.text.length, midLine: false };
}

/** The name bound to `module` at module level, adding `import module` when there is none. */
export function ensureImport(module: string, cx: RuleContext): { name: string; edit: DraftEdit | null } | null {
  const alias = module === 'logging' ? cx.facts.loggingAlias : cx.facts.moduleAlias(module);
  if (alias) return { name: alias, edit: null };
  const place = importAnchor(cx);
  return place ? { name: module, edit: lineInsert(cx, place, `import ${module}`) } : null;
}

/** Per analysis (one RuleContext): answers that depend on the whole text, asked again for every finding. */
const freshNames = new WeakMap<RuleContext, Map<string, string>>();
const loggingFree = new WeakMap<RuleContext, boolean>();

/** A fresh name for a new module-level binding, avoiding every name the file mentions. */
export function freshName(cx: RuleContext, candidates: string[]): string {
  const key = candidates.join(',');
  let known = freshNames.get(cx);
  if (!known) freshNames.set(cx, (known = new Map()));
  let name = known.get(key);
  if (name === undefined) {
    name = candidates.find((c) => !mentions(cx.text, c));
    for (let i = 2; name === undefined; i++) if (!mentions(cx.text, `${candidates[0]}${i}`)) name = `${candidates[0]}${i}`;
    known.set(key, name);
  }
  return name;
}

/** Index of the top-level statement holding `offset`, or -1. */
function topStatementAt(cx: RuleContext, offset: number): number {
  let lo = 0;
  let hi = cx.top.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = cx.top[mid];
    if (offset < t.s) hi = mid - 1;
    else if (offset >= t.e) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * A name the leading imports bind to the logging module (`import logging`, `import logging as lg`),
 * bound to nothing else there, so that it is the logging module right after them; null when none.
 */
function leadingLoggingAlias(cx: RuleContext): string | null {
  const leading = leadingStatements(cx);
  if (leading === 0) return null;
  const end = cx.top[leading - 1].e;
  const imports = cx.facts.moduleImports.filter((imp) => imp.e <= end && cx.top[topStatementAt(cx, imp.s)]?.type === 'import_statement');
  const aliases = imports.filter((imp) => imp.qualified === 'logging').map((imp) => imp.local);
  const usable = aliases.filter((a) => imports.every((imp) => imp.local !== a || imp.qualified === 'logging'));
  return usable.includes('logging') ? 'logging' : (usable[0] ?? null);
}

/** Whether an `import logging` at the top leaves every use of the name `logging` meaning what it did. */
function loggingNameIsFree(cx: RuleContext): boolean {
  let free = loggingFree.get(cx);
  if (free === undefined) loggingFree.set(cx, (free = loggingNameIsFreeNow(cx)));
  return free;
}

function loggingNameIsFreeNow(cx: RuleContext): boolean {
  const uses = nameUses(cx.text, 'logging', 0, cx.text.length);
  if (uses.length === 0) return true;
  if (uses.some((u) => u.rebinding) || cx.facts.isModuleDef('logging')) return false;
  return (
    cx.facts.moduleImports.every((imp) => imp.local !== 'logging' || imp.qualified === 'logging') &&
    cx.facts.resolve('logging').every((q) => q === 'logging')
  );
}

/**
 * The module logger to use for a logging call at `usedAt` (record coordinates; `moduleLevel` when
 * module code runs it, not a function), with the edit that defines it when the module has none. The definition goes
 * after the leading docstring and imports, before any code that could use it, and takes the
 * logging module from an unconditional leading import, or imports it. The same edit is produced
 * for every finding in a file, so fix-all applies it once. Null when no definition is safe.
 */
export function ensureModuleLogger(cx: RuleContext, usedAt: number, moduleLevel: boolean): { name: string; edit: DraftEdit | null } | null {
  const existing = cx.facts.moduleLogger;
  if (existing) {
    // Only a logger defined by its own top-level statement is sure to exist when the call runs.
    const def = topStatementAt(cx, cx.facts.moduleLoggerAt);
    const unconditional = def !== -1 && cx.top[def].type === 'expression_statement';
    if (!unconditional || (moduleLevel && cx.toDocument(usedAt) < cx.top[def].s)) return null;
    return { name: existing, edit: null };
  }
  const place = importAnchor(cx);
  if (!place) return null;
  const name = freshName(cx, ['logger', 'log', 'LOGGER', '_logger']);
  const alias = leadingLoggingAlias(cx);
  if (alias) return { name, edit: lineInsert(cx, place, `${name} = ${alias}.getLogger(__name__)`) };
  if (!loggingNameIsFree(cx)) return null;
  return { name, edit: lineInsert(cx, place, `import logging\n${name} = logging.getLogger(__name__)`) };
}
