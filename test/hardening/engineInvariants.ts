import assert from 'node:assert/strict';
import {
  DEFAULT_CLUSTER,
  checkManifestSet,
  formatPreviewText,
  previewPods,
  previewToJson,
  readManifestSet,
  type EngineDiagnostic,
} from '../../engine';

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

/**
 * Everything the CLI and the server do with a file's text: read, check, preview, render.
 * Throws (so a property fails) on an exception or a diagnostic outside the document.
 */
export function runEngine(text: string, path = 'input.yaml'): EngineDiagnostic[] {
  const set = readManifestSet([{ path, text }]);
  const diagnostics = checkManifestSet(set);
  for (const diagnostic of diagnostics) assertDiagnosticInside(diagnostic, path, text.length);
  const previews = previewPods(set.nads, set.pods, DEFAULT_CLUSTER);
  formatPreviewText(previews);
  JSON.stringify(previewToJson(previews));
  return diagnostics;
}

/** A diagnostic a client can show: integer offsets in [0, length], start <= end, code and message. */
export function assertDiagnosticInside(diagnostic: EngineDiagnostic, path: string, length: number): void {
  const [start, end] = diagnostic.range;
  const where = `${diagnostic.code} [${start}, ${end}) in a ${length}-character document`;
  assert.equal(diagnostic.file, path, where);
  assert.ok(Number.isInteger(start) && Number.isInteger(end), `${where}: offsets are integers`);
  assert.ok(start >= 0 && start <= end && end <= length, `${where}: range inside the document`);
  assert.ok(SEVERITIES.has(diagnostic.severity), `${where}: severity ${diagnostic.severity}`);
  assert.ok(typeof diagnostic.code === 'string' && diagnostic.code.length > 0, `${where}: has a code`);
  assert.ok(typeof diagnostic.message === 'string' && diagnostic.message.length > 0, `${where}: has a message`);
}

/** Every line boundary of a text plus `samples` evenly spread character positions (and the end). */
export function prefixCuts(text: string, samples: number): number[] {
  const cuts = new Set<number>([0, text.length]);
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') cuts.add(i).add(i + 1);
  const step = Math.max(1, Math.floor(text.length / samples));
  for (let i = 1; i < text.length; i += step) cuts.add(i);
  return [...cuts].sort((a, b) => a - b);
}
