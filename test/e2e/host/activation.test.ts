import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { EXTENSION_ID, multusApi, openEditor, suite, test, waitFor } from './harness';

// Runs first (files load in name order): it watches the extension come up from nothing.
suite('activation', () => {
  test('a plain YAML file activates the extension but does not start the language server', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the packaged extension is installed');
    assert.equal(extension.isActive, false, 'nothing activated it before a YAML file opened');
    const plain = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'replicas: 3\n' });
    await vscode.window.showTextDocument(plain);
    await waitFor('activation on a YAML file', () => extension.isActive);
    assert.equal((await multusApi()).server.status, 'not started');
  });

  test('opening a NAD starts the language server as its own Node process', async () => {
    const api = await multusApi();
    const editor = await openEditor('macvlan-conf.yaml');
    await waitFor('the server to run', () => api.server.status === 'running');
    const children = execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
    assert.match(children, /multus-nad[^\n]*\/dist\/server\.js/);
    assert.equal(editor.document.languageId, 'yaml', 'the language is not taken over');
  });
});
