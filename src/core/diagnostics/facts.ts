// Module-wide facts gathered from every unit: import bindings (name resolution), loggers,
// whether logging is configured, whether the file is a script. Built once per analysis.
import type { Unit } from '../python/segments';
import type { CallRec, MainBlockRec, ScopeRec, Span, UnitModel } from './model';
import { mapPacked } from './packed';
import { LOG_METHODS } from './pythonNames';
import type { RuleNeeds } from './rule';
import type { WrapperNames } from './types';

/** Logger-looking names, recognised when the module imports logging and the name is not imported from elsewhere. */
const LOGGER_NAME = /^_*(?:[A-Za-z0-9]+_)*(?:logger|log)$/i;

/** Calls that configure logging output. */
const CONFIGURE_CALLS = new Set([
  'logging.basicConfig',
  'logging.config.dictConfig',
  'logging.config.fileConfig',
  'coloredlogs.install',
  'structlog.configure',
  'logzero.setup_logger',
  'logzero.logfile',
]);
/** Methods that configure logging, whatever their receiver. */
const CONFIGURE_METHODS = new Set(['basicConfig', 'dictConfig', 'fileConfig', 'addHandler']);
/** A helper named like setup_logging(), configure_logger(), init_logs(), logging_setup()... */
const CONFIGURE_HELPER =
  /^(?:setup|set_up|configure|config|init|initialize|initialise|install|enable|start)_?\w*log|^log\w*_(?:setup|config|configure|init|initialize|initialise)$|^setupLog|^configureLog|^initLog/i;
/** The calls that make the HTTP sessions and clients sessionLibrary() knows. */
export const SESSION_MAKERS: readonly string[] = ['requests.Session', 'requests.session', 'httpx.Client', 'httpx.AsyncClient'];
/** Calls whose result, bound to a name, is an object rules follow. */
const BINDING_CALLS = ['logging.getLogger', 'subprocess.Popen', ...SESSION_MAKERS, 'pathlib.Path'];

/**
 * More objects rules follow from the call that made them to the methods called on them, by kind.
 * Unlike the calls above, these are recorded only when an enabled rule declares them (with
 * `resultUse`), so a file that uses none of them costs nothing.
 */
export const FOLLOWED_OBJECTS = {
  /** `proc = await asyncio.create_subprocess_exec(...)` */
  asyncProcess: [
    'asyncio.create_subprocess_exec',
    'asyncio.create_subprocess_shell',
    'asyncio.subprocess.create_subprocess_exec',
    'asyncio.subprocess.create_subprocess_shell',
  ],
  /** `client = paramiko.SSHClient()`, `with SSHClient() as ssh:` */
  sshClient: ['paramiko.SSHClient', 'paramiko.client.SSHClient'],
  /** What fabric's and invoke's run()/sudo() are called on: `conn = Connection(host)`, `invoke.Context()`. */
  invokeContext: ['fabric.Connection', 'fabric.connection.Connection', 'fabric.Context', 'invoke.Context', 'invoke.context.Context'],
} as const satisfies Record<string, readonly string[]>;
export type FollowedObject = keyof typeof FOLLOWED_OBJECTS;

/**
 * What the facts read of the code, declared like a rule's needs (see vocabulary.ts). Log records
 * (emitsLogRecords) come only from calls loggerKind() knows, so from a module that imports logging
 * or has configured loggers; and logging's configuration (configuresLogging) matters only beside
 * them (OPS203): elsewhere these calls, and helpers named like set-up functions, are no reason to parse.
 */
export const FACTS_NEEDS: readonly RuleNeeds[] = [
  { calls: BINDING_CALLS, resultUse: true },
  // Logging configured or used anywhere in the module; helper names containing "log" too.
  {
    calls: [...CONFIGURE_CALLS],
    methods: [...CONFIGURE_METHODS, ...LOG_METHODS],
    callPattern: /log/i,
    callsMatterWith: ['logging'],
  },
];

