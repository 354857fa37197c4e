// What a rule is: its catalog entry, what it reads of the code (its needs), handlers for the
// records it reads, and the context it reports through. See CONTRIBUTING.md, "Adding a rule".
import type { Node } from 'web-tree-sitter';
import type { HandlerTexts } from '../python/handlerClauses';
import type { LineIndex } from '../python/lineIndex';
import type { StringLiteral } from '../python/strings';
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
   * those modules made (sessions of "requests" and "httpx", loggers of "logging"): text that names
   * none of these modules is not parsed for these methods (see callsThatMatter). A configured
   * wrapper of a module counts as naming it (WRAPPED_MODULES: a configured logger is logging's).
   */
  readonly methodsOf?: readonly string[];
  /**
   * The calls that make the objects the rule reads its `methods` on (`requests.Session`: calls the
   * module facts follow to the names bound to them), when it reads its calls written with a
   * receiver (`x.get()`) only on those objects and on the modules themselves (`requests.get`,
   * its `calls` of a module of one name and its `methodsOf`). A document that makes none of these
   * objects (no call of such a name: see TextScan.makes) is then not parsed for such a call on any
   * other receiver (`module.params.get()`, `d["k"].get()`), nor on a plain name other than those
   * modules unless it may import one under another name (`import requests as r`).
   */
  readonly methodsOn?: readonly string[];
  /** Calls whose name matches, for names users choose (`setup_logging()`); callDetail() reads them too. */
  readonly callPattern?: RegExp;
  /**
   * Modules one of which a document must name for any of the rule's calls (`calls`, `methods`,
   * `callPattern`) to change a finding, on top of each call's own module and `methodsOf`: a rule
   * that reports only in a module that imports logging ("logging"). Elsewhere they are no reason
   * to parse (see callsThatMatter); a configured wrapper counts as naming its module.
   */
  readonly callsMatterWith?: readonly string[];
  /**
   * A loose test of a statement's text (or a class member's): the rule's calls (`calls`, `methods`,
   * `callPattern`; `handlerCalls` are recorded anyway) can change a finding only in a text it
   * accepts, so text it rejects is not parsed for them. It must accept every text in which one of
   * these calls could be reported (a secret-looking word, an environment read): a word in a string
   * or comment may count, a text wrongly rejected loses a finding. Called once per text at most.
   */
  readonly callsMatterIn?: TextGate;
  /**
   * A test of the arguments of one of the rule's calls (`open(p, "rb")`, `tempfile.TemporaryFile()`),
   * given the called name (without a receiver, an alias's original), each argument's text as the
   * parser splits them (see callArguments; asked only where the syntax is sure) and whether the
   * call is written with a receiver: the call can change a finding only where it accepts them, so
   * a statement whose such calls it all rejects is not parsed for them. It must accept the
   * arguments of every call the rule could report.
   */
  readonly argumentsMatter?: ArgumentGate;
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
  /**
   * For a rule with handler() or raise(): a loose test of a statement's text (or a class
   * member's) that accepts every text in which they could report (`except:` or BaseException,
   * `pass`, `raise`...), so a text with `except` that it rejects is not parsed for the rule. A
   * word in a string or comment may count; a text wrongly rejected loses a finding. Without one,
   * every text holding `except` is parsed for the rule.
   */
  readonly handlersMatterIn?: HandlerGate;
  /** String literals assigned to names this accepts (given the last part of the target: `cfg.token` -> "token"). */
  readonly stringAssignments?: (name: string) => boolean;
  /**
   * With stringAssignments: whether the rule may report a literal stored under such a name, from
   * the literal as written (its prefix, lower-cased, and body). The parse filter reads literals
   * from text whose syntax is sure and parses none for a literal this rejects; without it, every
   * literal stored under such a name is a reason to parse.
   */
  readonly reportsLiteral?: (literal: StringLiteral) => boolean;
}

/** A loose test of the text of one statement or class member (see RuleNeeds.callsMatterIn). */
export type TextGate = (text: string) => boolean;

/** A test of a call's arguments as written (see RuleNeeds.argumentsMatter). */
export type ArgumentGate = (name: string, args: readonly string[], receiver: boolean) => boolean;

/**
 * A rule's test of the text of one statement or class member for its handlers (see
 * RuleNeeds.handlersMatterIn). `read` gives the text's except clauses and raise statements, read
 * without a tree where its syntax is sure (see readHandlers), else null: it reads the text at most
 * once for all the gates, so ask it only when the words alone would say yes. A gate may say no
 * from what the text shows plainly (an except clause's header, its body's first token) without
 * reading it, where `sure()` says yes: the text's syntax is sure (its tokens are the tree's), or
 * the caller checks that once no gate says yes, and parses the text otherwise.
 */
