// The viewer's header: what ran, how long, how it ended, the exception with clickable frames,
// and the action buttons (export, compare, rerun).

import type { Profile } from '../core/profile/model';
import { button, h, linkButton, tableHead } from './dom';
import { formatCount, formatDuration, formatLocation } from '../shared/format';
import type { ExportFormat, ViewerCapabilities } from '../shared/viewerProtocol';
import { argsText, exitStatusText, interpreterText, measurementFact, runFacts as runFigures, threadRows, type Fact } from './runSummary';

export interface HeaderCallbacks {
  onOpenLocation(file: string, line: number): void;
  onExport(format: ExportFormat): void;
  onCompare(): void;
  onRerun(): void;
}

export function renderHeader(
  profile: Profile,
  title: string,
  baseDir: string | null,
  capabilities: ViewerCapabilities,
  callbacks: HeaderCallbacks,
): HTMLElement {
  const run = profile.run;
  const status = exitStatusText(run);
  const facts: Fact[] = [['Profiled time', formatDuration(run.totalTime), 'Sum of own time over all functions (pstats total time)']];
  if (run.wallTime !== null)
    facts.push(['Wall time', formatDuration(run.wallTime), 'Wall-clock time of the script run (profiling overhead included)']);
  facts.push(...runFigures(profile));
  const measurement = measurementFact(profile);
  if (measurement) facts.push(measurement);
  facts.push(['Functions', formatCount(profile.functions.length)]);
  facts.push(['Interpreter', interpreterText(run)]);
  if (run.module) facts.push(['Module', `python -m ${run.module}`, `Run as python -m ${run.module}: ${run.script ?? ''}`]);
  if (run.script !== null) facts.push(['Arguments', argsText(run.args)]);
  if (run.cwd) facts.push(['Working directory', run.cwd]);
  if (run.startTime) facts.push(['Started', formatStartTime(run.startTime)]);
  // A run's .prof lives in VS Code's storage (Save .prof copies it): only a loaded file's path says something.
  if (run.profFile && run.script === null) facts.push(['Profile file', run.profFile]);

  const list = h('dl', { className: 'facts' });
  for (const [term, value, tip] of facts) {
    list.append(h('div', { className: 'fact' }, h('dt', { title: tip }, term), h('dd', { title: value }, value)));
  }
  // Folded to one line in a narrow panel, so the table keeps the room.
  const gist = [`${formatDuration(run.totalTime)} profiled`, `${formatCount(profile.functions.length)} functions`, run.interpreter.version]
    .filter(Boolean)
    .join(' \u00b7 ');
  const actions = h(
    'div',
    { className: 'actions', role: 'toolbar', 'aria-label': 'Profile actions' },
    button('Export speedscope', 'Save as speedscope JSON (open at speedscope.app or in the speedscope CLI)', () =>
      callbacks.onExport('speedscope'),
    ),
    button('Export collapsed stacks', 'Save as collapsed stacks ("a;b;c 123"), for flamegraph.pl and similar tools', () =>
      callbacks.onExport('collapsed'),
    ),
    capabilities.saveProf
      ? button('Save .prof', 'Save the pstats file (opens in snakeviz, pstats, PyCharm)', () => callbacks.onExport('prof'))
      : null,
    capabilities.compare
      ? button('Compare with previous run', 'Per-function changes against the previous run of this script', () => callbacks.onCompare())
      : null,
    capabilities.rerun
      ? button('Rerun', 'Profile the script again with the same interpreter and arguments', () => callbacks.onRerun())
      : null,
  );
  const runFacts = h(
    'details',
    { className: 'run-facts', open: true },
    h(
      'summary',
      { title: 'The run\u2019s facts and the export, compare and rerun buttons' },
      h('span', { className: 'run-facts-label' }, 'Run details'),
      h('span', { className: 'gist muted' }, gist),
    ),
    list,
    renderThreads(profile),
    renderNotes(profile),
    actions,
  );
  foldWhenNarrow(runFacts);

  const header = h(
    'header',
    { className: 'run-header' },
    h(
      'div',
      { className: 'title-row' },
      h('h1', { title: run.script ?? run.profFile ?? title }, title),
      h('span', { className: `badge tone-${status.tone}`, title: status.detail, role: 'status' }, status.label),
      profile.memory
        ? h(
            'span',
            {
              className: 'badge memory-run',
              title: 'Profiled with tracemalloc: the times are inflated. Profile without memory for timings.',
            },
            'Memory run',
          )
        : null,
      status.tone !== 'ok' && status.tone !== 'neutral' ? h('span', { className: 'muted' }, status.detail) : null,
    ),
    runFacts,
    run.exception ? renderException(profile, baseDir, callbacks) : null,
  );
  return header;
}

