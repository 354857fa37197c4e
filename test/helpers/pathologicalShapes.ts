// Inputs shaped to make a careless analysis super-linear: very long lines, many strings, deep
// nesting, thousands of clauses. Shared by the linearity test (test/unit/diagnostics) and bench
// item 9 (test/bench/pathological.ts).

export interface PathologicalShape {
  id: string;
  /** What the input looks like, for reports. */
  title: string;
  /** The input at size `n` (a repeat count); its length grows linearly with n. */
  make(n: number): string;
  /** The size the benchmark measures (about 100-400 KB of text). */
  benchSize: number;
}

const lines = (count: number, line: (i: number) => string): string => Array.from({ length: count }, (_, i) => line(i)).join('');

export const PATHOLOGICAL_SHAPES: PathologicalShape[] = [
  {
    id: 'long-line-assignments',
    title: '`x="a";` repeated on one line',
    make: (n) => 'x="a";'.repeat(n) + '\n',
    benchSize: 40_000,
  },
  {
    id: 'long-line-findings',
    title: '`logging.info("a");` repeated on one line (a finding each)',
    make: (n) => 'import logging\n' + 'logging.info("a");'.repeat(n) + '\n',
    benchSize: 10_000,
  },
  {
    id: 'many-strings',
    title: 'a log message of implicitly concatenated strings and f-strings, one line each',
    make: (n) => 'import logging\nlogging.info(\n' + '    "a %" \'b\' f"{x}"\n'.repeat(n) + ')\n',
    benchSize: 20_000,
  },
  {
    id: 'long-string',
    title: 'one string literal of n characters',
    make: (n) => 'password = "' + 'a'.repeat(n) + '"\n',
    benchSize: 1_000_000,
  },
  {
    id: 'long-concatenation',
    title: 'a shell command built from n `+` terms, run with shell=True',
    make: (n) => 'import subprocess\ncmd = "a"' + ' + x + "b"'.repeat(n) + '\nsubprocess.run(cmd, shell=True, check=True, timeout=5)\n',
    benchSize: 20_000,
  },
  {
    id: 'deep-brackets',
    title: 'lines of 500 nested brackets and calls around a subprocess call',
    make: (n) => 'import subprocess\n' + lines(n, () => 'x = ' + '[f('.repeat(250) + 'subprocess.run(["a"])' + ')]'.repeat(250) + '\n'),
    benchSize: 200,
  },
  {
    id: 'deep-blocks',
    title: 'functions nesting 90 `if` blocks around a subprocess call',
    make: (n) =>
      'import subprocess\n' +
      lines(n, (k) => `def f${k}(x):\n` + lines(90, (i) => ' '.repeat(i + 1) + 'if x:\n') + ' '.repeat(91) + 'subprocess.run(["a"])\n'),
    benchSize: 40,
  },
  {
    id: 'comment-lines',
    title: 'a function with n lines of commented-out code, and as many at the top level',
    make: (n) =>
      'import subprocess\n\n\ndef f():\n    x = 1\n' +
      '    # subprocess.run(["old", "step"])\n'.repeat(n) +
      '    return x\n' +
      '# subprocess.run(["old", "step"])\n'.repeat(n) +
      'subprocess.run(["a"])\n',
    benchSize: 10_000,
  },
  {
    id: 'many-handlers',
    title: 'one try statement with n except clauses',
    make: (n) => 'try:\n    pass\n' + lines(n, (i) => `except E${i % 7}:\n    pass\n`),
    benchSize: 8_000,
  },
  {
    id: 'many-results',
    title: 'a script assigning n subprocess results in one scope',
    make: (n) => 'import subprocess\n' + lines(n, (i) => `r${i} = subprocess.run(["a"], timeout=5)\n`),
    benchSize: 4_000,
  },
];

/**
 * A plain file of about `length` characters: short statements on short lines, each different (the
 * syntax-error check parses each distinct statement once, so repeating one line would cost nothing).
 */
export function plainFile(length: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const line = `value_${i} = compute(${i}, "a")\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}
