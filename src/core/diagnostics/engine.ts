// The analyzer: parse, build (or reuse) unit models, gather module facts, dispatch records to rules,
// then apply suppressions and turn offsets into LSP ranges. CONTRIBUTING.md draws the data flow.
import type { Parser } from 'web-tree-sitter';
import { ParsedDocument, UnitCache, type ParseFilter, type SegmentedText } from '../python/segments';
import { lineBreakOf, type LineIndex } from '../python/lineIndex';
import { SyntaxErrorFinder, type SyntaxErrorAt } from '../python/syntaxErrors';
import { fileErrorFinding } from '../files/fileErrors';
import { dispatch } from './dispatch';
import { MAX_CHECKED_LENGTH, tooLargeReason } from './limits';
import { ModuleFacts, wrappedModules, type KnownNames } from './facts';
import { prefilter } from './prefilter';
import { RuleContext, type DraftEdit, type DraftFinding, type DraftFix, type RuleImpl } from './rule';
import { activeRules, type ActiveRule } from './ruleFilter';
import { RULE_IMPLS } from './rules';
import { coversRule, isSuppressed, parseSuppression, type LineSuppression } from './suppression';
import { fileSuppression, pyopsComments, type CommentAt, type FileSuppression } from './suppressionComments';
import type { UnitModel } from './model';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig, type Finding, type Fix, type Position, type Severity } from './types';
import { SuppressionUsage, unusedSuppressions } from './unusedSuppressions';
import { UnitFindings } from './unitFindings';
import { mapPacked } from './packed';
import { TextScanner, type TextScan } from './textScan';
import { callsThatMatter, vocabularyOf, type Vocabulary } from './vocabulary';
import { unitReader } from './walk';

/** Receives errors thrown by a rule (a bug): the rule's finding is lost, the analysis goes on. */
export type ErrorSink = (error: unknown, context: string) => void;

/** What the engine leaves unparsed by default: text in which no registered rule can find anything. */
export const needsNoTree: ParseFilter = prefilter(vocabularyOf(RULE_IMPLS));

/**
 * What the engine keeps of a document between its analyses: one object per document, held by the
 * document (SegmentedText.analysisState) so that it is freed with it. Kept in a WeakMap keyed by
 * documents, a short-lived document's state (which refers back to the document) survived every
 * young-generation collection until V8's next full one: on Debian's ansible collections half of
 * what a check allocated was copied and promoted that way, and GC pauses were 30% longer.
 */
interface DocumentState {
  cache?: UnitCache<UnitModel>;
  syntaxErrorFinder?: SyntaxErrorFinder;
  /** Findings per unit, kept across the analyses of a document (see unitFindings.ts). */
  unitFindings?: UnitFindings;
  /** What its modules and aliases are: the last reading, carried across its edits. */
  textScan?: TextScan;
  /** Its parse filter, and the scan and wrapped modules it was chosen for (see parseFilterOf). */
  filter?: ParseFilter;
  filterScan?: TextScan;
  filterWrapped?: readonly string[];
}

export class Engine {
  /** What every rule reads: decides what text is parsed, and what star imports bind. */
  private readonly everything: Vocabulary;
  /** Vocabularies of the rule sets enabled so far, by their codes. */
  private readonly vocabularies = new Map<string, Vocabulary>();
  private readonly known: KnownNames;
  /** Which text is left unparsed; the tests pass one that parses everything, to compare. */
  private readonly parseFilter: ParseFilter;
  /** The filter is the engine's own (derived from the rules), not one a caller passed. */
  private readonly ownFilter: boolean;
  /** Filters for documents with import aliases or calls that cannot matter, by aliasKey, the modules named and the wrapped ones. */
  private readonly aliasFilters = new Map<string, ParseFilter>();
  /**
   * The modules the configured wrappers of the last analysis stand for (see WRAPPED_MODULES): a
   * document is opened (parsed) before its analysis says its configuration, which is most often
   * the last one; analyze() parses it again when it differs.
   */
  private wrapped: readonly string[] = wrappedModules(DEFAULT_ENGINE_CONFIG.wrappers);
  /** Reads what a text's modules and aliases are; each document's last reading, carried across its edits. */
  private readonly scanner: TextScanner;

