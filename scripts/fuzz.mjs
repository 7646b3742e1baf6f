// `npm run fuzz -- --seconds N [--seed S]`: runs the hardening properties (test/hardening) with
// fresh random seeds for about N seconds in all, after building them. A failure prints its seed;
// `HARDENING_SEED=S node --test out/test/hardening/` replays it.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const seconds = Number(option('seconds', '60'));
if (!Number.isFinite(seconds) || seconds <= 0) {
  console.error('usage: npm run fuzz -- --seconds N [--seed S]');
  process.exit(2);
}
const seed = option('seed', undefined);

const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const env = { ...process.env, HARDENING_FUZZ_SECONDS: String(seconds), ...(seed ? { HARDENING_SEED: seed } : {}) };
console.log(`fuzzing for about ${seconds} s${seed ? ` from seed ${seed}` : ' with random seeds'}`);
// The property files only (the hostile-input and server suites are not random), one at a time
// so each gets its share of the budget.
const properties = readdirSync('out/test/hardening')
  .filter((name) => name.endsWith('.property.test.js'))
  .map((name) => join('out/test/hardening', name));
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...properties], {
  stdio: 'inherit',
  env,
});
process.exit(run.status ?? 1);
