// The first hour of a new user (issue 18), through the UI of code-server with no kubeconfig at all
// (KUBECONFIG unset, no ~/.kube/config): the first diagnostics of a fresh window equal the CLI's;
// the cluster commands say what was looked for, with buttons and without CLI flags, and leave no
// untitled document; a key completed after a lone quote leaves valid JSON; Ctrl+. Enter fixes a
// missing comma; the preview fits a 520 px column. Screenshots go to test/e2e/artifacts/.
/* global window, document, getComputedStyle */ // used inside frame.evaluate, which runs in the webview
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './lib/browser.mjs';
import { createSandbox, installVsix, removeSandbox, startCodeServer, stopChild } from './lib/codeServer.mjs';
import { REPO } from './lib/tools.mjs';
import { createUiChecks } from './lib/uiChecks.mjs';
import {
  WAIT_MS,
  focusFirstEditor,
  goToLine,
  modalDialog,
  openFile,
  previewFrame,
  openWorkspace,
  runCommand,
} from './lib/workbench.mjs';

const VSIX = process.env.E2E_VSIX || join(REPO, 'dist/multus-nad.vsix');
const ARTIFACTS = process.env.E2E_ARTIFACTS || join(REPO, 'test/e2e/artifacts');
// Issue 18: the missing diagnostic stayed missing for 30 s; complete ones came 1.6-2.2 s after start.
const FIRST_DIAGNOSTICS_MS = 20_000;
const NARROW_COLUMN_PX = 520;
const { lap, attach, check, expect, screenshot, setUpFailed, finish } = createUiChecks(ARTIFACTS);

