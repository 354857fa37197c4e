// OPS109: a subprocess.Popen whose process is never waited for.
import type { CallRec } from '../model';
import { defineRule, type RuleContext } from '../rule';
import { argValue, hasKwargs, insideCheckedHelper, keyword } from './shared';

/** Reading one of these reaps the process, or hands that job to code that reads the exit status. */
const REAPS = new Set(['wait', 'communicate', 'poll', 'returncode', '__exit__', '__enter__']);

/** Popen(..., start_new_session=True) / preexec_fn=os.setsid: a daemon left running on purpose. */
function detached(c: CallRec, cx: RuleContext): boolean {
  const session = keyword(c, 'start_new_session');
  if (session && argValue(cx, session) !== 'False') return true;
  const preexec = keyword(c, 'preexec_fn');
  return preexec !== undefined && /setsid|setpgrp/.test(argValue(cx, preexec));
}

/** Whether the process bound to `name` is reaped, or the object handed on (returned, passed, stored), in its scope. */
function reaped(c: CallRec, name: string, cx: RuleContext): boolean {
  for (const use of cx.uses(name, cx.scopeSpan(c.scope))) {
    if (use.rebinding || use.pos < c.span.e) continue;
    if (use.attr === null || REAPS.has(use.attr)) return true;
  }
  return false;
}

export const popenNeverWaited = defineRule({
  meta: {
    code: 'OPS109',
    name: 'popen-never-waited',
    category: 'subprocess',
    summary:
      'A subprocess.Popen whose process nothing waits for (wait, poll, a with block, handing it on): its exit status is lost and it lingers as a zombie.',
    defaultSeverity: 'warning',
    equivalents: [],
    fixable: 'none',
  },
  message:
    'The process started by subprocess.Popen() is never waited for: its exit status is lost and it stays a zombie until the script ends; call wait() or communicate(), or use `with subprocess.Popen(...) as proc:`',
  needs: { calls: ['subprocess.Popen'], resultUse: true },
  call(c, cx) {
    if (c.tail !== 'Popen' || !c.args || hasKwargs(c) || !cx.facts.calleeIs(c, 'subprocess.Popen')) return;
    // The user's own subprocess helpers (checked-subprocess-helpers) look after their processes.
    if (detached(c, cx) || insideCheckedHelper(c, cx)) return;
    switch (c.use) {
      case 'stmt':
        break;
      case 'attr':
        if (c.attrUse !== null && REAPS.has(c.attrUse)) return;
        break;
      case 'assign':
        // An attribute (self.proc) is reaped elsewhere, in another method, as often as not.
        if (c.boundTo === null || c.boundTo.includes('.') || reaped(c, c.boundTo, cx)) return;
        break;
      default:
        return;
    }
    cx.report(c.calleeSpan);
  },
});
