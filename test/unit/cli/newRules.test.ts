// The rules added for issue 12, end to end through the built CLI: each rule's positive fixture
// gives exactly its markers (the language server test gives the same, see test/server/newRules.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/repoRoot';
import { checkJson } from './cliHarness';

const NEW_RULES = ['OPS109', 'OPS110', 'OPS111', 'OPS206', 'OPS207', 'OPS208'];
/** Rules issue 12 extended to more libraries: [code, positive fixture, negative fixture]. */
const EXTENSIONS: readonly [string, string, string][] = [
  ['OPS101', 'positive_asyncio.py', 'negative_asyncio.py'],
  ['OPS102', 'positive_asyncio.py', 'negative_asyncio.py'],
  ['OPS101', 'positive_remote.py', 'negative_remote.py'],
  ['OPS102', 'positive_remote.py', 'negative_remote.py'],
  ['OPS103', 'positive_asyncio.py', 'negative_asyncio.py'],
  ['OPS301', 'positive_path_params.py', 'negative_path_params.py'],
];

function markers(text: string, code: string): number[] {
  const out: number[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /#\s*expect:\s*([A-Z0-9 ]+)/.exec(line);
    if (m && m[1].split(/\s+/).includes(code)) out.push(i + 1);
  });
  return out;
}

describe('pyops check: the rules of issue 12', function () {
  this.timeout(60_000);
  for (const [code, positiveFile, negativeFile] of EXTENSIONS) {
    it(`${code} on ${positiveFile}: reports exactly its marked lines, and nothing in ${negativeFile}`, () => {
      const dir = join(repoRoot, 'test/fixtures/rules', code);
      const positive = checkJson(['--no-cache', '--select', code, positiveFile], dir);
      assert.equal(positive.result.status, 1, positive.result.stderr);
      assert.deepEqual(
        positive.findings.filter((f) => f.code === code).map((f) => f.location.row),
        markers(readFileSync(join(dir, positiveFile), 'utf8'), code),
      );
      const negative = checkJson(['--no-cache', '--select', code, negativeFile], dir);
      assert.deepEqual(negative.findings, []);
      assert.equal(negative.result.status, 0);
    });
  }

  for (const code of NEW_RULES) {
    it(`${code}: reports exactly the marked lines of its positive fixture and nothing in its negative one`, () => {
      const dir = join(repoRoot, 'test/fixtures/rules', code);
      const positive = checkJson(['--no-cache', '--select', code, 'positive.py'], dir);
      assert.equal(positive.result.status, 1, positive.result.stderr);
      assert.deepEqual(
        positive.findings.filter((f) => f.code === code).map((f) => f.location.row),
        markers(readFileSync(join(dir, 'positive.py'), 'utf8'), code),
      );
      const negative = checkJson(['--no-cache', '--select', code, 'negative.py'], dir);
      assert.deepEqual(negative.findings, []);
      assert.equal(negative.result.status, 0);
    });
  }
});