/** Each thread's CPU and waiting time and whether its calls were counted; open when there are several. */
function renderThreads(profile: Profile): HTMLElement | null {
  const rows = threadRows(profile);
  if (rows.length < 2) return null;
  const body = h('tbody');
  for (const row of rows) {
    body.append(
      h(
        'tr',
        {},
        h('td', { className: 'align-left' }, row.name, row.exited ? h('span', { className: 'muted' }, ' (ended)') : null),
        h('td', { className: 'align-right' }, row.cpu),
        h('td', { className: 'align-right' }, row.waiting),
        h('td', { className: 'align-right' }, row.alive),
        h('td', { className: 'align-left', title: row.howTip }, row.how),
      ),
    );
  }
  return h(
    'details',
    { className: 'threads', open: rows.length <= 8 },
    h('summary', {}, `Threads (${rows.length})`),
    h(
      'table',
      { className: 'thread-table' },
      tableHead(
        ['Thread', 'left'],
        ['Working', 'right', 'CPU time of the thread (its own CPU clock)'],
        ['Waiting', 'right', 'Time alive but off the CPU: sleep, locks, I/O, child processes, the GIL'],
        ['Alive', 'right', 'How long the sampler saw it alive'],
        ['Calls', 'left', 'Whether cProfile counted its calls'],
      ),
      body,
    ),
  );
}

/** What this profile cannot see, one sentence each. */
function renderNotes(profile: Profile): HTMLElement | null {
  const notes = profile.notes ?? [];
  if (notes.length === 0) return null;
  return h('ul', { className: 'profile-notes', 'aria-label': 'What this profile cannot see' }, ...notes.map((note) => h('li', {}, note)));
}

function renderException(profile: Profile, baseDir: string | null, callbacks: HeaderCallbacks): HTMLElement {
  const exception = profile.run.exception!;
  const frames = h('ol', { className: 'traceback', 'aria-label': 'Traceback, outermost call first' });
  for (const frame of exception.frames) {
    const location = formatLocation(frame.file, frame.line, baseDir);
    const canOpen = frame.file !== '' && !frame.file.startsWith('<');
    frames.appendChild(
      h(
        'li',
        {},
        canOpen
          ? linkButton(location, `Open ${frame.file} at line ${frame.line}`, () => callbacks.onOpenLocation(frame.file, frame.line))
          : h('span', {}, location),
        h('span', { className: 'muted' }, ` in ${frame.name}`),
        frame.text ? h('code', { className: 'frame-text' }, frame.text) : null,
      ),
    );
  }
  return h(
    'details',
    { className: 'exception', open: true },
    h('summary', {}, h('strong', {}, exception.type), exception.message ? `: ${exception.message}` : ''),
    frames,
    exception.frames.length === 0 ? h('pre', { className: 'formatted' }, exception.formatted) : null,
  );
}

/** Where the viewer counts as narrow (a half-width editor column); profile.css uses the same width. */
export const NARROW_QUERY = '(max-width: 720px)';

/** Keeps `details` folded while the panel is narrow and open while it is wide, until the user toggles it. */
function foldWhenNarrow(details: HTMLDetailsElement): void {
  const narrow = window.matchMedia(NARROW_QUERY);
  let chosenByUser = false;
  let settingIt = false;
  const apply = (): void => {
    const open = !narrow.matches;
    if (chosenByUser || details.open === open) return;
    settingIt = true;
    details.open = open;
  };
  details.addEventListener('toggle', () => {
    if (settingIt) settingIt = false;
    else chosenByUser = true;
  });
  narrow.addEventListener('change', apply);
  apply();
}

function formatStartTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString();
}
