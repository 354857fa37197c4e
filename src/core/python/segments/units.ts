// Cuts the segments' trees into units (top-level statements; members of large classes and the
// statements of long class-level `if`s) and reuses the model of every unit whose text did not
// change, so re-analysis after an edit only reads the edited unit. What a unit's model is, the
// caller says (see UnitReader): for diagnostics, the records of the walk. A unit with a syntax
// error that swallowed later top-level code is re-parsed piecewise so the rest of the file still
// gets findings.
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { memberSource, type Segment } from './document';
import { plainImports, type PlainStatement } from '../plainImports';
import { MEMBER_HEADER, SPLIT_CHARS } from './scan';
import { childInField, fieldIds } from './fieldIds';
import { rootOf } from './treeRoots';
/** What a document's unit cache holds before its first build. */
const NO_ENTRIES: ReadonlyMap<never, never> = new Map<never, never>();
/** With more changed units than this, one walk of the whole tree beats one walk per unit. */
const PER_UNIT_WALK_LIMIT = 16;
const STRING_NODES = new Set(['string_content', 'string_start', 'string_end', 'string', 'escape_sequence']);
const CONTINUATION_KEYWORD = /^(?:else|elif|except|finally)\b/;
/** Statements read from text (see UnitReader.statement) whose model is all their tree's would be. */
const READ_WHOLE = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** Where a unit sits: directly in the module, or in a class body. */
export type UnitContext = 'module' | 'class';

/** A unit's model and the document offset it starts at (the origin of the offsets in the model). */
export interface Unit<M> {
  base: number;
  model: M;
}

/** A top-level statement of the module, in document offsets. */
export interface TopStatement {
  type: string;
  s: number;
  e: number;
}

/** How the caller models a unit. Offsets in a model must be relative to the unit's start. */
export interface UnitReader<M> {
  /** Node types read() wants; with many changed units, one walk of a whole tree collects them. */
  readonly nodeTypes: string[];
  /**
   * The model of a unit; `nodes` are its descendants of nodeTypes in document order, when at hand;
   * `broken`, whether it has errors, when known (each read of a node is a call into wasm).
   */
  read(unit: Node, text: string, context: UnitContext, nodes?: (Node | null)[], broken?: boolean): M;
  /**
   * The model of a unit its text alone tells (nothing to read), or null when it needs read(); `end`
   * is where the unit ends and `broken` whether it has errors (read by the caller already).
   */
  skim(unit: Node, text: string, context: UnitContext, end: number, broken: boolean): M | null;
  /** The model of a module-level definition of which only the name counts (unparsed, or split). */
  definition(name: string): M;
  /**
   * The model of a module-level statement of an unparsed segment, read from its text alone: a plain
   * import (see plainImports), an `if` or a `try` statement of node type `type`, `source` its text;
   * null when it contributes nothing.
   */
  statement(type: string, source: string): M | null;
  /** The model of a split module-level `if` statement's header (its condition), or null. */
  ifHeader(ifNode: Node, text: string): M | null;
  /** Holds a unit's place until it is read. */
  readonly pending: M;
}

export interface DocumentUnits<M> {
  units: Unit<M>[];
  top: TopStatement[];
}

interface ChunkUnit<M> {
  rel: number;
  model: M;
}

/** A unit of a split class: offset from the class start, its own cache key (null for the header). */
interface SplitMember<M> {
  rel: number;
  key: string | null;
  model: M;
}

/** Everything one segment contributed, offsets relative to the segment; reused while its tree is. */
interface SegmentResult<M> {
  units: SplitMember<M>[];
  top: TopStatement[];
  splits: [string, SplitMember<M>[]][];
}

/**
 * What a newly parsed segment contributed, as the build that read it left it: turned into a
 * SegmentResult only when a later build reuses its tree. Most documents are analysed once (the
 * CLI, a workspace check), and a copy of every tree's units would then be made for nothing.
 */
interface BuiltSegment<M> {
  builder: Builder<M>;
  /** The builder's units out[from, to) are the segment's. */
  from: number;
  to: number;
  /** Where the segment starts in the document. */
  offset: number;
  /** The build's top statements top[topFrom, topTo) are the segment's (document offsets). */
  top: TopStatement[];
  topFrom: number;
  topTo: number;
  splitsFrom: number;
}

/** What an unparsed segment contributed (no splits), and whether its units were keyed by their text. */
interface UnparsedResult<M> extends SegmentResult<M> {
  keyed: boolean;
}

