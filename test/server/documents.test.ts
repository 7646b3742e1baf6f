import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_CLUSTER } from '../../engine';
import { ManifestModel } from '../../server/src/languageservice/documents';

const nad = (name: string) =>
  `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\nspec:\n  config: '{"cniVersion": "0.3.1", "type": "macvlan"}'\n`;
const BASE = ['a', 'b', 'c', 'd', 'e'].map(nad).join('---\n');

/** What a model says about its documents, to compare an incremental build with a fresh one. */
const shape = (model: ManifestModel) =>
  model.yamlDocuments.map((yamlDocument) => [yamlDocument.start, yamlDocument.line, yamlDocument.analysis.text]);

describe('document model', () => {
  it('an incremental rebuild after any edit splits the file exactly like a fresh build', () => {
    const pieces = fc.constantFrom('---\n', '\n', 'x', '  name: z\n', '', '---', '\n---\n', 'kind: Pod\n');
    fc.assert(
      fc.property(fc.nat(BASE.length), fc.nat(40), pieces, (at, length, insert) => {
        const edited = BASE.slice(0, at) + insert + BASE.slice(Math.min(BASE.length, at + length));
        const previous = ManifestModel.build('file:///a.yaml', 1, BASE, DEFAULT_CLUSTER);
        const incremental = ManifestModel.build('file:///a.yaml', 2, edited, DEFAULT_CLUSTER, previous);
        const fresh = ManifestModel.build('file:///a.yaml', 2, edited, DEFAULT_CLUSTER);
        assert.deepEqual(shape(incremental), shape(fresh));
      }),
      { numRuns: 300 },
    );
  });

  it('a file analysed in slices ends up as a file analysed at once, also across an edit in between', () => {
    const sliced = ManifestModel.build('file:///a.yaml', 1, BASE, DEFAULT_CLUSTER, undefined, -Infinity);
    assert.ok(sliced.pending && sliced.yamlDocuments.every((yamlDocument) => yamlDocument.analysis.pending));
    const edited = BASE.replace('name: c', 'name: cc');
    const rebuilt = ManifestModel.build('file:///a.yaml', 2, edited, DEFAULT_CLUSTER, sliced, -Infinity);
    const done = rebuilt.completed(Infinity);
    const fresh = ManifestModel.build('file:///a.yaml', 2, edited, DEFAULT_CLUSTER);
    assert.ok(!done.pending);
    assert.deepEqual(shape(done), shape(fresh));
    assert.deepEqual(
      done.yamlDocuments.map((yamlDocument) => yamlDocument.analysis.nads.map((nad) => nad.name)),
      fresh.yamlDocuments.map((yamlDocument) => yamlDocument.analysis.nads.map((nad) => nad.name)),
    );
  });

  it('offsets and positions round-trip through the yamlDocuments', () => {
    const model = ManifestModel.build('file:///a.yaml', 1, BASE, DEFAULT_CLUSTER);
    for (const offset of [0, 10, BASE.indexOf('name: c'), BASE.length]) {
      assert.equal(model.offsetAt(model.positionAt(offset)), offset);
    }
    assert.deepEqual(model.positionAt(BASE.indexOf('name: c')), { line: 2 * 7 + 3, character: 2 });
  });
});
