// Keystrokes typed into the profile terminal, turned into what the script reads: a small
// cooked-mode line discipline (echo, erase, line-at-a-time, Ctrl+D, Ctrl+C). No vscode import,
// so it is tested on its own; terminalOutput.ts wires it to the pseudoterminal and the stdin stream.

/** What one chunk of keystrokes produced, in this order: echo, data for stdin, end, interrupt. */
export interface KeystrokeResult {
  /** Text to write back to the terminal (echo and erasing). */
  echo: string;
  /** Data for the script's stdin: each finished line with its "\n" (Ctrl+D sends a partial one without). */
  input: string[];
  /** Ctrl+D on an empty line: the script's stdin should end. */
  endOfInput: boolean;
  /** Ctrl+C: cancel the run. */
  interrupt: boolean;
}

const ERASE_ONE_CELL = '\b \b';
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Terminal cells taken by a character: 2 for wide East Asian characters and most emoji. */
function cellWidth(grapheme: string): number {
  const code = grapheme.codePointAt(0) ?? 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

/** Length of the escape sequence starting at `start` (an ESC), so arrow keys and the like are skipped. */
function escapeLength(data: string, start: number): number {
  const kind = data[start + 1];
  if (kind === '[') {
    // CSI: parameters, then one final byte in @..~
    let end = start + 2;
    while (end < data.length && !(data.charCodeAt(end) >= 0x40 && data.charCodeAt(end) <= 0x7e)) end++;
    return Math.min(end + 1, data.length) - start;
  }
  if (kind === undefined) return 1;
  // SS3 is ESC O x (F1-F4, some arrow keys); Alt+key is ESC x.
  return kind === 'O' ? Math.min(3, data.length - start) : 2;
}

export class LineDiscipline {
  private line = '';
  private ended = false;
  /** The previous chunk ended with CR: a LF starting this one belongs to the same Enter. */
  private afterCarriageReturn = false;

  /** Stdin has been ended by Ctrl+D; further typing is ignored. */
  get inputEnded(): boolean {
    return this.ended;
  }

  /** The line typed so far and not yet sent. */
  get pending(): string {
    return this.line;
  }

  feed(data: string): KeystrokeResult {
    const result: KeystrokeResult = { echo: '', input: [], endOfInput: false, interrupt: false };
    let i = 0;
    while (i < data.length) {
      const code = data.codePointAt(i)!;
      const afterCr = this.afterCarriageReturn;
      this.afterCarriageReturn = false;
      if (code === 0x1b) {
        i += escapeLength(data, i);
        continue;
      }
      const char = String.fromCodePoint(code);
      i += char.length;
      // After Ctrl+D nothing more reaches the script: typing is not echoed, only Ctrl+C still counts.
      if (this.ended && char !== '\x03') continue;
      switch (char) {
        case '\x03': // Ctrl+C: what was typed is dropped, as a terminal does
          this.line = '';
          result.echo += '^C\r\n';
          result.interrupt = true;
          break;
        case '\r': // Enter (pasted newlines arrive as CR too)
        case '\n':
          if (char === '\n' && afterCr) break; // CRLF is one Enter
          this.afterCarriageReturn = char === '\r';
          result.echo += '\r\n';
          result.input.push(this.line + '\n');
          this.line = '';
          break;
        case '\x7f': // Backspace
        case '\b':
          result.echo += this.eraseLast();
          break;
        case '\x15': // Ctrl+U: erase the whole line
          while (this.line) result.echo += this.eraseLast();
          break;
        case '\x04': // Ctrl+D: end of input on an empty line, else send what is typed without a newline
          if (this.line) {
            result.input.push(this.line);
            this.line = '';
          } else {
            this.ended = true;
            result.endOfInput = true;
          }
          break;
        default:
          // Other control characters (Ctrl+A, ...) have no meaning here. Tab is kept in the data
          // and echoed as one space, so erasing it stays in step with the screen.
          if (char === '\t' || code >= 0x20) {
            this.line += char;
            result.echo += char === '\t' ? ' ' : char;
          }
      }
    }
    return result;
  }

  private eraseLast(): string {
    if (!this.line) return '';
    let last = '';
    for (const { segment } of graphemes.segment(this.line)) last = segment;
    this.line = this.line.slice(0, this.line.length - last.length);
    return ERASE_ONE_CELL.repeat(cellWidth(last));
  }
}
