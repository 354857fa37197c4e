// The per-unit semantic model the single tree walk produces and the rules read.
// Offsets in a unit's records are relative to the unit's start, so a unit's model can be reused
// unchanged when an edit elsewhere shifts it (see units.ts).

/** A half-open offset range [s, e) relative to the unit start. */
export interface Span {
  s: number;
  e: number;
}

export interface ScopeRec {
  kind: 'function' | 'lambda';
  /** Dotted name inside the unit, e.g. "Deployer.run" ("<lambda>" for lambdas). */
  name: string;
  span: Span;
}

export interface HandlerRec {
  span: Span;
  /** `except ...` up to the end of the type and alias: where findings about the handler point. */
  header: Span;
  /** `except:` with no type. */
  bare: boolean;
  /** Caught types as written ("Exception", "subprocess.CalledProcessError"); "?" for expressions. */
  typeNames: string[];
  /** Types caught by the earlier except clauses of the same try statement. */
  earlierTypes: string[];
  /** End of the type expression, where ` as err` goes (-1 when bare). */
  typeEnd: number;
  alias: string | null;
  body: Span;
  /** The body only passes/continues (docstrings and `...` allowed). */
  passOnly: boolean;
  /** Holds a raise statement in the same function scope. */
  raises: boolean;
  /** What those raise statements raise (see RaiseRec.exprName; "" for a bare `raise`). */
  raised: string[];
  /** Calls made in the handler's own scope (nested functions excluded). */
  calls: CallRec[];
  scope: ScopeRec | null;
  /** The clause contains a syntax error, or has no body (an IndentationError): judgments about its body are unreliable. */
  broken: boolean;
}

export interface RaiseRec {
  span: Span;
  handler: HandlerRec | null;
  scope: ScopeRec | null;
  exprKind: 'none' | 'call' | 'name' | 'other';
  /** The raised name, or the called name for `raise Error(...)`. */
  exprName: string;
  /** End of the raised expression (where ` from err` goes). */
  exprEnd: number;
  hasCause: boolean;
}

export interface ArgRec {
  kind: 'pos' | 'kw' | 'star' | 'dstar';
  /** Keyword name for `kw`, else "". */
  name: string;
  span: Span;
  value: Span;
  /** tree-sitter node type of the value. */
  valueType: string;
  /** The value is a string assembled from variables (f-string, %, +, .format, .join); only for command arguments. */
  built: boolean;
}

/** How a call's value is used by the code around it. */
export type CallUse = 'stmt' | 'assign' | 'with' | 'return' | 'arg' | 'attr' | 'other' | 'unknown';

export interface CallRec {
  span: Span;
  /** The callee as a dotted name without spaces ("sp.run"), or null for other callees (`f()()`). */
  callee: string | null;
  calleeSpan: Span;
  /** The called name: the last identifier of the callee. */
  tail: string;
  tailSpan: Span;
  /** The dotted receiver before `.tail`, or null. */
  receiver: string | null;
  receiverSpan: Span | null;
  /** When the receiver is itself a call (`logging.getLogger(x).info`), that call's dotted callee. */
  receiverCall: string | null;
  /** Arguments, or null when not collected (uninteresting callee, generator argument). */
  args: ArgRec[] | null;
  /** The parentheses, `(` to `)` inclusive. */
  argsSpan: Span | null;
  use: CallUse;
  /** The name or dotted target the result is bound to (`use` assign/with). */
  boundTo: string | null;
  /** The attribute read from the result (`use` attr), e.g. "stdout". */
  attrUse: string | null;
  scope: ScopeRec | null;
  handler: HandlerRec | null;
  /** Directly in a class body. */
  classLevel: boolean;
  /** At module level (not in a function or class). */
  moduleLevel: boolean;
  /** What enabled rules read of this call from the tree (see RuleImpl.callDetail), by rule slot; null when none did. */
  details: unknown[] | null;
}

export interface AssignRec {
  /**
   * `literal`: a string literal assigned to a name some rule asks about (RuleNeeds.stringAssignments);
   * `built-string`: a string built from variables assigned to a plain name (RuleNeeds.builtCommands).
   */
  kind: 'literal' | 'built-string';
  span: Span;
  target: string;
  targetSpan: Span;
  value: Span;
  scope: ScopeRec | null;
}

export interface ImportRec {
  /** The name bound in the module ("sp"), or "*" for a star import. */
  local: string;
  /** What it refers to ("subprocess", "os.path.join"). Relative imports start with ".". */
  qualified: string;
  moduleLevel: boolean;
  /** The function whose body holds the import (its bindings are local to it), or null. */
  scope: ScopeRec | null;
  span: Span;
}

export interface MainBlockRec {
  /** The `if __name__ == "__main__":` header. */
  header: Span;
  /** Start of the first statement of its body. */
  firstStatement: number;
  /** Indentation of that statement, or null when the body shares the header's line. */
  indent: string | null;
}

export interface UnitModel {
  calls: CallRec[];
  handlers: HandlerRec[];
  raises: RaiseRec[];
  assigns: AssignRec[];
  imports: ImportRec[];
  /** Names defined by module-level def/class statements (they shadow imports and builtins). */
  moduleDefs: string[];
  main: MainBlockRec | null;
  /** ERROR nodes in the unit; records inside them are dropped. */
  errorSpans: Span[];
}

/**
 * The empty lists of the models that are complete when made (a definition's name, a plain import):
 * one frozen array shared by all, rather than seven new ones for each of a check's many thousands.
 * Frozen, so that adding a record to such a model throws instead of adding it to all of them.
 */
const NONE = Object.freeze([]) as never[];

/** A model complete when made, holding only `fields` (see NONE); the walk's models use emptyModel. */
export function fixedModel(fields: Partial<UnitModel>): UnitModel {
  return {
    calls: fields.calls ?? NONE,
    handlers: fields.handlers ?? NONE,
    raises: fields.raises ?? NONE,
    assigns: fields.assigns ?? NONE,
    imports: fields.imports ?? NONE,
    moduleDefs: fields.moduleDefs ?? NONE,
    main: fields.main ?? null,
    errorSpans: fields.errorSpans ?? NONE,
  };
}

/** The model of a module-level definition of which only the name counts (see fixedModel). */
export function definitionModel(name: string): UnitModel {
  return { calls: NONE, handlers: NONE, raises: NONE, assigns: NONE, imports: NONE, moduleDefs: [name], main: null, errorSpans: NONE };
}

/** A model with no records; `fields` fills in what a unit without a walk still contributes. */
export function emptyModel(fields: Partial<UnitModel> = {}): UnitModel {
  return { calls: [], handlers: [], raises: [], assigns: [], imports: [], moduleDefs: [], main: null, errorSpans: [], ...fields };
}
