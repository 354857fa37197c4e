// What a rule is, and the context it reports through.
import type { LineIndex } from '../python/lineIndex';
import type { ModuleFacts } from './facts';
import type { AssignRec, CallRec, HandlerRec, RaiseRec, ScopeRec } from './model';
import type { RuleMeta } from './types';

/** An edit in absolute offsets of the analysed text. */
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

export interface DraftFinding {
  rule: RuleImpl;
  s: number;
  e: number;
  message: string;
  fix?: DraftFix;
}

/** A top-level statement of the module (for choosing where inserted imports go). */
export interface TopStatement {
  type: string;
  s: number;
  e: number;
}

/**
 * A rule: metadata plus handlers for the record kinds it looks at. The engine calls each handler
 * once per record, in document order; `document` runs once after all records.
 */
export interface RuleImpl {
  readonly meta: RuleMeta;
  /** The message when a handler does not give a more specific one. */
  readonly message: string;
  call?(c: CallRec, cx: RuleContext): void;
  handler?(h: HandlerRec, cx: RuleContext): void;
  raise?(r: RaiseRec, cx: RuleContext): void;
  assign?(a: AssignRec, cx: RuleContext): void;
  document?(cx: RuleContext): void;
}

export class RuleContext {
  /** Start of the unit whose records are being dispatched; record spans are relative to it. */
  base = 0;
  rule: RuleImpl | undefined;
  readonly findings: DraftFinding[] = [];

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly facts: ModuleFacts,
    readonly top: readonly TopStatement[],
  ) {}

  abs(rel: number): number {
    return rel + this.base;
  }

  /** The file's line break, for lines a fix adds: the one its first line ends with ("\n" when none). */
  get eol(): string {
    return /\r\n?|\n/.exec(this.text)?.[0] ?? '\n';
  }

  /** Report the current rule at absolute offsets [s, e). */
  report(s: number, e: number, fix?: DraftFix, message?: string): void {
    const rule = this.rule!;
    this.findings.push({ rule, s, e, message: message ?? rule.message, fix });
  }

  /** Absolute range of a function scope, or of the whole module. */
  scopeRange(scope: ScopeRec | null): [number, number] {
    return scope ? [scope.span.s + this.base, scope.span.e + this.base] : [0, this.text.length];
  }

  slice(relStart: number, relEnd: number): string {
    return this.text.slice(relStart + this.base, relEnd + this.base);
  }
}
