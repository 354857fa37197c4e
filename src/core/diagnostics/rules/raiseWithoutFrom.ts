// OPS108: a new exception raised inside `except` without `from`.
import { insert } from '../fixEdits';
import { mayRaise } from './handlerText';
import { defineRule, type DraftEdit, type RuleContext } from '../rule';

/** Raising these exits or ends iteration; a cause chain adds nothing. */
const EXEMPT = new Set(['SystemExit', 'KeyboardInterrupt', 'StopIteration', 'StopAsyncIteration', 'GeneratorExit']);

export const raiseWithoutFrom = defineRule({
  meta: {
    code: 'OPS108',
    name: 'raise-without-from',
    category: 'error-handling',
    summary: 'Raising a new exception inside except without `from` hides the original cause: add `from err`.',
    defaultSeverity: 'warning',
    equivalents: ['ruff:B904', 'pylint:W0707'],
    fixable: 'safe',
  },
  message: 'New exception raised inside except without `from`: chain it with `raise ... from err`',
  needs: { handlersMatterIn: mayRaise },
  raise(r, cx) {
    const h = r.handler;
    if (!h || r.hasCause || (r.exprKind !== 'call' && r.exprKind !== 'name') || !r.exprName) return;
    const last = r.exprName.slice(r.exprName.lastIndexOf('.') + 1);
    if (EXEMPT.has(last)) return;
    // `raise err.with_traceback(tb)` re-raises the caught error itself.
    if (r.exprKind === 'call' && h.alias && r.exprName === `${h.alias}.with_traceback`) return;
    // `raise err` re-raises the caught error; lower-case names are usually stored exceptions.
    if (r.exprKind === 'name' && (r.exprName === h.alias || !/^[A-Z]/.test(last))) return;
    // Built when asked for: a name for the caught error is one its scope does not mention.
    const fix =
      h.alias || !h.bare
        ? (cx: RuleContext) => {
            const edits: DraftEdit[] = [];
            let name = h.alias;
            if (!name) {
              const scope = cx.scopeSpan(h.scope);
              name = ['err', 'exc', 'error', 'caught'].find((n) => !cx.mentions(n, scope)) ?? null;
              if (name) edits.push(insert(h.typeEnd, ` as ${name}`));
            }
            if (!name) return undefined;
            edits.push(insert(r.exprEnd, ` from ${name}`));
            return { title: `Chain with \`from ${name}\``, safe: true, edits };
          }
        : undefined;
    cx.report({ s: r.span.s, e: r.exprEnd }, { fix });
  },
});
