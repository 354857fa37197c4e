// The config options, their names in `.pyops.yaml` and in VS Code settings, and one validator for both.
// Invalid parts are reported and dropped; everything else is kept.
import type { PerPathIgnore, Severity, SeverityLevel, WrapperNames } from '../diagnostics/types';
import type { ConfigNode, Where } from './configNode';
import { describeNode } from './configNode';
import { expandSelector, findKnownRule, unknownRuleMessage } from './ruleSelectors';
import { parseSeverityLevel, SEVERITY_WORDS } from './severityLevel';
import { didYouMean } from './suggest';
import { excludePattern, type FileSelectionOptions } from '../files/fileSelection';
import { compileGlob } from '../files/glob';
import type { KnownRule, PartialEngineConfig } from './types';

export interface OptionProblem {
  message: string;
  severity: Severity;
  where: Where;
}

type OptionKind = 'rule-list' | 'severity-map' | 'per-path-map' | 'name-list' | 'glob-list' | 'switch' | 'url' | 'path';

export interface OptionSpec {
  /** Key in `.pyops.yaml` (kebab-case). */
  fileKey: string;
  /** Key under `pyops.diagnostics` in VS Code settings (camelCase); none for options only a config file sets. */
  settingKey?: string;
  kind: OptionKind;
  /** One line for error messages and docs. */
  description: string;
}

export const CONFIG_OPTIONS: readonly OptionSpec[] = [
  {
    fileKey: 'select',
    settingKey: 'select',
    kind: 'rule-list',
    description: 'rules to run (codes, prefixes, names or ALL); empty runs every rule',
  },
  { fileKey: 'ignore', settingKey: 'ignore', kind: 'rule-list', description: 'rules to skip; wins over select' },
  { fileKey: 'severity', settingKey: 'severity', kind: 'severity-map', description: 'rule -> error | warning | information | hint | off' },
  {
    fileKey: 'per-path-ignores',
    settingKey: 'perPathIgnores',
    kind: 'per-path-map',
    description: 'glob -> list of rules ignored in matching files',
  },
  { fileKey: 'loggers', settingKey: 'loggers', kind: 'name-list', description: 'names of your logger objects, e.g. log or self.logger' },
  {
    fileKey: 'logging-functions',
    settingKey: 'loggingFunctions',
    kind: 'name-list',
    description: 'your functions that count as logging, e.g. utils.report_error',
  },
  {
    fileKey: 'checked-subprocess-helpers',
    settingKey: 'checkedSubprocessHelpers',
    kind: 'name-list',
    description: 'your subprocess helpers that check return codes themselves, e.g. utils.run_checked',
  },
  {
    fileKey: 'exclude',
    kind: 'glob-list',
    description: "files and folders never checked, replacing the default list (names or paths relative to the config's folder)",
  },
  { fileKey: 'extend-exclude', kind: 'glob-list', description: 'files and folders never checked, in addition to the default list' },
  {
    fileKey: 'respect-gitignore',
    kind: 'switch',
    description: 'skip files ignored by .gitignore, .ignore and .git/info/exclude (default true)',
  },
  {
    fileKey: 'force-exclude',
    kind: 'switch',
    description: 'apply the excludes to files named explicitly too, e.g. by pre-commit or the editor (default false)',
  },
  {
    fileKey: 'include-shebang-scripts',
    kind: 'switch',
    description: 'also check files without an extension whose first line is a Python shebang (default true)',
  },
  {
    fileKey: 'docs-url',
    kind: 'url',
    description:
      'https base of the rule pages linked from reports, e.g. https://example.com/pyops/rules/ ({code} and {name} are filled in)',
  },
  {
    fileKey: 'cache-dir',
    kind: 'path',
    description:
      "where pyops check keeps its results between runs (default .pyops_cache beside the config file; relative to the config's folder)",
  },
  {
    fileKey: 'report-unused-suppressions',
    settingKey: 'reportUnusedSuppressions',
    kind: 'switch',
    description: 'report # pyops: ignore comments that silence nothing, as OPS002 (default false)',
  },
];

