// The rules added for issue 12, end to end through the built CLI: each rule's positive fixture
// gives exactly its markers (the language server test gives the same, see test/server/newRules.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/repoRoot';
import { checkJson } from './cliHarness';
import { EXTENSIONS, markedLines, NEW_RULES } from '../../helpers/issue12Rules';

describe('pyops check: the rules of issue 12', function () {
  this.timeout(60_000);
  for (const [code, positiveFile, negativeFile] of EXTENSIONS) {
    it(`${code} on ${positiveFile}: reports exactly its marked lines, and nothing in ${negativeFile}`, () => {
      const dir = join(repoRoot, 'test/fixtures/rules', code);
      const positive = checkJson(['--no-cache', '--select', code, positiveFile], dir);
      assert.equal(positive.result.status, 1, positive.result.stderr);
      assert.deepEqual(
        positive.findings.filter((f) => f.code === code).map((f) => f.location.row),
        markedLines(readFileSync(join(dir, positiveFile), 'utf8'), code).map((line) => line + 1),
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
        markedLines(readFileSync(join(dir, 'positive.py'), 'utf8'), code).map((line) => line + 1),
      );
      const negative = checkJson(['--no-cache', '--select', code, 'negative.py'], dir);
      assert.deepEqual(negative.findings, []);
      assert.equal(negative.result.status, 0);
    });
  }
});
