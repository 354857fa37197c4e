// A document's text kept deflated while it has no tree: it must come back exactly as it was
// (every UTF-16 code unit, line breaks of every kind), with its length known without inflating it.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoredText } from '../../../src/server/storedText';
import { repoRoot } from '../../helpers/repoRoot';

describe('StoredText', () => {
  const texts: [string, string][] = [
    ['empty', ''],
    ['ASCII with every line break', 'import os\r\nos.system("ls")\rprint(1)\n'],
    ['Latin-1', 'name = "Müller"  # ÿ\n'],
    ['beyond Latin-1', 'msg = "日本語 — ok"\n'],
    ['astral and lone surrogates', 'x = "😀"\ny = "\ud800" + "\udfff"\n'],
  ];
  for (const [what, text] of texts) {
    it(`gives back ${what} text exactly, with its length`, () => {
      const stored = new StoredText(text);
      assert.equal(stored.length, text.length);
      assert.equal(stored.text, text);
    });
  }

  it('holds real scripts in a fraction of their size', () => {
    const dir = join(repoRoot, 'examples');
    const scripts = readdirSync(dir)
      .filter((name) => name.endsWith('.py'))
      .map((name) => readFileSync(join(dir, name), 'utf8'))
      .join('');
    const stored = new StoredText(scripts);
    assert.equal(stored.text, scripts);
    assert.ok(stored.size < scripts.length / 2.5, `${stored.size} bytes for ${scripts.length} characters`);
  });
});
