import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { LspTestClient } from './lspClient';
import { tempDir } from '../tempDir';

// Issue 18 point 8: what the preview learns about a pod is a diagnostic on it in the editor, on the model
// `check` and `preview` use (each folder's cluster.yaml), through the built server over stdio.

const SERVER = 'dist/server.js';

describe('preview findings in the editor', () => {
  let workspace: string;
  let client: LspTestClient;
  const uri = (name: string) => pathToFileURL(join(workspace, name)).toString();
  const text = (name: string) => readFileSync(join(workspace, name), 'utf8');
  const codes = (list: Diagnostic[]) => list.map((d) => String(d.code));
  const message = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

  before(async () => {
    workspace = tempDir('preview-findings');
    cpSync('examples/deployment', join(workspace, 'deployment'), { recursive: true });
    cpSync('examples/whereabouts', join(workspace, 'whereabouts'), { recursive: true });
    cpSync('examples/seed-lab', join(workspace, 'seed-lab'), { recursive: true });
    // A pod of the seed lab bound to a node the embedded lab does not have.
    writeFileSync(
      join(workspace, 'seed-lab', 'samplepod2.yaml'),
      text('seed-lab/samplepod2.yaml').replace(/spec:\n/, 'spec:\n  nodeName: node2\n'),
    );
    client = new LspTestClient(SERVER, { debounceMs: 10 });
    client.connection.onNotification('window/logMessage', (params: { message: string }) => {
      if (process.env.DEBUG_LOG) console.log(params.message.slice(0, 600));
    });
    await client.initialize(pathToFileURL(workspace).toString());
  });

  after(async () => {
    await client.stop();
  });

  it('previews examples/deployment on its own cluster.yaml: eth1 exists there, so nothing is refused', async () => {
    await client.open(uri('deployment/deployment.yaml'), text('deployment/deployment.yaml'));
    // The workspace index arrives after the open: wait for the cross-document rules, then compare with check.
    const list = await client.waitForDiagnostics(uri('deployment/deployment.yaml'), () => true);
    assert.deepEqual(
      codes(list).filter((code) => code.startsWith('pod-')),
      [],
      JSON.stringify(list),
    );
  });

  it('warns on the whereabouts pod that is handed the gateway address, as the preview notes it', async () => {
    await client.open(uri('whereabouts/pods.yaml'), text('whereabouts/pods.yaml'));
    const list = await client.waitForDiagnostics(uri('whereabouts/pods.yaml'), (l) =>
      codes(l).includes('pod-gateway-address'),
    );
    const gateway = list.find((d) => d.code === 'pod-gateway-address')!;
    assert.match(message(gateway), /^net1 gets 192\.168\.2\.225, the gateway of default\/whereabouts-conf\./);
    assert.ok(message(gateway).split('.')[0].length < 100);
  });

  it('says a node the model lacks is the model\u2019s limit, at nodeName, naming where to add it', async () => {
    const name = 'seed-lab/samplepod2.yaml';
    await client.open(uri(name), text(name));
    const list = await client.waitForDiagnostics(uri(name), (l) => codes(l).includes('pod-node-not-in-model'));
    const finding = list.find((d) => d.code === 'pod-node-not-in-model')!;
    assert.match(
      message(finding),
      /^Node node2 is not in the cluster model\. Add it to a cluster\.yaml beside the manifests/,
    );
    assert.doesNotMatch(message(finding), /Multus would refuse/);
    const line = text(name).split('\n')[finding.range.start.line];
    assert.equal(line.slice(finding.range.start.character, finding.range.end.character), 'node2');
  });

  it('refuses a pod whose master the model\u2019s node lacks, in Multus\u2019 words, and warns of the other nodes', async () => {
    // The deployment's storage NAD on eth1, pinned to the seed lab's embedded model (eth0 only).
    const pod = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: storage-client',
      '  annotations:',
      '    k8s.v1.cni.cncf.io/networks: storage-net',
      'spec:',
      '  containers: [{ name: c, image: busybox }]',
      '',
    ].join('\n');
    const nad = text('deployment/deployment.yaml').split('\n---\n')[0];
    writeFileSync(join(workspace, 'seed-lab', 'storage-net.yaml'), `${nad}\n`);
    await client.open(uri('seed-lab/storage-net.yaml'), `${nad}\n`);
    await client.open(uri('seed-lab/storage-client.yaml'), pod);
    const list = await client.waitForDiagnostics(uri('seed-lab/storage-client.yaml'), (l) =>
      codes(l).includes('pod-refused'),
    );
    const refused = list.find((d) => d.code === 'pod-refused')!;
    assert.match(message(refused), /^Multus would refuse this pod on node1\./);
    assert.match(message(refused), /failed to lookup master "eth1": Link not found/);
  });
});