  constructor(
    private readonly parser: Parser,
    private readonly onError: ErrorSink,
    parseFilter?: ParseFilter,
    private readonly rules: readonly RuleImpl[] = RULE_IMPLS,
    /** Findings build their fix when it is first read (see FindingWithLazyFix). */
    private readonly lazyFixes = false,
  ) {
    this.everything = vocabularyOf(rules);
    this.known = { starExports: this.everything.starExports, builtins: this.everything.builtins };
    this.parseFilter = parseFilter ?? (rules === RULE_IMPLS ? needsNoTree : prefilter(this.everything));
    this.ownFilter = parseFilter === undefined;
    this.scanner = new TextScanner(this.everything, this.everything.callNames);
  }

  open(text: string): ParsedDocument {
    const scan = this.scanner.scan(text);
    const filter = this.filterFor(scan, this.wrapped);
    const doc = new ParsedDocument(this.parser, text, filter);
    const state: DocumentState = { textScan: scan, filter, filterScan: scan, filterWrapped: this.wrapped };
    doc.analysisState = state;
    return doc;
  }

  private stateOf(doc: SegmentedText): DocumentState {
    // Only this engine sets it: the object it finds there is its own DocumentState.
    let state = doc.analysisState as DocumentState | undefined;
    if (!state) doc.analysisState = state = {};
    return state;
  }

  /** The modules and aliases of the document's text, read again only where it changed since the last analysis. */
  private scanOf(doc: SegmentedText, state: DocumentState): TextScan {
    const last = state.textScan;
    const scan = last ? last.next(doc.text) : this.scanner.scan(doc.text);
    state.textScan = scan;
    return scan;
  }

  /**
   * What may be left unparsed: with aliases, text calling an alias must be parsed too; calls that
   * cannot matter where the text never names their modules need not be (see callsThatMatter),
   * where a module's configured wrappers (`wrapped`) count as naming it. Only the engine's own
   * filter knows what rules read; one passed in (the tests' parse-everything) is kept.
   */
  /**
   * The document's parse filter for its scan and the wrapped modules: the one chosen last time when
   * neither changed (most often the one open() chose), without building its key again.
   */
  private parseFilterOf(state: DocumentState, scan: TextScan): ParseFilter {
    if (state.filter && state.filterScan === scan && state.filterWrapped === this.wrapped) return state.filter;
    state.filter = this.filterFor(scan, this.wrapped);
    state.filterScan = scan;
    state.filterWrapped = this.wrapped;
    return state.filter;
  }

  private filterFor(scan: TextScan, wrapped: readonly string[]): ParseFilter {
    if (!this.ownFilter) return this.parseFilter;
    const aliases = scan.aliases;
    const key = `${aliasKey(aliases)}|${scan.namedKey}|${wrapped.join(',')}`;
    let filter = this.aliasFilters.get(key);
    if (!filter) {
      const vocabulary = aliases.size === 0 ? this.everything : this.vocabularyFor(this.rules, aliases);
      const matter = callsThatMatter(vocabulary, (m) => wrapped.includes(m) || scan.names(m), scan);
      filter = prefilter(vocabulary, matter);
      this.aliasFilters.set(key, filter);
    }
    return filter;
  }

