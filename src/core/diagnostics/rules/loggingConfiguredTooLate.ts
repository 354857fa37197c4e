// OPS208: logging.basicConfig() that does nothing, because a record went through the root logger
// first. logging.info() and friends call basicConfig() themselves when the root logger has no
// handler, and basicConfig() does nothing once it has one (unless force=True).
import type { Node } from 'web-tree-sitter';
import { addKeyword } from '../fixEdits';
import type { CallRec } from '../model';
import { LOG_METHODS } from '../pythonNames';
import { defineRule, NoteKind, type CallSite, type DraftEdit, type RuleContext } from '../rule';
import { argValue, hasKwargs, keyword } from './shared';

/**
 * What follows a log call in its block: a return (the caller's code still runs) or a raise or
 * sys.exit() (nothing more runs), and where (record coordinates in a detail and a note, document
 * offsets once gathered).
 */
interface Leave {
  kind: 'exits' | 'returns';
  at: number;
}

/** A root-logger record or a basicConfig() call (in a unit's coordinates in a note, document offsets once gathered). */
interface LogEvent {
  kind: 'log';
  pos: number;
  /** `logging.info`, as written. */
  callee: string;
  leave: Leave | null;
}
interface ConfigEvent {
  kind: 'config';
  pos: number;
  s: number;
  e: number;
  fix: DraftEdit | null;
}
type Event = LogEvent | ConfigEvent;
/** A call of a function of this module (whose body has events), in the body it is made in. */
interface CallEvent {
  kind: 'call';
  pos: number;
  name: string;
}

/** What one analysis gathered: the events of the module body and of each top-level function. */
interface Gathered {
  bodies: Map<string | null, Event[]>;
  spans: Map<string, { s: number; e: number }>;
}

/**
 * What a call in a unit adds to the module's order: an event of a body, and the span of that body
 * when it is a function (record coordinates, as a note keeps them).
 */
interface EventNote {
  body: string | null;
  event: Event;
  span: { s: number; e: number } | null;
}

const EVENTS = new NoteKind<EventNote>();

/** The events of every body, in document offsets and document order, from the units' notes. */
function gatheredFrom(cx: RuleContext): Gathered | null {
  const notes = cx.notesOf(EVENTS);
  if (notes.length === 0) return null;
  const g: Gathered = { bodies: new Map(), spans: new Map() };
  for (const { base, value } of notes) {
    const event = shifted(value.event, base);
    const events = g.bodies.get(value.body);
    if (events) events.push(event);
    else g.bodies.set(value.body, [event]);
    if (value.body !== null && value.span) g.spans.set(value.body, { s: value.span.s + base, e: value.span.e + base });
  }
  return g;
}

/** An event moved from a unit's coordinates to document offsets (the unit at `base`). */
function shifted(ev: Event, base: number): Event {
  if (ev.kind === 'log') return { ...ev, pos: ev.pos + base, leave: ev.leave && { kind: ev.leave.kind, at: ev.leave.at + base } };
  const fix = ev.fix && { s: ev.fix.s + base, e: ev.fix.e + base, text: ev.fix.text };
  return { ...ev, pos: ev.pos + base, s: ev.s + base, e: ev.e + base, fix };
}