/** A split class's statement in its tree: type, start, where `class` is, where the class node ends. */
interface ClassShape {
  type: string;
  start: number;
  classStart: number;
  end: number;
}

export class UnitCache<M> {
  // Until the first build, the maps of what earlier builds made are the one empty map (read only).
  private units: ReadonlyMap<string, M> = NO_ENTRIES;
  private chunks: ReadonlyMap<string, ChunkUnit<M>[]> = NO_ENTRIES;
  private splits: ReadonlyMap<string, SplitMember<M>[]> = NO_ENTRIES;
  /** Unchanged segments keep their Tree object across edits: their results are reused without touching the tree. */
  private segmentResults: ReadonlyMap<Tree, SegmentResult<M> | BuiltSegment<M>> = NO_ENTRIES;
  /**
   * What each unparsed segment contributed, by the segment object: one keeps its text while it
   * stays in the document (see Segment), so an edit elsewhere reads none of them again. Keyed
   * results are kept apart from the first build's unkeyed ones (see Builder.keyed).
   */
  private unparsedResults: ReadonlyMap<Segment, UnparsedResult<M>> = NO_ENTRIES;
  /** Made when a document first has a split class. */
  private classShapes: WeakMap<Tree, ClassShape | null> | undefined;

  /** Models built so far; the first build of a document keys nothing (see Builder.keyed). */
  private builds = 0;

  constructor(
    private readonly parser: Parser,
    readonly reader: UnitReader<M>,
  ) {}