  analyze(doc: SegmentedText, config: EngineConfig, relativePath?: string): Finding[] {
    // Too large to parse: say so rather than report the file clean.
    if (doc.text.length > MAX_CHECKED_LENGTH) return [fileErrorFinding(tooLargeReason(doc.text.length))];
    if (!doc.parsed) return [];
    const active = activeRules(this.rules, config, relativePath);
    if (active.length === 0) return [];
    const state = this.stateOf(doc);
    const scan = this.scanOf(doc, state);
    const comments = this.pyopsCommentsOf(doc, scan);
    const wholeFile = fileSuppression(comments);
    // `# pyops: ignore-file`: nothing to report, unless unused suppressions are (then it may be unused).
    if (wholeFile?.all && !config.reportUnusedSuppressions) return [];
    const rules = mapPacked(active, (a) => a.rule);
    const aliases = scan.aliases;
    const wrapped = wrappedModules(config.wrappers);
    if (!sameStrings(wrapped, this.wrapped)) this.wrapped = wrapped;
    // An alias added or removed by an edit, or other wrappers configured, changes what text must be parsed.
    if (doc instanceof ParsedDocument) doc.setParseFilter(this.parseFilterOf(state, scan));
    const vocabulary = this.vocabularyFor(rules, aliases);
    const reader = unitReader(vocabulary);
    let cache = state.cache;
    // Records hold what the enabled rules read: another set of rules needs other records.
    if (!cache || cache.reader !== reader) state.cache = cache = new UnitCache(this.parser, reader);
    const text = doc.source;
    const model = cache.build(doc.segments, text);
    const facts = new ModuleFacts(model.units, text, relativePath, config.wrappers, this.known);
    let syntaxErrors: readonly SyntaxErrorAt[] | undefined;
    const eol = lineBreakOf(doc.text);
    const cx = new RuleContext(
      text,
      () => doc.lines,
      facts,
      model.top,
      () => (syntaxErrors ??= this.syntaxErrorsOf(doc, state)),
      eol,
    );
    const kept = (state.unitFindings ??= new UnitFindings());
    const keeping = kept.begin(rules, facts, text, eol, model.units);
    dispatch(rules, vocabulary, model.units, cx, this.onError, keeping ? kept : undefined);
    kept.end();
    const usage = new SuppressionUsage();
    const findings = this.finish(cx, active, wholeFile, usage);
    // Fixes are built from the context when asked for; what the rules remembered of the text is not needed for that.
    cx.forgetNameUses();
    if (!config.reportUnusedSuppressions || comments.length === 0) return findings;
    const activeCodes = new Set(active.map((a) => a.rule.meta.code));
    const unused = unusedSuppressions(
      text,
      doc.lines,
      comments,
      usage,
      this.rules.map((r) => r.meta),
      activeCodes,
    );
    return [...findings, ...unused].sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
  }

  /**
   * The document's pyops comments: none, without a pass of their own, in a text that does not
   * mention pyops (the scan tells, read again after an edit only around what it changed). The
   * scan's text is the source but for lone "\r" turned into "\n": the same mentions of pyops.
   */
  private pyopsCommentsOf(doc: SegmentedText, scan: TextScan): CommentAt[] {
    return scan.mentionsPyops ? pyopsComments(doc.source) : [];
  }

  private syntaxErrorsOf(doc: SegmentedText, state: DocumentState): SyntaxErrorAt[] {
    return (state.syntaxErrorFinder ??= new SyntaxErrorFinder(this.parser)).find(doc);
  }

  private vocabularyFor(rules: readonly RuleImpl[], aliases: ReadonlyMap<string, string>): Vocabulary {
    if (rules.length === this.rules.length && aliases.size === 0) return this.everything;
    const key = `${rules.map((r) => r.meta.code).join(',')}|${aliasKey(aliases)}`;
    let vocabulary = this.vocabularies.get(key);
    if (!vocabulary) this.vocabularies.set(key, (vocabulary = vocabularyOf(rules, aliases)));
    return vocabulary;
  }

  private finish(cx: RuleContext, active: readonly ActiveRule[], wholeFile: FileSuppression | null, usage: SuppressionUsage): Finding[] {
    const drafts = cx.findings;
    // Without findings, no line index is needed: it is made only for files with some.
    if (drafts.length === 0) return [];
    const lines = cx.lines;
    const commented = new HashLines(cx.text, lines);
    const suppressions = new Map<number, LineSuppression | null>();
    const out: Finding[] = [];
    /** Codes reported at the current [s, e), to drop a rule's duplicates (drafts are sorted). */
    let sameSpan: string[] = [];
    let spanS = -1;
    let spanE = -1;
    drafts.sort((a, b) => a.s - b.s || a.e - b.e);
    for (const d of drafts) {
      const start = lines.positionAt(d.s);
      const meta = d.rule.meta;
      if (wholeFile && coversRule(wholeFile.all, wholeFile.names, meta)) {
        usage.file.add(meta.code);
        continue;
      }
      if (commented.has(start.line)) {
        let sup = suppressions.get(start.line);
        if (sup === undefined) suppressions.set(start.line, (sup = parseSuppression(lines.lineText(start.line))));
        if (sup && isSuppressed(sup, meta)) {
          if (sup.pyops && coversRule(sup.pyops.all, sup.pyops.names, meta)) usage.line(start.line, meta.code);
          continue;
        }
      }
      if (d.s !== spanS || d.e !== spanE) {
        spanS = d.s;
        spanE = d.e;
        sameSpan = [];
      } else if (sameSpan.includes(meta.code)) continue;
      sameSpan.push(meta.code);
      const end = lines.positionAt(d.e);
      const level = severityOf(active, d.rule);
      if (this.lazyFixes) {
        out.push(this.lazyFinding(cx, d, start, end, level));
        continue;
      }
      const range = { start, end };
      if (!d.fix) out.push({ code: meta.code, name: meta.name, message: d.message, range, severity: level });
      else {
        const finding: Finding = { code: meta.code, name: meta.name, message: d.message, range, severity: level };
        const fix = this.fixOf(cx, d, lines);
        if (fix) finding.fix = fix;
        out.push(finding);
      }
    }
    cx.findings.length = 0;
    return out;
  }

