import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspSession } from './lspSession';

/** Inputs the server properties found, kept as plain tests over LSP against the built server. */
describe('hardening regressions in the built server', () => {
  const session = new LspSession();
  before(() => session.initialize());
  after(() => session.stop());

  it('a JSON annotation indented the go-yaml way: its references sit on the names in the file', async () => {
    // readManifestSet reads such a pod from a re-indented copy; the server mapped its annotation
    // against the file text (a prefix of the bond-cni README threw, whole files got empty ranges).
    const text = [
      'apiVersion: k8s.cni.cncf.io/v1',
      'kind: NetworkAttachmentDefinition',
      'metadata:',
      '  name: bond-net',
      'spec:',
      `  config: '{"cniVersion": "0.3.1", "type": "bond"}'`,
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      '  annotations:',
      `        k8s.v1.cni.cncf.io/networks: '[`,
      '{"name": "bond-net",',
      '"interface": "bond0"',
      `}]'`,
      'spec:',
      '  containers: []',
      '',
    ].join('\n');
    const uri = 'file:///regressions/lenient.yaml';
    await session.open(uri, text);
    const references = await session.request<{ range: { start: unknown; end: unknown } }[]>('textDocument/references', {
      textDocument: { uri },
      position: { line: 3, character: 10 },
      context: { includeDeclaration: false },
    });
    assert.deepEqual(
      references.map((reference) => reference.range),
      [{ start: { line: 13, character: 10 }, end: { line: 13, character: 18 } }],
    );
    assert.deepEqual(session.failures(), []);
  });
});
