// The pure parts of kube/, without a server: kubectl's rollout rule, kubeconfig merging, field diffs,
// conflict parsing, retry decisions, redaction and the bundled manifests.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { conflictsOf } from '../../kube/apply';
import { diffObjects, formatChange } from '../../kube/diff';
import { ClusterError, errorFromResponse, isRetryable } from '../../kube/errors';
import { explain } from '../../kube/explain';
import { kubeconfigFiles, loadKubeconfig, resolveClusterTarget } from '../../kube/kubeconfig';
import { installManifests, withRegistry } from '../../kube/manifests';
import { nadsToApply } from '../../kube/nads';
import { redactor } from '../../kube/redact';
import { daemonSetRolloutStatus } from '../../kube/rollout';
import { tempDir } from '../tempDir';

function ds(generation: number, status: Record<string, number>, strategy = 'RollingUpdate') {
  return { metadata: { name: 'kube-multus-ds', generation }, spec: { updateStrategy: { type: strategy } }, status };
}

describe("kubectl's DaemonSet rollout rule (kubectl/pkg/polymorphichelpers/rollout_status.go, 1.20.2)", () => {
  it('waits while the new generation is not observed, even with all-ready numbers from the old one', () => {
    // Observed on the real server right after an image change (k8s-deploy.md §1.5).
    const s = daemonSetRolloutStatus(
      ds(2, {
        observedGeneration: 1,
        desiredNumberScheduled: 2,
        currentNumberScheduled: 2,
        updatedNumberScheduled: 2,
        numberReady: 2,
        numberAvailable: 2,
      }),
    );
    assert.equal(s.done, false);
    assert.equal(s.message, 'Waiting for daemon set spec update to be observed...');
  });

  it('counts absent status fields as 0 and waits for updated, then available pods', () => {
    const notUpdated = daemonSetRolloutStatus(
      ds(2, { observedGeneration: 2, desiredNumberScheduled: 2, numberReady: 2, numberAvailable: 2 }),
    );
    assert.equal(
      notUpdated.message,
      'Waiting for daemon set "kube-multus-ds" rollout to finish: 0 out of 2 new pods have been updated...',
    );
    const notAvailable = daemonSetRolloutStatus(
      ds(2, { observedGeneration: 2, desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 1 }),
    );
    assert.equal(
      notAvailable.message,
      'Waiting for daemon set "kube-multus-ds" rollout to finish: 1 of 2 updated pods are available...',
    );
  });

  it('is done when updated and available reach desired, and (like kubectl) when desired is 0', () => {
    const done = daemonSetRolloutStatus(
      ds(1, { observedGeneration: 1, desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2 }),
    );
    assert.equal(done.done, true);
    assert.equal(done.message, 'daemon set "kube-multus-ds" successfully rolled out');
    assert.equal(daemonSetRolloutStatus(ds(1, { observedGeneration: 1 })).done, true);
  });

  it('never reports an OnDelete DaemonSet as rolled out', () => {
    assert.equal(daemonSetRolloutStatus(ds(1, { observedGeneration: 1 }, 'OnDelete')).done, false);
  });
});

