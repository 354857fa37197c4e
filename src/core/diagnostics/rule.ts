// What a rule is: its catalog entry, what it reads of the code (its needs), handlers for the
// records it reads, and the context it reports through. See CONTRIBUTING.md, "Adding a rule".
import type { Node } from 'web-tree-sitter';
import type { LineIndex } from '../python/lineIndex';
import type { SyntaxErrorAt } from '../python/syntaxErrors';
import type { TopStatement } from '../python/segments';
import type { ModuleFacts } from './facts';
import type { AssignRec, CallRec, HandlerRec, RaiseRec, ScopeRec, Span } from './model';
import type { RuleMeta } from './types';
import { NameUseCache, type NameUse } from './usage';

/**
 * What a rule reads, declared so that the walk records it and the "needs no tree" prefilter keeps
 * the text it is in (both are derived from every rule's needs, see vocabulary.ts). A call the rule
 * does not declare is not recorded unless another rule or the module facts ask for it, so a rule
 * run alone sees only what it declared: the "each rule alone" test holds every rule to this.
 */
export interface RuleNeeds {
  /**
   * Functions whose calls the rule reads, by qualified name ("subprocess.run", "builtins.open").
   * Their calls are recorded with their arguments wherever they are, and a star import of the
   * module (`from subprocess import *`) binds the name.
   */
  readonly calls?: readonly string[];
  /** Method names whose calls the rule reads on any receiver ("wait", "info"). */
  readonly methods?: readonly string[];
  /**
   * The modules the receivers of `methods` come from, when the rule reads them only on objects
   * those modules made (sessions of "requests" and "httpx"): text that names none of these modules
   * is not parsed for these methods (see absentCallNames).
   */
  readonly methodsOf?: readonly string[];
  /** Calls whose name matches, for names users choose (`setup_logging()`). */
  readonly callPattern?: RegExp;
  /**
   * Functions the rule reads only among the calls of an except clause (every call there is
   * recorded anyway): star imports bind them, but they are no reason to parse text.
   */
  readonly handlerCalls?: readonly string[];
  /** How the results of the rule's calls are used (CallRec.use, boundTo, attrUse). */
  readonly resultUse?: boolean;
  /**
   * Whether a command passed to the rule's calls is a string built from variables (ArgRec.built),
   * also through a variable assigned one earlier (ModuleFacts.isBuiltStringVariable).
   */
  readonly builtCommands?: boolean;
  /** Except clauses and raise statements (CallRec.handler and friends), even without a handler() method. */
  readonly handlers?: boolean;
  /** String literals assigned to names this accepts (given the last part of the target: `cfg.token` -> "token"). */
  readonly stringAssignments?: (name: string) => boolean;
}

/**
 * A call as the walk sees it in the tree, for a rule that reads more of it than its record keeps
 * (see RuleImpl.callDetail). Node offsets index `text`; `span()` gives the record's coordinates.
 */
export interface CallSite {
  readonly record: CallRec;
  readonly node: Node;
  /** Positional arguments, in order. */
  readonly positional: readonly Node[];
  /** The value of a keyword argument, or null. */
  keyword(name: string): Node | null;
  readonly text: string;
  /** A node's span relative to the unit, like every span in the records. */
  span(node: Node): Span;
  /** The source text of a span in record coordinates. */
  slice(span: Span): string;
}

/**
 * A rule: metadata, needs, and handlers for the record kinds it looks at. The engine calls each
 * handler once per record, in document order; `document` runs once after all records. Spans a
 * handler reports are in its records' coordinates (relative to their unit); the engine maps them.
 */
export interface RuleImpl<Detail = unknown> {
  readonly meta: RuleMeta;
  /** The message when a report does not give a more specific one. */
  readonly message: string;
  readonly needs?: RuleNeeds;
  /**
   * Reads rule-specific facts about one of the rule's calls from the tree while it is walked (the
   * tree is gone when handlers run); runs only while the rule is enabled. Its result is the
   * `detail` call() gets for that call.
   */
  callDetail?(site: CallSite): Detail | null;
  call?(c: CallRec, cx: RuleContext, detail: Detail | null): void;
  handler?(h: HandlerRec, cx: RuleContext): void;
  raise?(r: RaiseRec, cx: RuleContext): void;
  assign?(a: AssignRec, cx: RuleContext): void;
  document?(cx: RuleContext): void;
}

