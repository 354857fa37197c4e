// Large open documents: past 1,000,000 characters the server checks on open and save only, and
// says so once; past 16,000,000 it checks nothing and says that, on the file and in a message.
import * as assert from 'node:assert/strict';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { waitFor } from '../helpers/waitFor';
import { serverPerTest } from './harness';

/** Comment lines: as long as needed, and cheap to check. */
function padding(characters: number): string {
  const line = `# ${'filler '.repeat(10)}\n`;
  return line.repeat(Math.ceil(characters / line.length));
}

describe('language server: large documents', function () {
  this.timeout(60_000);
  const server = serverPerTest('pyops-large-lsp-');
  const { open, diagnostics } = server;

  it('checks a document over 1,000,000 characters on open and save, not per keystroke, and says so once', async () => {
    const uri = server.uri('big.py');
    const head = 'import subprocess\nsubprocess.run(["a"], timeout=5)\n';
    const text = head + padding(1_000_000);
    await open(uri, text);
    assert.deepEqual(
      (await diagnostics(uri)).map((d) => `${d.range.start.line}:${String(d.code)}`),
      ['1:OPS101'],
    );
    const notice = await waitFor('the notice', () => server.session.messages.find((m) => m.message.includes('big.py')));
    assert.equal(notice.type, 3);
    assert.match(
      notice.message,
      /checks big\.py when it is opened and saved, not as you type: it has [\d,]+ characters \(checking as you type stops at 1,000,000\)/,
    );

    // An edit that adds a finding: not checked until saved; no quick fixes for a stale check.
    await server.session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'subprocess.call("b", shell=True)\n' },
      ],
    });
    assert.deepEqual(
      (await diagnostics(uri)).map((d) => `${d.range.start.line}:${String(d.code)}`),
      ['1:OPS101'],
    );
    const actions = await server.session.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(actions, []);
    await server.session.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const saved = (await diagnostics(uri)).map((d) => `${d.range.start.line}:${String(d.code)}`);
    assert.ok(saved.includes('2:OPS101') && saved.includes('1:OPS101'), saved.join(', '));
    assert.equal(server.session.messages.filter((m) => m.message.includes('big.py')).length, 1, 'one notice per document');
  });

  it('reports a document over 16,000,000 characters as not checked, on the file and in a message', async () => {
    const uri = server.uri('huge.py');
    const text = 'import subprocess\nsubprocess.run(["a"])\n' + padding(20_000_000);
    await open(uri, text);
    const items = await diagnostics(uri);
    assert.deepEqual(
      items.map((d) => [String(d.code), d.severity, d.range.start.line, d.message]),
      [['OPS003', 1, 0, `Not checked: Too large (${text.length.toLocaleString('en-US')} characters; the limit is 16,000,000)`]],
    );
    const notice = await waitFor('the warning', () => server.session.messages.find((m) => m.message.includes('huge.py')));
    assert.equal(notice.type, 2);
    assert.match(notice.message, /does not check huge\.py: it has [\d,]+ characters, more than the 16,000,000 it can check/);
    // The server (started with the client's Node.js flags) is still up and checking other files.
    const small = server.uri('small.py');
    await open(small, 'import subprocess\nsubprocess.run(["a"], timeout=5)\n');
    assert.deepEqual(
      (await diagnostics(small)).map((d) => `${d.range.start.line}:${String(d.code)}`),
      ['1:OPS101'],
    );
    assert.equal(server.session.process.exitCode, null);
  });
});
