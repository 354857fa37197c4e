// Parser for the VS Code snippet syntax our bodies use: tab stops, placeholders (nested), choices,
// variables and backslash escapes. Transforms (`${1/re/fmt/}`) are not supported and are reported.
//
// VS Code itself is lenient: a `$` or `${` that does not form a construct is kept as text. This
// parser is strict on purpose, because in Python code such a `$` is almost always a forgotten
// escape (`"$HOME"` would become a variable). A `}` outside any placeholder is plain text in VS Code
// and here, so dict and f-string braces need no escape at the top level.

export interface TextNode {
  kind: 'text';
  value: string;
}

/** `$1` or `${1}`: an empty tab stop, or a mirror of the placeholder with the same index. */
export interface TabStopNode {
  kind: 'tabstop';
  index: number;
}

/** `${1:default}`; the default may itself hold tab stops, placeholders and variables. */
export interface PlaceholderNode {
  kind: 'placeholder';
  index: number;
  children: SnippetNode[];
}

/** `${1|one,two|}`: the first option is the default. */
export interface ChoiceNode {
  kind: 'choice';
  index: number;
  options: string[];
}

/** `$NAME`, `${NAME}` or `${NAME:default}`. */
export interface VariableNode {
  kind: 'variable';
  name: string;
  /** Undefined when the variable has no default (`$NAME`, `${NAME}`). */
  children: SnippetNode[] | undefined;
}

export type SnippetNode = TextNode | TabStopNode | PlaceholderNode | ChoiceNode | VariableNode;

export class SnippetSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset into the body, in UTF-16 code units. */
    readonly offset: number,
    /** Zero-based line within the body. */
    readonly line: number,
    /** Zero-based column within that line. */
    readonly column: number,
  ) {
    super(message);
    this.name = 'SnippetSyntaxError';
  }
}

const VARIABLE_START = /[_a-zA-Z]/;
const VARIABLE_CHAR = /[_a-zA-Z0-9]/;
const DIGIT = /[0-9]/;

/** Characters a backslash escapes in text and placeholder defaults. */
const TEXT_ESCAPES = new Set(['$', '}', '\\']);
/** Inside a choice option a backslash escapes only the separators and itself (as in VS Code). */
const CHOICE_ESCAPES = new Set([',', '|', '\\']);

/** Parses a snippet body; throws SnippetSyntaxError with the position of the first problem. */
export function parseSnippet(body: string): SnippetNode[] {
  return new Parser(body).parseBody();
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parseBody(): SnippetNode[] {
    return this.parseSequence(false);
  }

  /** Reads nodes until the end of input or, inside a placeholder, until its closing `}`. */
  private parseSequence(insidePlaceholder: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flushText = (): void => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '\\') {
        const next = this.src[this.pos + 1];
        if (next !== undefined && TEXT_ESCAPES.has(next)) {
          text += next;
          this.pos += 2;
        } else {
          text += ch;
          this.pos += 1;
        }
      } else if (ch === '$') {
        flushText();
        nodes.push(this.parseDollar());
      } else if (ch === '}' && insidePlaceholder) {
        flushText();
        return nodes;
      } else {
        text += ch;
        this.pos += 1;
      }
    }
    flushText();
    return nodes;
  }

  private parseDollar(): SnippetNode {
    const start = this.pos;
    this.pos += 1; // the `$`
    const ch = this.src[this.pos];
    if (ch !== undefined && DIGIT.test(ch)) {
      return { kind: 'tabstop', index: this.readInt() };
    }
    if (ch !== undefined && VARIABLE_START.test(ch)) {
      return { kind: 'variable', name: this.readName(), children: undefined };
    }
    if (ch === '{') {
      this.pos += 1;
      return this.parseBraced(start);
    }
    throw this.error(start, 'a "$" that starts no tab stop or variable; write "\\$" for a literal dollar sign');
  }

  /** After `${`: an int or a variable name, then `}`, `:default}` or (for ints) `|choices|}`. */
  private parseBraced(start: number): SnippetNode {
    const ch = this.src[this.pos];
    if (ch !== undefined && DIGIT.test(ch)) {
      const index = this.readInt();
      const after = this.src[this.pos];
      if (after === '}') {
        this.pos += 1;
        return { kind: 'tabstop', index };
      }
      if (after === ':') {
        this.pos += 1;
        const children = this.parseSequence(true);
        this.expectClose(start, `placeholder \${${index}:...}`);
        return { kind: 'placeholder', index, children };
      }
      if (after === '|') {
        this.pos += 1;
        return { kind: 'choice', index, options: this.parseChoiceOptions(start, index) };
      }
      if (after === '/') throw this.error(start, `tab stop transforms (\${${index}/...}) are not supported`);
      throw this.error(start, `tab stop \${${index} must continue with "}", ":" or "|"`);
    }
    if (ch !== undefined && VARIABLE_START.test(ch)) {
      const name = this.readName();
      const after = this.src[this.pos];
      if (after === '}') {
        this.pos += 1;
        return { kind: 'variable', name, children: undefined };
      }
      if (after === ':') {
        this.pos += 1;
        const children = this.parseSequence(true);
        this.expectClose(start, `variable \${${name}:...}`);
        return { kind: 'variable', name, children };
      }
      if (after === '/') throw this.error(start, `variable transforms (\${${name}/...}) are not supported`);
      throw this.error(start, `variable \${${name} must continue with "}" or ":"`);
    }
    throw this.error(start, 'a "${" that starts no tab stop or variable; write "\\${" (or "\\$") for literal text');
  }

  private parseChoiceOptions(start: number, index: number): string[] {
    const options: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '\\') {
        const next = this.src[this.pos + 1];
        if (next !== undefined && CHOICE_ESCAPES.has(next)) {
          current += next;
          this.pos += 2;
          continue;
        }
        current += ch;
        this.pos += 1;
      } else if (ch === ',') {
        options.push(current);
        current = '';
        this.pos += 1;
      } else if (ch === '|') {
        if (this.src[this.pos + 1] !== '}') {
          throw this.error(this.pos, `choice \${${index}|...| must end with "|}"; write "\\|" for a literal bar`);
        }
        options.push(current);
        this.pos += 2;
        if (options.some((option) => option === '')) {
          throw this.error(start, `choice \${${index}|...|} has an empty option`);
        }
        return options;
      } else {
        current += ch;
        this.pos += 1;
      }
    }
    throw this.error(start, `choice \${${index}|...| is not closed with "|}"`);
  }

  private expectClose(start: number, what: string): void {
    if (this.src[this.pos] !== '}') {
      throw this.error(start, `${what} is not closed; a "}" inside a placeholder must be written "\\}"`);
    }
    this.pos += 1;
  }

  private readInt(): number {
    const from = this.pos;
    while (this.pos < this.src.length && DIGIT.test(this.src[this.pos] ?? '')) this.pos += 1;
    return Number(this.src.slice(from, this.pos));
  }

  private readName(): string {
    const from = this.pos;
    while (this.pos < this.src.length && VARIABLE_CHAR.test(this.src[this.pos] ?? '')) this.pos += 1;
    return this.src.slice(from, this.pos);
  }

  private error(offset: number, message: string): SnippetSyntaxError {
    const before = this.src.slice(0, offset);
    const line = before.split('\n').length - 1;
    const column = offset - (before.lastIndexOf('\n') + 1);
    return new SnippetSyntaxError(message, offset, line, column);
  }
}

/** Escapes text so that a snippet body reproduces it literally. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (ch) => `\\${ch}`);
}
