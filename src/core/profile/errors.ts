// Every way a profiling launch can fail, each with its cause and what the user can do about it.

export type ProfileErrorKind =
  /** The interpreter path/name does not exist (spawn ENOENT). */
  | 'interpreter-missing'
  /** It exists but could not be run, crashed, hung, or is not a Python interpreter. */
  | 'interpreter-not-runnable'
  /** It runs but is older than 3.8. */
  | 'interpreter-too-old'
  /** pyops_profile.py is not where the extension/CLI expects it (broken install or build). */
  | 'helper-missing'
  /** The script to profile does not exist. */
  | 'script-not-found'
  /** `python -m` found no such module (or a parent package failed to import). */
  | 'module-not-found'
  /** The working directory does not exist. */
  | 'cwd-not-found'
  /** A `.prof` file to load does not exist. */
  | 'profile-not-found'
  /** A `.prof` file to load is not in pstats format. */
  | 'bad-profile-file'
  /** Cancelled before the script started. */
  | 'cancelled'
  /** Cancelled, and the script had to be killed (SIGKILL) before it could write its profile. */
  | 'killed'
  /** The helper ended without writing its summary (crash, out of memory, killed from outside). */
  | 'helper-crashed'
  /** Files could not be written (disk full, permissions) or read back. */
  | 'io';

export class ProfileError extends Error {
  override readonly name = 'ProfileError';

  constructor(
    readonly kind: ProfileErrorKind,
    /** What happened, naming the interpreter/file involved. */
    message: string,
    /** What the user can do about it (one sentence). */
    readonly fix: string,
    /** Extra facts for a log: stderr tail, exit code. */
    readonly detail?: string,
    /**
     * How the script's process ended when it ended without a profile: its exit code, or 128 + the
     * number of the signal that killed it (the CLI exits with it, as the shell would report).
     */
    readonly processExit?: number,
  ) {
    super(message);
  }

  /** Message and fix in one line, for a notification or the CLI. */
  describe(): string {
    return `${this.message} ${this.fix}`;
  }
}

export function isProfileError(value: unknown): value is ProfileError {
  return value instanceof ProfileError;
}
