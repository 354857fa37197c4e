// pyops.profile.output = "terminal": the script's output in a terminal of its own (a
// pseudoterminal driven by the extension), and what is typed there as the script's stdin, a line
// at a time (see lineDiscipline.ts). Ctrl+C in it cancels the run like the Cancel button.

import { PassThrough } from 'node:stream';
import * as vscode from 'vscode';
import { LineDiscipline } from './lineDiscipline';

export interface RunOutput {
  write(text: string): void;
  /** A line of PyOps' own, visibly apart from the script's output. */
  note(line: string): void;
  close(): void;
  /** The script's output is complete: anything held back is shown before PyOps' closing lines. */
  endOutput?(): void;
  /** Bring the output into view. */
  show(): void;
  /** What the user types for the script, when this output takes input; else the script reads EOF. */
  readonly stdin?: NodeJS.ReadableStream;
}

const CSI = '\x1b[';

function toTerminalText(text: string): string {
  // A pseudoterminal gets raw text: bare LFs must become CRLF or lines stair-step.
  return text.replace(/\r?\n/g, '\r\n');
}

export class TerminalOutput implements RunOutput {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly terminal: vscode.Terminal;
  private opened = false;
  private pending: string[] = [];
  private finished = false;
  private readonly keys = new LineDiscipline();
  private readonly input = new PassThrough();
  readonly stdin: NodeJS.ReadableStream = this.input;

  constructor(
    title: string,
    private readonly onInterrupt: () => void,
  ) {
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writeEmitter.event,
      open: () => {
        this.opened = true;
        for (const text of this.pending) this.writeEmitter.fire(text);
        this.pending = [];
      },
      close: () => {
        if (!this.finished) this.onInterrupt();
        this.endInput();
      },
      handleInput: (data) => this.type(data),
    };
    this.terminal = vscode.window.createTerminal({ name: `Profile: ${title}`, pty, iconPath: new vscode.ThemeIcon('flame') });
  }

  private type(data: string): void {
    if (this.finished) return;
    const typed = this.keys.feed(data);
    if (typed.echo) this.emit(typed.echo);
    for (const chunk of typed.input) this.input.write(chunk);
    if (typed.endOfInput) this.endInput();
    if (typed.interrupt) this.onInterrupt();
  }

  private endInput(): void {
    if (!this.input.writableEnded) this.input.end();
  }

  private emit(text: string): void {
    if (this.opened) this.writeEmitter.fire(text);
    else this.pending.push(text);
  }

  write(text: string): void {
    this.emit(toTerminalText(text));
  }

  note(line: string): void {
    this.emit(`${CSI}2m${toTerminalText(line)}${CSI}0m\r\n`);
  }

  close(): void {
    this.finished = true;
    this.endInput();
    this.note('[PyOps] The run has ended; this terminal can be closed.');
  }

  /** The terminal takes the focus: what the user types next is the script's input. */
  show(): void {
    this.terminal.show(false);
  }
}

/** The output channel as a RunOutput (see output.ts for batching and the size cap). */
export function channelOutput(
  stream: { write(text: string): void; note(line: string): void; endOutput(): void; close(): void },
  show: () => void,
): RunOutput {
  return {
    write: (t) => stream.write(t),
    note: (l) => stream.note(l),
    endOutput: () => stream.endOutput(),
    close: () => stream.close(),
    show,
  };
}
