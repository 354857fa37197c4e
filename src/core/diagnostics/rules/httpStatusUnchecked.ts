// OPS111: an HTTP response whose status nobody looks at.
import { SESSION_MAKERS } from '../facts';
import { insert } from '../fixEdits';
import type { CallRec } from '../model';
import { defineRule, type RuleContext } from '../rule';
import { boundValueLookedAt, hasKwargs, keyword } from './shared';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const METHOD_SET = new Set(METHODS);

/**
 * Reading one of these looks at the status: requests' raise_for_status/ok/status_code, httpx's
 * is_success, is_error, is_client_error... (`if resp:` is a use of the whole response, also counted).
 */
const STATUS_ATTR = /^(?:raise_for_status|ok|status_code|is_[a-z_]+)$/;

/** Whether the session a request is sent through may check its responses itself, with hooks. */
function hasResponseHooks(c: CallRec, cx: RuleContext): boolean {
  const all = cx.scopeSpan(null);
  if (cx.mentions('event_hooks', all)) return true;
  return c.receiver !== null && cx.uses(c.receiver, all).some((u) => u.attr === 'hooks' || u.attr === 'event_hooks');
}

/** The library and what to call the request in a message, or null when `c` is no requests/httpx request. */
function request(c: CallRec, cx: RuleContext): string | null {
  const f = cx.facts;
  if (c.tail === 'stream') {
    // httpx.stream() / client.stream() give the response only in a with block.
    if (f.calleeIs(c, 'httpx.stream')) return 'httpx.stream()';
    return f.sessionLibrary(c) === 'httpx' ? `${c.receiver ?? 'client'}.stream()` : null;
  }
  if (!METHOD_SET.has(c.tail)) return null;
  if (f.calleeIs(c, `requests.${c.tail}`)) return `requests.${c.tail}()`;
  if (f.calleeIs(c, `httpx.${c.tail}`)) return `httpx.${c.tail}()`;
  const session = f.sessionLibrary(c);
  if (!session) return null;
  // Response hooks (`session.hooks["response"] = ...`, `httpx.Client(event_hooks=...)`) may raise
  // for every response of the session: looked at, as far as the text can tell.
  if (hasResponseHooks(c, cx)) return null;
  return `${c.receiver ?? (session === 'requests' ? 'session' : 'client')}.${c.tail}()`;
}

export const httpStatusUnchecked = defineRule({
  meta: {
    code: 'OPS111',
    name: 'http-status-unchecked',
    category: 'error-handling',
    summary:
      'A requests/httpx response whose status is never looked at (raise_for_status(), .ok, .status_code, handing it on): a 404 or 500 passes for success.',
    defaultSeverity: 'warning',
    equivalents: [],
    fixable: 'unsafe',
  },
  message:
    'The status of this HTTP response is never checked, so a 404 or 500 passes for success: call raise_for_status() or look at status_code',
  // Session and client objects (requests.Session(), httpx.Client()) are followed by the module facts.
  needs: {
    calls: [...METHODS.map((m) => `requests.${m}`), ...METHODS.map((m) => `httpx.${m}`), 'httpx.stream'],
    methods: [...METHODS, 'stream'],
    methodsOf: ['requests', 'httpx'],
    methodsOn: SESSION_MAKERS,
    resultUse: true,
  },
  call(c, cx) {
    if (!c.args || hasKwargs(c) || keyword(c, 'hooks') || keyword(c, 'event_hooks')) return;
    const what = request(c, cx);
    // httpx.stream() gives a context manager: the response is what `with ... as r` binds.
    if (!what || (c.tail === 'stream' && c.use !== 'with')) return;
    let message: string;
    let fixable = false;
    switch (c.use) {
      case 'stmt':
        message = `The response of ${what} is dropped, so an HTTP error (404, 500) passes for success: call raise_for_status() on it`;
        // `await client.post(...)` as a statement would need parentheses; offered only without await.
        fixable = !/\bawait\s*$/.test(cx.lineBefore(c.span.s));
        break;
      case 'attr':
        if (c.attrUse === null || STATUS_ATTR.test(c.attrUse)) return;
        message = `The response of ${what} is used (.${c.attrUse}) without checking its status, so an error page passes for data: call raise_for_status() first`;
        break;
      case 'assign':
      case 'with':
        // An attribute (self.resp) is read in other methods as often as not.
        if (c.boundTo === null || c.boundTo.includes('.')) return;
        if (boundValueLookedAt(c, c.boundTo, cx, (attr) => STATUS_ATTR.test(attr), true)) return;
        message = `The status of the response in \`${c.boundTo}\` (${what}) is never checked, so a 404 or 500 passes for success: call ${c.boundTo}.raise_for_status() or look at ${c.boundTo}.status_code`;
        break;
      default:
        return;
    }
    cx.report(c.calleeSpan, {
      message,
      fix: fixable
        ? {
            title: 'Call .raise_for_status() on the response (raises on an HTTP error)',
            safe: false,
            edits: [insert(c.span.e, '.raise_for_status()')],
          }
        : undefined,
    });
  },
});
