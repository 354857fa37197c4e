// Ends a finished `pyops check` as soon as its output is written. Left to end by itself, node first
// tears the main thread's V8 heap down, object by object: about 15 ms of a check of Debian's
// ansible collections (perf: Isolate::Delete, after the last line was written), to free memory the
// system takes back at once anyway. A check writes its files and cache synchronously, so once
// runCheckCommand has answered nothing else is under way (watch mode answers only when it stops).

/** Whether `pyops <argv>` may end as soon as it has answered and written its output. */
export function endsOnceAnswered(argv: readonly string[]): boolean {
  return argv[0] === 'check';
}

/**
 * Exits with `code` once what was written to stdout and stderr before this call is handed to the
 * system: a write's callback runs after those of the writes before it, whether the stream is a
 * file, a terminal or a pipe (asynchronous on Windows).
 */
export function exitOnceWritten(code: number): void {
  let pending = 2;
  const written = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', written);
  process.stderr.write('', written);
}
