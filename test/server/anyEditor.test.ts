// `pyops server --stdio` driven as the smallest editor client would: no pull diagnostics, no
// workspace folders, no configuration or registration support, no initialization options.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers/repoRoot';
import { waitFor } from '../helpers/waitFor';
import { startServer, type ServerSession } from './lspClient';

const UNCHECKED = 'import subprocess\n\nsubprocess.run(["ls"])\n';

describe('pyops server --stdio for any editor', () => {
  let project: string;
  let session: ServerSession;
  let uri: string;

  before(async () => {
    project = mkdtempSync(join(tmpdir(), 'pyops-any-editor-'));
    // A config above the file: found without any workspace folder.
    writeFileSync(join(project, '.pyops.yaml'), 'ignore: [OPS102]\n');
    mkdirSync(join(project, 'scripts'));
    const file = join(project, 'scripts', 'deploy.py');
    writeFileSync(file, UNCHECKED);
    uri = pathToFileURL(file).href;
    session = await startServer({ command: [join(repoRoot, 'dist/cli.js'), 'server', '--stdio'], cwd: project, minimal: {} });
  });

  after(async () => {
    await session?.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('offers no pull diagnostics to a client that cannot pull', () => {
    assert.equal(session.initializeResult.capabilities.diagnosticProvider, undefined);
    assert.equal(session.initializeResult.serverInfo?.name, 'pyops-language-server');
  });

  it('publishes diagnostics for an opened file, with the config found above it', async () => {
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version: 1, text: UNCHECKED },
    });
    const diagnostics = await waitFor('published diagnostics', () => session.published.get(uri));
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [['OPS101', 2]],
      'OPS101 on line 3; OPS102 ignored by the .pyops.yaml above the file',
    );
    assert.equal(diagnostics[0].codeDescription, undefined, 'no file:// link, which only works on the server machine');
  });

  it('publishes again after an edit, and clears on close', async () => {
    session.published.delete(uri);
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 21 }, end: { line: 2, character: 21 } }, text: ', check=True' }],
    });
    const afterFix = await waitFor('diagnostics after the edit', () => session.published.get(uri));
    assert.deepEqual(afterFix, []);
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ text: UNCHECKED }],
    });
    await waitFor('the finding back after a whole-text change', () => (session.published.get(uri)?.length === 1 ? true : undefined));
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await waitFor('diagnostics cleared on close', () => (session.published.get(uri)?.length === 0 ? true : undefined));
  });

  it('never asks the client for what it does not support, and logs no error', async () => {
    // Hover and code actions still answer.
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version: 4, text: UNCHECKED },
    });
    await waitFor('diagnostics after reopening', () => (session.published.get(uri)?.length === 1 ? true : undefined));
    const actions = await session.connection.sendRequest<unknown[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
      context: { diagnostics: session.published.get(uri) },
    });
    assert.ok(actions.length > 0, 'quick fixes offered');
    assert.deepEqual(session.serverRequests, []);
    assert.doesNotMatch(session.stderr(), /error|exception/i);
    assert.deepEqual(
      session.logs.filter((log) => log.type === 1),
      [],
      'no error logged',
    );
    const code = await session.close();
    assert.equal(code, 0, `exit code (stderr: ${session.stderr()})`);
  });
});