  /** Units of the whole document, from its segments' trees (`text` is the document text). */
  build(segments: readonly Segment[], text: string): DocumentUnits<M> {
    const builder = new Builder(this.parser, this.reader, this.units, this.chunks, this.splits, this.builds++ > 0);
    const top: TopStatement[] = [];
    const nextResults = new Map<Tree, SegmentResult<M> | BuiltSegment<M>>();
    const nextUnparsed = new Map<Segment, UnparsedResult<M>>();
    /** Units of one tree parsed from `source` (at document offset `offset`), or its reused result. */
    const visit = (tree: Tree, source: () => string, offset: number, members: (root: Node) => Node[] | null, partial = false) => {
      const stored = this.segmentResults.get(tree);
      if (stored) {
        const known = 'builder' in stored ? resultOf(stored) : stored;
        nextResults.set(tree, known);
        builder.replay(known, offset);
        for (const t of known.top) top.push({ type: t.type, s: offset + t.s, e: offset + t.e });
        return;
      }
      const { node: root, broken } = rootOf(tree);
      builder.startSegment(source(), offset, root, partial, broken);
      const entry: BuiltSegment<M> = {
        builder,
        from: builder.out.length,
        to: 0,
        offset,
        top,
        topFrom: top.length,
        topTo: 0,
        splitsFrom: builder.splitCount,
      };
      const classMembers = members(root);
      if (classMembers) {
        for (const member of classMembers) builder.unit(member, 'class', member.startIndex, member.endIndex, false);
      } else {
        for (const child of root.children) {
          if (!child) continue;
          const type = child.type;
          if (type === 'comment') continue;
          const s = child.startIndex;
          const e = child.endIndex;
          top.push({ type, s: offset + s, e: offset + e });
          builder.unit(child, 'module', s, e, true);
        }
      }
      entry.to = builder.out.length;
      entry.topTo = top.length;
      // Kept as it is: what it contributed is copied out only if a later build reuses the tree.
      nextResults.set(tree, entry);
    };
    for (const seg of segments) {
      if (!seg.tree) {
        // Not parsed: a statement in which no rule can find anything (see unparsedStatement).
        const known = this.unparsedResults.get(seg);
        if (known && known.keyed === builder.keyed) {
          builder.replay(known, seg.start);
          for (const t of known.top) top.push({ type: t.type, s: seg.start + t.s, e: seg.start + t.e });
          nextUnparsed.set(seg, known);
          continue;
        }
        const from = builder.out.length;
        const topFrom = top.length;
        const stmt = unparsedStatement(text, seg.start, seg.end);
        if (stmt.imports) {
          for (const t of stmt.imports) {
            top.push(t);
            if (t.type !== ';') builder.statement(t.type, text, t.s, t.e);
          }
        } else {
          if (stmt.top) top.push(stmt.top);
          if (stmt.name !== null) builder.definition(seg.start, stmt.name);
          // An `if` may be a `__main__` block its text tells (see UnitReader.statement).
          else if (stmt.top?.type === 'if_statement') builder.statement(stmt.top.type, text, stmt.top.s, stmt.top.e);
          // A `try` may hold imports: read up to the segment's end, as the parse filter read it (a
          // last line that starts with `#` may end a string).
          else if (stmt.top?.type === 'try_statement') builder.statement(stmt.top.type, text, stmt.top.s, seg.end);
        }
        // What the first build reads is never reused (the next builds key their units), so it is not kept.
        if (builder.keyed) {
          const relative = top.slice(topFrom).map((t) => ({ type: t.type, s: t.s - seg.start, e: t.e - seg.start }));
          const result = builder.segmentResult(from, builder.out.length, seg.start, relative, builder.splitCount);
          nextUnparsed.set(seg, { units: result.units, top: result.top, splits: result.splits, keyed: true });
        }
        continue;
      }
      if (!seg.members) {
        visit(
          seg.tree,
          () => text.slice(seg.start, seg.end),
          seg.start,
          () => null,
          seg.narrowed,
        );
        continue;
      }
      // A split class (see memberCuts): the class statement and its name here, its members per run.
      const runs = seg.members;
      const cls = this.classShape(seg.tree);
      if (cls) {
        const last = runs[runs.length - 1];
        const lastEnd = last.tree ? this.classShape(last.tree)?.end : undefined;
        const e =
          lastEnd !== undefined ? last.start - last.header.length + lastEnd : last.tree ? last.end : codeEnd(text, last.start, last.end);
        top.push({ type: cls.type, s: seg.start + cls.start, e });
        const m = /^class\s+([^\s(:]+)/.exec(text.slice(seg.start + cls.classStart, seg.start + cls.classStart + 200));
        if (m) builder.definition(seg.start + cls.start, m[1]);
      }
      visit(
        seg.tree,
        () => text.slice(seg.start, runs[0].start),
        seg.start,
        (root) => (cls ? classBody(splitClassOf(root)?.cls) : null),
        seg.narrowed,
      );
      for (const run of runs) {
        // A run without a tree holds nothing any rule looks at.
        if (!run.tree) continue;
        const statements = run.header === MEMBER_HEADER ? classBody : branchStatements;
        visit(
          run.tree,
          () => memberSource(text, run),
          run.start - run.header.length,
          (root) => statements(splitClassOf(root)?.cls),
          run.narrowed,
        );
      }
    }
    builder.extractPending();
    this.units = builder.nextUnits;
    this.chunks = builder.nextChunks;
    this.splits = builder.nextSplits;
    this.segmentResults = nextResults;
    this.unparsedResults = nextUnparsed;
    return { units: builder.out, top };
  }

  /** Where the class statement of a split class's tree is (read once per tree: trees do not change). */
  private classShape(tree: Tree): ClassShape | null {
    this.classShapes ??= new WeakMap();
    let shape = this.classShapes.get(tree);
    if (shape === undefined) {
      const found = splitClassOf(rootOf(tree).node);
      shape = found
        ? { type: found.type, start: found.statement.startIndex, classStart: found.cls.startIndex, end: found.cls.endIndex }
        : null;
      this.classShapes.set(tree, shape);
    }
    return shape;
  }
}

/** What a segment read by an earlier build contributed, offsets relative to the segment. */
function resultOf<M>(b: BuiltSegment<M>): SegmentResult<M> {
  const top: TopStatement[] = [];
  for (let i = b.topFrom; i < b.topTo; i++) {
    const t = b.top[i];
    top.push({ type: t.type, s: t.s - b.offset, e: t.e - b.offset });
  }
  return b.builder.segmentResult(b.from, b.to, b.offset, top, b.splitsFrom);
}

/** The segment being built: its text, where it starts in the document, its tree's root. */
interface SegmentContext {
  text: string;
  offset: number;
  root: Node;
  /** Its tree holds only some lines of its text (see Segment.narrowed): its units' models may lack records. */
  partial: boolean;
  /** Its tree has errors somewhere (if not, none of its units has any: not asked of each). */
  broken: boolean;
}

interface PendingUnit {
  node: Node;
  context: UnitContext;
  segment: SegmentContext;
  s: number;
  e: number;
  key: string | null;
  slot: number;
  broken: boolean;
}

class Builder<M> {
  readonly out: Unit<M>[] = [];
  /** Cache key of each `out` entry (null for entries that are not cached on their own). */
  private readonly outKeys: (string | null)[] = [];
  private readonly pending: PendingUnit[] = [];
  private readonly newSplits: { key: string; s: number; from: number; to: number }[] = [];
  readonly nextUnits = new Map<string, M>();
  readonly nextChunks = new Map<string, ChunkUnit<M>[]>();
  readonly nextSplits = new Map<string, SplitMember<M>[]>();

