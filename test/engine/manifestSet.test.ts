import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readManifestSet } from '../../engine/manifest/manifestSet';

// A config whose JSON lines start at column 0, as many real NADs are written: go-yaml (kubectl,
// sigs.k8s.io/yaml) does not check the indentation of quoted scalar continuation lines, so the
// API server gets this NAD; YAML 1.2 parsers reject it.
const FLUSH_LEFT = `apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata:
  name: flush
spec:
  config: '{
"cniVersion": "0.3.1",
"type": "macvlan",
"master": "eth0"
}'
---
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    k8s.v1.cni.cncf.io/networks: flush
`;

describe('readManifestSet', () => {
  it('reads NADs and pods in input order across files and documents', () => {
    const set = readManifestSet([
      { path: 'b.yaml', text: FLUSH_LEFT.replace(/flush/g, 'b') },
      { path: 'a.yaml', text: 'kind: ConfigMap\napiVersion: v1\n---\n' + FLUSH_LEFT.replace(/flush/g, 'a') },
    ]);
    assert.deepEqual(
      set.nads.map((nad) => `${nad.source.file}:${nad.name}`),
      ['b.yaml:b', 'a.yaml:a'],
    );
    assert.deepEqual(
      set.pods.map((pod) => `${pod.namespace}/${pod.name}`),
      ['default/p', 'default/p'],
    );
  });

  it('reads a config indented the go-yaml way, with offsets into the original file', () => {
    const [nad] = readManifestSet([{ path: 'f.yaml', text: FLUSH_LEFT }]).nads;
    assert.ok(nad?.config, 'the NAD and its config are read as kubectl would');
    assert.equal(JSON.parse(nad.config.text).type, 'macvlan');
    const index = nad.config.text.indexOf('"master"');
    const at = nad.config.offsets[index];
    assert.equal(FLUSH_LEFT.slice(at, at + 8), '"master"');
    assert.equal(FLUSH_LEFT.slice(at - 1, at), '\n', '"master" starts its line in the file');
  });
});
