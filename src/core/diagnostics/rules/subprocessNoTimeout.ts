// OPS102: subprocess calls that can wait forever.
import { FOLLOWED_OBJECTS } from '../facts';
import { addKeyword, ensureImport, replace } from '../fixEdits';
import type { CallRec } from '../model';
import { defineRule, type DraftFix, type RuleContext } from '../rule';
import { awaitContext, type AwaitContext } from './asyncBounds';
import { isSshExec, readRemoteRun, type RemoteRunDetail } from './remoteRuns';
import { hasKwargs, hasStarArgs, keyword, positional } from './shared';

const FUNCTIONS = ['run', 'call', 'check_call', 'check_output'];
const FUNCTION_SET = new Set(FUNCTIONS);
/** Positional index of `timeout` in Popen.wait(timeout) and Popen.communicate(input, timeout). */
const POPEN_TIMEOUT_POSITION: Record<string, number> = { wait: 0, communicate: 1 };
/** What bounds an awaited call in time: wait_for around it, or a timeout block around the await. */
const TIME_LIMITS = new Set([
  'asyncio.wait_for',
  'asyncio.timeout',
  'asyncio.timeout_at',
  'asyncio.timeouts.timeout',
  'asyncio.tasks.wait_for',
  'async_timeout.timeout',
  'async_timeout.timeout_at',
  'anyio.fail_after',
  'anyio.move_on_after',
]);

export const TIMEOUT_PLACEHOLDER = '60';

/**
 * The call reaps a process the same except clause already killed (`proc.kill()` then
 * `proc.communicate()` after a TimeoutExpired, as the subprocess docs show): it cannot hang.
 */
function afterKill(c: CallRec): boolean {
  if (c.receiver === null) return false;
  return (
    c.handler?.calls.some((k) => k.receiver === c.receiver && (k.tail === 'kill' || k.tail === 'terminate') && k.span.e <= c.span.s) ??
    false
  );
}