/** File-selection options by config key. */
const FILE_SELECTION_FIELDS: Record<string, keyof FileSelectionOptions> = {
  exclude: 'exclude',
  'extend-exclude': 'extendExclude',
  'respect-gitignore': 'respectGitignore',
  'force-exclude': 'forceExclude',
  'include-shebang-scripts': 'includeShebangScripts',
};

export type OptionStyle = 'file' | 'settings';

function keyOf(spec: OptionSpec, style: OptionStyle): string | undefined {
  return style === 'file' ? spec.fileKey : spec.settingKey;
}

/** Dotted Python names: `log`, `self.logger`, `utils.run_checked`. */
const DOTTED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

class OptionReader {
  readonly problems: OptionProblem[] = [];

  constructor(private readonly rules: readonly KnownRule[]) {}

  report(message: string, severity: Severity, where: Where): void {
    this.problems.push({ message, severity, where });
  }

  /** A list of strings; non-strings are reported and skipped. Null (an empty YAML value) is an empty list. */
  private strings(node: ConfigNode, key: string, example: string): { text: string; where: Where }[] | undefined {
    if (node.kind === 'scalar' && node.value === null) return [];
    if (node.kind !== 'list') {
      this.report(`'${key}' must be a list, e.g. ${key}: [${example}]; found ${describeNode(node)}. It is ignored.`, 'error', node.where);
      return undefined;
    }
    const out: { text: string; where: Where }[] = [];
    for (const item of node.items) {
      if (item.kind === 'scalar' && typeof item.value === 'string') out.push({ text: item.value, where: item.where });
      else this.report(`Items of '${key}' must be text; found ${describeNode(item)}. It is ignored.`, 'error', item.where);
    }
    return out;
  }

  ruleList(node: ConfigNode, key: string): string[] | undefined {
    const items = this.strings(node, key, 'OPS101');
    if (items === undefined) return undefined;
    const codes = new Set<string>();
    for (const item of items) {
      const expanded = expandSelector(item.text, this.rules);
      if (expanded === undefined) this.report(`${unknownRuleMessage(item.text, this.rules)} It is ignored.`, 'warning', item.where);
      else expanded.forEach((c) => codes.add(c));
    }
    // A list whose every entry was wrong falls back to the lower layer rather than meaning "nothing" or "everything".
    if (items.length > 0 && codes.size === 0) return undefined;
    return [...codes];
  }

  severityMap(node: ConfigNode, key: string): Record<string, SeverityLevel> | undefined {
    if (node.kind === 'scalar' && node.value === null) return {};
    if (node.kind !== 'map') {
      this.report(
        `'${key}' must be a mapping from rule to severity, e.g. OPS101: error; found ${describeNode(node)}. It is ignored.`,
        'error',
        node.where,
      );
      return undefined;
    }
    // Prefixes first, so an exact code written anywhere in the map beats a prefix covering it.
    const byPrefix: Record<string, SeverityLevel> = {};
    const exact: Record<string, SeverityLevel> = {};
    for (const entry of node.entries) {
      const level = this.severityValue(entry.value);
      const rule = findKnownRule(entry.key, this.rules);
      const codes = rule ? [rule.code] : expandSelector(entry.key, this.rules);
      if (codes === undefined) {
        this.report(`${unknownRuleMessage(entry.key, this.rules)} Its severity is ignored.`, 'warning', entry.keyWhere);
        continue;
      }
      if (level === undefined) continue;
      for (const code of codes) (rule ? exact : byPrefix)[code] = level;
    }
    return { ...byPrefix, ...exact };
  }

  private severityValue(node: ConfigNode): SeverityLevel | undefined {
    const level = node.kind === 'scalar' && typeof node.value === 'string' ? parseSeverityLevel(node.value) : undefined;
    if (level === undefined) {
      const shown = node.kind === 'scalar' && typeof node.value === 'string' ? `'${node.value}'` : describeNode(node);
      const hint = node.kind === 'scalar' && typeof node.value === 'string' ? didYouMean(node.value, SEVERITY_WORDS) : '';
      this.report(
        `Severity must be one of ${SEVERITY_WORDS.join(', ')}; found ${shown}.${hint} The rule keeps its default severity.`,
        'error',
        node.where,
      );
    }
    return level;
  }

