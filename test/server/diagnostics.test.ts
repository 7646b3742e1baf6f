import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { MultusLanguageService } from '../../server/src/languageservice/languageService';

const seed = (name: string) => readFileSync(`examples/seed-lab/${name}`, 'utf8');
const NAD_URI = 'file:///ws/macvlan-conf.yaml';
const POD_URI = 'file:///ws/samplepod.yaml';

function codes(service: MultusLanguageService, uri: string): string[] {
  const model = service.model(uri);
  assert.ok(model, `no model for ${uri}`);
  return service.diagnostics(model).map((diagnostic) => String(diagnostic.code));
}

describe('diagnostics across files', () => {
  it('a pod whose NAD is in an unopened file gets no reference error; removing the file brings it', () => {
    const service = new MultusLanguageService();
    service.updateDisk(NAD_URI, seed('macvlan-conf.yaml'));
    service.syncOpen(POD_URI, 1, seed('samplepod.yaml'));
    assert.ok(!codes(service, POD_URI).includes('reference-not-found'));
    const change = service.updateDisk(NAD_URI, undefined);
    assert.deepEqual([...change.affectedUris], [POD_URI], 'the pod file is named for re-validation');
    const model = service.model(POD_URI);
    const missing = service.diagnostics(model!).find((d) => d.code === 'reference-not-found');
    assert.ok(missing, 'reference-not-found after the NAD file is deleted');
    // The range covers "macvlan-conf" in `k8s.v1.cni.cncf.io/networks: macvlan-conf` (line 5, from column 33).
    assert.deepEqual(missing.range.start, { line: 5, character: 33 });
  });

  it('renaming the NAD in an open document re-checks the pods that reference it', () => {
    const service = new MultusLanguageService();
    service.syncOpen(NAD_URI, 1, seed('macvlan-conf.yaml'));
    service.syncOpen(POD_URI, 1, seed('samplepod.yaml'));
    const renamed = seed('macvlan-conf.yaml').replace('name: macvlan-conf', 'name: macvlan-conf2');
    const { change } = service.syncOpen(NAD_URI, 2, renamed);
    assert.ok(change.affectedUris.has(POD_URI));
    assert.ok(codes(service, POD_URI).includes('reference-not-found'));
  });

  it("a NAD in another namespace gives the engine's other-namespace finding", () => {
    const service = new MultusLanguageService();
    service.updateDisk(NAD_URI, seed('macvlan-conf.yaml').replace('metadata:\n', 'metadata:\n  namespace: infra\n'));
    service.syncOpen(POD_URI, 1, seed('samplepod.yaml'));
    assert.ok(codes(service, POD_URI).includes('reference-other-namespace'));
  });

  it('host-local used by two pods that can land on different nodes is reported on the NAD', () => {
    const service = new MultusLanguageService();
    service.syncOpen(NAD_URI, 1, seed('macvlan-conf.yaml'));
    assert.ok(!codes(service, NAD_URI).includes('host-local-multi-node'), 'no pods yet');
    service.updateDisk(POD_URI, seed('samplepod.yaml'));
    service.updateDisk('file:///ws/samplepod2.yaml', seed('samplepod2.yaml'));
    assert.ok(codes(service, NAD_URI).includes('host-local-multi-node'));
  });

  it('documents that are not ours get nothing, even with YAML errors, in the same file as a NAD', () => {
    const service = new MultusLanguageService();
    const text = `apiVersion: v1\nkind: ConfigMap\ndata: [unclosed\n---\n${seed('macvlan-conf.yaml').replace('"type": "macvlan"', '"type": "macvlan",,')}`;
    service.syncOpen(NAD_URI, 1, text);
    const diagnostics = service.diagnostics(service.model(NAD_URI)!);
    assert.ok(diagnostics.length > 0);
    assert.ok(
      diagnostics.every((d) => d.range.start.line >= 4),
      JSON.stringify(diagnostics.map((d) => [d.code, d.range.start])),
    );
    assert.ok(diagnostics.some((d) => d.code === 'json-syntax'));
  });

  it('maps a JSON error inside a double-quoted config to the exact characters', () => {
    const service = new MultusLanguageService();
    const text =
      'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: a\nspec:\n  config: "{\\"cniVersion\\": \\"0.3.1\\", \\"type\\": \\"macvlan\\" \\"master\\": \\"eth0\\"}"\n';
    service.syncOpen(NAD_URI, 1, text);
    const syntax = service.diagnostics(service.model(NAD_URI)!).find((d) => d.code === 'json-syntax');
    assert.ok(syntax);
    const line = text.split('\n')[5];
    // The parser stops at the escaped quote that opens "master" (a comma is expected before it).
    assert.equal(syntax.range.start.character, line.indexOf('\\"master'));
  });
});

