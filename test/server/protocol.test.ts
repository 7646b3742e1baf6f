import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionList, Hover, Location } from 'vscode-languageserver';
import { ListNadsRequest, PreviewRequest, type NadSummary, type PreviewResult } from '../../server/src/protocol';
import { LspTestClient } from './lspClient';

const SERVER = 'dist/server.js';
const seed = (name: string) => readFileSync(`examples/seed-lab/${name}`, 'utf8');
const codes = (diagnostics: { code?: unknown }[]) => diagnostics.map((d) => String(d.code));

/** The position of the first occurrence of `needle` in `text` (plus `shift` characters). */
function positionOf(text: string, needle: string, shift = 0) {
  const offset = text.indexOf(needle) + shift;
  assert.ok(offset >= shift, needle);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

describe('the built language server over stdio', () => {
  let workspace: string;
  let client: LspTestClient;
  const uri = (name: string) => pathToFileURL(join(workspace, name)).toString();

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'multus-nad-ls-'));
    // The NAD is only on disk: the server must find it by indexing the workspace.
    writeFileSync(join(workspace, 'macvlan-conf.yaml'), seed('macvlan-conf.yaml'));
    // A cluster of one node (multusNad.clusterModel, relative to the workspace folder).
    writeFileSync(
      join(workspace, 'cluster.yaml'),
      'nodes:\n  - name: worker-1\n    podCIDRs: [10.244.7.0/24]\n    interfaces: [{ name: eth0, mtu: 1500 }]\n',
    );
    client = new LspTestClient(SERVER, {
      debounceMs: 10,
      clusterModel: 'cluster.yaml',
      diagnostics: { severity: { 'ipam-default-route': 'off', 'cni-version-missing': 'error' } },
    });
    const result = (await client.initialize(pathToFileURL(workspace).toString())) as {
      capabilities: Record<string, unknown>;
    };
    assert.ok(
      result.capabilities.completionProvider &&
        result.capabilities.hoverProvider &&
        result.capabilities.codeActionProvider,
    );
  });

  after(async () => {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it("resolves an open pod's network against a NAD in an unopened file", async () => {
    await client.open(uri('samplepod.yaml'), seed('samplepod.yaml'));
    const diagnostics = await client.waitForDiagnostics(
      uri('samplepod.yaml'),
      (list) => !codes(list).includes('reference-not-found'),
    );
    assert.deepEqual(
      codes(diagnostics).filter((code) => code.startsWith('reference')),
      [],
    );
  });

  it('reports a reference to a missing NAD after an edit, and clears it after the edit is undone', async () => {
    const broken = seed('samplepod.yaml').replace('networks: macvlan-conf', 'networks: macvlan-typo');
    await client.change(uri('samplepod.yaml'), broken, 2);
    const diagnostics = await client.waitForDiagnostics(uri('samplepod.yaml'), (list) =>
      codes(list).includes('reference-not-found'),
    );
    const missing = diagnostics.find((d) => d.code === 'reference-not-found');
    assert.deepEqual(missing?.range.start, positionOf(broken, 'macvlan-typo'));
    // Linked to its page as ESLint does: the installed package's docs/diagnostics/<code>.md.
    const page = join(process.cwd(), 'docs', 'diagnostics', 'reference-not-found.md');
    assert.equal(missing?.codeDescription?.href, pathToFileURL(page).href);
    assert.ok(existsSync(page), page);
    assert.deepEqual(
      diagnostics.filter(
        (d) =>
          d.codeDescription?.href !==
          pathToFileURL(join(process.cwd(), 'docs', 'diagnostics', `${String(d.code)}.md`)).href,
      ),
      [],
      'every diagnostic links its code page',
    );
    await client.change(uri('samplepod.yaml'), seed('samplepod.yaml'), 3);
    await client.waitForDiagnostics(uri('samplepod.yaml'), (list) => !codes(list).includes('reference-not-found'));
  });

  it('completes NAD names in the annotation from the workspace index', async () => {
    const text = seed('samplepod.yaml');
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: uri('samplepod.yaml') },
      position: positionOf(text, 'macvlan-conf', 3),
    });
    assert.deepEqual(
      list.items.map((item) => item.label),
      ['macvlan-conf'],
    );
  });

  it('hovers an annotation entry with the interface name, and goes to the NAD', async () => {
    const text = seed('samplepod.yaml');
    const position = positionOf(text, 'macvlan-conf', 2);
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: uri('samplepod.yaml') },
      position,
    });
    assert.match((hover.contents as { value: string }).value, /interface `net1`/);
    const locations = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uri('samplepod.yaml') },
      position,
    });
    assert.deepEqual(
      locations.map((location) => [location.uri, location.range.start.line]),
      [[uri('macvlan-conf.yaml'), 3]],
    );
  });

  it('reports engine findings in an opened NAD and offers the quick fix for them', async () => {
    const text = seed('macvlan-conf.yaml').replace('"cniVersion": "0.3.0",\n', '');
    await client.open(uri('macvlan-conf.yaml'), text);
    const diagnostics = await client.waitForDiagnostics(uri('macvlan-conf.yaml'), (list) =>
      codes(list).includes('cni-version-missing'),
    );
    const missing = diagnostics.filter((d) => d.code === 'cni-version-missing');
    // multusNad.diagnostics.severity: raised to an error, and the default-route warning turned off.
    assert.equal(missing[0].severity, 1);
    assert.ok(!codes(diagnostics).includes('ipam-default-route'));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri('macvlan-conf.yaml') },
      range: missing[0].range,
      context: { diagnostics: missing },
    });
    assert.ok(
      actions.some((action) => action.title === 'Add "cniVersion": "1.0.0"' && action.diagnostics?.length === 1),
    );
  });

  it('answers multus/listNads and multus/preview from the workspace', async () => {
    const nads = await client.request<NadSummary[]>(ListNadsRequest.method, {});
    assert.deepEqual(
      nads.map((nad) => [nad.namespace, nad.name, nad.pluginTypes.join(','), nad.ipamType, nad.referencedBy]),
      [['default', 'macvlan-conf', 'macvlan', 'host-local', 1]],
    );
    const preview = await client.request<PreviewResult>(PreviewRequest.method, {
      textDocument: { uri: uri('samplepod.yaml') },
      position: { line: 0, character: 0 },
    });
    assert.equal(preview.subject.name, 'samplepod');
    assert.equal(preview.pods.length, 1);
    assert.equal(preview.pods[0].node, 'worker-1', 'placed on the cluster of multusNad.clusterModel');
    // The seed lab's expected preview: net1 gets the first address of rangeStart (examples/seed-lab/README.md).
    assert.match(preview.pods[0].text, /: net1@\S+ .*\n.*\n\s+inet 192\.168\.1\.200\/24 /);
  });

  it('previews on a cluster model sent with the request (a live snapshot): its nodes, taken addresses and notes', async () => {
    const live = {
      source: { context: 'lab', takenAt: '2026-12-03T13:00:00.000Z' },
      nodes: [{ name: 'live-1', podCIDRs: ['10.244.3.0/24'], ready: true }],
      defaultNetwork: { flannel: { name: 'cbr0', network: '10.244.0.0/16', mtu: 1450 } },
      nads: [{ namespace: 'default', name: 'macvlan-conf', config: '{"cniVersion":"0.3.1","type":"bridge"}' }],
      takenAddresses: [
        { ipam: 'host-local', node: 'live-1', network: 'macvlan-conf', address: '192.168.1.200' },
        { ipam: 'host-local', node: 'live-1', network: 'macvlan-conf', address: '192.168.1.200', lastReserved: true },
      ],
      notes: ['host-local addresses are an approximation'],
    };
    const preview = await client.request<PreviewResult>(PreviewRequest.method, {
      textDocument: { uri: uri('samplepod.yaml') },
      position: { line: 0, character: 0 },
      clusterModel: live,
    });
    assert.equal(preview.pods[0].node, 'live-1');
    // The workspace's macvlan-conf (not the cluster's bridge), after the address the cluster already holds.
    assert.match(preview.pods[0].text, /: net1@\S+ .*\n.*\n\s+inet 192\.168\.1\.201\/24 /);
    assert.deepEqual(preview.modelNotes, [
      'Cluster model: live context "lab", read at 2026-12-03T13:00:00.000Z.',
      'host-local addresses are an approximation',
      "NAD default/macvlan-conf: the workspace's copy overrides the cluster's.",
    ]);
  });

  it('picks up a NAD file created on disk, announced as a watched-file change', async () => {
    const pod = seed('samplepod.yaml').replace('networks: macvlan-conf', 'networks: macvlan-conf, extra-net');
    await client.change(uri('samplepod.yaml'), pod, 4);
    await client.waitForDiagnostics(uri('samplepod.yaml'), (list) => codes(list).includes('reference-not-found'));
    writeFileSync(
      join(workspace, 'extra.yaml'),
      seed('macvlan-conf.yaml').replace('name: macvlan-conf', 'name: extra-net'),
    );
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri('extra.yaml'), type: 1 }],
    });
    await client.waitForDiagnostics(uri('samplepod.yaml'), (list) => !codes(list).includes('reference-not-found'));
  });

  it('answers a request on a document it does not know with an empty result, not an error', async () => {
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: uri('never-opened.yaml') },
      position: { line: 0, character: 0 },
    });
    assert.deepEqual(list.items, []);
  });
});
