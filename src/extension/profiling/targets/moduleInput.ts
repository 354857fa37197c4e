// The "Profile Module…" input, `package.module --flag value`, split like a shell line without a
// shell, and the argument a keybinding may pass instead. Pure (no vscode import).

import { isModuleName, suggestModuleName } from '../../../core/targets/moduleName';
import { splitArgs } from '../argv';

export interface ModuleRequest {
  module: string;
  args: string[];
}

/** The module and its arguments from "pkg.mod --flag value", or why the text is not that. */
export function parseModuleInput(text: string): ModuleRequest | { error: string } {
  const split = splitArgs(text);
  if (split.error) return { error: split.error };
  const [module, ...args] = split.args;
  if (module === undefined || module === '') return { error: 'Type a module name, then its arguments (e.g. tools.deploy --dry-run).' };
  return checkModule(module, args);
}

function checkModule(module: string, args: string[]): ModuleRequest | { error: string } {
  if (!isModuleName(module)) {
    const suggestion = suggestModuleName(module);
    return {
      error: `"${module}" is not a module name${suggestion ? ` (did you mean ${suggestion}?)` : ''}: write it as after python -m, package.module, without .py or slashes.`,
    };
  }
  return { module, args };
}

/**
 * A command argument such as a keybinding's `"args": { "module": "tools.deploy", "args": ["--dry-run"] }`;
 * undefined when `value` is not such an object (a menu passes a URI instead).
 */
export function moduleRequestArgument(value: unknown): ModuleRequest | { error: string } | undefined {
  if (typeof value !== 'object' || value === null || !('module' in value)) return undefined;
  const { module, args } = value as { module: unknown; args?: unknown };
  if (typeof module !== 'string') return { error: 'The "module" argument of pyops.profileModule must be a module name (a string).' };
  if (args !== undefined && !(Array.isArray(args) && args.every((a) => typeof a === 'string'))) {
    return { error: 'The "args" argument of pyops.profileModule must be a list of strings.' };
  }
  return checkModule(module.trim(), (args as string[] | undefined) ?? []);
}
