// The walk's vocabulary, derived from what the rules (and the module facts) declare they read:
// which nodes the walk visits, which calls it records with their arguments, which assignments it
// keeps, and which names star imports bind. The prefilter (prefilter.ts) reads the same
// vocabulary, so a rule can never be starved of text it declared.
import { FACTS_NEEDS } from './facts';
import type { RuleImpl, RuleNeeds } from './rule';

export interface Vocabulary {
  /** Called names (a callee's last name) whose calls are recorded with their arguments. */
  readonly callNames: ReadonlySet<string>;
  /** Further called names to record, by pattern. */
  readonly callPatterns: readonly RegExp[];
  /** Called names whose result use is recorded. */
  readonly resultUse: ReadonlySet<string>;
  /** Called names whose command argument is checked for being built from variables. */
  readonly commands: ReadonlySet<string>;
  /** Assignments of strings built from variables are recorded (for commands passed by name). */
  readonly builtStrings: boolean;
  /** String literals assigned to names one of these accepts are recorded. */
  readonly stringTargets: readonly ((name: string) => boolean)[];
  /** Except clauses and raise statements are recorded. */
  readonly handlers: boolean;
  /** The node types the walk visits (see walk.ts). */
  readonly nodeTypes: string[];
  /** Rules that read call details (RuleImpl.callDetail): a detail's slot in CallRec.details is its index here. */
  readonly detailRules: readonly { rule: RuleImpl; names: ReadonlySet<string>; pattern: RegExp | null }[];
  /** module -> names a star import of it binds (qualified names rules declared). */
  readonly starExports: ReadonlyMap<string, ReadonlySet<string>>;
  /** Names rules declared as builtins ("print", "open"). */
  readonly builtins: ReadonlySet<string>;
  /**
   * Names a document binds by `from m import name as local` to a called name this vocabulary
   * records: local -> name. A call of `local(...)` is recorded as a call of `name`.
   */
  readonly aliases: ReadonlyMap<string, string>;
  /**
   * Called names that matter only in a module whose text names one of these modules: every rule
   * that declared the name did so as a function of a module ("subprocess.run": `run` needs
   * "subprocess", which an import of it names) or as a method of objects from modules
   * (RuleNeeds.methodsOf). Names declared otherwise ("builtins.open", a logger method) are absent.
   */
  readonly callModules: ReadonlyMap<string, readonly string[]>;
}

/** Node types every walk visits: scopes, imports and calls feed the module facts. */
const BASE_NODE_TYPES = ['function_definition', 'lambda', 'class_definition', 'call', 'import_statement', 'import_from_statement'];
const HANDLER_NODE_TYPES = ['except_clause', 'except_group_clause', 'raise_statement'];

/** The last name of a qualified name: "subprocess.run" -> "run". */
function lastName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

/** The names a rule's calls are recognised by: its functions' last names and its methods. */
function calledNames(needs: RuleNeeds): string[] {
  return [...(needs.calls ?? []).map(lastName), ...(needs.methods ?? [])];
}

/**
 * A list web-tree-sitter's descendantsOfType() accepts. It maps names to symbol ids by calling
 * `types.includes()` for every grammar symbol; a Set-backed `includes` makes that O(1).
 */
function typeList(types: string[]): string[] {
  const set = new Set(types);
  return Object.defineProperty([...types], 'includes', { value: (t: string) => set.has(t) });
}

/**
 * The vocabulary of these rules plus the module facts; `imported` (local -> imported name, from
 * `from m import name as local`) adds the aliases of names it records.
 */
