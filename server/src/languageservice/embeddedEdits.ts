import type { TextEdit } from 'vscode-languageserver';
import type { YamlDocument, ManifestModel } from './documents';
import type { EmbeddedScalar } from './cursor';

/**
 * Turns an edit of the decoded text of a YAML scalar ([start, end) replaced by `text`) into a
 * file edit that keeps the scalar's style: `"` and `\` escaped in double quotes, `'` doubled in
 * single quotes, line breaks indented like the block or the quoted lines around them.
 * In a plain scalar only names and commas can go in (JSON punctuation would change the YAML).
 */
export function embeddedEdit(
  model: ManifestModel,
  yamlDocument: YamlDocument,
  scalar: Pick<EmbeddedScalar, 'node' | 'map'>,
  [start, end]: readonly [number, number],
  text: string,
): TextEdit | undefined {
  const encoded = encodeForScalar(yamlDocument.analysis.text, scalar, start, text);
  if (encoded === undefined) return undefined;
  const offsets = scalar.map.offsets;
  return {
    range: model.rangeIn(yamlDocument, [offsets[start], offsets[end]]),
    newText: encoded,
  };
}

/** The indentation a new line inside the scalar needs: that of the line the edit starts on. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

function encodeForScalar(
  fileText: string,
  { node, map }: Pick<EmbeddedScalar, 'node' | 'map'>,
  start: number,
  text: string,
): string | undefined {
  const style = node.type ?? 'PLAIN';
  if (style === 'PLAIN') return /^[\w./@, -]*$/.test(text) ? text : undefined;
  const at = map.offsets[Math.min(start, map.text.length)];
  if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') {
    const indent = blockIndent(fileText, map) ?? lineIndent(fileText, at);
    return text.replace(/\n/g, `\n${indent}`);
  }
  const escaped = style === 'QUOTE_DOUBLE' ? text.replace(/[\\"]/g, (ch) => `\\${ch}`) : text.replace(/'/g, "''");
  // A line break in a quoted scalar folds to a space; JSON does not mind, and the layout stays
  // readable. Lines after the key's line must be indented deeper than the key.
  const onKeyLine = fileText.lastIndexOf('\n', at - 1) < (node.range?.[0] ?? 0);
  const indent = lineIndent(fileText, at) + (onKeyLine ? '  ' : '');
  return escaped.replace(/\n/g, `\n${indent}`);
}

function blockIndent(fileText: string, map: EmbeddedScalar['map']): string | undefined {
  for (let i = 0; i < map.text.length; i++) {
    if (map.text[i] !== '\n')
      return lineIndent(fileText, map.offsets[i]).slice(0, indentWidth(fileText, map.offsets[i]));
  }
  return undefined;
}

/** Columns of block indentation before the first content character (content's own spaces are decoded text). */
function indentWidth(fileText: string, offset: number): number {
  const lineStart = fileText.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}
