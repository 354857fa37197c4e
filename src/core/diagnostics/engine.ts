// The analyzer: parse, build (or reuse) unit models, gather module facts, dispatch records to rules,
// then apply suppressions and turn offsets into LSP ranges.
import type { Parser } from 'web-tree-sitter';
import { ParsedDocument, type ContentChange, type ParseFilter, type SegmentedText } from '../python/document';
import type { LineIndex } from '../python/lineIndex';
import { needsNoTree } from './extract';
import { ModuleFacts, type UnitRef } from './facts';
import { RuleContext, type DraftEdit, type DraftFinding, type DraftFix, type RuleImpl } from './rule';
import { activeRules } from './ruleFilter';
import { RULE_IMPLS } from './rules';
import { coversRule, isSuppressed, parseSuppression, type LineSuppression } from './suppression';
import { fileSuppression, pyopsComments, type FileSuppression } from './suppressionComments';
import { SuppressionUsage, unusedSuppressions } from './unusedSuppressions';
import type { EngineConfig, Finding, Fix, Severity } from './types';
import { UnitCache } from './units';

/** Receives errors thrown by a rule (a bug): the rule's finding is lost, the analysis goes on. */
export type ErrorSink = (error: unknown, context: string) => void;

export class Engine {
  private readonly caches = new WeakMap<SegmentedText, UnitCache>();

  constructor(
    private readonly parser: Parser,
    private readonly onError: ErrorSink,
    /** Which text is left unparsed; the tests pass one that parses everything, to compare. */
    private readonly parseFilter: ParseFilter = needsNoTree,
  ) {}

  open(text: string): ParsedDocument {
    return new ParsedDocument(this.parser, text, this.parseFilter);
  }

  analyze(doc: SegmentedText, config: EngineConfig, relativePath?: string): Finding[] {
    if (!doc.parsed) return [];
    const active = activeRules(RULE_IMPLS, config, relativePath);
    if (active.length === 0) return [];
    const comments = pyopsComments(doc.text);
    const wholeFile = fileSuppression(comments);
    // `# pyops: ignore-file`: nothing to report, unless unused suppressions are (then it may be unused).
    if (wholeFile?.all && !config.reportUnusedSuppressions) return [];
    let cache = this.caches.get(doc);
    if (!cache) this.caches.set(doc, (cache = new UnitCache(this.parser)));
    const text = doc.text;
    const model = cache.build(doc.segments, text);
    const facts = new ModuleFacts(model.units, text, relativePath, config.wrappers);
    const cx = new RuleContext(text, doc.lines, facts, model.top);
    this.dispatch(
      active.map((a) => a.rule),
      model.units,
      cx,
    );
    const severity = new Map<RuleImpl, Severity>(active.map((a) => [a.rule, a.severity]));
    const usage = new SuppressionUsage();
    const findings = this.finish(cx.findings, doc.lines, severity, wholeFile, usage);
    if (!config.reportUnusedSuppressions || comments.length === 0) return findings;
    const activeCodes = new Set(active.map((a) => a.rule.meta.code));
    const unused = unusedSuppressions(text, doc.lines, comments, usage, RULE_IMPLS.map((r) => r.meta), activeCodes);
    return [...findings, ...unused].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  private dispatch(rules: RuleImpl[], units: UnitRef[], cx: RuleContext): void {
    const onCall = rules.filter((r) => r.call);
    const onHandler = rules.filter((r) => r.handler);
    const onRaise = rules.filter((r) => r.raise);
    const onAssign = rules.filter((r) => r.assign);
    for (const { base, model } of units) {
      cx.base = base;
      for (const r of onCall) {
        cx.rule = r;
        for (const c of model.calls) {
          try {
            r.call!(c, cx);
          } catch (err) {
            this.onError(err, `rule ${r.meta.code}`);
          }
        }
      }
      for (const r of onHandler) {
        cx.rule = r;
        for (const h of model.handlers) {
          try {
            r.handler!(h, cx);
          } catch (err) {
            this.onError(err, `rule ${r.meta.code}`);
          }
        }
      }
      for (const r of onRaise) {
        cx.rule = r;
        for (const x of model.raises) {
          try {
            r.raise!(x, cx);
          } catch (err) {
            this.onError(err, `rule ${r.meta.code}`);
          }
        }
      }
      for (const r of onAssign) {
        cx.rule = r;
        for (const a of model.assigns) {
          try {
            r.assign!(a, cx);
          } catch (err) {
            this.onError(err, `rule ${r.meta.code}`);
          }
        }
      }
    }
    cx.base = 0;
    for (const r of rules) {
      if (!r.document) continue;
      cx.rule = r;
      try {
        r.document(cx);
      } catch (err) {
        this.onError(err, `rule ${r.meta.code}`);
      }
    }
  }

  private finish(drafts: DraftFinding[], lines: LineIndex, severity: Map<RuleImpl, Severity>, wholeFile: FileSuppression | null, usage: SuppressionUsage): Finding[] {
    const suppressions = new Map<number, LineSuppression | null>();
    const out: Finding[] = [];
    const seen = new Set<string>();
    drafts.sort((a, b) => a.s - b.s || a.e - b.e);
    for (const d of drafts) {
      const start = lines.positionAt(d.s);
      const meta = d.rule.meta;
      if (wholeFile && coversRule(wholeFile.all, wholeFile.names, meta)) {
        usage.file.add(meta.code);
        continue;
      }
      let sup = suppressions.get(start.line);
      if (sup === undefined) suppressions.set(start.line, (sup = parseSuppression(lines.lineText(start.line))));
      if (sup && isSuppressed(sup, meta)) {
        if (sup.pyops && coversRule(sup.pyops.all, sup.pyops.names, meta)) usage.line(start.line, meta.code);
        continue;
      }
      const key = `${d.rule.meta.code}:${d.s}:${d.e}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const finding: Finding = {
        code: d.rule.meta.code,
        name: d.rule.meta.name,
        message: d.message,
        range: { start, end: lines.positionAt(d.e) },
        severity: severity.get(d.rule) ?? d.rule.meta.defaultSeverity,
      };
      if (d.fix) finding.fix = toFix(d.fix, lines);
      out.push(finding);
    }
    return out;
  }
}

function toFix(draft: DraftFix, lines: LineIndex): Fix {
  const fix: Fix = {
    title: draft.title,
    safe: draft.safe,
    edits: draft.edits.map((e: DraftEdit) => ({ range: { start: lines.positionAt(e.s), end: lines.positionAt(e.e) }, newText: e.text })),
  };
  if (draft.placeholder !== undefined) fix.placeholder = draft.placeholder;
  return fix;
}

export type { ContentChange };
