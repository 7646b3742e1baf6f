import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PreviewView } from '../../../client/src/preview/previewModel';
import { multusApi, openEditor, positionOf, suite, test, waitFor } from './harness';

async function previewAt(file: string, needle: string): Promise<PreviewView> {
  const api = await multusApi();
  const editor = await openEditor(file);
  const at = positionOf(editor.document, needle);
  editor.selection = new vscode.Selection(at, at);
  await vscode.commands.executeCommand('multusNad.previewAtCursor');
  return waitFor(`the preview of ${file}`, () => api.previews.currentView);
}

function row(view: PreviewView, pod: string, iface: string) {
  const found = view.pods.find((candidate) => candidate.key === pod)?.interfaces.find((r) => r.name === iface);
  assert.ok(found, `${pod} has ${iface} in ${JSON.stringify(view)}`);
  return found;
}

// Expected values: the seed lab as it ran on the cluster (examples/seed-lab/README.md).
suite('preview panel content', () => {
  test('samplepod: eth0 on cbr0, net1 192.168.1.200 and the default route via net1', async () => {
    const view = await previewAt('samplepod.yaml', 'name: samplepod');
    assert.equal(view.subject, 'pod default/samplepod');
    const [pod] = view.pods;
    assert.equal(pod.node, 'node1');
    assert.deepEqual(row(view, 'default/samplepod', 'eth0').addresses, ['10.244.1.2/24']);
    assert.equal(row(view, 'default/samplepod', 'eth0').mtu, '1450');
    assert.equal(row(view, 'default/samplepod', 'eth0').network, 'cbr0');
    const net1 = row(view, 'default/samplepod', 'net1');
    assert.deepEqual(net1.addresses, ['192.168.1.200/24']);
    assert.equal(net1.network, 'default/macvlan-conf');
    assert.ok(net1.routes.includes('default via 192.168.1.1'), net1.routes.join('; '));
    const defaults = pod.ipRoute.split('\n').filter((line) => line.startsWith('default'));
    assert.deepEqual(defaults, ['default via 192.168.1.1 dev net1', 'default via 10.244.1.1 dev eth0']);
    assert.match(pod.ipAddress, /inet 192\.168\.1\.200\/24 brd 192\.168\.1\.255 scope global net1/);
    assert.match(pod.networkStatus, /"name": "default\/macvlan-conf"/);
    assert.match(pod.networkStatus, /"192\.168\.1\.200"/);
  });

  test('on the NAD: both seed pods, .200 and .201 in workspace order', async () => {
    const view = await previewAt('macvlan-conf.yaml', 'macvlan-conf');
    assert.equal(view.subject, 'NAD default/macvlan-conf');
    assert.deepEqual(
      view.pods.map((pod) => pod.key),
      ['default/samplepod', 'default/samplepod2'],
    );
    assert.deepEqual(row(view, 'default/samplepod2', 'net1').addresses, ['192.168.1.201/24']);
  });

  test('follows unsaved edits: a new rangeStart shows up without saving', async () => {
    const api = await multusApi();
    const editor = await openEditor('macvlan-conf.yaml');
    await previewAt('macvlan-conf.yaml', 'macvlan-conf');
    const at = positionOf(editor.document, '192.168.1.200');
    const range = new vscode.Range(at, at.translate(0, '192.168.1.200'.length));
    await editor.edit((edit) => edit.replace(range, '192.168.1.210'));
    try {
      await waitFor('the preview to show .210', () => {
        const view = api.previews.currentView;
        return view && row(view, 'default/samplepod', 'net1').addresses[0] === '192.168.1.210/24';
      });
    } finally {
      await editor.edit((edit) => edit.replace(range, '192.168.1.200'));
      await editor.document.save();
    }
  });

  test('all pods of the workspace', async () => {
    const api = await multusApi();
    await vscode.commands.executeCommand('multusNad.previewWorkspace');
    const view = await waitFor('the workspace preview', () => {
      const current = api.previews.currentView;
      return current?.subject === 'all annotated pods of the workspace' && current;
    });
    const keys = view.pods.map((pod) => pod.key);
    assert.ok(keys.includes('default/samplepod') && keys.includes('default/samplepod2'), keys.join(', '));
  });

  test('names that are HTML reach the webview escaped', async () => {
    const api = await multusApi();
    await previewAt('webview-escaping/hostile-names.yaml', 'kind: Pod');
    const body = await waitFor(
      'a body naming the hostile pod',
      () => api.previews.renderedBody.includes('onerror') && api.previews.renderedBody,
    );
    assert.doesNotMatch(body, /<img|<script/i);
    assert.match(body, /p&#34;&#62;&#60;img src=x onerror=&#34;window\.multusPwned=2&#34;&#62;/);
  });

  test('the panel is a webview tab titled "Multus: Interfaces"', async () => {
    const tab = await waitFor('the preview tab', () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .find((candidate) => candidate.label === 'Multus: Interfaces'),
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    assert.match(tab.input.viewType, /multusNad\.preview$/);
  });
});