const EXIT_STATEMENT = /^(?:sys\s*\.\s*exit|exit|quit|os\s*\.\s*_exit)\s*\(/;

/**
 * How many statements after a log call are searched for a return or exit: an error path is short,
 * and a block of thousands of log calls must not be searched once per call.
 */
const LEAVE_WINDOW = 16;

/** The return, raise or sys.exit() that follows the statement holding a log call in its block, if any (see LEAVE_WINDOW). */
function leaveAfter(site: CallSite): Leave | null {
  // Up to the statement in a block or the module; each parent and type read once (a read is a call into wasm).
  let stmt: Node = site.node;
  for (let parent = stmt.parent; parent; parent = parent.parent) {
    const type = parent.type;
    if (type === 'block' || type === 'module') break;
    stmt = parent;
  }
  let seen = 0;
  for (let next = stmt.nextNamedSibling; next && seen < LEAVE_WINDOW; next = next.nextNamedSibling, seen++) {
    const at = site.span(next).s;
    const type = next.type;
    if (type === 'return_statement') return { kind: 'returns', at };
    if (type === 'raise_statement') return { kind: 'exits', at };
    if (type === 'expression_statement' && EXIT_STATEMENT.test(site.text.slice(next.startIndex, next.startIndex + 40)))
      return { kind: 'exits', at };
  }
  return null;
}

/**
 * The records a body has sent so far, in order, for the question: at `pos` (later than every
 * record added), which record was sent first among those after which the body still runs here?
 * Records followed by a return or exit in their block stop counting past it; positions only grow,
 * so each record is dropped at most once.
 */
class RecordsSent {
  /** The first record after which the body always goes on. */
  private lasting: LogEvent | null = null;
  /** Records followed by a return or exit, in order; those before `next` are past their exit. */
  private readonly leaving: LogEvent[] = [];
  private next = 0;

  add(log: LogEvent): void {
    if (log.leave === null) this.lasting ??= log;
    else this.leaving.push(log);
  }

  before(pos: number): LogEvent | null {
    while (this.next < this.leaving.length && this.leaving[this.next].leave!.at <= pos) this.next++;
    const leaving = this.leaving[this.next] ?? null;
    if (!this.lasting) return leaving;
    return leaving && leaving.pos < this.lasting.pos ? leaving : this.lasting;
  }
}

/** The body a call runs in: null for the module (and class bodies at its top), a top-level function's name, or undefined. */
function bodyOf(c: CallRec): string | null | undefined {
  if (!c.scope) return null;
  return c.scope.kind === 'function' && !c.scope.name.includes('.') ? c.scope.name : undefined;
}

function gather(c: CallRec, cx: RuleContext, leave: Leave | null): void {
  const body = bodyOf(c);
  if (body === undefined) return;
  let event: Event;
  if (LOG_METHODS.has(c.tail)) {
    if (cx.facts.loggerKind(c) !== 'root') return;
    event = { kind: 'log', pos: c.span.s, callee: (c.callee ?? c.tail).replace(/\s+/g, ''), leave };
  } else {
    if (c.tail !== 'basicConfig' || !c.args || hasKwargs(c) || !cx.facts.calleeIs(c, 'logging.basicConfig')) return;
    const force = keyword(c, 'force');
    if (force && argValue(cx, force) !== 'False') return;
    const edit = force ? null : addKeyword(c, 'force=True');
    event = { kind: 'config', pos: c.span.s, s: c.calleeSpan.s, e: c.calleeSpan.e, fix: edit };
  }
  // The finding depends on the order of calls across the whole module: document() reads them all
  // from the notes, those of units kept from an earlier analysis included.
  cx.note(EVENTS, { body, event, span: body !== null && c.scope ? c.scope.span : null });
}

/** How deep first() follows calls (a chain of calls each made first thing in a function). */
const MAX_DEPTH = 64;

/** The last of `ranges` (sorted by start) that holds `pos`, or null. */
function holding<R extends { s: number; e: number }>(ranges: readonly R[], pos: number): R | null {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].s <= pos) lo = mid + 1;
    else hi = mid - 1;
  }
  const r = hi >= 0 ? ranges[hi] : null;
  return r && pos < r.e ? r : null;
}

/**
 * Reads the gathered events as a whole: where the module's functions that have events are called,
 * and what each body does first. Each function's calls are found once, in one pass over the
 * document, so that a file of many logging functions stays linear.
 */
class Order {
  private readonly merged = new Map<string | null, (Event | CallEvent)[]>();
  private readonly firsts = new Map<string, LogEvent | ConfigEvent | null>();
  private readonly busy = new Set<string>();

  constructor(
    g: Gathered,
    private readonly cx: RuleContext,
  ) {
    for (const [body, events] of g.bodies) this.merged.set(body, [...events]);
    const functions = [...g.spans].map(([name, span]) => ({ name, ...span })).sort((a, b) => a.s - b.s);
    // Top-level definitions: their bodies do not run where they are written.
    const definitions = cx.top.filter((t) => /definition$/.test(t.type));
    const all = cx.scopeSpan(null);
    for (const { name } of functions) {
      for (const use of cx.uses(name, all)) {
        if (use.attr !== null || use.rebinding || !this.isCall(use.pos, name)) continue;
        const fn = holding(functions, use.pos);
        if (fn?.name === name || (!fn && holding(definitions, use.pos))) continue;
        const body = fn ? fn.name : null;
        const list = this.merged.get(body);
        const call: CallEvent = { kind: 'call', pos: use.pos, name };
        if (list) list.push(call);
        else this.merged.set(body, [call]);
      }
    }
    for (const list of this.merged.values()) list.sort((a, b) => a.pos - b.pos);
  }

  /** A body's events in order, with the calls it makes of functions that have events. */
  events(body: string | null): readonly (Event | CallEvent)[] {
    return this.merged.get(body) ?? [];
  }

