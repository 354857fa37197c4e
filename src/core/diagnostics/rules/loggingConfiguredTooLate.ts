// OPS208: logging.basicConfig() that does nothing, because a record went through the root logger
// first. logging.info() and friends call basicConfig() themselves when the root logger has no
// handler, and basicConfig() does nothing once it has one (unless force=True).
import type { Node } from 'web-tree-sitter';
import { addKeyword } from '../fixEdits';
import type { ModuleFacts } from '../facts';
import type { CallRec } from '../model';
import { LOG_METHODS } from '../pythonNames';
import { defineRule, type CallSite, type DraftEdit, type RuleContext } from '../rule';
import { argValue, hasKwargs, keyword } from './shared';

/**
 * What follows a log call in its block: a return (the caller's code still runs) or a raise or
 * sys.exit() (nothing more runs), and where (record coordinates in a detail, document offsets in
 * an event).
 */
interface Leave {
  kind: 'exits' | 'returns';
  at: number;
}

/** A root-logger record or a basicConfig() call, in document offsets. */
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

/** Per analysis (the facts are built once per analysis). */
const gathered = new WeakMap<ModuleFacts, Gathered>();

const EXIT_STATEMENT = /^(?:sys\s*\.\s*exit|exit|quit|os\s*\.\s*_exit)\s*\(/;

/** The return, raise or sys.exit() that follows the statement holding a log call in its block, if any. */
function leaveAfter(site: CallSite): Leave | null {
  let stmt: Node | null = site.node;
  while (stmt?.parent && stmt.parent.type !== 'block' && stmt.parent.type !== 'module') stmt = stmt.parent;
  for (let next = stmt?.nextNamedSibling ?? null; next; next = next.nextNamedSibling) {
    const at = site.span(next).s;
    if (next.type === 'return_statement') return { kind: 'returns', at };
    if (next.type === 'raise_statement') return { kind: 'exits', at };
    if (next.type === 'expression_statement' && EXIT_STATEMENT.test(site.text.slice(next.startIndex, next.startIndex + 40)))
      return { kind: 'exits', at };
  }
  return null;
}

/** Whether a record sent at `log` has been sent, and its body is still running, at `pos` of the same body. */
function stillRunning(log: LogEvent, pos: number): boolean {
  return log.leave === null || log.leave.at > pos;
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
    event = {
      kind: 'log',
      pos: cx.toDocument(c.span.s),
      callee: (c.callee ?? c.tail).replace(/\s+/g, ''),
      leave: leave && { kind: leave.kind, at: cx.toDocument(leave.at) },
    };
  } else {
    if (c.tail !== 'basicConfig' || !c.args || hasKwargs(c) || !cx.facts.calleeIs(c, 'logging.basicConfig')) return;
    const force = keyword(c, 'force');
    if (force && argValue(cx, force) !== 'False') return;
    const edit = force ? null : addKeyword(c, 'force=True');
    event = {
      kind: 'config',
      pos: cx.toDocument(c.span.s),
      s: cx.toDocument(c.calleeSpan.s),
      e: cx.toDocument(c.calleeSpan.e),
      fix: edit && { s: cx.toDocument(edit.s), e: cx.toDocument(edit.e), text: edit.text },
    };
  }
  let g = gathered.get(cx.facts);
  if (!g) gathered.set(cx.facts, (g = { bodies: new Map(), spans: new Map() }));
  const events = g.bodies.get(body);
  if (events) events.push(event);
  else g.bodies.set(body, [event]);
  if (body !== null && c.scope) g.spans.set(body, { s: cx.toDocument(c.scope.span.s), e: cx.toDocument(c.scope.span.e) });
}

/** Reads the gathered events as a whole: which calls of the module's functions run where, and what each body does first. */
class Order {
  private readonly merged = new Map<string | null, (Event | CallEvent)[]>();
  /** Top-level definitions (their bodies do not run where they are written). */
  private readonly definitions: { s: number; e: number }[];

  constructor(
    private readonly g: Gathered,
    private readonly cx: RuleContext,
  ) {
    this.definitions = cx.top.filter((t) => /definition$/.test(t.type));
  }

  /** A body's events in order, with the calls it makes of functions that have events. */
  events(body: string | null): (Event | CallEvent)[] {
    let out = this.merged.get(body);
    if (out) return out;
    out = [...(this.g.bodies.get(body) ?? [])];
    const span = body === null ? { s: 0, e: this.cx.text.length } : this.g.spans.get(body)!;
    for (const name of this.g.spans.keys()) {
      if (name === body) continue;
      for (const use of this.cx.uses(name, span)) {
        if (use.attr !== null || use.rebinding || !this.isCall(use.pos, name)) continue;
        if (body === null && this.definitions.some((d) => use.pos >= d.s && use.pos < d.e)) continue;
        out.push({ kind: 'call', pos: use.pos, name });
      }
    }
    out.sort((a, b) => a.pos - b.pos);
    this.merged.set(body, out);
    return out;
  }

  /** `name(` written as code (not in a comment or string, not its def). */
  private isCall(pos: number, name: string): boolean {
    const text = this.cx.text;
    if (!/^\s*\(/.test(text.slice(pos + name.length, pos + name.length + 20))) return false;
    const before = this.cx.lineBefore(pos);
    return !/[#"']/.test(before) && !/\bdef\s+$/.test(before);
  }

  /** What a function does first when called: sends a record (which one), configures, or neither. */
  first(body: string, seen = new Set<string>()): LogEvent | ConfigEvent | null {
    if (seen.has(body)) return null;
    seen.add(body);
    for (const ev of this.events(body)) {
      if (ev.kind === 'call') {
        const inner = this.first(ev.name, seen);
        if (inner) return inner;
      } else if (ev.kind === 'config' || ev.leave?.kind !== 'exits') return ev;
    }
    return null;
  }

  /** The basicConfig() calls a function makes, itself or through the functions it calls. */
  configs(body: string, seen = new Set<string>()): ConfigEvent[] {
    if (seen.has(body)) return [];
    seen.add(body);
    return this.events(body).flatMap((ev) => (ev.kind === 'config' ? [ev] : ev.kind === 'call' ? this.configs(ev.name, seen) : []));
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
  needs: { methods: [...LOG_METHODS], calls: ['logging.basicConfig'] },
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
    const g = gathered.get(cx.facts);
    if (!g) return;
    gathered.delete(cx.facts);
    const order = new Order(g, cx);
    const reported = new Set<number>();
    // Module-level code runs in order only when the file is run as a script; any function body runs in order.
    const bodies: (string | null)[] = [...g.spans.keys()];
    if (cx.facts.isScript) bodies.unshift(null);
    for (const body of bodies) {
      const logs: LogEvent[] = [];
      // The record sent first among those after which the body still runs at `pos`.
      const sentBefore = (pos: number) => logs.find((log) => stillRunning(log, pos)) ?? null;
      for (const ev of order.events(body)) {
        if (ev.kind === 'log') {
          logs.push(ev);
          continue;
        }
        const sent = sentBefore(ev.pos);
        if (ev.kind === 'config') {
          if (!sent) break;
          report(cx, ev, sent, reported);
        } else if (sent) {
          for (const config of order.configs(ev.name)) report(cx, config, sent, reported);
        } else {
          const first = order.first(ev.name);
          if (first?.kind === 'config') break;
          // A record the called function sends: this body goes on after the call.
          if (first) logs.push({ ...first, leave: null });
        }
      }
    }
  },
});
