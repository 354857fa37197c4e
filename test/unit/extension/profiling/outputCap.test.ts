// The output channel keeps the start and the end of a run's output, in whole lines.
import assert from 'node:assert/strict';
import { CappedOutput, LINE_SLACK } from '../../../../src/extension/profiling/outputCap';

function feed(cap: CappedOutput, chunks: string[]): { shown: string; end: ReturnType<CappedOutput['finish']> } {
  let shown = '';
  for (const chunk of chunks) shown += cap.push(chunk);
  return { shown, end: cap.finish() };
}

const lines = (from: number, to: number): string =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${String(from + i).padStart(5, '0')}\n`).join('');

describe('profile output cap', () => {
  it('passes small output through untouched', () => {
    const { shown, end } = feed(new CappedOutput(1000, 1000), ['hello\n', 'world\n', 'no newline']);
    assert.equal(shown, 'hello\nworld\nno newline');
    assert.deepEqual(end, { omittedChars: 0, omittedLines: 0, tail: '' });
  });

  it('keeps the first and the last lines of a long output, in whole lines, and counts the rest', () => {
    const all = lines(1, 10_000); // 11 characters a line
    const chunks = all.match(/[\s\S]{1,997}/g)!; // chunks that end mid-line
    const { shown, end } = feed(new CappedOutput(5_000, 5_000), chunks);
    assert.ok(shown.startsWith('line 00001\n') && shown.endsWith('\n'), 'the head ends with a whole line');
    assert.ok(shown.length >= 5_000 && shown.length < 5_000 + 11);
    assert.ok(end.tail.endsWith('line 10000\n') && /^line \d{5}\n/.test(end.tail), 'the tail starts with a whole line');
    assert.ok(end.tail.length <= 5_000);
    assert.equal(shown.length + end.omittedChars + end.tail.length, all.length, 'every character is shown or counted');
    assert.equal(shown.split('\n').length - 1 + end.omittedLines + end.tail.split('\n').length - 1, 10_000);
    // The traceback at the very end of a noisy job is there.
    assert.match(end.tail, /line 09999\nline 10000\n$/);
  });

  it('leaves out a line longer than the tail rather than show a piece of it', () => {
    const huge = 'x'.repeat(50_000);
    const { shown, end } = feed(new CappedOutput(100, 1_000), ['start\n', 'a'.repeat(200) + '\n', huge, huge, '\n', 'Traceback: boom\n']);
    assert.equal(shown, 'start\n' + 'a'.repeat(200) + '\n', 'the head finishes the line it is in');
    assert.equal(end.tail, 'Traceback: boom\n');
    assert.equal(end.omittedLines, 1);
    assert.equal(end.omittedChars, 100_001);
  });

  it('stops a head line that runs past the slack and leaves its rest out', () => {
    const long = 'y'.repeat(LINE_SLACK * 2);
    const { shown, end } = feed(new CappedOutput(10, 100), ['0123456789', long, '\n', 'last\n']);
    assert.equal(shown, '0123456789', 'nothing past the head limit from a giant line');
    assert.equal(end.tail, 'last\n');
    assert.equal(end.omittedLines, 1);
  });

  it('keeps a last line that has no line break', () => {
    const { end } = feed(new CappedOutput(10, 100), [lines(1, 50), 'prompt> ']);
    assert.ok(end.tail.endsWith('line 00050\nprompt> '), JSON.stringify(end.tail.slice(-30)));
  });
});
