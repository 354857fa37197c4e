// Glob matching in time linear in the path: the glob is compiled to a Thompson NFA and run over the
// path's characters once, tracking the set of states it can be in. Regex-based matchers (picomatch)
// backtrack, and a glob like `*a*a*a…*b` next to a long file name took them minutes: globs come
// from files a workspace contains, and must not be able to stall the language server or the CLI.
// Syntax (picomatch's and ruff's common ground): `*`, `**` as a whole segment, `?`, `[abc]`,
// `[a-z]`, `[!abc]` / `[^abc]`, `{a,b}` (nested), `{1..9}` / `{a..f}`, `\` escapes, a leading `!`
// that negates the glob. Extglobs (`@(a|b)`, `!(x)`...) are refused with a reason.

/** Longer globs are refused: matching costs path length x glob length. */
export const MAX_GLOB_LENGTH = 1000;
/** A `{1..N}` range is expanded; larger ones are refused. */
const MAX_RANGE_ITEMS = 1000;

export interface GlobOptions {
  /** Whether `*`, `?`, `[...]` and `**` match a `.` that starts a file or folder name (default true). */
  dot?: boolean;
}

export interface Glob {
  readonly source: string;
  matches(path: string): boolean;
}

export type CompiledGlob = { ok: true; glob: Glob } | { ok: false; reason: string };

// ---- syntax tree ----

/** One character: a literal, or one that a wildcard (`?`, `[...]`) matches. */
interface CharNode {
  kind: 'char';
  test: (code: number) => boolean;
  /** From a wildcard: does not match a leading dot unless options.dot. */
  wild: boolean;
}
type Node =
  | CharNode
  | { kind: 'star' } // any characters but "/"
  | { kind: 'any' } // any characters, "/" included (from `**`)
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'opt'; item: Node };

const SLASH = 47;
const DOT = 46;

class GlobSyntaxError extends Error {}

const literal = (code: number): CharNode => ({ kind: 'char', test: (c) => c === code, wild: false });

