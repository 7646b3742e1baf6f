// The cluster UI suite: the packaged extension in code-server, driven through Chromium like a user, against
// a real kube-apiserver 1.20 (+ controller-manager, scheduler, two fake-kubelet nodes; cluster/labCluster.ts).
// "Multus: Deploy to Cluster" from scratch to the rollout on both nodes, its no-op re-run, "Apply to cluster"
// from the CodeLens, the Cluster NADs view opening a NAD read-only, "Try It on the Cluster" with samplepod, and
// the preview panel switched to the model "live: lab".
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import * as https from 'node:https';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { parse } from 'yaml';
import { launchBrowser } from './lib/browser.mjs';
import { createSandbox, installVsix, removeSandbox, startCodeServer, stopChild } from './lib/codeServer.mjs';
import { REPO } from './lib/tools.mjs';
import { createUiChecks } from './lib/uiChecks.mjs';
import { WAIT_MS, openFile, openWorkspace, previewFrame, runCommand } from './lib/workbench.mjs';

const VSIX = process.env.E2E_VSIX || join(REPO, 'dist/multus-nad.vsix');
const ARTIFACTS = process.env.E2E_ARTIFACTS || join(REPO, 'test/e2e/artifacts');
const ROLLOUT_MS = 180_000;
const { lap, attach, check, expect, screenshot, setUpFailed, finish } = createUiChecks(ARTIFACTS);

