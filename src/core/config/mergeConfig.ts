// Layers partial configs over the defaults. Later layers win: defaults < VS Code settings < `.pyops.yaml`
// (< command-line flags in the CLI). The file wins because it is what `pyops check` reads in CI too, so
// the editor and the CLI agree on everything the file says.
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from '../diagnostics/types';
import { mapPacked } from '../diagnostics/packed';
import type { PartialEngineConfig } from './types';

/**
 * Each option a layer sets replaces the lower layers' value (select, ignore, per-path ignores and each
 * wrapper list are replaced whole, so a file's `ignore` is not mixed with a setting's); severities are
 * merged per rule, so a layer overrides only the rules it names.
 */
export function mergeConfig(...layers: (PartialEngineConfig | undefined)[]): EngineConfig {
  const result: EngineConfig = {
    select: [...DEFAULT_ENGINE_CONFIG.select],
    ignore: [...DEFAULT_ENGINE_CONFIG.ignore],
    severity: { ...DEFAULT_ENGINE_CONFIG.severity },
    perPathIgnores: mapPacked(DEFAULT_ENGINE_CONFIG.perPathIgnores, (p) => ({ glob: p.glob, codes: [...p.codes] })),
    wrappers: {
      loggingFunctions: [...DEFAULT_ENGINE_CONFIG.wrappers.loggingFunctions],
      loggers: [...DEFAULT_ENGINE_CONFIG.wrappers.loggers],
      checkedSubprocessHelpers: [...DEFAULT_ENGINE_CONFIG.wrappers.checkedSubprocessHelpers],
    },
  };
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.select) result.select = [...layer.select];
    if (layer.ignore) result.ignore = [...layer.ignore];
    if (layer.severity) result.severity = { ...result.severity, ...layer.severity };
    if (layer.perPathIgnores) result.perPathIgnores = mapPacked(layer.perPathIgnores, (p) => ({ glob: p.glob, codes: [...p.codes] }));
    const wrappers = layer.wrappers;
    if (wrappers?.loggers) result.wrappers.loggers = [...wrappers.loggers];
    if (wrappers?.loggingFunctions) result.wrappers.loggingFunctions = [...wrappers.loggingFunctions];
    if (wrappers?.checkedSubprocessHelpers) result.wrappers.checkedSubprocessHelpers = [...wrappers.checkedSubprocessHelpers];
    if (layer.reportUnusedSuppressions !== undefined) result.reportUnusedSuppressions = layer.reportUnusedSuppressions;
  }
  return result;
}
