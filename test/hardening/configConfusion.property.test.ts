import fc from 'fast-check';
import { describe, it } from 'node:test';
import { annotationArbitrary, confusedFile, editArbitrary, realConfigs } from './configConfusion';
import { runEngine } from './engineInvariants';
import { checkProperty } from './fuzzSettings';

describe('real NAD configs with values of the wrong type, through check and preview', () => {
  const configs = realConfigs();

  it('no exception and every diagnostic inside the document', () => {
    const property = fc.property(
      fc.integer({ min: 0, max: configs.length - 1 }),
      fc.array(editArbitrary, { minLength: 1, maxLength: 5 }),
      annotationArbitrary,
      (index, edits, annotation) => {
        const text = confusedFile(configs[index], edits, annotation);
        try {
          runEngine(text, 'confusion.yaml');
        } catch (error) {
          throw new Error(`${(error as Error).message}\n--- input ---\n${text}`, { cause: error });
        }
      },
    );
    checkProperty('config type confusion', property, 1500);
  });
});
