import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, openWithCursor } from './serviceHelper';

const labels = (list: { items: { label: string }[] }) => list.items.map((item) => item.label);

describe('completion inside spec.config', () => {
  it('offers the macvlan keys not yet written, in a literal block', () => {
    const { service, uri, position } = openWithCursor(`apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata:
  name: mv
spec:
  config: |
    {
      "cniVersion": "0.3.1",
      "type": "macvlan",
      "§"
    }
`);
    const items = labels(service.completion(uri, position));
    assert.ok(items.includes('master'), items.join(','));
    assert.ok(items.includes('mode'));
    assert.ok(items.includes('ipam'));
    assert.ok(!items.includes('type'), 'type is already there');
    assert.ok(!items.includes('bridge'), 'bridge is a key of the bridge plugin, not macvlan');
  });
});
