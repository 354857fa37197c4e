// Exit codes, as CI scripts rely on them.
export const EXIT_CLEAN = 0;
/** Findings remain. */
export const EXIT_FINDINGS = 1;
/** Bad usage, an internal error, or a file that could not be checked (the result is incomplete). */
export const EXIT_ERROR = 2;

export class UsageError extends Error {}
