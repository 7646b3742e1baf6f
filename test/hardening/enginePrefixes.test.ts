import { describe, it } from 'node:test';
import { runEngine, prefixCuts } from './engineInvariants';
import { allInputFiles } from './inputFiles';
import { FUZZING } from './fuzzSettings';

/** Character positions sampled inside each file on top of its line boundaries. */
const SAMPLES_PER_FILE = FUZZING ? 400 : 24;

describe('every prefix of every example and corpus file (what a user has typed so far) through the engine', () => {
  const { files, skip } = allInputFiles();
  if (skip) it.skip(skip, () => undefined);
  for (const file of files) {
    it(file.name, () => {
      for (const cut of prefixCuts(file.text, SAMPLES_PER_FILE)) {
        try {
          runEngine(file.text.slice(0, cut), file.name);
        } catch (error) {
          throw new Error(`prefix of ${cut} characters of ${file.name}: ${(error as Error).message}`, { cause: error });
        }
      }
    });
  }
});
