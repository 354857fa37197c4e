// Inserting a catalog snippet into an editor: the imports the file lacks join its import block,
// the body goes at the cursor. Shared by the picker and the `ops-` completions.
import * as vscode from 'vscode';
import { planSnippetInsertion, type SnippetInsertionPlan } from '../core/snippets/imports';

export function planFor(document: vscode.TextDocument, body: string, cursor: vscode.Position): SnippetInsertionPlan {
  return planSnippetInsertion(document.getText(), body, cursor.line);
}

/** The import insertions as text edits (for a completion item's additionalTextEdits). */
export function importEdits(document: vscode.TextDocument, plan: SnippetInsertionPlan): vscode.TextEdit[] {
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  return plan.importInsertions.map((insertion) =>
    vscode.TextEdit.insert(new vscode.Position(Math.min(insertion.line, document.lineCount), 0), insertion.text.replace(/\n/g, eol)),
  );
}

/** Inserts the snippet at the editor's cursor, its missing imports in the import block; one undo step. */
export async function insertWithImports(editor: vscode.TextEditor, body: string): Promise<boolean> {
  const plan = planFor(editor.document, body, editor.selection.active);
  const edits = importEdits(editor.document, plan);
  if (edits.length > 0) {
    const applied = await editor.edit(
      (builder) => {
        for (const edit of edits) builder.insert(edit.range.start, edit.newText);
      },
      { undoStopBefore: true, undoStopAfter: false },
    );
    if (!applied) return false;
  }
  // The edit above moved the selection down with the text, so the body lands where the cursor was.
  return editor.insertSnippet(new vscode.SnippetString(plan.body), undefined, { undoStopBefore: edits.length === 0, undoStopAfter: true });
}
