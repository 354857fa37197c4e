// The walk's vocabulary, derived from what the rules (and the module facts) declare they read:
// which nodes the walk visits, which calls it records with their arguments, which assignments it
// keeps, and which names star imports bind. The prefilter (prefilter.ts) reads the same
// vocabulary, so a rule can never be starved of text it declared.
import { FACTS_NEEDS } from './facts';
import type { StringLiteral } from '../python/strings';
import type { ArgumentGate, HandlerGate, RuleImpl, RuleNeeds, TextGate } from './rule';

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
  /**
   * The literals stored under those names that a rule may report, as written (see
   * RuleNeeds.reportsLiteral): some test accepts them. Null: any literal may be reported.
   */
  readonly reportedLiterals: readonly ((literal: StringLiteral) => boolean)[] | null;
  /** Except clauses and raise statements are recorded. */
  readonly handlers: boolean;
  /**
   * The text gates of the rules with handler() or raise() (RuleNeeds.handlersMatterIn): a text
   * holding `except` matters to them only where one of these accepts it. Null: some such rule has
   * no gate (every such text matters); empty: no rule reports on handlers or raises.
   */
  readonly handlerGates: readonly HandlerGate[] | null;
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
   * When calls of a called name can matter, for the names no declaring party needs everywhere: a
   * call matters where one of its conditions holds. A party's condition is the module its function
   * is of ("subprocess.run": `run` needs "subprocess", which an import of it names) or its
   * `methodsOf` modules, its `callsMatterWith` modules, and its `callsMatterIn` gate. Names
   * declared otherwise ("builtins.open", with no condition) are absent: needed in any text.
   */
  readonly callConditions: ReadonlyMap<string, readonly CallCondition[]>;
  /**
   * When a call of a called name written with a receiver (`x.open(...)`) can matter, for the names
   * some party declares as a builtin function (`builtins.open`): that party's calls resolve only
   * where the receiver is the builtins module, so where the text names it. Names not here matter
   * with a receiver where they do without one; empty: nowhere.
   */
  readonly receiverCallConditions: ReadonlyMap<string, readonly CallCondition[]>;
  /** The condition of each of `callPatterns` (same index); null: needed in any text. */
  readonly callPatternConditions: readonly (CallCondition | null)[];
  /**
   * The modules the conditions read, by the called name (or the pattern) they are about: the
   * modules a text scan looks for (see TextScanner).
   */
  readonly callModules: ReadonlyMap<string | RegExp, readonly string[]>;
  /** What the conditions' receivers read (see ReceiverCondition): the text scan looks for these too. */
  readonly receiverWords: { readonly makers: readonly string[]; readonly modules: readonly string[] };
}

/**
 * The receivers on which a party's calls written with one (`x.get()`) can matter (RuleNeeds.methodsOn):
 * a plain name that is one of `modules` (or any plain name where the document may import one of
 * them under another name), or any receiver where the document may call one of `makers`.
 */
export interface ReceiverCondition {
  /** Modules of one name: the plain names a receiver may be. */
  readonly modules: readonly string[];
  /** The last names of the calls that make the objects the calls are read on. */
  readonly makers: readonly string[];
}

/** Where calls declared by one party (a rule's or the facts' needs) can matter; at least one field is set. */
export interface CallCondition {
  /** Only in a document whose text names a module of each of these lists (none: any document). */
  readonly modules: readonly (readonly string[])[];
  /** Only in a statement whose text this accepts (null: any statement). */
  readonly gate: TextGate | null;
  /** With a receiver, only on these (null: on any). */
  readonly receivers: ReceiverCondition | null;
  /** Without a receiver, only with arguments this accepts (null: any). */
  readonly args: ArgumentGate | null;
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
  return TypeList.listing(types);
}

/**
 * An array of node types whose `includes` is a Set lookup, inherited from its class: a method on the
 * prototype is a plain, monomorphic load in descendantsOfType's loop (an own property defined on an
 * array instance made each of its ~270 loads per call slow: about 11,000 instructions a call). Most
 * names are ruled out by their length alone (79 of the Python grammar's 274 pass), before hashing.
 */
class TypeList extends Array<string> {
  private readonly known = new Set<string>();
  /** Bit n: some type has n characters (names of 32 or more are looked up). */
  private lengths = 0;

  static listing(types: readonly string[]): TypeList {
    const list = new TypeList();
    for (const t of types) {
      list.push(t);
      list.known.add(t);
      list.lengths |= t.length < 32 ? 1 << t.length : 0;
    }
    return list;
  }

