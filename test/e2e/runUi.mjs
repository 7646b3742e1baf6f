// The UI suite: the packaged extension installed into code-server (VS Code 1.139.1), driven through
// Debian's headless Chromium with playwright-core the way a user works: open the seed lab, see the
// squiggle and the Problems entry, hover, accept a completion, open the preview from its CodeLens,
// check hostile names stay text, reload and find the panel restored. Every wait is for a condition
// with a timeout. Screenshots go to test/e2e/artifacts/ (the README shows them).
/* global window, document, getComputedStyle */ // used inside frame.evaluate, which runs in the webview
import { join } from 'node:path';
import { launchBrowser } from './lib/browser.mjs';
import { createSandbox, installVsix, removeSandbox, startCodeServer, stopChild } from './lib/codeServer.mjs';
import { REPO } from './lib/tools.mjs';
import { createUiChecks } from './lib/uiChecks.mjs';
import {
  WAIT_MS,
  focusFirstEditor,
  goToLine,
  openCommandPalette,
  openFile,
  openWorkspace,
  previewFrame,
} from './lib/workbench.mjs';

const VSIX = process.env.E2E_VSIX || join(REPO, 'dist/multus-nad.vsix');
const ARTIFACTS = process.env.E2E_ARTIFACTS || join(REPO, 'test/e2e/artifacts');
const { lap, attach, check, expect, screenshot, setUpFailed, finish } = createUiChecks(ARTIFACTS);

async function runChecks(page) {
  const editorLines = () => page.locator('.editor-group-container.active .monaco-editor .view-lines').first();

  await check('seed lab: a broken comma shows a squiggle and a Problems entry', async () => {
    await openFile(page, 'macvlan-conf.yaml');
    await page.locator('.codelens-decoration', { hasText: 'Preview interfaces' }).waitFor({ timeout: WAIT_MS });
    await goToLine(page, '9');
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace'); // the comma after "master": "eth0"
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'json-syntax' }).first();
    await row.waitFor({ timeout: WAIT_MS });
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    expect(/not valid JSON/.test(text), `Problems row: ${text}`);
    await screenshot(page, 'diagnostic.png');
    await editorLines().click();
    await page.keyboard.press('Control+Z');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: WAIT_MS });
  });

  await check('hover on the IPAM range shows its numbers', async () => {
    await goToLine(page, '14:12'); // inside "rangeStart"
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I'); // Show or Focus Hover
    await page.locator('.monaco-hover:visible', { hasText: '17' }).first().waitFor({ timeout: WAIT_MS });
    await screenshot(page, 'hover.png');
    await page.keyboard.press('Escape');
  });

  await check('the status bar shows the kube context and switches it on click', async () => {
    const item = page.locator('.statusbar-item', { hasText: 'lab-admin / multus-lab' }).first();
    await item.waitFor({ timeout: WAIT_MS });
    await item.click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'staging-viewer' }).first().click();
    await page
      .locator('.statusbar-item', { hasText: 'staging-viewer / default' })
      .first()
      .waitFor({ timeout: WAIT_MS });
  });

  await check('a completion inside the embedded JSON is accepted', async () => {
    await openFile(page, 'editing/completion.yaml');
    await goToLine(page, '10:16'); // between the quotes of "type": ""
    await page.keyboard.type('macv');
    await page.keyboard.press('Control+Space');
    await page
      .locator('.suggest-widget .monaco-list-row', { hasText: 'macvlan' })
      .first()
      .waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Enter');
    await editorLines().locator('.view-line', { hasText: '"type": "macvlan"' }).waitFor({ timeout: WAIT_MS });
  });

  await check('the CodeLens opens the preview with net1 192.168.1.200', async () => {
    await openFile(page, 'samplepod.yaml');
    await page.locator('.codelens-decoration a', { hasText: 'Preview interfaces' }).first().click();
    const frame = await previewFrame(page);
    const net1 = frame.locator('table.interfaces tr', { hasText: 'net1' }).first();
    await net1.waitFor({ timeout: WAIT_MS });
    const row = (await net1.innerText()).replace(/\s+/g, ' ');
    expect(/192\.168\.1\.200\/24/.test(row) && /default\/macvlan-conf/.test(row), `net1 row: ${row}`);
    await frame.locator('button.tab', { hasText: 'ip route' }).first().click();
    const routes = await frame.locator('pre.tab-panel[data-tab="ip-route"]:visible').first().innerText();
    expect(routes.startsWith('default via 192.168.1.1 dev net1'), `ip route tab: ${routes}`);
    await focusFirstEditor(page);
    await page.keyboard.press('Control+J'); // hide the panel and the side bar: room for the preview
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: WAIT_MS });
    await screenshot(page, 'preview.png');
  });

  await check(
    'the Connectivity view: samplepod2 reaches samplepod on net1, and the picture draws both pods and net1',
    async () => {
      const frame = await previewFrame(page);
      const matrix = frame.locator('table.connectivity-matrix[data-network="default/macvlan-conf"]').first();
      await matrix.waitFor({ timeout: WAIT_MS });
      const row = matrix.locator('tbody tr', { hasText: 'samplepod2 (net1 192.168.1.201/24)' }).first();
      const toSamplepod = row.locator('td.verdict[title^="samplepod2 -> samplepod:"]').first();
      const title = (await toSamplepod.getAttribute('title')) ?? '';
      expect(
        title.includes('reachable (macvlan bridge, same master eth0 on node1)') && !title.includes('unreachable'),
        `samplepod2 -> samplepod cell: ${title}`,
      );
      const picture = frame.locator('svg.topology').first();
      await picture.scrollIntoViewIfNeeded();
      // What the screenshot must show, each drawn inside the visible part of the panel.
      const shown = [
        picture.locator('g.vertex.pod', { has: frame.locator('text', { hasText: /^samplepod$/ }) }).first(),
        picture.locator('g.vertex.pod', { has: frame.locator('text', { hasText: /^samplepod2$/ }) }).first(),
        picture.locator('text.edge-label', { hasText: 'net1 192.168.1.200/24' }).first(),
        picture.locator('text.edge-label', { hasText: 'net1 192.168.1.201/24' }).first(),
      ];
      for (const element of shown) {
        const place = await element.evaluate((el) => {
          const box = el.getBoundingClientRect();
          const inside =
            box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth && box.bottom <= window.innerHeight;
          return { inside, text: el.textContent, box: [box.left, box.top, box.right, box.bottom].map(Math.round) };
        });
        expect(place.inside, `"${place.text}" drawn at ${place.box} is outside the panel`);
      }
      await screenshot(page, 'connectivity.png');
      await frame.evaluate(() => window.scrollTo(0, 0));
    },
  );

  await check('names that are HTML stay text in the panel and run nothing', async () => {
    await openFile(page, 'webview-escaping/hostile-names.yaml');
    await goToLine(page, '18'); // the pod; the panel follows the cursor
    const frame = await previewFrame(page);
    const title = frame.locator('h2', { hasText: 'onerror' }).first();
    await title.waitFor({ timeout: WAIT_MS });
    expect(
      (await title.innerText()).includes('p"><img src=x onerror="window.multusPwned=2">'),
      'pod name shown verbatim',
    );
    const facts = await frame.evaluate(() => ({
      pwned: window.multusPwned,
      images: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].map((script) => script.src || script.textContent),
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
    }));
    expect(facts.pwned === undefined, `window.multusPwned is ${facts.pwned}`);
    expect(facts.images === 0, `${facts.images} img elements`);
    // VS Code injects its own acquireVsCodeApi script; the only other one is ours, by src.
    const ours = facts.scripts.filter((script) => script.endsWith('/media/preview.js'));
    expect(ours.length === 1, `scripts: ${facts.scripts.map((script) => script.slice(0, 80)).join(' | ')}`);
    expect(!facts.scripts.some((script) => script.includes('multusPwned')), 'no script from a manifest');
    expect(/script-src 'nonce-[^']+'/.test(facts.csp) && facts.csp.includes("default-src 'none'"), `CSP: ${facts.csp}`);
  });

  await check('the panel follows the colour theme (light, then high contrast)', async () => {
    const frame = await previewFrame(page);
    const look = () =>
      frame.evaluate(() => ({
        theme: document.body.className,
        text: getComputedStyle(document.querySelector('h1')).color,
      }));
    const light = await look();
    expect(/vscode-light/.test(light.theme), `body class: ${light.theme}`);
    await (await openCommandPalette(page)).fill('>Preferences: Color Theme');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
    await page.locator('.quick-input-widget input[placeholder^="Select Color Theme"]').waitFor({ timeout: WAIT_MS });
    await page.locator('.quick-input-widget input').fill('Dark High Contrast');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Dark High Contrast' })
      .first()
      .waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Enter');
    await frame.locator('body.vscode-high-contrast').waitFor({ timeout: WAIT_MS });
    const contrast = await look();
    expect(contrast.text !== light.text, `heading colour stayed ${light.text}`);
  });

  await check('the preview panel is restored after Reload Window', async () => {
    await (await openCommandPalette(page)).fill('>Developer: Reload Window');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Developer: Reload Window' }).first().click();
    await page.waitForEvent('load', { timeout: WAIT_MS });
    await page.locator('.tabs-container .tab', { hasText: 'Multus: Interfaces' }).first().waitFor({ timeout: 60_000 });
    const frame = await previewFrame(page, 60_000);
    // The panel kept its scope (the hostile pod) in the webview state and previews it again.
    await frame.locator('h2', { hasText: 'onerror' }).first().waitFor({ timeout: WAIT_MS });
  });
}

