// `multus-nad deploy` (thin) and `multus-nad apply` against a real kube-apiserver 1.20 with its DaemonSet
// controller and scheduler, two nodes run by the fake kubelet.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { runApply, runDeploy, type CliRuntime } from '../../cli/deployCommand';
import { listNads } from '../../kube/nads';
import type { KubeObject } from '../../kube/manifests/types';
import { deletePod, podFromWorkload, tryPodOnCluster } from '../../kube/pods';
import type { ClusterSession } from '../../kube/session';
import { allOutput, capture, findSecret, recordOutput } from './harness/capture';
import { startControlPlane, type ControlPlane } from './harness/controlPlane';
import { FakeKubelet } from './harness/fakeKubelet';

const repoRoot = resolve(__dirname, '../../..');
const DS = '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds';
const CRD = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/network-attachment-definitions.k8s.cni.cncf.io';
const PINNED_THIN = 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.3.0';
const MIRROR = 'registry.example:5000/multus-cni:v4.3.0-mirror';
const INSTALL_PATHS = [
  CRD,
  '/apis/rbac.authorization.k8s.io/v1/clusterroles/multus',
  '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/multus',
  '/api/v1/namespaces/kube-system/serviceaccounts/multus',
  '/api/v1/namespaces/kube-system/configmaps/multus-cni-config',
  DS,
];

interface Pod {
  metadata: { name: string; uid: string };
  spec: { nodeName: string; containers: { image: string }[] };
  status: { conditions?: { type: string; status: string }[] };
}
interface DaemonSet {
  spec: { template: { spec: { containers: { name: string; image: string }[] } } };
  metadata: { managedFields: { manager: string; operation: string }[] };
}

let cp: ControlPlane;
let admin: ClusterSession;
let kubelet: FakeKubelet;
let runtime: CliRuntime;

/** Runs the built CLI (bin/multus-nad.js) without blocking this process, where the fake kubelet runs. */
function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/multus-nad.js'), ...args], {
      env: { ...process.env, KUBECONFIG: runtime.env?.KUBECONFIG },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => {
      recordOutput(stdout + stderr);
      done({ status, stdout, stderr });
    });
  });
}

async function multusPods(): Promise<Pod[]> {
  const list = await admin.client.request<{ items: Pod[] }>({
    method: 'GET',
    path: '/api/v1/namespaces/kube-system/pods',
    query: { labelSelector: 'name=multus' },
  });
  return list.items.sort((a, b) => a.spec.nodeName.localeCompare(b.spec.nodeName));
}

