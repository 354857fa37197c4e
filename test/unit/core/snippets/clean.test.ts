// Every snippet is clean under PyOps's own diagnostics: each expansion (defaults, and each option
// of each choice) gets zero findings with every rule on and the default configuration.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeText, createAnalyzer, DEFAULT_ENGINE_CONFIG, RULES } from '../../../../src/core/diagnostics';
import { repoRoot } from '../../../helpers/repoRoot';
import { expansionsOf, loadLibrary } from './library';

describe('snippet library under PyOps diagnostics', function () {
  this.timeout(60_000);

  it('has zero findings in every expansion of every snippet, with all rules on', async () => {
    const internalErrors: string[] = [];
    // The grammar files are copied into dist/ by scripts/build.mjs.
    const analyzer = await createAnalyzer({
      wasmDir: join(repoRoot, 'dist'),
      onError: (error, context) => internalErrors.push(`${context}: ${String(error)}`),
    });
    assert.equal(DEFAULT_ENGINE_CONFIG.select.length, 0, 'the default configuration no longer runs every rule');
    assert.ok(RULES.length > 0);

    const findings: string[] = [];
    for (const { label, code } of loadLibrary().families.flatMap((f) => f.snippets.flatMap(expansionsOf))) {
      for (const finding of analyzeText(analyzer, code, DEFAULT_ENGINE_CONFIG, 'snippet.py')) {
        const line = code.split('\n')[finding.range.start.line]?.trim() ?? '';
        findings.push(`${label}:${finding.range.start.line + 1}: ${finding.code} ${finding.message} [${line}]`);
      }
    }
    assert.deepEqual(internalErrors, []);
    assert.deepEqual(findings, []);

    // The same analyzer does flag a snippet that loses its good habits, so the check above can fail.
    const run = loadLibrary()
      .families.flatMap((f) => f.snippets)
      .find((s) => s.prefix === 'ops-sub-run');
    const [defaults] = run ? expansionsOf(run) : [];
    const careless = (defaults?.code ?? '').replace('check=True, ', '').replace(', timeout=timeout', '');
    assert.notEqual(careless, defaults?.code);
    const codes = analyzeText(analyzer, careless, DEFAULT_ENGINE_CONFIG, 'snippet.py').map((f) => f.code);
    assert.deepEqual([...new Set(codes)].sort(), ['OPS101', 'OPS102']);
  });
});