  private segment: SegmentContext = { text: '', offset: 0, root: null as unknown as Node, partial: false, broken: true };

  constructor(
    private readonly parser: Parser,
    private readonly reader: UnitReader<M>,
    private readonly prevUnits: ReadonlyMap<string, M>,
    private readonly prevChunks: ReadonlyMap<string, ChunkUnit<M>[]>,
    private readonly prevSplits: ReadonlyMap<string, SplitMember<M>[]>,
    /**
     * Whether units are cached by their text. Not on a document's first build: most documents are
     * analysed once (the CLI, a workspace check), and keying every unit by its text costs time.
     * Unchanged segments are reused by their tree anyway; text keys only help inside a reparsed one.
     */
    readonly keyed: boolean,
  ) {}

  get splitCount(): number {
    return this.newSplits.length;
  }

  /** Re-emits a reused segment's units (and keeps their cache entries alive). */
  replay(result: SegmentResult<M>, offset: number): void {
    for (const u of result.units) {
      if (u.key !== null) this.nextUnits.set(u.key, u.model);
      this.out.push({ base: offset + u.rel, model: u.model });
      this.outKeys.push(u.key);
    }
    for (const [key, members] of result.splits) this.nextSplits.set(key, members);
  }

  /** What out[from, to) and the splits recorded since `splitsFrom` are, relative to the segment. */
  segmentResult(from: number, to: number, offset: number, top: TopStatement[], splitsFrom: number): SegmentResult<M> {
    const units: SplitMember<M>[] = [];
    for (let i = from; i < to; i++) units.push({ rel: this.out[i].base - offset, key: this.outKeys[i], model: this.out[i].model });
    const splits: [string, SplitMember<M>[]][] = [];
    for (const sp of this.newSplits.slice(splitsFrom)) {
      const members = this.nextSplits.get(sp.key);
      if (members) splits.push([sp.key, members]);
    }
    return { units, top, splits };
  }

  /** The module-level name a split class or an unparsed definition defines. */
  definition(base: number, name: string): void {
    this.out.push({ base, model: this.reader.definition(name) });
    this.outKeys.push(null);
  }

  /**
   * A module-level statement of an unparsed segment, text[s, e) (document offsets), read from its
   * text. A plain import's model is kept under the key a parsed unit of that type and text has (the
   * two are the same), so that after an edit elsewhere it is the same object and its findings are
   * kept. An `if` or a `try` read from its text gives only its `__main__` block or its imports, less
   * than its tree's model: kept apart, so that neither stands for the other once the parse filter
   * changed (an import named since makes a call in it matter).
   */
  statement(type: string, text: string, s: number, e: number): void {
    const source = text.slice(s, e);
    const key = this.keyed ? `${READ_WHOLE.has(type) ? 'module' : 'text'}\u0000${type}\u0000${source}` : null;
    const known = key === null ? undefined : (this.prevUnits.get(key) ?? this.nextUnits.get(key));
    const model = known ?? this.reader.statement(type, source);
    if (model === null || model === undefined) return;
    if (key !== null) this.nextUnits.set(key, model);
    this.out.push({ base: s, model });
    this.outKeys.push(key);
  }

  /** Offsets given to unit() and friends are relative to this segment's text. */
  startSegment(text: string, offset: number, root: Node, partial: boolean, broken: boolean): void {
    this.segment = { text, offset, root, partial, broken };
  }

  private get text(): string {
    return this.segment.text;
  }

  /** Records a unit's model at segment-relative offset `rel`. */
  private push(rel: number, model: M, key: string | null): void {
    this.out.push({ base: this.segment.offset + rel, model });
    this.outKeys.push(key);
  }