describe('kubeconfig resolution like kubectl', () => {
  const dir = tempDir('kc');
  const file = (name: string, current: string | undefined, contexts: [string, string][]) => {
    const path = join(dir, name);
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      ...(current ? { 'current-context': current } : {}),
      clusters: contexts.map(([ctx, server]) => ({
        name: ctx,
        cluster: { server, 'certificate-authority': 'ca.crt' },
      })),
      users: contexts.map(([ctx]) => ({ name: ctx, user: { token: `token-of-${ctx}-in-${name}` } })),
      contexts: contexts.map(([ctx]) => ({ name: ctx, context: { cluster: ctx, user: ctx, namespace: `ns-${name}` } })),
    };
    writeFileSync(path, JSON.stringify(config));
    return path;
  };
  const a = file('a', undefined, [['shared', 'https://a.example:6443']]);
  const b = file('b', 'shared', [
    ['shared', 'https://b.example:6443'],
    ['only-b', 'https://b2.example:6443'],
  ]);

  it('merges the KUBECONFIG files with the first definition of a name winning, skipping missing files', () => {
    const env = { KUBECONFIG: [a, join(dir, 'missing'), b].join(':') };
    assert.deepEqual(kubeconfigFiles({ env }), [a, b]);
    const target = resolveClusterTarget({ env });
    assert.equal(target.context, 'shared');
    assert.equal(target.server, 'https://a.example:6443');
    assert.equal(target.namespace, 'ns-a');
    assert.equal(target.authKind, 'token');
    assert.deepEqual(target.secrets, ['token-of-shared-in-a']);
    assert.equal(resolveClusterTarget({ env, context: 'only-b' }).server, 'https://b2.example:6443');
  });

  it('resolves certificate paths against the kubeconfig file', () => {
    const { kubeConfig } = loadKubeconfig({ paths: [a] });
    assert.equal(kubeConfig.clusters[0].caFile, join(dir, 'ca.crt'));
  });

  it('names the available contexts when the requested one is missing', () => {
    assert.throws(
      () => resolveClusterTarget({ paths: [b], context: 'nope' }),
      /context "nope" is not in the kubeconfig .*; contexts: shared, only-b/,
    );
  });

  it('explains a missing kubeconfig', () => {
    assert.throws(() => resolveClusterTarget({ env: {}, homeDir: dir }), /no kubeconfig found/);
    assert.throws(() => resolveClusterTarget({ paths: [join(dir, 'nope')] }), /kubeconfig .*nope does not exist/);
  });
});

describe('field diffs between the live and the would-be object', () => {
  const live = {
    metadata: {
      name: 'x',
      resourceVersion: '5',
      generation: 1,
      managedFields: [{ manager: 'a' }],
      annotations: { 'deprecated.daemonset.template.generation': '1' },
    },
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'kube-multus', image: 'old' },
            { name: 'side', image: 's' },
          ],
        },
      },
    },
    status: { numberReady: 2 },
  };
  it('ignores server-owned fields and keys containers by name', () => {
    const desired = structuredClone(live);
    desired.metadata.resourceVersion = '6';
    desired.metadata.annotations['deprecated.daemonset.template.generation'] = '2';
    desired.status.numberReady = 0;
    desired.spec.template.spec.containers[0].image = 'new';
    assert.deepEqual(diffObjects(live, desired).map(formatChange), [
      '~ .spec.template.spec.containers[name="kube-multus"].image: "old" -> "new"',
    ]);
  });
  it('shows added and removed fields', () => {
    const desired = structuredClone(live) as typeof live & { spec: { paused?: boolean } };
    desired.spec.paused = true;
    desired.spec.template.spec.containers.pop();
    assert.deepEqual(diffObjects(live, desired).map(formatChange), [
      '- .spec.template.spec.containers[name="side"]',
      '+ .spec.paused: true',
    ]);
  });
});

describe('errors', () => {
  it('reads the field and manager of each server-side apply conflict (Status shape of a real 1.20 server)', () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message:
        'Apply failed with 1 conflict: conflict with "feas-probe": .spec.template.spec.containers[name="kube-multus"].image',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "feas-probe"',
            field: '.spec.template.spec.containers[name="kube-multus"].image',
          },
        ],
      },
      code: 409,
    });
    const err = errorFromResponse(409, body, 'PATCH', '/x');
    assert.deepEqual(conflictsOf(err), [
      { field: '.spec.template.spec.containers[name="kube-multus"].image', manager: 'feas-probe' },
    ]);
  });

  it('retries network errors, timeouts, 429 and 5xx, except a schema 500', () => {
    const http = (status: number, message = 'x') => new ClusterError({ kind: 'http', status, message });
    assert.equal(isRetryable(new ClusterError({ kind: 'network', message: 'cut', code: 'ECONNRESET' })), true);
    assert.equal(isRetryable(new ClusterError({ kind: 'timeout', message: 'slow' })), true);
    assert.deepEqual(
      [429, 500, 502, 503, 504].map((s) => isRetryable(http(s))),
      [true, true, true, true, true],
    );
    assert.deepEqual(
      [400, 401, 403, 404, 409, 422].map((s) => isRetryable(http(s))),
      [false, false, false, false, false, false],
    );
    assert.equal(isRetryable(http(500, 'failed to create typed patch object: .spec.config: expected string')), false);
    assert.equal(isRetryable(new ClusterError({ kind: 'tls', message: 'bad cert' })), false);
  });

  it('explains a text/plain 404 as a plain not-found, not a crash', () => {
    const e = explain(errorFromResponse(404, '404 page not found', 'GET', '/apis/x/v1'), { action: 'read' });
    assert.equal(e.summary, 'could not read: 404 Not Found');
    assert.equal(e.detail, '404 page not found');
  });
});

