import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  codeOf,
  multusApi,
  multusDiagnostics,
  openEditor,
  positionOf,
  suite,
  test,
  waitFor,
  workspaceUri,
} from './harness';

// Runs alone, in a VS Code whose workspace is not trusted (runHost.mjs --restricted): editing help
// and the preview work, nothing reaches a cluster and no configured program runs.
suite('restricted workspace', () => {
  test('the workspace is restricted and the extension is active in it', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await openEditor('macvlan-conf.yaml');
    const api = await multusApi();
    await waitFor('the server to run', () => api.server.status === 'running');
  });

  test('diagnostics still arrive', async () => {
    const { document } = await openEditor('scalar-styles/literal.yaml');
    await waitFor('a json-syntax diagnostic', () =>
      multusDiagnostics(document.uri).some((d) => codeOf(d) === 'json-syntax'),
    );
  });

  test('the preview still works', async () => {
    const api = await multusApi();
    const editor = await openEditor('samplepod.yaml');
    const at = positionOf(editor.document, 'name: samplepod');
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('multusNad.previewAtCursor');
    const view = await waitFor('the preview', () => api.previews.currentView);
    const net1 = view.pods[0].interfaces.find((row) => row.name === 'net1');
    assert.deepEqual(net1?.addresses, ['192.168.1.200/24']);
  });

  test('no "Apply to cluster" lens, and the command refuses', async () => {
    const editor = await openEditor('macvlan-conf.yaml');
    const lenses = await waitFor('the preview lens', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
        100,
      );
      return all.length > 0 && all;
    });
    assert.deepEqual(
      lenses.map((lens) => lens.command?.title),
      ['Preview interfaces'],
    );
    assert.equal(
      await vscode.commands.executeCommand('multusNad.applyToCluster', workspaceUri('macvlan-conf.yaml')),
      false,
    );
  });

  test('a configured server runtime is not run', async () => {
    const api = await multusApi();
    const config = vscode.workspace.getConfiguration('multusNad');
    await config.update('server.runtime', '/nonexistent/node', vscode.ConfigurationTarget.Global);
    try {
      assert.ok(await api.server.restart(), `the bundled server runs instead (${api.server.lastStartError})`);
    } finally {
      await config.update('server.runtime', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
