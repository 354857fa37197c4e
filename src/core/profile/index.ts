// Public surface of the profiling core (no vscode import): the extension, webview host and CLI use this.
export * from './model';
export { ProfileError, isProfileError, type ProfileErrorKind } from './errors';
export {
  checkInterpreter,
  checkInterpreterCached,
  clearInterpreterCache,
  findInterpreter,
  defaultInterpreterCandidates,
  isSupportedVersion,
  MINIMUM_PYTHON,
  type CheckOptions,
} from './interpreter';
export { findHelperDir, HELPER_FILE_NAME } from './helperProcess';
export { runProfile, loadProfile, runTimeit, type RunProfileOptions, type LoadProfileOptions, type TimeitOptions } from './runProfile';
export { buildCallTree, ROOT_ID } from './callTree';
export {
  toSpeedscope,
  toCollapsedStacks,
  collapsedFrameLabel,
  SPEEDSCOPE_SCHEMA,
  type SpeedscopeFile,
  type ExportOptions,
} from './exports';
export { compareProfiles, type CompareOptions } from './compare';
export { isStdlibOrSitePackages, isLibraryFunction } from './library';
export { formatStatsTable, formatFunctionLabel, formatCalls, sortFunctions, SORT_KEYS, type SortKey, type TableOptions } from './table';
