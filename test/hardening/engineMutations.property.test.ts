import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'node:test';
import { runEngine } from './engineInvariants';
import { checkProperty } from './fuzzSettings';
import { allInputFiles } from './inputFiles';
import { applyMutation, mutationArbitrary } from './textMutations';

describe('random edits of example and corpus files through the engine', () => {
  const { files, skip } = allInputFiles();
  if (skip) it('has the corpus to read', () => assert.fail(skip));

  it('no exception and every diagnostic inside the document after 1 to 6 edits', () => {
    const property = fc.property(
      fc.integer({ min: 0, max: files.length - 1 }),
      fc.array(mutationArbitrary, { minLength: 1, maxLength: 6 }),
      (fileIndex, mutations) => {
        const mutated = mutations.reduce(applyMutation, files[fileIndex].text);
        runEngine(mutated, files[fileIndex].name);
      },
    );
    checkProperty('engine mutations', property, 1500);
  });

  it('CRLF line ends, a BOM and tab-indented JSON keep every diagnostic inside the document', () => {
    const property = fc.property(fc.integer({ min: 0, max: files.length - 1 }), fc.boolean(), (fileIndex, bom) => {
      const text = (bom ? '\ufeff' : '') + files[fileIndex].text.replace(/\n/g, '\r\n');
      runEngine(text, files[fileIndex].name);
    });
    checkProperty('engine CRLF and BOM', property, 200);
  });
});
