import fc from 'fast-check';

/**
 * How the properties run. CI: a fixed seed and a bounded number of cases, so a run is
 * reproducible. `npm run fuzz -- --seconds N` sets HARDENING_FUZZ_SECONDS: each property then
 * runs with a fresh seed for its share of the time. HARDENING_SEED replays a reported failure.
 */
const fuzzSeconds = Number(process.env.HARDENING_FUZZ_SECONDS ?? 0);
const seedFromEnv = process.env.HARDENING_SEED;

export const FUZZING = fuzzSeconds > 0;

/** The number of checkProperty calls in the *.property.test.ts files, so they share the fuzz budget. */
const PROPERTY_COUNT = 8;

export const CI_SEED = 20261129;

/** Parameters for fc.assert: fixed seed and `ciRuns` cases in CI, a time budget when fuzzing. */
export function propertyParameters<T>(ciRuns: number): fc.Parameters<T> {
  const seed =
    seedFromEnv !== undefined ? Number(seedFromEnv) : FUZZING ? Date.now() ^ (Math.random() * 2 ** 31) : CI_SEED;
  if (!FUZZING) return { seed, numRuns: ciRuns, endOnFailure: false };
  return {
    seed,
    numRuns: Number.MAX_SAFE_INTEGER,
    interruptAfterTimeLimit: (fuzzSeconds * 1000) / PROPERTY_COUNT,
    markInterruptAsFailure: false,
  };
}

/**
 * Runs a property with the suite's parameters. On failure fast-check's report carries the seed
 * and the shrink path; this adds how to replay it, so the case can become a regression test.
 * When fuzzing, the number of cases run is printed.
 */
export function checkProperty<T>(name: string, property: fc.IProperty<T>, ciRuns: number): void {
  const parameters = propertyParameters<T>(ciRuns);
  const details = fc.check(property, parameters);
  if (FUZZING) console.log(`${name}: ${details.numRuns} cases, seed ${String(parameters.seed)}`);
  if (details.failed) {
    const replay = `replay: HARDENING_SEED=${String(parameters.seed)} node --test out/test/hardening/`;
    throw new Error(`${name}: ${fc.defaultReportMessage(details) ?? 'failed'}\n${replay}`, {
      cause: details.errorInstance,
    });
  }
}

/** checkProperty for properties that talk to a process (the built server). */
export async function checkAsyncProperty<T>(
  name: string,
  property: fc.IAsyncProperty<T>,
  ciRuns: number,
): Promise<void> {
  const parameters = propertyParameters<T>(ciRuns);
  const details = await fc.check(property, parameters);
  if (FUZZING) console.log(`${name}: ${details.numRuns} cases, seed ${String(parameters.seed)}`);
  if (details.failed) {
    const replay = `replay: HARDENING_SEED=${String(parameters.seed)} node --test out/test/hardening/`;
    throw new Error(`${name}: ${fc.defaultReportMessage(details) ?? 'failed'}\n${replay}`, {
      cause: details.errorInstance,
    });
  }
}
