// `multus-nad undeploy` against a real kube-apiserver 1.20 with its controllers and the fake kubelet on two nodes:
// it removes exactly what `deploy` applied (objects of another field manager and unrelated ones stay), its dry run
// changes nothing, it waits for the DaemonSet's pods to leave both nodes, and it keeps the NADs unless --purge.
// Also the thick daemon's memory limit and connectionLimit (Multus v4.3) as deploy options.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runDeploy, type CliRuntime } from '../../cli/deployCommand';
import { runUndeploy } from '../../cli/undeployCommand';
import { applyObject } from '../../kube/apply';
import type { KubeObject } from '../../kube/manifests/types';
import type { ClusterSession } from '../../kube/session';
import { allOutput, capture, findSecret } from './harness/capture';
import { startControlPlane, type ControlPlane } from './harness/controlPlane';
import { FakeKubelet } from './harness/fakeKubelet';

const MULTUS_DS = '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds';
const DAEMON_CONFIG = '/api/v1/namespaces/kube-system/configmaps/multus-daemon-config';
const NAD_CRD =
  '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/network-attachment-definitions.k8s.cni.cncf.io';
const NAD = '/apis/k8s.cni.cncf.io/v1/namespaces/default/network-attachment-definitions/macvlan-conf';
const UNRELATED = '/api/v1/namespaces/kube-system/configmaps/unrelated';
const OTHERS_NAMESPACE = '/api/v1/namespaces/kube-flannel';
/** Everything deploy applies for thick Multus (multusManifests), by path. */
const DEPLOYED = [
  MULTUS_DS,
  DAEMON_CONFIG,
  '/api/v1/namespaces/kube-system/serviceaccounts/multus',
  '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/multus',
  '/apis/rbac.authorization.k8s.io/v1/clusterroles/multus',
];

let cp: ControlPlane;
let admin: ClusterSession;
let kubelet: FakeKubelet;
let runtime: CliRuntime;

interface Versioned {
  metadata: { resourceVersion: string };
}

/** resourceVersion of each path, or "absent". */
async function versions(paths: string[]): Promise<string[]> {
  return Promise.all(
    paths.map(async (path) => (await admin.client.getOptional<Versioned>(path))?.metadata.resourceVersion ?? 'absent'),
  );
}

async function multusPods(): Promise<string[]> {
  const list = await admin.client.request<{ items: { metadata: { name: string } }[] }>({
    method: 'GET',
    path: '/api/v1/namespaces/kube-system/pods',
    query: { labelSelector: 'name=multus' },
  });
  return list.items.map((p) => p.metadata.name);
}

