// The floor of the LSP edit bench: a language server that keeps its documents in step with the
// client's edits (as any server must) and answers every diagnostics pull at once with nothing.
// Whatever it costs is the client, the transport and node, not diagnosis.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let counter = 0;
connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false },
  },
}));
connection.languages.diagnostics.on(() => ({ kind: 'full', resultId: `t${++counter}`, items: [] }));
documents.listen(connection);
connection.listen();
