// The code units the statement scanner reads instead of charCodeAt: the same numbers, for any text,
// the one asked for last, short or long.
import assert from 'node:assert/strict';
import { codeUnitsOf } from '../../../../src/core/python/codeUnits';
import { random } from '../diagnostics/helpers';

function assertUnits(text: string): void {
  const units = codeUnitsOf(text);
  assert.equal(units.length, text.length + 1);
  for (let i = 0; i < text.length; i++) if (units[i] !== text.charCodeAt(i)) assert.fail(`unit ${i} of a text of ${text.length}`);
  assert.equal(units[text.length], 10, 'a line feed after the text');
}

describe('codeUnitsOf: a text as UTF-16 code units', () => {
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
  });

  it('gives the code units of a text longer than the reused array, and of a short one after it', () => {
    const long = 'import os\n\u00e9'.repeat(200_000);
    assertUnits(long);
    assertUnits('x\n');
    assertUnits(long);
  });
});
