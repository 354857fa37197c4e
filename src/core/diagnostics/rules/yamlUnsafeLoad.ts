// OPS303: yaml.load without a safe loader.
import { replace } from '../fixEdits';
import { dottedName } from '../pythonNames';
import { defineRule } from '../rule';
import { argValue, hasKwargs, keyword, positional } from './shared';

const SAFE_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);
const UNSAFE_LOADERS = new Set(['Loader', 'CLoader', 'FullLoader', 'CFullLoader', 'UnsafeLoader', 'CUnsafeLoader']);

export const yamlUnsafeLoad = defineRule({
  meta: {
    code: 'OPS303',
    name: 'yaml-unsafe-load',
    category: 'security',
    summary: 'yaml.load() without a safe Loader can build arbitrary Python objects from the file: use yaml.safe_load().',
    defaultSeverity: 'warning',
    equivalents: ['ruff:S506', 'bandit:B506'],
    fixable: 'unsafe',
  },
  message: 'yaml.load() without a safe Loader can run code from the document: use yaml.safe_load()',
  needs: { calls: ['yaml.load', 'yaml.load_all'] },
  call(c, cx) {
    if ((c.tail !== 'load' && c.tail !== 'load_all') || !c.args) return;
    if (!cx.facts.calleeIs(c, `yaml.${c.tail}`) || hasKwargs(c)) return;
    const loader = keyword(c, 'Loader') ?? positional(c)[1];
    const safeName = c.tail === 'load' ? 'safe_load' : 'safe_load_all';
    if (!loader) {
      const fix =
        c.receiver !== null ? { title: `Use yaml.${safeName}()`, safe: false, edits: [replace(c.tailSpan, safeName)] } : undefined;
      cx.report(c.calleeSpan, { fix });
      return;
    }
    const name = dottedName(argValue(cx, loader));
    if (!name) return;
    const last = name.slice(name.lastIndexOf('.') + 1);
    if (SAFE_LOADERS.has(last) || !UNSAFE_LOADERS.has(last)) return;
    const prefix = name.includes('.') ? name.slice(0, name.lastIndexOf('.') + 1) : '';
    cx.report(loader.span, {
      fix: { title: 'Use yaml.SafeLoader', safe: false, edits: [replace(loader.value, `${prefix}SafeLoader`)] },
      message: `yaml.${c.tail}() with ${last} can build arbitrary Python objects: use SafeLoader (yaml.${safeName})`,
    });
  },
});
