import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkManifestSet, readManifestSet } from '../../engine';

// One table says which kinds make pods (engine/manifest/podTemplates.ts); the preview, check and
// the editor read it. A ReplicationController's pods carry its template's annotations as a
// ReplicaSet's do (kubernetes pkg/controller/replication runs the ReplicaSet controller), and
// Multus reads only the pod's annotations (MUL pkg/k8sclient/k8sclient.go GetPod).
function workload(kind: string, apiVersion: string, templateAt: string, networks: string): string {
  const indent = ' '.repeat(templateAt.split('.').length * 2);
  const nested = templateAt
    .split('.')
    .map((key, i) => `${' '.repeat(i * 2)}${key}:`)
    .join('\n');
  return `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: w
${nested}
${indent}metadata:
${indent}  annotations:
${indent}    k8s.v1.cni.cncf.io/networks: '${networks}'
${indent}spec:
${indent}  containers: [{ name: c, image: busybox }]
`;
}

const KINDS: [string, string, string][] = [
  ['ReplicationController', 'v1', 'spec.template'],
  ['ReplicaSet', 'apps/v1', 'spec.template'],
  ['Deployment', 'apps/v1', 'spec.template'],
  ['StatefulSet', 'apps/v1', 'spec.template'],
  ['DaemonSet', 'apps/v1', 'spec.template'],
  ['Job', 'batch/v1', 'spec.template'],
  ['CronJob', 'batch/v1', 'spec.jobTemplate.spec.template'],
];

describe('the kinds that make pods', () => {
  for (const [kind, apiVersion, templateAt] of KINDS) {
    it(`${kind}: its template's networks are previewed and checked`, () => {
      const good = readManifestSet([{ path: 'w.yaml', text: workload(kind, apiVersion, templateAt, 'net1') }]);
      assert.equal(good.pods.length, 1);
      assert.deepEqual(good.pods[0].workload, { kind, name: 'w' });
      const bad = readManifestSet([{ path: 'w.yaml', text: workload(kind, apiVersion, templateAt, '[{"nam": 1}]') }]);
      const codes = checkManifestSet(bad).map((d) => d.code);
      assert.ok(codes.includes('annotation-selection-unknown-key'), `${kind}: ${codes.join(', ')}`);
    });
  }

  it('a kind outside the table makes no pod and is not checked', () => {
    const set = readManifestSet([
      { path: 'w.yaml', text: workload('Rollout', 'argoproj.io/v1alpha1', 'spec.template', '[{"nam": 1}]') },
    ]);
    assert.equal(set.pods.length, 0);
    assert.deepEqual(
      checkManifestSet(set).filter((d) => /^(annotation|reference)-/.test(d.code)),
      [],
    );
  });
});
