import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';

// Issue 15: an edit in one file re-checks the other open documents (their workspace rules may
// find or lose a partner), but a document whose diagnostics did not change gets no publish: a
// 5000-NAD file's list was serialised and sent again on every keystroke elsewhere.

const SERVER = 'dist/server.js';

/** A NAD with a default route from host-local: one ipam-default-route finding. */
const STANDALONE = [
  'apiVersion: k8s.cni.cncf.io/v1',
  'kind: NetworkAttachmentDefinition',
  'metadata:',
  '  name: net-a',
  'spec:',
  '  config: \'{"cniVersion": "0.3.1", "type": "macvlan", "master": "eth0", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24", "routes": [{"dst": "0.0.0.0/0"}]}}\'',
  '',
].join('\n');

/** A NAD sharing no name, CNI name or master with the one above. */
const other = (name: string) =>
  [
    'apiVersion: k8s.cni.cncf.io/v1',
    'kind: NetworkAttachmentDefinition',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  config: '{"cniVersion": "0.3.1", "name": "${name}", "type": "bridge", "bridge": "br-b"}'`,
    '',
  ].join('\n');

const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: client',
  '  annotations:',
  '    k8s.v1.cni.cncf.io/networks: net-b',
  'spec:',
  '  containers: [{ name: c, image: busybox }]',
  '',
].join('\n');

/** A NAD on the standalone one's master, handing out `subnet`. */
const onSameMaster = (subnet: string) =>
  [
    'apiVersion: k8s.cni.cncf.io/v1',
    'kind: NetworkAttachmentDefinition',
    'metadata:',
    '  name: net-c',
    'spec:',
    `  config: '{"cniVersion": "0.3.1", "type": "macvlan", "master": "eth0", "ipam": {"type": "host-local", "subnet": "${subnet}"}}'`,
    '',
  ].join('\n');

const codes = (diagnostics: { code?: unknown }[]) => diagnostics.map((d) => String(d.code));

describe('documents an edit elsewhere did not change get no new publish', () => {
  const workspaces: string[] = [];
  after(() => workspaces.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  // With a .multus-nad.yaml, its rule settings rebuild every diagnostic on each check (copies, compared by value).
  for (const config of [undefined, 'rules:\n  ipam-default-route: error\n']) {
    it(config ? 'with a .multus-nad.yaml that re-ranks a rule' : 'with no repository config', async () => {
      const workspace = mkdtempSync(join(tmpdir(), 'multus-nad-unchanged-'));
      workspaces.push(workspace);
      mkdirSync(join(workspace, '.git'));
      writeFileSync(join(workspace, '.git/HEAD'), 'ref: refs/heads/main\n');
      if (config) writeFileSync(join(workspace, '.multus-nad.yaml'), config);
      const uri = (name: string) => pathToFileURL(join(workspace, name)).toString();
      const client = new LspTestClient(SERVER, { debounceMs: 0 });
      try {
        await client.initialize(pathToFileURL(workspace).toString());
        await client.open(uri('standalone.yaml'), STANDALONE);
        const first = await client.waitForDiagnostics(uri('standalone.yaml'), (d) => d.length > 0);
        assert.deepEqual(codes(first), ['ipam-default-route']);
        await client.open(uri('pod.yaml'), POD);
        await client.waitForDiagnostics(uri('pod.yaml'), (d) => codes(d).includes('reference-not-found'));
        await client.open(uri('other.yaml'), other('net-x'));
        await client.waitForDiagnostics(uri('other.yaml'), () => true);
        const before = client.publishCount(uri('standalone.yaml'));
        // Renaming the other NAD to the pod's reference changes the pod's findings: the re-check of
        // every open document that brings them has run for the standalone NAD too (it comes first).
        await client.change(uri('other.yaml'), other('net-b'), 2);
        await client.waitForDiagnostics(uri('pod.yaml'), (d) => !codes(d).includes('reference-not-found'));
        assert.equal(client.publishCount(uri('standalone.yaml')), before);
        assert.deepEqual(codes(client.latestDiagnostics(uri('standalone.yaml')) ?? []), ['ipam-default-route']);
      } finally {
        await client.stop();
      }
    });
  }

  it('a NAD sharing a master with the edited one is still checked again', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'multus-nad-unchanged-'));
    workspaces.push(workspace);
    const uri = (name: string) => pathToFileURL(join(workspace, name)).toString();
    const client = new LspTestClient(SERVER, { debounceMs: 0 });
    try {
      await client.initialize(pathToFileURL(workspace).toString());
      await client.open(uri('standalone.yaml'), STANDALONE);
      await client.waitForDiagnostics(uri('standalone.yaml'), (d) => d.length > 0);
      await client.open(uri('neighbour.yaml'), onSameMaster('10.2.0.0/24'));
      await client.waitForDiagnostics(uri('neighbour.yaml'), () => true);
      await client.change(uri('neighbour.yaml'), onSameMaster('10.1.0.0/24'), 2);
      const found = await client.waitForDiagnostics(uri('standalone.yaml'), (d) =>
        codes(d).includes('nad-ranges-overlap'),
      );
      assert.deepEqual(codes(found).sort(), ['ipam-default-route', 'nad-ranges-overlap']);
    } finally {
      await client.stop();
    }
  });
});
