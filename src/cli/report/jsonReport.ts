// JSON in the shape of ruff's `--output-format json`, so tools that read ruff's output read ours.
import type { Finding } from '../../core/diagnostics/types';
import { ruleDocsUrl } from '../ruleDocsUrl';
import { SourceColumns, type RowColumn } from '../sourceColumns';
import type { ReportInput } from './reportInput';

export interface JsonEdit {
  content: string;
  location: RowColumn;
  end_location: RowColumn;
}

export interface JsonFix {
  applicability: 'safe' | 'unsafe';
  message: string;
  edits: JsonEdit[];
}

export interface JsonFinding {
  cell: null;
  code: string;
  message: string;
  filename: string;
  location: RowColumn;
  end_location: RowColumn;
  fix: JsonFix | null;
  /** The rule's page under `docs-url`; null without one (as ruff's null for rules without docs). */
  url: string | null;
  noqa_row: number;
}

function toJsonFinding(finding: Finding, filename: string, columns: SourceColumns, docsUrl: string | undefined): JsonFinding {
  const location = columns.toRowColumn(finding.range.start);
  const fix: JsonFix | null = finding.fix
    ? {
        applicability: finding.fix.safe ? 'safe' : 'unsafe',
        message: finding.fix.title,
        edits: finding.fix.edits.map((edit) => ({
          content: edit.newText,
          location: columns.toRowColumn(edit.range.start),
          end_location: columns.toRowColumn(edit.range.end),
        })),
      }
    : null;
  return {
    cell: null,
    code: finding.code,
    message: finding.message,
    filename,
    location,
    end_location: columns.toRowColumn(finding.range.end),
    fix,
    url: ruleDocsUrl(finding.code, finding.name, docsUrl) ?? null,
    // The line a suppression comment belongs on: the finding's first line.
    noqa_row: location.row,
  };
}

export function jsonFindings(input: ReportInput): JsonFinding[] {
  const out: JsonFinding[] = [];
  for (const file of input.run.checked) {
    if (file.findings.length === 0) continue;
    const columns = new SourceColumns(file.lines);
    for (const finding of file.findings) out.push(toJsonFinding(finding, file.path, columns, input.docsUrl));
  }
  return out;
}

export function jsonReport(input: ReportInput): string {
  return JSON.stringify(jsonFindings(input), null, 2) + '\n';
}
