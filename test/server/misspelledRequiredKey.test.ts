import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { parse as parseYaml } from 'yaml';
import { LspTestClient } from './lspClient';
import { tempDir } from '../tempDir';
import { applyEdits } from './serviceHelper';

// Issue 18 point 5 (second half): a required key that is missing while a near spelling of it stands in the
// object is reported once, on that key, with the did-you-mean fix; through the built server over stdio.

const SERVER = 'dist/server.js';

const nad = (config: string) =>
  [
    'apiVersion: k8s.cni.cncf.io/v1',
    'kind: NetworkAttachmentDefinition',
    'metadata:',
    '  name: vlan-conf',
    'spec:',
    `  config: '${config}'`,
    '',
  ].join('\n');

const CASES: { what: string; config: string; key: string; field: string; gone: string }[] = [
  {
    what: 'stray punctuation inside the key, "master:" (vlan requires master)',
    config:
      '{"cniVersion": "0.3.1", "name": "vlan-conf", "type": "vlan", "master:": "eth0", "vlanId": 5, "ipam": {"type": "host-local", "subnet": "10.0.1.0/24"}}',
    key: 'master:',
    field: 'master',
    gone: 'plugin-field-required',
  },
  {
    what: 'a typo, "mastr"',
    config:
      '{"cniVersion": "0.3.1", "name": "vlan-conf", "type": "vlan", "mastr": "eth0", "vlanId": 5, "ipam": {"type": "host-local", "subnet": "10.0.1.0/24"}}',
    key: 'mastr',
    field: 'master',
    gone: 'plugin-field-required',
  },
  {
    what: 'the IPAM "type:" (no IPAM type)',
    config:
      '{"cniVersion": "0.3.1", "name": "vlan-conf", "type": "vlan", "master": "eth0", "vlanId": 5, "ipam": {"type:": "host-local", "subnet": "10.0.1.0/24"}}',
    key: 'type:',
    field: 'type',
    gone: 'ipam-type-missing',
  },
];

describe('a misspelled required key, over LSP', () => {
  let workspace: string;
  let client: LspTestClient;
  let version = 1;
  const uri = () => pathToFileURL(join(workspace, 'vlan-conf.yaml')).toString();

  before(async () => {
    workspace = tempDir('misspelled');
    writeFileSync(join(workspace, 'vlan-conf.yaml'), nad(CASES[0].config));
    client = new LspTestClient(SERVER, { debounceMs: 10 });
    await client.initialize(pathToFileURL(workspace).toString());
    await client.open(uri(), nad(CASES[0].config));
  });

  after(async () => {
    await client.stop();
  });

  for (const c of CASES) {
    it(`${c.what}: one diagnostic on the key, whose preferred fix writes "${c.field}"`, async () => {
      const text = nad(c.config);
      await client.change(uri(), text, ++version);
      const onKey = (d: Diagnostic) => d.code === 'json-unknown-key' && (d.data as { key?: string })?.key === c.key;
      const list = await client.waitForDiagnostics(uri(), (l) => l.some(onKey));
      assert.deepEqual(
        list.filter((d) => d.code === c.gone),
        [],
      );
      const finding = list.find(onKey)!;
      assert.equal((finding.data as { replacement?: string }).replacement, c.field);
      const line = text.split('\n')[finding.range.start.line];
      assert.equal(line.slice(finding.range.start.character, finding.range.end.character), `"${c.key}"`);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uri() },
        range: finding.range,
        context: { diagnostics: [finding] },
      });
      const fixed = applyEdits(text, actions[0]?.edit?.changes?.[uri()] ?? []);
      const config = JSON.parse((parseYaml(fixed) as { spec: { config: string } }).spec.config) as Record<
        string,
        unknown
      >;
      const holder = c.gone === 'ipam-type-missing' ? (config.ipam as Record<string, unknown>) : config;
      assert.equal(
        holder[c.field],
        c.gone === 'ipam-type-missing' ? 'host-local' : 'eth0',
        actions.map((a) => a.title).join(' | '),
      );
    });
  }
});