export function vocabularyOf(rules: readonly RuleImpl[], imported: ReadonlyMap<string, string> = new Map()): Vocabulary {
  const callNames = new Set<string>();
  const callPatterns: RegExp[] = [];
  const resultUse = new Set<string>();
  const commands = new Set<string>();
  const stringTargets: ((name: string) => boolean)[] = [];
  const starExports = new Map<string, Set<string>>();
  const builtins = new Set<string>();
  let builtStrings = false;
  let handlers = false;
  /** name -> modules one of which the text must name (see callModules); null: needed anywhere. */
  const modulesOf = new Map<string, Set<string> | null>();
  const needsModules = (name: string, modules: readonly string[] | null) => {
    const known = modulesOf.get(name);
    if (known === null) return;
    if (modules === null) modulesOf.set(name, null);
    else if (known) for (const m of modules) known.add(m);
    else modulesOf.set(name, new Set(modules));
  };
  const declared: RuleNeeds[] = [...FACTS_NEEDS];
  for (const rule of rules) {
    if (rule.needs) declared.push(rule.needs);
    if (rule.handler || rule.raise) handlers = true;
  }
  for (const needs of declared) {
    const names = calledNames(needs);
    for (const name of names) callNames.add(name);
    for (const qualified of needs.calls ?? []) {
      const root = qualified.slice(0, qualified.indexOf('.'));
      needsModules(lastName(qualified), root === '' || root === 'builtins' ? null : [root]);
    }
    for (const name of needs.methods ?? []) needsModules(name, needs.methodsOf ?? null);
    if (needs.callPattern) callPatterns.push(needs.callPattern);
    if (needs.resultUse) for (const name of names) resultUse.add(name);
    if (needs.builtCommands) {
      builtStrings = true;
      for (const name of names) commands.add(name);
    }
    if (needs.stringAssignments) stringTargets.push(needs.stringAssignments);
    if (needs.handlers) handlers = true;
    for (const qualified of [...(needs.calls ?? []), ...(needs.handlerCalls ?? [])]) {
      const dot = qualified.lastIndexOf('.');
      const module = qualified.slice(0, dot);
      if (module === 'builtins') builtins.add(lastName(qualified));
      else if (dot > 0) {
        let exports = starExports.get(module);
        if (!exports) starExports.set(module, (exports = new Set()));
        exports.add(lastName(qualified));
      }
    }
  }
  const aliases = new Map<string, string>();
  for (const [local, name] of imported) {
    if (local === name || !callNames.has(name)) continue;
    aliases.set(local, name);
    // The prefilter finds calls by their written name.
    callNames.add(local);
    modulesOf.set(local, modulesOf.get(name) ?? null);
  }
  const callModules = new Map<string, readonly string[]>();
  for (const [name, modules] of modulesOf) if (modules) callModules.set(name, [...modules]);
  const nodeTypes = [...BASE_NODE_TYPES];
  if (handlers) nodeTypes.push(...HANDLER_NODE_TYPES);
  if (builtStrings || stringTargets.length > 0) nodeTypes.push('assignment');
  // Secrets also sit in dict literals, keyword arguments and comparisons (OPS305).
  if (stringTargets.length > 0) nodeTypes.push('pair', 'keyword_argument', 'comparison_operator');
  return {
    callNames,
    callPatterns,
    resultUse,
    commands,
    builtStrings,
    stringTargets,
    handlers,
    nodeTypes: typeList(nodeTypes),
    detailRules: rules
      .filter((r) => r.callDetail)
      .map((rule) => ({ rule, names: new Set(calledNames(rule.needs ?? {})), pattern: rule.needs?.callPattern ?? null })),
    starExports,
    builtins,
    aliases,
    callModules,
  };
}

/**
 * The called names of `vocabulary.callModules` that cannot matter in a text, because it names none
 * of their modules (a call resolves to `subprocess.run` only through an import that names
 * subprocess). `named` says whether the text holds a module's name where an import statement may
 * name it (see TextScan.names and importContext.ts): loose, `import m` in a comment or a string
 * keeps its names, a mere mention ("the fabric module") does not.
 */
export function absentCallNames(vocabulary: Vocabulary, named: (module: string) => boolean): Set<string> {
  const absent = new Set<string>();
  for (const [name, modules] of vocabulary.callModules) if (!modules.some(named)) absent.add(name);
  return absent;
}

/** Whether the walk records calls of this name with their arguments. */
export function recordsCall(vocabulary: Vocabulary, name: string): boolean {
  return vocabulary.callNames.has(name) || vocabulary.callPatterns.some((p) => p.test(name));
}
