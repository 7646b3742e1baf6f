// A VS Code (code-server) of its own for each suite run: a sandbox folder holds its home, user data,
// extensions, Chromium profile and a copy of the workspace, so runs never share state and nothing is
// written to the real home folder. Processes are stopped by their PID only.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, codeServerTools } from './tools.mjs';

const START_TIMEOUT_MS = 60_000;

// A quiet, deterministic workbench: no welcome page, gallery, update checks, trust prompt or chat.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'editor.hover.delay': 200,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'git.enabled': false,
  'npm.autoDetect': 'off',
};

/**
 * Creates a sandbox with the seed lab and the e2e fixtures as its workspace. A `restricted`
 * sandbox has workspace trust on and its workspace not trusted; `machineSettings` are what only
 * the user of the machine, not a workspace, may set.
 */
export function createSandbox(name, { restricted = false, machineSettings = {} } = {}) {
  const runs = join(REPO, '.e2e/runs');
  mkdirSync(runs, { recursive: true });
  const dir = mkdtempSync(join(runs, `${name}-`));
  for (const sub of ['home/.config', 'home/.local/share', 'home/.cache', 'ud/User', 'exts', 'chrome-profile']) {
    mkdirSync(join(dir, sub), { recursive: true });
  }
  const settings = { ...USER_SETTINGS, 'security.workspace.trust.enabled': restricted };
  writeFileSync(join(dir, 'ud/User/settings.json'), JSON.stringify(settings, null, 2));
  // Machine-scoped settings live in the remote (code-server) side's own settings file.
  mkdirSync(join(dir, 'ud/Machine'), { recursive: true });
  writeFileSync(join(dir, 'ud/Machine/settings.json'), JSON.stringify(machineSettings, null, 2));
  const workspace = join(dir, 'workspace');
  cpSync(join(REPO, 'examples/seed-lab'), workspace, { recursive: true });
  cpSync(join(REPO, 'test/e2e/fixtures/workspace'), workspace, { recursive: true });
  cpSync(join(REPO, 'test/e2e/fixtures/kubeconfig.yaml'), join(dir, 'home/kubeconfig.yaml'));
  return { dir, workspace };
}

/** The environment of code-server, its extension host and Chromium. */
export function sandboxEnv(dir, extra = {}) {
  const home = join(dir, 'home');
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    KUBECONFIG: join(home, 'kubeconfig.yaml'),
    // An empty gallery turns the marketplace off instead of failing DNS look-ups offline.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

function baseArgs(dir) {
  return [
    codeServerTools().entry,
    '--config',
    join(dir, 'home/.config/code-server/config.yaml'),
    '--user-data-dir',
    join(dir, 'ud'),
    '--extensions-dir',
    join(dir, 'exts'),
  ];
}

/** Installs a .vsix the way a user would (`code-server --install-extension`). */
export function installVsix(dir, vsix) {
  return execFileSync(codeServerTools().node, [...baseArgs(dir), '--install-extension', vsix, '--force'], {
    env: sandboxEnv(dir),
    encoding: 'utf8',
  }).trim();
}

/** Starts code-server on a free loopback port; resolves with the child and its URL once it listens. */
export function startCodeServer(dir, workspace, { extraArgs = [], env = {}, restricted = false } = {}) {
  const args = [
    ...baseArgs(dir),
    '--bind-addr',
    '127.0.0.1:0',
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(restricted ? [] : ['--disable-workspace-trust']),
    ...extraArgs,
    workspace,
  ];
  const log = openSync(join(dir, 'code-server.log'), 'a');
  const child = spawn(codeServerTools().node, args, { env: sandboxEnv(dir, env), stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`code-server did not listen within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk) => {
      writeSync(log, chunk);
      seen += chunk.toString();
      const match = seen.match(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code} before listening:\n${seen}`));
    });
  });
}

/** Stops a child by its PID (SIGTERM, then SIGKILL after a grace period); its extension host follows. */
export async function stopChild(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Removes a sandbox after a passing run; a failing run's sandbox stays for its logs. */
export function removeSandbox(dir, passed) {
  if (passed && !process.env.E2E_KEEP_SANDBOX) rmSync(dir, { recursive: true, force: true });
  else console.log(`sandbox kept: ${dir}`);
}
