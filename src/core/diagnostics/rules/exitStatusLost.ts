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
  /** Length of the leading spaces and tabs. */
  indent: number;
  /** Only spaces, tabs and a comment. */
  blank: boolean;
}

const indentOf = (line: string): number => /^[ \t]*/.exec(line)![0].length;
const isBlank = (line: string): boolean => /^[ \t]*(?:#.*)?$/.test(line);
const NESTED_DEFINITION = /^[ \t]*(?:async[ \t]+)?(?:def|class)\b/;

/** The line text[s, e) (without its "\r"); the regular expressions run only where a line's first character allows a match. */
function lineAt(text: string, s: number, e: number): Line {
  const line = e > s && text.charCodeAt(e - 1) === 13 ? text.slice(s, e - 1) : text.slice(s, e);
  let indent = 0;
  while (indent < line.length && (line.charCodeAt(indent) === 32 || line.charCodeAt(indent) === 9)) indent++;
  const blank = indent === line.length || (line.charCodeAt(indent) === 35 && isBlank(line));
  return { start: s, text: line, indent, blank };
}

/**
 * The lines of an indented block that starts after `from` (until a line indented `indent` or less),
 * read one at a time: callers often stop early, and the rest of a long file need not be split.
 */
function* blockLines(text: string, from: number, indent: number): Generator<Line> {
  for (let s = from; s < text.length;) {
    const nl = text.indexOf('\n', s);
    const e = nl === -1 ? text.length : nl;
    const line = lineAt(text, s, e);
    if (!line.blank && line.indent <= indent) return;
    yield line;
    s = e + 1;
  }
}

/** Whether text[i] ends a line where `^` matches after it in a multiline expression. */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/**
 * Where `def name(` starts a line (as /^def[ \t]+name[ \t]*\(/m would find it), or -1. Read around
 * each occurrence of the name, which a text holds a few times: each `def` or line start is far more
 * frequent (a module's documentation says `default` hundreds of times), and the entry function is
 * usually near the end of its file.
 */
function definitionAt(text: string, name: string): number {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    let i = at;
    while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
    if (i === at || i < 3 || !text.startsWith('def', i - 3)) continue;
    const start = i - 3;
    if (start > 0 && !isLineTerminator(text.charCodeAt(start - 1))) continue;
    let j = at + name.length;
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    if (text.charCodeAt(j) === 40) return start;
  }
  return -1;
}

/** Whether the module-level `def name(` returns a value (not in nested functions). */
function returnsStatus(cx: RuleContext, name: string): boolean {
  const def = definitionAt(cx.text, name);
  if (def === -1) return false;
  const bodyStart = cx.text.indexOf('\n', def);
  // No `return` after the header (the entry function is often the file's last one): nothing to scan.
  if (bodyStart === -1 || !cx.text.includes('return', bodyStart)) return false;
  let nestedIndent = -1;
  for (const line of blockLines(cx.text, bodyStart + 1, 0)) {
    if (line.blank) continue;
    const indent = line.indent;
    if (nestedIndent !== -1 && indent > nestedIndent) continue;
    const first = line.text.charCodeAt(indent);
    // a(sync), d(ef), c(lass): the only first letters NESTED_DEFINITION can match.
    nestedIndent = (first === 97 || first === 100 || first === 99) && NESTED_DEFINITION.test(line.text) ? indent : -1;
    if (nestedIndent === -1 && line.text.startsWith('return', indent) && RETURN_VALUE.test(line.text)) return true;
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
