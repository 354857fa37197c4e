// The PyOps language server: diagnostics (pulled per document and for the workspace on demand, or
// published to clients that cannot pull), quick fixes, fix-all and rule documentation on hover.
// VS Code starts it from the extension; other editors with `pyops server --stdio`.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CATALOG, createAnalyzer, enabledRuleCodes, RULES, type Analyzer, type Finding } from '../core/diagnostics';
import { CODE_ACTION_KINDS, codeActions } from './codeActions';
import { ConfigResolver } from './configuration';
import { sameDiagnostics, toDiagnostic } from './convert';
import { DocumentStore, type AnalysisResult, type OpenDocument } from './documents';
import { hoverFor } from './hover';
import { garbageCollector, IdleCollector } from './idleCollector';
import { checkedOnlyOnSave, LargeDocumentNotices } from './largeDocuments';
import {
  CHECK_WORKSPACE_REQUEST,
  DOCUMENT_STATUS_REQUEST,
  RULE_CATALOG_REQUEST,
  type CheckWorkspaceResult,
  type DocumentStatus,
  type DocumentStatusParams,
  type RuleCatalogEntry,
} from '../core/lspProtocol';
import { clientSupport, type ClientSupport } from './clientSupport';
import { RuleDocs } from './ruleDocs';
import { SettingsCache } from './settings';
import { WorkspaceCheck } from './workspaceCheck';

const connection = createConnection(ProposedFeatures.all);
const documents = new DocumentStore();
// A notification, not a request: every client shows it, and nothing waits for an answer.
const largeDocuments = new LargeDocumentNotices({
  info: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message }),
  warning: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
});
/** `.pyops.yaml` files open in an editor: their unsaved text is the config in force. */
const configDocuments = new Map<string, TextDocument>();
const settings = new SettingsCache(connection);
// Started by `pyops server` (any editor) until the VS Code extension says where it is installed.
let ruleDocs = new RuleDocs(__dirname + '/..', false);
let analyzerReady: Promise<Analyzer> | undefined;
let workspaceFolders: string[] = [];
let resultCounter = 0;
let support: ClientSupport = clientSupport(undefined);

const mb = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;
const collect = garbageCollector();
const idleCollector =
  collect &&
  new IdleCollector(collect, ({ heapBefore, heapAfter, durationMs }) =>
    connection.console.log(
      `Collected garbage after a burst of work, once idle: V8 heap ${mb(heapBefore)} -> ${mb(heapAfter)} (${Math.round(durationMs)} ms).`,
    ),
  );

const reportedSettingProblems = new Set<string>();
const resolver = new ConfigResolver(RULES, {
  configFileProblems(uri, problems) {
    const diagnostics: Diagnostic[] = problems.map((p) => ({
      range: p.range,
      severity: p.severity === 'error' ? 1 : p.severity === 'warning' ? 2 : p.severity === 'information' ? 3 : 4,
      source: 'PyOps',
      message: p.message,
    }));
    void connection.sendDiagnostics({ uri, diagnostics });
  },
  settingProblems(problems) {
    for (const problem of problems) {
      const text = `${problem.setting}: ${problem.message}`;
      if (reportedSettingProblems.has(text)) continue;
      reportedSettingProblems.add(text);
      connection.console.warn(text);
      void connection.window.showWarningMessage(`PyOps setting ${text}`);
    }
  },
});

function getAnalyzer(): Promise<Analyzer> {
  analyzerReady ??= createAnalyzer({ wasmDir: __dirname, lazyFixes: true });
  return analyzerReady;
}

const workspaceCheck = new WorkspaceCheck(
  async (uri, text) => {
    const engine = await getAnalyzer();
    const python = engine.open(text);
    try {
      const { config, relativePath } = resolver.resolve(uri, await settings.get(uri));
      if (!(await settings.get(uri)).diagnostics.enable) return [];
      return engine.analyze(python, config, relativePath).map((f) => toDiagnostic(f, ruleDocs));
    } finally {
      python.dispose();
    }
  },
  (dir) => resolver.fileSelectionFor(dir, explicitConfigs.get(resolver.folderOf(dir) ?? '')),
);
/** `pyops.configuration` of each workspace folder, resolved when Check Workspace starts. */
const explicitConfigs = new Map<string, string>();

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const options = params.initializationOptions as { extensionPath?: unknown } | undefined;
  if (typeof options?.extensionPath === 'string') ruleDocs = new RuleDocs(options.extensionPath);
  support = clientSupport(params.capabilities);
  settings.setClientSupport(support.configuration);
  // Without workspace folders (a single file opened in Neovim...), config files are searched up to the filesystem root.
  workspaceFolders = fileFolders((params.workspaceFolders ?? []).map((f) => f.uri));
  if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = fileFolders([params.rootUri]);
  resolver.setWorkspaceFolders(workspaceFolders);
  void getAnalyzer().catch((error: unknown) => connection.console.error(`Cannot load the Python parser: ${String(error)}`));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      ...(support.pullDiagnostics
        ? { diagnosticProvider: { identifier: 'pyops', interFileDependencies: false, workspaceDiagnostics: true } }
        : {}),
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false },
      hoverProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'pyops-language-server' },
  };
});