// A VS Code whose machine settings name a server runtime that does not exist: the user must be
// told, with the reason, when the first NAD opens.
async function runFailedStartCheck(page) {
  await check('a server that cannot start is reported to the user with the reason', async () => {
    await openFile(page, 'macvlan-conf.yaml');
    const toast = page.locator('.notification-toast', { hasText: 'the language server did not start' }).first();
    await toast.waitFor({ timeout: WAIT_MS });
    const text = (await toast.innerText()).replace(/\s+/g, ' ');
    expect(/nonexistent|ENOENT/.test(text), `notification: ${text}`);
    expect(/Show Output/.test(text) && /Restart/.test(text), `notification actions: ${text}`);
  });
}

async function main() {
  const failedStart = process.argv.includes('--failed-start');
  const { dir, workspace } = createSandbox(failedStart ? 'ui-failed-start' : 'ui', {
    machineSettings: failedStart ? { 'multusNad.server.runtime': '/nonexistent/node' } : {},
  });
  let codeServer;
  let browser;
  try {
    console.log(installVsix(dir, VSIX));
    lap('vsix installed');
    codeServer = await startCodeServer(dir, workspace);
    lap(`code-server listening at ${codeServer.url}`);
    browser = await launchBrowser(dir);
    const page = await openWorkspace(browser, codeServer.url, workspace, (opened) => attach(opened, dir));
    lap('workbench ready');
    await (failedStart ? runFailedStartCheck(page) : runChecks(page));
  } catch (error) {
    setUpFailed(error);
  } finally {
    await browser?.close().catch(() => undefined);
    await stopChild(codeServer?.child);
    lap('stopped');
  }
  const failed = finish(failedStart ? 'failed-start ui suite' : 'ui suite');
  removeSandbox(dir, failed === 0);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
