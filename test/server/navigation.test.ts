import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { openWithCursor } from './serviceHelper';

const seed = (name: string) => readFileSync(`examples/seed-lab/${name}`, 'utf8');
const NAD_URI = 'file:///ws/nads/macvlan-conf.yaml';

describe('navigation', () => {
  it('goes from an annotation entry to the NAD in another file', () => {
    const pod = seed('samplepod.yaml').replace('networks: macvlan-conf', 'networks: macv§lan-conf');
    const { service, uri, position } = openWithCursor(pod, { [NAD_URI]: seed('macvlan-conf.yaml') });
    assert.deepEqual(service.definition(uri, position), [
      { uri: NAD_URI, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 20 } } },
    ]);
  });

  it('finds every pod that references a NAD, in open and unopened files', () => {
    const nad = seed('macvlan-conf.yaml').replace('kind:', '§kind:');
    const { service, uri, position } = openWithCursor(nad, {
      'file:///ws/samplepod.yaml': seed('samplepod.yaml'),
      'file:///ws/samplepod2.yaml': seed('samplepod2.yaml'),
      'file:///ws/other.yaml': seed('samplepod.yaml').replace('macvlan-conf', 'something-else'),
    });
    const found = service
      .references(uri, position, false)
      .map((location) => `${location.uri}:${location.range.start.line}`);
    assert.deepEqual(found, ['file:///ws/samplepod.yaml:5', 'file:///ws/samplepod2.yaml:5']);
    assert.equal(service.references(uri, position, true).length, 3, 'with the declaration');
  });

  it('lists one symbol per NAD and per annotated workload, skipping other documents', () => {
    const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n        k8s.v1.cni.cncf.io/networks: macvlan-conf@data\n    spec:\n      containers: []\n`;
    const text = `${seed('macvlan-conf.yaml')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n---\n${deployment}`;
    const { service, uri } = openWithCursor(text);
    const symbols = service.documentSymbols(uri);
    assert.deepEqual(
      symbols.map((symbol) => [symbol.name, symbol.detail]),
      [
        ['default/macvlan-conf', 'NetworkAttachmentDefinition macvlan (host-local)'],
        ['default/web', 'Deployment'],
      ],
    );
    assert.deepEqual(
      symbols[1].children?.map((child) => child.name),
      ['data: default/macvlan-conf'],
    );
  });
});
