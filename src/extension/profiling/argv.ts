// Splitting the "Profile with Arguments…" input into argv the way a POSIX shell would (quotes
// and backslashes; no variables, globs or pipes: nothing is run through a shell). Pure.

export interface ParsedArgs {
  args: string[];
  /** Set when the text cannot be split (an unclosed quote); args is then empty. */
  error?: string;
}

export function splitArgs(text: string): ParsedArgs {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else current += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) current += text[++i]!;
      else current += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inArg = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i]!;
      inArg = true;
    } else if (/\s/.test(c)) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else {
      current += c;
      inArg = true;
    }
  }
  if (quote) return { args: [], error: `The ${quote === '"' ? 'double' : 'single'} quote is not closed.` };
  if (inArg) args.push(current);
  return { args };
}

/** argv back to text that splitArgs turns into the same argv (for prefilling the input box). */
export function joinArgs(args: readonly string[]): string {
  return args
    .map((a) => {
      if (a === '') return "''";
      if (!/[\s'"\\$`]/.test(a)) return a;
      return `'${a.replace(/'/g, `'"'"'`)}'`;
    })
    .join(' ');
}