describe('incremental analysis', () => {
  it('an edit in one document of a multi-document file analyses only that document again', () => {
    const service = new MultusLanguageService();
    const docs = Array.from({ length: 5 }, (_, i) =>
      seed('macvlan-conf.yaml').replace('name: macvlan-conf', `name: net-${i}`),
    );
    const first = service.syncOpen(NAD_URI, 1, docs.join('---\n')).model;
    const edited = [...docs];
    edited[2] = edited[2].replace('"mode": "bridge"', '"mode": "vepa"');
    const second = service.syncOpen(NAD_URI, 2, edited.join('---\n')).model;
    const reused = second.yamlDocuments.map(
      (yamlDocument, i) => yamlDocument.analysis === first.yamlDocuments[i].analysis,
    );
    assert.deepEqual(reused, [true, true, false, true, true]);
  });

  it('keeps positions right after an edit that adds lines above a document', () => {
    const service = new MultusLanguageService();
    const bad = seed('macvlan-conf.yaml').replace('"mode": "bridge"', '"mode": "bridges"');
    service.syncOpen(NAD_URI, 1, `${seed('macvlan-conf.yaml')}---\n${bad}`);
    const before = service.diagnostics(service.model(NAD_URI)!).find((d) => d.code === 'plugin-mode-unknown');
    service.syncOpen(NAD_URI, 2, `# a\n# b\n${seed('macvlan-conf.yaml')}---\n${bad}`);
    const after = service.diagnostics(service.model(NAD_URI)!).find((d) => d.code === 'plugin-mode-unknown');
    assert.ok(before && after);
    assert.equal(after.range.start.line, before.range.start.line + 2);
    assert.equal(after.range.start.character, before.range.start.character);
  });
});

describe('per-file limits', () => {
  it('a file past the editor limit is checked up to it, and a manifest-too-large note says where it stops', async () => {
    const { SERVER_MAX_DOCUMENTS } = await import('../../server/src/languageservice/documents');
    const service = new MultusLanguageService();
    const filler = Array.from(
      { length: SERVER_MAX_DOCUMENTS },
      (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`,
    );
    const broken = seed('macvlan-conf.yaml').replace('"type": "macvlan"', '"type": "macvlan",,');
    service.syncOpen(NAD_URI, 1, [broken, ...filler, broken].join('---\n'));
    const diagnostics = service.diagnostics(service.model(NAD_URI)!);
    // The first NAD is checked, the one after the limit is not.
    const syntax = diagnostics.filter((d) => d.code === 'json-syntax');
    assert.ok(syntax.length > 0);
    // Documents 0..limit-1 are checked: the NAD and limit-1 fillers of 5 lines each (with their `---`).
    const firstUncheckedLine = broken.split('\n').length - 1 + (SERVER_MAX_DOCUMENTS - 1) * 5;
    assert.ok(syntax.every((d) => d.range.start.line < firstUncheckedLine));
    const note = diagnostics.find((d) => d.code === 'manifest-too-large');
    assert.ok(note);
    assert.equal(note.range.start.line, firstUncheckedLine, 'the note sits on the first unchecked document');
    // Its first sentence fits a Problems row (test/validation/messageHeadlines.test.ts checks the CLI's).
    assert.match(String(note.message), /^File too large: the documents from here on are not checked\. /);
  });
});
