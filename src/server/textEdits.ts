import type { TextEdit } from 'vscode-languageserver';
import type { Position } from '../core/text';

/** A text and its LSP positions (the engine's document). */
export interface PositionedText {
  readonly text: string;
  positionAt(offset: number): Position;
}

/**
 * One edit that turns the document's text into `newText`, replacing only the span that differs,
 * so folding, cursors and undo stay where the user expects after a fix-all.
 */
export function minimalEdit(document: PositionedText, newText: string): TextEdit | undefined {
  const oldText = document.text;
  if (oldText === newText) return undefined;
  let start = 0;
  const maxStart = Math.min(oldText.length, newText.length);
  while (start < maxStart && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  // LSP has no position between the "\r" and the "\n" of a line break: widen the edit to take both.
  if (start > 0 && oldText.charCodeAt(start - 1) === 13 && oldText.charCodeAt(start) === 10) start--;
  if (oldEnd > start && oldText.charCodeAt(oldEnd - 1) === 13 && oldText.charCodeAt(oldEnd) === 10) {
    oldEnd++;
    newEnd++;
  }
  return {
    range: { start: document.positionAt(start), end: document.positionAt(oldEnd) },
    newText: newText.slice(start, newEnd),
  };
}
