/**
 * One YAML document of a multi-document file as a slice of the text: it starts at a line
 * start (`start`, on zero-based `line`) and runs to the next `---` marker line or the end.
 */
export interface DocumentSlice {
  readonly start: number;
  readonly line: number;
  readonly text: string;
}

/**
 * Splits a file at its `---` marker lines (YAML 1.2 §9.1.2: `---` at column 0 followed by
 * white space or a line end always starts a document, even inside a block or quoted scalar),
 * so each document can be parsed, cached and re-parsed on its own. The marker line belongs
 * to the document it opens. Never fails; a file without markers is one document.
 */
export function splitDocuments(text: string): DocumentSlice[] {
  const starts: { offset: number; line: number }[] = [{ offset: 0, line: 0 }];
  let line = 0;
  let at = 0;
  for (;;) {
    const next = text.indexOf('\n', at);
    if (next < 0) break;
    line++;
    at = next + 1;
    if (isMarkerLine(text, at) && at > 0) starts.push({ offset: at, line });
  }
  // A leading marker on line 0 belongs to the first document; it is already at offset 0.
  return starts.map((start, index) => {
    const end = index + 1 < starts.length ? starts[index + 1].offset : text.length;
    return { start: start.offset, line: start.line, text: text.slice(start.offset, end) };
  });
}

function isMarkerLine(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 45 || text.charCodeAt(at + 1) !== 45 || text.charCodeAt(at + 2) !== 45) return false;
  const after = text.charCodeAt(at + 3);
  return Number.isNaN(after) || after === 32 || after === 9 || after === 10 || after === 13;
}
