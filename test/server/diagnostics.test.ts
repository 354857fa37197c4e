import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  Diagnostic,
  DocumentDiagnosticReport,
  FullDocumentDiagnosticReport,
  Hover,
  MarkupContent,
  WorkspaceDiagnosticReport,
} from 'vscode-languageserver-protocol';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { waitFor } from '../helpers/waitFor';
import { serverPerTest, type ClientDocument } from './harness';

const codes = (diagnostics: Diagnostic[]): string[] => diagnostics.map((d) => String(d.code)).sort();

describe('language server diagnostics', function () {
  this.timeout(30_000);
  const server = serverPerTest('pyops-lsp-');
  let counter = 0;
  const newDoc = (text: string, name = `script${++counter}.py`): ClientDocument => server.document(text, name);

  it('reports findings with their code, source and a link to the rule page', async () => {
    const doc = newDoc('import subprocess\n\nsubprocess.run(["ls", "-l"])\n');
    await doc.open();
    const diagnostics = await doc.diagnostics();
    assert.deepEqual(codes(diagnostics), ['OPS101', 'OPS102']);
    for (const d of diagnostics) {
      assert.equal(d.source, 'PyOps');
      assert.equal(d.range.start.line, 2);
      assert.match(d.codeDescription?.href ?? '', new RegExp(`docs/rules/${String(d.code)}\\.md$`));
    }
  });

  it('follows incremental edits: fixing the call clears its findings, breaking it brings them back', async () => {
    const doc = newDoc('import subprocess\n\nsubprocess.run(["ls"])\nprint("done")\n');
    await doc.open();
    assert.deepEqual(codes(await doc.diagnostics()), ['OPS101', 'OPS102']);
    // Type the arguments in, as a user would, after the list.
    const at = { line: 2, character: '"subprocess.run(["ls"]'.length - 1 };
    await doc.edit([{ range: { start: at, end: at }, newText: ', check=True, timeout=60' }]);
    assert.equal(doc.text.split('\n')[2], 'subprocess.run(["ls"], check=True, timeout=60)');
    assert.deepEqual(codes(await doc.diagnostics()), []);
    await doc.edit([{ range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, newText: 'subprocess.call("ls")\n' }]);
    assert.deepEqual(codes(await doc.diagnostics()), ['OPS101', 'OPS102']);
  });

  it('answers "unchanged" with the same result id when an edit leaves the diagnostics as they were', async () => {
    const doc = newDoc('import subprocess\n\nsubprocess.run(["ls"])\n# notes\n');
    await doc.open();
    const pull = (previousResultId?: string): Promise<DocumentDiagnosticReport> =>
      server.session.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', {
        textDocument: { uri: doc.uri },
        ...(previousResultId ? { previousResultId } : {}),
      });
    const first = await pull();
    assert.equal(first.kind, 'full');
    assert.ok(first.resultId);
    // Typing in the comment below every finding changes no diagnostic.
    await doc.edit([{ range: { start: { line: 3, character: 7 }, end: { line: 3, character: 7 } }, newText: ' about the job' }]);
    assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });
    // A new finding: the full list, under a new id.
    await doc.edit([
      { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: 'subprocess.call("make", shell=True)\n' },
    ]);
    const changed = await pull(first.resultId);
    assert.equal(changed.kind, 'full');
    assert.notEqual(changed.resultId, first.resultId);
    assert.ok(
      (changed as FullDocumentDiagnosticReport).items.some((d) => d.range.start.line === 4),
      'the new finding',
    );
    // A finding that only moved (a line inserted above) is a change too.
    await doc.edit([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# header\n' }]);
    const moved = await pull(changed.resultId);
    assert.equal(moved.kind, 'full');
    assert.deepEqual(
      (moved as FullDocumentDiagnosticReport).items.map((d) => d.range.start.line),
      (changed as FullDocumentDiagnosticReport).items.map((d) => d.range.start.line + 1),
    );
  });

  it('diagnoses documents whose trees were dropped (many files open) exactly as freshly opened ones', async () => {
    const text = 'import subprocess\n\nsubprocess.run(["ls"])\n';
    const docs = Array.from({ length: 30 }, () => newDoc(text));
    for (const doc of docs) {
      await doc.open();
      assert.deepEqual(codes(await doc.diagnostics()), ['OPS101', 'OPS102']);
    }
    // The first documents' trees are long gone: edits, hovers and code actions must still be right.
    const [oldest, second] = docs;
    await oldest!.edit([
      { range: { start: { line: 2, character: 21 }, end: { line: 2, character: 21 } }, newText: ', check=True, timeout=5' },
    ]);
    await oldest!.edit([
      { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: 'import os\nos.system("reboot")\n' },
    ]);
    const edited = await oldest!.diagnostics();
    const fresh = newDoc(oldest!.text);
    await fresh.open();
    assert.deepEqual(edited, await fresh.diagnostics());
    assert.deepEqual(codes(edited), ['OPS104']);
    const actions = await second!.codeActions(await second!.diagnostics());
    assert.ok(
      actions.some((a) => a.title.includes('check=True')),
      actions.map((a) => a.title).join(', '),
    );
    // A whole-text change on a document without a tree.
    const third = docs[2]!;
    await server.session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: third.uri, version: 9 },
      contentChanges: [{ text: 'import os\nos.system("ls")\n' }],
    });
    assert.deepEqual(codes(await third.diagnostics()), ['OPS104']);
  });

  it("builds quick fixes from the text as edited, also once the document's tree was dropped (many files open)", async () => {
    const doc = newDoc('import logging\nimport subprocess\n\n\ndef sync():\n    logging.info("sync")\n    print("done")\n');
    await doc.open();
    await doc.diagnostics();
    // An import added above moves where the fixes define the module logger they log through.
    await doc.edit([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'import os\n' }]);
    const fixes = async (d: ClientDocument) =>
      (await d.codeActions(await d.diagnostics())).map((a) => ({ title: a.title, edits: a.edit?.changes?.[d.uri] ?? null }));
    const fresh = newDoc(doc.text);
    await fresh.open();
    const expected = await fixes(fresh);
    assert.ok(
      expected.some((f) => f.title.startsWith('Log through the module logger') && f.edits?.some((e) => e.range.start.line === 3)),
      JSON.stringify(expected),
    );
    assert.deepEqual(await fixes(doc), expected);
    // Other documents used since: this one's tree and analysis context are dropped, its fixes stay right.
    for (let i = 0; i < 6; i++) {
      const other = newDoc('import subprocess\nsubprocess.run(["ls"])\n');
      await other.open();
      await other.diagnostics();
    }
    assert.deepEqual(await fixes(doc), expected);
  });

  it('keeps reporting findings elsewhere while one function has a syntax error', async () => {
    const doc = newDoc('import subprocess\n\ndef broken(:\n    pass\n\ndef deploy():\n    subprocess.run(["make"], timeout=60)\n');
    await doc.open();
    assert.ok(codes(await doc.diagnostics()).includes('OPS101'));
  });

  it('reports each syntax error where it is (OPS001) as it is typed and fixed, unless pyops.showSyntaxErrors is off', async () => {
    const doc = newDoc('import shutil\n\n\ndef rotate(path):\n    return path\n\n\ndef notes():\n    return 1\n');
    await doc.open();
    assert.deepEqual(codes(await doc.diagnostics()), []);
    // Half-typed call in a function no rule reads (its text is not parsed for the rules).
    await doc.edit([
      { range: { start: { line: 4, character: 4 }, end: { line: 4, character: 15 } }, newText: 'shutil.move(path, path + ".1"' },
    ]);
    await doc.edit([{ range: { start: { line: 8, character: 4 }, end: { line: 8, character: 12 } }, newText: 'print "n"' }]);
    const broken = (await doc.diagnostics()).filter((d) => d.code === 'OPS001');
    assert.deepEqual(
      broken.map((d) => [d.range.start.line, d.range.start.character, d.message, d.severity]),
      [
        [4, 15, "Syntax error: '(' was never closed", 1],
        [8, 4, "Syntax error: Missing parentheses in call to 'print'", 1],
      ],
    );
    await doc.edit([{ range: { start: { line: 4, character: 33 }, end: { line: 4, character: 33 } }, newText: ')' }]);
    assert.deepEqual(
      (await doc.diagnostics()).filter((d) => d.code === 'OPS001').map((d) => d.range.start.line),
      [8],
    );

    server.session.settings.showSyntaxErrors = false;
    const refreshes = server.session.refreshCount();
    await server.session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waitFor('a diagnostics refresh', () => (server.session.refreshCount() > refreshes ? true : undefined));
    assert.deepEqual(codes(await doc.diagnostics()), []);
  });

  it('offers the rule fix, an ignore comment and the docs as quick fixes, and applying them works', async () => {
    const doc = newDoc(
      'import logging\n\nlogger = logging.getLogger(__name__)\n\ntry:\n    open("x", encoding="utf-8").close()\nexcept OSError:\n    logger.error("failed")\n',
    );
    await doc.open();
    const [finding] = (await doc.diagnostics()).filter((d) => d.code === 'OPS201');
    assert.ok(finding, 'OPS201 reported');
    const actions = await doc.codeActions([finding]);
    const titles = actions.map((a) => a.title);
    assert.ok(
      titles.some((t) => t.includes('(OPS201)')),
      `a fix for OPS201 among ${titles.join(' | ')}`,
    );
    assert.ok(titles.includes('Ignore OPS201 on this line'));
    assert.ok(titles.includes('Show documentation for OPS201'));

    await doc.apply(actions.find((a) => a.title.includes('(OPS201)'))!);
    assert.match(doc.text, /logger\.exception\("failed"\)/);
    assert.deepEqual(codes(await doc.diagnostics()), []);
  });

  it('takes the user to the guessed timeout after adding it', async () => {
    const doc = newDoc('import subprocess\n\nsubprocess.run(["rsync", "-a", "src/", "dst/"], check=True)\n');
    await doc.open();
    const finding = (await doc.diagnostics()).find((d) => d.code === 'OPS102')!;
    const fix = (await doc.codeActions([finding])).find((a) => a.title.includes('(OPS102)'))!;
    await doc.apply(fix);
    assert.equal(fix.command?.command, 'pyops.selectRange');
    const [uri, range] = fix.command.arguments as [
      string,
      { start: { line: number; character: number }; end: { line: number; character: number } },
    ];
    assert.equal(uri, doc.uri);
    const line = doc.text.split('\n')[range.start.line]!;
    assert.equal(line.slice(range.start.character, range.end.character), '60', `selects the seconds in: ${line}`);
    assert.match(line.slice(0, range.start.character), /timeout=$/);
  });

  it('suppresses a finding with the "ignore on this line" action', async () => {
    const doc = newDoc('import os\n\nos.system("uptime")\n');
    await doc.open();
    const diagnostics = await doc.diagnostics();
    const finding = diagnostics.find((d) => d.code === 'OPS104')!;
    const ignore = (await doc.codeActions([finding])).find((a) => a.title === 'Ignore OPS104 on this line')!;
    await doc.apply(ignore);
    assert.match(doc.text.split('\n')[2]!, /# pyops: ignore\[OPS104\]/);
    assert.ok(!codes(await doc.diagnostics()).includes('OPS104'));
  });

  it('fix-all applies every safe fix, never an unsafe one, and is idempotent', async () => {
    const doc = newDoc(
      [
        'import logging',
        'import subprocess',
        '',
        'logger = logging.getLogger(__name__)',
        '',
        'def main(name):',
        '    logger.info(f"deploying {name}")',
        '    try:',
        '        subprocess.run(["deploy", name], timeout=600)',
        '    except subprocess.TimeoutExpired as err:',
        '        raise RuntimeError("deploy failed")',
        '    try:',
        '        notify(name)',
        '    except OSError:',
        '        logger.error("could not notify")',
        '',
      ].join('\n'),
    );
    await doc.open();
    const before = codes(await doc.diagnostics());
    assert.deepEqual(before, ['OPS101', 'OPS108', 'OPS201', 'OPS204']);
    const [fixAll] = await doc.codeActions([], ['source.fixAll.pyops']);
    assert.ok(fixAll, 'a fix-all action');
    assert.equal(fixAll.kind, 'source.fixAll.pyops');
    await doc.apply(fixAll);
    // The unsafe fix (check=True changes behaviour) is left for the user to choose.
    assert.deepEqual(codes(await doc.diagnostics()), ['OPS101']);
    assert.match(doc.text, /logger\.info\("deploying %s", name\)/);
    assert.match(doc.text, /raise RuntimeError\("deploy failed"\) from err/);
    assert.match(doc.text, /logger\.exception\("could not notify"\)/);
    assert.deepEqual(await doc.codeActions([], ['source.fixAll.pyops']), []);
  });

  it('hovers one line per rule found there, with its code and a link to the full page', async () => {
    const doc = newDoc('import subprocess\n\nsubprocess.run("ls " + folder, shell=True)\n');
    await doc.open();
    const findings = await doc.diagnostics();
    assert.deepEqual(codes(findings), ['OPS101', 'OPS102', 'OPS103']);
    const hover = await server.session.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: doc.uri },
      position: { line: 2, character: 3 },
    });
    const lines = ((hover?.contents as MarkupContent | undefined)?.value ?? '').split(/\n+/);
    assert.equal(lines.length, 3, lines.join('\n'));
    for (const [i, code] of ['OPS101', 'OPS102', 'OPS103'].entries()) {
      assert.ok(lines[i]!.startsWith(`**${code}** `), lines[i]);
      const link = /\(command:pyops\.showRuleDocumentation\?([^ )]+)/.exec(lines[i]!);
      assert.deepEqual(JSON.parse(decodeURIComponent(link?.[1] ?? 'null')), [code], lines[i]);
      assert.ok(lines[i]!.length < 300, `one short line: ${lines[i]}`);
    }
    assert.doesNotMatch(lines.join('\n'), /^#/m, 'no rule page headings');
  });

  it('hovers an unused suppression (OPS002) with its name and summary from the catalog', async () => {
    server.session.settings.diagnostics = { enable: true, run: 'onType', reportUnusedSuppressions: true };
    const doc = newDoc('import subprocess\n\nsubprocess.run(["ls"], check=True, timeout=5)  # pyops: ignore[OPS101]\n');
    await doc.open();
    assert.deepEqual(codes(await doc.diagnostics()), ['OPS002']);
    const finding = (await doc.diagnostics())[0]!;
    const hover = await server.session.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: doc.uri },
      position: finding.range.start,
    });
    const value = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(value, /^\*\*OPS002\*\* `unused-suppression`: A # pyops: ignore/, value);
  });

  it('applies settings per document and re-checks when they change', async () => {
    server.session.settings.diagnostics = { enable: true, run: 'onType', ignore: ['OPS102'] };
    const doc = newDoc('import subprocess\nsubprocess.run(["ls"])\n');
    await doc.open();
    assert.deepEqual(codes(await doc.diagnostics()), ['OPS101']);
    server.session.settings.diagnostics = { enable: true, run: 'onType', severity: { OPS101: 'hint' } };
    const refreshes = server.session.refreshCount();
    await server.session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waitFor('a diagnostics refresh', () => (server.session.refreshCount() > refreshes ? true : undefined));
    const diagnostics = await doc.diagnostics();
    assert.deepEqual(codes(diagnostics), ['OPS101', 'OPS102']);
    assert.equal(diagnostics.find((d) => d.code === 'OPS101')?.severity, 4);
  });

  it('honours .pyops.yaml, re-checks as it is edited, and reports its problems at their line', async () => {
    const configPath = join(server.folder, '.pyops.yaml');
    writeFileSync(configPath, 'ignore: [OPS102]\n');
    const doc = newDoc('import subprocess\nsubprocess.run(["ls"])\n');
    await doc.open();
    assert.deepEqual(codes(await doc.diagnostics()), ['OPS101']);

    // The user opens the config file and edits it, without saving.
    const configUri = pathToFileURL(configPath).href;
    await server.session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: configUri, languageId: 'yaml', version: 1, text: 'ignore: [OPS102]\n' },
    });
    const refreshes = server.session.refreshCount();
    await server.session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: configUri, version: 2 },
      contentChanges: [{ text: 'ignore: [OPS101]\nseverity:\n  OPS102: loud\nbogus: 1\n' }],
    });
    await waitFor('a diagnostics refresh', () => (server.session.refreshCount() > refreshes ? true : undefined));
    assert.deepEqual(codes(await doc.diagnostics()), ['OPS102'], 'the edited ignore list applies; the bad severity falls back');
    const problems = await waitFor('config problems', () => server.session.published.get(configUri));
    const lines = problems.map((p) => p.range.start.line).sort();
    assert.deepEqual(lines, [2, 3], `problems at the bad severity and the unknown key: ${problems.map((p) => p.message).join(' | ')}`);
  });

  it('tells which configuration applies to a document and how many rules run on it', async () => {
    const plain = newDoc('print("hello")\n');
    const status = (
      uri: string,
    ): Promise<{ diagnosticsEnabled: boolean; excluded: boolean; configFile: string | null; enabledRules: number; totalRules: number }> =>
      server.session.connection.sendRequest('pyops/documentStatus', { uri });
    const catalog =
      await server.session.connection.sendRequest<Array<{ code: string; name: string; summary: string }>>('pyops/ruleCatalog');
    assert.ok(catalog.length >= 18 && catalog.every((r) => /^OPS\d{3}$/.test(r.code) && r.name && r.summary), JSON.stringify(catalog[0]));
    // The rule list offers the pages of OPS002 and OPS003 too; they are no rules that run on a file.
    const rules = catalog.filter((r) => r.code !== 'OPS002' && r.code !== 'OPS003');
    assert.deepEqual(
      catalog.filter((r) => !rules.includes(r)).map((r) => `${r.code} ${r.name}`),
      ['OPS002 unused-suppression', 'OPS003 file-not-checked'],
    );
    assert.deepEqual(await status(plain.uri), {
      diagnosticsEnabled: true,
      excluded: false,
      configFile: null,
      enabledRules: rules.length,
      totalRules: rules.length,
    });

    server.session.settings.diagnostics = { enable: true, run: 'onType', ignore: ['OPS1'] };
    await server.session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const settingsOnly = await status(plain.uri);
    assert.equal(settingsOnly.enabledRules, rules.filter((r) => !r.code.startsWith('OPS1')).length);

    mkdirSync(join(server.folder, 'jobs'));
    writeFileSync(join(server.folder, 'jobs', '.pyops.yaml'), 'select: [OPS101, OPS102, OPS201]\nignore: [OPS201]\n');
    const configured = await status(server.uri('jobs', 'nightly.py'));
    // The file's ignore wins over the settings', as in `pyops check`: OPS101, OPS102, and OPS001 (syntax errors run whatever select says).
    assert.deepEqual(configured, {
      diagnosticsEnabled: true,
      excluded: false,
      configFile: join(server.folder, 'jobs', '.pyops.yaml'),
      enabledRules: 3,
      totalRules: rules.length,
    });

    server.session.settings.diagnostics = { enable: false, run: 'onType' };
    await server.session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.equal((await status(plain.uri)).diagnosticsEnabled, false);
    assert.equal((await status(plain.uri)).enabledRules, 0);
  });

  it('answers a cancelled diagnostics request with a cancellation, then serves the next one', async () => {
    const doc = newDoc('import subprocess\nsubprocess.run(["ls"])\n');
    await doc.open();
    const source = new CancellationTokenSource();
    const pending = server.session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: doc.uri } }, source.token);
    source.cancel();
    await assert.rejects(pending, (error: { code?: number }) => error.code === -32802 || error.code === -32800);
    assert.deepEqual(codes(await doc.diagnostics()), ['OPS101', 'OPS102']);
  });

  it('checks the whole workspace on demand and reports files that are not open', async () => {
    writeFileSync(join(server.folder, 'backup.py'), 'import os\nos.system("tar czf /tmp/b.tgz /etc")\n');
    writeFileSync(join(server.folder, 'clean.py'), 'print("hello")\n');
    const report = server.session.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const summary = await server.session.connection.sendRequest<{ files: number; findings: number }>('pyops/checkWorkspace', {});
    assert.deepEqual(summary, { files: 2, findings: 1, skipped: 0 });
    const { items } = await report;
    const backup = items.find((i) => i.uri.endsWith('/backup.py'));
    assert.ok(backup && backup.kind === 'full');
    assert.deepEqual(codes(backup.items), ['OPS104']);
  });
});
