import assert from 'node:assert/strict';
import { mayHoldSecretName, SECRET_PAIRS, SECRET_WORDS } from '../../../../src/core/diagnostics/rules/hardcodedSecret/secrets';
import { readableStdlibFiles } from './stdlib';

/** `letters` written in either case, the Kelvin sign for `k` (as the pattern this test keeps was built). */
function eitherCase(letters: string): string {
  return [...letters].map((c) => (c === 'k' ? '[kK\u212A]' : `[${c}${c.toUpperCase()}]`)).join('');
}

/** The one alternation mayHoldSecretName ran before it searched from anchors: what it must still accept, exactly. */
const ONE_PATTERN = new RegExp(
  [
    ...[...SECRET_WORDS].map(eitherCase),
    ...[...SECRET_PAIRS].map((pair) => {
      const [first, second] = pair.split(' ');
      const head = first.endsWith('i') ? `${eitherCase(first.slice(0, -1))}[iI\u0130]` : eitherCase(first);
      return `${head}[^a-zA-Z0-9\u212A\u0130]*${eitherCase(second)}`;
    }),
  ].join('|'),
);

/** The definition: a word, or a pair with no ASCII letter or digit between, in the lower-cased text. */
const LOWER_CASED = new RegExp([...SECRET_WORDS, ...[...SECRET_PAIRS].map((pair) => pair.replace(' ', '[^a-z0-9]*'))].join('|'));

/** A small deterministic generator (the same texts on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

describe('diagnostics: the secret-name test of a whole text, from anchors (mayHoldSecretName)', () => {
  it('maps no character but the Kelvin sign and İ onto an ASCII letter or digit by lower-casing', function () {
    this.timeout(60_000);
    // The pattern's exactness rests on it: any other such character would have to be a letter of the words.
    const found: number[] = [];
    for (let c = 0x80; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (/[a-z0-9]/.test(String.fromCodePoint(c).toLowerCase())) found.push(c);
    }
    assert.deepEqual(found, [0x130, 0x212a]);
  });

  it('accepts exactly the texts the one alternation accepts, on generated texts of word pieces in any case', function () {
    this.timeout(60_000);
    const wordsAndPairs = [...SECRET_WORDS, ...[...SECRET_PAIRS].flatMap((pair) => pair.split(' '))];
    // Whole words, their prefixes and suffixes (a text may join them into a word), and what may stand between.
    const pieces = [
      ...wordsAndPairs,
      ...wordsAndPairs.flatMap((w) => [w.slice(0, 1 + (w.length >> 1)), w.slice(w.length >> 1), w.slice(1), w.slice(0, -1)]),
      'ap\u0130',
      '\u212Aey',
      'to\u212Aen',
      ...[
        '',
        '_',
        '-',
        ' ',
        '.',
        '\n',
        '(',
        '"',
        '1',
        'x',
        'e',
        'r',
        'h',
        'c',
        'w',
        'é',
        'ß',
        '名',
        '\u212A',
        '\u0130',
        '\u0131',
        '\u017F',
        '\u0307',
      ],
    ];
    const next = random(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const anyCase = (s: string): string => [...s].map((c) => (next() < 0.3 ? c.toUpperCase() : c)).join('');
    let yes = 0;
    let texts = 0;
    for (let n = 0; n < 40_000; n++) {
      const count = Math.floor(next() * 6);
      let text = '';
      for (let i = 0; i < count; i++) text += anyCase(pick(pieces));
      const expected = ONE_PATTERN.test(text);
      assert.equal(mayHoldSecretName(text), expected, JSON.stringify(text));
      assert.equal(LOWER_CASED.test(text.toLowerCase()), expected, `the lower-cased definition: ${JSON.stringify(text)}`);
      if (expected) yes++;
      texts++;
    }
    assert.ok(yes > texts / 10 && yes < texts - texts / 10, `${yes} of ${texts} texts hold a secret name`);
  });

  it('finds each word and pair at the start and at the end of a text, and nothing in a text of one piece short of it', () => {
    for (const word of [...SECRET_WORDS, ...[...SECRET_PAIRS].map((pair) => pair.replace(' ', '_'))]) {
      for (const text of [word, word.toUpperCase(), `${word}()`, `f(${word}`, `x.${word}`]) assert.ok(mayHoldSecretName(text), text);
      assert.equal(mayHoldSecretName(word.slice(1)), ONE_PATTERN.test(word.slice(1)), word.slice(1));
      assert.equal(mayHoldSecretName(word.slice(0, -1)), ONE_PATTERN.test(word.slice(0, -1)), word.slice(0, -1));
    }
  });

  it('accepts exactly the texts the one alternation accepts, on the lines and files of the standard library', function () {
    this.timeout(60_000);
    let yes = 0;
    for (const { text } of readableStdlibFiles(7)) {
      assert.equal(mayHoldSecretName(text), ONE_PATTERN.test(text));
      for (const line of text.split('\n')) {
        const expected = ONE_PATTERN.test(line);
        assert.equal(mayHoldSecretName(line), expected, line);
        if (expected) yes++;
      }
    }
    assert.ok(yes > 100, `only ${yes} lines with a secret name`);
  });
});
