// Configuration: `.pyops.yaml`, `[tool.pyops]` in pyproject.toml, VS Code settings, and how they combine into the engine's config.
export type { ConfigProblem, KnownRule, ParsedConfigFile, ParsedSettings, PartialEngineConfig, SettingProblem } from './types';
export { CONFIG_FILE_NAME, parseConfigFile } from './parseConfigFile';
export { SETTINGS_SECTION, configFromSettings } from './settings';
export { mergeConfig } from './mergeConfig';
export { CONFIG_FILE_NAMES, findConfigFile } from './findConfigFile';
export { PYPROJECT_FILE_NAME, parsePyproject } from './parsePyproject';
export { resolveFileConfig, type FileConfig, type FileConfigInputs } from './resolveFileConfig';
export { CONFIG_OPTIONS, type OptionSpec } from './options';
export { expandSelector, findKnownRule, unknownRuleMessage, ALL_RULES_SELECTOR } from './ruleSelectors';
export { parseSeverityLevel } from './severityLevel';
export { findConfigFileOnDisk, isConfigFileOnDisk, loadConfigFile, parseConfigText, type LoadedConfigFile } from './configFilesOnDisk';
