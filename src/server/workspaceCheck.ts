import { readFile, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type {
  CancellationToken,
  Diagnostic,
  WorkspaceDiagnosticParams,
  WorkspaceDiagnosticReport,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { decodeSource } from '../core/files/decodeSource';
import { FILE_ERROR_RULE, fileErrorFinding } from '../core/files/fileErrors';
import type { FileSelection } from '../core/files/fileSelection';
import { walkPythonFiles } from '../core/files/walk';

/** A file that cannot be decoded gets one diagnostic saying so, as `pyops check` reports it. */
function fileErrorDiagnostic(reason: string): Diagnostic {
  const finding = fileErrorFinding(reason);
  return { range: finding.range, severity: 1, source: 'PyOps', code: FILE_ERROR_RULE.code, message: finding.message };
}

/** Files bigger than this are not read in a workspace sweep (generated or vendored code): they get an OPS003 finding saying so. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface WorkspaceCheckSummary {
  files: number;
  findings: number;
  skipped: number;
}

interface StoredReport {
  resultId: string;
  items: Diagnostic[];
}

/**
 * Whole-workspace diagnostics, on demand. The client keeps a workspace diagnostic request open;
 * it is answered when "PyOps: Check Workspace" has run (and again whenever a checked file changes),
 * so nothing is scanned until the user asks.
 */
export class WorkspaceCheck {
  private readonly reports = new Map<string, StoredReport>();
  private enabled = false;
  private version = 0;
  private servedVersion = 0;
  private waiters: (() => void)[] = [];
  private nextResultId = 1;

  constructor(
    private readonly diagnose: (uri: string, text: string) => Promise<Diagnostic[]>,
    /** The files a folder's walk takes, as `pyops check` would (excludes, .gitignore, shebang scripts). */
    private readonly selectionFor: (dir: string) => FileSelection,
  ) {}

  get active(): boolean {
    return this.enabled;
  }

  async run(folders: string[], token?: CancellationToken): Promise<WorkspaceCheckSummary> {
    this.enabled = true;
    const seen = new Set<string>();
    const summary: WorkspaceCheckSummary = { files: 0, findings: 0, skipped: 0 };
    for (const folder of folders) {
      const walk = walkPythonFiles(folder, {
        selectionFor: this.selectionFor,
        isCancelled: () => token?.isCancellationRequested === true,
      });
      try {
        for await (const file of walk) {
          const uri = pathToFileURL(file).href;
          seen.add(uri);
          const items = await this.checkFile(file, uri);
          if (items === undefined) summary.skipped++;
          else {
            summary.files++;
            summary.findings += items.length;
          }
        }
      } catch {
        // The folder itself cannot be listed (removed, no permission): nothing to check there.
      }
    }
    // Files that disappeared since the last sweep lose their diagnostics.
    for (const uri of this.reports.keys()) if (!seen.has(uri)) this.store(uri, []);
    this.wake();
    return summary;
  }

  /** A Python file changed on disk: re-check it if a sweep has run. */
  async fileChanged(path: string, deleted: boolean): Promise<void> {
    if (!this.enabled) return;
    const uri = pathToFileURL(path).href;
    if (deleted) this.store(uri, []);
    else await this.checkFile(path, uri);
    this.wake();
  }

  async handle(params: WorkspaceDiagnosticParams, token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    if (this.servedVersion === this.version) await this.waitForChange(token);
    if (token.isCancellationRequested) return { items: [] };
    this.servedVersion = this.version;
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const [uri, report] of this.reports) {
      if (previous.get(uri) === report.resultId) items.push({ kind: 'unchanged', uri, resultId: report.resultId, version: null });
      else items.push({ kind: 'full', uri, resultId: report.resultId, items: report.items, version: null });
    }
    return { items };
  }

  /** Releases a pending request, e.g. on shutdown. */
  dispose(): void {
    this.version++;
    this.wake();
  }

  private async checkFile(path: string, uri: string): Promise<Diagnostic[] | undefined> {
    try {
      const info = await stat(path);
      if (info.size > MAX_FILE_BYTES) {
        // Said, not skipped in silence: opening the file checks it (up to the editor's own limit).
        const items = [
          fileErrorDiagnostic(
            `too large for Check Workspace (${info.size.toLocaleString('en-US')} bytes; the limit is ${MAX_FILE_BYTES.toLocaleString('en-US')}): open it to check it`,
          ),
        ];
        this.store(uri, items);
        return items;
      }
      // Decoded as Python and `pyops check` decode it (PEP 263 coding comments, BOM).
      const decoded = decodeSource(await readFile(path));
      const items = decoded.ok ? await this.diagnose(uri, decoded.source.text) : [fileErrorDiagnostic(decoded.reason)];
      this.store(uri, items);
      return items;
    } catch {
      return undefined; // unreadable or vanished: nothing to report
    }
  }

  private store(uri: string, items: Diagnostic[]): void {
    // An empty report is kept too: it clears what the client showed before.
    this.reports.set(uri, { resultId: `ws-${this.nextResultId++}`, items });
  }

  private wake(): void {
    this.version++;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private waitForChange(token: CancellationToken): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      token.onCancellationRequested(() => resolve());
    });
  }
}