/** `multus-nad check <path> --format json`, the built CLI (bin/multus-nad.js). */
function cliDiagnostics(path) {
  const run = spawnSync(process.execPath, [join(REPO, 'bin/multus-nad.js'), 'check', path, '--format', 'json'], {
    encoding: 'utf8',
  });
  if (run.status === null || run.status > 1) throw new Error(`check ${path} exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout).diagnostics;
}

/** The Problems panel's entries of one file as "code line:column" (1-based, as the CLI prints them). */
async function problemsOf(page, fileName) {
  const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  const entries = [];
  let inFile = false;
  for (const row of rows.map((text) => text.replace(/\s+/g, ' '))) {
    // A marker row ends "<source> <code> [Ln 12, Col 17]" (the parentheses around the code are CSS).
    const at = row.match(/multus-nad\s*\(?\s*([a-z0-9-]+)\s*\)?\s*\[\s*Ln (\d+), Col (\d+)\s*\]/);
    if (!at) inFile = row.includes(fileName);
    else if (inFile) entries.push(`${at[1]} ${at[2]}:${at[3]}`);
  }
  return { entries: entries.sort(), rows };
}

/** Every dialog of a cluster command without a kubeconfig: the editor's words, the places looked at, buttons. */
function expectNoKubeconfigDialog(dialog, what) {
  expect(/no kubeconfig found/.test(dialog.text), `${what}: dialog says ${dialog.text}`);
  expect(/KUBECONFIG: not set/.test(dialog.text) && /\.kube\/config/.test(dialog.text), `${what}: ${dialog.text}`);
  expect(!/--context|--kubeconfig/.test(dialog.text), `${what}: CLI flags in ${dialog.text}`);
  for (const button of ['Open Settings', 'Learn More'])
    expect(dialog.buttons.includes(button), `${what}: buttons ${dialog.buttons.join(', ')}`);
}

async function tabTitles(page) {
  return (await page.locator('.tabs-container .tab').allInnerTexts()).map((title) => title.trim());
}

async function runChecks(page, workspace) {
  const editorLines = () => page.locator('.editor-group-container.active .monaco-editor .view-lines').first();

  await check("a fresh window's first diagnostics of the seed NAD equal the CLI's", async () => {
    const expected = cliDiagnostics(workspace)
      .filter((d) => d.file.endsWith('/macvlan-conf.yaml') && !d.file.includes('/', workspace.length + 1))
      .map((d) => `${d.code} ${d.line}:${d.column}`)
      .sort();
    expect(expected.length > 0, 'the CLI reports nothing on macvlan-conf.yaml: the check would prove nothing');
    await openFile(page, 'macvlan-conf.yaml');
    await page.keyboard.press('Control+Shift+M');
    const deadline = Date.now() + FIRST_DIAGNOSTICS_MS;
    let shown = [];
    let rows = [];
    while (Date.now() < deadline) {
      ({ entries: shown, rows } = await problemsOf(page, 'macvlan-conf.yaml'));
      if (JSON.stringify(shown) === JSON.stringify(expected)) break;
      await page.waitForTimeout(250); // polling the panel, not a fixed wait for an outcome
    }
    await screenshot(page, 'first-diagnostics.png');
    expect(
      JSON.stringify(shown) === JSON.stringify(expected),
      `Problems: [${shown.join(', ')}]; CLI: [${expected.join(', ')}]; rows: ${rows.map((r) => r.slice(-80)).join(' | ')}`,
    );
  });

  await check('the "Multus NAD" output channel shows the server start', async () => {
    const lines = page.locator('.part.panel .monaco-editor .view-lines').first();
    // A palette click can land while the Problems panel is still settling and be lost (seen once in
    // CI): the command is run again until the panel shows a channel, at most three times.
    for (let attempt = 1; ; attempt++) {
      await runCommand(page, 'Multus: Show Language Server Output');
      const shown = await lines
        .locator('.view-line', { hasText: '[info]' })
        .first()
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
      if (shown) break;
      expect(attempt < 3, 'the Output panel did not show after three runs of the command');
    }
    // The channel follows its last line; once the server's own lines (settings, indexing) are in,
    // the start lines may have scrolled out of the panel, so go to the top before looking.
    await lines.locator('.view-line', { hasText: 'Indexed the workspace' }).waitFor({ timeout: WAIT_MS });
    await lines.click();
    await page.keyboard.press('Control+Home');
    await lines.locator('.view-line', { hasText: 'the language server is running' }).waitFor({ timeout: WAIT_MS });
    await screenshot(page, 'output-channel.png');
    await page.keyboard.press('Control+Shift+M'); // back to the Problems panel
  });

  await check('the status bar says "no kubeconfig found" and its click says the same, with buttons', async () => {
    await focusFirstEditor(page);
    const item = page.locator('.statusbar-item', { hasText: 'no kubeconfig found' }).first();
    await item.waitFor({ timeout: WAIT_MS });
    await item.click();
    const dialog = await modalDialog(page);
    expectNoKubeconfigDialog(dialog, 'status bar click');
    await screenshot(page, 'no-kubeconfig.png');
    await dialog.press('Open Settings');
    const setting = page.locator('.settings-editor .setting-item-contents', { hasText: 'Kubeconfig' }).first();
    await setting.waitFor({ timeout: WAIT_MS });
    // The settings editor opens as a modal over the workbench; it must be gone before the next check.
    await page.keyboard.press('Control+W');
    const settings = page.locator('.settings-editor').first();
    await settings.waitFor({ state: 'hidden', timeout: 5_000 }).catch(async () => {
      await page.keyboard.press('Escape');
      await settings.waitFor({ state: 'hidden', timeout: WAIT_MS });
    });
  });

  await check('Try It on the Cluster without a kubeconfig: told before anything opens, no Untitled left', async () => {
    await openFile(page, 'macvlan-conf.yaml');
    const before = await tabTitles(page);
    await runCommand(page, 'Multus: Try It on the Cluster');
    const dialog = await modalDialog(page);
    expectNoKubeconfigDialog(dialog, 'Try It');
    expect(!/samplepod/.test(dialog.text), `Try It asked about samplepod first: ${dialog.text}`);
    await dialog.press('Cancel');
    const after = await tabTitles(page);
    expect(!after.some((title) => /Untitled/.test(title)), `tabs: ${after.join(', ')}`);
    expect(JSON.stringify(after) === JSON.stringify(before), `tabs before: ${before}; after: ${after}`);
  });

  await check('Deploy, Apply and Open Cluster NAD without a kubeconfig say the same, in editor words', async () => {
    for (const command of [
      'Multus: Deploy to Cluster',
      'Multus: Apply NetworkAttachmentDefinitions to Cluster',
      'Multus: Open Cluster NAD (read-only)',
    ]) {
      await openFile(page, 'macvlan-conf.yaml');
      await runCommand(page, command);
      const dialog = await modalDialog(page);
      expectNoKubeconfigDialog(dialog, command);
      await dialog.press('Cancel');
    }
  });

  await check(`the preview fits a ${NARROW_COLUMN_PX} px column: Routes in view, no sideways scroll`, async () => {
    await openFile(page, 'samplepod.yaml');
    await page.keyboard.press('Control+J'); // hide the panel and the side bar: the editor gets the width
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: WAIT_MS });
    await runCommand(page, 'Multus: Preview Interfaces at Cursor'); // the cursor is on the pod (1:1)
    let frame = await previewFrame(page);
    await frame.locator('td.routes').first().waitFor({ timeout: WAIT_MS });
    // The preview opens beside the editor; the viewport is set so that its column is ~520 px.
    const width = await frame.evaluate(() => window.innerWidth);
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: viewport.width + 2 * (NARROW_COLUMN_PX - width), height: viewport.height });
    await frame.waitForFunction((px) => Math.abs(window.innerWidth - px) <= 20, NARROW_COLUMN_PX);
    const narrow = await frame.evaluate(() => {
      const net1 = [...document.querySelectorAll('table.interfaces tbody tr')].find((row) =>
        row.textContent.includes('net1'),
      );
      const routes = net1.querySelector('td.routes');
      const network = net1.querySelector('td.network span');
      const box = routes.getBoundingClientRect();
      return {
        width: window.innerWidth,
        scrollWidth: document.documentElement.scrollWidth,
        routesLabel: getComputedStyle(routes, '::before').content,
        routesText: routes.textContent,
        routesInView: box.width > 0 && box.left >= 0 && box.right <= window.innerWidth,
        networkText: network.textContent,
        networkLines: network.getClientRects().length,
      };
    });
    await screenshot(page, 'preview-narrow.png');
    expect(narrow.scrollWidth <= narrow.width, `scrollWidth ${narrow.scrollWidth} > ${narrow.width}`);
    expect(narrow.routesLabel === '"Routes"' && narrow.routesInView, `Routes: ${JSON.stringify(narrow)}`);
    expect(/default via 192\.168\.1\.1/.test(narrow.routesText), `net1 routes: ${narrow.routesText}`);
    expect(
      narrow.networkText === 'default/macvlan-conf' && narrow.networkLines === 1,
      `network on ${narrow.networkLines} lines`,
    );
    // Full width: the preview alone in the editor area is a table with its Routes heading in view.
    // Full width: samplepod's group closed (runCommand focuses it first), the preview fills the area.
    await runCommand(page, 'View: Close All Editors in Group');
    await page.keyboard.press('Control+J'); // the panel back, for the checks after this one
    await page.setViewportSize(viewport);
    frame = await previewFrame(page);
    await frame.waitForFunction(() => window.innerWidth > 1000);
    const wide = await frame.evaluate(() => {
      const heading = [...document.querySelectorAll('table.interfaces th')].find((th) => th.textContent === 'Routes');
      const box = heading?.getBoundingClientRect();
      return {
        width: window.innerWidth,
        scrollWidth: document.documentElement.scrollWidth,
        routesHeading: !!box && box.width > 0 && box.right <= window.innerWidth,
      };
    });
    await screenshot(page, 'preview-wide.png');
    // Closed by a middle click on its tab: keys would go into the webview, and the next check opens files.
    await page.locator('.tabs-container .tab', { hasText: 'Multus: Interfaces' }).first().click({ button: 'middle' });
    await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(wide.routesHeading && wide.scrollWidth <= wide.width, `full width: ${JSON.stringify(wide)}`);
  });

  await check('Ctrl+. Enter on "a comma is missing" puts the comma back', async () => {
    await openFile(page, 'macvlan-conf.yaml');
    await goToLine(page, '9');
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace'); // the comma after "master": "eth0"
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: WAIT_MS });
    await goToLine(page, '10:8'); // inside "mode", where the error is reported
    await page.keyboard.press('Control+.');
    // The row Enter applies is the focused one (group headers such as "Quick Fix" are rows too).
    const menu = page.locator('.action-widget .monaco-list-row.focused').first();
    await menu.waitFor({ timeout: WAIT_MS });
    const first = (await menu.innerText()).trim();
    await screenshot(page, 'comma-fix.png');
    await page.keyboard.press('Enter');
    await editorLines().locator('.view-line', { hasText: '"master": "eth0",' }).waitFor({ timeout: WAIT_MS });
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(/comma/i.test(first), `first quick fix: ${first}`);
  });

  await check('a key completed after a lone quote inside spec.config leaves valid JSON', async () => {
    await openFile(page, 'editing/key-completion.yaml');
    await goToLine(page, '10:25'); // the end of "type": "macvlan",
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"');
    const suggest = page.locator('.suggest-widget .monaco-list-row', { hasText: 'mtu' }).first();
    await suggest.waitFor({ timeout: WAIT_MS }); // offered after the quote alone, without Ctrl+Space
    await page.keyboard.type('mt');
    await suggest.waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Enter');
    await editorLines().locator('.view-line', { hasText: '"mtu":' }).waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Escape'); // leave the snippet's placeholder as it was offered
    await screenshot(page, 'key-completion.png');
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: WAIT_MS });
    const saved = join(workspace, 'editing/key-completion.yaml');
    const problems = cliDiagnostics(saved).filter((d) => d.severity === 'error');
    expect(problems.length === 0, `after the completion: ${problems.map((d) => `${d.code}: ${d.message}`)}`);
  });
}

async function main() {
  const { dir, workspace } = createSandbox('ui-first-hour');
  cpSync(join(REPO, 'test/e2e/fixtures/first-hour'), workspace, { recursive: true });
  let codeServer;
  let browser;
  try {
    console.log(installVsix(dir, VSIX));
    lap('vsix installed');
    // No kubeconfig anywhere: KUBECONFIG unset (an undefined value leaves it out of the child's
    // environment) and the sandbox's home has no .kube/config.
    codeServer = await startCodeServer(dir, workspace, { env: { KUBECONFIG: undefined } });
    lap(`code-server listening at ${codeServer.url}`);
    browser = await launchBrowser(dir);
    const page = await openWorkspace(browser, codeServer.url, workspace, (opened) => attach(opened, dir));
    lap('workbench ready');
    await runChecks(page, workspace);
  } catch (error) {
    setUpFailed(error);
  } finally {
    await browser?.close().catch(() => undefined);
    await stopChild(codeServer?.child);
    lap('stopped');
  }
  const failed = finish('first-hour ui suite');
  removeSandbox(dir, failed === 0);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
