import assert from 'node:assert/strict';
import { decodeSource } from '../../../src/cli/readSource';

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