/**
 * The module each list of configured wrappers stands for: the facts treat a configured logger's
 * methods and a configured logging function as logging's (loggerKind, isLoggingCall), so with one
 * configured, every text counts as naming that module (see callsThatMatter). Helpers that check
 * their subprocesses are read by where calls are, not as calls.
 */
export const WRAPPED_MODULES: { readonly [K in keyof WrapperNames]: string | null } = {
  loggers: 'logging',
  loggingFunctions: 'logging',
  checkedSubprocessHelpers: null,
};

const NO_MODULES: readonly string[] = Object.freeze([]);
/** The kinds of wrappers that stand for a module. */
const MODULE_WRAPPERS = (Object.keys(WRAPPED_MODULES) as (keyof WrapperNames)[]).filter((kind) => WRAPPED_MODULES[kind] !== null);

/** The modules the configured wrappers stand for (see WRAPPED_MODULES). */
export function wrappedModules(wrappers: WrapperNames): readonly string[] {
  // Most configurations wrap nothing: no set, no sort, no new array for each file.
  if (!MODULE_WRAPPERS.some((kind) => wrappers[kind].length > 0)) return NO_MODULES;
  const modules = new Set<string>();
  for (const kind of Object.keys(WRAPPED_MODULES) as (keyof WrapperNames)[]) {
    const module = WRAPPED_MODULES[kind];
    if (module !== null && wrappers[kind].length > 0) modules.add(module);
  }
  return [...modules].sort();
}

/** What star imports bind, and which names are builtins rules look for (from the rules' needs). */
export interface KnownNames {
  starExports: ReadonlyMap<string, ReadonlySet<string>>;
  builtins: ReadonlySet<string>;
}

export type LoggerKind = 'root' | 'logger';

/** The kinds of objects whose names the facts follow (see ModuleFacts.boundNames). */
type BoundKind = 'popen' | 'session' | 'httpxSession' | 'path' | FollowedObject;
const BOUND_KINDS: readonly BoundKind[] = [
  'popen',
  'session',
  'httpxSession',
  'path',
  ...(Object.keys(FOLLOWED_OBJECTS) as FollowedObject[]),
];
const NO_NAMES: ReadonlySet<string> = new Set();

/** A unit's records and the document offset they are relative to. */
export type UnitRef = Unit<UnitModel>;

export class ModuleFacts {
  private readonly bindings = new Map<string, string[]>();
  /** Imports inside a function body bind names in that function only. */
  private readonly localBindings = new Map<ScopeRec, Map<string, string[]>>();
  private readonly starModules: string[] = [];
  private readonly moduleDefs = new Set<string>();
  private readonly loggerNames = new Set<string>();
  private readonly configuredLoggers: ReadonlySet<string>;
  private readonly loggingFunctions: ReadonlySet<string>;
  /**
   * Names bound to objects rules follow, by kind, per function scope (null = module level): Popen
   * objects, requests and httpx sessions, `pathlib.Path(...)`, and the objects of FOLLOWED_OBJECTS.
   * One map, its kinds made when a file binds one: most files bind none.
   */
  private readonly boundNames = new Map<BoundKind, Map<ScopeRec | null, Set<string>>>();
  private readonly resolved = new Map<ScopeRec | null, Map<string, string[]>>();
  /** Assignments of strings assembled from variables, per function scope (null = module level). */
  private readonly builtStrings = new Map<ScopeRec | null, { name: string; pos: number }[]>();
  /** Module-level names bound to whole modules by `import m` / `import m as x`. */
  private readonly moduleAliases = new Map<string, string>();
  /** Module-level imports (conditional ones too), in document order, with absolute spans. */
  private readonly imports: ModuleImport[] = [];
  readonly importsLogging: boolean;
  /** A module-level name bound to the logging module (`logging`, or its alias). */
  readonly loggingAlias: string | null;
  /** A module-level name bound to a getLogger() logger. */
  readonly moduleLogger: string | null;
  private readonly loggerAt: number;
  private readonly mainBlock: MainBlockRec | null;
  readonly isScript: boolean;
  /**
   * Called when a rule reads a document offset of these facts, or asks a question whose answer
   * depends on where code is in the module: the findings of the unit being dispatched then depend
   * on more than the facts' content (see sameAs and unitFindings.ts).
   */
  onPositionRead: (() => void) | undefined;
  readonly configuresLogging: boolean;
  /** Some call emits a log record through a logger or the logging module. */
  readonly emitsLogRecords: boolean;
  readonly checkedHelpers: ReadonlySet<string>;