  /** `name(` written as code (not in a comment or string, not its def). */
  private isCall(pos: number, name: string): boolean {
    const text = this.cx.text;
    if (!/^\s*\(/.test(text.slice(pos + name.length, pos + name.length + 20))) return false;
    const before = this.cx.lineBefore(pos);
    return !/[#"']/.test(before) && !/\bdef\s+$/.test(before);
  }

  /**
   * What a function does first when called: sends a record (which one), configures, or neither.
   * Calls more than MAX_DEPTH deep are not followed.
   */
  first(body: string, depth = 0): LogEvent | ConfigEvent | null {
    const known = this.firsts.get(body);
    if (known !== undefined || this.busy.has(body) || depth > MAX_DEPTH) return known ?? null;
    this.busy.add(body);
    let found: LogEvent | ConfigEvent | null = null;
    for (const ev of this.events(body)) {
      found = ev.kind === 'call' ? this.first(ev.name, depth + 1) : ev.kind === 'config' || ev.leave?.kind !== 'exits' ? ev : null;
      if (found) break;
    }
    this.busy.delete(body);
    this.firsts.set(body, found);
    return found;
  }
}

function report(cx: RuleContext, config: ConfigEvent, first: LogEvent, reported: Set<number>): void {
  if (reported.has(config.s)) return;
  reported.add(config.s);
  const line = cx.lines.lineAt(first.pos) + 1;
  cx.report(
    { s: config.s, e: config.e },
    {
      message: `This basicConfig() does nothing: ${first.callee}() on line ${line} runs first and gives the root logger a default handler, so the level, format and handlers set here are ignored; configure logging before the first record, or pass force=True`,
      fix: config.fix
        ? { title: 'Add force=True (replaces the handlers the root logger already has; Python 3.8+)', safe: false, edits: [config.fix] }
        : undefined,
    },
  );
}

export const loggingConfiguredTooLate = defineRule<Leave>({
  meta: {
    code: 'OPS208',
    name: 'logging-configured-too-late',
    category: 'logging',
    summary:
      'logging.info() and friends, called before logging.basicConfig(), give the root logger a default handler, so the later basicConfig() is silently ignored: configure logging first.',
    defaultSeverity: 'warning',
    equivalents: [],
    fixable: 'unsafe',
  },
  message:
    'This basicConfig() does nothing: a record sent through the root logger before it already configured logging; configure logging before the first record, or pass force=True',
  // Only calls through the root logger count, so only where logging is imported (loggerKind).
  needs: { methods: [...LOG_METHODS], methodsOf: ['logging'], calls: ['logging.basicConfig'] },
  callDetail(site) {
    // Only `logging.info(...)` or `info(...)` can be the root logger's module functions.
    const r = site.record;
    if (!LOG_METHODS.has(r.tail) || (r.receiver !== null && r.receiver.includes('.'))) return null;
    return leaveAfter(site);
  },
  call(c, cx, leave) {
    gather(c, cx, leave);
  },
  document(cx) {
    const g = gatheredFrom(cx);
    if (!g) return;
    // In an importable module, OPS205 asks for a module logger instead of these root-logger calls,
    // which solves this too: a Logger method never configures logging.
    if (!cx.facts.isScript) return;
    const order = new Order(g, cx);
    const reported = new Set<number>();
    const bodies: (string | null)[] = [null, ...g.spans.keys()];
    // The configurations of a function called after a record, and of every function it calls: each
    // function is visited once, whichever call reaches it first.
    const reached = new Set<string>();
    const reachConfigs = (name: string, sent: LogEvent) => {
      const pending = [name];
      for (let fn = pending.pop(); fn !== undefined; fn = pending.pop()) {
        if (reached.has(fn)) continue;
        reached.add(fn);
        for (const ev of order.events(fn)) {
          if (ev.kind === 'config') report(cx, ev, sent, reported);
          else if (ev.kind === 'call') pending.push(ev.name);
        }
      }
    };
    for (const body of bodies) {
      const records = new RecordsSent();
      for (const ev of order.events(body)) {
        if (ev.kind === 'log') {
          records.add(ev);
          continue;
        }
        const sent = records.before(ev.pos);
        if (ev.kind === 'config') {
          if (!sent) break;
          report(cx, ev, sent, reported);
        } else if (sent) {
          reachConfigs(ev.name, sent);
        } else {
          const first = order.first(ev.name);
          if (first?.kind === 'config') break;
          // A record the called function sends: this body goes on after the call.
          if (first) records.add({ ...first, leave: null });
        }
      }
    }
  },
});
