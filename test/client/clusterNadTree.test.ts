import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { checkManifestSet, readManifestSet } from '../../engine';
import {
  age,
  clusterNadUriParts,
  clusterNadYaml,
  nadTreeOf,
  parseClusterNadUri,
} from '../../client/src/liveCluster/clusterNadTree';

const now = Date.parse('2026-11-29T12:00:00Z');

describe('the Cluster NADs view', () => {
  it('namespaces with their NADs, type and age as kubectl get shows them', () => {
    const tree = nadTreeOf(
      new Map([
        [
          'default',
          [
            {
              namespace: 'default',
              name: 'macvlan-conf',
              config: '{"type":"macvlan"}',
              type: 'macvlan',
              created: '2026-11-29T11:55:00Z',
            },
            { namespace: 'default', name: 'broken', config: '{', created: '2026-11-26T12:00:00Z' },
          ],
        ],
        ['lab', [{ namespace: 'lab', name: 'empty', config: '' }]],
      ]),
      now,
    );
    assert.deepEqual(
      tree.map((ns) => [ns.namespace, ns.description, ns.nads.map((n) => [n.name, n.description])]),
      [
        [
          'default',
          '2 NADs',
          [
            ['macvlan-conf', 'macvlan, 5m'],
            ['broken', 'config does not parse, 3d'],
          ],
        ],
        ['lab', '1 NAD', [['empty', 'no spec.config']]],
      ],
    );
  });

  it('ages round down like kubectl: seconds, then minutes, hours, days', () => {
    assert.equal(age('2026-11-29T11:59:15Z', now), '45s');
    assert.equal(age('2026-11-29T10:30:00Z', now), '90m');
    assert.equal(age('2026-11-28T12:00:00Z', now), '24h');
    assert.equal(age(undefined, now), undefined);
  });

  it('document addresses survive any context name', () => {
    for (const context of ['lab-admin', 'arn:aws:eks:eu-west-1:1:cluster/lab', 'a&b=c d?#%']) {
      const address = { context, namespace: 'kube-system', name: 'macvlan-conf' };
      const { path, query } = clusterNadUriParts(address);
      assert.match(path, /\.yaml$/);
      assert.deepEqual(parseClusterNadUri(path, query), address);
    }
    assert.equal(parseClusterNadUri('/only-one.yaml', 'context=x'), undefined);
    assert.equal(parseClusterNadUri('/a/b.yaml', ''), undefined);
  });
});

describe('a cluster NAD as a read-only document', () => {
  const nad = {
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: { name: 'macvlan-conf', namespace: 'default', resourceVersion: '812' },
    spec: { config: '{\n  "cniVersion": "0.3.1",\n  "type": "macvlan"\n  "master": "eth0"\n}' },
  };
  const text = clusterNadYaml(nad, {
    context: 'lab-admin',
    server: 'https://127.0.0.1:6443',
    readAt: new Date(now),
  });

  it('says where it came from and reads back as the stored object', () => {
    assert.match(text, /^# Read-only: NetworkAttachmentDefinition default\/macvlan-conf\n# from context lab-admin/);
    assert.deepEqual(parse(text), nad);
    assert.match(text, /config: \|-?\n/);
  });

  it('gets our diagnostics: the missing comma of its config is a json-syntax error', () => {
    const set = readManifestSet([{ path: 'multus-nad-cluster:/default/macvlan-conf.yaml', text }]);
    const codes = checkManifestSet(set).map((d) => d.code);
    assert.ok(codes.includes('json-syntax'), codes.join(', '));
  });
});
