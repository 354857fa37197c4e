// OPS110: the __main__ block drops the status its entry function returns.
import { ensureImport, replace } from '../fixEdits';
import { defineRule, type RuleContext } from '../rule';

/** A statement that is only a call of a plain name: `main()`, `main(sys.argv[1:])`. */
const CALL_STATEMENT = /^([ \t]+)([A-Za-z_]\w*)[ \t]*\(([^()\n]*(?:\([^()\n]*\)[^()\n]*)*)\)[ \t]*(?:#.*)?$/;
/**
 * `return 1`, `return -1`, `return False`, `return code`, `return self.rc`: a status. Strings,
 * containers and calls (`return doctest.testmod()`, a result tuple) are not taken for one.
 */
const RETURN_VALUE = /^[ \t]+return[ \t]+(?!None\b)(?:-?\d+|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)[ \t]*(?:#.*)?$/;

interface Line {
  start: number;
  text: string;
}

/** Lines of text[from, to). */
function linesOf(text: string, from: number, to: number): Line[] {
  const out: Line[] = [];
  for (let s = from; s < to;) {
    const nl = text.indexOf('\n', s);
    const e = nl === -1 || nl > to ? to : nl;
    out.push({ start: s, text: text.slice(s, e).replace(/\r$/, '') });
    s = e + 1;
  }
  return out;
}

const indentOf = (line: string): number => /^[ \t]*/.exec(line)![0].length;
const isBlank = (line: string): boolean => /^[ \t]*(?:#.*)?$/.test(line);

/** The lines of an indented block that starts after `from` (until a line indented `indent` or less). */
function blockLines(text: string, from: number, indent: number): Line[] {
  const out: Line[] = [];
  for (const line of linesOf(text, from, text.length)) {
    if (!isBlank(line.text) && indentOf(line.text) <= indent) break;
    out.push(line);
  }
  return out;
}

/** Whether the module-level `def name(` returns a value (not in nested functions). */
function returnsStatus(cx: RuleContext, name: string): boolean {
  const def = new RegExp(`^def[ \\t]+${name}[ \\t]*\\(`, 'm').exec(cx.text);
  if (!def) return false;
  const bodyStart = cx.text.indexOf('\n', def.index);
  if (bodyStart === -1) return false;
  let nestedIndent = -1;
  for (const line of blockLines(cx.text, bodyStart + 1, 0)) {
    if (isBlank(line.text)) continue;
    const indent = indentOf(line.text);
    if (nestedIndent !== -1 && indent > nestedIndent) continue;
    nestedIndent = /^[ \t]*(?:async[ \t]+)?(?:def|class)\b/.test(line.text) ? indent : -1;
    if (nestedIndent === -1 && RETURN_VALUE.test(line.text)) return true;
  }
  return false;
}

export const exitStatusLost = defineRule({
  meta: {
    code: 'OPS110',
    name: 'exit-status-lost',
    category: 'error-handling',
    summary:
      'The __main__ block calls an entry function that returns a status and drops it, so the process exits 0 whatever happened: sys.exit(main()).',
    defaultSeverity: 'warning',
    equivalents: [],
    fixable: 'unsafe',
  },
  message: 'The status this entry function returns is dropped, so the script exits 0 even when it failed: use sys.exit(...)',
  document(cx) {
    const main = cx.facts.main;
    if (!main || main.indent === null) return;
    const headerIndent = indentOf(cx.text.slice(cx.text.lastIndexOf('\n', main.header.s - 1) + 1, main.header.s + 1));
    for (const line of blockLines(cx.text, cx.text.lastIndexOf('\n', main.firstStatement - 1) + 1, headerIndent)) {
      const m = CALL_STATEMENT.exec(line.text);
      if (!m || !cx.facts.isModuleDef(m[2]) || !returnsStatus(cx, m[2])) continue;
      const s = line.start + m[1].length;
      const call = line.text.slice(m[1].length).replace(/[ \t]*(?:#.*)?$/, '');
      const sys = ensureImport('sys', cx);
      const fix = sys
        ? {
            title: `Exit with its status: ${sys.name}.exit(${call})`,
            safe: false,
            edits: [replace({ s, e: s + call.length }, `${sys.name}.exit(${call})`), ...(sys.edit ? [sys.edit] : [])],
          }
        : undefined;
      cx.report(
        { s, e: s + m[2].length },
        {
          fix,
          message: `${m[2]}() returns an exit status that is dropped here, so the script exits 0 even when it failed: use ${sys?.name ?? 'sys'}.exit(${call})`,
        },
      );
    }
  },
});
