import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, multusDiagnostics, openEditor, positionOf, suite, test, waitFor } from './harness';

// Each fixture misses the comma after "master": "eth0", so the JSON error sits on the next token;
// the expected text is that token as the file spells it in the scalar's style.
const SCALAR_STYLES: [file: string, token: string][] = [
  ['scalar-styles/literal.yaml', '"mode"'],
  ['scalar-styles/folded.yaml', '"mode"'],
  ['scalar-styles/single-quoted.yaml', '"mode"'],
  ['scalar-styles/double-quoted.yaml', '\\"mode\\"'],
];

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)))
    .join('\n');
}

suite('language features from the server', () => {
  for (const [file, token] of SCALAR_STYLES) {
    test(`JSON syntax error at the exact range in ${file}`, async () => {
      const { document } = await openEditor(file);
      const [diagnostic] = await waitFor(`a json-syntax diagnostic in ${file}`, () => {
        const found = multusDiagnostics(document.uri).filter((d) => codeOf(d) === 'json-syntax');
        return found.length > 0 && found;
      });
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      // The token followed by its colon: the fixtures' comments name it too, but never with one.
      const start = positionOf(document, `${token}: `);
      assert.deepEqual(
        [diagnostic.range.start, diagnostic.range.end].map((p) => [p.line, p.character]),
        [start, start.translate(0, token.length)].map((p) => [p.line, p.character]),
      );
      assert.equal(document.getText(diagnostic.range), token);
    });
  }

  test('completion of the plugin type inside the embedded JSON', async () => {
    const { document } = await openEditor('editing/completion.yaml');
    const at = positionOf(document, '"type": ""', '"type": "'.length);
    const list = await waitFor('plugin type completions', async () => {
      const result = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        at,
      );
      return result.items.length > 0 && result;
    });
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const type of ['macvlan', 'bridge', 'ipvlan'])
      assert.ok(
        labels.some((label) => label.includes(type)),
        labels.join(', '),
      );
  });

  test('hover on the IPAM range says how many addresses it holds', async () => {
    const { document } = await openEditor('macvlan-conf.yaml');
    const at = positionOf(document, '"rangeStart"', 3);
    const text = await waitFor('a hover', async () =>
      hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at)),
    );
    // 192.168.1.200 to 192.168.1.216 inclusive.
    assert.match(text, /\b17\b/);
    assert.match(text, /192\.168\.1\.200/);
  });

  test('a quick fix is applied and the file checks clean again', async () => {
    const editor = await openEditor('editing/typo.yaml');
    const uri = editor.document.uri;
    const [problem] = await waitFor('a diagnostic on the typo', () => {
      const found = multusDiagnostics(uri).filter((d) => editor.document.getText(d.range).includes('rangeStrat'));
      return found.length > 0 && found;
    });
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      problem.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((action) => action.edit && action.title.includes('"rangeStart"'));
    assert.ok(fix?.edit, `a fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /"rangeStart": "192\.168\.20\.10"/);
    await waitFor('no diagnostics left in typo.yaml', () => multusDiagnostics(uri).length === 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('go to definition from the networks annotation to the NAD', async () => {
    const { document } = await openEditor('samplepod.yaml');
    const at = positionOf(document, 'networks: macvlan-conf', 'networks: '.length + 2);
    const [target] = await waitFor('a definition', async () => {
      const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        document.uri,
        at,
      );
      return found.length > 0 && found;
    });
    const uri = 'targetUri' in target ? target.targetUri : target.uri;
    const range = 'targetUri' in target ? target.targetRange : target.range;
    assert.match(uri.path, /\/macvlan-conf\.yaml$/);
    const nad = await vscode.workspace.openTextDocument(uri);
    assert.match(nad.getText(range), /macvlan-conf|NetworkAttachmentDefinition/);
  });
});
