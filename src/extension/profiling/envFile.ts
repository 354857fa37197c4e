// Reading `.env` files (the format the Python extension and docker compose accept). Pure: no
// vscode, no fs; the caller reads the file.

export interface EnvFileResult {
  variables: Record<string, string>;
  /** 1-based line numbers of lines that are neither blank, comments nor KEY=VALUE. */
  badLines: number[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Parses `KEY=VALUE` lines: `export ` prefixes, `#` comments, single quotes (literal), double
 * quotes (`\n`, `\t`, `\"`, `\\` escapes, may span lines) and `${NAME}` references to earlier
 * keys or to `base` (the environment the file extends). Unquoted values lose a trailing ` # comment`.
 */
export function parseEnvFile(text: string, base: Record<string, string | undefined> = {}): EnvFileResult {
  const variables: Record<string, string> = {};
  const badLines: number[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const lookup = (name: string): string => variables[name] ?? base[name] ?? '';
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice(7).trimStart();
    const eq = line.indexOf('=');
    if (eq <= 0) {
      badLines.push(lineNumber);
      continue;
    }
    const key = line.slice(0, eq).trim();
    if (!KEY.test(key)) {
      badLines.push(lineNumber);
      continue;
    }
    let rest = line.slice(eq + 1).trimStart();
    let value: string;
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      if (end < 0) {
        badLines.push(lineNumber);
        continue;
      }
      value = rest.slice(1, end);
    } else if (rest.startsWith('"')) {
      // A double-quoted value may continue on the following lines until the closing quote.
      let body = rest.slice(1);
      let closed = findClosingQuote(body);
      while (closed < 0 && i + 1 < lines.length) {
        i++;
        body += '\n' + lines[i]!;
        closed = findClosingQuote(body);
      }
      if (closed < 0) {
        badLines.push(lineNumber);
        continue;
      }
      value = expand(unescapeDouble(body.slice(0, closed)), lookup);
    } else {
      const comment = rest.search(/\s#/);
      if (comment >= 0) rest = rest.slice(0, comment);
      value = expand(rest.trim(), lookup);
    }
    variables[key] = value;
  }
  return { variables, badLines };
}

function findClosingQuote(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function unescapeDouble(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c));
}

function expand(value: string, lookup: (name: string) => string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => lookup(name));
}
