// `multus-nad cluster snapshot` and `preview --from-cluster` against a real kube-apiserver 1.20, with the fake
// kubelet running the real reference plugins (harness/podNetworks.ts) on two nodes with podCIDRs, and the
// whereabouts CRDs holding real IPPool allocations. The snapshot round-trips into the cluster model; the preview on
// it predicts the next free address per network and node; a pod then started by the plugins gets exactly that
// address (MACs masked); a user without pods/IPPools access gets notes naming verb and resource, not a crash.
import assert from 'node:assert/strict';
import { seedLabMacvlanConfig } from '../shared/seedLab';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { runPreview } from '../../cli/previewCommand';
import { runLivePreview, runSnapshot } from '../../cli/snapshotCommand';
import { compareNetworkStatus } from '../../client/src/liveCluster/networkStatusComparison';
import { readClusterDocument } from '../../engine';
import { applyObject } from '../../kube/apply';
import { waitForCrdEstablished } from '../../kube/crd';
import { nadCustomResourceDefinition } from '../../kube/manifests/multus';
import type { KubeObject } from '../../kube/manifests/types';
import { deletePod, tryPodOnCluster, type PodState } from '../../kube/pods';
import type { ClusterSession } from '../../kube/session';
import { takeSnapshot } from '../../kube/snapshot';
import { allOutput, capture, findSecret } from './harness/capture';
import { startControlPlane, type ControlPlane } from './harness/controlPlane';
import { FakeKubelet } from './harness/fakeKubelet';

let cp: ControlPlane;
let admin: ClusterSession;
let kubelet: FakeKubelet;
let env: Record<string, string>;

const MACVLAN_CONF = JSON.stringify(seedLabMacvlanConfig());
const WHEREABOUTS_CONF = JSON.stringify({
  cniVersion: '0.3.1',
  name: 'wb-net',
  type: 'macvlan',
  master: 'eth0',
  ipam: { type: 'whereabouts', range: '10.10.0.0/24' },
});

const nad = (name: string, config: string): KubeObject => ({
  apiVersion: 'k8s.cni.cncf.io/v1',
  kind: 'NetworkAttachmentDefinition',
  metadata: { name, namespace: 'default' },
  spec: { config },
});

