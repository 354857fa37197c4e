import assert from 'node:assert/strict';
import {
  baseName,
  displayPath,
  formatBytes,
  formatCalls,
  formatCount,
  formatCountDelta,
  formatDuration,
  formatDurationDelta,
  formatLocation,
  formatRelativeChange,
  formatShare,
} from '../../../src/shared/format';

describe('viewer formatting', () => {
  describe('formatDuration', () => {
    it('picks the unit that keeps three significant digits', () => {
      assert.equal(formatDuration(0.00000082), '820 ns');
      assert.equal(formatDuration(0.0000123), '12.3 \u00b5s');
      assert.equal(formatDuration(0.00456), '4.56 ms');
      assert.equal(formatDuration(0.0456), '45.6 ms');
      assert.equal(formatDuration(0.456), '456 ms');
      assert.equal(formatDuration(1.234), '1.23 s');
      assert.equal(formatDuration(12.34), '12.3 s');
    });

    it('moves to the next unit when rounding reaches 1000', () => {
      assert.equal(formatDuration(0.0009996), '1.00 ms');
      assert.equal(formatDuration(0.9996), '1.00 s');
    });

    it('prints minutes and hours for long runs', () => {
      assert.equal(formatDuration(59.97), '1 min 00 s');
      assert.equal(formatDuration(125), '2 min 05 s');
      assert.equal(formatDuration(3 * 3600 + 7 * 60 + 20), '3 h 07 min');
    });

    it('prints zero, negatives and unknown values readably', () => {
      assert.equal(formatDuration(0), '0');
      assert.equal(formatDuration(-0.0015), '\u22121.50 ms');
      assert.equal(formatDuration(null), '\u2014');
      assert.equal(formatDuration(Number.NaN), '\u2014');
    });

    it('signs deltas', () => {
      assert.equal(formatDurationDelta(0.0012), '+1.20 ms');
      assert.equal(formatDurationDelta(-0.00035), '\u2212350 \u00b5s');
      assert.equal(formatDurationDelta(0), '0');
    });
  });

  describe('formatShare', () => {
    it('prints one decimal and never rounds a non-zero share to zero', () => {
      assert.equal(formatShare(0.1234), '12.3 %');
      assert.equal(formatShare(1), '100 %');
      assert.equal(formatShare(0.0004), '<0.1 %');
      assert.equal(formatShare(0), '0 %');
    });

    it('prints relative changes with a sign, and "new" when there was nothing before', () => {
      assert.equal(formatRelativeChange(2, 3), '+50.0 %');
      assert.equal(formatRelativeChange(4, 3), '\u221225.0 %');
      assert.equal(formatRelativeChange(0, 3), 'new');
      assert.equal(formatRelativeChange(0, 0), '0 %');
    });
  });

  describe('counts and calls', () => {
    it('groups thousands and rounds apportioned (fractional) counts', () => {
      assert.equal(formatCount(1234567), '1,234,567');
      assert.equal(formatCount(999), '999');
      assert.equal(formatCount(12.6), '13');
      assert.equal(formatCountDelta(-1200), '\u22121,200');
      assert.equal(formatCountDelta(3), '+3');
      assert.equal(formatCountDelta(0.2), '0');
    });

    it('prints calls as pstats does: total/primitive only when recursion made them differ', () => {
      assert.equal(formatCalls(12, 12), '12');
      assert.equal(formatCalls(3, 15), '15/3');
    });

    it('prints bytes in binary units', () => {
      assert.equal(formatBytes(512), '512 B');
      assert.equal(formatBytes(1536), '1.5 KiB');
      assert.equal(formatBytes(24.5 * 1024 * 1024), '24.5 MiB');
      assert.equal(formatBytes(300 * 1024 * 1024 * 1024), '300 GiB');
    });
  });

  describe('paths', () => {
    it('shows paths relative to the base folder only when inside it', () => {
      assert.equal(displayPath('/work/app/deploy.py', '/work/app'), 'deploy.py');
      assert.equal(displayPath('/work/app/lib/x.py', '/work/app/'), 'lib/x.py');
      assert.equal(displayPath('/work/application/x.py', '/work/app'), '/work/application/x.py');
      assert.equal(displayPath('C:\\proj\\run.py', 'C:\\proj'), 'run.py');
      assert.equal(displayPath('~', '/work'), 'built-in');
    });

    it('adds the line to a location, but not for built-ins', () => {
      assert.equal(formatLocation('/work/app/deploy.py', 12, '/work/app'), 'deploy.py:12');
      assert.equal(formatLocation('~', 0, '/work/app'), 'built-in');
      assert.equal(baseName('/a/b/c.py'), 'c.py');
      assert.equal(baseName('C:\\a\\c.py'), 'c.py');
    });
  });
});