  constructor(
    units: UnitRef[],
    text: string,
    relativePath: string | undefined,
    wrappers: WrapperNames,
    private readonly known: KnownNames,
  ) {
    let importsLogging = false;
    let loggingAlias: string | null = null;
    let main: ModuleFacts['main'] = null;
    // Indexed loops: the facts read every unit of every file, most of them holding nothing here.
    for (let u = 0; u < units.length; u++) {
      const { base, model } = units[u];
      for (let i = 0; i < model.imports.length; i++) {
        const imp = model.imports[i];
        if (imp.local === '*') {
          this.starModules.push(imp.qualified);
        } else {
          let table = this.bindings;
          if (imp.scope) {
            let local = this.localBindings.get(imp.scope);
            if (!local) this.localBindings.set(imp.scope, (local = new Map()));
            table = local;
          }
          const list = table.get(imp.local);
          if (list) {
            if (!list.includes(imp.qualified)) list.push(imp.qualified);
          } else table.set(imp.local, [imp.qualified]);
        }
        if (imp.qualified === 'logging' || imp.qualified.startsWith('logging.')) importsLogging = true;
        if (imp.moduleLevel) this.imports.push({ local: imp.local, qualified: imp.qualified, s: base + imp.span.s, e: base + imp.span.e });
        if (imp.moduleLevel && !imp.qualified.includes('.') && !imp.qualified.startsWith('.')) {
          const prev = this.moduleAliases.get(imp.qualified);
          if (prev === undefined || imp.local === imp.qualified) {
            this.moduleAliases.set(imp.qualified, imp.local);
            if (imp.qualified === 'logging') loggingAlias = imp.local;
          }
        }
      }
      for (let i = 0; i < model.moduleDefs.length; i++) this.moduleDefs.add(model.moduleDefs[i]);
      for (let i = 0; i < model.assigns.length; i++) {
        const a = model.assigns[i];
        if (a.kind !== 'built-string') continue;
        let list = this.builtStrings.get(a.scope);
        if (!list) this.builtStrings.set(a.scope, (list = []));
        list.push({ name: a.target, pos: base + a.span.s });
      }
      if (model.main && !main)
        main = { ...model.main, header: shift(model.main.header, base), firstStatement: base + model.main.firstStatement };
    }
    this.importsLogging = importsLogging;
    this.loggingAlias = loggingAlias;
    this.mainBlock = main;
    this.isScript = main !== null || text.startsWith('#!') || /(^|\/)__main__\.py$/.test(relativePath ?? '');
    this.configuredLoggers = namesOf(wrappers.loggers);
    this.loggingFunctions = namesOf(wrappers.loggingFunctions);
    this.checkedHelpers = namesOf(wrappers.checkedSubprocessHelpers);

    // Second pass: bindings made by calls (loggers, Popen objects, sessions) and logging configuration.
    let moduleLogger: string | null = null;
    let moduleLoggerAt = -1;
    let configures = false;
    for (let u = 0; u < units.length; u++) {
      const { base, model } = units[u];
      for (let i = 0; i < model.calls.length; i++) {
        const c = model.calls[i];
        if (c.boundTo && (c.use === 'assign' || c.use === 'with')) {
          const q = this.resolveCallee(c);
          if (q.includes('logging.getLogger')) {
            this.addLoggerBinding(c, c.boundTo);
            if (c.moduleLevel && !c.boundTo.includes('.') && (moduleLogger === null || /logger/i.test(c.boundTo))) {
              moduleLogger = c.boundTo;
              moduleLoggerAt = base + c.span.s;
            }
          } else if (q.includes('subprocess.Popen')) {
            this.bind('popen', c, c.boundTo);
          } else if (q.some((n) => n === 'requests.Session' || n === 'requests.session')) {
            this.bind('session', c, c.boundTo);
          } else if (q.includes('httpx.Client') || q.includes('httpx.AsyncClient')) {
            this.bind('httpxSession', c, c.boundTo);
          } else if (q.includes('pathlib.Path') && c.use === 'assign') {
            this.bind('path', c, c.boundTo);
          } else {
            const kind = followedObjectOf(q);
            if (kind) this.bind(kind, c, c.boundTo);
          }
        }
        if (!configures && this.configuresLogging_(c)) configures = true;
      }
    }
    this.moduleLogger = moduleLogger;
    this.loggerAt = moduleLoggerAt;
    this.configuresLogging = configures;
    let emits = false;
    outer: for (let u = 0; u < units.length; u++) {
      const calls = units[u].model.calls;
      for (let i = 0; i < calls.length; i++) {
        const c = calls[i];
        if (LOG_METHODS.has(c.tail) && this.loggerKind(c) !== null) {
          emits = true;
          break outer;
        }
      }
    }
    this.emitsLogRecords = emits;
  }

