// pyops.profile.output = "terminal": the script's output in a terminal of its own (a
// pseudoterminal driven by the extension). Ctrl+C in it cancels the run like the Cancel button.

import * as vscode from 'vscode';

export interface RunOutput {
  write(text: string): void;
  /** A line of PyOps' own, visibly apart from the script's output. */
  note(line: string): void;
  close(): void;
  /** Bring the output into view. */
  show(): void;
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

  constructor(title: string, private readonly onInterrupt: () => void) {
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writeEmitter.event,
      open: () => {
        this.opened = true;
        for (const text of this.pending) this.writeEmitter.fire(text);
        this.pending = [];
      },
      close: () => {
        if (!this.finished) this.onInterrupt();
      },
      handleInput: (data) => {
        if (data === '\x03' && !this.finished) {
          this.emit('^C\r\n');
          this.onInterrupt();
        }
      },
    };
    this.terminal = vscode.window.createTerminal({ name: `Profile: ${title}`, pty, iconPath: new vscode.ThemeIcon('flame') });
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
    this.note('[PyOps] The run has ended; this terminal can be closed.');
  }

  show(): void {
    this.terminal.show(true);
  }
}

/** The output channel as a RunOutput (see output.ts for batching and the size cap). */
export function channelOutput(stream: { write(text: string): void; note(line: string): void; close(): void }, show: () => void): RunOutput {
  return { write: (t) => stream.write(t), note: (l) => stream.note(l), close: () => stream.close(), show };
}
