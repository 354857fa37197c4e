// OPS101: a subprocess whose failure goes unnoticed.
import { FOLLOWED_OBJECTS } from '../facts';
import { addKeyword, replace } from '../fixEdits';
import type { CallRec } from '../model';
import { defineRule, type DraftFix, type RuleContext } from '../rule';
import { isSshExec, isWarnRun, readRemoteRun, sshExecUnchecked, warnRunUnchecked, WARN_METHODS, type RemoteRunDetail } from './remoteRuns';
import { boundValueLookedAt, hasKwargs, insideCheckedHelper, keyword } from './shared';

/** Reading one of these counts as looking at the exit status. */
const STATUS_ATTRS = new Set(['returncode', 'check_returncode']);

/** Text before a name that means its value is being used (`rc = p.wait()`, `if p.poll():`). */
const VALUE_CONTEXT = /(?:[=(,[{:]|\breturn|\bif|\bwhile|\bnot|\bor|\band|\bassert|\bin|\byield)\s*$/;

function runOrCall(c: CallRec, cx: RuleContext, isRun: boolean): void {
  if (!c.args || hasKwargs(c) || (isRun && keyword(c, 'check'))) return;
  if (insideCheckedHelper(c, cx)) return;
  let unchecked: boolean;
  switch (c.use) {
    case 'stmt':
      unchecked = true;
      break;
    case 'assign':
      unchecked = c.boundTo !== null && !boundValueLookedAt(c, c.boundTo, cx, (attr) => !isRun || STATUS_ATTRS.has(attr));
      break;
    case 'attr':
      unchecked = isRun && c.attrUse !== null && !STATUS_ATTRS.has(c.attrUse);
      break;
    default:
      unchecked = false;
  }
  if (!unchecked) return;
  const name = isRun ? 'subprocess.run()' : 'subprocess.call()';
  let fix: DraftFix | undefined;
  if (isRun) {
    const edit = addKeyword(c, 'check=True');
    if (edit) fix = { title: 'Add check=True (raises CalledProcessError on failure)', safe: false, edits: [edit] };
  } else if (c.use === 'stmt' && c.receiver !== null) {
    fix = {
      title: 'Use subprocess.check_call() (raises CalledProcessError on failure)',
      safe: false,
      edits: [replace(c.tailSpan, 'check_call')],
    };
  }
  cx.report(c.calleeSpan, {
    fix,
    message: `${name} result is never checked, so a failing command goes unnoticed: pass check=True or inspect returncode`,
  });
}

/** The text before a `proc.wait()` uses its value: `rc = await proc.wait()`, `if await asyncio.wait_for(proc.wait(), 9):`. */
function awaitedValueUsed(before: string): boolean {
  const bare = before.replace(/(?:\bawait\s+)?(?:[\w.]*\bwait_for\s*\(\s*)?(?:\bawait\s*)?$/, '');
  return VALUE_CONTEXT.test(bare);
}

/** The use at `pos` starts its line, and the line before ends inside brackets (`gather(\n    proc.wait(),`). */
function continuesArguments(cx: RuleContext, pos: number): boolean {
  const at = cx.toDocument(pos);
  const before = cx.text.slice(Math.max(0, at - 200), at);
  return /[([,]\s*(?:#[^\n]*)?\n\s*(?:await\s+)?$/.test(before);
}

/** Whether the asyncio process bound to `name` has its exit status read, or is handed on, after it is made. */
function processStatusRead(c: CallRec, name: string, cx: RuleContext): boolean {
  for (const use of cx.uses(name, cx.scopeSpan(c.scope))) {
    if (use.rebinding || use.pos < c.span.e) continue;
    if (use.attr === null || use.attr === 'returncode') return true;
    if (use.attr === 'wait' && (awaitedValueUsed(cx.lineBefore(use.pos)) || continuesArguments(cx, use.pos))) return true;
  }
  return false;
}

/** A process started by asyncio.create_subprocess_exec/shell whose exit status nothing reads. */
function asyncProcess(c: CallRec, cx: RuleContext): void {
  if (!c.args || insideCheckedHelper(c, cx)) return;
  // An attribute (self.proc) is read elsewhere, in another method, as often as not.
  if (c.use === 'assign' ? c.boundTo === null || c.boundTo.includes('.') || processStatusRead(c, c.boundTo, cx) : c.use !== 'stmt') return;
  cx.report(c.calleeSpan, {
    message: `The exit status of the process started by asyncio.${c.tail}() is never checked, so a failing command goes unnoticed: read proc.returncode after awaiting wait() or communicate()`,
  });
}

function popenWait(c: CallRec, cx: RuleContext): void {
  if (c.use !== 'stmt' || !cx.facts.isPopen(c) || insideCheckedHelper(c, cx)) return;
  if (c.receiver) {
    for (const use of cx.uses(c.receiver, cx.scopeSpan(c.scope))) {
      if (use.attr === 'returncode') return;
      if ((use.attr === 'wait' || use.attr === 'poll') && use.pos !== c.span.s && VALUE_CONTEXT.test(cx.lineBefore(use.pos))) return;
    }
  }
  cx.report(c.calleeSpan, {
    message: 'Popen.wait() exit status is ignored, so a failing command goes unnoticed: check the returned code (or returncode)',
  });
}

export const subprocessUnchecked = defineRule<RemoteRunDetail>({
  meta: {
    code: 'OPS101',
    name: 'subprocess-unchecked',
    category: 'subprocess',
    summary:
      'subprocess.run/call, Popen.wait(), asyncio processes, paramiko exec_command() and fabric/invoke run(warn=True) whose exit status is never checked.',
    defaultSeverity: 'error',
    equivalents: ['ruff:PLW1510', 'pylint:W1510'],
    fixable: 'unsafe',
  },
  message: 'Subprocess exit status is never checked: pass check=True or inspect returncode',
  // Popen objects (for wait()), asyncio processes, SSH clients and fabric/invoke contexts are
  // followed by the module facts; the calls that make the last three are declared here.
  needs: {
    calls: [
      'subprocess.run',
      'subprocess.call',
      'invoke.run',
      'invoke.sudo',
      ...FOLLOWED_OBJECTS.asyncProcess,
      ...FOLLOWED_OBJECTS.sshClient,
      ...FOLLOWED_OBJECTS.invokeContext,
    ],
    methods: ['wait', 'exec_command', ...WARN_METHODS],
    // Each method is read on objects of these libraries only: a module naming none of them has none.
    methodsOf: ['subprocess', 'asyncio', 'paramiko', 'fabric', 'invoke'],
    resultUse: true,
  },
  callDetail: readRemoteRun,
  call(c, cx, detail) {
    if (c.tail === 'wait') return popenWait(c, cx);
    if (isSshExec(c, cx, detail)) return insideCheckedHelper(c, cx) ? undefined : sshExecUnchecked(c, cx, detail);
    if (isWarnRun(c, cx, detail)) return insideCheckedHelper(c, cx) ? undefined : warnRunUnchecked(c, cx);
    if (c.tail.startsWith('create_subprocess_')) {
      if (cx.facts.calleeIs(c, ...FOLLOWED_OBJECTS.asyncProcess)) asyncProcess(c, cx);
      return;
    }
    if (c.tail !== 'run' && c.tail !== 'call') return;
    if (cx.facts.calleeIs(c, 'subprocess.run')) runOrCall(c, cx, true);
    else if (cx.facts.calleeIs(c, 'subprocess.call')) runOrCall(c, cx, false);
  },
});
