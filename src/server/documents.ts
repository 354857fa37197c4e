import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Analyzer, Finding, PythonDocument } from '../core/diagnostics';

/** The last analysis of a document: what code actions and hovers are answered from. */
export interface AnalysisResult {
  version: number;
  resultId: string;
  findings: Finding[];
}

/** An open Python document: its text for LSP positions and its incrementally updated tree. */
export class OpenDocument {
  /** Set when the buffer differs from the file on disk (for "run on save"). */
  dirty = false;
  lastAnalysis: AnalysisResult | undefined;
  /** The analysis of the last saved state, reported while `run` is "onSave". */
  savedAnalysis: AnalysisResult | undefined;

  constructor(
    public text: TextDocument,
    public python: PythonDocument,
  ) {}

  get uri(): string {
    return this.text.uri;
  }
}

/** Open Python documents, kept in step with the client's incremental changes. */
export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }

  open(analyzer: Analyzer, uri: string, languageId: string, version: number, content: string): OpenDocument {
    this.close(uri);
    const doc = new OpenDocument(TextDocument.create(uri, languageId, version, content), analyzer.open(content));
    this.docs.set(uri, doc);
    return doc;
  }

  change(analyzer: Analyzer, uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    doc.text = TextDocument.update(doc.text, changes, version);
    doc.dirty = true;
    const ranged = changes.every((c) => 'range' in c);
    if (ranged) {
      doc.python.update(changes.map((c) => ({ range: (c as { range: Range }).range, text: c.text })));
    } else {
      // A whole-text change: nothing to edit incrementally, parse afresh.
      doc.python.dispose();
      doc.python = analyzer.open(doc.text.getText());
    }
  }

  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    doc.python.dispose();
    this.docs.delete(uri);
  }
}
