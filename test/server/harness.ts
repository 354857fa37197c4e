// What the server tests share: a fresh server on a fresh temporary workspace folder for each test,
// and a client's copy of an open document kept in step with every change it sends.
import * as assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, FullDocumentDiagnosticReport, Range, TextEdit } from 'vscode-languageserver-protocol';
import { startServer, type ServerSession } from './lspClient';

export interface ServerPerTest {
  /** The running test's workspace folder (its real path: the server reports real paths). */
  readonly folder: string;
  readonly session: ServerSession;
  /** The file: URI of a path in the folder, given by its parts. */
  uri(...parts: string[]): string;
  /** Opens a Python document at version 1, as an editor does. */
  open(uri: string, text: string): Promise<void>;
  /** The document's diagnostics, pulled with textDocument/diagnostic. */
  diagnostics(uri: string): Promise<Diagnostic[]>;
  /** A client's copy of a new document named `name` in the folder (not opened yet). */
  document(text: string, name: string): ClientDocument;
}

/** Registers a beforeEach that starts the server on a new folder named after `prefix`, and an afterEach that stops it and removes the folder. */
export function serverPerTest(prefix: string): ServerPerTest {
  let folder: string | undefined;
  let session: ServerSession | undefined;
  beforeEach(async () => {
    folder = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
    session = await startServer({ workspaceFolder: folder });
  });
  afterEach(async () => {
    await session?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    session = undefined;
    folder = undefined;
  });
  const running = (): { folder: string; session: ServerSession } => {
    if (!folder || !session) throw new Error('the server runs only inside a test');
    return { folder, session };
  };
  const harness: ServerPerTest = {
    get folder() {
      return running().folder;
    },
    get session() {
      return running().session;
    },
    uri: (...parts) => pathToFileURL(join(running().folder, ...parts)).href,
    open: async (uri, text) => {
      await running().session.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version: 1, text },
      });
    },
    diagnostics: async (uri) => {
      const report = await running().session.connection.sendRequest<FullDocumentDiagnosticReport>('textDocument/diagnostic', {
        textDocument: { uri },
      });
      assert.equal(report.kind, 'full');
      return report.items;
    },
    document: (text, name) => new ClientDocument(running().session, harness.uri(name), text),
  };
  return harness;
}

/** A document as the client holds it: sent to the server and updated with exactly the changes it sends. */
export class ClientDocument {
  private doc: TextDocument;
  constructor(
    private readonly session: ServerSession,
    readonly uri: string,
    text: string,
  ) {
    this.doc = TextDocument.create(uri, 'python', 1, text);
  }
  get text(): string {
    return this.doc.getText();
  }
  async open(): Promise<void> {
    await this.session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: this.uri, languageId: 'python', version: this.doc.version, text: this.text },
    });
  }
  /** Sends these content changes as they are, and applies them to this copy as LSP reads them. */
  async change(changes: { range: Range; text: string }[]): Promise<void> {
    this.doc = TextDocument.update(this.doc, changes, this.doc.version + 1);
    await this.session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri, version: this.doc.version },
      contentChanges: changes,
    });
  }
  /** Applies edits the way VS Code does: as incremental, ranged content changes, the last first. */
  async edit(edits: TextEdit[]): Promise<void> {
    const sorted = [...edits].sort((a, b) => this.doc.offsetAt(b.range.start) - this.doc.offsetAt(a.range.start));
    await this.change(sorted.map((e) => ({ range: e.range, text: e.newText })));
  }
  async diagnostics(): Promise<Diagnostic[]> {
    const report = await this.session.connection.sendRequest<FullDocumentDiagnosticReport>('textDocument/diagnostic', {
      textDocument: { uri: this.uri },
    });
    assert.equal(report.kind, 'full');
    return report.items;
  }
  async codeActions(diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.session.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: this.uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  }
  /** Applies a code action's edits to this copy (as the client would) and sends them. */
  async apply(action: CodeAction): Promise<void> {
    const edits = action.edit?.changes?.[this.uri] ?? [];
    assert.ok(edits.length > 0, `"${action.title}" carries edits`);
    await this.edit(edits);
  }
}
