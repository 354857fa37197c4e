// Completions for `ops-` in Python files: first the snippet families (`ops-sub-` …), then, once a
// family is typed, its snippets. Accepting a snippet inserts its body at the cursor and adds the
// imports the file lacks to its import block (additionalTextEdits), as the picker does. The
// catalog is read on the first `o` typed in a Python file, not at activation.
import * as vscode from 'vscode';
import type { CatalogFamily } from '../core/snippets/catalog';
import { expandSnippet } from '../core/snippets/expand';
import { PREFIX_LEAD } from '../core/snippets/naming';
import { parseSnippet } from '../core/snippets/syntax';
import { PYTHON_DOCUMENTS } from './pythonDocuments';
import { importEdits, planFor } from './snippetInsertion';

/** The token being typed: `o`, `op`, `ops`, `ops-`, `ops-sub-ru`… */
const TOKEN = /(?:^|[^\w.-])(o|op|ops|ops-[a-z0-9-]*)$/;

export function registerSnippetCompletions(loadCatalog: () => Promise<CatalogFamily[]>): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    PYTHON_DOCUMENTS,
    {
      async provideCompletionItems(document, position) {
        const before = document.lineAt(position.line).text.slice(0, position.character);
        const token = TOKEN.exec(before)?.[1];
        if (token === undefined) return undefined;
        let families: CatalogFamily[];
        try {
          families = await loadCatalog();
        } catch {
          return undefined; // the picker reports a damaged library; completions stay quiet
        }
        const range = new vscode.Range(position.line, position.character - token.length, position.line, position.character);
        return new vscode.CompletionList(itemsFor(token, families, document, position, range), true);
      },
    },
    '-',
  );
}

function itemsFor(
  token: string,
  families: readonly CatalogFamily[],
  document: vscode.TextDocument,
  position: vscode.Position,
  range: vscode.Range,
): vscode.CompletionItem[] {
  const afterLead = token.startsWith(PREFIX_LEAD) ? token.slice(PREFIX_LEAD.length) : '';
  const dash = afterLead.indexOf('-');
  const chosen = dash > 0 ? families.find((family) => family.id === afterLead.slice(0, dash)) : undefined;
  if (chosen) return chosen.snippets.map((snippet, index) => snippetItem(snippet, index, document, position, range));

  // No family typed yet: the families, and for text that starts no family (ops-retry), every snippet.
  const matching = families.filter((family) => family.id.startsWith(afterLead));
  const items = matching.map((family, index) => {
    const item = new vscode.CompletionItem(
      { label: `${PREFIX_LEAD}${family.id}-`, description: `${family.title}: ${family.snippets.length} snippets` },
      vscode.CompletionItemKind.Module,
    );
    item.range = range;
    item.filterText = `${PREFIX_LEAD}${family.id}-`;
    item.sortText = `0${String(index).padStart(3, '0')}`;
    item.documentation = family.snippets.map((snippet) => `${snippet.prefix}: ${snippet.name}`).join('\n');
    item.command = { title: 'Show the family', command: 'editor.action.triggerSuggest' };
    return item;
  });
  if (matching.length > 0) return items;
  return families.flatMap((family) => family.snippets).map((snippet, index) => snippetItem(snippet, index, document, position, range));
}

function snippetItem(
  snippet: CatalogFamily['snippets'][number],
  index: number,
  document: vscode.TextDocument,
  position: vscode.Position,
  range: vscode.Range,
): vscode.CompletionItem {
  const item = new vscode.CompletionItem({ label: snippet.prefix, description: snippet.name }, vscode.CompletionItemKind.Snippet);
  const plan = planFor(document, snippet.body, position);
  item.range = range;
  item.filterText = snippet.prefix;
  item.sortText = `1${String(index).padStart(3, '0')}`;
  item.insertText = new vscode.SnippetString(plan.body);
  item.additionalTextEdits = importEdits(document, plan);
  item.detail = snippet.description;
  item.documentation = new vscode.MarkdownString().appendCodeblock(expandSnippet(parseSnippet(snippet.body)), 'python');
  return item;
}
