// Hands every record of every unit to the rules that read its kind, in document order, then runs
// the rules' document() handlers. One table says which handler reads which records: a new record
// kind is one row here, one field in model.ts and one case in walk.ts.
import type { UnitRef } from './facts';
import type { AssignRec, CallRec, HandlerRec, RaiseRec, UnitModel } from './model';
import type { RuleContext, RuleImpl, UnitDependencies } from './rule';
import type { UnitFindings } from './unitFindings';
import type { Vocabulary } from './vocabulary';

type ErrorSink = (error: unknown, context: string) => void;

/** Hands a unit's records of one kind to one rule; a record the rule throws on is reported and skipped. */
type UnitReader = (model: UnitModel, cx: RuleContext, onError: ErrorSink) => void;

/** How a rule reads one kind of record: null when it does not. */
type Reader = (rule: RuleImpl, detailSlot: number) => UnitReader | null;

/** Builds a reader for a record kind from where a unit's model keeps it and which handler reads it. */
function kind<R>(
  records: (m: UnitModel) => readonly R[],
  handler: (rule: RuleImpl) => ((record: R, cx: RuleContext, slot: number) => void) | undefined,
): Reader {
  return (rule, slot) => {
    const read = handler(rule);
    if (!read) return null;
    return (model, cx, onError) => {
      for (const record of records(model)) {
        try {
          read(record, cx, slot);
        } catch (err) {
          onError(err, `rule ${rule.meta.code}`);
        }
      }
    };
  };
}

/** The record kinds, in the order rules see them within a unit. */
const RECORD_KINDS: readonly Reader[] = [
  kind<CallRec>(
    (m) => m.calls,
    (r) => r.call && ((c, cx, slot) => r.call!(c, cx, slot >= 0 ? (c.details?.[slot] ?? null) : null)),
  ),
  kind<HandlerRec>(
    (m) => m.handlers,
    (r) => r.handler && ((h, cx) => r.handler!(h, cx)),
  ),
  kind<RaiseRec>(
    (m) => m.raises,
    (r) => r.raise && ((x, cx) => r.raise!(x, cx)),
  ),
  kind<AssignRec>(
    (m) => m.assigns,
    (r) => r.assign && ((a, cx) => r.assign!(a, cx)),
  ),
];

/**
 * Runs the rules on every unit's records, then their document() handlers. With `kept`, the
 * findings of units that did not change are taken from it instead (see unitFindings.ts).
 */
export function dispatch(
  rules: readonly RuleImpl[],
  vocabulary: Vocabulary,
  units: readonly UnitRef[],
  cx: RuleContext,
  onError: ErrorSink,
  kept?: UnitFindings,
): void {
  const readers: { rule: RuleImpl; read: UnitReader }[] = [];
  for (const read of RECORD_KINDS) {
    for (const rule of rules) {
      const slot = vocabulary.detailRules.findIndex((d) => d.rule === rule);
      const reader = read(rule, slot);
      if (reader) readers.push({ rule, read: reader });
    }
  }
  // A rule reading where module facts are makes the unit's findings depend on more than its text.
  cx.facts.onPositionRead = () => cx.readsOutside();
  for (let i = 0; i < units.length; i++) {
    const { base, model } = units[i];
    if (kept?.replay(model, i, base, cx.findings, cx.notes)) continue;
    cx.base = base;
    cx.unitEnd = i + 1 < units.length ? units[i + 1].base : Infinity;
    const from = cx.findings.length;
    const notesFrom = cx.notes.length;
    const deps: UnitDependencies | null = kept ? { opaque: false, names: new Set() } : null;
    cx.tracking = deps;
    const unitError: ErrorSink = deps
      ? (error, context) => {
          deps.opaque = true; // the error is reported again next time
          onError(error, context);
        }
      : onError;
    for (const { rule, read } of readers) {
      cx.rule = rule;
      read(model, cx, unitError);
    }
    cx.tracking = null;
    if (kept && deps) kept.keep(model, i, base, cx.findings, from, cx.notes, notesFrom, deps);
  }
  cx.base = 0;
  cx.unitEnd = Infinity;
  for (const rule of rules) {
    if (!rule.document) continue;
    cx.rule = rule;
    try {
      rule.document(cx);
    } catch (err) {
      onError(err, `rule ${rule.meta.code}`);
    }
  }
}