const POSIX_CLASSES: Record<string, (c: number) => boolean> = {
  alnum: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  digit: (c) => c >= 48 && c <= 57,
  lower: (c) => c >= 97 && c <= 122,
  upper: (c) => c >= 65 && c <= 90,
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  word: (c) => c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  xdigit: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

/** Recursive-descent parser over the glob text (inside braces, "," and "}" end an option). */
class Parser {
  private i = 0;

  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.sequence(false);
    if (this.i < this.src.length) throw new GlobSyntaxError(`unexpected '${this.src[this.i]}'`);
    return node;
  }

  private sequence(inBraces: boolean): Node {
    const items: Node[] = [];
    const s = this.src;
    while (this.i < s.length) {
      const ch = s[this.i];
      if (inBraces && (ch === ',' || ch === '}')) break;
      if ((ch === '@' || ch === '!' || ch === '+' || ch === '*' || ch === '?') && s[this.i + 1] === '(') {
        throw new GlobSyntaxError(`extglobs like ${ch}(a|b) are not supported: use {a,b}`);
      }
      if (ch === '\\') {
        if (this.i + 1 >= s.length) throw new GlobSyntaxError('it ends with a lone backslash');
        items.push(literal(s.charCodeAt(this.i + 1)));
        this.i += 2;
      } else if (ch === '*') this.stars(items);
      else if (ch === '?') {
        items.push({ kind: 'char', test: (c) => c !== SLASH, wild: true });
        this.i++;
      } else if (ch === '[') items.push(this.bracket());
      else if (ch === '{') items.push(...this.braces());
      else {
        items.push(literal(s.charCodeAt(this.i)));
        this.i++;
      }
    }
    return { kind: 'seq', items };
  }

  /** `*`, or `**`: as a whole segment any number of folders, elsewhere the same as `*`. */
  private stars(items: Node[]): void {
    const s = this.src;
    const begin = this.i;
    let end = begin;
    while (s[end] === '*') end++;
    this.i = end;
    const wholeSegment = (begin === 0 || s[begin - 1] === '/') && (end === s.length || s[end] === '/');
    if (end - begin < 2 || !wholeSegment) {
      items.push({ kind: 'star' });
      return;
    }
    if (s[end] === '/') {
      // `**/`: zero or more folders.
      this.i = end + 1;
      items.push({ kind: 'opt', item: { kind: 'seq', items: [{ kind: 'any' }, literal(SLASH)] } });
      return;
    }
    const last = items[items.length - 1];
    if (begin > 0 && last?.kind === 'char' && !last.wild && last.test(SLASH)) {
      // `dir/**` also matches `dir` itself, as in picomatch.
      items.pop();
      items.push({ kind: 'opt', item: { kind: 'seq', items: [literal(SLASH), { kind: 'any' }] } });
      return;
    }
    items.push({ kind: 'any' });
  }

  /** `[...]`: a class of characters (never "/"); an unclosed `[` is a literal one. */
  private bracket(): Node {
    const s = this.src;
    let j = this.i + 1;
    const negated = s[j] === '!' || s[j] === '^';
    if (negated) j++;
    const tests: ((c: number) => boolean)[] = [];
    let first = true;
    while (j < s.length && (s[j] !== ']' || first)) {
      first = false;
      if (s.startsWith('[:', j)) {
        const close = s.indexOf(':]', j + 2);
        const name = close === -1 ? '' : s.slice(j + 2, close);
        const test = POSIX_CLASSES[name];
        if (!test) throw new GlobSyntaxError(`unknown character class [:${name}:]`);
        tests.push(test);
        j = close + 2;
        continue;
      }
      let from = s.charCodeAt(j);
      if (s[j] === '\\' && j + 1 < s.length) from = s.charCodeAt(++j);
      j++;
      if (s[j] === '-' && j + 1 < s.length && s[j + 1] !== ']') {
        let to = s.charCodeAt(j + 1);
        j += 2;
        if (s[j - 1] === '\\' && j < s.length) to = s.charCodeAt(j++);
        const lo = Math.min(from, to);
        const hi = Math.max(from, to);
        tests.push((c) => c >= lo && c <= hi);
      } else {
        const code = from;
        tests.push((c) => c === code);
      }
    }
    if (j >= s.length) {
      this.i++;
      return literal(91); // no closing "]": a literal "["
    }
    this.i = j + 1;
    const inClass = (c: number) => tests.some((t) => t(c));
    return { kind: 'char', test: negated ? (c) => c !== SLASH && !inClass(c) : (c) => c !== SLASH && inClass(c), wild: true };
  }

  /** `{a,b}` alternatives, `{1..5}` ranges; braces without a comma or range are literal text. */
  private braces(): Node[] {
    const s = this.src;
    const range = /^\{(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])\}/.exec(s.slice(this.i, this.i + 50));
    if (range) {
      this.i += range[0].length;
      return [
        {
          kind: 'alt',
          options: expandRange(range[1], range[2]).map((t) => ({ kind: 'seq', items: [...t].map((ch) => literal(ch.charCodeAt(0))) })),
        },
      ];
    }
    const open = this.i;
    this.i++;
    const options: Node[] = [this.sequence(true)];
    while (s[this.i] === ',') {
      this.i++;
      options.push(this.sequence(true));
    }
    if (s[this.i] !== '}') throw new GlobSyntaxError(`the '{' at column ${open + 1} is never closed`);
    this.i++;
    if (options.length === 1) return [literal(123), options[0], literal(125)];
    return [{ kind: 'alt', options }];
  }
}

function expandRange(a: string, b: string): string[] {
  const numeric = /\d/.test(a);
  if (numeric !== /\d/.test(b)) throw new GlobSyntaxError(`{${a}..${b}} mixes numbers and letters`);
  const from = numeric ? Number(a) : a.charCodeAt(0);
  const to = numeric ? Number(b) : b.charCodeAt(0);
  if (Math.abs(to - from) + 1 > MAX_RANGE_ITEMS) throw new GlobSyntaxError(`{${a}..${b}} has more than ${MAX_RANGE_ITEMS} items`);
  const step = from <= to ? 1 : -1;
  const out: string[] = [];
  for (let v = from; v !== to + step; v += step) out.push(numeric ? String(v) : String.fromCharCode(v));
  return out;
}

// ---- NFA ----

/** NFA states in arrays: a character state moves on a matching character, a split on nothing. */
interface Nfa {
  /** For character states: the test; undefined for split and match states. */
  test: (((code: number) => boolean) | undefined)[];
  wild: boolean[];
  /** Next states: one for a character state, two for a split (second -1 when none). */
  out1: number[];
  out2: number[];
  match: number;
  start: number;
}

interface Fragment {
  start: number;
  /** Dangling exits to patch: [state, 1 | 2]. */
  exits: [number, 1 | 2][];
}

class NfaBuilder {
  readonly nfa: Nfa = { test: [], wild: [], out1: [], out2: [], match: -1, start: -1 };

  private add(test: ((c: number) => boolean) | undefined, wild: boolean): number {
    const n = this.nfa;
    n.test.push(test);
    n.wild.push(wild);
    n.out1.push(-1);
    n.out2.push(-1);
    return n.test.length - 1;
  }

