import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplyOutcome, PlanItem, RolloutResult } from '../../kube';
import { ClusterError, partialApplyLines } from '../../kube';
import {
  confirmationDetail,
  conflictLines,
  conflictManagers,
  nodesLine,
  nothingToChange,
  rolloutMessage,
  rolloutReport,
  targetLines,
} from '../../client/src/liveCluster/planReport';
import { applyStepwise } from '../../client/src/liveCluster/stepwiseApply';

const target = {
  context: 'lab-admin',
  cluster: 'lab',
  server: 'https://127.0.0.1:6443',
  namespace: 'multus-lab',
  user: 'admin',
  authKind: 'client-certificate' as const,
  tlsVerify: true,
};

function item(description: string, action: PlanItem['action'], extra: Partial<PlanItem> = {}): PlanItem {
  const [kind, name] = description.split(' ');
  return {
    object: { apiVersion: 'v1', kind, metadata: { name } },
    description,
    action,
    changes: [],
    conflicts: [],
    ...extra,
  };
}

const crd = item('CustomResourceDefinition network-attachment-definitions.k8s.cni.cncf.io', 'create');
const ds = item('DaemonSet kube-system/kube-multus-ds', 'conflict', {
  conflicts: [
    { field: '.spec.template.spec.containers[name="kube-multus"].image', manager: 'kubectl-client-side-apply' },
  ],
});

describe('deploy and apply messages', () => {
  it('the confirmation names the context, the cluster URL and the namespace', () => {
    assert.deepEqual(targetLines(target), [
      'Context:     lab-admin (cluster lab, user admin, client-certificate)',
      'Cluster URL: https://127.0.0.1:6443',
      'Namespace:   multus-lab',
    ]);
    assert.match(targetLines({ ...target, tlsVerify: false }).join('\n'), /TLS verification is OFF/);
  });

  it('a conflict names the field and the manager that owns it', () => {
    assert.deepEqual(conflictLines([crd, ds]), [
      'field .spec.template.spec.containers[name="kube-multus"].image is owned by field manager "kubectl-client-side-apply" (DaemonSet kube-system/kube-multus-ds)',
    ]);
    assert.deepEqual(conflictManagers([crd, ds, ds]), ['kubectl-client-side-apply']);
  });

  it('a plan of unchanged objects is "nothing to change"', () => {
    assert.equal(nothingToChange([item('ClusterRole multus', 'unchanged')]), true);
    assert.equal(nothingToChange([item('ClusterRole multus', 'unchanged'), crd]), false);
  });

  it('the modal shows the plan, cut with a pointer to the output when it is long', () => {
    const short = confirmationDetail(['Context: x'], [crd], 'multus-nad');
    assert.match(short, /^Context: x\n\nPlan \(server-side dry run, field manager "multus-nad"\):/);
    assert.match(short, / {2}create +CustomResourceDefinition network-attachment-definitions/);
    assert.match(short, /Summary: {3}1 to create, 0 to change, 0 unchanged, 0 in conflict$/);
    const many = Array.from({ length: 50 }, (_, i) => item(`ConfigMap kube-system/c${i}`, 'create'));
    const cut = confirmationDetail([], many, 'multus-nad', 10).split('\n');
    assert.equal(cut.length, 1 + 10); // the blank line after the (empty) target, then 10 plan lines
    assert.match(cut[cut.length - 2], /… 43 more lines in the "Multus: Cluster" output/);
    assert.match(cut[cut.length - 1], /^Summary: {3}50 to create/);
  });

  it('nodes read as kubectl get nodes STATUS, or why they cannot be listed', () => {
    assert.equal(
      nodesLine([
        { name: 'node1', ready: true, status: 'Ready', taints: [] },
        { name: 'node2', ready: false, status: 'NotReady,SchedulingDisabled', taints: [] },
      ]),
      'Nodes:       node1 Ready, node2 NotReady,SchedulingDisabled',
    );
    assert.equal(nodesLine([]), 'Nodes:       none registered');
    assert.match(nodesLine(new Error('nodes is forbidden')), /cannot list nodes: nodes is forbidden/);
  });
});

const status = {
  done: false,
  message: 'Waiting for daemon set "kube-multus-ds" rollout to finish: 1 of 2 updated pods are available...',
  generation: 1,
  observedGeneration: 1,
  desired: 2,
  updated: 2,
  ready: 1,
  available: 1,
};
const nodes = [
  { node: 'node1', pod: 'kube-multus-ds-a', ready: true, updated: true, image: 'multus:v4.3.0-thick' },
  { node: 'node2', pod: 'kube-multus-ds-b', ready: false, updated: true, waiting: 'ImagePullBackOff' },
];