  /** Module-level imports (conditional ones too), in document order, with absolute spans. */
  get moduleImports(): readonly ModuleImport[] {
    this.onPositionRead?.();
    return this.imports;
  }

  /** The absolute start of the call that binds moduleLogger (-1 without one). */
  get moduleLoggerAt(): number {
    this.onPositionRead?.();
    return this.loggerAt;
  }

  /** The `if __name__ == "__main__":` block, in document offsets. */
  get main(): MainBlockRec | null {
    this.onPositionRead?.();
    return this.mainBlock;
  }

  /**
   * Whether every question a rule can ask of these facts about a unit gets the same answer as
   * from `other`, positions aside (those are reported through onPositionRead). Facts kept per
   * function scope are left out: a scope belongs to one unit, and only that unit's records ask
   * about it, so they matter only to units whose findings are found again anyway.
   */
  sameAs(other: ModuleFacts): boolean {
    return (
      this.importsLogging === other.importsLogging &&
      this.loggingAlias === other.loggingAlias &&
      this.moduleLogger === other.moduleLogger &&
      this.isScript === other.isScript &&
      this.configuresLogging === other.configuresLogging &&
      this.emitsLogRecords === other.emitsLogRecords &&
      this.known === other.known &&
      sameLists(this.starModules, other.starModules) &&
      sameSets(this.moduleDefs, other.moduleDefs) &&
      sameSets(this.loggerNames, other.loggerNames) &&
      sameSets(this.configuredLoggers, other.configuredLoggers) &&
      sameSets(this.loggingFunctions, other.loggingFunctions) &&
      sameSets(this.checkedHelpers, other.checkedHelpers) &&
      sameMaps(this.moduleAliases, other.moduleAliases, (a, b) => a === b) &&
      sameMaps(this.bindings, other.bindings, sameLists) &&
      BOUND_KINDS.every((kind) => sameModuleLevel(this.boundNames.get(kind), other.boundNames.get(kind)))
    );
  }

  /** Records that `target` is bound to an object of this kind by call `c` (`self.x` at module level). */
  private bind(kind: BoundKind, c: CallRec, target: string): void {
    let names = this.boundNames.get(kind);
    if (!names) this.boundNames.set(kind, (names = new Map()));
    addTo(names, target.startsWith('self.') ? null : c.scope, target);
  }

  /** Whether a method's receiver is a name bound to an object of this kind, in the call's scope or at module level. */
  private isBound(kind: BoundKind, c: CallRec, receiver: string): boolean {
    const names = this.boundNames.get(kind);
    return names !== undefined && (has(names, c.scope, receiver) || has(names, null, receiver));
  }

