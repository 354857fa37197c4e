// SARIF 2.1.0, the format code-scanning services (e.g. GitHub code scanning) import.
import { relative, sep } from 'node:path';
import type { Fix as SarifFix, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Severity } from '../../core/diagnostics/types';
import { ruleDocsMarkdown, ruleDocsUrl } from '../ruleDocsUrl';
import { SourceColumns } from '../sourceColumns';
import type { ReportInput } from './reportInput';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/**
 * GitHub code scanning's `security-severity` (a CVSS-like score: 7.0+ high, 4.0+ medium) for the
 * security rules, so their alerts are ranked as security alerts.
 */
const SECURITY_SEVERITY: Record<string, string> = {
  OPS103: '8.8', // shell injection
  OPS303: '7.5', // yaml.load builds arbitrary objects
  OPS305: '7.0', // hard-coded secret
  OPS304: '5.3', // tempfile.mktemp race
};

/**
 * A path relative to the current folder (%SRCROOT%), segments percent-encoded: never a file://
 * URI, which would name the machine that ran the check. Files outside the folder keep `../`.
 */
function artifactLocation(path: string, cwd: string): { uri: string; uriBaseId: string } {
  const rel = relative(cwd, path).split(sep).join('/');
  return {
    uri: (rel === '' ? '.' : rel)
      .split('/')
      .map((part) => (part === '..' ? part : encodeURIComponent(part)))
      .join('/'),
    uriBaseId: SOURCE_ROOT,
  };
}

function toSarifFix(finding: Finding, location: { uri: string; uriBaseId?: string }, columns: SourceColumns): SarifFix | undefined {
  if (!finding.fix) return undefined;
  return {
    description: { text: finding.fix.title + (finding.fix.safe ? '' : ' (may change behaviour; review before applying)') },
    artifactChanges: [
      {
        artifactLocation: location,
        replacements: finding.fix.edits.map((edit) => {
          const start = columns.toRowColumn(edit.range.start);
          const end = columns.toRowColumn(edit.range.end);
          return {
            deletedRegion: { startLine: start.row, startColumn: start.column, endLine: end.row, endColumn: end.column },
            insertedContent: { text: edit.newText },
          };
        }),
      },
    ],
  };
}

export function sarifLog(input: ReportInput): Log {
  const ruleIndex = new Map(input.rules.map((rule, index) => [rule.code, index]));
  const rules: ReportingDescriptor[] = input.rules.map((rule) => {
    const descriptor: ReportingDescriptor = {
      id: rule.code,
      name: rule.name,
      shortDescription: { text: rule.summary },
      fullDescription: { text: rule.summary },
      defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
      properties: { category: rule.category, equivalents: rule.equivalents, fixable: rule.fixable, tags: [rule.category] },
    };
    const helpUri = ruleDocsUrl(rule.code, rule.name, input.docsUrl);
    if (helpUri !== undefined) descriptor.helpUri = helpUri;
    if (SECURITY_SEVERITY[rule.code] !== undefined) {
      descriptor.properties = {
        ...descriptor.properties,
        'security-severity': SECURITY_SEVERITY[rule.code],
        tags: [rule.category, 'security'],
      };
    }
    // The whole page travels in the log, so code scanning shows the explanation without a link.
    const markdown = ruleDocsMarkdown(rule.code);
    if (markdown !== undefined) descriptor.help = { text: markdown, markdown };
    return descriptor;
  });
  const results: Result[] = [];
  for (const file of input.run.checked) {
    if (file.findings.length === 0) continue;
    const columns = new SourceColumns(file.lines);
    const location = artifactLocation(file.path, input.cwd);
    for (const finding of file.findings) {
      const start = columns.toRowColumn(finding.range.start);
      const end = columns.toRowColumn(finding.range.end);
      const fix = toSarifFix(finding, location, columns);
      const result: Result = {
        ruleId: finding.code,
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
              region: { startLine: start.row, startColumn: start.column, endLine: end.row, endColumn: end.column },
            },
          },
        ],
      };
      const index = ruleIndex.get(finding.code);
      if (index !== undefined) result.ruleIndex = index;
      if (fix) result.fixes = [fix];
      results.push(result);
    }
  }
  const notifications: Notification[] = input.run.failed.map((failure) => ({
    level: 'error',
    message: { text: `Not checked: ${failure.reason.split('\n')[0]}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(failure.path, input.cwd) } }],
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'pyops', version: input.version, semanticVersion: input.version, rules } },
        invocations: [{ executionSuccessful: input.run.failed.length === 0, toolExecutionNotifications: notifications }],
        // No uri: the consumer (code scanning, the warnings plugin) resolves paths against its checkout.
        originalUriBaseIds: { [SOURCE_ROOT]: { description: { text: 'The folder pyops check ran in (the repository root in CI).' } } },
        // Columns count characters, as in the text and JSON output.
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
}

export function sarifReport(input: ReportInput): string {
  return JSON.stringify(sarifLog(input), null, 2) + '\n';
}
