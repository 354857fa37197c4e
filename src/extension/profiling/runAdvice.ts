// What to suggest after a run that failed in a way PyOps recognises: a script that wanted
// keyboard input it could not get, or one that stopped with a usage error for want of arguments.
// Pure (no vscode import), so it is unit-tested.

import type { Profile } from '../../core/profile/model';

export type RunAdvice =
  /** The script read stdin (input()) and got EOF: in the output channel it has no keyboard. */
  | { kind: 'needs-terminal' }
  /** The script exited with a command-line usage error (argparse, click, optparse...). */
  | { kind: 'needs-arguments'; error: string };

export interface RunFacts {
  /** The script's stdin was closed from the start (output channel mode). */
  stdinClosed: boolean;
  /** The end of what the script wrote to stderr. */
  stderrTail: string;
}

/** argparse's and optparse's "prog: error: …", click's "Error: …". */
const USAGE_ERROR = /^(?:[^\s:]+: )?error: (.+)$/im;
/** Their usage line: "usage: prog [-h] …" (argparse, optparse), "Usage: prog [OPTIONS] …" (click). */
const USAGE_LINE = /^usage: \S/im;

export function adviseAfterRun(profile: Profile, facts: RunFacts): RunAdvice | undefined {
  const run = profile.run;
  if (facts.stdinClosed && run.exitStatus === 'raised' && run.exception?.type === 'EOFError') return { kind: 'needs-terminal' };
  if (run.exitStatus === 'exited' && run.exitCode === 2 && USAGE_LINE.test(facts.stderrTail)) {
    const matches = [...facts.stderrTail.matchAll(new RegExp(USAGE_ERROR.source, 'gim'))];
    const error = matches[matches.length - 1]?.[1]?.trim();
    if (error) return { kind: 'needs-arguments', error };
  }
  return undefined;
}