describe('rollout progress per node', () => {
  it('one message per change, with each node and why it waits', () => {
    assert.equal(
      rolloutMessage({ daemonSet: 'kube-system/kube-multus-ds', status, nodes }),
      'kube-system/kube-multus-ds: 1 of 2 node(s) ready — node1 Ready, node2 ImagePullBackOff',
    );
  });

  it('complete, no nodes and timeout each end with what the user needs', () => {
    const base: RolloutResult = { daemonSet: 'kube-system/kube-multus-ds', status, nodes, outcome: 'timeout' };
    const timeout = rolloutReport(base);
    assert.equal(timeout.ok, false);
    assert.deepEqual(timeout.lines.slice(1), [
      '  node2: pod kube-multus-ds-b ImagePullBackOff',
      'next: kubectl -n kube-system describe pod <pod> for the pods above (image pulls, crash loops), then deploy again',
    ]);
    const complete = rolloutReport({
      ...base,
      outcome: 'complete',
      status: { ...status, done: true, available: 2, ready: 2 },
      nodes: nodes.map((n) => ({ ...n, ready: true })),
    });
    assert.deepEqual(complete, {
      ok: true,
      lines: ['Rollout complete: DaemonSet kube-system/kube-multus-ds on 2 of 2 node(s) (node1, node2)'],
    });
    const none = rolloutReport({ ...base, outcome: 'no-nodes', nodes: [] });
    assert.equal(none.ok, false);
    assert.match(none.lines[0], /has no node to run on \(desired 0\)/);
  });
});

describe('what a stopped apply left on the cluster', () => {
  const applied = [{ object: crd.object, description: crd.description, action: 'created' as const, result: {} }];
  const rbac = item('ClusterRole multus', 'create');
  const daemon = item('DaemonSet kube-system/kube-multus-ds', 'create');

  it('a refused object: applied, not applied, not attempted, and how to finish', () => {
    const outcome: ApplyOutcome = {
      applied,
      skippedUnchanged: [],
      failed: { item: rbac, error: new ClusterError({ kind: 'http', status: 403, message: 'forbidden' }) },
      notAttempted: [daemon],
    };
    assert.deepEqual(partialApplyLines(outcome, 'deploy'), [
      'Applied before the failure: CustomResourceDefinition network-attachment-definitions.k8s.cni.cncf.io',
      'Not applied: ClusterRole multus (the server refused it)',
      'Not attempted: DaemonSet kube-system/kube-multus-ds',
      'The cluster now holds part of the change; deploy again to finish it (applying is idempotent).',
    ]);
  });

  it('a cut connection leaves the object unknown, even when nothing else was applied', () => {
    const outcome: ApplyOutcome = {
      applied: [],
      skippedUnchanged: [],
      failed: { item: rbac, error: new ClusterError({ kind: 'network', message: 'socket hang up' }) },
      notAttempted: [],
    };
    const lines = partialApplyLines(outcome, 'apply');
    assert.match(lines[1], /^Unknown: ClusterRole multus \(the request may have reached the server/);
    assert.match(lines[3], /holds part of the change; apply again/);
  });

  it('nothing applied and nothing unknown says nothing changed', () => {
    const outcome = { applied: [], skippedUnchanged: [], notAttempted: [rbac, daemon], cancelled: true };
    assert.equal(partialApplyLines(outcome, 'deploy').at(-1), 'Nothing was changed on the cluster.');
  });
});

describe('applying one object at a time', () => {
  const items = [crd, item('ClusterRole multus', 'unchanged'), item('ServiceAccount kube-system/multus', 'create')];
  const ok = (i: PlanItem): Promise<ApplyOutcome> =>
    Promise.resolve({
      applied: [{ object: i.object, description: i.description, action: 'created', result: {} }],
      skippedUnchanged: [],
      notAttempted: [],
    });

  it('sends every changed object in order and skips the unchanged ones', async () => {
    const sent: string[] = [];
    const outcome = await applyStepwise(
      items,
      (i) => (sent.push(i.description), ok(i)),
      () => false,
    );
    assert.deepEqual(sent, [crd.description, 'ServiceAccount kube-system/multus']);
    assert.deepEqual(
      outcome.skippedUnchanged.map((i) => i.description),
      ['ClusterRole multus'],
    );
    assert.equal(outcome.cancelled, false);
  });

  it('a cancel stops before the next object, which is listed as not attempted', async () => {
    let cancelled = false;
    const outcome = await applyStepwise(
      items,
      (i) => ((cancelled = true), ok(i)),
      () => cancelled,
    );
    assert.equal(outcome.cancelled, true);
    assert.deepEqual(
      outcome.applied.map((a) => a.description),
      [crd.description],
    );
    assert.deepEqual(
      outcome.notAttempted.map((i) => i.description),
      ['ServiceAccount kube-system/multus'],
    );
  });

  it('a failure stops the apply and names the failed object', async () => {
    const error = new ClusterError({ kind: 'http', status: 422, message: 'invalid' });
    const outcome = await applyStepwise(
      items,
      (i) => Promise.resolve({ applied: [], skippedUnchanged: [], failed: { item: i, error }, notAttempted: [] }),
      () => false,
    );
    assert.equal(outcome.failed?.item, crd);
    assert.deepEqual(
      outcome.notAttempted.map((i) => i.description),
      ['ServiceAccount kube-system/multus'],
    );
  });
});
