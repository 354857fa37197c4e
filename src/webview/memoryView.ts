// "Profile with Memory": tracemalloc's peak, the allocation sites that made it, and what was still
// allocated at the end.

import type { AllocationSite, MemoryStats } from '../core/profile/model';
import { h, linkButton, tableHead } from './dom';
import { formatBytes, formatCount, formatLocation } from '../shared/format';

type OpenSite = (file: string, line: number) => void;

function sitesTable(sites: readonly AllocationSite[], baseDir: string | null, onOpen: OpenSite, label: string): HTMLElement {
  const rows = sites.map((site) =>
    h(
      'tr',
      {},
      h(
        'td',
        { className: 'align-left' },
        site.file.startsWith('<')
          ? formatLocation(site.file, site.line, baseDir)
          : linkButton(formatLocation(site.file, site.line, baseDir), `Open ${site.file} at line ${site.line}`, () =>
              onOpen(site.file, site.line),
            ),
      ),
      h('td', { className: 'align-right' }, formatBytes(site.sizeBytes)),
      h('td', { className: 'align-right' }, formatCount(site.count)),
    ),
  );
  return h(
    'table',
    { className: 'edge-table sites', 'aria-label': label },
    tableHead(['Line', 'left'], ['Size', 'right'], ['Blocks', 'right']),
    h('tbody', {}, ...rows),
  );
}

/** Where the sites at the peak were taken, relative to the peak itself. */
export function peakLookText(memory: MemoryStats): string {
  const at = memory.peakSitesBytes ?? memory.peakBytes;
  if (memory.peakBytes <= 0 || at >= memory.peakBytes * 0.995) return 'at the peak';
  return `when ${formatBytes(at)} of the ${formatBytes(memory.peakBytes)} peak was allocated (the nearest look PyOps took)`;
}

export function renderMemory(memory: MemoryStats, baseDir: string | null, onOpen: OpenSite): HTMLElement {
  const atEnd = sitesTable(memory.topSites, baseDir, onOpen, 'Largest allocation sites still alive at the end');
  const summary = h(
    'p',
    {},
    'Peak traced memory ',
    h('strong', {}, formatBytes(memory.peakBytes)),
    '; still allocated at the end ',
    h('strong', {}, formatBytes(memory.currentBytes)),
    '.',
  );
  const caveat = h(
    'p',
    { className: 'muted' },
    'This was a memory run: tracemalloc counts Python allocations only (not C extensions\u2019 own memory) and slows the script down, so the times in this profile are inflated. Profile without memory for timings.',
  );
  if (!memory.peakSites) {
    // A profile from a helper that only looked at the end.
    return h(
      'section',
      { className: 'memory-view' },
      summary,
      caveat,
      h('h3', {}, 'Largest allocation sites still alive at the end'),
      atEnd,
    );
  }
  return h(
    'section',
    { className: 'memory-view' },
    summary,
    caveat,
    h('h3', {}, `Largest allocation sites ${peakLookText(memory)}`),
    sitesTable(memory.peakSites, baseDir, onOpen, 'Largest allocation sites at the peak'),
    h('details', { className: 'memory-end' }, h('summary', {}, `Still allocated at the end (${formatBytes(memory.currentBytes)})`), atEnd),
  );
}
