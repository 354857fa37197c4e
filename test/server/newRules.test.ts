// The rules added (and extended) for issue 12 in the editor: the language server reports each rule's positive
// fixture at exactly its marked lines, as `pyops check` does (test/unit/cli/newRules.test.ts).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/repoRoot';
import { serverPerTest } from './harness';
import { EXTENSIONS, markedLines, NEW_RULES } from '../helpers/issue12Rules';

describe('language server: the rules of issue 12', function () {
  this.timeout(30_000);
  const server = serverPerTest('pyops-lsp-rules-');

  const diagnosticsOf = async (name: string, text: string): Promise<Diagnostic[]> => {
    const uri = server.uri(name);
    await server.open(uri, text);
    return server.diagnostics(uri);
  };

  for (const [code, positiveFile, negativeFile] of EXTENSIONS) {
    it(`${code} on ${positiveFile}: shows exactly its marked lines, and nothing in ${negativeFile}`, async () => {
      const dir = join(repoRoot, 'test/fixtures/rules', code);
      const positive = readFileSync(join(dir, positiveFile), 'utf8');
      const found = (await diagnosticsOf(`${code.toLowerCase()}_${positiveFile}`, positive)).filter((d) => d.code === code);
      assert.ok(found.length > 0);
      assert.deepEqual(
        found.map((d) => d.range.start.line),
        markedLines(positive, code),
      );
      const negative = readFileSync(join(dir, negativeFile), 'utf8');
      assert.deepEqual(
        (await diagnosticsOf(`${code.toLowerCase()}_${negativeFile}`, negative)).filter((d) => d.code === code),
        [],
      );
    });
  }

  for (const code of NEW_RULES) {
    it(`${code}: shows exactly the marked lines of its positive fixture and nothing in its negative one`, async () => {
      const dir = join(repoRoot, 'test/fixtures/rules', code);
      const positive = readFileSync(join(dir, 'positive.py'), 'utf8');
      const found = (await diagnosticsOf(`${code.toLowerCase()}_positive.py`, positive)).filter((d) => d.code === code);
      assert.deepEqual(
        found.map((d) => d.range.start.line),
        markedLines(positive, code),
      );
      assert.ok(found.every((d) => d.source === 'PyOps' && d.codeDescription?.href.endsWith(`docs/rules/${code}.md`)));
      const negative = readFileSync(join(dir, 'negative.py'), 'utf8');
      assert.deepEqual(
        (await diagnosticsOf(`${code.toLowerCase()}_negative.py`, negative)).filter((d) => d.code === code),
        [],
      );
    });
  }
});