  /**
   * A finding whose fix is built when read. A kept finding reported where it was before is the
   * same object as last time (fewer objects to make, convert and compare), with its fix now this
   * analysis's to build.
   */
  private lazyFinding(cx: RuleContext, d: DraftFinding, start: Position, end: Position, severity: Severity): FindingWithLazyFix {
    const build = d.fix ? () => this.fixOf(cx, d, cx.lines) : undefined;
    const made = d.kept?.made;
    if (
      made instanceof FindingWithLazyFix &&
      made.severity === severity &&
      samePosition(made.range.start, start) &&
      samePosition(made.range.end, end)
    ) {
      made.rebuild(build);
      return made;
    }
    const meta = d.rule.meta;
    const finding = new FindingWithLazyFix(meta.code, meta.name, d.message, { start, end }, severity, build);
    if (d.kept) d.kept.made = finding;
    return finding;
  }

  /** A finding's fix, built now (see FixBuilder); a rule that throws while building it loses the fix, nothing else. */
  private fixOf(cx: RuleContext, draft: DraftFinding, lines: LineIndex): Fix | undefined {
    try {
      const built = cx.buildFix(draft);
      return built && toFix(built, lines);
    } catch (error) {
      this.onError(error, `fix of rule ${draft.rule.meta.code}`);
      return undefined;
    }
  }
}

/**
 * A finding whose fix is built the first time it is read (then kept): for callers that read fixes
 * only where they need them (the language server, for quick fixes and fix-all). The fix is not an
 * own property: copies and JSON of such a finding leave it out.
 */
class FindingWithLazyFix implements Finding {
  #build: (() => Fix | undefined) | undefined;
  #fix: Fix | undefined;

  constructor(
    readonly code: string,
    readonly name: string,
    readonly message: string,
    readonly range: Finding['range'],
    readonly severity: Severity,
    build: (() => Fix | undefined) | undefined,
  ) {
    this.#build = build;
  }

  /** Reported again by a later analysis: the fix is that analysis's to build. */
  rebuild(build: (() => Fix | undefined) | undefined): void {
    this.#build = build;
    this.#fix = undefined;
  }

  get fix(): Fix | undefined {
    const build = this.#build;
    if (build) {
      this.#build = undefined;
      this.#fix = build();
    }
    return this.#fix;
  }

  set fix(fix: Fix | undefined) {
    this.#build = undefined;
    this.#fix = fix;
  }
}

/**
 * The severity a rule reports at: looked up among the active rules when a finding is reported
 * (a few per file), rather than a map of every rule made for every file.
 */
function severityOf(active: readonly ActiveRule[], rule: RuleImpl): Severity {
  for (let i = 0; i < active.length; i++) if (active[i].rule === rule) return active[i].severity;
  return rule.meta.defaultSeverity;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/**
 * Which lines hold a `#` (only those can hold a suppression comment), asked of lines in ascending
 * order: findings are sorted, so the text is searched forward once, from line to line with a
 * finding, not for every `#` of the file.
 */
class HashLines {
  /** The first `#` at or after the last line asked about (-1: none). */
  private next = 0;
  private searchedFrom = -1;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  has(line: number): boolean {
    const start = this.lines.lineStarts[line];
    const end = line + 1 < this.lines.lineCount ? this.lines.lineStarts[line + 1] : this.text.length;
    // Asked out of order (or not searched yet): search again from this line.
    if (this.searchedFrom === -1 || start < this.searchedFrom || (this.next !== -1 && this.next < start)) {
      this.next = this.text.indexOf('#', start);
      this.searchedFrom = start;
    }
    return this.next !== -1 && this.next < end;
  }
}

function aliasKey(aliases: ReadonlyMap<string, string>): string {
  if (aliases.size === 0) return '';
  const pairs: string[] = [];
  for (const [local, name] of aliases) pairs.push(`${local}=${name}`);
  return pairs.sort().join(',');
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
