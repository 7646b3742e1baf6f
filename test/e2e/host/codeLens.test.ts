import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openEditor, suite, test, waitFor } from './harness';

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

  test('no "Apply to cluster" lens while no cluster command is wired', async () => {
    const editor = await openEditor('samplepod.yaml');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      editor.document.uri,
      100,
    );
    assert.ok(lenses.every((lens) => !/apply/i.test(lens.command?.title ?? '')));
  });
});
