import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkManifestSet, readManifestSet, readYamlObjects } from '../../engine';
import { nadsToApply } from '../../kube';

// `multus-nad apply` and the extension's Apply read files with readYamlObjects; check and the
// preview with readManifestSet. Both take go-yaml's leniency (kubectl applies a quoted config
// whose lines start at column 0), so apply never refuses a file that check accepts.
const GO_YAML_INDENTED = `apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata:
  name: flush
spec:
  config: '{
"cniVersion": "0.3.1",
"type": "macvlan",
"master": "eth0"
}'
`;

describe('readYamlObjects (the apply path)', () => {
  it('reads a go-yaml-indented NAD that check accepts, with the same config', () => {
    const set = readManifestSet([{ path: 'nad.yaml', text: GO_YAML_INDENTED }]);
    const errors = checkManifestSet(set).filter((d) => d.severity === 'error');
    assert.deepEqual(errors, []);
    const read = readYamlObjects(GO_YAML_INDENTED);
    assert.ok('objects' in read, JSON.stringify(read));
    const { nads } = nadsToApply(read.objects, 'default');
    assert.equal(nads.length, 1);
    assert.equal((nads[0].spec as { config: string }).config, set.nads[0].config?.text);
  });

  it('names the first problem of a file that does not parse either way', () => {
    const read = readYamlObjects('kind: [\n');
    assert.ok('error' in read);
    assert.match(read.error, /flow sequence|end|\]/i);
  });
});
