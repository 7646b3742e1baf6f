import fc from 'fast-check';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { annotationArbitrary, confusedFile, editArbitrary, realConfigs } from './configConfusion';
import { checkAsyncProperty } from './fuzzSettings';
import { allInputFiles } from './inputFiles';
import { LspSession, type Position } from './lspSession';
import { applyMutation, mutationArbitrary } from './textMutations';

/** A position from two fractions: a line of the text, then a character of it (or just past it). */
function positionIn(text: string, lineFraction: number, characterFraction: number): Position {
  const lines = text.split(/\r\n|\r|\n/);
  const line = Math.min(Math.floor(lineFraction * lines.length), lines.length - 1);
  return { line, character: Math.floor(characterFraction * (lines[line].length + 1)) };
}

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

describe('random edits of example and corpus files through the built server, every feature asked', () => {
  const { files, skip } = allInputFiles();
  const session = new LspSession();
  before(() => session.initialize());
  after(() => session.stop());
  if (skip) it('has the corpus to read', () => assert.fail(skip));

  let opened = 0;

  /** Opens `text`, asks every feature at `places` and for the whole file, closes it; no failure may be logged. */
  async function exercise(text: string, places: readonly (readonly [number, number])[], name: string): Promise<void> {
    const uri = `file:///fuzz/case-${opened++}.yaml`;
    await session.open(uri, text);
    // documentSymbol is answered after the validation the open scheduled: diagnostics are in.
    await session.request('textDocument/documentSymbol', { textDocument: { uri } });
    const diagnostics = session.latest(uri)?.diagnostics ?? [];
    const whole = { start: { line: 0, character: 0 }, end: positionIn(text, 0.999999, 1) };
    const requests: Promise<unknown>[] = [
      session.request('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics } }),
      session.request('textDocument/formatting', {
        textDocument: { uri },
        options: { tabSize: 2, insertSpaces: true },
      }),
    ];
    for (const [l, c] of places) {
      const position = positionIn(text, l, c);
      const at = { textDocument: { uri }, position };
      requests.push(
        session.request('textDocument/completion', at),
        session.request('textDocument/hover', at),
        session.request('textDocument/definition', at),
        session.request('textDocument/references', { ...at, context: { includeDeclaration: true } }),
        session.request('multus/preview', at),
      );
    }
    await Promise.all(requests);
    await session.close(uri);
    assert.deepEqual(session.failures(), [], `no failure logged for ${name}`);
  }

  const places = fc.array(fc.tuple(fraction, fraction), { minLength: 1, maxLength: 3 });

  it('random edits: every request answered (no error response), no failure logged', async () => {
    const property = fc.asyncProperty(
      fc.integer({ min: 0, max: files.length - 1 }),
      fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }),
      places,
      async (fileIndex, mutations, at) =>
        exercise(mutations.reduce(applyMutation, files[fileIndex].text), at, files[fileIndex].name),
    );
    await checkAsyncProperty('server mutations', property, 400);
  });

  it('real configs with values of the wrong type: every request answered, no failure logged', async () => {
    const configs = realConfigs();
    const property = fc.asyncProperty(
      fc.integer({ min: 0, max: configs.length - 1 }),
      fc.array(editArbitrary, { minLength: 1, maxLength: 5 }),
      annotationArbitrary,
      places,
      async (index, edits, annotation, at) =>
        exercise(confusedFile(configs[index], edits, annotation), at, 'confused config'),
    );
    await checkAsyncProperty('server type confusion', property, 300);
  });
});