const isReady = (p: Pod) => (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

async function resourceVersions(): Promise<string[]> {
  return Promise.all(
    INSTALL_PATHS.map(
      async (path) =>
        (await admin.client.request<{ metadata: { resourceVersion: string } }>({ method: 'GET', path })).metadata
          .resourceVersion,
    ),
  );
}

describe('deploy thin to a real API server', { timeout: 600_000 }, () => {
  before(async () => {
    cp = await startControlPlane({ controllers: true });
    admin = cp.admin();
    kubelet = new FakeKubelet(admin);
    await kubelet.start();
    // The admin context carries its client key inline (client-key-data), so the secret check covers key material.
    const kubeconfig = cp.kubeconfig([
      { context: 'lab', user: 'admin-cert-data' },
      { context: 'lab-token', user: 'admin-token' },
    ]);
    runtime = { env: { KUBECONFIG: kubeconfig }, client: { requestTimeoutMs: 15_000, retry: { baseDelayMs: 100 } } };
  });

  after(async () => {
    await kubelet?.stop();
    await cp?.stop();
  });

  it('plans six creations on a dry run and changes nothing', async () => {
    const r = await capture((io) => runDeploy({ context: 'lab', flavor: 'thin', dryRun: true }, io, runtime));
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, /Context: {3}lab \(cluster lab-cluster, user lab-user, client-certificate\)/);
    assert.match(r.out, new RegExp(`Server: {4}${cp.server.replace(/\./g, '\\.')}`));
    assert.match(r.out, /Nodes: {5}node-a Ready, node-b Ready/);
    assert.match(r.out, /create\s+CustomResourceDefinition network-attachment-definitions\.k8s\.cni\.cncf\.io/);
    assert.match(r.out, /create\s+DaemonSet kube-system\/kube-multus-ds/);
    assert.match(r.out, /Summary: {3}6 to create, 0 to change, 0 unchanged, 0 in conflict/);
    assert.match(r.out, /Dry run: nothing was changed\./);
    assert.equal(await admin.client.getOptional(CRD), undefined);
    assert.equal(await admin.client.getOptional(DS), undefined);
  });

  it('refuses to touch the current context without --yes or --context', async () => {
    const r = await capture((io) => runDeploy({ flavor: 'thin' }, io, runtime));
    assert.equal(r.code, 2, r.all);
    assert.match(r.err, /refusing to change context "lab"/);
    assert.equal(await admin.client.getOptional(DS), undefined);
  });

  it('on a terminal, shows the plan, asks, and does nothing when the answer is no', async () => {
    const questions: string[] = [];
    const r = await capture((io) =>
      runDeploy({ flavor: 'thin' }, { ...io, confirm: async (q) => (questions.push(q), false) }, runtime),
    );
    assert.equal(r.code, 2, r.all);
    assert.match(r.out, /Summary: {3}6 to create/);
    assert.deepEqual(questions, [
      `Deploy Multus v4.3.0 (thin), image ${PINNED_THIN} in context "lab" (${cp.server})? [y/N] `,
    ]);
    assert.equal(await admin.client.getOptional(DS), undefined);
  });

  it('deploys thin from scratch until the rollout is complete on both nodes', async () => {
    const r = await capture((io) => runDeploy({ context: 'lab', flavor: 'thin', timeout: 120 }, io, runtime));
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, /created CustomResourceDefinition network-attachment-definitions\.k8s\.cni\.cncf\.io/);
    assert.match(r.out, /waiting for CustomResourceDefinition .* to be Established/);
    assert.match(r.out, /Rollout complete: DaemonSet kube-system\/kube-multus-ds on 2 of 2 nodes \(node-a, node-b\)/);
    // The CRD line comes before every other object's.
    assert.ok(r.out.indexOf('created CustomResourceDefinition') < r.out.indexOf('created ClusterRole multus'));
    const ds = await admin.client.request<DaemonSet>({ method: 'GET', path: DS });
    assert.equal(ds.spec.template.spec.containers[0].image, PINNED_THIN);
    assert.ok(ds.metadata.managedFields.some((m) => m.manager === 'multus-nad' && m.operation === 'Apply'));
    const pods = await multusPods();
    assert.deepEqual(
      pods.map((p) => p.spec.nodeName),
      ['node-a', 'node-b'],
    );
    assert.ok(pods.every(isReady));
  });

  it('re-deploying is a no-op that says so', async () => {
    const before = await resourceVersions();
    const r = await capture((io) => runDeploy({ context: 'lab', flavor: 'thin', timeout: 60 }, io, runtime));
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, /Summary: {3}0 to create, 0 to change, 6 unchanged, 0 in conflict/);
    assert.match(
      r.out,
      /Nothing to change: Multus v4\.3\.0 \(thin\), image ghcr\.io\/k8snetworkplumbingwg\/multus-cni:v4\.3\.0 is already applied/,
    );
    assert.match(r.out, /Rollout complete: DaemonSet kube-system\/kube-multus-ds on 2 of 2 nodes/);
    assert.doesNotMatch(r.out, /^(created|configured) /m);
    assert.deepEqual(await resourceVersions(), before);
  });

  it('rolls out an image change to every node', async () => {
    const oldPods = await multusPods();
    const r = await capture((io) =>
      runDeploy({ context: 'lab', flavor: 'thin', image: MIRROR, timeout: 120 }, io, runtime),
    );
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, /update\s+DaemonSet kube-system\/kube-multus-ds/);
    assert.ok(
      r.out.includes(`~ .spec.template.spec.containers[name="kube-multus"].image: "${PINNED_THIN}" -> "${MIRROR}"`),
      r.out,
    );
    assert.ok(
      r.out.includes(
        `~ .spec.template.spec.initContainers[name="install-multus-binary"].image: "${PINNED_THIN}" -> "${MIRROR}"`,
      ),
      r.out,
    );
    assert.match(r.out, /Summary: {3}0 to create, 1 to change, 5 unchanged, 0 in conflict/);
    assert.match(r.out, /configured DaemonSet kube-system\/kube-multus-ds/);
    assert.match(r.out, /Rollout complete: DaemonSet kube-system\/kube-multus-ds on 2 of 2 nodes \(node-a, node-b\)/);
    const pods = await multusPods();
    assert.deepEqual(
      pods.map((p) => p.spec.containers[0].image),
      [MIRROR, MIRROR],
    );
    assert.ok(pods.every(isReady));
    const oldUids = new Set(oldPods.map((p) => p.metadata.uid));
    assert.ok(
      pods.every((p) => !oldUids.has(p.metadata.uid)),
      'every pod was replaced',
    );
  });

  it('reports a conflict with another field manager by field and manager, and does not force it', async () => {
    await admin.client.request({
      method: 'PATCH',
      path: DS,
      query: { fieldManager: 'other-tool', force: true },
      contentType: 'application/apply-patch+yaml',
      body: {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'kube-multus-ds', namespace: 'kube-system' },
        spec: { template: { spec: { containers: [{ name: 'kube-multus', image: 'example.org/someone-elses:1' }] } } },
      },
    });
    const r = await capture((io) =>
      runDeploy({ context: 'lab', flavor: 'thin', image: MIRROR, timeout: 60 }, io, runtime),
    );
    assert.equal(r.code, 1, r.all);
    assert.match(r.out, /conflict\s+DaemonSet kube-system\/kube-multus-ds/);
    assert.ok(
      r.out.includes(
        'field .spec.template.spec.containers[name="kube-multus"].image is owned by field manager "other-tool"',
      ),
      r.out,
    );
    assert.match(r.err, /conflicts with field manager "other-tool": nothing was changed/);
    assert.match(r.err, /--force-conflicts/);
    const ds = await admin.client.request<DaemonSet>({ method: 'GET', path: DS });
    assert.equal(ds.spec.template.spec.containers[0].image, 'example.org/someone-elses:1');

    const forced = await capture((io) =>
      runDeploy({ context: 'lab', flavor: 'thin', image: MIRROR, forceConflicts: true, timeout: 120 }, io, runtime),
    );
    assert.equal(forced.code, 0, forced.all);
    assert.ok(
      forced.out.includes(
        'takes over field .spec.template.spec.containers[name="kube-multus"].image from field manager "other-tool"',
      ),
      forced.out,
    );
    assert.ok(
      forced.out.includes(
        `~ .spec.template.spec.containers[name="kube-multus"].image: "example.org/someone-elses:1" -> "${MIRROR}"`,
      ),
      forced.out,
    );
    assert.match(forced.out, /Rollout complete/);
    const after = await admin.client.request<DaemonSet>({ method: 'GET', path: DS });
    assert.equal(after.spec.template.spec.containers[0].image, MIRROR);
  });

  it("applies the seed lab's NAD, reads it back, lists it by namespace, and re-applying is a no-op", async () => {
    const file = join(repoRoot, 'examples/seed-lab/macvlan-conf.yaml');
    const config = (parse(readFileSync(file, 'utf8')) as { spec: { config: string } }).spec.config;
    const r = await capture((io) => runApply({ files: [file], context: 'lab-token' }, io, runtime));
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, /create\s+NetworkAttachmentDefinition default\/macvlan-conf/);
    assert.match(r.out, /created NetworkAttachmentDefinition default\/macvlan-conf/);
    assert.ok(
      r.out.includes(
        `read back NetworkAttachmentDefinition default/macvlan-conf: spec.config ${config.length} characters`,
      ),
      r.out,
    );
    const stored = await admin.client.request<{ spec: { config: string } }>({
      method: 'GET',
      path: '/apis/k8s.cni.cncf.io/v1/namespaces/default/network-attachment-definitions/macvlan-conf',
    });
    assert.equal(stored.spec.config, config);
    const nads = await listNads(admin);
    assert.deepEqual([...nads.keys()], ['default']);
    assert.deepEqual(
      nads.get('default')?.map((n) => [n.name, n.type]),
      [['macvlan-conf', 'macvlan']],
    );

    const again = await capture((io) => runApply({ files: [file], context: 'lab-token' }, io, runtime));
    assert.equal(again.code, 0, again.all);
    assert.match(again.out, /Nothing to change/);
  });

  it("tries the seed lab's samplepod on the cluster, reads its network-status and deletes it", async () => {
    const workload = parse(readFileSync(join(repoRoot, 'examples/seed-lab/samplepod.yaml'), 'utf8')) as KubeObject;
    const phases: string[] = [];
    const state = await tryPodOnCluster(admin, podFromWorkload(workload, 'default'), {
      timeoutMs: 60_000,
      onState: (s) => phases.push(s.phase),
    });
    assert.equal(state.timedOut, false, JSON.stringify(state.pod));
    assert.equal(state.phase, 'Running');
    assert.equal(phases.at(-1), 'Running');
    assert.ok(state.ready);
    assert.ok(['node-a', 'node-b'].includes(state.node ?? ''));
    // What the fake kubelet wrote in Multus's place: the default network plus net1 for macvlan-conf.
    assert.deepEqual(
      state.networkStatus?.map((e) => [e.name, e.interface, e.default ?? false]),
      [
        ['cbr0', 'eth0', true],
        ['default/macvlan-conf', 'net1', false],
      ],
    );
    assert.deepEqual(state.networkStatus?.[1].ips, ['192.168.1.200']);
    await deletePod(admin, 'default', 'samplepod');
    const left = await admin.client.getOptional<{ metadata: { deletionTimestamp?: string } }>(
      '/api/v1/namespaces/default/pods/samplepod',
    );
    assert.ok(!left || left.metadata.deletionTimestamp, 'deleted or being deleted');
    // Deleting a pod that is gone is not an error.
    await deletePod(admin, 'default', 'no-such-pod');
  });

  it('`multus-nad deploy --context X --dry-run` prints the planned changes (built CLI)', async () => {
    const run = await runCli(['deploy', '--context', 'lab', '--flavor', 'thin', '--image', MIRROR, '--dry-run']);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Plan \(server-side dry run, field manager "multus-nad"\):/);
    assert.match(run.stdout, /unchanged DaemonSet kube-system\/kube-multus-ds/);
    assert.match(run.stdout, /Summary: {3}0 to create, 0 to change, 6 unchanged, 0 in conflict/);
  });

  it('`multus-nad deploy --context X` ends with the rollout complete on both nodes (built CLI)', async () => {
    const run = await runCli(['deploy', '--context', 'lab', '--flavor', 'thin', '--timeout', '120']);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /configured DaemonSet kube-system\/kube-multus-ds/);
    assert.match(
      run.stdout,
      /Rollout complete: DaemonSet kube-system\/kube-multus-ds on 2 of 2 nodes \(node-a, node-b\)\nNodes: {5}node-a Ready, node-b Ready\n$/,
    );
    assert.deepEqual(
      (await multusPods()).map((p) => [p.spec.nodeName, p.spec.containers[0].image, isReady(p)]),
      [
        ['node-a', PINNED_THIN, true],
        ['node-b', PINNED_THIN, true],
      ],
    );
  });

  it('never prints a token or key', () => {
    const output = allOutput();
    assert.ok(output.length > 1000);
    assert.equal(findSecret(output, cp.pki.secrets), undefined);
  });
});
