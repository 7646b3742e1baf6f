import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, multusDiagnostics, openEditor, positionOf, suite, test, waitFor, workspaceUri } from './harness';

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, { scope?: string }> };
  };
  capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations: string[] } };
}

function manifest(): Manifest {
  return vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as Manifest;
}

suite('commands, settings and trust', () => {
  test('every command is registered and its title starts with "Multus:"', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command, title } of manifest().contributes.commands) {
      assert.match(title, /^Multus: /);
      assert.ok(registered.has(command), `${command} is registered`);
    }
  });

  test('settings naming programs or kubeconfig files are machine-scoped and restricted when untrusted', () => {
    const { properties } = manifest().contributes.configuration;
    assert.equal(properties['multusNad.kubeconfig'].scope, 'machine');
    assert.equal(properties['multusNad.server.runtime'].scope, 'machine');
    const trust = manifest().capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.ok(trust.restrictedConfigurations.includes('multusNad.server.runtime'));
    assert.ok(trust.restrictedConfigurations.includes('multusNad.kubeconfig'));
  });

  test('"Check All Manifests" fills the Problems panel for files never opened', async () => {
    const folded = workspaceUri('scalar-styles/folded.yaml');
    assert.ok(!vscode.workspace.textDocuments.some((doc) => doc.uri.toString() === folded.toString()));
    const checked = await vscode.commands.executeCommand<number>('multusNad.checkWorkspace');
    assert.ok(checked >= 10, `${checked} files checked`);
    await waitFor('diagnostics for folded.yaml', () => multusDiagnostics(folded).length > 0);
  });

  test('"Open Cluster Model" serves the embedded cluster read-only', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse('multus-nad:/embedded-cluster.yaml'));
    const text = document.getText();
    assert.match(text, /name: node1/);
    assert.match(text, /10\.244\.1\.0\/24/);
    assert.match(text, /name: cbr0/);
  });

  test('"Rewrite spec.config as a Block Scalar" turns the escaped one-liner into a | block', async () => {
    const editor = await openEditor('editing/one-line.yaml');
    const at = positionOf(editor.document, 'config: "', 'config: "'.length + 2);
    editor.selection = new vscode.Selection(at, at);
    const rewritten = await waitFor('the rewrite code action', () =>
      vscode.commands.executeCommand<boolean>('multusNad.rewriteConfigAsBlock'),
    );
    assert.equal(rewritten, true);
    const text = editor.document.getText();
    assert.match(text, /config: \|/);
    assert.doesNotMatch(text, /\\"/);
    assert.match(text, /"subnet": "192\.168\.22\.0\/24"/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  // Issue 18 point 10: in a file with one NAD the command needs no cursor inside the config (the
  // client then asks the server about the whole document).
  test('"Rewrite spec.config as a Block Scalar" works with the cursor on line 1 of a one-NAD file', async () => {
    const editor = await openEditor('editing/one-line.yaml');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const rewritten = await waitFor('the rewrite code action', () =>
      vscode.commands.executeCommand<boolean>('multusNad.rewriteConfigAsBlock'),
    );
    assert.equal(rewritten, true);
    assert.match(editor.document.getText(), /config: \|/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
