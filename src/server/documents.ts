import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Analyzer, Finding, PythonDocument } from '../core/diagnostics';

/** The last analysis of a document: what code actions and hovers are answered from. */
export interface AnalysisResult {
  version: number;
  /** The same id as the previous analysis when the diagnostics it gives are the same (pull diagnostics answer "unchanged"). */
  resultId: string;
  findings: Finding[];
}

/**
 * Syntax trees kept for this many documents, the ones most recently opened, edited or analysed
 * (the ones on screen, in practice). The others keep their text and last findings and are parsed
 * again when next needed: with hundreds of files open, the trees are most of the memory.
 */
export const TREES_KEPT = 4;

/** An open Python document: its text for LSP positions and, while it is in use, its incrementally updated tree. */
export class OpenDocument {
  /** Set when the buffer differs from the file on disk (for "run on save"). */
  dirty = false;
  lastAnalysis: AnalysisResult | undefined;
  /** The analysis of the last saved state, reported while `run` is "onSave". */
  savedAnalysis: AnalysisResult | undefined;
  /** The resultId last sent with publishDiagnostics (clients that cannot pull), so unchanged diagnostics are not sent again. */
  publishedResultId: string | undefined;
  private tree: PythonDocument | undefined;

  constructor(
    public text: TextDocument,
    private readonly analyzer: Analyzer,
    private readonly onUse: (doc: OpenDocument) => void,
  ) {}

  get uri(): string {
    return this.text.uri;
  }

  /** The parsed document, parsed again from the text if its tree was dropped. */
  get python(): PythonDocument {
    this.onUse(this);
    this.tree ??= this.analyzer.open(this.text.getText());
    return this.tree;
  }

  get hasTree(): boolean {
    return this.tree !== undefined;
  }

  /** Applies the client's changes to the text, and to the tree when there is one. */
  applyChanges(changes: TextDocumentContentChangeEvent[], version: number): void {
    this.text = TextDocument.update(this.text, changes, version);
    this.dirty = true;
    if (!this.tree) return;
    if (changes.every((c) => 'range' in c)) {
      this.onUse(this);
      this.tree.update(changes.map((c) => ({ range: (c as { range: Range }).range, text: c.text })));
    } else {
      // A whole-text change: nothing to edit incrementally; parsed afresh when next needed.
      this.dropTree();
    }
  }

  dropTree(): void {
    this.tree?.dispose();
    this.tree = undefined;
  }
}

/** Open Python documents, kept in step with the client's incremental changes. */
export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();
  /** Documents with a tree, least recently used first. */
  private readonly inUse = new Set<OpenDocument>();

  constructor(private readonly treesKept = TREES_KEPT) {}

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }

  /** How many documents hold a tree now. */
  get treeCount(): number {
    return this.inUse.size;
  }

  open(analyzer: Analyzer, uri: string, languageId: string, version: number, content: string): OpenDocument {
    this.close(uri);
    const doc = new OpenDocument(TextDocument.create(uri, languageId, version, content), analyzer, (used) => this.used(used));
    this.docs.set(uri, doc);
    return doc;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    this.docs.get(uri)?.applyChanges(changes, version);
  }

  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    doc.dropTree();
    this.inUse.delete(doc);
    this.docs.delete(uri);
  }

  /** Marks a document as the most recently used, dropping the trees of the least recently used beyond the limit. */
  private used(doc: OpenDocument): void {
    this.inUse.delete(doc);
    this.inUse.add(doc);
    for (const oldest of this.inUse) {
      if (this.inUse.size <= this.treesKept) break;
      if (oldest === doc) continue;
      oldest.dropTree();
      this.inUse.delete(oldest);
    }
  }
}
