import type { Connection } from 'vscode-languageserver';

/** The `pyops` settings the server reads, per workspace folder / document. */
export interface ServerSettings {
  /** `pyops.configuration`: a config file used instead of searching (like `pyops check --config`); empty: search. */
  configuration: string;
  /** `pyops.showSyntaxErrors`: report syntax errors (OPS001) in the editor. */
  showSyntaxErrors: boolean;
  diagnostics: {
    enable: boolean;
    /** "onType" re-checks as you type; "onSave" only when the file is saved. */
    run: 'onType' | 'onSave';
    /** The raw rule options (select, ignore, severity, ...), validated by the config reader. */
    [option: string]: unknown;
  };
}

const DEFAULTS: ServerSettings = { configuration: '', showSyntaxErrors: true, diagnostics: { enable: true, run: 'onType' } };

function normalise(raw: unknown): ServerSettings {
  const section = (raw && typeof raw === 'object' ? (raw as { diagnostics?: unknown }).diagnostics : undefined) ?? {};
  const diagnostics = typeof section === 'object' && section !== null ? (section as Record<string, unknown>) : {};
  const configuration = raw && typeof raw === 'object' ? (raw as { configuration?: unknown }).configuration : undefined;
  const showSyntaxErrors = raw && typeof raw === 'object' ? (raw as { showSyntaxErrors?: unknown }).showSyntaxErrors : undefined;
  return {
    configuration: typeof configuration === 'string' ? configuration.trim() : '',
    showSyntaxErrors: showSyntaxErrors !== false,
    diagnostics: {
      ...diagnostics,
      enable: typeof diagnostics.enable === 'boolean' ? diagnostics.enable : DEFAULTS.diagnostics.enable,
      run: diagnostics.run === 'onSave' ? 'onSave' : 'onType',
    },
  };
}

/**
 * Settings fetched from the client per resource (so each workspace folder can differ),
 * cached until the client reports a configuration change.
 */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  private supported = true;

  constructor(private readonly connection: Connection) {}

  setClientSupport(supportsConfiguration: boolean): void {
    this.supported = supportsConfiguration;
  }

  get(uri: string): Promise<ServerSettings> {
    if (!this.supported) return Promise.resolve(DEFAULTS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'pyops' }).then(normalise, () => DEFAULTS);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  clear(): void {
    this.cache.clear();
  }
}