  perPathMap(node: ConfigNode, key: string): PerPathIgnore[] | undefined {
    if (node.kind === 'scalar' && node.value === null) return [];
    if (node.kind !== 'map') {
      this.report(
        `'${key}' must be a mapping from glob to rules, e.g. "tests/**": [OPS101]; found ${describeNode(node)}. It is ignored.`,
        'error',
        node.where,
      );
      return undefined;
    }
    const out: PerPathIgnore[] = [];
    for (const entry of node.entries) {
      const glob = normalizeGlob(entry.key);
      if (glob === undefined) {
        this.report(
          `'${entry.key}' is not a usable glob: globs are relative to the config's folder and cannot leave it. It is ignored.`,
          'warning',
          entry.keyWhere,
        );
        continue;
      }
      const compiled = compileGlob(glob);
      if (!compiled.ok) {
        this.report(`'${entry.key}' is not a usable glob: ${compiled.reason}. It is ignored.`, 'warning', entry.keyWhere);
        continue;
      }
      const codes = this.ruleList(entry.value, entry.key);
      if (codes !== undefined && codes.length > 0) out.push({ glob, codes });
    }
    return out;
  }

  /** Exclusion globs: plain text, no `..` (they cannot reach out of the config's folder). */
  globList(node: ConfigNode, key: string): string[] | undefined {
    const items = this.strings(node, key, '"generated/", "*_pb2.py"');
    if (items === undefined) return undefined;
    const globs: string[] = [];
    for (const item of items) {
      const glob = item.text.trim();
      if (glob === '' || glob.replace(/\\/g, '/').split('/').includes('..')) {
        this.report(
          `'${item.text}' is not a usable pattern: use a name (build), a glob (*_pb2.py) or a path below the config's folder (scripts/legacy/). It is ignored.`,
          'warning',
          item.where,
        );
        continue;
      }
      const compiled = compileGlob(excludePattern(glob));
      if (compiled.ok) globs.push(glob);
      else this.report(`'${item.text}' is not a usable pattern: ${compiled.reason}. It is ignored.`, 'warning', item.where);
    }
    return globs;
  }

  /** An https URL: rule links go into CI logs and code-scanning alerts, where nothing else opens. */
  httpsUrl(node: ConfigNode, key: string): string | undefined {
    const text = node.kind === 'scalar' && typeof node.value === 'string' ? node.value.trim() : undefined;
    let ok = false;
    try {
      ok = text !== undefined && new URL(text.replace(/\{(code|name)\}/g, 'x')).protocol === 'https:';
    } catch {
      ok = false;
    }
    if (ok) return text;
    this.report(
      `'${key}' must be an https URL, e.g. https://example.com/pyops/rules/; found ${describeNode(node)}. Rule links are left out.`,
      'error',
      node.where,
    );
    return undefined;
  }

  /** A folder path: non-empty text. */
  path(node: ConfigNode, key: string): string | undefined {
    const text = node.kind === 'scalar' && typeof node.value === 'string' ? node.value.trim() : '';
    if (text !== '' && !text.includes('\0')) return text;
    this.report(
      `'${key}' must be a folder path, e.g. ${key}: .pyops_cache; found ${describeNode(node)}. The default is used.`,
      'error',
      node.where,
    );
    return undefined;
  }

  switch(node: ConfigNode, key: string): boolean | undefined {
    if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
    this.report(`'${key}' must be true or false; found ${describeNode(node)}. It is ignored.`, 'error', node.where);
    return undefined;
  }

  nameList(node: ConfigNode, key: string): string[] | undefined {
    const items = this.strings(node, key, 'log');
    if (items === undefined) return undefined;
    const names: string[] = [];
    for (const item of items) {
      const name = item.text.trim();
      if (DOTTED_NAME.test(name)) names.push(name);
      else
        this.report(
          `'${item.text}' is not a Python name (expected e.g. log, self.logger, utils.run_checked). It is ignored.`,
          'warning',
          item.where,
        );
    }
    return names;
  }
}