export type HandlerGate = (text: string, read?: () => HandlerTexts | null, sure?: () => boolean) => boolean;

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

/**
 * Builds a fix when it is asked for (a quick fix, fix-all, `pyops check --fix`), not at every
 * analysis: most fixes are never looked at, and some read the whole module (where an import goes,
 * a free name for a logger). It gets the context of the analysis whose finding it fixes, with that
 * finding's unit as `base`; it must read everything through that argument, never through a context
 * captured when the finding was reported (findings are kept across analyses, see unitFindings.ts).
 */
export type FixBuilder = (cx: RuleContext) => DraftFix | null | undefined;

/** A finding in document offsets (the engine's, after mapping what a rule reported). */
export interface DraftFinding {
  rule: RuleImpl;
  s: number;
  e: number;
  message: string;
  /** Document offset of the unit the finding came from: the origin of its fix's edits. */
  base: number;
  /** The fix, in coordinates relative to `base`, or how to build it. */
  fix?: DraftFix | FixBuilder;
  /** The same finding as kept from an earlier analysis (see unitFindings.ts), to reuse what was made of it. */
  kept?: KeptFindingRef;
}

/** What an analysis made of a kept finding last time: the finding it reported, reused while nothing about it changed. */
export interface KeptFindingRef {
  made?: object;
}

export interface ReportOptions {
  /** The fix, or (better, when it takes work to build) a function that builds it when it is wanted. */
  fix?: DraftFix | FixBuilder;
  /** Instead of the rule's default message. */
  message?: string;
}

/**
 * What ties the findings of one unit to the rest of the document, recorded while its records are
 * dispatched (see unitFindings.ts): names looked up in text outside the unit, and whether the rules
 * read anything else outside it (text, lines, top-level statements, positions of module facts).
 */
export interface UnitDependencies {
  /** Read something outside the unit that cannot be checked cheaply: the findings are not kept. */
  opaque: boolean;
  /** Names whose uses were looked up in text beyond the unit. */
  names: Set<string>;
}

/**
 * A kind of note that a rule leaves, while a unit is dispatched, for its own document() pass (see
 * RuleContext.note). One object per kind; `T` is what a note holds.
 */
export class NoteKind<T> {
  /** Only ties the kind to its notes' type. */
  declare private readonly holds?: T;
}

/** A note left while a unit was dispatched, in the unit's coordinates, with the unit's document offset. */
export interface UnitNote<T> {
  readonly base: number;
  readonly value: T;
}

/** A note of some kind (how a RuleContext and the unit-findings cache hold them). */
export interface LeftNote {
  readonly kind: NoteKind<unknown>;
  readonly base: number;
  readonly value: unknown;
}

/** How much of a line before a position lineBefore() returns. */
const LINE_BEFORE = 120;

export class RuleContext {
  /**
   * Document offset of the unit whose records are being dispatched: the origin of every span a
   * handler sees and reports. 0 for document() handlers, which work in document offsets.
   */
  base = 0;
  /** Where the unit being dispatched ends at the latest (the next unit's start). */
  unitEnd = Infinity;
  /** While a unit whose findings may be kept is dispatched: what its findings depend on outside it. */
  tracking: UnitDependencies | null = null;
  rule: RuleImpl | undefined;
  readonly findings: DraftFinding[] = [];
  /** Notes rules left for their document() pass, unit by unit in document order (see note()). */
  readonly notes: LeftNote[] = [];
  /** Uses of names per scope, remembered for this analysis (see NameUseCache). */
  private nameUseCache: NameUseCache | undefined;

  constructor(
    private readonly source: string,
    /** The document's line index, made when first asked for (most files have no finding and need none). */
    private readonly lineIndex: () => LineIndex,
    readonly facts: ModuleFacts,
    /** The module's top-level statements (for choosing where inserted imports go). */
    private readonly topStatements: readonly TopStatement[],
    /** The document's syntax errors, in document offsets (found only when a rule asks). */
    private readonly findSyntaxErrors: () => readonly SyntaxErrorAt[] = () => [],
    /** The file's line break, for lines a fix adds (see lineBreakOf). */
    readonly eol = '\n',
  ) {}

  /** The whole text (document offsets). Reading it ties a unit's findings to the whole document. */
  get text(): string {
    this.readsOutside();
    return this.source;
  }

