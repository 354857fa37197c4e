// OPS102: subprocess calls that can wait forever.
import { addKeyword } from '../fixEdits';
import type { CallRec } from '../model';
import { defineRule } from '../rule';
import { hasKwargs, hasStarArgs, keyword, positional } from './shared';

const FUNCTIONS = ['run', 'call', 'check_call', 'check_output'];
const FUNCTION_SET = new Set(FUNCTIONS);
/** Positional index of `timeout` in Popen.wait(timeout) and Popen.communicate(input, timeout). */
const POPEN_TIMEOUT_POSITION: Record<string, number> = { wait: 0, communicate: 1 };

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

export const subprocessNoTimeout = defineRule({
  meta: {
    code: 'OPS102',
    name: 'subprocess-no-timeout',
    category: 'subprocess',
    summary: 'A subprocess call or Popen.wait()/communicate() without a timeout can hang the job forever: pass timeout=.',
    defaultSeverity: 'warning',
    equivalents: [],
    fixable: 'unsafe',
  },
  message: 'Subprocess call without a timeout can hang forever: pass timeout=<seconds>',
  // Popen objects are followed by the module facts; afterKill() reads the except clause's calls.
  needs: { calls: FUNCTIONS.map((f) => `subprocess.${f}`), methods: Object.keys(POPEN_TIMEOUT_POSITION), handlers: true },
  call(c, cx) {
    let what: string;
    if (FUNCTION_SET.has(c.tail)) {
      if (!cx.facts.calleeIs(c, `subprocess.${c.tail}`)) return;
      what = `subprocess.${c.tail}()`;
    } else if (c.tail in POPEN_TIMEOUT_POSITION) {
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
      message: `${what} without a timeout can hang the job forever: pass timeout=<seconds>`,
    });
  },
});