/** Drops a leading "./"; refuses empty globs and ones that climb out with "..". */
function normalizeGlob(raw: string): string | undefined {
  const glob = raw
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '');
  if (glob === '' || glob.startsWith('/') || glob.split('/').includes('..')) return undefined;
  return glob;
}

function setWrapper(config: PartialEngineConfig, field: keyof WrapperNames, names: string[]): void {
  config.wrappers = { ...config.wrappers, [field]: names };
}

const WRAPPER_FIELDS: Record<string, keyof WrapperNames> = {
  loggers: 'loggers',
  'logging-functions': 'loggingFunctions',
  'checked-subprocess-helpers': 'checkedSubprocessHelpers',
};

function readOption(reader: OptionReader, spec: OptionSpec, node: ConfigNode, key: string, config: PartialEngineConfig): void {
  switch (spec.kind) {
    case 'rule-list': {
      const codes = reader.ruleList(node, key);
      if (codes === undefined) return;
      if (spec.fileKey === 'select') config.select = codes;
      else config.ignore = codes;
      return;
    }
    case 'severity-map': {
      const severity = reader.severityMap(node, key);
      if (severity !== undefined) config.severity = severity;
      return;
    }
    case 'per-path-map': {
      const ignores = reader.perPathMap(node, key);
      if (ignores !== undefined) config.perPathIgnores = ignores;
      return;
    }
    case 'name-list': {
      const names = reader.nameList(node, key);
      if (names !== undefined) setWrapper(config, WRAPPER_FIELDS[spec.fileKey], names);
      return;
    }
    case 'url': {
      const url = reader.httpsUrl(node, key);
      if (url !== undefined) config.docsUrl = url;
      return;
    }
    case 'path': {
      const path = reader.path(node, key);
      if (path !== undefined) config.cacheDir = path;
      return;
    }
    case 'glob-list': {
      const globs = reader.globList(node, key);
      if (globs !== undefined) config.files = { ...config.files, [FILE_SELECTION_FIELDS[spec.fileKey]]: globs };
      return;
    }
    case 'switch': {
      const value = reader.switch(node, key);
      if (value === undefined) return;
      if (spec.fileKey === 'report-unused-suppressions') config.reportUnusedSuppressions = value;
      else config.files = { ...config.files, [FILE_SELECTION_FIELDS[spec.fileKey]]: value };
      return;
    }
  }
}

/**
 * Reads every known option from a mapping. In 'file' style unknown keys are reported;
 * in 'settings' style they are someone else's settings (enable, run...) and are skipped.
 */
export function readOptions(
  root: ConfigNode,
  style: OptionStyle,
  rules: readonly KnownRule[],
): { config: PartialEngineConfig; problems: OptionProblem[] } {
  const reader = new OptionReader(rules);
  const config: PartialEngineConfig = {};
  if (root.kind === 'scalar' && root.value === null) return { config, problems: reader.problems };
  if (root.kind !== 'map') {
    reader.report(
      `The configuration must be a mapping of options (select, ignore, severity...); found ${describeNode(root)}. Defaults are used.`,
      'error',
      root.where,
    );
    return { config, problems: reader.problems };
  }
  const keys = CONFIG_OPTIONS.map((spec) => keyOf(spec, style)).filter((key): key is string => key !== undefined);
  for (const entry of root.entries) {
    const spec = CONFIG_OPTIONS.find((s) => keyOf(s, style) === entry.key);
    if (spec === undefined) {
      // "x-" keys hold YAML anchors for reuse (as in docker-compose); they are not options.
      if (style === 'file' && !entry.key.startsWith('x-')) {
        reader.report(
          `Unknown option '${entry.key}'.${didYouMean(entry.key, keys)} Known options: ${keys.join(', ')}.`,
          'warning',
          entry.keyWhere,
        );
      }
      continue;
    }
    readOption(reader, spec, entry.value, entry.key, config);
  }
  return { config, problems: reader.problems };
}
