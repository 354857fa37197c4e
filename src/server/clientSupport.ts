// What the connected client can do. Editors other than VS Code (Neovim, Helix, Zed...) often lack
// pull diagnostics, workspace folders or dynamic registration; the server must work without them.
import type { ClientCapabilities } from 'vscode-languageserver';

export interface ClientSupport {
  /** textDocument/diagnostic: the client asks for diagnostics; otherwise the server publishes them. */
  pullDiagnostics: boolean;
  /** workspace/diagnostic/refresh: the client re-pulls when told the configuration changed. */
  diagnosticRefresh: boolean;
  /** workspace/configuration: settings can be asked for per document. */
  configuration: boolean;
  /** workspace/didChangeWorkspaceFolders is sent. */
  workspaceFolderChanges: boolean;
  /** File watchers can be registered at run time. */
  watchedFilesRegistration: boolean;
}

export function clientSupport(capabilities: ClientCapabilities | undefined | null): ClientSupport {
  const workspace = capabilities?.workspace;
  return {
    pullDiagnostics: capabilities?.textDocument?.diagnostic !== undefined && capabilities.textDocument.diagnostic !== null,
    diagnosticRefresh: workspace?.diagnostics?.refreshSupport === true,
    configuration: workspace?.configuration === true,
    workspaceFolderChanges: workspace?.workspaceFolders === true,
    watchedFilesRegistration: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
  };
}