describe('bundled manifests', () => {
  it('puts the CRD first and pins the release image in both containers', () => {
    for (const flavor of ['thin', 'thick'] as const) {
      const { objects, daemonSets } = installManifests({ flavor });
      assert.equal(objects[0].kind, 'CustomResourceDefinition');
      const ds = objects.find((o) => o.kind === 'DaemonSet') as unknown as {
        spec: {
          selector: { matchLabels: Record<string, string> };
          template: {
            metadata: { labels: Record<string, string> };
            spec: { containers: { image: string }[]; initContainers: { image: string }[] };
          };
        };
      };
      const image = `ghcr.io/k8snetworkplumbingwg/multus-cni:v4.3.0${flavor === 'thick' ? '-thick' : ''}`;
      assert.equal(ds.spec.template.spec.containers[0].image, image);
      assert.equal(ds.spec.template.spec.initContainers[0].image, image);
      // The API server refuses a DaemonSet whose selector does not match its template (a 422).
      for (const [k, v] of Object.entries(ds.spec.selector.matchLabels))
        assert.equal(ds.spec.template.metadata.labels[k], v);
      assert.deepEqual(daemonSets, [{ namespace: 'kube-system', name: 'kube-multus-ds' }]);
    }
  });

  it('uses a configured image and registry', () => {
    const { objects } = installManifests({ flavor: 'thin', image: 'mirror/multus:1' });
    const ds = objects.find((o) => o.kind === 'DaemonSet') as unknown as {
      spec: { template: { spec: { initContainers: { image: string }[] } } };
    };
    assert.equal(ds.spec.template.spec.initContainers[0].image, 'mirror/multus:1');
    assert.equal(
      withRegistry('ghcr.io/flannel-io/flannel:v0.28.9', 'reg.local:5000/'),
      'reg.local:5000/flannel-io/flannel:v0.28.9',
    );
    assert.equal(withRegistry('library/alpine:3', 'reg.local'), 'reg.local/library/alpine:3');
    assert.equal(withRegistry('localhost/x:1', 'reg.local'), 'reg.local/x:1');
  });
});

describe('NADs to apply', () => {
  const nad = (name: string, namespace?: string) => ({
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: { name, ...(namespace ? { namespace } : {}) },
  });
  it('gives NADs without a namespace the default one and skips other kinds', () => {
    const { nads, skipped } = nadsToApply(
      [nad('a'), nad('b', 'lab'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, null],
      'default',
    );
    assert.deepEqual(
      nads.map((n) => `${n.metadata.namespace}/${n.metadata.name}`),
      ['default/a', 'lab/b'],
    );
    assert.deepEqual(skipped, ['Pod p']);
  });
  it('refuses a NAD in another namespace than an explicit --namespace, as kubectl does', () => {
    assert.throws(
      () => nadsToApply([nad('b', 'lab')], 'default', true),
      /is in namespace "lab", which does not match --namespace "default"/,
    );
  });
});

describe('redaction', () => {
  it('replaces every secret, longest first', () => {
    const redact = redactor(['abcdef123456', 'abcdef', 'x']);
    assert.equal(redact('token abcdef123456 and abcdef and x'), 'token [redacted] and [redacted] and x');
  });
});
