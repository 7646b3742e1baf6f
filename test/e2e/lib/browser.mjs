// Debian's Chromium driven by playwright-core, with its profile and home inside the sandbox.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { sandboxEnv } from './codeServer.mjs';
import { chromiumPath, driverModules } from './tools.mjs';

const require = createRequire(import.meta.url);

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A headless Chromium with a fresh profile; Playwright wants the profile as an argument, not a flag. */
export async function launchBrowser(dir, viewport = { width: 1400, height: 860 }) {
  const { chromium } = require(driverModules().playwright);
  return chromium.launchPersistentContext(join(dir, 'chrome-profile'), {
    executablePath: chromiumPath(),
    // Without the sandbox's HOME, Chromium writes ~/.config/chromium into the real home folder.
    env: sandboxEnv(dir),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
}