/** `proc.pid` passed to os.kill/os.killpg (also through os.getpgid) just before. */
const KILLS_PID = /\bkill(?:pg)?\s*\(\s*(?:[\w.]*getpgid\s*\(\s*)?$/;

/**
 * The wait reaps an asyncio process the same function killed before it (`proc.kill()`, or
 * `os.killpg(proc.pid, SIGKILL)` in a `finally` that cleans up after a timeout): it cannot hang.
 */
function killedBefore(c: CallRec, cx: RuleContext): boolean {
  if (c.receiver === null) return false;
  return cx
    .uses(c.receiver, cx.scopeSpan(c.scope))
    .some(
      (u) =>
        u.pos < c.span.s &&
        (u.attr === 'kill' ||
          u.attr === 'terminate' ||
          u.attr === 'send_signal' ||
          (u.attr === 'pid' && KILLS_PID.test(cx.lineBefore(u.pos)))),
    );
}

/** An asyncio process's wait()/communicate() awaited with no wait_for or timeout block around it. */
function asyncWait(c: CallRec, cx: RuleContext, around: AwaitContext): void {
  if (!around.awaited || afterKill(c) || killedBefore(c, cx)) return;
  const bounded = around.around.some((a) => a.limit !== 'None' && cx.facts.resolve(a.callee, c.scope).some((q) => TIME_LIMITS.has(q)));
  if (bounded) return;
  let fix: DraftFix | undefined;
  const asyncio = around.direct ? ensureImport('asyncio', cx) : null;
  if (asyncio) {
    const wrapped = replace(c.span, `${asyncio.name}.wait_for(${cx.slice(c.span)}, timeout=${TIMEOUT_PLACEHOLDER})`);
    fix = {
      title: `Wrap in ${asyncio.name}.wait_for(..., timeout=${TIMEOUT_PLACEHOLDER}) (adjust the seconds)`,
      safe: false,
      // The seconds are selected after the fix only when the wrapped call is its first edit.
      ...(asyncio.edit ? { edits: [wrapped, asyncio.edit] } : { edits: [wrapped], placeholder: TIMEOUT_PLACEHOLDER }),
    };
  }
  cx.report(c.calleeSpan, {
    fix,
    message: `Awaiting the process's ${c.tail}() with no time limit can hang the job forever: wrap it in asyncio.wait_for(..., timeout=<seconds>) or an \`async with asyncio.timeout(<seconds>):\` block`,
  });
}

/** What OPS102 reads of a call from the tree: how an asyncio wait is awaited, or an exec_command's receiver. */
type Detail = { kind: 'await'; around: AwaitContext } | { kind: 'remote'; remote: RemoteRunDetail };

export const subprocessNoTimeout = defineRule<Detail>({
  meta: {
    code: 'OPS102',
    name: 'subprocess-no-timeout',
    category: 'subprocess',
    summary:
      'A subprocess call, Popen/asyncio wait()/communicate() or paramiko exec_command() without a timeout can hang the job forever: pass timeout= (asyncio: wait_for).',
    defaultSeverity: 'warning',
    equivalents: [],
    fixable: 'unsafe',
  },
  message: 'Subprocess call without a timeout can hang forever: pass timeout=<seconds>',
  // Popen objects and asyncio processes are followed by the module facts (the calls that make
  // the latter are declared here, with their result use); afterKill() reads the except clause's calls.
  needs: {
    calls: [...FUNCTIONS.map((f) => `subprocess.${f}`), ...FOLLOWED_OBJECTS.asyncProcess, ...FOLLOWED_OBJECTS.sshClient],
    methods: [...Object.keys(POPEN_TIMEOUT_POSITION), 'exec_command'],
    methodsOf: ['subprocess', 'asyncio', 'paramiko'],
    handlers: true,
    resultUse: true,
  },
  callDetail(site) {
    const { tail, receiver } = site.record;
    if (tail === 'exec_command') {
      const remote = readRemoteRun(site);
      return remote && { kind: 'remote', remote };
    }
    return (tail === 'wait' || tail === 'communicate') && receiver !== null
      ? { kind: 'await', around: awaitContext(site.node, site.text) }
      : null;
  },
  call(c, cx, detail) {
    let what: string;
    if (FUNCTION_SET.has(c.tail)) {
      if (!cx.facts.calleeIs(c, `subprocess.${c.tail}`)) return;
      what = `subprocess.${c.tail}()`;
    } else if (c.tail === 'exec_command') {
      // exec_command(command, bufsize, timeout, ...): without a timeout, reading its output blocks forever.
      if (!isSshExec(c, cx, detail?.kind === 'remote' ? detail.remote : null) || positional(c).length > 2) return;
      what = 'SSHClient.exec_command()';
    } else if (c.tail in POPEN_TIMEOUT_POSITION) {
      if (detail?.kind === 'await' && cx.facts.isFollowedObject(c, 'asyncProcess')) return asyncWait(c, cx, detail.around);
      if (!cx.facts.isPopen(c)) return;
      if (positional(c).length > POPEN_TIMEOUT_POSITION[c.tail]) return;
      if (afterKill(c)) return;
      what = `Popen.${c.tail}()`;
    } else return;
    if (!c.args || hasKwargs(c) || hasStarArgs(c) || keyword(c, 'timeout')) return;
    const edit = addKeyword(c, `timeout=${TIMEOUT_PLACEHOLDER}`);
    cx.report(c.calleeSpan, {
      fix: edit
        ? { title: `Add timeout=${TIMEOUT_PLACEHOLDER} (adjust the seconds)`, safe: false, edits: [edit], placeholder: TIMEOUT_PLACEHOLDER }
        : undefined,
      message: `${what} without a timeout can hang the job forever${c.tail === 'exec_command' ? ' when the remote command stalls' : ''}: pass timeout=<seconds>`,
    });
  },
});
