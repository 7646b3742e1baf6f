// `npm run fuzz:oracle -- --cases N [--seed S]`: the differential test against the real plugins
// (test/oracle/differential.test.ts) on N generated configs, after building it. Without --seed a
// random seed is drawn and printed; a failure prints the seed and each disagreeing case.
import { spawnSync } from 'node:child_process';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const cases = Number(option('cases', '2000'));
const seed = Number(option('seed', String(Math.floor(Math.random() * 2 ** 31))));
if (!Number.isInteger(cases) || cases <= 0 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz:oracle -- --cases N [--seed S]   (root: the plugins run in network namespaces)');
  process.exit(2);
}

const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const provision = spawnSync('bash', ['scripts/provision-cni-oracle.sh'], { stdio: 'inherit' });
if (provision.status !== 0) process.exit(provision.status ?? 1);

console.log(`differential oracle: ${cases} configs from seed ${seed}`);
const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec', 'out/test/oracle/differential.test.js'], {
  stdio: 'inherit',
  env: { ...process.env, DIFF_SEED: String(seed), DIFF_CASES: String(cases) },
});
process.exit(run.status ?? 1);
