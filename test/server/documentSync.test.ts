// The server's copy of an open document follows LSP's rules: lines end at "\r\n", "\n" or a lone
// "\r", and a change whose range ends before it starts is read with the two swapped, as the client
// (here LSP's own text document, as in VS Code) reads it. Findings and edits the server sends back
// must land where the client expects them.
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { serverPerTest, type ClientDocument } from './harness';

const where = (diagnostics: Diagnostic[]): string[] =>
  diagnostics
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)}`)
    .sort();

describe('language server: the document text follows LSP', function () {
  this.timeout(30_000);
  const server = serverPerTest('pyops-sync-');
  let counter = 0;
  const copy = (text: string): ClientDocument => server.document(text, `sync${++counter}.py`);

  it('puts findings on the lines LSP counts in a file with lone "\\r" and "\\r\\n" line breaks', async () => {
    const doc = copy('import subprocess\rx = 1\r\nsubprocess.run(["ls"])\r');
    await doc.open();
    assert.deepEqual(where(await doc.diagnostics()), ['2:0-2:14 OPS101', '2:0-2:14 OPS102']);
  });

  it('reads a change whose range ends before it starts as the client does, and stays in step', async () => {
    const doc = copy('import subprocess\n\nsubprocess.run(["ls"], check=True, timeout=5)\n');
    await doc.open();
    assert.deepEqual(await doc.diagnostics(), []);
    // Deletes ", check=True", its range given end first.
    await doc.change([{ range: { start: { line: 2, character: 33 }, end: { line: 2, character: 21 } }, text: '' }]);
    assert.equal(doc.text, 'import subprocess\n\nsubprocess.run(["ls"], timeout=5)\n');
    const diagnostics = await doc.diagnostics();
    assert.deepEqual(where(diagnostics), ['2:0-2:14 OPS101']);
    // The ignore comment goes at the end of the line as the client has it.
    const ignore = (await doc.codeActions(diagnostics)).find((a) => a.title.startsWith('Ignore OPS101'));
    assert.ok(ignore);
    await doc.apply(ignore);
    assert.equal(doc.text, 'import subprocess\n\nsubprocess.run(["ls"], timeout=5)  # pyops: ignore[OPS101]\n');
    assert.deepEqual(await doc.diagnostics(), []);
  });

  it('sends fix-all edits that land right in a file with every kind of line break', async () => {
    const doc = copy('import logging\r\rdef f():\r\n    try:\r        pass\n    except OSError:\r        logging.error("x")\r');
    await doc.open();
    const diagnostics = await doc.diagnostics();
    assert.deepEqual(where(diagnostics), ['6:8-6:21 OPS201', '6:8-6:21 OPS205']);
    const fixAll = (await doc.codeActions(diagnostics, ['source.fixAll.pyops']))[0];
    assert.ok(fixAll);
    await doc.apply(fixAll);
    assert.equal(
      doc.text,
      'import logging\rlogger = logging.getLogger(__name__)\r\rdef f():\r\n    try:\r        pass\n    except OSError:\r        logger.exception("x")\r',
    );
    assert.deepEqual(await doc.diagnostics(), []);
  });

  it('keeps a document in step while its tree is dropped (many files open), line breaks and reversed ranges alike', async () => {
    const doc = copy('import subprocess\rx = 1\r\nsubprocess.run(["ls"], check=True, timeout=5)\r');
    await doc.open();
    assert.deepEqual(await doc.diagnostics(), []);
    // More documents used after it than the server keeps trees for: its tree is dropped.
    for (let i = 0; i < 6; i++) {
      const other = copy(`import os\nos.system("x${i}")\n`);
      await other.open();
      assert.equal((await other.diagnostics()).length > 0, true);
    }
    // Deletes ", check=True", its range given end first, then adds a lone "\r" line before it.
    await doc.change([{ range: { start: { line: 2, character: 33 }, end: { line: 2, character: 21 } }, text: '' }]);
    await doc.change([{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'y = 2\r' }]);
    assert.equal(doc.text, 'import subprocess\rx = 1\r\ny = 2\rsubprocess.run(["ls"], timeout=5)\r');
    assert.deepEqual(where(await doc.diagnostics()), ['3:0-3:14 OPS101']);
  });
});
