// The rules added for issue 12 in the editor: the language server reports each rule's positive
// fixture at exactly its marked lines, as `pyops check` does (test/unit/cli/newRules.test.ts).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { startServer, type ServerSession } from './lspClient';

const NEW_RULES = ['OPS109', 'OPS110', 'OPS206', 'OPS207'];

function markers(text: string, code: string): number[] {
  const out: number[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /#\s*expect:\s*([A-Z0-9 ]+)/.exec(line);
    if (m && m[1].split(/\s+/).includes(code)) out.push(i);
  });
  return out;
}

describe('language server: the rules of issue 12', function () {
  this.timeout(30_000);
  let folder: string;
  let session: ServerSession;
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'pyops-lsp-rules-'));
    session = await startServer({ workspaceFolder: folder });
  });
  afterEach(async () => {
    await session.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const diagnosticsOf = async (name: string, text: string): Promise<Diagnostic[]> => {
    const uri = pathToFileURL(join(folder, name)).href;
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const report = await session.connection.sendRequest<FullDocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    return report.items;
  };

  for (const code of NEW_RULES) {
    it(`${code}: shows exactly the marked lines of its positive fixture and nothing in its negative one`, async () => {
      const dir = join(repoRoot, 'test/fixtures/rules', code);
      const positive = readFileSync(join(dir, 'positive.py'), 'utf8');
      const found = (await diagnosticsOf(`${code.toLowerCase()}_positive.py`, positive)).filter((d) => d.code === code);
      assert.deepEqual(
        found.map((d) => d.range.start.line),
        markers(positive, code),
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