  private addLoggerBinding(c: CallRec, target: string): void {
    this.loggerNames.add(target);
    // A class attribute logger is reached through self/cls in methods.
    if (c.classLevel && !target.includes('.')) {
      this.loggerNames.add(`self.${target}`);
      this.loggerNames.add(`cls.${target}`);
    }
  }

  private configuresLogging_(c: CallRec): boolean {
    if (CONFIGURE_METHODS.has(c.tail)) return true;
    if (CONFIGURE_HELPER.test(c.tail)) return true;
    return this.resolveCallee(c).some((q) => CONFIGURE_CALLS.has(q));
  }

  /**
   * Qualified names a dotted name may refer to (several when imported in alternative ways), as seen
   * from `scope` (a function's own imports first, then the module's).
   */
  resolve(dotted: string, scope: ScopeRec | null = null): string[] {
    const local = scope ? this.localBindings.get(scope) : undefined;
    const cacheKey = local ? scope : null;
    let cache = this.resolved.get(cacheKey);
    if (!cache) this.resolved.set(cacheKey, (cache = new Map()));
    const cached = cache.get(dotted);
    if (cached) return cached;
    const dot = dotted.indexOf('.');
    const head = dot === -1 ? dotted : dotted.slice(0, dot);
    const rest = dot === -1 ? '' : dotted.slice(dot);
    let out: string[] = [];
    const bound = local?.get(head) ?? this.bindings.get(head);
    if (bound) out = mapPacked(bound, (q) => q + rest);
    else if (!this.moduleDefs.has(head)) {
      if (this.known.builtins.has(head) && rest === '') out = [`builtins.${head}`];
      for (const m of this.starModules) if (this.known.starExports.get(m)?.has(head)) out.push(`${m}.${dotted}`);
    }
    cache.set(dotted, out);
    return out;
  }

  /** What a call's callee refers to; `Popen(...).wait` style receivers resolve through the inner call. */
  resolveCallee(c: CallRec): string[] {
    if (c.callee) return this.resolve(c.callee, c.scope);
    if (c.receiverCall) return mapPacked(this.resolve(c.receiverCall, c.scope), (q) => `${q}().${c.tail}`);
    return [];
  }

  calleeIs(c: CallRec, ...qualified: string[]): boolean {
    const names = this.resolveCallee(c);
    for (const q of qualified) if (names.includes(q)) return true;
    return false;
  }

  /** The logger a log-method call goes through: the root logger, a named logger, or null (not logging). */
  loggerKind(c: CallRec): LoggerKind | null {
    if (c.receiver === null) {
      if (c.receiverCall) return this.resolve(c.receiverCall, c.scope).includes('logging.getLogger') ? 'logger' : null;
      if (c.callee && this.resolve(c.callee, c.scope).includes(`logging.${c.tail}`)) return 'root';
      return null;
    }
    const r = c.receiver;
    // `logging = logging.getLogger("app")` rebinds the module's name to a logger.
    if (this.loggerNames.has(r)) return 'logger';
    if (this.resolve(r, c.scope).includes('logging')) return 'root';
    if (this.loggerNames.has(r) || this.configuredLoggers.has(r)) return 'logger';
    const head = r.split('.')[0];
    if (this.importsLogging && !this.bindings.has(head) && LOGGER_NAME.test(r.slice(r.lastIndexOf('.') + 1))) return 'logger';
    return null;
  }

  /** A call that reports through logging (any logger method, or a configured logging function). */
  isLoggingCall(c: CallRec): boolean {
    if (LOG_METHODS.has(c.tail) && this.loggerKind(c) !== null) return true;
    if (this.loggingFunctions.size === 0 || c.callee === null) return false;
    return this.loggingFunctions.has(c.callee) || this.resolve(c.callee, c.scope).some((q) => this.loggingFunctions.has(q));
  }

  isPopen(c: CallRec): boolean {
    if (c.receiverCall) return this.resolve(c.receiverCall, c.scope).includes('subprocess.Popen');
    if (!c.receiver) return false;
    return this.isBound('popen', c, c.receiver);
  }