async function waitAbsent(path: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (!(await admin.client.getOptional(path))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${path} is still there after 20 s`);
}

const object = (apiVersion: string, kind: string, metadata: KubeObject['metadata'], rest = {}): KubeObject => ({
  apiVersion,
  kind,
  metadata,
  ...rest,
});

describe('undeploy from a real API server', { timeout: 600_000 }, () => {
  before(async () => {
    cp = await startControlPlane({ controllers: true });
    admin = cp.admin();
    kubelet = new FakeKubelet(admin);
    await kubelet.start();
    const kubeconfig = cp.kubeconfig([{ context: 'lab', user: 'admin-token', namespace: 'default' }]);
    runtime = { env: { KUBECONFIG: kubeconfig }, client: { requestTimeoutMs: 15_000, retry: { baseDelayMs: 100 } } };
  });

  after(async () => {
    await kubelet?.stop();
    await cp?.stop();
  });

  it('refuses --memory-limit and --connection-limit with the thin flavour, before contacting the cluster', async () => {
    const r = await capture((io) => runDeploy({ context: 'lab', flavor: 'thin', memoryLimit: '1Gi' }, io, runtime));
    assert.equal(r.code, 2, r.all);
    assert.match(r.err, /--memory-limit and --connection-limit tune the thick daemon; they need --flavor thick/);
  });

  it('deploys thick with a memory limit and connectionLimit, beside a NAD and objects that are not its own', async () => {
    const r = await capture((io) =>
      runDeploy({ context: 'lab', memoryLimit: '128Mi', connectionLimit: 20, timeout: 180 }, io, runtime),
    );
    assert.equal(r.code, 0, r.all);
    assert.match(
      r.out,
      /Install: {3}Multus v4\.3\.0 \(thick\), image .*, daemon memory limit 128Mi, connectionLimit 20/,
    );
    const ds = await admin.client.request<{
      spec: { template: { spec: { containers: { resources: Record<string, Record<string, string>> }[] } } };
    }>({ method: 'GET', path: MULTUS_DS });
    assert.deepEqual(ds.spec.template.spec.containers[0].resources, {
      requests: { cpu: '100m', memory: '50Mi' },
      limits: { cpu: '100m', memory: '128Mi' },
    });
    const config = await admin.client.request<{ data: Record<string, string> }>({ method: 'GET', path: DAEMON_CONFIG });
    assert.equal(JSON.parse(config.data['daemon-config.json']).connectionLimit, 20);
    assert.equal((await multusPods()).length, 2);
    // A NAD, an unrelated ConfigMap, and a namespace deploy would create (--with-flannel) but another tool did.
    await applyObject(
      admin,
      object(
        'k8s.cni.cncf.io/v1',
        'NetworkAttachmentDefinition',
        { name: 'macvlan-conf', namespace: 'default' },
        {
          spec: { config: '{"cniVersion":"0.3.1","type":"macvlan","master":"eth0"}' },
        },
      ),
    );
    await admin.client.request({
      method: 'POST',
      path: '/api/v1/namespaces/kube-system/configmaps',
      body: object('v1', 'ConfigMap', { name: 'unrelated', namespace: 'kube-system' }),
    });
    await admin.client.request({
      method: 'POST',
      path: '/api/v1/namespaces',
      query: { fieldManager: 'other-tool' },
      body: object('v1', 'Namespace', { name: 'kube-flannel' }),
    });
  });

  it('--dry-run shows the plan from a server-side dry run and changes nothing', async () => {
    const all = [...DEPLOYED, NAD_CRD, NAD, UNRELATED, OTHERS_NAMESPACE];
    const before = await versions(all);
    const r = await capture((io) => runUndeploy({ context: 'lab', dryRun: true }, io, runtime));
    assert.equal(r.code, 0, r.all);
    const plan = [...r.out.matchAll(/^ {2}(delete|keep|absent|not-ours)\s+(\S+ \S+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(
      plan.filter((line) => !line.startsWith('absent')),
      [
        'delete DaemonSet kube-system/kube-multus-ds',
        'delete ConfigMap kube-system/multus-daemon-config',
        'delete ServiceAccount kube-system/multus',
        'delete ClusterRoleBinding multus',
        'delete ClusterRole multus',
        'keep CustomResourceDefinition network-attachment-definitions.k8s.cni.cncf.io',
        'not-ours Namespace kube-flannel',
      ],
    );
    assert.ok(plan.includes('absent ConfigMap kube-system/multus-cni-config'), r.out);
    assert.match(r.out, /keeps 1 NetworkAttachmentDefinition\(s\); --purge deletes the CRD and them/);
    assert.match(r.out, /Summary: {3}5 to delete, 1 kept, \d+ absent, 1 not applied by multus-nad/);
    assert.match(r.out, /Dry run: nothing was changed\./);
    assert.deepEqual(await versions(all), before);
    assert.equal((await multusPods()).length, 2);
  });

  it('without --yes or --context on a non-terminal it refuses and deletes nothing', async () => {
    const before = await versions(DEPLOYED);
    const r = await capture((io) => runUndeploy({}, io, runtime));
    assert.equal(r.code, 2, r.all);
    assert.match(r.err, /refusing to change context "lab"/);
    assert.deepEqual(await versions(DEPLOYED), before);
  });

  it('removes exactly the deployed objects, waits for the pods to leave both nodes, and keeps the NADs', async () => {
    const r = await capture((io) => runUndeploy({ context: 'lab', timeout: 120 }, io, runtime));
    assert.equal(r.code, 0, r.all);
    assert.match(
      r.out,
      /deleted DaemonSet kube-system\/kube-multus-ds\n {2}DaemonSet kube-system\/kube-multus-ds: pods left /,
    );
    assert.match(r.out, /DaemonSet kube-system\/kube-multus-ds: pods left none/);
    assert.match(r.out, /Removed 5 object\(s\); every DaemonSet pod is gone\./);
    assert.deepEqual(
      await versions(DEPLOYED),
      DEPLOYED.map(() => 'absent'),
    );
    assert.deepEqual(await multusPods(), []);
    for (const kept of [NAD_CRD, NAD, UNRELATED, OTHERS_NAMESPACE])
      assert.ok(await admin.client.getOptional(kept), kept);
  });

  it('a second undeploy has nothing to remove; --purge then deletes the CRD and with it the NADs', async () => {
    const again = await capture((io) => runUndeploy({ context: 'lab' }, io, runtime));
    assert.equal(again.code, 0, again.all);
    assert.match(again.out, /Nothing to remove/);
    const purge = await capture((io) => runUndeploy({ context: 'lab', purge: true }, io, runtime));
    assert.equal(purge.code, 0, purge.all);
    assert.match(purge.out, /Keep: {6}nothing: --purge deletes the NAD CRD and every NetworkAttachmentDefinition/);
    assert.match(purge.out, /deleted CustomResourceDefinition network-attachment-definitions\.k8s\.cni\.cncf\.io/);
    await waitAbsent(NAD_CRD);
    for (const kept of [UNRELATED, OTHERS_NAMESPACE]) assert.ok(await admin.client.getOptional(kept), kept);
  });

  it('never prints a token or key', () => {
    assert.equal(findSecret(allOutput(), cp.pki.secrets), undefined);
  });
});
