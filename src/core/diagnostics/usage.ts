// Text scans for how a bound name is used later, within one scope's text. Comments and strings are
// not excluded: a mention there counts as a use, which can only hide a finding, never invent one.

const WORD = /[A-Za-z0-9_]/;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && WORD.test(c);
}

export interface NameUse {
  pos: number;
  /** Attribute read right after the name (`r.returncode` -> "returncode"), or null. */
  attr: string | null;
  /** The name is being assigned to (`r = ...`), not read. */
  rebinding: boolean;
}

/** Uses of `name` (an identifier or dotted path) as a whole name in text[from, to). */
export function nameUses(text: string, name: string, from: number, to: number): NameUse[] {
  const out: NameUse[] = [];
  for (let i = text.indexOf(name, from); i !== -1 && i + name.length <= to; i = text.indexOf(name, i + 1)) {
    const before = text[i - 1];
    const after = text[i + name.length];
    if (isWordChar(before) || before === '.' || isWordChar(after)) continue;
    out.push(describeUse(text, i, name.length));
  }
  return out;
}

/** The use of a name of `length` characters at `pos`. */
function describeUse(text: string, pos: number, length: number): NameUse {
  let j = pos + length;
  while (text[j] === ' ' || text[j] === '\t') j++;
  let attr: string | null = null;
  let rebinding = false;
  if (text[j] === '.') {
    const m = /^\.\s*([A-Za-z_]\w*)/.exec(text.slice(j, j + 80));
    attr = m ? m[1] : null;
  } else if (text[j] === '=' && text[j + 1] !== '=') rebinding = true;
  return { pos, attr, rebinding };
}

/** Whether `name` occurs anywhere in text[from, to) as a whole identifier. */
export function mentions(text: string, name: string, from = 0, to = text.length): boolean {
  // As nameUses(...).length > 0, stopping at the first use: files mention common names thousands of times.
  for (let i = text.indexOf(name, from); i !== -1 && i + name.length <= to; i = text.indexOf(name, i + 1)) {
    if (!isWordChar(text[i - 1]) && text[i - 1] !== '.' && !isWordChar(text[i + name.length])) return true;
  }
  return false;
}

/** After this many different names looked up in one range, the range's identifiers are indexed. */
const INDEX_AFTER = 16;

/**
 * nameUses with memory, for one analysis: rules ask about the same scope again and again (every
 * `r = subprocess.run(...)` of a script looks for uses of `r` in the whole module), which would
 * make the analysis quadratic in the number of such statements.
 */
export class NameUseCache {
  private readonly ranges = new Map<string, { names: Map<string, NameUse[]>; index: Map<string, number[]> | null }>();

  constructor(private readonly text: string) {}

  /** nameUses(text, name, from, to), remembered. */
  find(name: string, from: number, to: number): NameUse[] {
    const key = `${from}:${to}`;
    let range = this.ranges.get(key);
    if (!range) this.ranges.set(key, (range = { names: new Map(), index: null }));
    let uses = range.names.get(name);
    if (uses) return uses;
    if (!range.index && range.names.size >= INDEX_AFTER) range.index = identifierStarts(this.text, from, to);
    uses = range.index ? usesFromIndex(this.text, range.index, name, to) : nameUses(this.text, name, from, to);
    range.names.set(name, uses);
    return uses;
  }
}

/** Where each identifier of text[from, to) starts, when it is not an attribute (`.name`). */
function identifierStarts(text: string, from: number, to: number): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (let i = from; i < to; i++) {
    if (!isWordChar(text[i])) continue;
    let j = i + 1;
    while (j < text.length && isWordChar(text[j])) j++;
    if (text[i - 1] !== '.' && !isWordChar(text[i - 1])) {
      const word = text.slice(i, j);
      const list = index.get(word);
      if (list) list.push(i);
      else index.set(word, [i]);
    }
    i = j;
  }
  return index;
}

/** nameUses, from an index of identifier starts. */
function usesFromIndex(text: string, index: Map<string, number[]>, name: string, to: number): NameUse[] {
  const dot = name.indexOf('.');
  const starts = index.get(dot === -1 ? name : name.slice(0, dot)) ?? [];
  const out: NameUse[] = [];
  for (const i of starts) {
    if (i + name.length > to || !text.startsWith(name, i) || isWordChar(text[i + name.length])) continue;
    out.push(describeUse(text, i, name.length));
  }
  return out;
}