  /** `type` is undefined for the grammar's symbol ids that have no name (holes in Language.types). */
  override includes(type: string | undefined): boolean {
    if (typeof type !== 'string') return false;
    const n = type.length;
    return (n >= 32 || ((this.lengths >>> n) & 1) === 1) && this.known.has(type);
  }
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
  let reportedLiterals: ((literal: StringLiteral) => boolean)[] | null = [];
  const starExports = new Map<string, Set<string>>();
  const builtins = new Set<string>();
  const callPatternConditions: (CallCondition | null)[] = [];
  let builtStrings = false;
  let handlers = false;
  let handlerGates: HandlerGate[] | null = [];
  /** name -> the conditions of the parties that declared it (see callConditions); null: needed anywhere. */
  const conditionsOf = new Map<string, CallCondition[] | null>();
  const addCondition = (
    name: string,
    modules: readonly (readonly string[])[],
    gate: TextGate | null,
    receivers: ReceiverCondition | null,
    args: ArgumentGate | null,
  ) => {
    const known = conditionsOf.get(name);
    if (known === null) return;
    if (modules.length === 0 && gate === null && receivers === null && args === null) conditionsOf.set(name, null);
    else if (known) known.push({ modules, gate, receivers, args });
    else conditionsOf.set(name, [{ modules, gate, receivers, args }]);
  };
  /** The same for calls written with a receiver (see receiverCallConditions), and the names some party declares as builtins. */
  const receiverConditionsOf = new Map<string, CallCondition[] | null>();
  const addReceiverCondition = (name: string, modules: readonly (readonly string[])[] | null, gate: TextGate | null) => {
    const known = receiverConditionsOf.get(name);
    if (known === null) return;
    if (modules === null) receiverConditionsOf.set(name, known ?? []);
    else if (modules.length === 0 && gate === null) receiverConditionsOf.set(name, null);
    else if (known) known.push({ modules, gate, receivers: null, args: null });
    else receiverConditionsOf.set(name, [{ modules, gate, receivers: null, args: null }]);
  };
  const builtinNames = new Set<string>();
  const makerWords = new Set<string>();
  const receiverModules = new Set<string>();
  const declared: RuleNeeds[] = [...FACTS_NEEDS];
  for (const rule of rules) {
    if (rule.needs) declared.push(rule.needs);
    if (rule.handler || rule.raise) {
      handlers = true;
      const gate = rule.needs?.handlersMatterIn;
      if (!gate) handlerGates = null;
      else if (handlerGates && !handlerGates.includes(gate)) handlerGates.push(gate);
    }
  }
  for (const needs of declared) {
    const names = calledNames(needs);
    for (const name of names) callNames.add(name);
    const gate = needs.callsMatterIn ?? null;
    const args = needs.argumentsMatter ?? null;
    const partyModules = needs.callsMatterWith ? [needs.callsMatterWith] : [];
    const receivers = receiverConditionOf(needs);
    if (receivers) {
      for (const m of receivers.makers) makerWords.add(m);
      for (const m of receivers.modules) receiverModules.add(m);
    }
    for (const qualified of needs.calls ?? []) {
      const root = qualified.slice(0, qualified.indexOf('.'));
      const name = lastName(qualified);
      const rooted = root !== '' && root !== 'builtins';
      const module = qualified.slice(0, qualified.lastIndexOf('.'));
      const onModule = functionReceivers(module, receivers);
      if (onModule !== null && onModule !== receivers) receiverModules.add(module);
      addCondition(name, rooted ? [[root], ...partyModules] : partyModules, gate, onModule, args);
      // With a receiver, `builtins.open` resolves only through `import builtins`; a bare name never.
      addReceiverCondition(name, rooted ? [[root], ...partyModules] : root === 'builtins' ? [['builtins'], ...partyModules] : null, gate);
      if (!rooted) builtinNames.add(name);
    }
    const methodModules = needs.methodsOf ? [needs.methodsOf, ...partyModules] : partyModules;
    for (const name of needs.methods ?? []) {
      addCondition(name, methodModules, gate, receivers, args);
      addReceiverCondition(name, methodModules, gate);
    }
    if (needs.callPattern) {
      callPatterns.push(needs.callPattern);
      callPatternConditions.push(
        partyModules.length === 0 && gate === null ? null : { modules: partyModules, gate, receivers: null, args: null },
      );
    }
    if (needs.resultUse) for (const name of names) resultUse.add(name);
    if (needs.builtCommands) {
      builtStrings = true;
      for (const name of names) commands.add(name);
    }
    if (needs.stringAssignments) {
      stringTargets.push(needs.stringAssignments);
      if (!needs.reportsLiteral) reportedLiterals = null;
      else reportedLiterals?.push(needs.reportsLiteral);
    }
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
    conditionsOf.set(local, conditionsOf.get(name) ?? null);
  }
  const callConditions = new Map<string, readonly CallCondition[]>();
  const callModules = new Map<string | RegExp, readonly string[]>();
  const addModules = (key: string | RegExp, conditions: readonly CallCondition[]) => {
    const modules = new Set(conditions.flatMap((c) => c.modules.flat()));
    if (modules.size > 0) callModules.set(key, [...modules]);
  };
  for (const [name, conditions] of conditionsOf) {
    if (!conditions) continue;
    callConditions.set(name, conditions);
    addModules(name, conditions);
  }
  callPatternConditions.forEach((condition, i) => condition && addModules(callPatterns[i], [condition]));
  const receiverCallConditions = new Map<string, readonly CallCondition[]>();
  for (const name of builtinNames) {
    const conditions = receiverConditionsOf.get(name);
    if (!conditions) continue;
    receiverCallConditions.set(name, conditions);
    addModules(`${name} with a receiver`, conditions);
  }
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
    reportedLiterals,
    handlers,
    handlerGates,
    nodeTypes: typeList(nodeTypes),
    detailRules: rules
      .filter((r) => r.callDetail)
      .map((rule) => ({ rule, names: new Set(calledNames(rule.needs ?? {})), pattern: rule.needs?.callPattern ?? null })),
    starExports,
    builtins,
    aliases,
    callConditions,
    receiverCallConditions,
    callPatternConditions,
    callModules,
    receiverWords: { makers: [...makerWords], modules: [...receiverModules] },
  };
}

