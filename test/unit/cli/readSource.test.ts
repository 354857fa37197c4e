import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSource, readSourceBytes } from '../../../src/cli/readSource';

describe('decodeSource (reading Python files as Python does)', () => {
  it('reads UTF-8 and remembers a BOM', () => {
    const plain = decodeSource(Buffer.from('print("héllo")\n', 'utf8'));
    assert.deepEqual(plain, { ok: true, source: { text: 'print("héllo")\n', encoding: 'utf-8', hasBom: false } });
    const bom = decodeSource(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = 1\n')]));
    assert.deepEqual(bom, { ok: true, source: { text: 'x = 1\n', encoding: 'utf-8', hasBom: true } });
  });

  it('honours a PEP 263 coding comment on the first or second line', () => {
    const latin1 = Buffer.concat([
      Buffer.from('#!/usr/bin/env python\n# -*- coding: latin-1 -*-\ns = "'),
      Buffer.from([0xe9]),
      Buffer.from('"\n'),
    ]);
    const result = decodeSource(latin1);
    assert.ok(result.ok);
    assert.match(result.source.text, /s = "é"/);
    assert.equal(result.source.encoding, 'iso-8859-1');
  });

  it('ignores a coding comment after the first code line', () => {
    const text = Buffer.concat([Buffer.from('x = 1\n# coding: latin-1\ns = "'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    const result = decodeSource(text);
    assert.equal(result.ok, false, 'the file is UTF-8 by default and the byte is invalid there');
  });

  it('refuses binary data, invalid UTF-8 and unknown encodings with a reason', () => {
    const cases: [Buffer, RegExp][] = [
      [Buffer.from([0x78, 0x00, 0x79]), /binary file/],
      [Buffer.from([0x78, 0x3d, 0xff, 0x0a]), /not valid utf-8/],
      [Buffer.from('# coding: klingon-9\nx = 1\n'), /unknown encoding 'klingon-9'/],
    ];
    for (const [bytes, reason] of cases) {
      const result = decodeSource(bytes);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    }
  });
});

describe('decodeSource: coding comments and encodings, as Python reads them', () => {
  const decoded = (bytes: Buffer): { text: string; encoding: string } | string => {
    const result = decodeSource(bytes);
    return result.ok ? { text: result.source.text, encoding: result.source.encoding } : result.reason;
  };
  const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

  it('finds the coding comment on line 2 after a shebang, a blank line or another comment, whatever the line ends', () => {
    for (const head of ['#!/usr/bin/python\n', '\n', '   \t\n', '# licence\r\n', '#!/usr/bin/python\r']) {
      assert.deepEqual(decoded(latin1(`${head}# -*- coding: latin-1 -*-\ns = "\xe9"\n`)), {
        text: `${head}# -*- coding: latin-1 -*-\ns = "é"\n`,
        encoding: 'iso-8859-1',
      });
    }
  });

  it("prefers line 1's coding comment, and ignores one on line 3 or after code", () => {
    assert.deepEqual(decoded(latin1('# coding=shift_jis\n# coding: latin-1\nx = "\x82\xa0"\n')), {
      text: '# coding=shift_jis\n# coding: latin-1\nx = "あ"\n',
      encoding: 'shift-jis',
    });
    for (const head of ['#!/usr/bin/python\n\n# coding: latin-1\n', 'import os  # coding: latin-1\n', 'x = 1\n# coding: latin-1\n']) {
      assert.equal(decoded(latin1(`${head}s = "\xe9"\n`)), 'not valid utf-8 text (binary file?)', head);
    }
  });

  it('reads the same file the same way each time, whatever was decoded before it', () => {
    const sjis = Buffer.concat([Buffer.from('# coding: shift_jis\ns = "'), Buffer.from([0x82, 0xa0]), Buffer.from('"\n')]);
    const broken = Buffer.concat([Buffer.from('# coding: shift_jis\ns = "'), Buffer.from([0x82]), Buffer.from('"\n')]);
    for (let round = 0; round < 2; round++) {
      assert.deepEqual(decoded(sjis), { text: '# coding: shift_jis\ns = "あ"\n', encoding: 'shift-jis' });
      assert.equal(decoded(broken), 'not valid shift-jis text (binary file?)');
      assert.deepEqual(decoded(Buffer.from('x = 1\n')), { text: 'x = 1\n', encoding: 'utf-8' });
      assert.equal(decoded(Buffer.from([0x78, 0x3d, 0x22, 0xc3, 0x22])), 'not valid utf-8 text (binary file?)');
      assert.equal(decoded(latin1('# coding: klingon-9\n')), "unknown encoding 'klingon-9' in the coding comment");
    }
  });

  it('reads ASCII, UTF-8 after an ASCII start, and a UTF-8 file that declares utf-8', () => {
    const ascii = 'import os\n'.repeat(1000);
    assert.deepEqual(decoded(Buffer.from(ascii)), { text: ascii, encoding: 'utf-8' });
    assert.deepEqual(decoded(Buffer.from(`${ascii}s = "→ 🚀"\n`)), { text: `${ascii}s = "→ 🚀"\n`, encoding: 'utf-8' });
    assert.deepEqual(decoded(Buffer.from('# -*- coding: utf-8 -*-\ns = "é"\n')), {
      text: '# -*- coding: utf-8 -*-\ns = "é"\n',
      encoding: 'utf-8',
    });
    assert.deepEqual(decoded(Buffer.from('')), { text: '', encoding: 'utf-8' });
  });
});

describe('readSourceBytes (a file from disk, with or without the stamp the result cache needs)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pyops-read-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const bytesOf = (path: string, stamped: boolean): Buffer | string => {
    const read = readSourceBytes(path, stamped);
    return read.ok ? Buffer.from(read.bytes) : read.reason;
  };

  it('reads small, empty and large files whole, the same either way', () => {
    const files: [string, Buffer][] = [
      ['small.py', Buffer.from('x = 1\n')],
      ['empty.py', Buffer.alloc(0)],
      // Larger than the buffer reused from file to file (1 MiB), and exactly its size.
      ['large.py', Buffer.from('value = "padding padding padding"\n'.repeat(80_000))],
      ['exact.py', Buffer.alloc(1 << 20, 0x23)],
    ];
    for (const [name, content] of files) writeFileSync(join(dir, name), content);
    for (const stamped of [false, true, false]) {
      for (const [name, content] of files)
        assert.ok(content.equals(bytesOf(join(dir, name), stamped) as Buffer), `${name}, stamped: ${stamped}`);
    }
  });

  it('refuses a file too large to check without reading it, and says why a path cannot be read', () => {
    const huge = join(dir, 'huge.py');
    writeFileSync(huge, '');
    truncateSync(huge, 60_000_000);
    for (const stamped of [false, true]) {
      assert.equal(bytesOf(huge, stamped), 'too large (60,000,000 bytes; the limit is 16,000,000 characters)');
      assert.equal(bytesOf(dir, stamped), 'is a directory');
      assert.match(bytesOf(join(dir, 'missing.py'), stamped) as string, /ENOENT/);
    }
  });

  it('reads a file that reports no size (/proc) to its end', function () {
    if (!existsSync('/proc/version')) this.skip();
    const expected = readFileSync('/proc/version');
    assert.ok(expected.length > 0);
    for (const stamped of [false, true]) assert.ok(expected.equals(bytesOf('/proc/version', stamped) as Buffer));
  });

  it('refuses a device that never ends (/dev/zero) once more than the limit came out of it', function () {
    if (!existsSync('/dev/zero')) this.skip();
    for (const stamped of [false, true])
      assert.match(bytesOf('/dev/zero', stamped) as string, /^too large \([\d,]+ bytes; the limit is 16,000,000 characters\)$/);
  });

  it('gives a stamp only when asked', () => {
    const path = join(dir, 'old.py');
    writeFileSync(path, 'x = 1\n');
    const unstamped = readSourceBytes(path, false);
    assert.ok(unstamped.ok && !('stamp' in unstamped));
  });
});
