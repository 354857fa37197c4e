// Turns the `pyops.diagnostics` settings section into a partial config plus problems naming the setting.
import type { ConfigEntry } from './configNode';
import { nodeFromPlainValue } from './configNode';
import { readOptions } from './options';
import type { KnownRule, ParsedSettings } from './types';

export const SETTINGS_SECTION = 'pyops.diagnostics';

/**
 * `section` is what VS Code returns for `pyops.diagnostics` (an object with select, ignore, severity,
 * perPathIgnores, loggers, loggingFunctions, checkedSubprocessHelpers; other keys are ignored).
 * Anything that is not an object yields an empty config.
 */
export function configFromSettings(section: unknown, rules: readonly KnownRule[]): ParsedSettings {
  if (section === null || typeof section !== 'object' || Array.isArray(section)) return { config: {}, problems: [] };
  const entries: ConfigEntry[] = Object.entries(section as Record<string, unknown>).map(([key, value]) => {
    const setting = `${SETTINGS_SECTION}.${key}`;
    return { key, keyWhere: { setting }, value: nodeFromPlainValue(value, setting) };
  });
  const { config, problems } = readOptions({ kind: 'map', entries, where: { setting: SETTINGS_SECTION } }, 'settings', rules);
  return {
    config,
    problems: problems.map((p) => ({ setting: p.where.setting ?? SETTINGS_SECTION, message: p.message, severity: p.severity })),
  };
}
