// Bench 4: agreement with ruff on the standard library, per PyOps rule that names ruff
// equivalents. A PyOps report and a ruff report (the rule's ruff codes pooled) agree when they
// start on the same line or their line ranges overlap; same-line matches are counted apart. Files where ruff reports a syntax error are left out: ruff lints
// nothing else in such a file, PyOps does (their findings are counted in a note).
import { relative } from 'node:path';
import { RULES, type Finding, type RuleMeta } from '../../src/core/diagnostics';
import { analyzeSource, DEFAULT_ENGINE_CONFIG, loadAnalyzer } from './support/engine';
import { progress, runBench } from './support/result';
import { isSyntaxError, resolveRuleIds, ruffEquivalents, ruffVersion, ruffWorkspace, type Diagnostic } from './support/ruff';
import { loadStdlib, type SourceText } from './support/stdlib';
import { formatNumber } from './support/stats';

const SAMPLES_PER_KIND = 3;

interface RuffHit {
  code: string;
  message: string;
}

/** Everything one tool reported for one rule on one starting line; `end` is the last line covered. */
interface Location {
  file: string;
  line: number;
  end: number;
  pyops: Finding[];
  ruff: RuffHit[];
}

interface FileLocations {
  pyops: Map<number, Location>;
  ruff: Map<number, Location>;
}

interface RuleTally {
  rule: RuleMeta;
  codes: string[];
  files: Map<string, FileLocations>;
}

type Kind = 'both' | 'pyops' | 'ruff';

/** Stable pseudo-random order (FNV-1a of the key), so samples do not all come from one file. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function overlaps(a: Location, b: Location): boolean {
  return a.line <= b.end && b.line <= a.end;
}

function inlineCode(text: string): string {
  const trimmed = text.trim();
  const shown = trimmed.length > 110 ? trimmed.slice(0, 107) + '...' : trimmed;
  if (!shown) return '(blank line)';
  return shown.includes('`') ? `\`\` ${shown} \`\`` : `\`${shown}\``;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${Math.round((part / whole) * 100)}%`;
}

/** A located sample: the match (for `both`) or the lone report, with the other tool's overlapping reports. */
interface Sample {
  location: Location;
  others: Location[];
}

