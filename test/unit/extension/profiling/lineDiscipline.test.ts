import assert from 'node:assert/strict';
import { LineDiscipline, type KeystrokeResult } from '../../../../src/extension/profiling/lineDiscipline';

/** Feeds each chunk as a separate keystroke event and joins what came out. */
function typeChunks(discipline: LineDiscipline, chunks: string[]): KeystrokeResult {
  const total: KeystrokeResult = { echo: '', input: [], endOfInput: false, interrupt: false };
  for (const chunk of chunks) {
    const result = discipline.feed(chunk);
    total.echo += result.echo;
    total.input.push(...result.input);
    total.endOfInput ||= result.endOfInput;
    total.interrupt ||= result.interrupt;
  }
  return total;
}

/** One key per event, as a person types. */
function typeKeys(discipline: LineDiscipline, keys: string): KeystrokeResult {
  return typeChunks(discipline, [...keys]);
}

describe('LineDiscipline (terminal input for the profiled script)', () => {
  it('echoes printable characters and sends nothing before Enter', () => {
    const keys = new LineDiscipline();
    const result = typeKeys(keys, 'yes');
    assert.equal(result.echo, 'yes');
    assert.deepEqual(result.input, []);
    assert.equal(keys.pending, 'yes');
  });

  it('sends the line with a newline on Enter and echoes CRLF', () => {
    const keys = new LineDiscipline();
    const result = typeKeys(keys, 'deploy\r');
    assert.equal(result.echo, 'deploy\r\n');
    assert.deepEqual(result.input, ['deploy\n']);
    assert.equal(keys.pending, '');
  });

  it('sends an empty line for Enter alone', () => {
    assert.deepEqual(new LineDiscipline().feed('\r').input, ['\n']);
  });

  it('erases one character with Backspace, on screen too', () => {
    const keys = new LineDiscipline();
    const result = typeKeys(keys, 'noo\x7fpe\r');
    assert.equal(result.echo, 'noo\b \bpe\r\n');
    assert.deepEqual(result.input, ['nope\n']);
  });

  it('ignores Backspace on an empty line (never erases the prompt)', () => {
    const keys = new LineDiscipline();
    const result = typeKeys(keys, '\x7f\x7fa\x7f\x7f\r');
    assert.equal(result.echo, 'a\b \b\r\n');
    assert.deepEqual(result.input, ['\n']);
  });

  it('erases a whole wide or composed character in one Backspace', () => {
    const keys = new LineDiscipline();
    // A CJK character takes two cells; an emoji is two UTF-16 units; e + combining accent is one character.
    const result = typeChunks(keys, ['名', '\x7f', '\u{1F680}', '\x7f', 'e\u0301', '\x7f', 'ok\r']);
    assert.equal(result.echo, '名\b \b\b \b\u{1F680}\b \b\b \be\u0301\b \bok\r\n');
    assert.deepEqual(result.input, ['ok\n']);
  });

  it('ends the input with Ctrl+D on an empty line, and ignores typing after it', () => {
    const keys = new LineDiscipline();
    const result = typeKeys(keys, 'last\r\x04more\r');
    assert.deepEqual(result.input, ['last\n']);
    assert.equal(result.endOfInput, true);
    assert.equal(result.echo, 'last\r\n');
    assert.equal(keys.inputEnded, true);
  });

  it('sends a partial line without newline on Ctrl+D, and only a second Ctrl+D ends the input', () => {
    const keys = new LineDiscipline();
    const first = keys.feed('abc\x04');
    assert.deepEqual(first.input, ['abc']);
    assert.equal(first.endOfInput, false);
    const second = keys.feed('\x04');
    assert.deepEqual(second.input, []);
    assert.equal(second.endOfInput, true);
  });

  it('reports Ctrl+C as an interrupt, echoes ^C and drops the unfinished line', () => {
    const keys = new LineDiscipline();
    const result = typeKeys(keys, 'half\x03');
    assert.equal(result.interrupt, true);
    assert.equal(result.echo, 'half^C\r\n');
    assert.deepEqual(result.input, []);
    assert.equal(keys.pending, '');
  });

  it('still reports Ctrl+C after the input has ended', () => {
    const keys = new LineDiscipline();
    keys.feed('\x04');
    assert.equal(keys.feed('\x03').interrupt, true);
  });

  it('sends each line of pasted text, keeping an unfinished last line', () => {
    const keys = new LineDiscipline();
    // VS Code turns pasted newlines into CR; text from elsewhere may carry LF or CRLF.
    const result = keys.feed('host-a\rhost-b\nhost-c\r\nhost-d');
    assert.deepEqual(result.input, ['host-a\n', 'host-b\n', 'host-c\n']);
    assert.equal(result.echo, 'host-a\r\nhost-b\r\nhost-c\r\nhost-d');
    assert.equal(keys.pending, 'host-d');
    assert.deepEqual(keys.feed('\r').input, ['host-d\n']);
  });

  it('counts a CRLF split across two events as one Enter', () => {
    const keys = new LineDiscipline();
    const result = typeChunks(keys, ['one\r', '\ntwo\r']);
    assert.deepEqual(result.input, ['one\n', 'two\n']);
  });

  it('sends two Enters as two empty lines', () => {
    assert.deepEqual(new LineDiscipline().feed('\r\r').input, ['\n', '\n']);
  });

  it('skips arrow keys and other escape sequences instead of echoing them', () => {
    const keys = new LineDiscipline();
    const result = typeChunks(keys, ['a', '\x1b[D', '\x1b[1;5C', '\x1bOP', '\x1bb', 'b\r']);
    assert.equal(result.echo, 'ab\r\n');
    assert.deepEqual(result.input, ['ab\n']);
  });

  it('erases the whole line with Ctrl+U', () => {
    const keys = new LineDiscipline();
    const result = typeKeys(keys, 'wrong\x15right\r');
    assert.equal(result.echo, 'wrong' + '\b \b'.repeat(5) + 'right\r\n');
    assert.deepEqual(result.input, ['right\n']);
  });

  it('keeps tabs in the data and drops other control characters', () => {
    const keys = new LineDiscipline();
    const result = keys.feed('a\tb\x01\x02c\r');
    assert.deepEqual(result.input, ['a\tbc\n']);
    assert.equal(result.echo, 'a bc\r\n');
  });
});
