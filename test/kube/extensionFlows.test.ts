// What the VS Code commands do (client/src/liveCluster/), without VS Code: their pure pieces driven against a
// real kube-apiserver 1.20 with its controllers and two fake-kubelet nodes, in the order the commands use
// them. "Deploy to Cluster" cancelled after the CRD, then finished and watched per node; "Apply to cluster"
// and the Cluster NADs view; "Try It on the Cluster" compared with our preview on a snapshot of the cluster.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  applyPlan,
  deletePod,
  installManifests,
  listNads,
  nadsToApply,
  planDeploy,
  planObjects,
  podFromWorkload,
  readNad,
  tryPodOnCluster,
  watchRollout,
  type ClusterSession,
  type RolloutProgress,
  partialApplyLines,
} from '../../kube';
import { clusterNadYaml, nadTreeOf } from '../../client/src/liveCluster/clusterNadTree';
import { compareNetworkStatus } from '../../client/src/liveCluster/networkStatusComparison';
import { nothingToChange, rolloutMessage, rolloutReport } from '../../client/src/liveCluster/planReport';
import { applyStepwise } from '../../client/src/liveCluster/stepwiseApply';
import { SEED_SAMPLEPOD, tryPodName } from '../../client/src/liveCluster/tryPodSource';
import { checkManifestSet, readManifestSet } from '../../engine';
import { startControlPlane, type ControlPlane } from './harness/controlPlane';
import { FakeKubelet } from './harness/fakeKubelet';

const repoRoot = resolve(__dirname, '../../..');
const CRD = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/network-attachment-definitions.k8s.cni.cncf.io';
const DS = '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds';

let cp: ControlPlane;
let admin: ClusterSession;
let kubelet: FakeKubelet;

