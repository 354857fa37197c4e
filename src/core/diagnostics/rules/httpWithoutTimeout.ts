// OPS302: HTTP requests that can wait forever.
import { SESSION_MAKERS } from '../facts';
import { addKeyword, replace } from '../fixEdits';
import type { CallRec } from '../model';
import { defineRule, type RuleContext } from '../rule';
import { argValue, hasKwargs, keyword, positional } from './shared';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const METHOD_SET = new Set(METHODS);
export const HTTP_TIMEOUT_PLACEHOLDER = '30';

/** `httpx.Client(timeout=None)` turns off the default timeout of every request the client sends. */
function clientWithoutTimeout(c: CallRec, cx: RuleContext): void {
  const timeout = keyword(c, 'timeout');
  if (!timeout || argValue(cx, timeout) !== 'None') return;
  cx.report(timeout.span, {
    fix: {
      title: `Set timeout=${HTTP_TIMEOUT_PLACEHOLDER} (adjust the seconds)`,
      safe: false,
      edits: [replace(timeout.value, HTTP_TIMEOUT_PLACEHOLDER)],
      placeholder: HTTP_TIMEOUT_PLACEHOLDER,
    },
    message: `httpx.${c.tail}(timeout=None) lets every request it sends hang forever: pass timeout=<seconds>`,
  });
}

export const httpWithoutTimeout = defineRule({
  meta: {
    code: 'OPS302',
    name: 'http-without-timeout',
    category: 'robustness',
    summary: 'requests/urlopen without a timeout (or httpx with timeout=None) can hang the job forever: pass timeout=.',
    defaultSeverity: 'warning',
    equivalents: ['ruff:S113', 'bandit:B113'],
    fixable: 'unsafe',
  },
  message: 'HTTP request without a timeout can hang forever: pass timeout=<seconds>',
  needs: {
    calls: [
      ...METHODS.map((m) => `requests.${m}`),
      ...METHODS.map((m) => `httpx.${m}`),
      'urllib.request.urlopen',
      'httpx.Client',
      'httpx.AsyncClient',
    ],
    // Methods of sessions (requests.Session(), httpx.Client()), which the module facts follow.
    methods: METHODS,
    methodsOf: ['requests', 'httpx'],
    methodsOn: SESSION_MAKERS,
  },
  call(c, cx) {
    const f = cx.facts;
    if ((c.tail === 'Client' || c.tail === 'AsyncClient') && f.calleeIs(c, `httpx.${c.tail}`)) return clientWithoutTimeout(c, cx);
    let library: 'requests' | 'httpx' | 'urllib';
    if (METHOD_SET.has(c.tail)) {
      if (f.calleeIs(c, `requests.${c.tail}`)) library = 'requests';
      else if (f.calleeIs(c, `httpx.${c.tail}`)) library = 'httpx';
      else {
        const session = f.sessionLibrary(c);
        if (!session) return;
        library = session;
      }
    } else if (c.tail === 'urlopen' && f.calleeIs(c, 'urllib.request.urlopen')) {
      library = 'urllib';
      if (positional(c).length >= 3) return;
    } else return;
    if (!c.args || hasKwargs(c)) return;
    const timeout = keyword(c, 'timeout');
    const what = library === 'urllib' ? 'urlopen()' : `${library}.${c.tail}()`;
    if (timeout) {
      if (argValue(cx, timeout) !== 'None') return;
      cx.report(timeout.span, {
        fix: {
          title: `Set timeout=${HTTP_TIMEOUT_PLACEHOLDER} (adjust the seconds)`,
          safe: false,
          edits: [replace(timeout.value, HTTP_TIMEOUT_PLACEHOLDER)],
          placeholder: HTTP_TIMEOUT_PLACEHOLDER,
        },
        message: `${what} with timeout=None can hang forever: pass timeout=<seconds>`,
      });
      return;
    }
    // httpx applies a 5 second default timeout; only an explicit None is a problem there.
    if (library === 'httpx') return;
    const edit = addKeyword(c, `timeout=${HTTP_TIMEOUT_PLACEHOLDER}`);
    cx.report(c.calleeSpan, {
      fix: edit
        ? {
            title: `Add timeout=${HTTP_TIMEOUT_PLACEHOLDER} (adjust the seconds)`,
            safe: false,
            edits: [edit],
            placeholder: HTTP_TIMEOUT_PLACEHOLDER,
          }
        : undefined,
      message: `${what} without a timeout can hang forever: pass timeout=<seconds>`,
    });
  },
});