/** A CRD of ours for whereabouts' kinds (WA doc/crds: namespaced, v1alpha1), with the schema left open. */
function whereaboutsCrd(kind: string, plural: string): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.whereabouts.cni.cncf.io` },
    spec: {
      group: 'whereabouts.cni.cncf.io',
      scope: 'Namespaced',
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}

function pod(name: string, node: string, networks?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      ...(networks ? { annotations: { 'k8s.v1.cni.cncf.io/networks': networks } } : {}),
    },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'alpine' }] },
  };
}

async function run(p: KubeObject): Promise<PodState> {
  const state = await tryPodOnCluster(admin, p, { timeoutMs: 60_000 });
  assert.equal(state.phase, 'Running', `${p.metadata.name}: ${state.waiting ?? ''}`);
  return state;
}

async function grant(user: string, rules: unknown[]): Promise<void> {
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  await admin.client.request({
    method: 'POST',
    path: `${rbac}/clusterroles`,
    body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: user }, rules },
  });
  await admin.client.request({
    method: 'POST',
    path: `${rbac}/clusterrolebindings`,
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: user },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: user },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
    },
  });
}

describe('cluster snapshot and the live-model preview against a real API server', { timeout: 600_000 }, () => {
  before(async () => {
    cp = await startControlPlane({ controllers: true });
    admin = cp.admin({ requestTimeoutMs: 15_000, retry: { baseDelayMs: 100 } });
    kubelet = new FakeKubelet(admin);
    await kubelet.start();
    env = {
      KUBECONFIG: cp.kubeconfig([
        { context: 'lab', user: 'admin-cert', namespace: 'default' },
        { context: 'limited', user: 'limited-token', namespace: 'default' },
      ]),
    };
    const crds = [
      nadCustomResourceDefinition(),
      whereaboutsCrd('IPPool', 'ippools'),
      whereaboutsCrd('OverlappingRangeIPReservation', 'overlappingrangeipreservations'),
    ];
    for (const crd of crds) {
      await applyObject(admin, crd as KubeObject);
      await waitForCrdEstablished(admin, crd.metadata.name, 30_000);
    }
    admin.discovery.forget('k8s.cni.cncf.io/v1');
    await applyObject(admin, nad('macvlan-conf', MACVLAN_CONF));
    await applyObject(admin, nad('wb-conf', WHEREABOUTS_CONF));
    // What whereabouts itself would have written for three pods, and one overlapping-range reservation
    // (WA pkg/storage/kubernetes/ipam.go: offsets from the range's IP; the reservation named after the address).
    await applyObject(admin, {
      apiVersion: 'whereabouts.cni.cncf.io/v1alpha1',
      kind: 'IPPool',
      metadata: { name: 'wb-net-10.10.0.0-24', namespace: 'kube-system' },
      spec: {
        range: '10.10.0.0/24',
        allocations: {
          '1': { id: 'c1', podref: 'default/old-1' },
          '2': { id: 'c2', podref: 'default/old-2' },
          '4': { id: 'c4', podref: 'default/old-4' },
        },
      },
    });
    await applyObject(admin, {
      apiVersion: 'whereabouts.cni.cncf.io/v1alpha1',
      kind: 'OverlappingRangeIPReservation',
      metadata: { name: 'wb-net-10.10.0.3', namespace: 'kube-system' },
      spec: { containerid: 'c3', podref: 'default/elsewhere' },
    });
    await serviceAccountTokenReady();
    // Three pods on node-b, one on node-a; then the second on node-b goes, freeing its addresses.
    for (const [name, node] of [
      ['b1', 'node-b'],
      ['b2', 'node-b'],
      ['b3', 'node-b'],
      ['a1', 'node-a'],
    ])
      await run(pod(name, node, 'macvlan-conf'));
    await deletePod(admin, 'default', 'b2');
    await waitGone('b2');
  });

  after(async () => {
    await kubelet?.stop();
    await cp?.stop();
  });

  /** 1.20 admits a pod only once the controller gave the namespace's default service account its token. */
  async function serviceAccountTokenReady(): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const sa = await admin.client.getOptional<{ secrets?: unknown[] }>(
        '/api/v1/namespaces/default/serviceaccounts/default',
      );
      if (sa?.secrets?.length) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail('the default service account got no token');
  }

  async function waitGone(name: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (!(await admin.client.getOptional(`/api/v1/namespaces/default/pods/${name}`))) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`pod ${name} was not deleted`);
  }

  it('snapshot: nodes with podCIDRs and Ready, the default network, NADs, taken addresses, and round-trips', async () => {
    const doc = await takeSnapshot(admin);
    assert.deepEqual(
      doc.nodes.map((n) => [n.name, n.podCIDRs, n.ready]),
      [
        ['node-a', ['10.244.0.0/24'], true],
        ['node-b', ['10.244.1.0/24'], true],
      ],
    );
    assert.deepEqual(
      doc.nads.map((n) => `${n.namespace}/${n.name}`),
      ['default/macvlan-conf', 'default/wb-conf'],
    );
    const taken = doc.takenAddresses.map(
      (t) => `${t.ipam} ${t.node ?? '*'} ${t.network ?? '*'} ${t.address}${t.lastReserved ? ' last' : ''}`,
    );
    assert.deepEqual(taken, [
      'host-local node-a cbr0 10.244.0.2',
      'host-local node-a cbr0 10.244.0.2 last',
      'host-local node-a macvlan-conf 192.168.1.200',
      'host-local node-a macvlan-conf 192.168.1.200 last',
      'host-local node-b cbr0 10.244.1.2',
      'host-local node-b cbr0 10.244.1.4',
      'host-local node-b cbr0 10.244.1.4 last',
      'host-local node-b macvlan-conf 192.168.1.200',
      'host-local node-b macvlan-conf 192.168.1.202',
      'host-local node-b macvlan-conf 192.168.1.202 last',
      'whereabouts * * 10.10.0.1',
      'whereabouts * * 10.10.0.2',
      'whereabouts * * 10.10.0.3',
      'whereabouts * * 10.10.0.4',
    ]);
    assert.ok(doc.notes.some((n) => /approximation of each node's host-local store/.test(n)));
    const model = readClusterDocument(parse((await capture((io) => runSnapshot({ context: 'lab' }, io, { env }))).out));
    if ('error' in model) assert.fail(model.error);
    assert.deepEqual(
      model.nodes.map((n) => n.name),
      ['node-a', 'node-b'],
    );
    assert.equal(model.defaultNetwork.name, 'cbr0');
    assert.equal(model.takenAddresses?.length, taken.length);
    assert.deepEqual(
      model.nads?.map((n) => n.name),
      ['macvlan-conf', 'wb-conf'],
    );
  });

  it('lists page by page (limit/continue) and reads the same cluster', async () => {
    const queries: Record<string, unknown>[] = [];
    const request = admin.client.request.bind(admin.client);
    admin.client.request = ((spec, idempotent) => {
      if (spec.path === '/api/v1/pods') queries.push({ ...spec.query });
      return request(spec, idempotent);
    }) as typeof admin.client.request;
    try {
      const paged = await takeSnapshot(admin, { pageSize: 1, now: () => new Date(0) });
      const whole = await takeSnapshot(admin, { now: () => new Date(0) });
      assert.deepEqual(paged, whole);
    } finally {
      admin.client.request = request;
    }
    assert.ok(queries.length >= 3, `pods were read in ${queries.length} request(s)`);
    assert.ok(queries.slice(1, 3).every((q) => q.limit === 1 && typeof q.continue === 'string' && q.continue));
  });

  it('preview --from-cluster predicts the next free address per network and node; the real pod gets it', async () => {
    const file = join(cp.dir, 'next-pods.yaml');
    writeFileSync(
      file,
      [
        pod('next-b', 'node-b', 'macvlan-conf'),
        pod('next-a', 'node-a', 'macvlan-conf'),
        pod('next-wb', 'node-a', 'wb-conf'),
      ]
        .map((p) => JSON.stringify(p))
        .join('\n---\n'),
    );
    const r = await capture((io) => runLivePreview([file], { context: 'lab', format: 'json' }, io, { env }));
    assert.equal(r.code, 0, r.all);
    const preview = JSON.parse(r.out) as { pods: { pod: string; networkStatus: Record<string, unknown>[] }[] };
    const status = (name: string) => preview.pods.find((p) => p.pod === `default/${name}`)?.networkStatus ?? [];
    const ips = (name: string, iface: string) => status(name).find((e) => e.interface === iface)?.ips;
    assert.deepEqual(ips('next-b', 'net1'), ['192.168.1.203']);
    assert.deepEqual(ips('next-b', 'eth0'), ['10.244.1.5']);
    assert.deepEqual(ips('next-a', 'net1'), ['192.168.1.201']);
    assert.deepEqual(ips('next-a', 'eth0'), ['10.244.0.3']);
    // whereabouts: .1, .2, .4 in the IPPool and .3 reserved by an overlapping range: .5 is next.
    assert.deepEqual(ips('next-wb', 'net1'), ['10.10.0.5']);
    assert.match(r.err, /Cluster model: live context "lab"/);
    // node-b: host-local resumes after .202 (b3), not at the freed .201 (b2). The real plugins, started by the
    // kubelet, agree with the prediction (host-local pods only: the
    // whereabouts binary is not a reference plugin, so that prediction is checked against its CRs above).
    for (const [name, node] of [
      ['next-b', 'node-b'],
      ['next-a', 'node-a'],
    ]) {
      const state = await run(pod(name, node, 'macvlan-conf'));
      const comparison = compareNetworkStatus(status(name), state.networkStatus ?? []);
      assert.deepEqual(comparison.differences, [], `${name}:\n${comparison.previewText}\n${comparison.clusterText}`);
      assert.deepEqual(comparison.masked, ['mac']);
      await deletePod(admin, 'default', name);
      await waitGone(name);
    }
  });

  it('a workspace NAD overrides the cluster one of the same namespace/name, and the output says so', async () => {
    const file = join(cp.dir, 'override.yaml');
    const own = JSON.parse(MACVLAN_CONF) as { ipam: Record<string, unknown> };
    own.ipam.rangeStart = '192.168.1.210';
    writeFileSync(
      file,
      [nad('macvlan-conf', JSON.stringify(own)), pod('next-b', 'node-b', 'macvlan-conf')]
        .map((o) => JSON.stringify(o))
        .join('\n---\n'),
    );
    const r = await capture((io) => runLivePreview([file], { context: 'lab', format: 'text' }, io, { env }));
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, /NAD default\/macvlan-conf: the workspace's copy overrides the cluster's\./);
    assert.match(r.out, /192\.168\.1\.210/);
  });

  it("says nothing of the nodes' interfaces it cannot know; the preview assumes a named master and says so", async () => {
    const out = (await capture((io) => runSnapshot({ context: 'lab' }, io, { env }))).out;
    const doc = parse(out) as { nodes: { name: string; interfaces: unknown }[]; notes: string[] };
    assert.deepEqual(
      doc.nodes.map((n) => [n.name, n.interfaces]),
      [
        ['node-a', 'unknown'],
        ['node-b', 'unknown'],
      ],
    );
    assert.ok(doc.notes.some((n) => /host interfaces .* are not in the Kubernetes API/.test(n)));
    const model = readClusterDocument(doc);
    if ('error' in model) assert.fail(model.error);
    assert.deepEqual(
      model.nodes.map((n) => [n.interfaces.length, n.interfacesUnknown]),
      [
        [0, true],
        [0, true],
      ],
    );
    // A master the cluster cannot confirm (no node here has `bond0`): previewed, with the note, never refused.
    const file = join(cp.dir, 'unknown-master.yaml');
    const bond = JSON.stringify({ ...JSON.parse(MACVLAN_CONF), name: 'bond-net', master: 'bond0' });
    writeFileSync(
      file,
      [nad('bond-net', bond), pod('on-bond', 'node-b', 'bond-net')].map((o) => JSON.stringify(o)).join('\n---\n'),
    );
    const r = await capture((io) => runLivePreview([file], { context: 'lab', format: 'text' }, io, { env }));
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, /net1@if2: .* mtu 1500 /);
    assert.match(r.out, /does not know the host interfaces of node node-b .* assumed present there at MTU 1500/);
    // The user lists the node's interfaces: the master is checked again (Link not found, as macvlan says).
    const listed = {
      ...doc,
      nodes: doc.nodes.map((n) => ({ ...n, interfaces: [{ name: 'eth0', mtu: 1500 }] })),
      nads: [],
    };
    const modelFile = join(cp.dir, 'listed.yaml');
    writeFileSync(modelFile, JSON.stringify(listed));
    const checked = await capture(async (io) =>
      runPreview([file], { format: 'text', cluster: modelFile }, io.out, io.err),
    );
    assert.equal(checked.code, 1, checked.all);
    assert.match(checked.out, /Link not found/);
  });

  it('a running pod whose networks annotation the workspace edited: the preview says nothing changes without multus-dynamic-networks-controller', async () => {
    const doc = await takeSnapshot(admin);
    assert.deepEqual(
      doc.runningPods.map((p) => `${p.namespace}/${p.name} ${p.node} ${p.networks}`),
      ['default/a1 node-a macvlan-conf', 'default/b1 node-b macvlan-conf', 'default/b3 node-b macvlan-conf'],
    );
    const file = join(cp.dir, 'edited.yaml');
    // b1 runs with macvlan-conf only; the workspace adds wb-conf. a1 is unchanged (no note).
    writeFileSync(
      file,
      [pod('b1', 'node-b', 'macvlan-conf, wb-conf'), pod('a1', 'node-a', 'macvlan-conf')]
        .map((o) => JSON.stringify(o))
        .join('\n---\n'),
    );
    const r = await capture((io) => runLivePreview([file], { context: 'lab', format: 'json' }, io, { env }));
    assert.equal(r.code, 0, r.all);
    const notes = (name: string) =>
      (JSON.parse(r.out) as { pods: { pod: string; notes: string[] }[] }).pods.find((p) => p.pod === `default/${name}`)
        ?.notes ?? [];
    const edited = notes('b1').filter((n) => /multus-dynamic-networks-controller/.test(n));
    assert.deepEqual(edited, [
      'Pod default/b1 runs on node node-b with networks "macvlan-conf", not the workspace\'s: Multus reads the annotation only when the pod is created, so editing it on the running pod changes nothing unless multus-dynamic-networks-controller runs (github.com/k8snetworkplumbingwg/multus-dynamic-networks-controller); otherwise re-create the pod. This preview is what a new pod would get.',
    ]);
    assert.deepEqual(
      notes('a1').filter((n) => /dynamic-networks/.test(n)),
      [],
    );
  });

  it('a user who may not list pods or IPPools gets a snapshot with notes naming verb and resource', async () => {
    await grant('limited', [
      { apiGroups: [''], resources: ['nodes', 'configmaps'], verbs: ['get', 'list'] },
      { apiGroups: ['k8s.cni.cncf.io'], resources: ['network-attachment-definitions'], verbs: ['get', 'list'] },
    ]);
    const r = await capture((io) => runSnapshot({ context: 'limited' }, io, { env }));
    assert.equal(r.code, 0, r.all);
    const doc = parse(r.out) as { nodes: unknown[]; takenAddresses: unknown[]; notes: string[] };
    assert.equal(doc.nodes.length, 2);
    assert.deepEqual(doc.takenAddresses, []);
    const notes = doc.notes.join('\n');
    assert.match(
      notes,
      /cannot list pods in all namespaces: 403 Forbidden \(pods is forbidden: User "limited" cannot list resource "pods"/,
    );
    assert.match(notes, /cannot list ippools\.whereabouts\.cni\.cncf\.io in all namespaces: 403 Forbidden/);
    assert.match(
      notes,
      /cannot list overlappingrangeipreservations\.whereabouts\.cni\.cncf\.io in all namespaces: 403 Forbidden/,
    );
    assert.match(r.err, /note: cannot list pods/);
  });

  it('no token or key reached any output', () => {
    const secrets = [cp.pki.tokens.admin, cp.pki.tokens.limited];
    assert.equal(findSecret(allOutput(), secrets), undefined);
  });
});
