// Reading `.env` files exactly as the Python Debugger extension (debugpy) reads a launch
// configuration's envFile, so a profiled run sees the variables a debugged run sees. The Python
// extension itself (python.envFile for its terminal, tests and API) reads them the same way,
// except that a quoted value never continues on the next line there. Pure: the caller reads the file.
//
// The rules, which differ from docker compose and python-dotenv:
// - a line is `NAME=VALUE`; NAME is letters, digits and `_`, starting with a letter after any
//   leading underscores. Any other line (comments, `export NAME=...`, `NAME: value`) is ignored;
// - VALUE is trimmed; quotes are removed only when the same quote opens and ends it, and `\n` in
//   it becomes a newline (in single quotes too). A `#` after the value is part of the value;
// - a quote opened after `=` and not closed on its line continues the value on the next lines;
// - `${NAME}` is replaced by NAME from earlier lines, else from the base variables (the launch
//   configuration's env for debugpy, the process environment for the Python extension), else by
//   nothing; `\${NAME}` stays as written and `\$` becomes `$`. A value with a malformed reference
//   (`${NAME:-default}`, `${}`) keeps all of its references as written.

export interface EnvFileResult {
  /** The variables in file order (later lines win). */
  variables: Record<string, string>;
  /**
   * 1-based lines that are neither blank, comments nor NAME=VALUE, and so set nothing
   * (`export NAME=1`, `1NAME=x`), for a warning.
   */
  ignoredLines: number[];
  /** The line where a quote opens that is never closed: the rest of the file became its value. */
  unclosedQuoteLine?: number;
}

const LINE = /^\s*(_*[a-zA-Z]\w*)\s*=\s*(.*?)?\s*$/s;
const REFERENCE = /\$\{([a-zA-Z]\w*)?([^}\w].*)?\}/g;

interface LogicalLine {
  text: string;
  /** 1-based physical line it starts on. */
  line: number;
}

/** Splits the file into NAME=VALUE units: a newline inside a quote opened after `=` does not end one. */
function logicalLines(content: string): { lines: LogicalLine[]; unclosedQuoteLine?: number } {
  const lines: LogicalLine[] = [];
  let current = '';
  let startLine = 1;
  let physicalLine = 1;
  let afterEquals = false;
  let quote = '';
  let quoteLine = 0;
  for (let i = 0; i < content.length; i += 1) {
    const char = content[i]!;
    if (char === '=' && quote === '') {
      afterEquals = true;
    } else if ((char === '"' || char === "'") && afterEquals) {
      let backslashes = 0;
      for (let j = i - 1; j >= 0 && content[j] === '\\'; j -= 1) backslashes += 1;
      if (backslashes % 2 === 0) {
        if (quote === '') {
          quote = char;
          quoteLine = physicalLine;
        } else if (char === quote) {
          quote = '';
        }
      }
    } else if (char === '\n') {
      physicalLine += 1;
      if (quote === '') {
        lines.push({ text: current, line: startLine });
        current = '';
        startLine = physicalLine;
        afterEquals = false;
        continue;
      }
    }
    current += char;
  }
  if (current.trim() !== '') lines.push({ text: current, line: startLine });
  return quote === '' ? { lines } : { lines, unclosedQuoteLine: quoteLine };
}

function unquote(value: string): string {
  const first = value[0];
  if ((first === "'" || first === '"') && value[value.length - 1] === first) {
    return value.substring(1, value.length - 1).replace(/\\n/g, '\n');
  }
  return value;
}

function substitute(value: string, local: Record<string, string>, base: Readonly<Record<string, string | undefined>>): string {
  let malformed = false;
  const replaced = value.replace(
    REFERENCE,
    (match: string, name: string | undefined, bogus: string | undefined, offset: number, whole: string) => {
      if (offset > 0 && whole[offset - 1] === '\\') return match;
      if ((bogus !== undefined && bogus !== '') || !name) {
        malformed = true;
        return match;
      }
      // `||`, not `??`: an empty earlier value falls through to the base, as in the Python extension.
      return local[name] || base[name] || '';
    },
  );
  return (malformed ? value : replaced).replace(/\\\$/g, '$');
}

/** Parses `.env` text; `base` supplies `${NAME}` references the file does not define. */
export function parseEnvFile(text: string, base: Readonly<Record<string, string | undefined>> = {}): EnvFileResult {
  const { lines, unclosedQuoteLine } = logicalLines(text);
  const variables: Record<string, string> = {};
  const ignoredLines: number[] = [];
  for (const { text: line, line: number } of lines) {
    const match = LINE.exec(line);
    if (!match) {
      const trimmed = line.replace(/^[\s\uFEFF]+/, '');
      if (trimmed !== '' && !trimmed.startsWith('#')) ignoredLines.push(number);
      continue;
    }
    const raw = match[2] ?? '';
    variables[match[1]!] = substitute(raw === '' ? '' : unquote(raw), variables, base);
  }
  return unclosedQuoteLine === undefined ? { variables, ignoredLines } : { variables, ignoredLines, unclosedQuoteLine };
}

/** One sentence per problem of a parsed file, for the run's output. */
export function describeEnvFileProblems(file: string, result: EnvFileResult): string[] {
  const problems: string[] = [];
  const ignored = result.ignoredLines;
  if (ignored.length > 0) {
    problems.push(
      `Env file ${file}: line${ignored.length > 1 ? 's' : ''} ${ignored.join(', ')} set${ignored.length > 1 ? '' : 's'} nothing ` +
        '(expected NAME=VALUE; the Python extension ignores `export` prefixes and other forms too).',
    );
  }
  if (result.unclosedQuoteLine !== undefined) {
    problems.push(
      `Env file ${file}: the quote opened on line ${result.unclosedQuoteLine} is never closed, so the rest of the file became one value (as the Python Debugger reads it). Close the quote.`,
    );
  }
  return problems;
}
