import type { Position } from 'vscode-languageserver';
import { MultusLanguageService } from '../../server/src/languageservice/languageService';

/** The cursor marker in inline fixtures (`|` is YAML's block scalar indicator, so it cannot be the marker). */
export const CURSOR = '§';

export interface Fixture {
  readonly service: MultusLanguageService;
  readonly uri: string;
  readonly text: string;
  readonly position: Position;
  readonly offset: number;
}

/** Position of an offset in a text, counted the LSP way (zero-based lines, UTF-16 characters). */
export function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/**
 * Opens `text` (with one cursor marker) as `file:///ws/open.yaml` in a fresh service, after
 * putting `others` (uri -> text) in the index as files on disk.
 */
export function openWithCursor(marked: string, others: Record<string, string> = {}): Fixture {
  const service = new MultusLanguageService();
  for (const [uri, text] of Object.entries(others)) service.updateDisk(uri, text);
  const offset = marked.indexOf(CURSOR);
  const text = offset >= 0 ? marked.slice(0, offset) + marked.slice(offset + CURSOR.length) : marked;
  const uri = 'file:///ws/open.yaml';
  service.syncOpen(uri, 1, text);
  return { service, uri, text, position: positionOf(text, Math.max(offset, 0)), offset };
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(
  text: string,
  edits: readonly { range: { start: Position; end: Position }; newText: string }[],
): string {
  const offsetOf = (position: Position) => {
    const lines = text.split('\n');
    let offset = 0;
    for (let i = 0; i < position.line; i++) offset += lines[i].length + 1;
    return offset + position.character;
  };
  const sorted = [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start));
  let result = text;
  for (const edit of sorted)
    result = result.slice(0, offsetOf(edit.range.start)) + edit.newText + result.slice(offsetOf(edit.range.end));
  return result;
}