/** Local folders among workspace folder URIs (a client may send other schemes). */
function fileFolders(uris: string[]): string[] {
  return uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
}

connection.onInitialized(() => {
  // Config files and scripts changed outside the editor (git checkout, another tool).
  if (support.watchedFilesRegistration) {
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/.pyops.yaml' }, { globPattern: '**/pyproject.toml' }, { globPattern: '**/*.py' }],
      })
      .catch(() => undefined);
  }
  if (support.workspaceFolderChanges) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(fileFolders(event.removed.map((f) => f.uri)));
      workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...fileFolders(event.added.map((f) => f.uri))];
      resolver.setWorkspaceFolders(workspaceFolders);
      refreshAll();
    });
  }
});

function refreshAll(): void {
  for (const doc of documents.all()) doc.lastAnalysis = doc.savedAnalysis = undefined;
  if (!support.pullDiagnostics) for (const doc of documents.all()) schedulePublish(doc.uri, 0);
  else if (support.diagnosticRefresh) connection.languages.diagnostics.refresh().catch(() => undefined);
}

// ---- published diagnostics, for clients that cannot pull ----
/** Typing fast should not analyse every keystroke: publish once the edits pause this long. */
const PUBLISH_DELAY_MS = 150;
const publishTimers = new Map<string, NodeJS.Timeout>();

function schedulePublish(uri: string, delayMs: number): void {
  if (support.pullDiagnostics) return;
  clearTimeout(publishTimers.get(uri));
  publishTimers.set(
    uri,
    setTimeout(() => {
      publishTimers.delete(uri);
      void publish(uri);
    }, delayMs),
  );
}

async function publish(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  try {
    const result = await currentResult(doc);
    // Closed or reopened while analysing: its diagnostics were cleared, do not bring them back.
    if (documents.get(uri) !== doc) return;
    // The client already shows exactly these diagnostics.
    if (doc.publishedResultId === result.resultId) return;
    doc.publishedResultId = result.resultId;
    await connection.sendDiagnostics({ uri, version: doc.version, diagnostics: result.findings.map((f) => toDiagnostic(f, ruleDocs)) });
  } catch (error) {
    connection.console.error(`Diagnostics for ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

function clearPublished(uri: string): void {
  if (support.pullDiagnostics) return;
  clearTimeout(publishTimers.get(uri));
  publishTimers.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
}

// ---- documents ----
connection.onDidOpenTextDocument(async (params) => {
  const { uri, languageId, version, text } = params.textDocument;
  if (ConfigResolver.isConfigFile(uri)) {
    configDocuments.set(uri, TextDocument.create(uri, languageId, version, text));
    resolver.setOpenConfigText(fileURLToPath(uri), text);
    resolver.load(fileURLToPath(uri));
    refreshAll();
    return;
  }
  documents.open(await getAnalyzer(), uri, version, text);
  largeDocuments.note(uri, text.length);
  schedulePublish(uri, 0);
});

connection.onDidChangeTextDocument(async (params) => {
  const { uri, version } = params.textDocument;
  const configDoc = configDocuments.get(uri);
  if (configDoc) {
    // Config edits apply at once, before they are saved: re-read the config and re-check everything.
    const updated = TextDocument.update(configDoc, params.contentChanges, version);
    configDocuments.set(uri, updated);
    resolver.setOpenConfigText(fileURLToPath(uri), updated.getText());
    resolver.load(fileURLToPath(uri));
    refreshAll();
    return;
  }
  documents.change(uri, version, params.contentChanges);
  const doc = documents.get(uri);
  if (doc) largeDocuments.note(uri, doc.length);
  schedulePublish(uri, PUBLISH_DELAY_MS);
});

connection.onDidSaveTextDocument((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (doc) {
    doc.dirty = false;
    doc.savedAnalysis = undefined;
    schedulePublish(doc.uri, 0);
  }
});

connection.onDidCloseTextDocument((params) => {
  const { uri } = params.textDocument;
  if (configDocuments.delete(uri)) {
    resolver.setOpenConfigText(fileURLToPath(uri), undefined);
    resolver.load(fileURLToPath(uri));
    refreshAll();
    return;
  }
  documents.close(uri);
  largeDocuments.forget(uri);
  clearPublished(uri);
});

connection.onDidChangeConfiguration(() => {
  settings.clear();
  reportedSettingProblems.clear();
  refreshAll();
});

connection.onDidChangeWatchedFiles(async (params) => {
  let configChanged = false;
  for (const change of params.changes) {
    if (!change.uri.startsWith('file:')) continue;
    const path = fileURLToPath(change.uri);
    if (ConfigResolver.isConfigFile(change.uri)) {
      resolver.forget(path);
      if (change.type === FileChangeType.Deleted) void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
      configChanged = true;
    } else if (!documents.get(change.uri)) {
      await workspaceCheck.fileChanged(path, change.type === FileChangeType.Deleted);
    }
  }
  if (configChanged) refreshAll();
});

// ---- diagnostics ----
async function analyze(doc: OpenDocument): Promise<AnalysisResult> {
  const version = doc.version;
  if (doc.lastAnalysis?.version === version) return doc.lastAnalysis;
  const documentSettings = await settings.get(doc.uri);
  const engine = await getAnalyzer();
  let findings: Finding[] = [];
  if (documentSettings.diagnostics.enable) {
    const { config, relativePath, excluded } = resolver.resolve(doc.uri, documentSettings);
    try {
      if (!excluded) findings = engine.analyze(doc.python, config, relativePath);
    } catch (error) {
      // A bug in one rule must not take the server down: report it and show nothing for this file.
      connection.console.error(`Analysis of ${doc.uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  // Findings that give the same diagnostics keep the result id, so a pull is answered "unchanged".
  const previous = doc.lastAnalysis;
  const resultId = previous && sameDiagnostics(previous.findings, findings) ? previous.resultId : `r${++resultCounter}`;
  const result: AnalysisResult = { version: doc.version, resultId, findings };
  doc.lastAnalysis = result;
  if (!doc.dirty) doc.savedAnalysis = result;
  return result;
}

/**
 * What the document's diagnostics are now; with "run on save" (the setting, or a large document)
 * and unsaved edits, what the saved file had.
 */
async function currentResult(doc: OpenDocument): Promise<AnalysisResult> {
  const documentSettings = await settings.get(doc.uri);
  const onSave = documentSettings.diagnostics.run === 'onSave' || checkedOnlyOnSave(doc.length);
  return onSave && doc.dirty && doc.savedAnalysis ? doc.savedAnalysis : analyze(doc);
}

/** A large document with unsaved edits is not re-checked for code actions and hovers (see checkedOnlyOnSave). */
function notCheckedNow(doc: OpenDocument): boolean {
  return doc.dirty && checkedOnlyOnSave(doc.length);
}

function cancelled(): ResponseError<{ retriggerRequest: boolean }> {
  return new ResponseError(LSPErrorCodes.ServerCancelled, 'Superseded by a newer request', { retriggerRequest: true });
}

/**
 * The open document for a request. Waiting for the parser first also lets a didOpen that is still
 * waiting for it finish, so a request right after opening sees the document.
 */
async function openDocument(uri: string): Promise<OpenDocument | undefined> {
  await getAnalyzer();
  return documents.get(uri);
}

connection.languages.diagnostics.on(async (params, token: CancellationToken): Promise<DocumentDiagnosticReport> => {
  const doc = await openDocument(params.textDocument.uri);
  if (!doc) return { kind: 'full', items: [] };
  if (token.isCancellationRequested) throw cancelled();
  const result = await currentResult(doc);
  if (token.isCancellationRequested) throw cancelled();
  if (params.previousResultId === result.resultId) return { kind: 'unchanged', resultId: result.resultId };
  return { kind: 'full', resultId: result.resultId, items: result.findings.map((f) => toDiagnostic(f, ruleDocs)) };
});

connection.languages.diagnostics.onWorkspace((params, token) => workspaceCheck.handle(params, token));

connection.onRequest(CHECK_WORKSPACE_REQUEST, async (_params, token): Promise<CheckWorkspaceResult> => {
  await getAnalyzer();
  explicitConfigs.clear();
  for (const folder of workspaceFolders) {
    const explicit = resolver.explicitConfigPath((await settings.get(pathToFileURL(folder).href)).configuration, folder);
    if (explicit !== undefined) explicitConfigs.set(folder, explicit);
  }
  return workspaceCheck.run(workspaceFolders, token);
});

connection.onRequest(RULE_CATALOG_REQUEST, (): RuleCatalogEntry[] =>
  CATALOG.map((rule) => ({ code: rule.code, name: rule.name, summary: rule.summary, defaultSeverity: rule.defaultSeverity })),
);

connection.onRequest(DOCUMENT_STATUS_REQUEST, async (params: DocumentStatusParams): Promise<DocumentStatus> => {
  const documentSettings = await settings.get(params.uri);
  const { config, relativePath, configFile, excluded } = resolver.resolve(params.uri, documentSettings);
  const enabled = documentSettings.diagnostics.enable;
  return {
    diagnosticsEnabled: enabled,
    excluded: excluded === true,
    configFile: configFile ?? null,
    enabledRules: enabled && !excluded ? enabledRuleCodes(config, relativePath).length : 0,
    totalRules: RULES.length,
  };
});

// ---- code actions and hover ----
connection.onCodeAction(async (params) => {
  const doc = await openDocument(params.textDocument.uri);
  if (!doc || notCheckedNow(doc)) return [];
  const { findings } = await analyze(doc);
  return codeActions(doc, findings, params);
});

connection.onHover(async (params) => {
  const doc = await openDocument(params.textDocument.uri);
  if (!doc || notCheckedNow(doc)) return null;
  const { findings } = await analyze(doc);
  return hoverFor(findings, params.position);
});

connection.onShutdown(() => {
  idleCollector?.dispose();
  workspaceCheck.dispose();
  for (const timer of publishTimers.values()) clearTimeout(timer);
  publishTimers.clear();
  for (const doc of documents.all()) documents.close(doc.uri);
});

connection.listen();
