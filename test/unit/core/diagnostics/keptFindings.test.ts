// Re-analysis after an edit runs the rules only on the statements the edit touched and keeps the
// findings of the others (see src/core/diagnostics/unitFindings.ts). These tests hold it to giving
// exactly the findings and fixes of a fresh analysis of the edited text, through edits that change
// what other statements' findings depend on: module facts, later uses of a name, positions.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createAnalyzer, DEFAULT_ENGINE_CONFIG, type Analyzer, type Finding, type PythonDocument } from '../../../../src/core/diagnostics';
import { RULE_IMPLS } from '../../../../src/core/diagnostics/rules';
import { repoRoot } from '../../../helpers/repoRoot';
import { dedent, getAnalyzer, internalErrors, random, wasmPaths } from './helpers';

let lazy: Promise<Analyzer> | undefined;
/** The analyzer as the language server makes it: fixes built when first read. */
function lazyAnalyzer(): Promise<Analyzer> {
  lazy ??= createAnalyzer({
    wasmDir: join(repoRoot, 'dist'),
    treeSitterWasm: wasmPaths.runtime,
    pythonWasm: wasmPaths.python,
    lazyFixes: true,
    onError: (error, context) => internalErrors.push(`${context}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  return lazy;
}

/** What a user sees of a finding, its fix included (read through the getter of a lazy finding). */
function seen(findings: Finding[]): object[] {
  return findings.map((f) => ({ code: f.code, name: f.name, message: f.message, range: f.range, severity: f.severity, fix: f.fix }));
}

/** Replaces the first occurrence of `before` (after `after`, when given) in the document, as an LSP change. */
function replaceText(doc: PythonDocument, before: string, text: string, after = ''): void {
  const from = doc.text.indexOf(before, after ? doc.text.indexOf(after) : 0);
  assert.ok(from >= 0, `"${before}" is not in the document`);
  doc.update([{ range: { start: doc.positionAt(from), end: doc.positionAt(from + before.length) }, text }]);
}

/** After each step, the kept document's findings (lazy and eager analyzers alike) equal a fresh analysis's. */
async function checkSteps(start: string, steps: ((doc: PythonDocument) => void)[], expectChange = true): Promise<void> {
  for (const analyzer of [await lazyAnalyzer(), await getAnalyzer()]) {
    const doc = analyzer.open(start);
    const history: string[] = [];
    try {
      // Twice first: findings are kept from a document's second analysis on.
      analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG);
      history.push(JSON.stringify(seen(analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG))));
      for (const [i, step] of steps.entries()) {
        step(doc);
        const kept = seen(analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG));
        const fresh = analyzer.open(doc.text);
        try {
          assert.deepEqual(kept, seen(analyzer.analyze(fresh, DEFAULT_ENGINE_CONFIG)), `step ${i + 1}:\n${doc.text}`);
        } finally {
          fresh.dispose();
        }
        history.push(JSON.stringify(kept));
      }
    } finally {
      doc.dispose();
    }
    // The steps are meant to change findings of statements they did not touch.
    if (expectChange) assert.ok(new Set(history).size > 1, 'the edits changed no finding');
  }
  assert.deepEqual(internalErrors, []);
}

const SCRIPT = dedent(`
  import os
  import subprocess

  def sync(target):
      subprocess.run(["rsync", "-a", "build/", target])
      print(f"synced {target}")
      logging.info("done %s", target)

  def clean():
      try:
          os.remove("/tmp/x")
      except:
          pass

  result = subprocess.run(["make"])
  cmd = "make install"
  os.system(cmd)
`);

describe('diagnostics: findings kept per statement across edits', () => {
  it('follows module facts that an edit elsewhere changes: an import of logging, a module logger', async () => {
    await checkSteps(SCRIPT, [
      (doc) => replaceText(doc, 'import os\n', 'import logging\nimport os\n'),
      (doc) => replaceText(doc, 'import subprocess\n', 'import subprocess\n\nlog = logging.getLogger(__name__)\n'),
      (doc) => replaceText(doc, 'log = logging.getLogger(__name__)\n', ''),
      (doc) => replaceText(doc, 'import logging\n', ''),
    ]);
  });

  it('follows a later use of a module-level name: the exit status checked in another statement', async () => {
    await checkSteps(SCRIPT, [
      (doc) => replaceText(doc, 'cmd = "make install"\n', 'cmd = "make install"\nif result.returncode:\n    raise SystemExit(1)\n'),
      (doc) => replaceText(doc, 'result.returncode', 'result.stdout'),
      (doc) => replaceText(doc, 'result.stdout', 'result.returncode'),
    ]);
  });

  it('follows a module-level command variable that an edit turns into a string built from variables', async () => {
    await checkSteps(SCRIPT, [
      (doc) => replaceText(doc, 'cmd = "make install"', 'cmd = f"make {os.environ[\'TARGET\']}"'),
      (doc) => replaceText(doc, 'cmd = f"make {os.environ[\'TARGET\']}"', 'cmd = "make"'),
    ]);
  });

  it('builds fixes in the edited text: an import added above moves where a module logger is defined', async () => {
    const start = `import logging\nimport subprocess\n${SCRIPT.replace('import os\nimport subprocess\n', '')}`;
    await checkSteps(start, [
      (doc) => replaceText(doc, 'import subprocess\n', 'import subprocess\nimport os\nimport sys\n'),
      (doc) => replaceText(doc, 'def clean():', 'def clean_all():'),
      (doc) => replaceText(doc, 'logging.info(', 'logging.warning('),
      // A name the fix would use for the logger, taken in another statement: the fix picks another.
      (doc) => replaceText(doc, 'result = ', 'logger = 1\nresult = '),
    ]);
  });

  it('follows the order of root-logger records and basicConfig() across statements (OPS208)', async () => {
    const script = dedent(`
      #!/usr/bin/env python3
      import logging

      def check_env():
          pass

      def main():
          check_env()
          logging.basicConfig(level=logging.INFO)
          return 0

      if __name__ == "__main__":
          raise SystemExit(main())
    `);
    await checkSteps(script, [
      (doc) => replaceText(doc, '    pass\n', '    logging.warning("no config")\n'),
      (doc) => replaceText(doc, 'import logging\n', 'import logging\n\nlogging.info("loaded")\n'),
      (doc) => replaceText(doc, '    logging.warning("no config")\n', '    pass\n'),
      (doc) => replaceText(doc, 'logging.info("loaded")\n', ''),
      (doc) => replaceText(doc, '    pass\n', '    logging.warning("no config")\n'),
      // Lines added above move every statement whose findings and records are kept.
      (doc) => replaceText(doc, 'import logging\n', 'import logging\n\n# setup\n\n'),
      (doc) => replaceText(doc, '# setup\n', ''),
      (doc) => replaceText(doc, 'level=logging.INFO', 'level=logging.DEBUG'),
      (doc) => replaceText(doc, 'level=logging.DEBUG', 'level=logging.DEBUG, force=False'),
      (doc) => replaceText(doc, '    check_env()\n', ''),
    ]);
  });

  it('runs the rules again only on the statement an edit touched, in a script full of root-logger calls', async () => {
    // OPS208 reads the order of logging calls across the module; that must not make every
    // statement holding one run the rules at every keystroke.
    const job = (n: number) => `def job_${n}(target):\n    subprocess.run(["sync", target])\n    logging.info("synced %s", target)\n`;
    const jobs = Array.from({ length: 40 }, (_, n) => job(n)).join('\n');
    const script = `import logging\nimport subprocess\n\n${jobs}\ndef main():\n    job_0("a")\n    logging.basicConfig(level=logging.INFO)\n\nif __name__ == "__main__":\n    main()\n`;
    const unchecked = RULE_IMPLS.find((r) => r.meta.code === 'OPS101')!;
    const call = unchecked.call!;
    /** Where the units start that OPS101 read calls of. */
    const units = new Set<number>();
    unchecked.call = (c, cx, detail) => {
      units.add(cx.base);
      call(c, cx, detail);
    };
    const analyzer = await getAnalyzer();
    const doc = analyzer.open(script);
    try {
      analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG);
      const before = analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG);
      assert.ok(before.some((f) => f.code === 'OPS208') && before.filter((f) => f.code === 'OPS101').length === 40);
      units.clear();
      replaceText(doc, '"synced %s"', '"synced: %s"', 'def job_20');
      const after = analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG);
      assert.deepEqual([...units], [doc.text.indexOf('def job_20')], 'the rules ran on more than the edited function');
      assert.deepEqual(
        after.map((f) => f.code),
        before.map((f) => f.code),
      );
    } finally {
      unchecked.call = call;
      doc.dispose();
    }
  });

  it('keeps identical statements apart when a name they use is defined between them', async () => {
    const start = dedent(`
      import subprocess
      r = subprocess.run(["make"])
      r = subprocess.run(["make"])
      print("x")
    `);
    await checkSteps(start, [
      (doc) => replaceText(doc, 'r = subprocess.run(["make"])\n', 'r = subprocess.run(["make"])\nassert r.returncode == 0\n'),
      (doc) => replaceText(doc, 'assert r.returncode == 0\n', ''),
      (doc) => replaceText(doc, 'print("x")', 'print(r.returncode)'),
    ]);
  });

  it('gives the same findings and fixes as a fresh analysis through random edits of a finding-heavy script', async function () {
    this.timeout(120_000);
    const job = (n: number) =>
      dedent(`
        def job_${n}(target):
            subprocess.run(["rsync", "-a", "build/", target])
            os.system("systemctl restart app-${n}")
            try:
                shutil.rmtree(target + "/cache")
            except:
                pass
            print(f"job ${n} done for {target}")
            logging.info(f"synced {target}")
      `);
    const start = [
      'import logging',
      'import os',
      'import shutil',
      'import subprocess',
      '',
      ...Array.from({ length: 12 }, (_, n) => job(n)),
      'def main():',
      '    job_0("a")',
      '    logging.basicConfig(level=logging.INFO)',
      '',
      'if __name__ == "__main__":',
      '    main()',
    ].join('\n');
    const rand = random(5);
    const snippets = [
      'x',
      'logger = 1\n',
      'import sys\n',
      '\n',
      'r = subprocess.run(["ls"])\n',
      'r.returncode\n',
      '#',
      'except:\n    pass\n',
      'logging.basicConfig(level=10)\n',
      'job_3("b")\n',
    ];
    const steps = Array.from({ length: 60 }, () => (doc: PythonDocument) => {
      const at = Math.floor(rand() * doc.text.length);
      const len = rand() < 0.3 ? Math.floor(rand() * 20) : 0;
      const text = rand() < 0.8 ? snippets[Math.floor(rand() * snippets.length)] : '';
      doc.update([{ range: { start: doc.positionAt(at), end: doc.positionAt(Math.min(doc.text.length, at + len)) }, text }]);
    });
    await checkSteps(start, steps, false);
  });
});
