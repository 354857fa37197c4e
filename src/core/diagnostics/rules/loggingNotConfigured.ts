// OPS203: a __main__ script that logs but never configures logging.
import type { RuleImpl } from '../rule';
import { ensureImport } from '../fixEdits';

export const loggingNotConfigured: RuleImpl = {
  meta: {
    code: 'OPS203',
    name: 'logging-not-configured',
    category: 'logging',
    summary: 'A __main__ script that logs but never configures logging loses INFO/DEBUG records: call logging.basicConfig() in the entry point.',
    defaultSeverity: 'warning',
    equivalents: [],
    fixable: 'unsafe',
  },
  message:
    'This script logs but never configures logging, so INFO and DEBUG records are dropped: call logging.basicConfig(...) at the start of the __main__ block',
  document(cx) {
    const f = cx.facts;
    if (!f.main || !f.emitsLogRecords || f.configuresLogging) return;
    const { base, rec } = f.main;
    const logging = ensureImport('logging', cx);
    if (!logging) {
      cx.report(base + rec.header.s, base + rec.header.e);
      return;
    }
    const call = `${logging.name}.basicConfig(level=${logging.name}.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")`;
    const at = base + rec.firstStatement;
    const edits = [{ s: at, e: at, text: rec.indent !== null ? `${call}${cx.eol}${rec.indent}` : `${call}; ` }];
    if (logging.edit) edits.push(logging.edit);
    cx.report(base + rec.header.s, base + rec.header.e, { title: 'Add logging.basicConfig(level=INFO) to the entry point', safe: false, edits });
  },
};
