// Regenerates the generated tables in README.md (settings and commands from package.json, rules
// from the built CLI's catalog) between their <!-- NAME:start --> / <!-- NAME:end --> markers.
// Usage: node scripts/readme-tables.mjs [--check]   (--check exits 1 if README.md is out of date)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}

function settingDefault(value) {
  return value === undefined ? '' : `\`${JSON.stringify(value)}\``;
}

export function settingsTable(manifest) {
  const props = manifest.contributes.configuration.properties;
  const rows = Object.entries(props).map(
    ([name, p]) => `| \`${name}\` | ${settingDefault(p.default)} | ${cell(p.markdownDescription ?? p.description ?? '')} |`,
  );
  return ['| Setting | Default | Description |', '| --- | --- | --- |', ...rows].join('\n');
}

export function commandsTable(manifest) {
  const rows = manifest.contributes.commands.map((c) => `| ${c.category}: ${c.title} | \`${c.command}\` |`);
  return ['| Command | ID |', '| --- | --- |', ...rows].join('\n');
}

export function rulesTable(rules) {
  const rows = rules.map(
    (r) =>
      `| [${r.code}](docs/rules/${r.code}.md) | \`${r.name}\` | ${r.defaultSeverity} | ${r.fixable === 'none' ? '' : r.fixable} | ${cell(r.summary)} | ${cell(r.equivalents.join(', '))} |`,
  );
  return ['| Code | Name | Severity | Fix | What it flags | Equivalents |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export function replaceSection(text, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  return text.slice(0, from + start.length) + '\n' + body + '\n' + text.slice(to);
}

export function loadRules() {
  const json = execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'rules', '--format', 'json'], { encoding: 'utf8' });
  return JSON.parse(json);
}

export function renderReadme(readme, manifest, rules) {
  let text = replaceSection(readme, 'settings', settingsTable(manifest));
  text = replaceSection(text, 'commands', commandsTable(manifest));
  return replaceSection(text, 'rules', rulesTable(rules));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readmePath = join(root, 'README.md');
  const current = readFileSync(readmePath, 'utf8');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const next = renderReadme(current, manifest, loadRules());
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md tables are out of date: run node scripts/readme-tables.mjs');
      process.exit(1);
    }
  } else if (next !== current) {
    writeFileSync(readmePath, next);
    console.log('README.md tables updated.');
  }
}
