// JUnit XML, which Jenkins, GitLab and most CI dashboards read as test results: one test suite
// per file, one failing test case per finding (ruff's layout), a passing case when all is clean.
import { SourceColumns } from '../sourceColumns';
import { portablePath } from './paths';
import { countFindings, type ReportInput } from './reportInput';

// Control characters other than tab and line breaks are not allowed in XML 1.0 at all.
// eslint-disable-next-line no-control-regex
const NOT_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

function xml(text: string): string {
  return text.replace(NOT_IN_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function junitReport(input: ReportInput): string {
  const total = countFindings(input.run);
  const errors = input.run.failed.length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pyops" tests="${Math.max(total + errors, 1)}" failures="${total}" errors="${errors}">`,
  ];
  for (const file of input.run.checked) {
    if (file.findings.length === 0) continue;
    const columns = new SourceColumns(file.lines);
    const path = xml(portablePath(file.path, input.cwd));
    lines.push(`  <testsuite name="${path}" tests="${file.findings.length}" failures="${file.findings.length}" errors="0">`);
    for (const finding of file.findings) {
      const { row, column } = columns.toRowColumn(finding.range.start);
      lines.push(`    <testcase name="org.pyops.${finding.code}" classname="${path}" file="${path}" line="${row}">`);
      lines.push(
        `      <failure message="${xml(finding.message)}" type="${finding.code}">line ${row}, col ${column}, ${xml(finding.message)}</failure>`,
      );
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  if (errors > 0) {
    lines.push(`  <testsuite name="pyops" tests="${errors}" failures="0" errors="${errors}">`);
    for (const failure of input.run.failed) {
      const path = xml(portablePath(failure.path, input.cwd));
      lines.push(`    <testcase name="${path}" classname="pyops"><error message="${xml(failure.reason.split('\n')[0])}"/></testcase>`);
    }
    lines.push('  </testsuite>');
  }
  if (total + errors === 0)
    lines.push(
      '  <testsuite name="pyops" tests="1" failures="0" errors="0">',
      '    <testcase name="No problems found" classname="pyops"/>',
      '  </testsuite>',
    );
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