void runBench(4, 'agreement', 'Agreement with ruff on the standard library', async () => {
  const corpus = loadStdlib();
  const analyzer = await loadAnalyzer();
  const equivalents = ruffEquivalents(RULES);
  const ruff = ruffWorkspace([...equivalents.keys()]);
  const compared = RULES.filter((rule) => rule.equivalents.some((e) => e.startsWith('ruff:') && ruff.codes.includes(e.slice(5))));
  const tallies = new Map<string, RuleTally>(
    compared.map((rule) => [
      rule.code,
      {
        rule,
        codes: rule.equivalents
          .filter((e) => e.startsWith('ruff:'))
          .map((e) => e.slice(5))
          .filter((c) => ruff.codes.includes(c)),
        files: new Map(),
      },
    ]),
  );

  // Pass 1: both tools over every file; ruff's identifiers are resolved to codes afterwards.
  const perFile: Array<{ source: SourceText; pyops: Finding[]; ruff: Diagnostic[] }> = [];
  const sampleTextById = new Map<string, string>();
  const syntaxErrorFiles: SourceText[] = [];
  let skippedPyopsFindings = 0;
  for (const [index, source] of corpus.sources.entries()) {
    const pyops = analyzeSource(analyzer, source.text, DEFAULT_ENGINE_CONFIG).filter((f) => tallies.has(f.code));
    const diagnostics = ruff.workspace.check(source.text) as Diagnostic[];
    if (diagnostics.some(isSyntaxError)) {
      syntaxErrorFiles.push(source);
      skippedPyopsFindings += pyops.length;
      continue;
    }
    for (const d of diagnostics)
      if (d.code !== null && !isSyntaxError(d) && !sampleTextById.has(d.code)) sampleTextById.set(d.code, source.text);
    perFile.push({ source, pyops, ruff: diagnostics });
    if ((index + 1) % 500 === 0) progress(`agreement: ${index + 1}/${corpus.sources.length} files`);
  }
  const codeOf = resolveRuleIds(sampleTextById, ruff.codes);
  const unresolved = [...sampleTextById.keys()].filter((id) => !codeOf.has(id));

  for (const { source, pyops, ruff: diagnostics } of perFile) {
    const at = (tally: RuleTally, tool: 'pyops' | 'ruff', line: number, end: number): Location => {
      let locations = tally.files.get(source.path);
      if (!locations) tally.files.set(source.path, (locations = { pyops: new Map(), ruff: new Map() }));
      let location = locations[tool].get(line);
      if (!location) locations[tool].set(line, (location = { file: source.path, line, end, pyops: [], ruff: [] }));
      location.end = Math.max(location.end, end);
      return location;
    };
    for (const finding of pyops) {
      at(tallies.get(finding.code)!, 'pyops', finding.range.start.line + 1, finding.range.end.line + 1).pyops.push(finding);
    }
    for (const d of diagnostics) {
      const code = d.code === null ? undefined : codeOf.get(d.code);
      if (!code) continue;
      for (const ruleCode of equivalents.get(code) ?? []) {
        const tally = tallies.get(ruleCode);
        if (tally) at(tally, 'ruff', d.start_location.row, d.end_location.row).ruff.push({ code, message: d.message });
      }
    }
  }

  const textByPath = new Map(corpus.sources.map((s) => [s.path, s.text.split('\n')] as const));
  const table: string[] = [
    '| PyOps rule | Ruff equivalents | Both | of which same line | PyOps only | Ruff only | Agreement |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const consoleRows: string[][] = [['rule', 'ruff codes', 'both', 'same line', 'pyops only', 'ruff only', 'agree']];
  const samples: string[] = [];
  for (const tally of tallies.values()) {
    const found: Record<Kind, Sample[]> = { both: [], pyops: [], ruff: [] };
    let sameLine = 0;
    const ruffCodes = (locations: Location[]): Set<string> => new Set(locations.flatMap((l) => l.ruff.map((h) => h.code)));
    const bothByCode = new Map<string, number>();
    const ruffOnlyByCode = new Map<string, number>();
    const bump = (map: Map<string, number>, codes: Set<string>): void => {
      for (const code of codes) map.set(code, (map.get(code) ?? 0) + 1);
    };
    for (const locations of tally.files.values()) {
      const ruffLocations = [...locations.ruff.values()];
      const pyopsLocations = [...locations.pyops.values()];
      for (const location of pyopsLocations) {
        const others = ruffLocations.filter((r) => overlaps(location, r));
        if (others.length === 0) {
          found.pyops.push({ location, others });
          continue;
        }
        found.both.push({ location, others });
        bump(bothByCode, ruffCodes(others));
        if (locations.ruff.has(location.line)) sameLine++;
      }
      for (const location of ruffLocations) {
        if (pyopsLocations.some((p) => overlaps(p, location))) continue;
        found.ruff.push({ location, others: [] });
        bump(ruffOnlyByCode, ruffCodes([location]));
      }
    }
    const counts: Record<Kind, number> = { both: found.both.length, pyops: found.pyops.length, ruff: found.ruff.length };
    const total = counts.both + counts.pyops + counts.ruff;
    const split = (map: Map<string, number>): string =>
      tally.codes.length > 1 && map.size > 0
        ? ` (${[...map]
            .sort((a, b) => b[1] - a[1])
            .map(([code, n]) => `${code}: ${n}`)
            .join(', ')})`
        : '';
    const name = `${tally.rule.code} ${tally.rule.name}`;
    table.push(
      `| ${name} | ${tally.codes.join(', ')} | ${counts.both}${split(bothByCode)} | ${sameLine} | ${counts.pyops} | ${counts.ruff}${split(ruffOnlyByCode)} | ${percent(counts.both, total)} |`,
    );
    consoleRows.push([
      name,
      tally.codes.join(','),
      String(counts.both),
      String(sameLine),
      String(counts.pyops),
      String(counts.ruff),
      percent(counts.both, total),
    ]);

    const section: string[] = [];
    for (const [kind, title] of [
      ['pyops', 'PyOps only'],
      ['ruff', 'Ruff only'],
      ['both', 'Both (for reference)'],
    ] as const) {
      const key = (sample: Sample): string => `${sample.location.file}:${sample.location.line}`;
      const candidates = [...found[kind]].sort((a, b) => hash(key(a)) - hash(key(b)) || key(a).localeCompare(key(b)));
      const picked: Sample[] = [];
      const files = new Set<string>();
      for (const candidate of candidates) {
        if (files.has(candidate.location.file)) continue;
        files.add(candidate.location.file);
        picked.push(candidate);
        if (picked.length === (kind === 'both' ? 1 : SAMPLES_PER_KIND)) break;
      }
      if (picked.length === 0) continue;
      section.push(`${title} (${counts[kind]}):`, '');
      for (const { location, others } of picked) {
        const source = textByPath.get(location.file)?.[location.line - 1] ?? '';
        const said = [
          ...location.pyops.map((f) => `PyOps: ${f.message}`),
          ...[location, ...others].flatMap((l) => l.ruff.map((h) => `ruff ${h.code} (line ${l.line}): ${h.message}`)),
        ].join('; ');
        section.push(`- \`${relative(corpus.dir, location.file)}:${location.line}\` ${inlineCode(source)} — ${said.replace(/\|/g, '\\|')}`);
      }
      section.push('');
    }
    if (section.length > 0) samples.push(`#### ${name}`, '', ...section);
  }

  const widths = consoleRows[0]!.map((_, column) => Math.max(...consoleRows.map((row) => row[column]!.length)));
  const consoleTable = consoleRows
    .map((row) =>
      row.map((cell, column) => (column === 0 || column === 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '),
    )
    .join('\n');

  const notes = [
    `${formatNumber(perFile.length)} files compared (ruff-wasm ${ruffVersion()}, preview on, only the equivalent codes selected; PyOps with its default configuration). Counted per reported line: several findings of one tool starting on the same line count once. A PyOps line is matched ("Both") when a ruff report of the rule's codes covers an overlapping range of lines (e.g. ruff marks \`except:\` and PyOps the \`pass\` below it); "of which same line" are those starting on the very same line. Agreement = Both / (Both + PyOps only + Ruff only).`,
    `${syntaxErrorFiles.length} files left out because ruff reports a syntax error in them and lints nothing else there (PyOps still checks them: ${skippedPyopsFindings} findings of the compared rules): ${syntaxErrorFiles
      .slice(0, 6)
      .map((s) => relative(corpus.dir, s.path))
      .join(', ')}${syntaxErrorFiles.length > 6 ? ', ...' : ''}.`,
  ];
  if (ruff.unknown.length > 0) notes.push(`Equivalents unknown to this ruff version, left out: ${ruff.unknown.join(', ')}.`);
  if (unresolved.length > 0) notes.push(`Ruff identifiers that could not be mapped to a selected code: ${unresolved.join(', ')}.`);
  const rulesWithout = RULES.filter((rule) => !tallies.has(rule.code)).map((rule) => rule.code);
  if (rulesWithout.length > 0) notes.push(`Rules with no ruff equivalent (not compared): ${rulesWithout.join(', ')}.`);

  return {
    status: 'ok',
    figures: [],
    notes,
    console: consoleTable,
    markdown: [
      table.join('\n'),
      '',
      '#### Sampled lines',
      '',
      `Up to ${SAMPLES_PER_KIND} lines per kind of disagreement and rule, from different files, picked in a stable pseudo-random order; paths are relative to the standard library folder.`,
      '',
      ...samples,
    ].join('\n'),
  };
});
