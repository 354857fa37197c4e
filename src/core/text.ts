// Positions in text, as LSP counts them: zero-based lines, and columns in UTF-16 code units (the
// units JavaScript strings index by). Every layer speaks these; none owns them.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}