/** Declares a rule (the type parameter ties its callDetail to its call handler). */
export function defineRule<Detail>(rule: RuleImpl<Detail>): RuleImpl<Detail> {
  return rule;
}

/** An edit in the coordinates of the records a handler reads. */
export interface DraftEdit {
  s: number;
  e: number;
  text: string;
}

export interface DraftFix {
  title: string;
  safe: boolean;
  edits: DraftEdit[];
  /** See Fix.placeholder. */
  placeholder?: string;
}

/** A finding in document offsets (the engine's, after mapping what a rule reported). */
export interface DraftFinding {
  rule: RuleImpl;
  s: number;
  e: number;
  message: string;
  fix?: DraftFix;
}

export interface ReportOptions {
  fix?: DraftFix;
  /** Instead of the rule's default message. */
  message?: string;
}

/** How much of a line before a position lineBefore() returns. */
const LINE_BEFORE = 120;

export class RuleContext {
  /**
   * Document offset of the unit whose records are being dispatched: the origin of every span a
   * handler sees and reports. 0 for document() handlers, which work in document offsets.
   */
  base = 0;
  rule: RuleImpl | undefined;
  readonly findings: DraftFinding[] = [];
  /** Uses of names per scope, remembered for this analysis (see NameUseCache). */
  private readonly nameUses: NameUseCache;

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly facts: ModuleFacts,
    /** The module's top-level statements (for choosing where inserted imports go). */
    readonly top: readonly TopStatement[],
    /** The document's syntax errors, in document offsets (found only when a rule asks). */
    readonly syntaxErrors: () => readonly SyntaxErrorAt[] = () => [],
    /** The file's line break, for lines a fix adds (see lineBreakOf). */
    readonly eol = '\n',
  ) {
    this.nameUses = new NameUseCache(text);
  }

  /** Reports the current rule at `at`, with an optional fix (both in record coordinates). */
  report(at: Span, options: ReportOptions = {}): void {
    const rule = this.rule!;
    const b = this.base;
    const fix = options.fix && { ...options.fix, edits: options.fix.edits.map((ed) => ({ s: ed.s + b, e: ed.e + b, text: ed.text })) };
    this.findings.push({ rule, s: at.s + b, e: at.e + b, message: options.message ?? rule.message, fix });
  }

  /** The source text of a span. */
  slice(span: Span): string {
    return this.text.slice(span.s + this.base, span.e + this.base);
  }

  /** A document range [s, e) (an import, the module logger) in record coordinates. */
  fromDocument(s: number, e: number = s): Span {
    return { s: s - this.base, e: e - this.base };
  }

  /** The document offset of a position in record coordinates (to compare with module facts). */
  toDocument(pos: number): number {
    return pos + this.base;
  }

  /** The span of a function scope, or of the whole module. */
  scopeSpan(scope: ScopeRec | null): Span {
    return scope ? scope.span : this.fromDocument(0, this.text.length);
  }

  /** Uses of `name` as a whole name within `span` (see usage.ts), at record coordinates. */
  uses(name: string, span: Span): NameUse[] {
    return this.nameUses.find(name, span.s + this.base, span.e + this.base).map((u) => ({ ...u, pos: u.pos - this.base }));
  }

  /** Whether `name` occurs as a whole name within `span`. */
  mentions(name: string, span: Span): boolean {
    return this.nameUses.find(name, span.s + this.base, span.e + this.base).length > 0;
  }

  /**
   * The text from the start of the line holding `pos` up to `pos`, at most LINE_BEFORE characters
   * of it (a rule looking at what precedes a name on a very long line would make it quadratic).
   */
  lineBefore(pos: number): string {
    const at = pos + this.base;
    const before = this.text.slice(Math.max(0, at - LINE_BEFORE), at);
    return before.slice(before.lastIndexOf('\n') + 1);
  }
}
