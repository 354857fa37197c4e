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
    let j = i + name.length;
    while (text[j] === ' ' || text[j] === '\t') j++;
    let attr: string | null = null;
    let rebinding = false;
    if (text[j] === '.') {
      const m = /^\.\s*([A-Za-z_]\w*)/.exec(text.slice(j, j + 80));
      attr = m ? m[1] : null;
    } else if (text[j] === '=' && text[j + 1] !== '=') rebinding = true;
    out.push({ pos: i, attr, rebinding });
  }
  return out;
}

/** Whether `name` occurs anywhere in text[from, to) as a whole identifier. */
export function mentions(text: string, name: string, from = 0, to = text.length): boolean {
  // As nameUses(...).length > 0, stopping at the first use: files mention common names thousands of times.
  for (let i = text.indexOf(name, from); i !== -1 && i + name.length <= to; i = text.indexOf(name, i + 1)) {
    if (!isWordChar(text[i - 1]) && text[i - 1] !== '.' && !isWordChar(text[i + name.length])) return true;
  }
  return false;
}
