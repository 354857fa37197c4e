// Mocha's spec reporter, plus a JSON file with the run's counts for scripts/test.ts (the file named
// by PYOPS_MOCHA_STATS). Built on its own into out/scripts/mocha-stats-reporter.cjs: mocha loads
// reporters with require() and wants the class itself as the module (see scripts/build.mjs).
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

export class SpecWithStats extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const target = process.env.PYOPS_MOCHA_STATS;
      if (!target) return;
      const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      writeFileSync(target, JSON.stringify({ passed: passes, failed: failures, pending }));
    });
  }
}
