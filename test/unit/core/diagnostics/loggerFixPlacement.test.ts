// Where the safe OPS205 fix (and the OPS202 one, which shares it) defines the module logger: the
// fixed module must still parse and, imported, must run without a NameError where it ran before.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { applyFixes } from '../../../../src/core/diagnostics';
import { analyze, internalErrors } from './helpers';

/** What importing each module does under Python: "ok", or the exception it raises. */
function importOutcomes(modules: string[]): string[] {
  const script = [
    'import json, logging, sys',
    'logging.disable(logging.CRITICAL)',
    'out = []',
    'for src in json.load(sys.stdin):',
    '    try:',
    '        exec(compile(src, "fixed_module.py", "exec"), {"__name__": "fixed_module"})',
    '        out.append("ok")',
    '    except BaseException as e:',
    '        out.append("%s: %s" % (type(e).__name__, e))',
    'json.dump(out, sys.stdout)',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(modules), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

/** Safe fix-all, as `pyops check --fix` and fix-all on save apply it. */
async function fixAll(text: string): Promise<string> {
  return applyFixes(text, await analyze(text), { safeOnly: true }).text;
}

const CASES: { name: string; text: string; fixed?: string }[] = [
  {
    name: 'the import and the call on one line',
    text: 'import logging; logging.info("x")\n',
    fixed: 'import logging\nlogger = logging.getLogger(__name__); logger.info("x")\n',
  },
  {
    name: 'an indented import in an except clause inside a loop (hashlib.py)',
    text: [
      'for name in ["md5"]:',
      '    try:',
      '        raise ValueError(name)',
      '    except ValueError:',
      '        import logging',
      '        logging.exception("code for hash %s was not found.", name)',
      '',
    ].join('\n'),
  },
  {
    name: 'a conditional import, with the call after it',
    text: 'import os\nif os.sep:\n    import logging as lg\nlg.warning("x")\n',
  },
  {
    name: 'an import inside try, with a fallback that binds the name to something else',
    text: 'try:\n    import logging\nexcept ImportError:\n    logging = None\nlogging.info("x")\n',
  },
  {
    name: 'an existing logger defined after a module-level call',
    text: 'import logging\nlogging.info("starting")\nlogger = logging.getLogger(__name__)\n',
  },
  {
    name: 'an existing logger defined only in one branch',
    text: 'import logging, os\nif os.sep:\n    logger = logging.getLogger(__name__)\ndef f():\n    logging.info("x")\nf()\n',
  },
  {
    name: 'a leading import continued by a backslash onto a blank line',
    text: 'import logging \\\n\nlogging.info("x")\n',
  },
  {
    name: 'a docstring and an import sharing a line, then the call',
    text: '"""Doc."""; import logging\nlogging.info("x")\n',
  },
  {
    name: 'names imported from logging',
    text: 'from logging import info\ninfo("x")\n',
  },
  {
    name: 'a module whose `logging` is another module',
    text: 'from . import logging as _unused\nimport json as logging\nfrom logging import info\ninfo("x")\n',
  },
  {
    name: 'a file with a byte order mark and no leading import',
    text: '\ufeffx = 1\nfrom logging import info\ninfo("x")\n',
  },
  {
    name: 'old Mac line breaks',
    text: 'import logging\rlogging.info("x")\r',
    fixed: 'import logging\rlogger = logging.getLogger(__name__)\rlogger.info("x")\r',
  },
];

describe('diagnostics: the module logger a safe fix adds', () => {
  for (const c of CASES) {
    it(`keeps the module importable: ${c.name}`, async () => {
      const fixed = await fixAll(c.text);
      if (c.fixed !== undefined) assert.equal(fixed, c.fixed);
      const [before, after] = importOutcomes([c.text, fixed]);
      assert.equal(after, before, `before:\n${c.text}\nafter:\n${fixed}`);
      assert.equal(await fixAll(fixed), fixed, 'a second fix-all changes nothing');
    });
  }

  it('still fixes the ordinary case: a leading import, calls in functions', async () => {
    const text = '"""Tool."""\nimport logging\nimport os\n\n\ndef f():\n    logging.info("x")\n';
    assert.equal(
      await fixAll(text),
      '"""Tool."""\nimport logging\nimport os\nlogger = logging.getLogger(__name__)\n\n\ndef f():\n    logger.info("x")\n',
    );
  });

  after(() => assert.deepEqual(internalErrors, []));
});