/**
 * The receivers on which a call of a function of `module` (written with one) can be that function:
 * the module facts resolve `x.f()` to `module.f` only where `x` is bound to the module, and only
 * imports bind names (ModuleFacts.resolve), so only its own name or another an import gives it
 * (`import subprocess as sp`; see ReceiverWords.renames); `self.f()`, `a.b.f()` or `g().f()` never
 * resolve to a module of one name. `builtins.open` the same: `builtins.open(...)`. `receivers`:
 * the party's own receiver condition (RuleNeeds.methodsOn), which names its modules' functions
 * too. Null (any receiver) for a module of more than one name, which is called on a dotted
 * receiver (`urllib.request.urlopen`), and in a party with makers whose modules leave it out.
 */
function functionReceivers(module: string, receivers: ReceiverCondition | null): ReceiverCondition | null {
  if (module === '' || module.includes('.')) return null;
  if (receivers === null) return { modules: [module], makers: [] };
  return receivers.modules.includes(module) ? receivers : null;
}

/**
 * The receivers a party's calls can matter on, for a party that declares the makers of its
 * methods' objects (RuleNeeds.methodsOn): its modules of one name (its calls' and `methodsOf`),
 * the makers' last names. Null: any receiver.
 */
function receiverConditionOf(needs: RuleNeeds): ReceiverCondition | null {
  if (!needs.methodsOn) return null;
  const modules = new Set<string>(needs.methodsOf ?? []);
  for (const qualified of needs.calls ?? []) {
    const module = qualified.slice(0, qualified.lastIndexOf('.'));
    if (module !== '' && module !== 'builtins' && !module.includes('.')) modules.add(module);
  }
  return { modules: [...modules].filter((m) => !m.includes('.')), makers: needs.methodsOn.map(lastName) };
}

/** Which calls of a vocabulary can matter in one document (see callsThatMatter). */
export interface CallsThatMatter {
  /**
   * Called names whose calls matter only in a statement that one of these gates accepts (none: in
   * no statement of this document). Names not here matter anywhere.
   */
  readonly restricted: ReadonlyMap<string, readonly TextGate[]>;
  /**
   * For calls written with a receiver, the names whose calls then matter otherwise (see
   * Vocabulary.receiverCallConditions): only in a statement one of these gates accepts (none: in no
   * statement; null: in any). Names not here matter as they do without a receiver.
   */
  readonly withReceiver: ReadonlyMap<string, readonly TextGate[] | null>;
  /** The call patterns that can matter in this document, with their gates (null: in any statement). */
  readonly patterns: readonly { readonly pattern: RegExp; readonly gates: readonly TextGate[] | null }[];
  /**
   * For calls written with a receiver, the names whose calls then matter only on a plain name
   * (see ReceiverCondition): one of these (null: any plain name). Names not here matter on any receiver.
   */
  readonly receivers: ReadonlyMap<string, ReadonlySet<string> | null>;
  /**
   * For calls written without a receiver, the names whose calls then matter only with arguments
   * one of these accepts (RuleNeeds.argumentsMatter). Names not here matter with any arguments.
   */
  readonly argumentGates: ReadonlyMap<string, readonly ArgumentGate[]>;
}

