// Turning an editor selection into code timeit can run. Pure (no vscode import).

/** Removes the indentation common to all non-blank lines (a selection inside a function). */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0]);
  if (indents.length === 0) return '';
  let common = indents[0]!;
  for (const indent of indents) {
    let i = 0;
    while (i < common.length && i < indent.length && common[i] === indent[i]) i++;
    common = common.slice(0, i);
  }
  return lines
    .map((line) => (line.trim() === '' ? '' : line.slice(common.length)))
    .join('\n')
    .replace(/^\n+|\s+$/g, '');
}

/** One top-level statement of a file: its lines (0-based, inclusive) and what it defines. */
interface TopLevelStatement {
  start: number;
  end: number;
  kind: 'import' | 'definition' | 'assignment' | 'other';
  /** Names it binds (a def's or class's name, assignment targets). */
  names: string[];
}

const TRIPLE_QUOTES = ['"""', "'''"];

/**
 * Splits a file into its top-level statements: a statement starts on an unindented line outside
 * brackets and triple-quoted strings; decorators belong to the definition below them.
 */
function topLevelStatements(lines: readonly string[]): TopLevelStatement[] {
  const statements: TopLevelStatement[] = [];
  let depth = 0;
  let openString: string | null = null;
  let continued = false;
  let pendingDecorator: number | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const startsStatement = depth === 0 && openString === null && !continued && /^[^\s#]/.test(line);
    if (startsStatement) {
      const previous = statements[statements.length - 1];
      if (line.startsWith('@')) {
        pendingDecorator ??= i;
      } else {
        const start = pendingDecorator ?? i;
        pendingDecorator = null;
        statements.push({ start, end: i, ...classify(line) });
      }
      if (previous && previous.end < i - 1) previous.end = lastCodeLine(lines, previous.end, i - 1);
    } else if (statements.length > 0 && pendingDecorator === null && /\S/.test(line) && !/^\s*#/.test(line)) {
      statements[statements.length - 1]!.end = i;
    }
    ({ depth, openString, continued } = scanLine(line, depth, openString));
  }
  return statements;
}

function lastCodeLine(lines: readonly string[], from: number, to: number): number {
  let end = from;
  for (let i = from + 1; i <= to; i++) if (/\S/.test(lines[i]!) && !/^\s*#/.test(lines[i]!)) end = i;
  return end;
}

function classify(line: string): Pick<TopLevelStatement, 'kind' | 'names'> {
  if (/^(import|from)\s+[\w.]+/.test(line) && !/^from\s+__future__\s/.test(line)) return { kind: 'import', names: [] };
  const definition = /^(?:async\s+def|def|class)\s+([A-Za-z_]\w*)/.exec(line);
  if (definition) return { kind: 'definition', names: [definition[1]!] };
  // `NAME = ...`, `NAME: type = ...`, `a, b = ...` (not `==`, not augmented assignment).
  const assignment = /^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::[^=]*)?=(?!=)/.exec(line);
  if (assignment) return { kind: 'assignment', names: assignment[1]!.split(',').map((name) => name.trim()) };
  return { kind: 'other', names: [] };
}

/** Bracket depth, an unclosed triple-quoted string and a trailing backslash after `line`. */
function scanLine(
  line: string,
  depth: number,
  openString: string | null,
): { depth: number; openString: string | null; continued: boolean } {
  let i = 0;
  while (i < line.length) {
    if (openString !== null) {
      const close = line.indexOf(openString, i);
      if (close < 0) return { depth, openString, continued: false };
      i = close + openString.length;
      openString = null;
      continue;
    }
    const char = line[i]!;
    if (char === '#') break;
    const triple = TRIPLE_QUOTES.find((quote) => line.startsWith(quote, i));
    if (triple) {
      openString = triple;
      i += 3;
      continue;
    }
    if (char === '"' || char === "'") {
      // A one-line string: skip to its closing quote (escapes included).
      i++;
      while (i < line.length && line[i] !== char) i += line[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (char === '(' || char === '[' || char === '{') depth++;
    else if ((char === ')' || char === ']' || char === '}') && depth > 0) depth--;
    i++;
  }
  return { depth, openString, continued: openString === null && /\\\s*$/.test(line) };
}

function mentions(code: string, name: string): boolean {
  return new RegExp(`(?<![\\w.])${name}(?!\\w)`).test(code);
}

/** What Time Selection runs once before the statements, and what it is made of. */
export interface SelectionSetup {
  code: string;
  importLines: number;
  /** Top-level functions, classes and variables the statements use (directly or through each other). */
  definitions: string[];
}

/**
 * The default setup of a timed selection: the file's top-level imports, then the top-level
 * functions, classes and variables the statements use, directly or through one another, in file
 * order. The selected lines (`skipFrom`..`skipTo`, 0-based) are left out.
 */
export function selectionSetup(source: string, statements: string, skipFrom = -1, skipTo = -1): SelectionSetup {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  const candidates = topLevelStatements(lines).filter((s) => s.end < skipFrom || s.start > skipTo);
  const text = (s: TopLevelStatement): string => lines.slice(s.start, s.end + 1).join('\n');
  const needed = new Set<TopLevelStatement>();
  const definers = candidates.filter((s) => s.kind === 'definition' || s.kind === 'assignment');
  const queue = [statements];
  while (queue.length > 0) {
    const code = queue.pop()!;
    for (const statement of definers) {
      if (needed.has(statement) || !statement.names.some((name) => mentions(code, name))) continue;
      needed.add(statement);
      queue.push(text(statement));
    }
  }
  const chosen = candidates.filter((s) => s.kind === 'import' || needed.has(s));
  const imports = chosen.filter((s) => s.kind === 'import');
  return {
    code: chosen.map(text).join('\n'),
    importLines: imports.reduce((sum, s) => sum + s.end - s.start + 1, 0),
    definitions: chosen.filter((s) => s.kind !== 'import').flatMap((s) => s.names),
  };
}

/** Setup text with only comments and blank lines counts as no setup of the user's own. */
export function hasCode(setup: string): boolean {
  return setup.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#'));
}
