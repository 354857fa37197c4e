// Reading Python string literals from source text.

export interface StringLiteral {
  /** Lower-cased prefix letters, e.g. "", "r", "f", "rb". */
  prefix: string;
  quote: '"' | "'" | '"""' | "'''";
  /** The source text between the quotes, escapes untouched. */
  body: string;
}

const PREFIX = /^[rRuUbBfFtT]{0,2}/;

/** Splits one string literal's source into prefix, quote and body; null when `src` is not one literal. */
export function parseStringLiteral(src: string): StringLiteral | null {
  const prefix = PREFIX.exec(src)![0];
  const rest = src.slice(prefix.length);
  let quote: StringLiteral['quote'];
  if (rest.startsWith('"""')) quote = '"""';
  else if (rest.startsWith("'''")) quote = "'''";
  else if (rest.startsWith('"')) quote = '"';
  else if (rest.startsWith("'")) quote = "'";
  else return null;
  if (rest.length < quote.length * 2 || !rest.endsWith(quote)) return null;
  return { prefix: prefix.toLowerCase(), quote, body: rest.slice(quote.length, rest.length - quote.length) };
}

/** A literal whose value is exactly its body: no prefix, no escapes, one line. */
export function isSimpleLiteral(lit: StringLiteral): boolean {
  return lit.prefix === '' && lit.quote.length === 1 && !lit.body.includes('\\') && !lit.body.includes('\n');
}

/** Doubles `%` so a literal part survives %-formatting. */
export function escapePercent(body: string): string {
  return body.replace(/%/g, '%%');
}

/** Whether `body` (source between single quotes of kind `from`) can sit between `to` quotes unchanged. */
export function bodyFitsQuote(body: string, from: StringLiteral['quote'], to: StringLiteral['quote']): boolean {
  if (from === to) return true;
  if (to.length === 1 && body.includes('\n')) return false;
  // An unescaped `to` quote in the body would end the new literal early.
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === to[0]) return false;
  }
  return true;
}