  /**
   * Reuses the unit's model when the same text parsed to the same kind of node without errors, else
   * queues it for extraction. Units with syntax errors are never reused: the same text can recover
   * differently depending on what surrounds it.
   */
  unit(node: Node, context: UnitContext, s: number, e: number, recoverable: boolean): void {
    const broken = this.segment.broken && node.hasError;
    // A unit of a tree parsed in part (see Segment.narrowed) lacks the records of the lines left
    // out, which the parse filter after an edit elsewhere (an import, a wrapper configured) may
    // need: a whole parse of the same text must not take its model, so it is kept by no text.
    const key = broken || !this.keyed || this.segment.partial ? null : `${context}\u0000${node.type}\u0000${this.text.slice(s, e)}`;
    const model = key === null ? undefined : (this.prevUnits.get(key) ?? this.nextUnits.get(key));
    if (key !== null && model) {
      this.nextUnits.set(key, model);
      this.push(s, model, key);
      return;
    }
    if (key !== null && e - s > SPLIT_CHARS) {
      const split = this.prevSplits.get(key) ?? this.nextSplits.get(key);
      if (split) {
        this.nextSplits.set(key, split);
        for (const m of split) {
          if (m.key !== null) this.nextUnits.set(m.key, m.model);
          this.push(s + m.rel, m.model, m.key);
        }
        return;
      }
    }
    if (recoverable && broken && this.recover(node, s, e)) return;
    const skimmed = this.reader.skim(node, this.text, context, e, broken);
    if (skimmed) {
      if (key !== null) this.nextUnits.set(key, skimmed);
      this.push(s, skimmed, key);
      return;
    }
    if (e - s > SPLIT_CHARS) {
      const cls = classOf(node);
      const from = this.out.length;
      let split = true;
      if (cls) this.splitClass(cls, context, s);
      else if (node.type === 'if_statement') this.splitIf(node, context, s);
      else split = false;
      if (split) {
        if (key !== null) this.newSplits.push({ key, s: this.segment.offset + s, from, to: this.out.length });
        return;
      }
    }
    this.pending.push({ node, context, segment: this.segment, s, e, key, slot: this.out.length, broken });
    this.push(s, this.reader.pending, key);
  }

  /** Extracts the queued units: each on its own when few changed in a segment, else from one walk of it. */
  extractPending(): void {
    this.extractUnits();
    // The builder is kept while its segments' results may be reused (see BuiltSegment); their nodes need not be.
    this.pending.length = 0;
    // Remember split classes as a whole, so an unchanged class is reused without splitting it again.
    for (const sp of this.newSplits) {
      const members: SplitMember<M>[] = [];
      for (let i = sp.from; i < sp.to; i++) members.push({ rel: this.out[i].base - sp.s, key: this.outKeys[i], model: this.out[i].model });
      this.nextSplits.set(sp.key, members);
    }
  }

  private extractUnits(): void {
    const pending = this.pending;
    let i = 0;
    while (i < pending.length) {
      // The queued units of one segment are consecutive.
      let j = i + 1;
      while (j < pending.length && pending[j].segment === pending[i].segment) j++;
      const group = pending.slice(i, j);
      let lists: (Node | null)[][] | null = null;
      if (group.length > PER_UNIT_WALK_LIMIT) {
        lists = group.map(() => []);
        let g = 0;
        for (const node of group[0].segment.root.descendantsOfType(this.reader.nodeTypes)) {
          if (!node) continue;
          const at = node.startIndex;
          while (g < group.length && at >= group[g].e) g++;
          if (g === group.length) break;
          if (at >= group[g].s) lists[g].push(node);
        }
      }
      group.forEach((p, n) => {
        const model = this.reader.read(p.node, p.segment.text, p.context, lists ? lists[n] : undefined, p.broken);
        if (p.key !== null) this.nextUnits.set(p.key, model);
        this.out[p.slot] = { base: p.segment.offset + p.s, model };
      });
      i = j;
    }
  }

