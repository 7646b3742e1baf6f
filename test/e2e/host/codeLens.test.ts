import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openEditor, suite, test, waitFor, workspaceUri } from './harness';

async function lensesOf(file: string): Promise<vscode.CodeLens[]> {
  const editor = await openEditor(file);
  return waitFor(`CodeLenses in ${file}`, async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      editor.document.uri,
      100,
    );
    const ours = lenses.filter((lens) => lens.command?.command === 'multusNad.previewAtCursor');
    return ours.length > 0 && ours;
  });
}

suite('CodeLens', () => {
  test('"Preview interfaces" above the NAD', async () => {
    const lenses = await lensesOf('macvlan-conf.yaml');
    assert.deepEqual(
      lenses.map((lens) => [lens.command?.title, lens.range.start.line]),
      [['Preview interfaces', 0]],
    );
  });

  test('one lens per object in a file with a NAD and a pod', async () => {
    const lenses = await lensesOf('webview-escaping/hostile-names.yaml');
    assert.equal(lenses.length, 2);
    assert.ok(lenses[1].range.start.line > lenses[0].range.start.line);
  });

  test('"Apply to cluster" above each NAD in a trusted workspace, none above pods', async () => {
    const editor = await openEditor('webview-escaping/hostile-names.yaml');
    const lenses = await waitFor('both kinds of lenses', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
        100,
      );
      return all.length >= 3 && all;
    });
    const apply = lenses.filter((lens) => lens.command?.command === 'multusNad.applyToCluster');
    const previews = lenses.filter((lens) => lens.command?.command === 'multusNad.previewAtCursor');
    assert.deepEqual(
      apply.map((lens) => lens.command?.title),
      ['Apply to cluster'],
    );
    // Same line as the NAD's preview lens, above the pod's.
    assert.deepEqual(
      [apply[0].range.start.line, previews[1].range.start.line > apply[0].range.start.line],
      [previews[0].range.start.line, true],
    );
  });

  test('applying to a cluster that does not answer ends with the reason, without hanging', async () => {
    // The fixture kubeconfig's lab-admin context points at 127.0.0.1:6443, where nothing listens.
    const applied = await vscode.commands.executeCommand<boolean>(
      'multusNad.applyToCluster',
      workspaceUri('macvlan-conf.yaml'),
    );
    assert.equal(applied, false);
  });
});
