// The same in-host mocha suite (test/e2e/host) in VS Code desktop through @vscode/test-electron:
// `npm run test:desktop` on a machine that can download VS Code. (This project's CI cannot; it runs
// the suite in code-server with test/e2e/runHost.mjs.) One suite, two launchers.
import { cpSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, driverModules } from './lib/tools.mjs';

const require = createRequire(import.meta.url);
const { runTests } = require(driverModules().testElectron);

const sandbox = mkdtempSync(join(tmpdir(), 'multus-nad-desktop-'));
const workspace = join(sandbox, 'workspace');
cpSync(join(REPO, 'examples/seed-lab'), workspace, { recursive: true });
cpSync(join(REPO, 'test/e2e/fixtures/workspace'), workspace, { recursive: true });

try {
  await runTests({
    version: process.env.E2E_VSCODE_VERSION || '1.139.1',
    extensionDevelopmentPath: REPO,
    extensionTestsPath: join(REPO, 'test/e2e/host/index.cjs'),
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--user-data-dir',
      join(sandbox, 'ud'),
    ],
    extensionTestsEnv: {
      MULTUS_E2E_MOCHA: driverModules().mocha,
      MULTUS_E2E_TESTS: join(REPO, 'out/test/e2e/host'),
      MULTUS_E2E_RESULTS: join(sandbox, 'host-results.json'),
      KUBECONFIG: join(REPO, 'test/e2e/fixtures/kubeconfig.yaml'),
    },
  });
  console.log('desktop suite: passed');
} catch (error) {
  console.error(`desktop suite: failed (${error.message ?? error})`);
  process.exit(1);
}
