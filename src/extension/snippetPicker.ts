// "PyOps: Insert DevOps Snippet…": the snippet library in a quick pick grouped by family, for
// people who do not remember the prefixes. The compiled snippet file is read on first use, not at
// activation. Given a prefix as argument (from a keybinding or a test) it inserts that snippet.
import * as vscode from 'vscode';
import { findSnippet, readSnippetCatalog, type CatalogFamily, type CatalogSnippet } from '../core/snippets/catalog';
import { log } from './log';
import { registerSnippetCompletions } from './snippetCompletions';
import { insertWithImports } from './snippetInsertion';

export const INSERT_SNIPPET_COMMAND = 'pyops.insertSnippet';

interface SnippetItem extends vscode.QuickPickItem {
  snippet?: CatalogSnippet;
}

export function registerSnippetPicker(context: vscode.ExtensionContext): void {
  let catalog: Promise<CatalogFamily[]> | undefined;
  const loadCatalog = (): Promise<CatalogFamily[]> => {
    // Keep a good catalog for the session; forget a failed read so the next try reads again.
    catalog ??= readCatalog(context.extensionUri).catch((err: unknown) => {
      catalog = undefined;
      throw err;
    });
    return catalog;
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(INSERT_SNIPPET_COMMAND, (prefix: unknown) => insertSnippet(loadCatalog, prefix)),
    registerSnippetCompletions(loadCatalog),
  );
}

async function readCatalog(extensionUri: vscode.Uri): Promise<CatalogFamily[]> {
  const uri = vscode.Uri.joinPath(extensionUri, 'dist', 'snippets', 'python.code-snippets');
  const bytes = await vscode.workspace.fs.readFile(uri);
  return readSnippetCatalog(new TextDecoder('utf-8').decode(bytes));
}

/** Returns the prefix of the inserted snippet, or undefined when nothing was inserted. */
async function insertSnippet(loadCatalog: () => Promise<CatalogFamily[]>, prefix: unknown): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'python') {
    void vscode.window.showInformationMessage('PyOps: open a Python file to insert a DevOps snippet.');
    return undefined;
  }

  let families: CatalogFamily[];
  try {
    families = await loadCatalog();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log().error(`Could not read the snippet library: ${reason}`);
    void vscode.window.showErrorMessage(`PyOps: could not read the snippet library (${reason}).`);
    return undefined;
  }

  const snippet = typeof prefix === 'string' ? findSnippet(families, prefix) : await pickSnippet(families);
  if (typeof prefix === 'string' && !snippet) {
    void vscode.window.showWarningMessage(`PyOps has no snippet with the prefix "${prefix}".`);
    return undefined;
  }
  if (!snippet) return undefined; // the quick pick was dismissed

  const inserted = await insertWithImports(editor, snippet.body);
  if (!inserted) {
    void vscode.window.showWarningMessage(`PyOps: could not insert ${snippet.prefix}; is the editor still open and writable?`);
    return undefined;
  }
  return snippet.prefix;
}

async function pickSnippet(families: readonly CatalogFamily[]): Promise<CatalogSnippet | undefined> {
  const items: SnippetItem[] = [];
  for (const family of families) {
    items.push({ label: family.title, kind: vscode.QuickPickItemKind.Separator });
    for (const snippet of family.snippets) {
      items.push({ label: snippet.prefix, description: snippet.name, detail: snippet.description, snippet });
    }
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'PyOps: Insert DevOps Snippet',
    placeHolder: 'Type to filter by prefix, name or description',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.snippet;
}
