// The pytest tests of a test file, found the way pytest's default collection finds them
// (python_files test_*.py / *_test.py, python_classes Test, python_functions test): module-level
// `def test…`, and `def test…` methods of module-level (or nested) `class Test…` without an
// __init__. A light line scan, not a parse: strings, comments and bracketed continuations are
// skipped so a `def test_` inside them does not count. Pure: no vscode, no file system.

export interface PytestItem {
  /** The node id after the file: `::test_backup` or `::TestRotate::test_keeps_newest`. */
  nodeId: string;
  /** The function name. */
  name: string;
  /** 0-based line of the `def`. */
  line: number;
  /** 0-based line of its first decorator (the `def` line without decorators). */
  firstLine: number;
}

/** pytest's default python_files: test_*.py and *_test.py. */
export function isPytestFileName(fileName: string): boolean {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return /^test_.*\.py$/.test(base) || /^.+_test\.py$/.test(base);
}

interface LogicalLine {
  line: number;
  text: string;
}

/** First physical line of each statement outside strings, comments and open brackets. */
function statementLines(text: string): LogicalLine[] {
  const lines = text.split(/\r\n|\r|\n/);
  const found: LogicalLine[] = [];
  let depth = 0;
  let quote = ''; // the open string's quote: ', ", ''' or """
  let continued = false;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (depth === 0 && quote === '' && !continued) {
      const trimmed = line.trim();
      if (trimmed !== '' && !trimmed.startsWith('#')) found.push({ line: index, text: line });
    }
    continued = false;
    for (let i = 0; i < line.length; i += 1) {
      const char = line[i]!;
      if (quote !== '') {
        if (char === '\\') i += 1;
        else if (line.startsWith(quote, i)) {
          i += quote.length - 1;
          quote = '';
        }
        continue;
      }
      if (char === '#') break;
      if (char === '"' || char === "'") {
        quote = line.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
        i += quote.length - 1;
      } else if ('([{'.includes(char)) depth += 1;
      else if (')]}'.includes(char)) depth = Math.max(0, depth - 1);
      else if (char === '\\' && i === line.length - 1) continued = true;
    }
    // A one-quote string cannot span lines unless the line ends with a backslash.
    if ((quote === "'" || quote === '"') && !line.endsWith('\\')) quote = '';
  }
  return found;
}

interface Scope {
  indent: number;
  kind: 'class' | 'def';
  name: string;
  /** For classes: named Test…, in a collected scope, no __init__ seen. */
  collected: boolean;
  /** The class this class is nested in, if any. */
  outer?: Scope;
  /** The indent of the first statement of its body, once seen. */
  bodyIndent?: number;
  /** Test methods found in this class. */
  items: PytestItem[];
}

function indentOf(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width += 1;
    else if (char === '\t') width += 8 - (width % 8);
    else break;
  }
  return width;
}

/** A class's methods are collected when it and every class around it are. */
function collectedChain(scope: Scope | undefined): boolean {
  return scope === undefined || (scope.collected && collectedChain(scope.outer));
}

export function pytestItems(text: string): PytestItem[] {
  const items: PytestItem[] = [];
  const classes: Scope[] = [];
  const scopes: Scope[] = [];
  let decoratorStart: number | undefined;
  for (const { line, text: source } of statementLines(text)) {
    const indent = indentOf(source);
    while (scopes.length > 0 && indent <= scopes[scopes.length - 1]!.indent) scopes.pop();
    const parent = scopes[scopes.length - 1];
    if (parent && parent.bodyIndent === undefined) parent.bodyIndent = indent;
    const statement = source.trim();
    if (statement.startsWith('@')) {
      decoratorStart ??= line;
      continue;
    }
    const firstLine = decoratorStart ?? line;
    decoratorStart = undefined;
    const definition = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/.exec(statement);
    const klass = /^class\s+([A-Za-z_]\w*)\s*[(:]/.exec(statement);
    // pytest collects in the module and directly in Test classes (never inside a function).
    const inClass = parent?.kind === 'class' && indent === parent.bodyIndent ? parent : undefined;
    if (definition) {
      const name = definition[1]!;
      if (parent === undefined && name.startsWith('test')) {
        items.push({ nodeId: `::${name}`, name, line, firstLine });
      } else if (inClass?.collected) {
        if (name === '__init__') inClass.collected = false;
        else if (name.startsWith('test')) {
          const path = scopes.map((scope) => scope.name).join('::');
          inClass.items.push({ nodeId: `::${path}::${name}`, name, line, firstLine });
        }
      }
      scopes.push({ indent, kind: 'def', name, collected: false, items: [] });
    } else if (klass) {
      const name = klass[1]!;
      const scope: Scope = {
        indent,
        kind: 'class',
        name,
        collected: name.startsWith('Test') && (parent === undefined || inClass !== undefined),
        items: [],
      };
      if (inClass) scope.outer = inClass;
      scopes.push(scope);
      classes.push(scope);
    }
  }
  // Methods count once their class is known to be collected: an __init__ may come after them.
  for (const scope of classes) if (collectedChain(scope)) items.push(...scope.items);
  return items.sort((a, b) => a.line - b.line);
}
