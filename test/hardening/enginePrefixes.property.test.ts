import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'node:test';
import { runEngine, prefixCuts } from './engineInvariants';
import { allInputFiles } from './inputFiles';
import { checkProperty, FUZZING } from './fuzzSettings';

/** Character positions sampled inside each file on top of its line boundaries. */
const SAMPLES_PER_FILE = 24;

function runPrefix(name: string, text: string, cut: number): void {
  try {
    runEngine(text.slice(0, cut), name);
  } catch (error) {
    throw new Error(`prefix of ${cut} characters of ${name}: ${(error as Error).message}`, { cause: error });
  }
}

describe('every prefix of every example and corpus file (what a user has typed so far) through the engine', () => {
  const { files, skip } = allInputFiles();
  if (skip) it('has the corpus to read', () => assert.fail(skip));
  // In CI: every line boundary and evenly sampled positions of every file, the same each run.
  if (!FUZZING) {
    for (const file of files) {
      it(file.name, () => {
        for (const cut of prefixCuts(file.text, SAMPLES_PER_FILE)) runPrefix(file.name, file.text, cut);
      });
    }
  }
  it('random cut positions of random files', () => {
    const property = fc.property(
      fc.integer({ min: 0, max: files.length - 1 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (index, fraction) => {
        const { name, text } = files[index];
        runPrefix(name, text, Math.round(fraction * text.length));
      },
    );
    checkProperty('engine prefixes', property, 300);
  });
});