  private splitClass(cls: Node, context: UnitContext, s: number): void {
    const m = /^class\s+([^\s(:]+)/.exec(this.text.slice(cls.startIndex, cls.startIndex + 200));
    // The class name itself is a module-level definition (it shadows imports of the same name).
    if (context === 'module' && m) this.push(s, this.reader.definition(m[1]), null);
    const body = cls.childForFieldName('body');
    if (!body) return;
    for (const member of body.children) {
      if (!member || member.type === 'comment') continue;
      this.unit(member, 'class', member.startIndex, member.endIndex, false);
    }
  }

  /** An if statement's conditions and the statements of each branch become separate units. */
  private splitIf(node: Node, context: UnitContext, s: number): void {
    if (context === 'module') {
      const header = this.reader.ifHeader(node, this.text);
      if (header) this.push(s, header, null);
    }
    const blockStatements = (block: Node | null) => {
      for (const stmt of block?.children ?? []) {
        if (stmt && stmt.type !== 'comment') this.unit(stmt, context, stmt.startIndex, stmt.endIndex, false);
      }
    };
    const condition = node.childForFieldName('condition');
    if (condition) this.unit(condition, context, condition.startIndex, condition.endIndex, false);
    blockStatements(node.childForFieldName('consequence'));
    for (const clause of node.children) {
      if (clause?.type === 'elif_clause') {
        const c = clause.childForFieldName('condition');
        if (c) this.unit(c, context, c.startIndex, c.endIndex, false);
        blockStatements(clause.childForFieldName('consequence'));
      } else if (clause?.type === 'else_clause') {
        blockStatements(clause.childForFieldName('body'));
      }
    }
  }

  /**
   * A unit with a syntax error that spans later lines starting at column 0 (which Python would read as
   * new top-level statements) is cut at those lines and each piece parsed on its own.
   */
  private recover(node: Node, s: number, e: number): boolean {
    const cuts = this.topLevelLineStarts(node, s, e);
    if (cuts.length === 0) return false;
    const bounds = [s, ...cuts, e];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const from = bounds[i];
      const pieceText = this.text.slice(from, bounds[i + 1]);
      const key = `chunk\u0000${pieceText}`;
      let units = this.prevChunks.get(key) ?? this.nextChunks.get(key);
      if (!units) {
        units = [];
        const tree = this.parser.parse(pieceText);
        if (tree) {
          for (const child of tree.rootNode.children) {
            if (!child || child.type === 'comment') continue;
            units.push({ rel: child.startIndex, model: this.reader.read(child, pieceText, 'module') });
          }
          tree.delete();
        }
      }
      this.nextChunks.set(key, units);
      for (const u of units) this.push(from + u.rel, u.model, null);
    }
    return true;
  }

  private topLevelLineStarts(node: Node, s: number, e: number): number[] {
    const text = this.text;
    const cuts: number[] = [];
    let prevLine = text.slice(text.lastIndexOf('\n', s - 1) + 1, text.indexOf('\n', s) === -1 ? e : text.indexOf('\n', s));
    for (let nl = text.indexOf('\n', s); nl !== -1 && nl + 1 < e; nl = text.indexOf('\n', nl + 1)) {
      const ls = nl + 1;
      const end = text.indexOf('\n', ls);
      const line = text.slice(ls, end === -1 || end > e ? e : end);
      const first = line[0];
      if (line.trim() === '') continue;
      const startsStatement =
        first !== undefined &&
        !/[\s#)\]}]/.test(first) &&
        !CONTINUATION_KEYWORD.test(line) &&
        !prevLine.startsWith('@') &&
        !/\\\s*$/.test(prevLine);
      if (startsStatement) {
        const leaf = node.descendantForIndex(ls);
        if (!leaf || !STRING_NODES.has(leaf.type)) cuts.push(ls);
      }
      if (!line.trimStart().startsWith('#')) prevLine = line;
    }
    return cuts;
  }
}

/**
 * What a top-level segment that was not parsed contributes (see needsNoTree): a definition's name,
 * and its statement with the node type read from its first word (fixes only tell imports and a
 * leading docstring, an expression statement, from the rest). A segment of comments holds none. A
 * segment of plain imports (see plainImports) gives its statements as the tree would have them.
 */
function unparsedStatement(
  text: string,
  start: number,
  end: number,
): { name: string | null; top: TopStatement | null; imports?: PlainStatement[] } {
  const s = codeStart(text, start, end);
  if (s === end) return { name: null, top: null };
  const top = { type: 'expression_statement', s, e: codeEnd(text, s, end) };
  // Its first word: up to 20 ASCII letters and underscores.
  let wordEnd = s;
  while (wordEnd < s + 20 && isWordChar(text.charCodeAt(wordEnd))) wordEnd++;
  const first = text.slice(s, wordEnd);
  if (text.charCodeAt(s) === 64 || first === 'def' || first === 'class' || first === 'async') {
    const head = DEFINITION_HEAD.exec(text.slice(s, Math.min(end, s + 4000)));
    top.type = text.charCodeAt(s) === 64 ? 'decorated_definition' : head?.[1] === 'class' ? 'class_definition' : 'function_definition';
    return { name: head?.[2] ?? '?', top };
  }
  if (first === 'import' || first === 'from') {
    const imports = plainImports(text, start, end);
    if (imports) return { name: null, top: null, imports };
  }
  top.type = KEYWORD_STATEMENTS.get(first) ?? top.type;
  return { name: null, top };
}

/** An ASCII letter or `_`. */
function isWordChar(c: number): boolean {
  const lower = c | 32;
  return (lower >= 97 && lower <= 122) || c === 95;
}

/** What `\s` matches in a regular expression (checked without one for ASCII). */
function isWhitespace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(String.fromCharCode(c));
}

/** Start of the first code in [start, end), past blank and comment lines (`end` if there is none). */
function codeStart(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 35) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 || nl > end ? end : nl + 1;
    } else if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) i++;
    else return i;
  }
  return end;
}

