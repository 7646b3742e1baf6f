// Runs the in-host mocha suite (test/e2e/host) inside the real VS Code extension host of code-server,
// against the packaged extension installed from the .vsix. The mechanism is VS Code's own browser
// integration tests: the URL's `payload` names the tests, code-server runs with the smoke-test
// driver enabled (else a built workbench ignores them), and the workbench reports the extension
// host's exit code to window.codeAutomationExit.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './lib/browser.mjs';
import { createSandbox, installVsix, removeSandbox, startCodeServer, stopChild } from './lib/codeServer.mjs';
import { REPO, driverModules } from './lib/tools.mjs';

const VSIX = process.env.E2E_VSIX || join(REPO, 'dist/multus-nad.vsix');
// Generous: a failing suite spends each test's wait before it gives up.
const SUITE_TIMEOUT_MS = 900_000;
// --restricted: a VS Code whose workspace is not trusted, running host/restricted.test.ts alone.
const RESTRICTED = process.argv.includes('--restricted');
const SUITE = RESTRICTED ? 'restricted host suite' : 'host suite';
const started = Date.now();
const lap = (what) => console.log(`[${String(Date.now() - started).padStart(6)} ms] ${what}`);

async function main() {
  const { dir, workspace } = createSandbox(RESTRICTED ? 'restricted' : 'host', { restricted: RESTRICTED });
  const results = join(dir, 'host-results.json');
  let codeServer;
  let browser;
  let exitCode = 1;
  try {
    console.log(installVsix(dir, VSIX));
    lap('vsix installed');
    const installed = join(dir, 'exts', readInstalledFolder(dir));
    codeServer = await startCodeServer(dir, workspace, {
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      restricted: RESTRICTED,
      // The extension host inherits code-server's environment: that is how the suite gets its settings.
      env: {
        MULTUS_E2E_MOCHA: driverModules().mocha,
        MULTUS_E2E_RESULTS: results,
        MULTUS_E2E_TESTS: join(REPO, 'out/test/e2e/host'),
        MULTUS_E2E_REPO: REPO,
        MULTUS_E2E_GREP: process.env.E2E_GREP || '',
        MULTUS_E2E_RESTRICTED: RESTRICTED ? '1' : '0',
      },
    });
    lap(`code-server listening at ${codeServer.url}`);
    browser = await launchBrowser(dir, { width: 1200, height: 800 });
    const page = browser.pages()[0] ?? (await browser.newPage());
    const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => console.log(`  ${format(...(args ?? []))}`));
    const remote = (path) => `vscode-remote://${new URL(codeServer.url).host}${path}`;
    // The installed extension folder doubles as the development path: the tests then run against
    // exactly what the .vsix holds, in a host that accepts extensionTestsPath.
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(installed)],
      ['extensionTestsPath', remote(join(REPO, 'test/e2e/host/index.cjs'))],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(
      `${codeServer.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`,
    );
    lap('workbench loading');
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the suite did not finish in ${SUITE_TIMEOUT_MS} ms`)),
        SUITE_TIMEOUT_MS,
      );
    });
    exitCode = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    lap(`extension host exited with ${exitCode}`);
    if (!existsSync(results)) throw new Error('the suite wrote no results');
    const { passes, failures } = JSON.parse(readFileSync(results, 'utf8'));
    console.log(`${SUITE}: ${passes} passed, ${failures} failed`);
    if (failures > 0) exitCode = 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await stopChild(codeServer?.child);
    lap('stopped');
    removeSandbox(dir, exitCode === 0);
  }
  return exitCode;
}

function readInstalledFolder(dir) {
  const { version, publisher, name } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const folder = `${publisher}.${name}-${version}`;
  if (!existsSync(join(dir, 'exts', folder))) throw new Error(`the .vsix did not install into exts/${folder}`);
  return folder;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`${SUITE} failed to run:`, error);
    console.log(`${SUITE}: 0 passed, 1 failed`);
    process.exit(1);
  },
);
