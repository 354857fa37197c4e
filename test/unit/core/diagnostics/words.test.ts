import assert from 'node:assert/strict';
import { hasWord, wordIndex } from '../../../../src/core/diagnostics/words';

/** Every whole-word start of `word` in `src`, found the plain way: each occurrence, then its neighbours. */
function plainStarts(src: string, word: string): number[] {
  const isName = (c: number): boolean => /[A-Za-z0-9_]/.test(String.fromCharCode(c)) || c > 127;
  const out: number[] = [];
  for (let i = src.indexOf(word); i !== -1; i = src.indexOf(word, i + 1))
    if ((i === 0 || !isName(src.charCodeAt(i - 1))) && (i + word.length === src.length || !isName(src.charCodeAt(i + word.length))))
      out.push(i);
  return out;
}

function starts(src: string, word: string): number[] {
  const out: number[] = [];
  for (let i = wordIndex(src, word); i !== -1; i = wordIndex(src, word, i + 1)) out.push(i);
  return out;
}

describe('diagnostics: whole-word searches', () => {
  it('finds a word at the text edges, between non-name characters, never inside a name', () => {
    assert.equal(hasWord('except', 'except'), true);
    assert.equal(hasWord('except:', 'except'), true);
    assert.equal(hasWord('    except', 'except'), true);
    assert.equal(hasWord('(except)', 'except'), true);
    assert.equal(hasWord('excepted', 'except'), false);
    assert.equal(hasWord('_except', 'except'), false);
    assert.equal(hasWord('except2', 'except'), false);
    assert.equal(hasWord('xcept', 'except'), false);
    assert.equal(hasWord('', 'except'), false);
    assert.equal(hasWord('exc', 'except'), false);
  });

  it('is case-sensitive', () => {
    assert.equal(hasWord('EXCEPT Except', 'except'), false);
    assert.equal(hasWord('exception Exception', 'Exception'), true);
    assert.equal(hasWord('exception', 'Exception'), false);
  });

  it('takes non-ASCII letters for parts of a name', () => {
    assert.equal(hasWord('éexcept', 'except'), false);
    assert.equal(hasWord('excepté', 'except'), false);
    assert.equal(hasWord('名except', 'except'), false);
    assert.equal(hasWord('é except é', 'except'), true);
    assert.equal(hasWord('raise\u00a0x', 'raise'), false);
  });

  it('finds every occurrence in order, from an offset, as a search for the word itself does', () => {
    const texts = [
      'eexcept except, excepted except',
      'xcept except(except)except',
      'try:\n    pass\nexcept ValueError:\n    pass\nexcept:\n  raise',
      'passpass pass _pass pass_ pass',
      'BaseException(Exception) Exceptions Exception',
      'continue; continued; continue',
      'import logging, importlib\nfrom x import y',
    ];
    for (const src of texts)
      for (const word of ['except', 'pass', 'Exception', 'BaseException', 'continue', 'raise', 'import', 'logging', 'x', 'ex'])
        assert.deepEqual(starts(src, word), plainStarts(src, word), `${word} in ${JSON.stringify(src)}`);
    assert.equal(wordIndex('except except', 'except', 1), 7);
    assert.equal(wordIndex('except except', 'except', 7), 7);
    assert.equal(wordIndex('except except', 'except', 8), -1);
  });
});
