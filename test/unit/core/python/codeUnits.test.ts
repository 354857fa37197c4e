// The code units the statement scanner reads instead of charCodeAt: the same numbers, for any text,
// the one asked for last, short or long.
import assert from 'node:assert/strict';
import { CodeUnits } from '../../../../src/core/python/codeUnits';
import { random } from '../diagnostics/helpers';

const reader = new CodeUnits();

function assertUnits(text: string): void {
  const units = reader.of(text);
  // The array may be longer (a reused one): what is past the line feed is no one's.
  assert.ok(units.length >= text.length + 1);
  for (let i = 0; i < text.length; i++) if (units[i] !== text.charCodeAt(i)) assert.fail(`unit ${i} of a text of ${text.length}`);
  assert.equal(units[text.length], 10, 'a line feed after the text');
}

describe('CodeUnits: a text as UTF-16 code units', () => {
  it('gives the code units of ASCII, non-ASCII and astral text, the last text asked for each time', () => {
    const rand = random(12);
    const pieces = ['def f():\n', 'é', '\u20ac', '\ud83d\ude00', '\ud800', 'x = "a"\n', '\t', '\r\n', '\u0130'];
    const texts: string[] = [''];
    for (let trial = 0; trial < 200; trial++) {
      let text = '';
      const length = Math.floor(rand() * 60);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(rand() * pieces.length)];
      texts.push(text);
    }
    // Texts of the same length and different characters follow each other too.
    texts.push('abc', 'abd', 'abc', 'ab\u0101');
    for (const text of texts) assertUnits(text);
    for (const text of texts.reverse()) assertUnits(text);
    // Back and forth between two texts, and a third.
    for (let i = 0; i < 50; i++) assertUnits(texts[i % 3 === 2 ? i : i % 2]);
  });

  it('keeps the last two texts: a return to the one before is not copied again', () => {
    const units = new CodeUnits();
    const a = units.of('import os\n');
    units.of('x = 1\n');
    assert.equal(units.of('import os\n'), a);
    units.of('y = 2\n');
    units.of('z = 3\n');
    assert.equal(units.held('import os\n'), undefined);
    assert.equal(units.of('import os\n')[0], 'i'.charCodeAt(0));
    // held() answers from those two texts only, without copying another.
    assert.equal(units.held('z = 3\n')?.[0], 'z'.charCodeAt(0));
    assert.equal(units.held('import os\n')?.[0], 'i'.charCodeAt(0));
    assert.equal(units.held('y = 2\n'), undefined);
  });

  it('gives the code units of a text longer than the reused array, and of a short one after it', () => {
    const long = 'import os\n\u00e9'.repeat(200_000);
    assertUnits(long);
    assertUnits('x\n');
    assertUnits(long);
  });
});