/**
 * tree-sitter-python's node type for statements that start with a keyword. A Map: an object would
 * answer `constructor` or `toString` (a statement's first word) from its prototype.
 */
const KEYWORD_STATEMENTS = new Map<string, string>([
  ['for', 'for_statement'],
  ['while', 'while_statement'],
  ['with', 'with_statement'],
  ['try', 'try_statement'],
  ['if', 'if_statement'],
  ['assert', 'assert_statement'],
  ['del', 'delete_statement'],
  ['global', 'global_statement'],
  ['nonlocal', 'nonlocal_statement'],
  ['pass', 'pass_statement'],
  ['break', 'break_statement'],
  ['continue', 'continue_statement'],
  ['return', 'return_statement'],
  ['raise', 'raise_statement'],
]);

/** The def/class line of a (possibly decorated) definition: its keyword and name. */
const DEFINITION_HEAD = /^(?:async[ \t]+)?(def|class)[ \t]+([^\s(:]+)/m;

/** End of the last line of [start, end) that holds code (not blank, not a comment); `start` begins code. */
function codeEnd(text: string, start: number, end: number): number {
  let e = end;
  for (;;) {
    while (e > start && isWhitespace(text.charCodeAt(e - 1))) e--;
    const lineStart = text.lastIndexOf('\n', e - 1) + 1;
    if (e <= start || lineStart <= start) return e;
    let c = lineStart;
    while (c < e && (text.charCodeAt(c) === 32 || text.charCodeAt(c) === 9 || text.charCodeAt(c) === 12)) c++;
    if (text.charCodeAt(c) !== 35) return e;
    e = lineStart;
  }
}

/** The class statement a split class's tree holds (its first statement), its type, and the class node in it. */
function splitClassOf(root: Node): { statement: Node; type: string; cls: Node } | null {
  for (const statement of root.children) {
    if (!statement) continue;
    // Its type read once (each read is a call into wasm).
    const type = statement.type;
    if (type === 'comment') continue;
    const cls = classOfType(statement, type);
    return cls ? { statement, type, cls } : null;
  }
  return null;
}

/** The statements of a class body (empty without a class). */
function classBody(cls: Node | undefined): Node[] {
  const body = cls ? childInField(cls, fieldIds(cls).body) : null;
  return (body?.children ?? []).filter((m): m is Node => m !== null && m.type !== 'comment');
}

/**
 * The statements a run below branchHeader holds: those of the stand-in `if`'s branches, and the
 * conditions of its `elif`s (as splitIf makes units of them).
 */
function branchStatements(cls: Node | undefined): Node[] {
  const stmt = classBody(cls)[0];
  if (stmt?.type !== 'if_statement') return [];
  const out: Node[] = [];
  const add = (block: Node | null) => {
    for (const c of block?.children ?? []) if (c && c.type !== 'comment') out.push(c);
  };
  add(stmt.childForFieldName('consequence'));
  for (const clause of stmt.children) {
    if (clause?.type === 'elif_clause') {
      const condition = clause.childForFieldName('condition');
      if (condition) out.push(condition);
      add(clause.childForFieldName('consequence'));
    } else if (clause?.type === 'else_clause') add(clause.childForFieldName('body'));
  }
  return out;
}

function classOf(node: Node): Node | null {
  return classOfType(node, node.type);
}

/** classOf of a node of type `type`. */
function classOfType(node: Node, type: string): Node | null {
  if (type === 'class_definition') return node;
  if (type === 'decorated_definition') {
    const def = node.childForFieldName('definition');
    return def?.type === 'class_definition' ? def : null;
  }
  return null;
}
