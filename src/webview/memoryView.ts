// "Profile with Memory": tracemalloc's peak, what was still allocated at the end, and where.

import type { MemoryStats } from '../core/profile/model';
import { h, linkButton } from './dom';
import { formatBytes, formatCount, formatLocation } from '../shared/format';

export function renderMemory(memory: MemoryStats, baseDir: string | null, onOpen: (file: string, line: number) => void): HTMLElement {
  const rows = memory.topSites.map((site) =>
    h(
      'tr',
      {},
      h(
        'td',
        { className: 'align-left' },
        site.file.startsWith('<')
          ? formatLocation(site.file, site.line, baseDir)
          : linkButton(formatLocation(site.file, site.line, baseDir), `Open ${site.file} at line ${site.line}`, () => onOpen(site.file, site.line)),
      ),
      h('td', { className: 'align-right' }, formatBytes(site.sizeBytes)),
      h('td', { className: 'align-right' }, formatCount(site.count)),
    ),
  );
  return h(
    'section',
    { className: 'memory-view' },
    h(
      'p',
      {},
      'Peak traced memory ',
      h('strong', {}, formatBytes(memory.peakBytes)),
      '; still allocated at the end ',
      h('strong', {}, formatBytes(memory.currentBytes)),
      '.',
    ),
    h('p', { className: 'muted' }, 'tracemalloc counts Python allocations only (not C extensions\u2019 own memory) and slows the run down, so times in this profile are inflated.'),
    h('h3', {}, 'Largest allocation sites still alive at the end'),
    h(
      'table',
      { className: 'edge-table' },
      h('thead', {}, h('tr', {}, h('th', { className: 'align-left' }, 'Line'), h('th', { className: 'align-right' }, 'Size'), h('th', { className: 'align-right' }, 'Blocks'))),
      h('tbody', {}, ...rows),
    ),
  );
}
