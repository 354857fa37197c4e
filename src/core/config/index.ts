// Configuration: `.pyops.yaml`, VS Code settings, and how they combine into the engine's config.
export type { ConfigProblem, KnownRule, ParsedConfigFile, ParsedSettings, PartialEngineConfig, SettingProblem } from './types';
export { CONFIG_FILE_NAME, parseConfigFile } from './parseConfigFile';
export { SETTINGS_SECTION, configFromSettings } from './settings';
export { mergeConfig } from './mergeConfig';
export { findConfigFile } from './findConfigFile';
export { resolveFileConfig, type FileConfig, type FileConfigInputs } from './resolveFileConfig';
export { CONFIG_OPTIONS, type OptionSpec } from './options';
export { expandSelector, findKnownRule, unknownRuleMessage, ALL_RULES_SELECTOR } from './ruleSelectors';
export { parseSeverityLevel } from './severityLevel';
export { findConfigFileOnDisk, loadConfigFile, type LoadedConfigFile } from './configFilesOnDisk';
