import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CLUSTER, type ClusterModel } from '../../engine';
import { readClusterFile } from '../../engine/clusterModel/clusterFile';
import { addressesOf, nad, ok, pod, preview, routesOf } from './previewHelpers';

const MACVLAN = nad('m', {
  cniVersion: '0.4.0',
  type: 'macvlan',
  master: 'eth0',
  ipam: { type: 'host-local', subnet: '10.1.0.0/24' },
});

function cluster(text: string): ClusterModel {
  const model = readClusterFile(text);
  if ('error' in model) assert.fail(model.error);
  return model;
}

const THREE_NODES = cluster(`
pluginVersion: v1.1.1
defaultNetwork:
  flannel: { network: 10.244.0.0/16 }
nodes:
  - name: cp
    labels: { node-role.kubernetes.io/control-plane: "" }
    taints: [{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }]
    podCIDRs: [10.244.0.0/24]
  - name: w1
    labels: { zone: a }
    podCIDRs: [10.244.1.0/24]
    interfaces: [{ name: eth0, mtu: 9000 }]
  - name: w2
    labels: { zone: b }
    podCIDRs: [10.244.2.0/24]
    interfaces: [{ name: eth0, mtu: 9000 }]
`);

// ARCHITECTURE.md "The embedded default cluster" and the cluster model file (README).
describe('cluster model file', () => {
  it('reads nodes, labels, taints, pod CIDRs, interfaces, flannel MTU (uplink - 50) and the plugin version', () => {
    assert.deepEqual(
      THREE_NODES.nodes.map((n) => n.name),
      ['cp', 'w1', 'w2'],
    );
    assert.equal(THREE_NODES.pluginVersion, 'v1.1.1');
    assert.equal(THREE_NODES.nodes[1].labels.zone, 'a');
    assert.equal(THREE_NODES.nodes[1].labels['kubernetes.io/hostname'], 'w1');
    // The cp node has no interfaces listed: eth0 at 1500, so flannel's MTU is 1450 (FL pkg/backend/vxlan/device.go).
    assert.equal(THREE_NODES.defaultNetwork.kind === 'flannel' && THREE_NODES.defaultNetwork.mtu, 1450);
  });

  it('reports what is wrong', () => {
    assert.deepEqual(readClusterFile('nodes: []'), { error: '`nodes` must list at least one node' });
    assert.deepEqual(readClusterFile('nodes: [{ name: a, podCIDRs: [10.0.0.0/33] }]'), {
      error: 'nodes[0].podCIDRs: 10.0.0.0/33 is not a CIDR',
    });
    assert.deepEqual(readClusterFile('pluginVersion: v2\nnodes: [{ name: a }]'), {
      error: '`pluginVersion` must be `current` or `v1.1.1`',
    });
  });

  it('another default network: a CNI config run on every node with {podCIDR} filled in', () => {
    const ptp = cluster(`
defaultNetwork:
  cni: '{"cniVersion":"0.4.0","name":"k8s-pod-network","type":"ptp","mtu":1440,"ipam":{"type":"host-local","subnet":"{podCIDR}","routes":[{"dst":"0.0.0.0/0"}]}}'
nodes:
  - { name: n1, podCIDRs: [10.88.1.0/24] }
`);
    const [p] = preview([pod('p')], ptp);
    assert.deepEqual(addressesOf(ok(p)), { eth0: ['10.88.1.2/24'] });
    assert.equal(p.interfaces[0].mtu, 1440);
    assert.equal(p.networkStatus[0].name, 'k8s-pod-network');
    assert.ok(routesOf(p).includes('default via 10.88.1.1 dev eth0'));
  });

  it('flannel dual stack: eth0 gets an address from each pod CIDR and a route to each flannel network', () => {
    const dual = cluster(`
defaultNetwork:
  flannel: { network: 10.244.0.0/16, ipv6Network: "fd00:10:244::/56" }
nodes:
  - { name: n1, podCIDRs: [10.244.1.0/24, "fd00:10:244:1::/64"] }
`);
    const [p] = preview([pod('p')], dual);
    assert.deepEqual(addressesOf(ok(p)).eth0, ['10.244.1.2/24', 'fd00:10:244:1::2/64']);
    assert.ok(routesOf(p, 6).includes('fd00:10:244::/56 via fd00:10:244:1::1 dev eth0 metric 1024 pref medium'));
  });
});

