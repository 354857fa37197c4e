import assert from 'node:assert/strict';
import { layoutColumns, restoreColumnPrefs, type ColumnFit } from '../../../src/webview/columnLayout';
import { functionColumns } from '../../../src/webview/columns';

const columns: ColumnFit[] = functionColumns({ totalTime: 1, baseDir: null }).map((c, i) => ({
  key: c.key,
  minWidth: c.minWidth ?? 60,
  priority: c.priority ?? i,
  width: c.width,
}));
const none = { shown: {}, widths: {} };

function shownKeys(width: number, prefs: Parameters<typeof layoutColumns>[2] = none): string[] {
  const layout = layoutColumns(columns, width, prefs);
  return columns.filter((_, i) => layout.visible[i]).map((c) => c.key);
}

describe('function table columns in a narrow panel', () => {
  it('shows every column where they fit, and drops the least useful first as the panel narrows', () => {
    assert.deepEqual(shownKeys(1200), ['name', 'location', 'calls', 'ownTime', 'cumulativeTime', 'perCall', 'share']);
    // A half-width editor column: the function, where it is, and its time; calls and own time go.
    assert.deepEqual(shownKeys(560), ['name', 'location', 'cumulativeTime', 'share']);
    assert.deepEqual(layoutColumns(columns, 560, none).squeezedOut, ['calls', 'ownTime', 'perCall']);
    assert.deepEqual(shownKeys(680), ['name', 'location', 'calls', 'ownTime', 'cumulativeTime', 'share']);
    // Strictly by priority: a column that would still fit does not jump the queue.
    assert.deepEqual(shownKeys(450), ['name', 'cumulativeTime', 'share']);
    assert.deepEqual(shownKeys(300), ['name', 'cumulativeTime']);
    // The function name stays, however narrow.
    assert.deepEqual(shownKeys(50), ['name']);
  });

  it('keeps the user\u2019s choices: a column shown stays, one hidden goes, a dragged width counts', () => {
    assert.deepEqual(shownKeys(380, { shown: { perCall: true, location: false }, widths: {} }), ['name', 'cumulativeTime', 'perCall']);
    const layout = layoutColumns(columns, 1200, { shown: {}, widths: { location: 300 } });
    assert.equal(layout.template.split(' ').filter((track) => track === '300px').length, 1);
    // A wide location column leaves less room for the rest.
    assert.deepEqual(shownKeys(700, { shown: {}, widths: { location: 300 } }), ['name', 'location', 'cumulativeTime', 'share']);
  });

  it('restores saved choices, dropping what is malformed', () => {
    assert.deepEqual(restoreColumnPrefs({ shown: { calls: false, share: 'yes' }, widths: { name: 200, location: -5, calls: 'x' } }), {
      shown: { calls: false },
      widths: { name: 200 },
    });
    assert.deepEqual(restoreColumnPrefs(null), { shown: {}, widths: {} });
  });
});