  /** The HTTP library of the session object a method is called on, or null. */
  sessionLibrary(c: CallRec): 'requests' | 'httpx' | null {
    if (c.receiverCall) {
      const q = this.resolve(c.receiverCall, c.scope);
      if (q.includes('requests.Session') || q.includes('requests.session')) return 'requests';
      return q.includes('httpx.Client') || q.includes('httpx.AsyncClient') ? 'httpx' : null;
    }
    if (!c.receiver) return null;
    if (this.isBound('session', c, c.receiver)) return 'requests';
    if (this.isBound('httpxSession', c, c.receiver)) return 'httpx';
    return null;
  }

  /** Whether a method is called on a `pathlib.Path`: `Path(p).read_text()`, or a name bound to `Path(...)`. */
  isPathReceiver(c: CallRec): boolean {
    if (c.receiverCall) return this.resolve(c.receiverCall, c.scope).includes('pathlib.Path');
    if (!c.receiver) return false;
    return this.isBound('path', c, c.receiver);
  }

  /**
   * Whether a method is called on an object of this kind: made by the call before it
   * (`Connection(host).run`), or bound to a name by assignment or `with ... as name`.
   */
  isFollowedObject(c: CallRec, kind: FollowedObject): boolean {
    if (c.receiverCall) return followedObjectOf(this.resolve(c.receiverCall, c.scope)) === kind;
    if (!c.receiver) return false;
    return this.isBound(kind, c, c.receiver);
  }

  /** Whether `name` was assigned an assembled string earlier (before `pos`) in the same scope. */
  isBuiltStringVariable(name: string, scope: ScopeRec | null, pos: number): boolean {
    // Module-level assignments may be in other units: the answer depends on where they are.
    if (scope === null) this.onPositionRead?.();
    return this.builtStrings.get(scope)?.some((b) => b.name === name && b.pos < pos) ?? false;
  }

  /** The module-level name bound to `module` by a plain import, or null. */
  moduleAlias(module: string): string | null {
    return this.moduleAliases.get(module) ?? null;
  }

  /** Whether a module-level def or class statement binds `name`. */
  isModuleDef(name: string): boolean {
    return this.moduleDefs.has(name);
  }

  /** Whether a name is bound to anything by an import (used to avoid name clashes in fixes). */
  isImported(name: string): boolean {
    return this.bindings.has(name);
  }
}

/** A module-level import, with absolute offsets. */
export interface ModuleImport {
  local: string;
  qualified: string;
  s: number;
  e: number;
}

function sameLists(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameSets(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function sameMaps<V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>, same: (x: V, y: V) => boolean): boolean {
  if (a.size !== b.size) return false;
  for (const [key, x] of a) {
    const y = b.get(key);
    if (y === undefined || !same(x, y)) return false;
  }
  return true;
}

function sameModuleLevel(a: Map<ScopeRec | null, Set<string>> | undefined, b: Map<ScopeRec | null, Set<string>> | undefined): boolean {
  return sameSets(a?.get(null) ?? NO_NAMES, b?.get(null) ?? NO_NAMES);
}

/** The names of a wrapper list (the one empty set when there are none, as in most configurations). */
function namesOf(list: readonly string[]): ReadonlySet<string> {
  return list.length === 0 ? NO_NAMES : new Set(list);
}

/** The kind of object a call with these qualified names makes, or null. */
function followedObjectOf(qualified: readonly string[]): FollowedObject | null {
  for (const [kind, makers] of Object.entries(FOLLOWED_OBJECTS) as [FollowedObject, readonly string[]][]) {
    if (qualified.some((q) => makers.includes(q))) return kind;
  }
  return null;
}

function shift(span: Span, by: number): Span {
  return { s: span.s + by, e: span.e + by };
}

function addTo(map: Map<ScopeRec | null, Set<string>>, key: ScopeRec | null, name: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(name);
}

function has(map: Map<ScopeRec | null, Set<string>>, key: ScopeRec | null, name: string): boolean {
  return map.get(key)?.has(name) ?? false;
}
