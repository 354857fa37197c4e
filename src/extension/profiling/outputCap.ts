// How much of a run's output the output channel keeps: the start and the end, in whole lines,
// with what was left out counted. Pure (no vscode import), so it is unit-tested.

/** How far the head may run past its limit to finish the line it is in. */
export const LINE_SLACK = 64 * 1024;

export interface CappedOutputEnd {
  /** Characters left out between the head and the tail. */
  omittedChars: number;
  /** Lines left out, whole or (a line longer than the slack) their rest. */
  omittedLines: number;
  /** The last lines (at most the tail limit), shown after the note about the omitted part. */
  tail: string;
}

/**
 * Passes output through until `headLimit` characters were shown (finishing the line it is in),
 * then keeps only the last `tailLimit` characters of whole lines for `finish()`. A line is never
 * shown in part, except one longer than the limits themselves, whose rest is left out.
 */
export class CappedOutput {
  private shown = 0;
  private headOpen = true;
  private atLineStart = true;
  /** Complete lines held for the tail, oldest first, and their total length. */
  private readonly tailLines: string[] = [];
  private tailChars = 0;
  /** The line being written (no line break yet), held back until it ends. */
  private partial = '';
  /** The current line is too long to keep: the rest of it is dropped until its line break. */
  private droppingLine = false;
  private omittedChars = 0;
  private omittedLines = 0;

  constructor(
    readonly headLimit: number,
    readonly tailLimit: number,
  ) {}

  /** True once the head is complete: later output only reaches the tail. */
  get headFull(): boolean {
    return !this.headOpen;
  }

  /** Takes a chunk of output and returns the part to show now. */
  push(text: string): string {
    let shownNow = '';
    while (text !== '' && this.headOpen) {
      const room = this.headLimit - this.shown;
      if (room > 0) {
        const part = text.slice(0, room);
        shownNow += part;
        this.shown += part.length;
        this.atLineStart = part.endsWith('\n');
        text = text.slice(part.length);
        continue;
      }
      // The head is full: finish the line it ends in, within the slack.
      this.headOpen = false;
      if (this.atLineStart) break;
      const newline = text.indexOf('\n');
      const slack = this.headLimit + LINE_SLACK - this.shown;
      if (newline !== -1 && newline < slack) {
        shownNow += text.slice(0, newline + 1);
        this.shown += newline + 1;
        text = text.slice(newline + 1);
      } else if (newline === -1 && text.length <= slack) {
        shownNow += text;
        this.shown += text.length;
        this.headOpen = true; // still in that line: the next chunk may end it
        text = '';
      } else {
        this.droppingLine = true; // a giant line: the rest of it is left out
      }
    }
    if (text !== '') this.hold(text);
    return shownNow;
  }

  private hold(text: string): void {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      this.addLinePart(text.slice(start, newline + 1), true);
      start = newline + 1;
    }
    if (start < text.length) this.addLinePart(text.slice(start), false);
  }

  private addLinePart(part: string, ends: boolean): void {
    if (this.droppingLine) {
      this.omittedChars += part.length;
      if (ends) {
        this.droppingLine = false;
        this.omittedLines++;
      }
      return;
    }
    this.partial += part;
    if (this.partial.length > this.tailLimit) {
      // A line longer than the whole tail: left out rather than shown in part.
      this.omittedChars += this.partial.length;
      this.partial = '';
      if (ends) this.omittedLines++;
      else this.droppingLine = true;
      return;
    }
    if (!ends) return;
    this.tailLines.push(this.partial);
    this.tailChars += this.partial.length;
    this.partial = '';
    while (this.tailChars > this.tailLimit) this.dropOldest();
  }

  private dropOldest(): void {
    const line = this.tailLines.shift()!;
    this.tailChars -= line.length;
    this.omittedChars += line.length;
    this.omittedLines++;
  }

  /** The run ended: what was left out, and the tail to show after saying so. */
  finish(): CappedOutputEnd {
    if (this.droppingLine) {
      this.omittedLines++;
      this.droppingLine = false;
    }
    while (this.tailLines.length > 0 && this.tailChars + this.partial.length > this.tailLimit) this.dropOldest();
    const tail = this.tailLines.join('') + this.partial;
    this.tailLines.length = 0;
    this.tailChars = 0;
    this.partial = '';
    return { omittedChars: this.omittedChars, omittedLines: this.omittedLines, tail };
  }
}
