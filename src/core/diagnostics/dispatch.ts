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

/** One kind of record: how many a unit's model holds, and how a rule reads them. */
interface RecordKind {
  count: (m: UnitModel) => number;
  reader: Reader;
}

/** Builds a record kind from where a unit's model keeps it and which handler reads it. */
function kind<R>(
  records: (m: UnitModel) => readonly R[],
  handler: (rule: RuleImpl) => ((record: R, cx: RuleContext, slot: number) => void) | undefined,
): RecordKind {
  const reader: Reader = (rule, slot) => {
    const read = handler(rule);
    if (!read) return null;
    return (model, cx, onError) => {
      const list = records(model);
      for (let i = 0; i < list.length; i++) {
        try {
          read(list[i], cx, slot);
        } catch (err) {
          onError(err, `rule ${rule.meta.code}`);
        }
      }
    };
  };
  return { count: (m) => records(m).length, reader };
}

/** The record kinds, in the order rules see them within a unit. */
const RECORD_KINDS: readonly RecordKind[] = [
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

/** A rule and how it reads one kind of record. */
interface RuleReader {
  rule: RuleImpl;
  read: UnitReader;
}

/** The rules that read one kind of record, in rule order. */
interface KindReaders {
  count: (m: UnitModel) => number;
  readers: RuleReader[];
}

/** The readers of the last rule set seen per vocabulary (they hold no state of an analysis). */
const readersByVocabulary = new WeakMap<Vocabulary, { rules: readonly RuleImpl[]; kinds: KindReaders[] }>();

/**
 * Which rules read which record kinds, in dispatch order (kinds without a reader left out). Made
 * once per vocabulary and rule set, not per analysis: a check of thousands of files would
 * otherwise make hundreds of closures for each.
 */
function readersOf(rules: readonly RuleImpl[], vocabulary: Vocabulary): KindReaders[] {
  const known = readersByVocabulary.get(vocabulary);
  if (known && sameRules(known.rules, rules)) return known.kinds;
  const kinds: KindReaders[] = [];
  for (const { count, reader } of RECORD_KINDS) {
    const readers: RuleReader[] = [];
    for (const rule of rules) {
      const slot = vocabulary.detailRules.findIndex((d) => d.rule === rule);
      const read = reader(rule, slot);
      if (read) readers.push({ rule, read });
    }
    if (readers.length > 0) kinds.push({ count, readers });
  }
  readersByVocabulary.set(vocabulary, { rules: [...rules], kinds });
  return kinds;
}

function sameRules(a: readonly RuleImpl[], b: readonly RuleImpl[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

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
  const kinds = readersOf(rules, vocabulary);
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
    // Most units hold no record of most kinds (a definition's name, an import): their readers are not called.
    for (let k = 0; k < kinds.length; k++) {
      if (kinds[k].count(model) === 0) continue;
      const readers = kinds[k].readers;
      for (let r = 0; r < readers.length; r++) {
        cx.rule = readers[r].rule;
        readers[r].read(model, cx, unitError);
      }
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
