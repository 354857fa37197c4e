// What Python names mean, read from source text and tree-sitter nodes: dotted names, the logging
// methods, the `__main__` block, strings built from variables. Shared by the walk, the module
// facts and the rules.
import type { Node } from 'web-tree-sitter';
import type { MainBlockRec } from './model';

/** Logger methods that emit a record. */
export const LOG_METHODS: ReadonlySet<string> = new Set([
  'debug',
  'info',
  'warning',
  'warn',
  'error',
  'exception',
  'critical',
  'fatal',
  'log',
]);

const DOTTED = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/** Normalises a callee or target written with spaces or line breaks (`a . b`) to a dotted name. */
export function dottedName(src: string): string | null {
  const compact = src.includes(' ') || src.includes('\n') || src.includes('\\') ? src.replace(/[\s\\]+/g, '') : src;
  return DOTTED.test(compact) ? compact : null;
}

/**
 * The `if __name__ == "__main__":` block an if statement is, with offsets relative to the statement,
 * or null for any other if statement.
 */
export function mainBlockOf(ifNode: Node, text: string): MainBlockRec | null {
  const cond = ifNode.childForFieldName('condition');
  if (!cond) return null;
  const c = text.slice(cond.startIndex, cond.endIndex).replace(/\s+/g, '').replace(/'/g, '"');
  if (c !== '__name__=="__main__"' && c !== '"__main__"==__name__') return null;
  const body = ifNode.childForFieldName('consequence');
  const first = body?.namedChildren.find((n) => n !== null && n.type !== 'comment') ?? null;
  if (!body || !first) return null;
  const base = ifNode.startIndex;
  const colon = text.indexOf(':', cond.endIndex);
  const lineStart = text.lastIndexOf('\n', first.startIndex - 1) + 1;
  const lead = text.slice(lineStart, first.startIndex);
  return {
    header: { s: 0, e: colon + 1 - base },
    firstStatement: first.startIndex - base,
    indent: lineStart > colon && /^[ \t]*$/.test(lead) ? lead : null,
  };
}

/** An `if` header whose condition mainBlockOf accepts, written on one line: `if __name__ == "__main__":` (either order, either quote). */
const MAIN_HEADER = /^if[ \t]+(?:__name__[ \t]*==[ \t]*(?:"__main__"|'__main__')|(?:"__main__"|'__main__')[ \t]*==[ \t]*__name__)[ \t]*:/;

/**
 * mainBlockOf read from the text of an `if` statement that surely parses (`source` starts at its
 * `if`): the same block for a header on one line, null for a statement that does not name
 * `__main__`, undefined when only its tree can tell (a condition over several lines, in brackets...).
 * Parsing each script's `if __name__ == "__main__": main()` only to find it cost a parse per file.
 */
export function mainBlockFromText(source: string): MainBlockRec | null | undefined {
  if (!source.includes('__main__')) return null;
  const header = MAIN_HEADER.exec(source);
  if (!header) return undefined;
  const colon = header[0].length - 1;
  // The first statement: code after the colon on its line, else the first line of code below it.
  let i = colon + 1;
  for (;;) {
    const c = source.charCodeAt(i);
    if (c === 32 || c === 9) i++;
    else if (c === 35) {
      while (i < source.length && source.charCodeAt(i) !== 10 && source.charCodeAt(i) !== 13) i++;
    } else if (c === 10 || c === 13) i++;
    else break;
  }
  // No body, or one that starts oddly (a form feed, a backslash): the tree decides.
  const first = source.charCodeAt(i);
  if (i >= source.length || first === 12 || first === 92) return undefined;
  const lineStart = source.lastIndexOf('\n', i - 1) + 1;
  const lead = source.slice(lineStart, i);
  return {
    header: { s: 0, e: colon + 1 },
    firstStatement: i,
    indent: lineStart > colon && /^[ \t]*$/.test(lead) ? lead : null,
  };
}

/** A string value assembled from variables: f-string, `%`, `+`, `.format()`, `.join()`. */
export function isBuiltString(node: Node, text: string, depth = 0): boolean {
  // Long `a + b + c ...` chains nest to the left; looking 64 levels down is plenty and keeps the stack small.
  if (depth > 64) return false;
  switch (node.type) {
    case 'string':
      return (
        /^[rRbB]?[fF]/.test(text.slice(node.startIndex, node.startIndex + 3)) && node.children.some((c) => c?.type === 'interpolation')
      );
    case 'binary_operator': {
      const [l, op, r] = node.children;
      if (!l || !op || !r) return false;
      if (op.type === '%') return l.type === 'string';
      if (op.type !== '+') return false;
      const plain = (n: Node) => n.type === 'string' && !isBuiltString(n, text, depth + 1);
      if (plain(l) && plain(r)) return false;
      return plain(l) || plain(r) || isBuiltString(l, text, depth + 1) || isBuiltString(r, text, depth + 1);
    }
    case 'call': {
      const fn = node.child(0);
      if (fn?.type !== 'attribute') return false;
      const src = text.slice(fn.startIndex, fn.endIndex);
      return /\.\s*(format|join)$/.test(src) && fn.child(0)?.type === 'string';
    }
    default:
      return false;
  }
}

/** A call's callee as a dotted name without spaces, or null when it is not a dotted name. */
export function calleeText(call: Node, text: string): string | null {
  const fn = call.childForFieldName('function');
  if (!fn) return null;
  const name = text.slice(fn.startIndex, fn.endIndex).replace(/\s+/g, '');
  return DOTTED.test(name) ? name : null;
}
