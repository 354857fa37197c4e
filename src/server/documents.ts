import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Analyzer, Finding, PythonDocument } from '../core/diagnostics';
import { LineIndex } from '../core/python/lineIndex';
import { StoredText } from './storedText';

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

/**
 * An open Python document. Its text is kept once: in the engine's document while it has a tree
 * (which edits the tree incrementally and converts LSP positions), deflated once its tree is
 * dropped (see StoredText), as a plain string before its first analysis. A second copy could drift
 * from the first and doubles the memory.
 */
export class OpenDocument {
  /** Set when the buffer differs from the file on disk (for "run on save"). */
  dirty = false;
  lastAnalysis: AnalysisResult | undefined;
  /** The analysis of the last saved state, reported while `run` is "onSave". */
  savedAnalysis: AnalysisResult | undefined;
  /** The resultId last sent with publishDiagnostics (clients that cannot pull), so unchanged diagnostics are not sent again. */
  publishedResultId: string | undefined;
  private tree: PythonDocument | undefined;
  /** The text while there is no tree (the tree holds it otherwise): deflated once a tree was dropped. */
  private textWithoutTree: string | StoredText;

  constructor(
    readonly uri: string,
    /** The client's version of the text. */
    public version: number,
    text: string,
    private readonly analyzer: Analyzer,
    private readonly onUse: (doc: OpenDocument) => void,
  ) {
    this.textWithoutTree = text;
  }

  get text(): string {
    if (this.tree) return this.tree.text;
    return typeof this.textWithoutTree === 'string' ? this.textWithoutTree : this.textWithoutTree.text;
  }

  /** The text's length (UTF-16 code units), without inflating a stored text. */
  get length(): number {
    return this.tree ? this.tree.text.length : this.textWithoutTree.length;
  }

  /** The parsed document, parsed again from the text if its tree was dropped. */
  get python(): PythonDocument {
    this.onUse(this);
    if (!this.tree) {
      this.tree = this.analyzer.open(this.text);
      this.textWithoutTree = '';
    }
    return this.tree;
  }

  get hasTree(): boolean {
    return this.tree !== undefined;
  }

  /** Applies the client's changes to the text (and its tree when there is one), with LSP's line breaks and range rules. */
  applyChanges(changes: TextDocumentContentChangeEvent[], version: number): void {
    this.version = version;
    this.dirty = true;
    const edits = changes.map((c) => ('range' in c ? { range: c.range, text: c.text } : { text: c.text }));
    if (this.tree) {
      this.onUse(this);
      // Ranged changes edit the trees incrementally; one without a range replaces the whole text.
      this.tree.update(edits);
      return;
    }
    let text = this.text;
    for (const edit of edits) {
      if (!edit.range) {
        text = edit.text;
        continue;
      }
      // Lines end at "\r\n", "\n" or a lone "\r"; a range whose end comes before its start is read
      // with the two swapped: as LSP's text document, VS Code and the engine's document read them.
      const lines = new LineIndex(text);
      const a = lines.offsetAt(edit.range.start);
      const b = lines.offsetAt(edit.range.end);
      text = text.slice(0, Math.min(a, b)) + edit.text + text.slice(Math.max(a, b));
    }
    this.textWithoutTree = text;
  }

  dropTree(): void {
    if (!this.tree) return;
    // Fixes are built when first read, from the context of their analysis (text, lines, module
    // facts): build the few this document has now, so that context is not kept with its findings.
    for (const finding of this.lastAnalysis?.findings ?? []) void finding.fix;
    for (const finding of this.savedAnalysis?.findings ?? []) void finding.fix;
    this.textWithoutTree = new StoredText(this.tree.text);
    this.tree.dispose();
    this.tree = undefined;
  }

  /** Frees the tree of a document being closed (its text is not kept). */
  dispose(): void {
    this.tree?.dispose();
    this.tree = undefined;
    this.textWithoutTree = '';
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

  open(analyzer: Analyzer, uri: string, version: number, content: string): OpenDocument {
    this.close(uri);
    const doc = new OpenDocument(uri, version, content, analyzer, (used) => this.used(used));
    this.docs.set(uri, doc);
    return doc;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    this.docs.get(uri)?.applyChanges(changes, version);
  }

  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    doc.dispose();
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
