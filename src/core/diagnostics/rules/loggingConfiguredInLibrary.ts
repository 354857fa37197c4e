// OPS207: logging configured when an importable module is imported.
import { defineRule } from '../rule';

const CONFIGURE = ['logging.basicConfig', 'logging.config.dictConfig', 'logging.config.fileConfig'];
/** The receiver written before `.addHandler`: the root logger (`logging.getLogger()`, `logging.root`). */
const ROOT_RECEIVER = /(?:\bgetLogger\(\s*(?:None|""|'')?\s*\)|\blogging\s*\.\s*root)\s*\.\s*$/;

export const loggingConfiguredInLibrary = defineRule({
  meta: {
    code: 'OPS207',
    name: 'logging-configured-in-library',
    category: 'logging',
    summary:
      'basicConfig/dictConfig/fileConfig, or a handler added to the root logger, at import time of an importable module takes over the logging of every program that imports it: configure logging in the entry point.',
    defaultSeverity: 'warning',
    equivalents: [],
    fixable: 'none',
  },
  message:
    "Importing this module configures logging for the whole program: configure logging in the entry point (the script's __main__ block) instead",
  needs: { calls: CONFIGURE, methods: ['addHandler'] },
  call(c, cx) {
    // Code in functions runs when the application asks for it; module and class bodies run on import.
    if (cx.facts.isScript || !(c.moduleLevel || c.classLevel)) return;
    if (c.tail === 'addHandler') {
      if (!c.args || !ROOT_RECEIVER.test(cx.slice({ s: c.span.s, e: c.tailSpan.s }))) return;
      cx.report(c.calleeSpan, {
        message:
          "Importing this module adds a handler to the root logger, so every program that imports it logs through that handler: add handlers in the entry point, or to this module's own logger",
      });
      return;
    }
    const hit = CONFIGURE.find((q) => q.endsWith(`.${c.tail}`));
    if (!hit || !cx.facts.calleeIs(c, hit)) return;
    cx.report(c.calleeSpan, {
      message: `Importing this module calls ${hit}(), which configures logging for the whole program: configure logging in the entry point (the script's __main__ block) instead`,
    });
  },
});
