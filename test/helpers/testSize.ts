// The heavy tests (random edit storms, fuzzing, the fix corpus) run on a sample in `npm test` and
// in full under `npm run test:corpus`, which sets PYOPS_TEST_FULL=1.

export const FULL_RUN = process.env.PYOPS_TEST_FULL === '1';

/** `sample` in an ordinary run, `full` in the full one. */
export function sized<T>(sample: T, full: T): T {
  return FULL_RUN ? full : sample;
}
