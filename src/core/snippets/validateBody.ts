// Checks a snippet body beyond syntax: the things VS Code accepts silently but that make a snippet
// behave wrongly (an unknown variable inserted as its own name, a missing final position, two
// different defaults for one tab stop, numbering that skips a stop).
import { parseSnippet, SnippetSyntaxError, type SnippetNode } from './syntax';
import { collectTabStops, walkNodes } from './tabStops';

export interface BodyProblem {
  message: string;
  /** Zero-based position within the body, when the problem has one. */
  line?: number;
  column?: number;
}

/** The variables VS Code resolves in snippets; any other `$NAME` is a forgotten escape. */
export const KNOWN_SNIPPET_VARIABLES: ReadonlySet<string> = new Set([
  'TM_SELECTED_TEXT',
  'TM_CURRENT_LINE',
  'TM_CURRENT_WORD',
  'TM_LINE_INDEX',
  'TM_LINE_NUMBER',
  'TM_FILENAME',
  'TM_FILENAME_BASE',
  'TM_DIRECTORY',
  'TM_FILEPATH',
  'RELATIVE_FILEPATH',
  'CLIPBOARD',
  'WORKSPACE_NAME',
  'WORKSPACE_FOLDER',
  'CURSOR_INDEX',
  'CURSOR_NUMBER',
  'CURRENT_YEAR',
  'CURRENT_YEAR_SHORT',
  'CURRENT_MONTH',
  'CURRENT_MONTH_NAME',
  'CURRENT_MONTH_NAME_SHORT',
  'CURRENT_DATE',
  'CURRENT_DAY_NAME',
  'CURRENT_DAY_NAME_SHORT',
  'CURRENT_HOUR',
  'CURRENT_MINUTE',
  'CURRENT_SECOND',
  'CURRENT_SECONDS_UNIX',
  'CURRENT_TIMEZONE_OFFSET',
  'RANDOM',
  'RANDOM_HEX',
  'UUID',
  'BLOCK_COMMENT_START',
  'BLOCK_COMMENT_END',
  'LINE_COMMENT',
]);

/** Parses and checks a body; an empty list means it is well formed. */
export function validateSnippetBody(body: string): BodyProblem[] {
  let nodes: SnippetNode[];
  try {
    nodes = parseSnippet(body);
  } catch (err) {
    if (err instanceof SnippetSyntaxError) return [{ message: err.message, line: err.line, column: err.column }];
    throw err;
  }
  return [...variableProblems(nodes), ...tabStopProblems(nodes)];
}

function variableProblems(nodes: readonly SnippetNode[]): BodyProblem[] {
  const problems: BodyProblem[] = [];
  walkNodes(nodes, (node) => {
    if (node.kind === 'variable' && !KNOWN_SNIPPET_VARIABLES.has(node.name)) {
      problems.push({
        message: `unknown variable $${node.name} (VS Code would insert its name); write "\\$${node.name}" for literal text`,
      });
    }
  });
  return problems;
}

function tabStopProblems(nodes: readonly SnippetNode[]): BodyProblem[] {
  const problems: BodyProblem[] = [];
  const stops = collectTabStops(nodes);

  const final = stops.find((info) => info.index === 0);
  if (!final) problems.push({ message: 'no $0: mark where the cursor goes when the snippet is done' });
  else if (final.occurrences.length > 1) problems.push({ message: '$0 appears more than once' });
  else if (final.occurrences[0]?.kind !== 'tabstop') problems.push({ message: '$0 must be a plain "$0", without a default or choices' });

  const numbered = stops.filter((info) => info.index > 0).map((info) => info.index);
  const gap = numbered.findIndex((index, position) => index !== position + 1);
  if (gap >= 0) {
    const before = gap === 0 ? 'the start' : `$${numbered[gap - 1]}`;
    problems.push({ message: `tab stops skip from ${before} to $${numbered[gap]}; number them 1, 2, 3...` });
  }

  for (const info of stops) {
    const shapes = new Set<string>();
    for (const node of info.occurrences) {
      if (node.kind === 'choice') shapes.add(JSON.stringify(node.options));
      else if (node.kind === 'placeholder' && node.children.length > 0) shapes.add(JSON.stringify(node.children));
    }
    if (shapes.size > 1) {
      problems.push({ message: `$${info.index} is given different defaults; give it once and mirror it with $${info.index}` });
    }
    if (info.definition?.kind === 'placeholder') {
      walkNodes(info.definition.children, (node) => {
        if ((node.kind === 'tabstop' || node.kind === 'placeholder' || node.kind === 'choice') && node.index === info.index) {
          problems.push({ message: `the default of $${info.index} contains $${info.index} itself` });
        }
      });
    }
  }
  return problems;
}
