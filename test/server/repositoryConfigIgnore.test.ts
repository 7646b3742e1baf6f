import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';
import { checkKey, editorKeys, type CheckJsonDiagnostic } from '../shared/diagnosticKeys';
import { tempDir } from '../tempDir';
import type { NadSummary, PreviewResult } from '../../server/src/protocol';

// Issue 13: the `ignore` globs of a .multus-nad.yaml take files out of the editor's workspace
// index, as `check` and `preview` skip them (cli/repositoryContext.ts ignoreReason): an ignored
// file's NADs do not satisfy a pod's reference nor collide with another NAD, open or not. The
// editor (built server, over LSP) and the built CLI agree on the same folder.

const SERVER = 'dist/server.js';
const CLI = resolve('bin/multus-nad.js');

const nad = (name: string, subnet: string) =>
  [
    'apiVersion: k8s.cni.cncf.io/v1',
    'kind: NetworkAttachmentDefinition',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  config: |',
    `    { "cniVersion": "0.3.1", "type": "macvlan", "master": "eth0", "mode": "bridge",`,
    `      "ipam": { "type": "host-local", "subnet": "${subnet}" } }`,
    '',
  ].join('\n');

const FILES: Record<string, string> = {
  '.multus-nad.yaml': 'ignore: ["generated/**"]\n',
  'nads.yaml': nad('net-a', '10.10.0.0/24'),
  // Ignored: a second net-a (nad-duplicate if counted), net-b and net-c (the pod's references would resolve).
  'generated/open.yaml': `${nad('net-a', '10.11.0.0/24')}---\n${nad('net-b', '10.12.0.0/24')}`,
  'generated/closed.yaml': nad('net-c', '10.13.0.0/24'),
  'pod.yaml': [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: app',
    '  annotations:',
    '    k8s.v1.cni.cncf.io/networks: net-a, net-b, net-c',
    'spec:',
    '  containers: [{ name: c, image: alpine }]',
    '',
  ].join('\n'),
  // Indexed after generated/ (the server reads files in path order): once it is listed, the index is complete.
  'zz-last.yaml': nad('net-z', '10.19.0.0/24'),
};

describe('ignore globs in the editor index agree with check and preview', () => {
  let workspace: string;
  let client: LspTestClient;
  const uri = (name: string) => pathToFileURL(join(workspace, name)).toString();
  const run = (...args: string[]) => {
    try {
      return execFileSync(process.execPath, [CLI, ...args], { cwd: workspace, encoding: 'utf8' });
    } catch (error) {
      return (error as { stdout: string }).stdout; // exit 1: findings, or a pod Multus refuses
    }
  };

  before(async () => {
    workspace = tempDir('ignore');
    mkdirSync(join(workspace, '.git'));
    writeFileSync(join(workspace, '.git/HEAD'), 'ref: refs/heads/main\n');
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(workspace, name)), { recursive: true });
      writeFileSync(join(workspace, name), text);
    }
    client = new LspTestClient(SERVER, { debounceMs: 10 });
    await client.initialize(pathToFileURL(workspace).toString());
    // The ignored file open in the editor is checked on its own terms (nothing) and still not counted.
    await client.open(uri('generated/open.yaml'), FILES['generated/open.yaml']);
    await client.open(uri('nads.yaml'), FILES['nads.yaml']);
    await client.open(uri('pod.yaml'), FILES['pod.yaml']);
    for (let attempt = 0; attempt < 100; attempt++) {
      const nads = await client.request<NadSummary[]>('multus/listNads', {});
      if (nads.some((summary) => summary.name === 'net-z')) break;
      await new Promise((done) => setTimeout(done, 100));
    }
  });

  after(async () => {
    await client.stop();
  });

  it('lists only the NADs of files no glob ignores', async () => {
    const nads = await client.request<NadSummary[]>('multus/listNads', {});
    assert.deepEqual(
      nads.map((summary) => `${summary.name} ${summary.location.uri.slice(uri('').length + 1)}`),
      ['net-a nads.yaml', 'net-z zz-last.yaml'],
    );
  });

  it('gives the diagnostics check gives, cross-file rules included, and none on the ignored file', async () => {
    const report = JSON.parse(run('check', '--format', 'json', '.')) as {
      diagnostics: CheckJsonDiagnostic[];
      skipped: { file: string }[];
    };
    assert.deepEqual(
      report.skipped.map((skip) => skip.file),
      ['generated/closed.yaml', 'generated/open.yaml'],
    );
    const expected = (file: string) =>
      report.diagnostics
        .filter((d) => d.file === file)
        .map(checkKey)
        .sort();
    // What the CLI finds, stated independently: net-b and net-c are missing, net-a is not duplicated.
    assert.deepEqual(
      report.diagnostics.map((d) => `${d.file} ${d.code}`),
      ['pod.yaml reference-not-found', 'pod.yaml reference-not-found'],
    );
    for (const file of ['pod.yaml', 'nads.yaml']) {
      const published = await client.waitForDiagnostics(
        uri(file),
        (list) => editorKeys(list).join() === expected(file).join(),
      );
      assert.deepEqual(editorKeys(published), expected(file));
    }
    assert.deepEqual(await client.waitForDiagnostics(uri('generated/open.yaml'), () => true), []);
  });

  it('previews the pod as preview does: Multus refuses it for the missing net-b', async () => {
    const cli = JSON.parse(run('preview', '--format', 'json', '.')) as { pods: { pod: string; error?: string }[] };
    const editor = await client.request<PreviewResult>('multus/preview', {
      textDocument: { uri: uri('pod.yaml') },
      position: { line: 3, character: 8 },
    });
    assert.equal(cli.pods.length, 1);
    assert.match(cli.pods[0].error ?? '', /net-b/);
    assert.deepEqual(
      editor.pods.map((pod) => [pod.pod, pod.error]),
      cli.pods.map((pod) => [pod.pod, pod.error]),
    );
  });
});