  get lines(): LineIndex {
    this.readsOutside();
    return this.lineIndex();
  }

  /** The module's top-level statements (for choosing where inserted imports go). */
  get top(): readonly TopStatement[] {
    this.readsOutside();
    return this.topStatements;
  }

  /** The document's syntax errors, in document offsets (found only when a rule asks). */
  syntaxErrors(): readonly SyntaxErrorAt[] {
    this.readsOutside();
    return this.findSyntaxErrors();
  }

  /** The unit being dispatched read something of the document beyond itself (see UnitDependencies). */
  readsOutside(): void {
    if (this.tracking) this.tracking.opaque = true;
  }

  private get nameUses(): NameUseCache {
    this.nameUseCache ??= new NameUseCache(this.source);
    return this.nameUseCache;
  }

  /** Forgets what this analysis remembered of name uses (the context is kept for fixes built later). */
  forgetNameUses(): void {
    this.nameUseCache = undefined;
  }

  /**
   * Leaves a note, in record coordinates, for a document() pass that reads the whole module (the
   * order of calls across functions...). Unlike reading the document from a unit, a note keeps the
   * unit's findings reusable: a unit whose findings are kept from an earlier analysis brings its
   * notes back with them, at its new offset.
   */
  note<T>(kind: NoteKind<T>, value: T): void {
    this.notes.push({ kind, base: this.base, value });
  }

  /** The notes of a kind, in the order they were left (units in document order). */
  notesOf<T>(kind: NoteKind<T>): UnitNote<T>[] {
    const out: UnitNote<T>[] = [];
    // A note of `kind` was left by note() with a T.
    for (const n of this.notes) if (n.kind === kind) out.push(n as UnitNote<T>);
    return out;
  }

  /** Reports the current rule at `at`, with an optional fix (both in record coordinates). */
  report(at: Span, options: ReportOptions = {}): void {
    const rule = this.rule!;
    const b = this.base;
    this.findings.push({ rule, s: at.s + b, e: at.e + b, message: options.message ?? rule.message, base: b, fix: options.fix });
  }

  /**
   * Builds a finding's fix (see FixBuilder) in this context, with edits in document offsets; also
   * maps an eager fix's edits.
   */
  buildFix(draft: DraftFinding): DraftFix | undefined {
    const fix = draft.fix;
    if (!fix) return undefined;
    let built: DraftFix | null | undefined;
    if (typeof fix === 'function') {
      const { base, rule, tracking } = this;
      this.base = draft.base;
      this.rule = draft.rule;
      this.tracking = null;
      try {
        built = fix(this);
      } finally {
        this.base = base;
        this.rule = rule;
        this.tracking = tracking;
      }
    } else built = fix;
    if (!built) return undefined;
    const b = draft.base;
    return { ...built, edits: built.edits.map((ed) => ({ s: ed.s + b, e: ed.e + b, text: ed.text })) };
  }

  /** Whether [s, e) in document offsets lies outside the unit being dispatched. */
  private outside(s: number, e: number): boolean {
    return s < this.base || e > this.unitEnd;
  }

  /** The source text of a span. */
  slice(span: Span): string {
    const s = span.s + this.base;
    const e = span.e + this.base;
    if (this.tracking && this.outside(s, e)) this.tracking.opaque = true;
    return this.source.slice(s, e);
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
    return scope ? scope.span : this.fromDocument(0, this.source.length);
  }

  /** Uses of `name` as a whole name within `span` (see usage.ts), at record coordinates. */
  uses(name: string, span: Span): NameUse[] {
    return this.findUses(name, span).map((u) => ({ ...u, pos: u.pos - this.base }));
  }

  /** Whether `name` occurs as a whole name within `span`. */
  mentions(name: string, span: Span): boolean {
    return this.findUses(name, span).length > 0;
  }

  private findUses(name: string, span: Span): NameUse[] {
    const s = span.s + this.base;
    const e = span.e + this.base;
    if (this.tracking && this.outside(s, e)) this.tracking.names.add(name);
    return this.nameUses.find(name, s, e);
  }

  /**
   * The text from the start of the line holding `pos` up to `pos`, at most LINE_BEFORE characters
   * of it (a rule looking at what precedes a name on a very long line would make it quadratic).
   */
  lineBefore(pos: number): string {
    const at = pos + this.base;
    const before = this.source.slice(Math.max(0, at - LINE_BEFORE), at);
    const line = before.slice(before.lastIndexOf('\n') + 1);
    if (this.tracking && this.outside(at - line.length, at)) this.tracking.opaque = true;
    return line;
  }
}
