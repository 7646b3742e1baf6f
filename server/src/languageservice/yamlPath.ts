/**
 * Where a cursor sits in block YAML, read from the indentation of the lines above it (the tree
 * cannot tell while a key is half typed): the path of parent keys, the key whose value is being
 * typed (if any), the keys already present beside the cursor, and the word to replace.
 */
export interface YamlSlot {
  readonly path: readonly string[];
  readonly valueKey?: string;
  readonly siblings: readonly string[];
  /** [start, end) of the key or value text under the cursor, relative to the text given. */
  readonly replace: readonly [number, number];
  readonly indent: number;
}

const KEY_LINE = /^(\s*)(?:- )?([^\s#:][^:#]*?):(?:\s+(.*))?$/;

export function yamlSlotAt(text: string, offset: number): YamlSlot | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAt = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEndAt < 0 ? text.length : lineEndAt).replace(/\r$/, '');
  const column = offset - lineStart;
  const before = line.slice(0, column);
  const valueMatch = /^(\s*)([^\s#:][^:#]*?):\s+(\S*)$/.exec(before);
  const keyMatch = /^(\s*)([\w./-]*)$/.exec(before);
  if (!valueMatch && !keyMatch) return undefined;
  const indent = (valueMatch ?? keyMatch)![1].length;
  const path = parentPath(text, lineStart, indent);
  if (!path) return undefined;
  const wordEnd = column + (/^[^\s:#]*/.exec(line.slice(column))?.[0].length ?? 0);
  if (valueMatch) {
    const valueStart = lineStart + column - valueMatch[3].length;
    return { path, valueKey: valueMatch[2], siblings: [], replace: [valueStart, lineStart + wordEnd], indent };
  }
  return {
    path,
    siblings: siblingKeys(text, lineStart, indent),
    replace: [lineStart + indent, lineStart + wordEnd],
    indent,
  };
}

function parentPath(text: string, lineStart: number, indent: number): string[] | undefined {
  const path: string[] = [];
  let current = indent;
  let end = lineStart - 1;
  while (current > 0 && end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (/^\s*(#.*)?$/.test(line) || line.startsWith('---')) continue;
    const lineIndent = /^\s*/.exec(line)![0].length;
    if (lineIndent >= current) continue;
    const match = KEY_LINE.exec(line);
    if (!match || (match[3] && !/^[|>][-+0-9]*\s*(#.*)?$/.test(match[3]) && !match[3].startsWith('#')))
      return undefined;
    path.unshift(match[2]);
    current = lineIndent;
  }
  return current === 0 ? path : undefined;
}

/** Keys at the same indentation in the same block, above and below the cursor line. */
function siblingKeys(text: string, lineStart: number, indent: number): string[] {
  const keys: string[] = [];
  const lines = text.split('\n');
  const cursorLine = text.slice(0, lineStart).split('\n').length - 1;
  for (const direction of [-1, 1]) {
    for (let i = cursorLine + direction; i >= 0 && i < lines.length; i += direction) {
      const line = lines[i];
      if (/^\s*(#.*)?$/.test(line)) continue;
      const lineIndent = /^\s*/.exec(line)![0].length;
      if (lineIndent < indent || line.startsWith('---')) break;
      const match = lineIndent === indent ? KEY_LINE.exec(line) : null;
      if (match) keys.push(match[2]);
    }
  }
  return keys;
}
