// Commands run elsewhere whose exit status OPS101 and OPS102 read: paramiko's
// SSHClient.exec_command() and fabric's / invoke's run()/sudo() with warn=True.
import type { Node } from 'web-tree-sitter';
import { FOLLOWED_OBJECTS } from '../facts';
import type { CallRec } from '../model';
import { replace } from '../fixEdits';
import type { CallSite, DraftFix, RuleContext } from '../rule';
import { annotatedAs, parameterOf, type ParameterInfo } from './parameters';
import { argValue, keyword } from './shared';

/** What OPS101 and OPS102 read of these calls from the tree (see RuleImpl.callDetail). */
export interface RemoteRunDetail {
  /** The receiver, when it is a parameter of the function around the call. */
  param: ParameterInfo | null;
  /** `stdin, stdout, stderr = client.exec_command(...)`: the names, in order. */
  targets: string[];
}

const SSH_CLIENTS: readonly string[] = FOLLOWED_OBJECTS.sshClient;
const INVOKE_CONTEXTS: readonly string[] = FOLLOWED_OBJECTS.invokeContext;
/** fabric's and invoke's task decorators: their function's first parameter is the context. */
const TASK_DECORATORS = ['invoke.task', 'invoke.tasks.task', 'fabric.task', 'fabric.tasks.task'];
/** Module-level functions that run a command locally with a fresh context. */
const INVOKE_FUNCTIONS = ['invoke.run', 'invoke.sudo'];
/** Methods of a fabric Connection or invoke Context that run a command and take warn=. */
export const WARN_METHODS = ['run', 'sudo', 'local'];
/** Reading one of these from an invoke Result looks at how the command ended. */
const RESULT_STATUS = new Set(['ok', 'failed', 'return_code', 'exited']);
/** Reading one of these from a paramiko channel reads the exit status. */
const CHANNEL_STATUS = /^\s*\.\s*(?:recv_exit_status|exit_status)\b/;

/** The names of a tuple the call's result is unpacked into, in order. */
function unpackedInto(call: Node, text: string): string[] {
  const parent = call.parent;
  if (parent?.type !== 'assignment') return [];
  const left = parent.childForFieldName('left');
  if (!left || (left.type !== 'pattern_list' && left.type !== 'tuple_pattern')) return [];
  return left.namedChildren.filter((n): n is Node => n?.type === 'identifier').map((n) => text.slice(n.startIndex, n.endIndex));
}

export function readRemoteRun(site: CallSite): RemoteRunDetail | null {
  const { tail, receiver } = site.record;
  const exec = tail === 'exec_command';
  if (!exec && !(WARN_METHODS.includes(tail) && site.keyword('warn'))) return null;
  const param = receiver !== null && !receiver.includes('.') ? parameterOf(site.node, receiver, site.text) : null;
  return { param, targets: exec ? unpackedInto(site.node, site.text) : [] };
}

/** `client.exec_command(...)` on a paramiko SSHClient: bound, made in place, or a parameter annotated so. */
export function isSshExec(c: CallRec, cx: RuleContext, detail: RemoteRunDetail | null): boolean {
  if (c.tail !== 'exec_command') return false;
  return cx.facts.isFollowedObject(c, 'sshClient') || annotatedAs(detail?.param?.annotation, c, cx, SSH_CLIENTS);
}

/** Uses of `name` after the call, in its scope. */
function usesAfter(c: CallRec, name: string, cx: RuleContext) {
  return cx.uses(name, cx.scopeSpan(c.scope)).filter((u) => !u.rebinding && u.pos >= c.span.e);
}

/** Whether one of the streams exec_command returned has its channel's exit status read, or is handed on. */
function streamsChecked(c: CallRec, names: string[], cx: RuleContext): boolean {
  for (const name of names) {
    for (const use of usesAfter(c, name, cx)) {
      if (use.attr === null) return true;
      if (use.attr !== 'channel') continue;
      const after = use.pos + name.length;
      const rest = cx.slice({ s: after, e: after + 200 }).replace(/^\s*\.\s*channel/, '');
      // `chan = stdout.channel` hands the channel on; `stdout.channel.recv_exit_status()` reads it.
      if (CHANNEL_STATUS.test(rest) || !/^\s*\./.test(rest)) return true;
    }
  }
  return false;
}

/** OPS101: an exec_command() whose exit status nothing reads. */
export function sshExecUnchecked(c: CallRec, cx: RuleContext, detail: RemoteRunDetail | null): void {
  if (!c.args) return;
  let unchecked: boolean;
  if (c.use === 'stmt') unchecked = true;
  else if (c.use === 'assign' && c.boundTo !== null && !c.boundTo.includes('.')) unchecked = usesAfter(c, c.boundTo, cx).length === 0;
  else if (detail && detail.targets.length > 0) unchecked = !streamsChecked(c, detail.targets, cx);
  else unchecked = false;
  if (!unchecked) return;
  cx.report(c.calleeSpan, {
    message:
      'The exit status of the remote command run by exec_command() is never read, so a failing command goes unnoticed: check stdout.channel.recv_exit_status()',
  });
}

/** `c.run(..., warn=True)` on a fabric Connection or invoke Context, or invoke.run(..., warn=True). */
export function isWarnRun(c: CallRec, cx: RuleContext, detail: RemoteRunDetail | null): boolean {
  if (!WARN_METHODS.includes(c.tail)) return false;
  const warn = keyword(c, 'warn');
  if (!warn || argValue(cx, warn) !== 'True') return false;
  if (cx.facts.calleeIs(c, ...INVOKE_FUNCTIONS) || cx.facts.isFollowedObject(c, 'invokeContext')) return true;
  const param = detail?.param;
  if (!param) return false;
  if (annotatedAs(param.annotation, c, cx, INVOKE_CONTEXTS)) return true;
  // `@task def deploy(c):` the task's first parameter is the context fabric/invoke passes in.
  return param.index === 0 && param.decorators.some((d) => cx.facts.resolve(d, c.scope).some((q) => TASK_DECORATORS.includes(q)));
}

/** Removes `warn=True` with the comma that joins it to its neighbour: a failing command then raises. */
function dropWarn(c: CallRec): DraftFix | undefined {
  const args = c.args ?? [];
  const at = args.findIndex((a) => a.kind === 'kw' && a.name === 'warn');
  if (at === -1) return undefined;
  const span = at > 0 ? { s: args[at - 1].span.e, e: args[at].span.e } : { s: args[at].span.s, e: args[at + 1]?.span.s ?? args[at].span.e };
  return { title: 'Remove warn=True (a failing command raises UnexpectedExit)', safe: false, edits: [replace(span, '')] };
}

/** OPS101: a run(..., warn=True) whose result nothing looks at. */
export function warnRunUnchecked(c: CallRec, cx: RuleContext): void {
  let unchecked: boolean;
  switch (c.use) {
    case 'stmt':
      unchecked = true;
      break;
    case 'assign':
      unchecked =
        c.boundTo !== null &&
        !c.boundTo.includes('.') &&
        !usesAfter(c, c.boundTo, cx).some((u) => u.attr === null || RESULT_STATUS.has(u.attr));
      break;
    case 'attr':
      unchecked = c.attrUse !== null && !RESULT_STATUS.has(c.attrUse);
      break;
    default:
      unchecked = false;
  }
  if (!unchecked) return;
  cx.report(c.calleeSpan, {
    fix: dropWarn(c),
    message: `${c.tail}(..., warn=True) does not raise when the command fails, and its result is never checked: test result.ok or result.failed (or drop warn=True so that a failure raises)`,
  });
}
