// The rules issue 12 added or extended, shared by the CLI and language-server tests that check
// both report exactly the lines their fixtures mark (`# expect: OPS111`).

export const NEW_RULES: readonly string[] = ['OPS109', 'OPS110', 'OPS111', 'OPS206', 'OPS207', 'OPS208'];

/** Rules issue 12 extended to more libraries: [code, positive fixture, negative fixture]. */
export const EXTENSIONS: readonly [string, string, string][] = [
  ['OPS101', 'positive_asyncio.py', 'negative_asyncio.py'],
  ['OPS102', 'positive_asyncio.py', 'negative_asyncio.py'],
  ['OPS101', 'positive_remote.py', 'negative_remote.py'],
  ['OPS102', 'positive_remote.py', 'negative_remote.py'],
  ['OPS103', 'positive_asyncio.py', 'negative_asyncio.py'],
  ['OPS301', 'positive_path_params.py', 'negative_path_params.py'],
];

/** 0-based lines of `text` whose `# expect:` marker names `code`. */
export function markedLines(text: string, code: string): number[] {
  const out: number[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /#\s*expect:\s*([A-Z0-9 ]+)/.exec(line);
    if (m && m[1].split(/\s+/).includes(code)) out.push(i);
  });
  return out;
}
