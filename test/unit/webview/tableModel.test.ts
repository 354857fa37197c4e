import assert from 'node:assert/strict';
import type { FunctionStats } from '../../../src/core/profile/model';
import { comparisonColumns, functionColumns, type Column } from '../../../src/webview/columns';
import {
  cumulativePerCall,
  filterFunctions,
  moveSelection,
  nextSort,
  scrollToReveal,
  sortRows,
  visibleRange,
} from '../../../src/webview/tableModel';
import { compareProfiles } from '../../../src/core/profile/compare';
import { buildProfile, type FunctionSpec } from './profileBuilder';

const specs: FunctionSpec[] = [
  { name: 'main', file: '/work/deploy.py', line: 40, calls: 1, own: 0.01, cumulative: 2.0 },
  { name: 'copy_tree', file: '/work/deploy.py', line: 10, calls: 200, own: 0.5, cumulative: 1.5 },
  { name: 'fib', file: '/work/deploy.py', line: 25, calls: 177, primitiveCalls: 1, own: 0.3, cumulative: 0.3 },
  { name: 'copy2', file: '/usr/lib/python3.11/shutil.py', line: 430, calls: 200, own: 0.2, cumulative: 1.0, library: true },
  { name: '<built-in method posix.stat>', calls: 400, own: 0.8, cumulative: 0.8, builtin: true },
];
const profile = buildProfile(specs, [], 2.0);
const columns = functionColumns({ totalTime: profile.run.totalTime, baseDir: '/work' });
const column = (key: string): Column<FunctionStats> => columns.find((c) => c.key === key)!;
const names = (rows: FunctionStats[]): string[] => rows.map((r) => r.name);

describe('function table model', () => {
  it('sorts by each numeric column in both directions', () => {
    assert.deepEqual(names(sortRows(profile.functions, column('ownTime'), true)), [
      '<built-in method posix.stat>',
      'copy_tree',
      'fib',
      'copy2',
      'main',
    ]);
    assert.deepEqual(names(sortRows(profile.functions, column('calls'), false)), [
      'main',
      'fib',
      'copy_tree',
      'copy2',
      '<built-in method posix.stat>',
    ]);
  });

  it('sorts names case-insensitively and keeps the previous order among equals', () => {
    const rows = buildProfile(
      [
        { name: 'beta', line: 1, calls: 1, own: 0.1, cumulative: 0.3 },
        { name: 'Alpha', line: 2, calls: 1, own: 0.1, cumulative: 0.2 },
        { name: 'gamma', line: 3, calls: 1, own: 0.1, cumulative: 0.1 },
      ],
      [],
    ).functions;
    assert.deepEqual(names(sortRows(rows, column('name'), false)), ['Alpha', 'beta', 'gamma']);
    // All own times are equal: the cumulative order the rows came in is kept.
    assert.deepEqual(names(sortRows(rows, column('ownTime'), true)), ['beta', 'Alpha', 'gamma']);
  });

  it('sorts locations by file, then by line as a number', () => {
    const sorted = sortRows(
      profile.functions.filter((f) => f.file === '/work/deploy.py'),
      column('location'),
      false,
    );
    assert.deepEqual(names(sorted), ['copy_tree', 'fib', 'main']);
  });

  it('shows per-call time per primitive call and the share of the total', () => {
    const fib = profile.functions.find((f) => f.name === 'fib')!;
    assert.equal(cumulativePerCall(fib), 0.3);
    assert.equal(column('perCall').text(fib), '300 ms');
    assert.equal(column('calls').text(fib), '177/1');
    const copyTree = profile.functions.find((f) => f.name === 'copy_tree')!;
    assert.equal(column('share').text(copyTree), '75.0 %');
    assert.equal(column('location').text(copyTree), 'deploy.py:10');
  });

  it('flips direction on a second click and starts a new column at its natural direction', () => {
    const byTime = { key: 'cumulativeTime', descending: true };
    assert.deepEqual(nextSort(byTime, column('cumulativeTime') as Column<unknown>), { key: 'cumulativeTime', descending: false });
    assert.deepEqual(nextSort(byTime, column('name') as Column<unknown>), { key: 'name', descending: false });
    assert.deepEqual(nextSort({ key: 'name', descending: false }, column('ownTime') as Column<unknown>), {
      key: 'ownTime',
      descending: true,
    });
  });

  it('filters by every query term over name and file:line, and hides library frames', () => {
    assert.deepEqual(names(filterFunctions(profile.functions, { query: 'copy', hideLibrary: false })), ['copy_tree', 'copy2']);
    assert.deepEqual(names(filterFunctions(profile.functions, { query: 'COPY shutil', hideLibrary: false })), ['copy2']);
    assert.deepEqual(names(filterFunctions(profile.functions, { query: 'deploy.py:25', hideLibrary: false })), ['fib']);
    assert.deepEqual(names(filterFunctions(profile.functions, { query: '', hideLibrary: true })), ['main', 'copy_tree', 'fib']);
    assert.deepEqual(names(filterFunctions(profile.functions, { query: 'copy', hideLibrary: true })), ['copy_tree']);
  });

  it('sorts comparison rows by the size of the change, whatever its sign', () => {
    const before = buildProfile(specs, [], 2.0);
    const after = buildProfile(
      specs.map((s) => (s.name === 'copy_tree' ? { ...s, cumulative: 0.5 } : s.name === 'fib' ? { ...s, cumulative: 0.6 } : s)),
      [],
      1.3,
    );
    const comparison = compareProfiles(before, after);
    const deltaColumn = comparisonColumns({ totalTime: 0, baseDir: '/work' }).find((c) => c.key === 'delta')!;
    const sorted = sortRows(comparison.functions, deltaColumn, true);
    assert.deepEqual(
      sorted.slice(0, 2).map((d) => d.name),
      ['copy_tree', 'fib'],
    );
    assert.equal(deltaColumn.text(sorted[0]!), '\u22121.00 s');
    assert.equal(deltaColumn.cellClass!(sorted[0]!), 'delta-better');
    assert.equal(deltaColumn.text(sorted[1]!), '+300 ms');
    assert.equal(deltaColumn.cellClass!(sorted[1]!), 'delta-worse');
  });
});