/** Starts the lab cluster in its own process; resolves with the process and its kubeconfig. */
async function startLab(dir) {
  const outfile = join(REPO, 'out/test/e2e-lab/labCluster.js');
  await esbuild.build({
    entryPoints: [join(REPO, 'test/e2e/cluster/labCluster.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'warning',
  });
  const child = spawn(process.execPath, [outfile], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the lab cluster did not start: ${seen}`)), 120_000);
    child.stdout.on('data', (chunk) => {
      seen += chunk.toString();
      const match = seen.match(/READY (\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, kubeconfig: match[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`the lab cluster exited with ${code}: ${seen}`)));
  });
}

async function pick(page, label) {
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click({ timeout: WAIT_MS });
}

/** The modal dialog's text, after it appears; then presses `button`. */
async function answerDialog(page, button, timeout = WAIT_MS) {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout });
  const text = await dialog.innerText();
  return { text, press: () => dialog.locator('.monaco-button', { hasText: button }).first().click() };
}

async function toast(page, needle, timeout = WAIT_MS) {
  const found = page.locator('.notification-toast', { hasText: needle }).first();
  await found.waitFor({ timeout });
  return (await found.innerText()).replace(/\s+/g, ' ');
}

async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/** Another tool takes over the Multus image with server-side apply (as kubectl apply --server-side would). */
function applyAsOtherManager(kubeconfig, image) {
  const config = parse(readFileSync(kubeconfig, 'utf8'));
  const { cluster } = config.clusters[0];
  const { user } = config.users[0];
  const url = new URL(
    `/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds?fieldManager=other-tool&force=true`,
    cluster.server,
  );
  const body = JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-multus-ds', namespace: 'kube-system' },
    spec: { template: { spec: { containers: [{ name: 'kube-multus', image }] } } },
  });
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: 'PATCH',
        ca: readFileSync(cluster['certificate-authority']),
        cert: Buffer.from(user['client-certificate-data'], 'base64'),
        key: Buffer.from(user['client-key-data'], 'base64'),
        headers: { 'Content-Type': 'application/apply-patch+yaml' },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () =>
          response.statusCode === 200 ? resolve() : reject(new Error(`${response.statusCode}: ${text}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Every file under `dir` (the sandbox's VS Code logs, where output channels are written). */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

async function runChecks(page, server, kubeconfig, dir) {
  await check('"Apply to cluster" before Multus is installed offers the deploy', async () => {
    await page.locator('.codelens-decoration a', { hasText: 'Apply to cluster' }).first().click({ timeout: WAIT_MS });
    const dialog = await answerDialog(page, 'Cancel');
    expect(dialog.text.includes('Multus is not installed on context "lab"'), dialog.text);
    expect(dialog.text.includes('Deploy Multus…'), dialog.text);
    await dialog.press();
  });

  await check(
    'Deploy to Cluster: flavour, confirmation with context, URL, namespace and plan, rollout on both nodes',
    async () => {
      await runCommand(page, 'Multus: Deploy to Cluster');
      await pick(page, 'thick');
      await pick(page, 'Multus only');
      const dialog = await answerDialog(page, 'Deploy', 60_000);
      for (const expected of [
        'Deploy Multus v4.3.0 (thick)',
        'Context:     lab',
        `Cluster URL: ${server}`,
        'Namespace:',
        'node-a Ready, node-b Ready',
        '6 to create',
      ]) {
        expect(dialog.text.includes(expected), `dialog lacks "${expected}":\n${dialog.text}`);
      }
      await screenshot(page, 'deploy-confirm.png');
      await dialog.press();
      const done = await toast(page, 'Deployed Multus v4.3.0 (thick)', ROLLOUT_MS);
      expect(
        /Rollout complete: DaemonSet kube-system\/kube-multus-ds on 2 of 2 node\(s\) \(node-a, node-b\)/.test(done),
        done,
      );
      expect(/Nodes: node-a Ready, node-b Ready/.test(done), done);
      await clearNotifications(page);
    },
  );

  await check('Deploy to Cluster again says "Nothing to change" without asking', async () => {
    await runCommand(page, 'Multus: Deploy to Cluster');
    await pick(page, 'thick');
    await pick(page, 'Multus only');
    const done = await toast(page, 'Nothing to change', 60_000);
    expect(/is already applied/.test(done) && /Rollout complete/.test(done), done);
    expect((await page.locator('.monaco-dialog-box').count()) === 0, 'no confirmation for a no-op');
    await clearNotifications(page);
  });

  await check('a field another manager owns: reported with field and manager, forced only on request', async () => {
    await applyAsOtherManager(kubeconfig, 'registry.example:5000/multus-cni:other');
    await runCommand(page, 'Multus: Deploy to Cluster');
    await pick(page, 'thick');
    await pick(page, 'Multus only');
    const refused = await answerDialog(page, 'Force…', 60_000);
    expect(refused.text.includes('field manager "other-tool" owns; nothing was changed'), refused.text);
    expect(
      refused.text.includes(
        'field .spec.template.spec.containers[name="kube-multus"].image is owned by field manager "other-tool"',
      ),
      refused.text,
    );
    await refused.press();
    const confirm = await answerDialog(page, 'Deploy and Take Over Fields', 60_000);
    expect(
      /takes over field \.spec\.template\.spec\.containers\[name="kube-multus"\]\.image from field manager "other-tool"/.test(
        confirm.text,
      ),
      confirm.text,
    );
    await confirm.press();
    const done = await toast(page, 'Deployed Multus v4.3.0 (thick)', ROLLOUT_MS);
    expect(/on 2 of 2 node\(s\) \(node-a, node-b\)/.test(done), done);
    await clearNotifications(page);
  });

  await check('"Apply to cluster" CodeLens: confirmation with the plan, then created and read back', async () => {
    await openFile(page, 'macvlan-conf.yaml');
    await page.locator('.codelens-decoration a', { hasText: 'Apply to cluster' }).first().click({ timeout: WAIT_MS });
    const dialog = await answerDialog(page, 'Apply');
    expect(dialog.text.includes('Apply 1 NetworkAttachmentDefinition(s) to context "lab"'), dialog.text);
    expect(/create\s+NetworkAttachmentDefinition default\/macvlan-conf/.test(dialog.text), dialog.text);
    await dialog.press();
    const done = await toast(page, 'applied to context "lab"');
    expect(done.includes('created NetworkAttachmentDefinition default/macvlan-conf'), done);
    await clearNotifications(page);
  });

  await check('the Cluster NADs view lists it by namespace and opens it read-only', async () => {
    await runCommand(page, 'Multus: Refresh Cluster NADs');
    const pane = page.locator('.pane', { hasText: 'Multus: Cluster NADs' }).first();
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await pane.locator('.monaco-list-row', { hasText: 'default' }).first().waitFor({ timeout: WAIT_MS });
    const row = pane.locator('.monaco-list-row', { hasText: 'macvlan-conf' }).first();
    await row.waitFor({ timeout: WAIT_MS });
    expect(/macvlan/.test(await row.innerText()), await row.innerText());
    await row.click();
    const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    await page
      .locator('.editor-group-container.active .view-lines', {
        hasText: 'Read-only: NetworkAttachmentDefinition default/macvlan-conf',
      })
      .first()
      .waitFor({ timeout: WAIT_MS });
    // Monaco renders spaces as no-break spaces.
    const text = (await editor.innerText()).replace(/\u00a0/g, ' ');
    expect(/from context lab/.test(text), text);
    // Checked by our language server like a file: the seed NAD's ipam-default-route warning.
    await page
      .locator('.editor-group-container.active .monaco-editor .squiggly-warning')
      .first()
      .waitFor({ state: 'attached', timeout: WAIT_MS });
  });

  await check(
    'Try It on the Cluster: samplepod runs, its network-status is diffed with the preview, then deleted',
    async () => {
      await openFile(page, 'samplepod.yaml');
      await page.locator('.editor-group-container.active .view-lines').first().click();
      await runCommand(page, 'Multus: Try It on the Cluster');
      await page
        .locator('.quick-input-widget', { hasText: 'namespace for a pod from Pod samplepod' })
        .waitFor({ timeout: WAIT_MS });
      await page.keyboard.press('Enter'); // the namespace: default, as proposed
      const dialog = await answerDialog(page, 'Create Pod');
      expect(/Create pod default\/samplepod-try-[0-9a-f]{6}/.test(dialog.text), dialog.text);
      await dialog.press();
      const done = await toast(page, 'network-status', 90_000);
      expect(/MAC addresses are masked/.test(done), done);
      await page
        .locator('.tabs-container .tab', { hasText: 'preview ↔ cluster' })
        .first()
        .waitFor({ timeout: WAIT_MS });
      await screenshot(page, 'try-diff.png');
      await page.locator('.notification-toast .monaco-button', { hasText: 'Delete Pod' }).first().click();
      await toast(page, 'deleted pod default/samplepod-try-');
    },
  );

  await check(
    'the preview panel on "live: lab": the model, its age, the override note and the predicted address',
    async () => {
      await clearNotifications(page);
      // F1 Quick Open (lib/workbench.mjs): Ctrl+P may go to Chromium's Print while the diff editor has the focus.
      await openFile(page, 'samplepod.yaml');
      await page.locator('.editor-group-container.active .view-lines').first().click();
      await runCommand(page, "Multus: Choose the Preview's Cluster Model");
      await pick(page, 'live: lab');
      const frame = await previewFrame(page, 60_000);
      await frame
        .locator('p.model', { hasText: 'Cluster model: live: lab, read just now' })
        .first()
        .waitFor({ timeout: 60_000 });
      const override = await frame.locator('p.model-override').first().innerText();
      expect(override.includes("The workspace's default/macvlan-conf override the cluster's NADs"), override);
      const notes = await frame.locator('details.model-notes').first().textContent();
      expect(notes.includes('Cluster model: live context "lab"'), notes);
      // Placed on a node of the live cluster (the embedded lab has master and node1), with host-local's next address.
      const title = await frame.locator('section.pod h2').first().innerText();
      expect(/on node node-[ab]/.test(title), title);
      const net1 = frame.locator('table.interfaces tr', { hasText: 'net1' }).first();
      const row = (await net1.innerText()).replace(/\s+/g, ' ');
      expect(/192\.168\.1\.2\d\d\/24/.test(row) && /default\/macvlan-conf/.test(row), `net1 row: ${row}`);
      await screenshot(page, 'preview-live.png');
    },
  );

  await check('the "Multus: Cluster" output holds the plans but no key or certificate of the kubeconfig', async () => {
    const { user } = parse(readFileSync(kubeconfig, 'utf8')).users[0];
    const secrets = ['client-key-data', 'client-certificate-data'].flatMap((field) => {
      const pem = Buffer.from(user[field], 'base64').toString('utf8');
      // The base64 field itself and each 64-character line of the PEM body.
      return [user[field], ...pem.split('\n').filter((line) => line.length === 64)];
    });
    const logs = filesUnder(join(dir, 'ud/logs')).map((file) => readFileSync(file, 'utf8'));
    const output = logs.filter((text) => text.includes('Multus: Deploy to Cluster ('));
    expect(output.length > 0, `no log file holds the output channel (${logs.length} files)`);
    expect(
      output.some((text) => /Plan \(server-side dry run, field manager "multus-nad"\)/.test(text)),
      'the plan is logged',
    );
    const leaked = secrets.find((secret) => logs.some((text) => text.includes(secret)));
    expect(!leaked, `a secret reached the logs: ${leaked?.slice(0, 12)}…`);
  });
}

async function main() {
  const { dir, workspace } = createSandbox('cluster-ui');
  let codeServer;
  let browser;
  let lab;
  try {
    lab = await startLab(dir);
    lap('lab cluster ready');
    console.log(installVsix(dir, VSIX));
    codeServer = await startCodeServer(dir, workspace, { env: { KUBECONFIG: lab.kubeconfig } });
    lap(`code-server listening at ${codeServer.url}`);
    browser = await launchBrowser(dir);
    const page = await openWorkspace(browser, codeServer.url, workspace, (opened) => attach(opened, dir));
    lap('workbench ready');
    // The extension is active (and its commands listed) once the seed NAD shows its CodeLens.
    await openFile(page, 'macvlan-conf.yaml');
    await page.locator('.codelens-decoration', { hasText: 'Preview interfaces' }).first().waitFor({ timeout: 60_000 });
    const server = readFileSync(lab.kubeconfig, 'utf8').match(/server: (\S+)/)?.[1];
    await runChecks(page, server, lab.kubeconfig, dir);
  } catch (error) {
    setUpFailed(error);
  } finally {
    await browser?.close().catch(() => undefined);
    await stopChild(codeServer?.child);
    await stopChild(lab?.child, 15_000);
    lap('stopped');
  }
  const failed = finish('cluster ui suite');
  removeSandbox(dir, failed === 0);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
