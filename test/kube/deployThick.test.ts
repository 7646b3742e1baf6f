// `multus-nad deploy --flavor thick --with-flannel` from scratch against a real kube-apiserver 1.20 with its
// DaemonSet controller and scheduler: both DaemonSets roll out on the two fake nodes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runDeploy, type CliRuntime } from '../../cli/deployCommand';
import type { ClusterSession } from '../../kube/session';
import { allOutput, capture, findSecret } from './harness/capture';
import { startControlPlane, type ControlPlane } from './harness/controlPlane';
import { FakeKubelet } from './harness/fakeKubelet';

const MULTUS_DS = '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds';
const FLANNEL_DS = '/apis/apps/v1/namespaces/kube-flannel/daemonsets/kube-flannel-ds';

interface DaemonSet {
  spec: {
    template: {
      spec: { hostPID?: boolean; containers: { name: string; image: string }[]; initContainers: { image: string }[] };
    };
  };
}

interface PodList {
  items: {
    spec: { containers: { image: string }[] };
    status?: { containerStatuses?: { state?: { waiting?: { reason?: string } } }[] };
  }[];
}

/** Waits (polling the API, up to a minute) until a kube-system pod with `image` reports `reason`. */
async function waitForPodWaitingReason(image: string, reason: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pods = await admin.client.request<PodList>({ method: 'GET', path: '/api/v1/namespaces/kube-system/pods' });
    const stuck = pods.items.some(
      (pod) =>
        pod.spec.containers.some((c) => c.image === image) &&
        (pod.status?.containerStatuses ?? []).some((c) => c.state?.waiting?.reason === reason),
    );
    if (stuck) return;
    if (Date.now() > deadline) throw new Error(`no kube-system pod with ${image} reported ${reason} within a minute`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let cp: ControlPlane;
let admin: ClusterSession;
let kubelet: FakeKubelet;
let runtime: CliRuntime;

describe('deploy thick with flannel to a real API server', { timeout: 600_000 }, () => {
  before(async () => {
    cp = await startControlPlane({ controllers: true });
    admin = cp.admin();
    kubelet = new FakeKubelet(admin);
    await kubelet.start();
    const kubeconfig = cp.kubeconfig([{ context: 'lab', user: 'admin-token', namespace: 'lab-ns' }]);
    runtime = { env: { KUBECONFIG: kubeconfig }, client: { requestTimeoutMs: 15_000, retry: { baseDelayMs: 100 } } };
  });

  after(async () => {
    await kubelet?.stop();
    await cp?.stop();
  });

  it('plans flannel into a namespace it creates first, and pulls every image from a given registry', async () => {
    const r = await capture((io) =>
      runDeploy({ context: 'lab', withFlannel: true, registry: 'mirror.internal:5000', dryRun: true }, io, runtime),
    );
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, /Namespace: lab-ns \(Multus itself goes to kube-system\)/);
    assert.match(
      r.out,
      /Install: {3}Multus v4\.3\.0 \(thick \+ flannel\), image mirror\.internal:5000\/k8snetworkplumbingwg\/multus-cni:v4\.3\.0-thick/,
    );
    assert.match(r.out, /create\s+Namespace kube-flannel\n/);
    assert.match(r.out, /create\s+DaemonSet kube-flannel\/kube-flannel-ds \(namespace kube-flannel is created first\)/);
    assert.match(r.out, /Summary: {3}12 to create, 0 to change, 0 unchanged, 0 in conflict/);
    // Namespaces, then the CRD, then the rest in manifest order.
    const order = [...r.out.matchAll(/^ {2}create {4}(\S+ \S+)/gm)].map((m) => m[1]);
    assert.deepEqual(order.slice(0, 3), [
      'Namespace kube-flannel',
      'CustomResourceDefinition network-attachment-definitions.k8s.cni.cncf.io',
      'ClusterRole flannel',
    ]);
  });

  it('deploys thick Multus and flannel from scratch until both roll out on both nodes', async () => {
    const r = await capture((io) => runDeploy({ context: 'lab', withFlannel: true, timeout: 180 }, io, runtime));
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, /created Namespace kube-flannel/);
    assert.match(r.out, /Rollout complete: DaemonSet kube-flannel\/kube-flannel-ds on 2 of 2 nodes \(node-a, node-b\)/);
    assert.match(r.out, /Rollout complete: DaemonSet kube-system\/kube-multus-ds on 2 of 2 nodes \(node-a, node-b\)/);
    assert.match(r.out, /Nodes: {5}node-a Ready, node-b Ready\s*$/);
    const multus = await admin.client.request<DaemonSet>({ method: 'GET', path: MULTUS_DS });
    assert.equal(multus.spec.template.spec.hostPID, true);
    assert.equal(multus.spec.template.spec.containers[0].image, 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.3.0-thick');
    assert.equal(
      multus.spec.template.spec.initContainers[0].image,
      'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.3.0-thick',
    );
    const flannel = await admin.client.request<DaemonSet>({ method: 'GET', path: FLANNEL_DS });
    assert.equal(flannel.spec.template.spec.containers[0].image, 'ghcr.io/flannel-io/flannel:v0.28.9');
    const config = await admin.client.request<{ data: Record<string, string> }>({
      method: 'GET',
      path: '/api/v1/namespaces/kube-system/configmaps/multus-daemon-config',
    });
    assert.equal(JSON.parse(config.data['daemon-config.json']).chrootDir, '/hostroot');
  });

  it('re-deploying thick with flannel is a no-op', async () => {
    const r = await capture((io) => runDeploy({ context: 'lab', withFlannel: true, timeout: 60 }, io, runtime));
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, /Summary: {3}0 to create, 0 to change, 12 unchanged, 0 in conflict/);
    assert.match(r.out, /Nothing to change/);
  });

  it('reports a rollout that does not finish in time, node by node, and recovers', async () => {
    const bad = 'example.invalid/multus-cni:unpullable';
    const deployBad = () =>
      capture((io) => runDeploy({ context: 'lab', withFlannel: true, image: bad, timeout: 5 }, io, runtime));
    const first = await deployBad();
    assert.equal(first.code, 1, first.all);
    assert.match(first.out, /Rollout complete: DaemonSet kube-flannel\/kube-flannel-ds on 2 of 2 nodes/);
    assert.match(first.err, /did not finish rolling out in time/);
    // The report can name a pod's waiting reason only once the kubelet has reported it; on a loaded
    // machine the fake kubelet may take longer than the rollout timeout, so wait for that, then the
    // same deploy (a no-op apply) reports the stuck rollout node by node.
    await waitForPodWaitingReason(bad, 'ImagePullBackOff');
    const r = await deployBad();
    assert.equal(r.code, 1, r.all);
    assert.match(
      r.err,
      /error: DaemonSet kube-system\/kube-multus-ds did not finish rolling out in time: Waiting for daemon set "kube-multus-ds" rollout to finish/,
    );
    assert.match(
      r.err,
      /node-\w: pod kube-multus-ds-\w+ not ready \(ImagePullBackOff\), image example\.invalid\/multus-cni:unpullable/,
    );
    assert.match(r.err, /next: kubectl -n kube-system describe pod/);

    const fixed = await capture((io) => runDeploy({ context: 'lab', withFlannel: true, timeout: 120 }, io, runtime));
    assert.equal(fixed.code, 0, fixed.all);
    assert.match(
      fixed.out,
      /Rollout complete: DaemonSet kube-system\/kube-multus-ds on 2 of 2 nodes \(node-a, node-b\)/,
    );
  });

  it('never prints a token or key', () => {
    assert.equal(findSecret(allOutput(), cp.pki.secrets), undefined);
  });
});