describe('the VS Code cluster commands against a real API server', { timeout: 600_000 }, () => {
  before(async () => {
    cp = await startControlPlane({ controllers: true });
    admin = cp.admin({ requestTimeoutMs: 15_000, retry: { baseDelayMs: 100 } });
    kubelet = new FakeKubelet(admin);
    await kubelet.start();
  });

  after(async () => {
    await kubelet?.stop();
    await cp?.stop();
  });

  const install = installManifests({ flavor: 'thick' });

  it('Deploy cancelled after the CRD leaves exactly the CRD, and says so', async () => {
    const plan = await planDeploy(admin, install);
    let sent = 0;
    const outcome = await applyStepwise(
      plan.items,
      (item) => (sent++, applyPlan(admin, [item])),
      () => sent >= 1,
    );
    assert.equal(outcome.cancelled, true);
    assert.deepEqual(
      outcome.applied.map((a) => a.description),
      ['CustomResourceDefinition network-attachment-definitions.k8s.cni.cncf.io'],
    );
    const lines = partialApplyLines(outcome, 'deploy');
    assert.match(lines[1], /^Not attempted: ClusterRole multus, .*DaemonSet kube-system\/kube-multus-ds$/);
    assert.match(lines[2], /holds part of the change; deploy again to finish it/);
    assert.ok(await admin.client.getOptional(CRD), 'the CRD is on the cluster');
    assert.equal(await admin.client.getOptional(DS), undefined, 'the DaemonSet is not');
  });

  it('Deploy again finishes the rest and watches the rollout on both nodes', async () => {
    const plan = await planDeploy(admin, install);
    assert.deepEqual(
      plan.items.filter((i) => i.action === 'unchanged').map((i) => i.description),
      ['CustomResourceDefinition network-attachment-definitions.k8s.cni.cncf.io'],
    );
    const outcome = await applyStepwise(
      plan.items,
      (item) => applyPlan(admin, [item]),
      () => false,
    );
    assert.equal(outcome.failed, undefined);
    const messages: string[] = [];
    const result = await watchRollout(admin, 'kube-system', 'kube-multus-ds', {
      timeoutMs: 120_000,
      onProgress: (p: RolloutProgress) => messages.push(rolloutMessage(p)),
    });
    const report = rolloutReport(result);
    assert.deepEqual(report, {
      ok: true,
      lines: ['Rollout complete: DaemonSet kube-system/kube-multus-ds on 2 of 2 node(s) (node-a, node-b)'],
    });
    assert.ok(
      messages.some((m) => m.includes('node-a') && m.includes('node-b')),
      `per-node progress: ${messages.join(' | ')}`,
    );
    assert.equal(messages.at(-1), 'kube-system/kube-multus-ds: 2 of 2 node(s) ready — node-a Ready, node-b Ready');
  });

  it('Deploy a third time has nothing to change', async () => {
    assert.equal(nothingToChange((await planDeploy(admin, install)).items), true);
  });

  it('Apply the seed NAD, then the view lists it and its document gets our diagnostics (none: it is valid)', async () => {
    const text = readFileSync(join(repoRoot, 'examples/seed-lab/macvlan-conf.yaml'), 'utf8');
    const { nads } = nadsToApply([parse(text) as unknown], 'default');
    const items = await planObjects(admin, nads);
    assert.deepEqual(
      items.map((i) => [i.action, i.description]),
      [['create', 'NetworkAttachmentDefinition default/macvlan-conf']],
    );
    const outcome = await applyPlan(admin, items);
    assert.equal(outcome.failed, undefined);
    assert.equal(nothingToChange(await planObjects(admin, nads)), true);

    const tree = nadTreeOf(await listNads(admin), Date.now());
    assert.deepEqual(
      tree.map((ns) => [ns.namespace, ns.nads.map((n) => n.name)]),
      [['default', ['macvlan-conf']]],
    );
    assert.match(tree[0].nads[0].description, /^macvlan, \d+s$/);

    const stored = await readNad(admin, 'default', 'macvlan-conf');
    assert.ok(stored);
    const document = clusterNadYaml(stored, { context: 'lab', server: cp.server, readAt: new Date() });
    const roundTrip = parse(document) as { spec: { config: string } };
    assert.equal(roundTrip.spec.config, (parse(text) as { spec: { config: string } }).spec.config);
    const errors = checkManifestSet(
      readManifestSet([{ path: 'multus-nad-cluster:/default/macvlan-conf.yaml', text: document }]),
    ).filter((d) => d.severity === 'error');
    assert.deepEqual(errors, []);
  });

  it('Try samplepod: the real network-status equals the live-model preview (MACs masked), then deleted', async () => {
    // The preview on a snapshot of this cluster (what Try It compares with), then the pod on the node the preview
    // chose, where the fake kubelet's real plugins attach it.
    const kubeconfig = cp.kubeconfig([{ context: 'lab', user: 'admin-cert' }]);
    const args = ['preview', '--from-cluster', '--kubeconfig', kubeconfig, '--context', 'lab'];
    const preview = JSON.parse(
      execFileSync(
        process.execPath,
        [join(repoRoot, 'bin/multus-nad.js'), ...args, 'examples/seed-lab', '--format', 'json'],
        {
          cwd: repoRoot,
          encoding: 'utf8',
        },
      ),
    ) as { pods: { pod: string; node: string; networkStatus: Record<string, unknown>[] }[] };
    const samplepod = preview.pods.find((p) => p.pod === 'default/samplepod');
    assert.ok(samplepod);
    const name = tryPodName('samplepod', 'e2e001');
    const pod = podFromWorkload(SEED_SAMPLEPOD, 'default', name);
    const state = await tryPodOnCluster(
      admin,
      { ...pod, spec: { ...(pod.spec as object), nodeName: samplepod.node } },
      {
        timeoutMs: 60_000,
      },
    );
    assert.equal(state.phase, 'Running', state.waiting);
    assert.ok(state.networkStatus);
    const comparison = compareNetworkStatus(samplepod.networkStatus, state.networkStatus);
    assert.deepEqual(comparison.differences, [], `${comparison.previewText}\n${comparison.clusterText}`);
    assert.deepEqual(
      state.networkStatus.map((e) => [e.interface, e.ips]),
      [
        ['eth0', [samplepod.node === 'node-a' ? '10.244.0.2' : '10.244.1.2']],
        ['net1', ['192.168.1.200']],
      ],
    );
    assert.deepEqual(comparison.masked, ['mac']);
    await deletePod(admin, 'default', name);
  });
});
