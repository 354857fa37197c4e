// OPS203: a __main__ script that logs but never configures logging.
import { ensureImport, insert } from '../fixEdits';
import { defineRule } from '../rule';

export const loggingNotConfigured = defineRule({
  meta: {
    code: 'OPS203',
    name: 'logging-not-configured',
    category: 'logging',
    summary:
      'A __main__ script that logs but never configures logging loses INFO/DEBUG records: call logging.basicConfig() in the entry point.',
    defaultSeverity: 'warning',
    equivalents: [],
    fixable: 'unsafe',
  },
  message:
    'This script logs but never configures logging, so INFO and DEBUG records are dropped: call logging.basicConfig(...) at the start of the __main__ block',
  // Reads only module facts (the __main__ block, log calls, logging configuration), in document offsets.
  document(cx) {
    const f = cx.facts;
    const main = f.main;
    if (!main || !f.emitsLogRecords || f.configuresLogging) return;
    const logging = ensureImport('logging', cx);
    if (!logging) {
      cx.report(main.header);
      return;
    }
    const call = `${logging.name}.basicConfig(level=${logging.name}.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")`;
    const edits = [insert(main.firstStatement, main.indent !== null ? `${call}${cx.eol}${main.indent}` : `${call}; `)];
    if (logging.edit) edits.push(logging.edit);
    cx.report(main.header, { fix: { title: 'Add logging.basicConfig(level=INFO) to the entry point', safe: false, edits } });
  },
});