describe('virtual scrolling', () => {
  it('renders only the rows in view plus the overscan', () => {
    assert.deepEqual(visibleRange(0, 220, 22, 10_000, 5), { start: 0, end: 16 });
    assert.deepEqual(visibleRange(22 * 5000, 220, 22, 10_000, 5), { start: 4995, end: 5016 });
    assert.deepEqual(visibleRange(22 * 9995, 220, 22, 10_000, 5), { start: 9990, end: 10_000 });
    assert.deepEqual(visibleRange(0, 220, 22, 0), { start: 0, end: 0 });
  });

  it('keeps the number of rendered rows independent of the number of rows', () => {
    const small = visibleRange(22 * 50, 440, 22, 100);
    const large = visibleRange(22 * 50, 440, 22, 1_000_000);
    assert.equal(small.end - small.start, large.end - large.start);
  });

  it('scrolls just enough to reveal a row', () => {
    assert.equal(scrollToReveal(3, 0, 220, 22), 0);
    assert.equal(scrollToReveal(20, 0, 220, 22), 21 * 22 - 220);
    assert.equal(scrollToReveal(2, 200, 220, 22), 44);
  });

  it('moves the keyboard selection within bounds', () => {
    assert.equal(moveSelection(-1, 10, 'ArrowDown', 5), 0);
    assert.equal(moveSelection(9, 10, 'ArrowDown', 5), 9);
    assert.equal(moveSelection(0, 10, 'ArrowUp', 5), 0);
    assert.equal(moveSelection(2, 10, 'PageDown', 5), 7);
    assert.equal(moveSelection(7, 10, 'PageDown', 5), 9);
    assert.equal(moveSelection(4, 10, 'End', 5), 9);
    assert.equal(moveSelection(4, 10, 'Home', 5), 0);
    assert.equal(moveSelection(4, 0, 'ArrowDown', 5), -1);
  });
});
