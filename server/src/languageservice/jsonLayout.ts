import { applyEdits, format } from 'jsonc-parser';

/**
 * JSON text for a value that replaces part of an embedded config, laid out like its
 * surroundings: indented lines when the config is written over several lines (continuing the
 * indentation of the line where the value starts), one line otherwise.
 */
export function layoutJson(value: unknown, configText: string, at: number): string {
  if (!configText.includes('\n')) return oneLine(JSON.stringify(value, null, 1));
  const lineStart = configText.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*/.exec(configText.slice(lineStart))?.[0] ?? '';
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

/** JSON text re-laid out with two-space indentation, tokens kept as written (numbers, escapes). */
export function prettyJson(text: string): string {
  const trimmed = text.trim();
  return applyEdits(trimmed, format(trimmed, undefined, { tabSize: 2, insertSpaces: true, eol: '\n' }));
}

/** The same JSON on one line with a space after `:` and `,` (JSON strings hold no raw line breaks). */
export function oneLine(json: string): string {
  return prettyJson(json)
    .replace(/([[{])\n\s*/g, '$1 ')
    .replace(/\n\s*([\]}])/g, ' $1')
    .replace(/,\n\s*/g, ', ');
}
