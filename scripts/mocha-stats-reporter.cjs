// Mocha's spec reporter, plus a JSON file with the run's counts for scripts/test.mjs.
const fs = require('node:fs');
const Mocha = require('mocha');

class SpecWithStats extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const target = process.env.PYOPS_MOCHA_STATS;
      if (!target) return;
      const { passes, failures, pending } = runner.stats ?? {};
      fs.writeFileSync(target, JSON.stringify({ passed: passes ?? 0, failed: failures ?? 0, pending: pending ?? 0 }));
    });
  }
}

module.exports = SpecWithStats;
