// The API returned by activate(): what tests and other extensions may rely on.

export type LanguageServerState = 'stopped' | 'starting' | 'running';

export interface PyOpsApi {
  languageServerState(): LanguageServerState;
  /** The process id of the running language server, if any. */
  languageServerPid(): number | undefined;
  /** How long activate() took, in milliseconds (the server starts after it, in the background). */
  activationTimeMs(): number;
}
