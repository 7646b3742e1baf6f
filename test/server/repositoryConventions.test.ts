import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { LspTestClient } from './lspClient';
import { diagnosticScope } from '../../engine';

// Issue 13 in the editor: the built server applies Helm template reading, inline suppressions
// and the nearest .multus-nad.yaml as the CLI does; the user's settings win over the file.

const SERVER = 'dist/server.js';
const SEVERITY_NAMES = ['', 'Error', 'Warning', 'Information', 'Hint'];
const summary = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => `${d.range.start.line + 1} ${SEVERITY_NAMES[d.severity ?? 1]} ${String(d.code)}`);

/** A NAD with a default route from host-local (line 12) and an unknown key "mode " (line 9). */
const NAD = [
  'apiVersion: k8s.cni.cncf.io/v1',
  'kind: NetworkAttachmentDefinition',
  'metadata:',
  '  name: net-a',
  'spec:',
  '  config: |',
  '    { "cniVersion": "0.3.1",',
  '      "type": "macvlan", "master": "eth0",',
  '      "mode ": "bridge",',
  '      "ipam": { "type": "host-local",',
  '        "subnet": "10.1.0.0/24",',
  '        "routes": [{ "dst": "0.0.0.0/0" }] } }',
  '',
].join('\n');

describe('repository conventions in the built language server', () => {
  let workspace: string;
  let client: LspTestClient;
  const uri = (name: string) => pathToFileURL(join(workspace, name)).toString();
  const open = (name: string, text: string, languageId = 'yaml') =>
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uri(name), languageId, version: 1, text },
    });

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'multus-nad-conventions-'));
    mkdirSync(join(workspace, '.git'));
    writeFileSync(join(workspace, '.git/HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(
      join(workspace, '.multus-nad.yaml'),
      'rules:\n  json-unknown-key: off\n  ipam-default-route: error\n  nad-config-name-differs: warning\nignore: ["generated/**"]\n',
    );
    cpSync('examples/helm-chart', join(workspace, 'chart'), { recursive: true });
    client = new LspTestClient(SERVER, { debounceMs: 10, diagnostics: { severity: { 'ipam-default-route': 'hint' } } });
    await client.initialize(pathToFileURL(workspace).toString());
  });

  after(async () => {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('.multus-nad.yaml sets and turns off codes; the user setting wins over it', async () => {
    await open('nad.yaml', NAD);
    const diagnostics = await client.waitForDiagnostics(uri('nad.yaml'), (list) => list.length > 0);
    assert.deepEqual(summary(diagnostics), ['12 Hint ipam-default-route']);
  });

  it('a chart template, also as language id helm: no yaml-syntax, the note, the real findings', async () => {
    const text = readFileSync(join(workspace, 'chart/templates/macvlan-nad.yaml'), 'utf8');
    await open('chart/templates/macvlan-nad.yaml', text, 'helm');
    const diagnostics = await client.waitForDiagnostics(uri('chart/templates/macvlan-nad.yaml'), (list) =>
      list.some((d) => d.code === 'helm-template'),
    );
    assert.deepEqual(summary(diagnostics), [
      '4 Information helm-template',
      '21 Error ipam-range-outside-subnet',
      '23 Hint ipam-default-route',
    ]);
  });

  it('suppression comments in the editor, and an unknown code reported', async () => {
    const text = NAD.replace(
      '  config: |',
      '  # multus-nad-disable-next-line ipam-default-route, nad-nmae-invalid\n  config: |',
    );
    await open('suppressed.yaml', text);
    const published = await client.waitForDiagnostics(uri('suppressed.yaml'), (list) => list.length > 0);
    // The same NAD is open in other files of this workspace: its cross-file findings are not what this tests.
    const diagnostics = published.filter((d) => diagnosticScope(String(d.code)) === 'document');
    assert.deepEqual(summary(diagnostics), ['6 Warning suppression-unknown-code']);
    assert.match(String(diagnostics[0].message), /Did you mean "nad-name-invalid"\?/);
  });

  it('a file an ignore glob matches gets no diagnostics', async () => {
    await open('generated/nad.yaml', NAD.replace('0.3.1', '9.9.9'));
    const diagnostics = await client.waitForDiagnostics(uri('generated/nad.yaml'), () => true);
    assert.deepEqual(diagnostics, []);
    // The same text outside the glob is checked (the error for cniVersion 9.9.9 is there).
    await open('other.yaml', NAD.replace('0.3.1', '9.9.9'));
    const checked = await client.waitForDiagnostics(uri('other.yaml'), (list) => list.length > 0);
    assert.ok(checked.some((d) => d.severity === DiagnosticSeverity.Error));
  });
});
