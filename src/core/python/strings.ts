// Reading Python string literals from source text.

export interface StringLiteral {
  /** Lower-cased prefix letters, e.g. "", "r", "f", "rb". */
  prefix: string;
  quote: '"' | "'" | '"""' | "'''";
  /** The source text between the quotes, escapes untouched. */
  body: string;
}

const PREFIX = /^[rRuUbBfFtT]{0,2}/;

/**
 * Offset just past the end of a triple-quoted string literal whose opening quotes are at `open`
 * (its body starts at open + 3), or -1 when it is not closed: the first three quotes like those
 * that open it, not escaped by an odd run of backslashes. Found with indexOf, not character by
 * character: docstrings are long.
 */
export function tripleQuotedEnd(text: string, open: number): number {
  const quotes = text.slice(open, open + 3);
  for (let from = open + 3; ;) {
    const k = text.indexOf(quotes, from);
    if (k === -1) return -1;
    let backslashes = 0;
    while (text.charCodeAt(k - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return k + 3;
    from = k + 1;
  }
}

/**
 * Offset just past the end of a one-line string literal whose opening quote is at `open`, or -1
 * when its line ends first (unterminated). A backslash escapes the next character, a CRLF whole.
 */
export function lineQuotedEnd(text: string, open: number): number {
  const quote = text.charCodeAt(open);
  for (let k = open + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 92) {
      if (text.charCodeAt(k + 1) === 13 && text.charCodeAt(k + 2) === 10) k++;
      k++;
    } else if (c === quote) return k + 1;
    else if (c === 10 || c === 13) return -1;
  }
  return -1;
}

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
