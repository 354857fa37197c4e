// Findings kept per unit across the analyses of one document, so that re-analysis after an edit
// runs the rules only on the units the edit touched. A unit's findings are a function of its
// model (reused by the unit cache while the unit's text is unchanged), the module facts and the
// text around it; they are kept when, while the unit was dispatched, the rules read nothing of
// the document but its records and the facts (see RuleContext.tracking), and found again when:
// - the module facts changed (sameAs; an import, a module logger, `__main__`...): every unit;
// - the rules read a position (of an import, the main block...) or text beyond the unit other
//   than uses of names: that unit, always (it is not kept);
// - the rules looked up uses of a name beyond the unit (`r = run(...)` at module level and a later
//   `r.returncode`): that unit, when the edit's text holds the name, or the unit moved among the
//   units, or its text occurs twice.
// Findings are kept relative to their unit; fixes are built later (FixBuilder) in the context of
// the analysis that reports them, so kept findings never carry another analysis's offsets. The
// notes rules left for their document() pass (RuleContext.note) are kept and brought back with them.
import type { ModuleFacts, UnitRef } from './facts';
import type { UnitModel } from './model';
import type { DraftFinding, DraftFix, FixBuilder, KeptFindingRef, LeftNote, NoteKind, RuleImpl, UnitDependencies } from './rule';

/** A unit's finding relative to the unit's start. */
interface KeptFinding extends KeptFindingRef {
  rule: RuleImpl;
  s: number;
  e: number;
  message: string;
  fix?: DraftFix | FixBuilder;
}

/** A note left while the unit was dispatched (its value is in the unit's coordinates). */
interface KeptNote {
  kind: NoteKind<unknown>;
  value: unknown;
}

interface KeptUnit {
  findings: KeptFinding[];
  /** null: none. */
  notes: KeptNote[] | null;
  /** Names whose uses beyond the unit the rules looked up (null: none). */
  names: string[] | null;
  /** The unit's index among the document's units when its findings were found (names only). */
  index: number;
}

/** What the edits between two analyses replaced: old text [start, oldEnd) by new text [start, newEnd). */
interface ChangedRegion {
  start: number;
  oldEnd: number;
  newEnd: number;
  oldText: string;
}

/** How far around an edit the text is searched for a name (uses look ahead for `.attr`, back for the line). */
const NAME_MARGIN = 300;

export class UnitFindings {
  /**
   * What the previous analysis found per unit model (what this one may reuse), and what this one
   * reused or found, kept for the next: no maps until a second analysis keeps something (most
   * documents are analysed once).
   */
  private kept: Map<UnitModel, KeptUnit> | null = null;
  private next: Map<UnitModel, KeptUnit> | null = null;
  private facts: ModuleFacts | undefined;
  private rules: readonly RuleImpl[] | undefined;
  private eol = '';
  private text = '';
  private previousText = '';
  private units: readonly UnitRef[] = [];
  /** How often each model occurs among this analysis's units (counted when needed). */
  private counts: Map<UnitModel, number> | undefined;
  /** The region the edits since the previous analysis replaced (computed when needed; null: none). */
  private changed: ChangedRegion | null | undefined;
  private analyses = 0;

  /**
   * Starts an analysis: forgets everything when the rules, the line break or the module facts
   * changed. Returns whether findings are kept at all (not on a document's first analysis: most
   * documents are analysed once, and keeping costs time).
   */
  begin(rules: readonly RuleImpl[], facts: ModuleFacts, text: string, eol: string, units: readonly UnitRef[]): boolean {
    const valid = this.facts !== undefined && sameRules(this.rules!, rules) && this.eol === eol && facts.sameAs(this.facts);
    if (!valid) this.kept = null;
    this.facts = facts;
    this.rules = rules;
    this.eol = eol;
    this.previousText = this.text;
    this.text = text;
    this.units = units;
    this.next = null;
    this.counts = undefined;
    this.changed = this.previousText === text ? null : undefined;
    return this.analyses++ > 0;
  }

  /**
   * Pushes the kept findings of unit `index` (at `base`) into `out`, and its notes into `notes`;
   * false when there are none to reuse.
   */
  replay(model: UnitModel, index: number, base: number, out: DraftFinding[], notes: LeftNote[]): boolean {
    const unit = this.kept?.get(model);
    if (!unit) return false;
    if (unit.names && !this.namesUnchanged(unit, model, index)) return false;
    for (const f of unit.findings) out.push({ rule: f.rule, s: f.s + base, e: f.e + base, message: f.message, base, fix: f.fix, kept: f });
    if (unit.notes) for (const n of unit.notes) notes.push({ kind: n.kind, base, value: n.value });
    (this.next ??= new Map()).set(model, unit);
    return true;
  }

  /** Keeps the findings `found[from..]` and notes `left[notesFrom..]` of unit `index` at `base`, found with `deps`. */
  keep(
    model: UnitModel,
    index: number,
    base: number,
    found: readonly DraftFinding[],
    from: number,
    left: readonly LeftNote[],
    notesFrom: number,
    deps: UnitDependencies,
  ): void {
    if (deps.opaque) return;
    const names = deps.names.size > 0 ? [...deps.names] : null;
    if (names && this.occurrences(model) > 1) return;
    const findings: KeptFinding[] = [];
    for (let i = from; i < found.length; i++) {
      const f = found[i];
      findings.push({ rule: f.rule, s: f.s - base, e: f.e - base, message: f.message, fix: f.fix });
    }
    let notes: KeptNote[] | null = null;
    for (let i = notesFrom; i < left.length; i++) (notes ??= []).push({ kind: left[i].kind, value: left[i].value });
    (this.next ??= new Map()).set(model, { findings, notes, names, index });
  }

  /** Ends the analysis: what was reused or found in it is what the next one may reuse. */
  end(): void {
    this.kept = this.next;
    this.next = null;
    this.units = [];
    this.previousText = '';
  }

  private namesUnchanged(unit: KeptUnit, model: UnitModel, index: number): boolean {
    if (index !== unit.index || this.occurrences(model) > 1) return false;
    const changed = this.changedRegion();
    if (!changed) return true;
    const { start, oldEnd, newEnd, oldText } = changed;
    return unit.names!.every((name) => !within(oldText, name, start, oldEnd) && !within(this.text, name, start, newEnd));
  }

  /** How often a unit's model occurs among the document's units (identical statements share one). */
  private occurrences(model: UnitModel): number {
    if (!this.counts) {
      this.counts = new Map();
      for (const u of this.units) this.counts.set(u.model, (this.counts.get(u.model) ?? 0) + 1);
    }
    return this.counts.get(model) ?? 0;
  }

  /** The region the edits since the previous analysis replaced (common prefix and suffix left out). */
  private changedRegion(): ChangedRegion | null {
    if (this.changed !== undefined) return this.changed;
    const a = this.previousText;
    const b = this.text;
    const max = Math.min(a.length, b.length);
    let start = 0;
    while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
    let suffix = 0;
    while (suffix < max - start && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
    this.changed = { start, oldEnd: a.length - suffix, newEnd: b.length - suffix, oldText: a };
    return this.changed;
  }
}

/** Whether `name` occurs in text overlapping [start, end) widened by NAME_MARGIN. */
function within(text: string, name: string, start: number, end: number): boolean {
  const from = Math.max(0, start - NAME_MARGIN - name.length);
  const at = text.indexOf(name, from);
  return at !== -1 && at < end + NAME_MARGIN;
}

function sameRules(a: readonly RuleImpl[], b: readonly RuleImpl[]): boolean {
  return a.length === b.length && a.every((rule, i) => rule === b[i]);
}
