import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * One edit that turns the document's text into `newText`, replacing only the span that differs,
 * so folding, cursors and undo stay where the user expects after a fix-all.
 */
export function minimalEdit(document: TextDocument, newText: string): TextEdit | undefined {
  const oldText = document.getText();
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
  return {
    range: { start: document.positionAt(start), end: document.positionAt(oldEnd) },
    newText: newText.slice(start, newEnd),
  };
}
