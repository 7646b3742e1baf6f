import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { LspTestClient } from './lspClient';
import { tempDir } from '../tempDir';
import type { PreviewResult } from '../../server/src/protocol';

// Issue 13 in the editor, per document: each file follows its nearest .multus-nad.yaml (rule
// severities, clusterModel, pluginVersion), as `check` does for each file
// (cli/repositoryContext.ts configFor), in every folder of a multi-root workspace; a changed
// config or cluster file re-checks and re-previews the open documents; the multusNad settings win.

const SERVER = 'dist/server.js';

/** A macvlan NAD whose host-local IPAM installs a default route (line 10), CNI 1.1.0, and a pod using it (name on line 15). */
function netsFile(nad: string, pod: string, subnet: string): string {
  return [
    'apiVersion: k8s.cni.cncf.io/v1',
    'kind: NetworkAttachmentDefinition',
    'metadata:',
    `  name: ${nad}`,
    'spec:',
    '  config: |',
    '    { "cniVersion": "1.1.0",',
    '      "type": "macvlan", "master": "eth0", "mode": "bridge",',
    `      "ipam": { "type": "host-local", "subnet": "${subnet}",`,
    '        "routes": [{ "dst": "0.0.0.0/0" }] } }',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${pod}`,
    '  annotations:',
    `    k8s.v1.cni.cncf.io/networks: ${nad}`,
    'spec:',
    '  containers: [{ name: c, image: alpine }]',
    '',
  ].join('\n');
}

/** A one-node cluster model (README "Cluster model file"). */
const clusterFile = (node: string) =>
  `nodes:\n  - name: ${node}\n    podCIDRs: [10.244.1.0/24]\n    interfaces: [{ name: eth0, mtu: 1500 }]\n`;

/** The manifests, each NAD on a subnet of its own (no overlap between them). */
const NETS: Record<string, string> = {
  'alpha/nets.yaml': netsFile('alpha-net', 'alpha-pod', '10.1.0.0/24'),
  'alpha/sub/nets.yaml': netsFile('sub-net', 'sub-pod', '10.2.0.0/24'),
  'beta/nets.yaml': netsFile('beta-net', 'beta-pod', '10.3.0.0/24'),
};

const SEVERITY_NAMES = ['', 'Error', 'Warning', 'Information', 'Hint'];
const defaultRoute = (list: Diagnostic[]) =>
  list
    .filter((d) => d.code === 'ipam-default-route')
    .map((d) => `${d.range.start.line + 1} ${SEVERITY_NAMES[d.severity ?? 1]}`);

describe('the nearest .multus-nad.yaml per document, multi-root, in the built server', () => {
  let root: string;
  let client: LspTestClient;
  const path = (name: string) => join(root, name);
  const uri = (name: string) => pathToFileURL(path(name)).toString();
  function write(name: string, text: string): void {
    mkdirSync(dirname(path(name)), { recursive: true });
    writeFileSync(path(name), text);
  }
  async function changed(...names: string[]): Promise<void> {
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: names.map((name) => ({ uri: uri(name), type: 2 })),
    });
  }
  const preview = (name: string) =>
    client.request<PreviewResult>('multus/preview', {
      textDocument: { uri: uri(name) },
      position: { line: 14, character: 9 },
    });
  const settle = (name: string, test: (list: Diagnostic[]) => boolean) => client.waitForDiagnostics(uri(name), test);

  before(async () => {
    root = tempDir('per-document');
    // Two repositories, each a workspace folder of its own.
    write('alpha/.git/HEAD', 'ref: refs/heads/main\n');
    write('alpha/.multus-nad.yaml', 'pluginVersion: v1.1.1\nrules:\n  ipam-default-route: error\n');
    write('alpha/sub/.multus-nad.yaml', 'rules:\n  ipam-default-route: off\n');
    write('beta/.git/HEAD', 'ref: refs/heads/main\n');
    write('beta/.multus-nad.yaml', 'clusterModel: lab/cluster.yaml\n');
    write('beta/lab/cluster.yaml', clusterFile('beta-node'));
    for (const [name, text] of Object.entries(NETS)) write(name, text);
    client = new LspTestClient(SERVER, { debounceMs: 10 });
    await client.initialize(uri('alpha'), [uri('alpha'), uri('beta')]);
    for (const [name, text] of Object.entries(NETS)) await client.open(uri(name), text);
  });

  after(async () => {
    await client.stop();
  });

  it('rule severities come from the nearest config of each file, in each workspace folder', async () => {
    assert.deepEqual(defaultRoute(await settle('alpha/nets.yaml', (l) => defaultRoute(l).length > 0)), ['10 Error']);
    // alpha/sub's own config turns the rule off (the nearest file wins as a whole); the first publish follows it.
    assert.deepEqual(defaultRoute(await settle('alpha/sub/nets.yaml', () => true)), []);
    // beta's config sets no rules: the default severity.
    assert.deepEqual(defaultRoute(await settle('beta/nets.yaml', (l) => defaultRoute(l).length > 0)), ['10 Warning']);
  });

  it('pluginVersion and clusterModel come from the nearest config of the document previewed', async () => {
    await settle('beta/nets.yaml', (l) => l.length > 0);
    // alpha runs Debian's v1.1.1 plugins, which know CNI versions up to 1.0.0 (PLG v1.1.1 pkg/version).
    const alpha = await preview('alpha/nets.yaml');
    assert.equal(alpha.pods.length, 1);
    assert.match(alpha.pods[0].error ?? '', /incompatible CNI versions; config is "1\.1\.0"/);
    // beta: its own cluster model file (relative to beta/), current plugins.
    const beta = await preview('beta/nets.yaml');
    assert.equal(beta.pods[0].node, 'beta-node');
    assert.equal(beta.pods[0].error, undefined);
  });

  it('a changed config or cluster file re-checks and re-previews the open documents it applies to', async () => {
    write('alpha/.multus-nad.yaml', 'rules:\n  ipam-default-route: hint\n');
    await changed('alpha/.multus-nad.yaml');
    assert.deepEqual(defaultRoute(await settle('alpha/nets.yaml', (l) => defaultRoute(l).join() === '10 Hint')), [
      '10 Hint',
    ]);
    const alpha = await preview('alpha/nets.yaml');
    assert.equal(alpha.pods[0].error, undefined, 'pluginVersion is current again');
    write('beta/lab/cluster.yaml', clusterFile('beta-node-2'));
    await changed('beta/lab/cluster.yaml');
    let node: string | undefined;
    for (let attempt = 0; attempt < 50 && node !== 'beta-node-2'; attempt++) {
      node = (await preview('beta/nets.yaml')).pods[0].node;
      if (node !== 'beta-node-2') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(node, 'beta-node-2');
  });

  it('the multusNad.clusterModel setting wins over every config', async () => {
    write('elsewhere/cluster.yaml', clusterFile('setting-node'));
    const other = new LspTestClient(SERVER, { debounceMs: 10, clusterModel: path('elsewhere/cluster.yaml') });
    try {
      await other.initialize(uri('alpha'), [uri('alpha'), uri('beta')]);
      await other.open(uri('beta/nets.yaml'), NETS['beta/nets.yaml']);
      await other.waitForDiagnostics(uri('beta/nets.yaml'), (l) => l.length > 0);
      const beta = await other.request<PreviewResult>('multus/preview', {
        textDocument: { uri: uri('beta/nets.yaml') },
        position: { line: 14, character: 9 },
      });
      assert.equal(beta.pods[0].node, 'setting-node');
    } finally {
      await other.stop();
    }
  });

  it("each workspace folder's own multusNad settings (resource scope): severities and clusterModel relative to that folder", async () => {
    write('alpha/folder-cluster.yaml', clusterFile('alpha-setting-node'));
    const folders = new LspTestClient(
      SERVER,
      { debounceMs: 10 },
      {
        [uri('alpha')]: { clusterModel: 'folder-cluster.yaml' },
        [uri('beta')]: { diagnostics: { severity: { 'ipam-default-route': 'off' } } },
      },
    );
    try {
      await folders.initialize(uri('alpha'), [uri('alpha'), uri('beta')]);
      for (const name of ['alpha/nets.yaml', 'beta/nets.yaml']) await folders.open(uri(name), NETS[name]);
      // beta's folder setting turns the rule off there only; alpha keeps its .multus-nad.yaml's severity.
      const alpha = await folders.waitForDiagnostics(uri('alpha/nets.yaml'), (l) => defaultRoute(l).length > 0);
      assert.deepEqual(defaultRoute(alpha), ['10 Hint']);
      const beta = await folders.waitForDiagnostics(uri('beta/nets.yaml'), () => true);
      assert.deepEqual(defaultRoute(beta), []);
      const at = (name: string) =>
        folders.request<PreviewResult>('multus/preview', {
          textDocument: { uri: uri(name) },
          position: { line: 14, character: 9 },
        });
      assert.equal((await at('alpha/nets.yaml')).pods[0].node, 'alpha-setting-node');
      assert.equal((await at('beta/nets.yaml')).pods[0].node, 'beta-node-2');
    } finally {
      await folders.stop();
    }
  });
});

describe("the editor checks each document for its own cluster model's plugins, in the built server", () => {
  it('cni-type-not-installed follows the nearest cluster.yaml, and goes when that file installs the plugin', async () => {
    const root = tempDir('plugins-per-model');
    const uri = (name: string) => pathToFileURL(join(root, name)).toString();
    const write = (name: string, text: string) => {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    };
    // lab/ lists its nodes' binaries without macvlan (PLG: libcni then fails ADD with "failed to find plugin").
    write('lab/cluster.yaml', `${clusterFile('lab-node')}plugins: [host-local, flannel]\n`);
    write('lab/nets.yaml', NETS['alpha/nets.yaml']);
    write('plain/nets.yaml', NETS['beta/nets.yaml']);
    const client = new LspTestClient(SERVER, { debounceMs: 10 });
    const missing = (list: Diagnostic[]) => list.filter((d) => d.code === 'cni-type-not-installed').length;
    try {
      await client.initialize(uri(''));
      await client.open(uri('lab/nets.yaml'), NETS['alpha/nets.yaml']);
      await client.open(uri('plain/nets.yaml'), NETS['beta/nets.yaml']);
      assert.equal(missing(await client.waitForDiagnostics(uri('lab/nets.yaml'), (l) => missing(l) > 0)), 1);
      assert.equal(missing(await client.waitForDiagnostics(uri('plain/nets.yaml'), (l) => l.length > 0)), 0);
      // The same text, a new model: the document is checked again, not answered from its earlier analysis.
      write('lab/cluster.yaml', `${clusterFile('lab-node')}plugins: [host-local, flannel, macvlan]\n`);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uri('lab/cluster.yaml'), type: 2 }],
      });
      assert.equal(missing(await client.waitForDiagnostics(uri('lab/nets.yaml'), (l) => missing(l) === 0)), 0);
    } finally {
      await client.stop();
    }
  });
});
