// Memory after a burst of work: once the server has been idle a few seconds after opening many
// large files, it collects the garbage of the burst and says so in its log; every document keeps
// its diagnostics (pulls answer "unchanged") and is checked as before when edited again. Both ways
// the server is started: with the Node.js flags the VS Code client gives it (--expose-gc), and
// inside `pyops server`, where it sets the flag itself.
import * as assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentDiagnosticReport, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/repoRoot';
import { waitFor } from '../helpers/waitFor';
import { startServer, type ServerSession } from './lspClient';

const FILES = 20;
const COLLECTED = /^Collected garbage after a burst of work, once idle: V8 heap (\d+) MB -> (\d+) MB \(\d+ ms\)\.$/;

/** A large script (about 9,000 lines) with findings in every function, made distinct by `index`. */
function largeScript(index: number): string {
  const jobs = Array.from(
    { length: 1000 },
    (_, job) =>
      `def job_${job}(src, dst):\n    try:\n        subprocess.run(["rsync", src, dst])\n    except Exception:\n        pass\n    print("copied", src)\n\n`,
  );
  return `# copy ${index}\nimport subprocess\n\n\n${jobs.join('')}`;
}

const starts: [string, string[] | undefined][] = [
  ['started as the VS Code client starts it', undefined],
  ['inside `pyops server`', [join(repoRoot, 'dist/cli.js'), 'server', '--stdio']],
];

describe('language server: memory after a burst of work', function () {
  this.timeout(120_000);
  let folder: string | undefined;
  let session: ServerSession | undefined;
  afterEach(async () => {
    await session?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    session = folder = undefined;
  });

  for (const [how, command] of starts) {
    it(`${how}: collects garbage once idle after many large files were opened; every document keeps its diagnostics`, async () => {
      folder = realpathSync(mkdtempSync(join(tmpdir(), 'pyops-idle-gc-')));
      const server = (session = await startServer({ workspaceFolder: folder, command }));
      const uris = Array.from({ length: FILES }, (_, index) => pathToFileURL(join(folder!, `job_${index}.py`)).href);
      const reports: FullDocumentDiagnosticReport[] = [];
      for (const [index, uri] of uris.entries()) {
        await server.connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'python', version: 1, text: largeScript(index) },
        });
        const report = await server.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
        assert.equal(report.kind, 'full');
        assert.equal(report.items.length, 3000, 'OPS101, OPS102 and OPS106 in each of the 1,000 functions');
        reports.push(report);
      }

      const log = await waitFor(
        'the collection once idle',
        () => server.logs.map((l) => COLLECTED.exec(l.message)).find(Boolean) ?? undefined,
        {
          timeoutMs: 60_000,
          describeLast: () => JSON.stringify(server.logs.map((l) => l.message)),
        },
      );
      const [before, after] = [Number(log[1]), Number(log[2])];
      assert.ok(after < before, `the heap did not shrink: ${before} MB -> ${after} MB`);

      // Nothing a client sees changed: the same results, and the oldest document (its tree long
      // dropped) is checked from its text when edited, as before.
      for (const [index, uri] of uris.entries()) {
        const again = await server.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', {
          textDocument: { uri },
          previousResultId: reports[index]!.resultId,
        });
        assert.equal(again.kind, 'unchanged', `diagnostics of ${uri} changed`);
      }
      const at = { line: 6, character: largeScript(0).split('\n')[6]!.indexOf('])') + 1 };
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: uris[0], version: 2 },
        contentChanges: [{ range: { start: at, end: at }, text: ', check=True' }],
      });
      const edited = await server.connection.sendRequest<FullDocumentDiagnosticReport>('textDocument/diagnostic', {
        textDocument: { uri: uris[0] },
      });
      assert.deepEqual(
        edited.items.filter((d) => d.range.start.line !== 6),
        reports[0]!.items.filter((d) => d.range.start.line !== 6),
      );
      assert.deepEqual(
        edited.items.filter((d) => d.range.start.line === 6).map((d) => d.code),
        ['OPS102'],
      );
      assert.equal(server.process.exitCode, null, 'the server stopped');
    });
  }
});