// k8s.io/api core/v1 toleration.go ToleratesTaint; scheduler FitError text.
describe('scheduling', () => {
  it('skips the tainted control plane; nodeSelector picks a node; nodeName binds', () => {
    const [a, b, c] = preview(
      [MACVLAN, pod('a'), pod('b', { extraSpec: '  nodeSelector: { zone: b }' }), pod('c', { nodeName: 'cp' })],
      THREE_NODES,
    );
    assert.deepEqual([a.node, b.node, c.node], ['w1', 'w2', 'cp']);
  });

  it('a toleration lets a pod onto the tainted node', () => {
    const spec =
      '  nodeSelector: { node-role.kubernetes.io/control-plane: "" }\n  tolerations: [{ key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule }]';
    assert.equal(preview([pod('a', { extraSpec: spec })], THREE_NODES)[0].node, 'cp');
  });

  it('no node fits: the scheduler reasons, and the other pods still get their preview', () => {
    const [a, b] = preview([pod('a', { extraSpec: '  nodeSelector: { zone: c }' }), pod('b')], THREE_NODES);
    assert.equal(a.error, "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.");
    assert.equal(b.error, undefined);
    assert.equal(
      preview(
        [pod('c', { extraSpec: '  nodeSelector: { node-role.kubernetes.io/control-plane: "" }' })],
        THREE_NODES,
      )[0].error,
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector.",
    );
  });
});

function workload(kind: string, apiVersion: string, spec: string, template = 'template'): string {
  const podTemplate = `    metadata:\n      annotations:\n        k8s.v1.cni.cncf.io/networks: m\n    spec:\n      containers: []`;
  const body =
    template === 'template'
      ? `  template:\n${podTemplate}`
      : `  jobTemplate:\n    spec:\n      template:\n${podTemplate.replace(/^/gm, '    ')}`;
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: web\nspec:\n${spec}${body}\n`;
}

// The controllers' pod naming (deployment/replicaset/statefulset/job/cronjob controllers; DaemonSet one per node).
describe('workloads', () => {
  it('a Deployment makes `replicas` pods named <name>-<hash>-<suffix>, stable between runs', () => {
    const docs = [MACVLAN, workload('Deployment', 'apps/v1', '  replicas: 3\n')];
    const names = preview(docs).map((p) => p.pod.name);
    assert.equal(names.length, 3);
    for (const name of names)
      assert.match(name, /^web-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(
      preview(docs).map((p) => p.pod.name),
      names,
    );
    assert.deepEqual(
      preview(docs).map((p) => addressesOf(ok(p)).net1),
      [['10.1.0.2/24'], ['10.1.0.3/24'], ['10.1.0.4/24']],
    );
  });

  it('StatefulSet pods are <name>-<ordinal>; ReplicaSet and Job <name>-<suffix>; CronJob one pod', () => {
    assert.deepEqual(
      preview([MACVLAN, workload('StatefulSet', 'apps/v1', '  replicas: 2\n')]).map((p) => p.pod.name),
      ['web-0', 'web-1'],
    );
    assert.equal(preview([MACVLAN, workload('ReplicaSet', 'apps/v1', '  replicas: 2\n')]).length, 2);
    assert.equal(preview([MACVLAN, workload('Job', 'batch/v1', '  parallelism: 2\n')]).length, 2);
    const cron = preview([MACVLAN, workload('CronJob', 'batch/v1', '  schedule: "* * * * *"\n', 'jobTemplate')]);
    assert.equal(cron.length, 1);
    assert.deepEqual(addressesOf(ok(cron[0])).net1, ['10.1.0.2/24']);
  });

  it('a DaemonSet gets one pod per schedulable node (the tainted control plane is skipped)', () => {
    const pods = preview([MACVLAN, workload('DaemonSet', 'apps/v1', '')], THREE_NODES);
    assert.deepEqual(
      pods.map((p) => [p.pod.name, p.node]),
      [
        ['web-w1', 'w1'],
        ['web-w2', 'w2'],
      ],
    );
    // host-local is per node: both get the first address.
    assert.deepEqual(
      pods.map((p) => addressesOf(ok(p)).net1),
      [['10.1.0.2/24'], ['10.1.0.2/24']],
    );
  });

  it('replicas: 0 makes no pod', () => {
    assert.equal(preview([MACVLAN, workload('Deployment', 'apps/v1', '  replicas: 0\n')]).length, 0);
  });
});

describe('the embedded default cluster', () => {
  it('is the seed lab cluster: master tainted, node1 at 10.244.1.0/24, flannel MTU 1450', () => {
    const [p] = preview([pod('p')], DEFAULT_CLUSTER);
    assert.equal(p.node, 'node1');
    assert.equal(p.interfaces[0].mtu, 1450);
    assert.deepEqual(routesOf(ok(p)), [
      'default via 10.244.1.1 dev eth0',
      '10.244.0.0/16 via 10.244.1.1 dev eth0',
      '10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.2',
    ]);
  });
});