/** What a document's text says of the receivers calls may have (see ReceiverCondition; TextScan answers). */
export interface ReceiverWords {
  /** Whether the text may call this maker (a last name), which makes an object some methods are read on. */
  makes(maker: string): boolean;
  /** Whether the text may import this module under another name (`import requests as r`). */
  renames(module: string): boolean;
}

/** What a document that may make every object and rename every module says: any receiver may matter. */
const ANY_RECEIVER: ReceiverWords = { makes: () => true, renames: () => true };

/**
 * Which calls of `vocabulary` can matter in a document, from the modules its text names (a call
 * resolves to `subprocess.run` only through an import that names subprocess): `named` says whether
 * the text holds a module's name where an import statement may name it (see TextScan.names and
 * importContext.ts; loose, `import m` in a comment or a string counts, a mere mention does not),
 * and a configured wrapper of the module counts too (see WRAPPED_MODULES). Loose: a name matters
 * where any declaring party's condition holds.
 */
export function callsThatMatter(
  vocabulary: Vocabulary,
  named: (module: string) => boolean,
  words: ReceiverWords = ANY_RECEIVER,
): CallsThatMatter {
  const holds = (c: CallCondition) => c.modules.every((list) => list.some(named));
  const restricted = new Map<string, readonly TextGate[]>();
  const receivers = new Map<string, ReadonlySet<string> | null>();
  const argumentGates = new Map<string, readonly ArgumentGate[]>();
  for (const [name, conditions] of vocabulary.callConditions) {
    const holding = conditions.filter(holds);
    const gates = gatesOf(holding);
    if (gates) restricted.set(name, gates);
    const plain = plainReceivers(holding, words);
    if (plain !== undefined) receivers.set(name, plain);
    const tests = argumentGatesOf(holding);
    if (tests) argumentGates.set(name, tests);
  }
  const withReceiver = new Map<string, readonly TextGate[] | null>();
  for (const [name, conditions] of vocabulary.receiverCallConditions) withReceiver.set(name, gatesOf(conditions.filter(holds)));
  const patterns: { pattern: RegExp; gates: readonly TextGate[] | null }[] = [];
  vocabulary.callPatterns.forEach((pattern, i) => {
    const condition = vocabulary.callPatternConditions[i];
    if (!condition) patterns.push({ pattern, gates: null });
    else if (holds(condition)) patterns.push({ pattern, gates: gatesOf([condition]) });
  });
  return { restricted, withReceiver, patterns, receivers, argumentGates };
}

/** The argument gates of conditions that hold, or null when one of them has none (or none holds). */
function argumentGatesOf(holding: readonly CallCondition[]): ArgumentGate[] | null {
  if (holding.length === 0) return null;
  const tests: ArgumentGate[] = [];
  for (const { args } of holding) {
    if (args === null) return null;
    if (!tests.includes(args)) tests.push(args);
  }
  return tests;
}

/**
 * The plain names on which calls written with a receiver can matter under these conditions (null:
 * any plain name), or undefined where any receiver can (one of them has no receiver condition, or
 * the document may make one of the objects).
 */
function plainReceivers(holding: readonly CallCondition[], words: ReceiverWords): ReadonlySet<string> | null | undefined {
  if (holding.length === 0) return undefined;
  const names = new Set<string>();
  for (const { receivers } of holding) {
    if (receivers === null || receivers.makers.some((m) => words.makes(m))) return undefined;
    for (const m of receivers.modules) names.add(m);
  }
  for (const m of names) if (words.renames(m)) return null;
  return names;
}

/** The gates of conditions that hold, or null when one of them has none (then the calls matter in any statement). */
function gatesOf(holding: readonly CallCondition[]): TextGate[] | null {
  const gates: TextGate[] = [];
  for (const { gate } of holding) {
    if (gate === null) return null;
    if (!gates.includes(gate)) gates.push(gate);
  }
  return gates;
}

const everyCall = new WeakMap<Vocabulary, CallsThatMatter>();

/** What matters in a document that names every module (only the gates restrict calls), once per vocabulary. */
export function everyCallThatMatters(vocabulary: Vocabulary): CallsThatMatter {
  let matter = everyCall.get(vocabulary);
  if (!matter) everyCall.set(vocabulary, (matter = callsThatMatter(vocabulary, () => true)));
  return matter;
}

/** Whether the walk records calls of this name with their arguments. */
export function recordsCall(vocabulary: Vocabulary, name: string): boolean {
  return vocabulary.callNames.has(name) || vocabulary.callPatterns.some((p) => p.test(name));
}