  private patch(exits: [number, 1 | 2][], to: number): void {
    for (const [state, which] of exits) (which === 1 ? this.nfa.out1 : this.nfa.out2)[state] = to;
  }

  build(node: Node): Fragment {
    switch (node.kind) {
      case 'char': {
        const s = this.add(node.test, node.wild);
        return { start: s, exits: [[s, 1]] };
      }
      case 'star':
      case 'any': {
        const split = this.add(undefined, false);
        const ch = this.add(node.kind === 'star' ? (c) => c !== SLASH : () => true, true);
        this.nfa.out1[split] = ch;
        this.nfa.out1[ch] = split;
        return { start: split, exits: [[split, 2]] };
      }
      case 'seq': {
        if (node.items.length === 0) {
          const s = this.add(undefined, false);
          return { start: s, exits: [[s, 1]] };
        }
        const first = this.build(node.items[0]);
        let exits = first.exits;
        for (const item of node.items.slice(1)) {
          const next = this.build(item);
          this.patch(exits, next.start);
          exits = next.exits;
        }
        return { start: first.start, exits };
      }
      case 'alt': {
        let fragment = this.build(node.options[0]);
        for (const option of node.options.slice(1)) {
          const other = this.build(option);
          const split = this.add(undefined, false);
          this.nfa.out1[split] = fragment.start;
          this.nfa.out2[split] = other.start;
          fragment = { start: split, exits: [...fragment.exits, ...other.exits] };
        }
        return fragment;
      }
      case 'opt': {
        const inner = this.build(node.item);
        const split = this.add(undefined, false);
        this.nfa.out1[split] = inner.start;
        return { start: split, exits: [...inner.exits, [split, 2]] };
      }
    }
  }

  finish(fragment: Fragment): Nfa {
    const match = this.add(undefined, false);
    this.patch(fragment.exits, match);
    this.nfa.match = match;
    this.nfa.start = fragment.start;
    return this.nfa;
  }
}

/** Runs the NFA over `path`: O(path length x states), whatever the glob. */
function run(nfa: Nfa, path: string, dot: boolean): boolean {
  const count = nfa.test.length;
  const mark = new Int32Array(count).fill(-1);
  let current: number[] = [];
  let next: number[] = [];
  const stack: number[] = [];
  // Adds `state` and every state reachable from it without reading a character.
  const add = (list: number[], state: number, generation: number): void => {
    stack.push(state);
    while (stack.length > 0) {
      const s = stack.pop() as number;
      if (s < 0 || mark[s] === generation) continue;
      mark[s] = generation;
      if (nfa.test[s] !== undefined || s === nfa.match) list.push(s);
      else {
        stack.push(nfa.out2[s], nfa.out1[s]);
      }
    }
  };
  add(current, nfa.start, 0);
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    // Wildcards never match the "." that starts a name, unless dot is on.
    const hiddenStart = !dot && code === DOT && (i === 0 || path.charCodeAt(i - 1) === SLASH);
    next.length = 0;
    for (const s of current) {
      const test = nfa.test[s];
      if (test === undefined || !test(code) || (hiddenStart && nfa.wild[s])) continue;
      add(next, nfa.out1[s], i + 1);
    }
    if (next.length === 0) return false;
    [current, next] = [next, current];
  }
  return current.includes(nfa.match);
}

/** Compiles a glob (posix separators), or says why it cannot be used. */
export function compileGlob(source: string, options: GlobOptions = {}): CompiledGlob {
  if (source.length > MAX_GLOB_LENGTH)
    return { ok: false, reason: `it is longer than ${MAX_GLOB_LENGTH.toLocaleString('en-US')} characters` };
  const negated = source.startsWith('!') && !source.startsWith('!(');
  const body = negated ? source.slice(1) : source;
  let nfa: Nfa;
  try {
    const builder = new NfaBuilder();
    nfa = builder.finish(builder.build(new Parser(body).parse()));
  } catch (error) {
    if (error instanceof GlobSyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
  const dot = options.dot ?? true;
  return { ok: true, glob: { source, matches: (path) => run(nfa, path, dot) !== negated } };
}

/** Whether `text` holds glob syntax (is not a plain name or path). */
export function hasGlobSyntax(text: string): boolean {
  return /[*?[{]|^!/.test(text);
}

/** The leading folders of a glob that hold no glob syntax (`jobs/nightly` for `jobs/nightly/**\/*.py`), or ''. */
export function globBase(glob: string): string {
  const segments = glob.split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (hasGlobSyntax(segment) || segment.includes('\\')) break;
    fixed.push(segment);
  }
  return fixed.join('/');
}
