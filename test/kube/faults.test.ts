// Network faults between `multus-nad deploy` and a real API server, injected by a TLS proxy: the command
// reports them, retries what is safe (reads, watches, server-side apply: applying the same object twice is
// the same result), gives up after a bounded number of attempts, and says exactly what is on the cluster.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runDeploy, type CliRuntime } from '../../cli/deployCommand';
import type { ClusterSession } from '../../kube/session';
import { allOutput, capture, findSecret } from './harness/capture';
import { freePort, startControlPlane, type ControlPlane } from './harness/controlPlane';
import { FakeKubelet } from './harness/fakeKubelet';
import { FaultProxy } from './harness/faultProxy';

const DS = '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds';
const THICK_CM = '/api/v1/namespaces/kube-system/configmaps/multus-daemon-config';
const PINNED_THIN = 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.3.0';
const PINNED_THICK = 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.3.0-thick';
const MIRROR = 'registry.example:5000/multus-cni:v4.3.0-mirror';

let cp: ControlPlane;
let admin: ClusterSession;
let kubelet: FakeKubelet;
let proxy: FaultProxy;
let kubeconfig: string;

const isApply = (q: URLSearchParams) => q.get('fieldManager') === 'multus-nad' && !q.has('dryRun');
const isDryRun = (q: URLSearchParams) => q.get('dryRun') === 'All';

function runtime(requestTimeoutMs = 10_000): CliRuntime {
  return {
    env: { KUBECONFIG: kubeconfig },
    client: { requestTimeoutMs, retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 } },
  };
}

async function dsImage(): Promise<string> {
  const ds = await admin.client.request<{ spec: { template: { spec: { containers: { image: string }[] } } } }>({
    method: 'GET',
    path: DS,
  });
  return ds.spec.template.spec.containers[0].image;
}

describe('network faults between deploy and the API server', { timeout: 600_000 }, () => {
  before(async () => {
    cp = await startControlPlane({ controllers: true });
    admin = cp.admin();
    kubelet = new FakeKubelet(admin);
    await kubelet.start();
    proxy = new FaultProxy(cp.pki, cp.server);
    await proxy.start();
    kubeconfig = cp.kubeconfig([{ context: 'via-proxy', user: 'admin-token', server: proxy.url }]);
  });

  after(async () => {
    await proxy?.stop();
    await kubelet?.stop();
    await cp?.stop();
  });

  it('reports a refused connection with the server URL after a bounded number of attempts', async () => {
    const port = await freePort();
    const dead = cp.kubeconfig([{ context: 'dead', user: 'admin-token', server: `https://127.0.0.1:${port}` }]);
    const started = Date.now();
    const r = await capture((io) =>
      runDeploy({ context: 'dead', flavor: 'thin', dryRun: true }, io, { ...runtime(), env: { KUBECONFIG: dead } }),
    );
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /network error \(GET \/api\/v1\/nodes\)/);
    assert.match(r.err, /ECONNREFUSED/);
    assert.ok(r.err.includes(`nothing accepts connections at https://127.0.0.1:${port} (after 3 attempts)`), r.err);
    assert.equal(r.err.match(/^retrying GET \/api\/v1\/nodes/gm)?.length, 2);
    assert.ok(Date.now() - started < 10_000);
  });

  it('retries 503s and deploys once the server recovers', async () => {
    let failed = 0;
    proxy.rule = (req) => (req.method === 'PATCH' && failed++ < 2 ? { kind: 'status', code: 503 } : { kind: 'pass' });
    const r = await capture((io) => runDeploy({ context: 'via-proxy', flavor: 'thin', timeout: 120 }, io, runtime()));
    assert.equal(r.code, 0, r.all);
    assert.equal(
      r.err.match(/^retrying PATCH .* 503 the server is currently unable to handle the request$/gm)?.length,
      2,
      r.err,
    );
    assert.match(r.out, /Rollout complete: DaemonSet kube-system\/kube-multus-ds on 2 of 2 nodes \(node-a, node-b\)/);
    assert.equal(await dsImage(), PINNED_THIN);
  });

  it('retries an apply whose answer was cut after the server processed it, and converges', async () => {
    let cut = false;
    proxy.rule = (req) => {
      if (!cut && req.method === 'PATCH' && req.path === DS && isApply(req.query)) {
        cut = true;
        return { kind: 'cut-after' };
      }
      return { kind: 'pass' };
    };
    const applies = proxy.seen('PATCH', DS, isApply).length;
    const r = await capture((io) =>
      runDeploy({ context: 'via-proxy', flavor: 'thin', image: MIRROR, timeout: 120 }, io, runtime()),
    );
    assert.equal(r.code, 0, r.all);
    assert.match(
      r.err,
      /^retrying PATCH \/apis\/apps\/v1\/namespaces\/kube-system\/daemonsets\/kube-multus-ds in \d+ ms \(attempt 2 of 3\): .*cut/m,
    );
    assert.equal(proxy.seen('PATCH', DS, isApply).length - applies, 2, 'the cut apply and its retry');
    assert.match(r.out, /Rollout complete: DaemonSet kube-system\/kube-multus-ds on 2 of 2 nodes/);
    assert.equal(await dsImage(), MIRROR);
  });

  it('retries an apply that answers slower than the request timeout', async () => {
    let slowed = false;
    proxy.rule = (req) => {
      if (!slowed && req.method === 'PATCH' && req.path === DS && isApply(req.query)) {
        slowed = true;
        return { kind: 'slow', ms: 2500 };
      }
      return { kind: 'pass' };
    };
    const r = await capture((io) =>
      runDeploy({ context: 'via-proxy', flavor: 'thin', timeout: 120 }, io, runtime(1000)),
    );
    assert.equal(r.code, 0, r.all);
    assert.match(
      r.err,
      /^retrying PATCH \/apis\/apps\/v1\/namespaces\/kube-system\/daemonsets\/kube-multus-ds .*: no complete answer within 1 s$/m,
    );
    assert.match(r.out, /Rollout complete/);
    assert.equal(await dsImage(), PINNED_THIN);
  });

  it('keeps watching the rollout when the watch connection is cut', async () => {
    let cuts = 0;
    proxy.rule = (req) =>
      req.query.get('watch') === 'true' && cuts++ < 2 ? { kind: 'cut-stream', afterMs: 150 } : { kind: 'pass' };
    const r = await capture((io) =>
      runDeploy({ context: 'via-proxy', flavor: 'thin', image: MIRROR, timeout: 120 }, io, runtime()),
    );
    assert.equal(r.code, 0, r.all);
    assert.ok(
      proxy.seen('GET', '/apis/apps/v1/namespaces/kube-system/daemonsets', (q) => q.get('watch') === 'true').length >=
        2,
    );
    assert.match(r.out, /Rollout complete: DaemonSet kube-system\/kube-multus-ds on 2 of 2 nodes/);
  });

  it('after persistent 503s, says which objects were applied and which were not, and a re-run finishes', async () => {
    // Switching to thick creates a ConfigMap and changes the DaemonSet; the DaemonSet apply keeps failing.
    proxy.rule = (req) =>
      req.method === 'PATCH' && req.path === DS && isApply(req.query)
        ? { kind: 'status', code: 503 }
        : { kind: 'pass' };
    const before = proxy.seen('PATCH', DS, isApply).length;
    const r = await capture((io) => runDeploy({ context: 'via-proxy', flavor: 'thick', timeout: 60 }, io, runtime()));
    assert.equal(r.code, 1, r.all);
    assert.equal(proxy.seen('PATCH', DS, isApply).length - before, 3, 'three attempts, then it gives up');
    assert.match(r.err, /error: could not apply \(DaemonSet kube-system\/kube-multus-ds\): 503 Service Unavailable/);
    assert.match(r.err, /next: the API server failed \(after 3 attempts\)/);
    assert.match(r.err, /Applied before the failure: ConfigMap kube-system\/multus-daemon-config$/m);
    assert.match(r.err, /Not applied: DaemonSet kube-system\/kube-multus-ds \(the server refused it\)/);
    assert.match(r.err, /Not attempted: none/);
    assert.match(r.err, /run `multus-nad deploy` again to finish it/);
    // What it said is what the cluster holds.
    assert.ok(await admin.client.getOptional(THICK_CM));
    assert.equal(await dsImage(), MIRROR);

    proxy.rule = () => ({ kind: 'pass' });
    const again = await capture((io) =>
      runDeploy({ context: 'via-proxy', flavor: 'thick', timeout: 120 }, io, runtime()),
    );
    assert.equal(again.code, 0, again.all);
    assert.match(again.out, /unchanged ConfigMap kube-system\/multus-daemon-config/);
    assert.match(again.out, /Rollout complete/);
    assert.equal(await dsImage(), PINNED_THICK);
  });

  it('when every answer to an apply is cut, says the object may have changed, and it did', async () => {
    proxy.rule = (req) =>
      req.method === 'PATCH' && req.path === DS && isApply(req.query) ? { kind: 'cut-after' } : { kind: 'pass' };
    const r = await capture((io) =>
      runDeploy({ context: 'via-proxy', flavor: 'thick', image: MIRROR, timeout: 60 }, io, runtime()),
    );
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /network error \(PATCH \/apis\/apps\/v1\/namespaces\/kube-system\/daemonsets\/kube-multus-ds/);
    assert.match(r.err, /Unknown: DaemonSet kube-system\/kube-multus-ds \(the request may have reached the server/);
    assert.match(r.err, /run `multus-nad deploy` again to finish it/);
    assert.equal(await dsImage(), MIRROR, 'the server applied it before the cut');

    proxy.rule = () => ({ kind: 'pass' });
    const again = await capture((io) =>
      runDeploy({ context: 'via-proxy', flavor: 'thick', image: MIRROR, timeout: 120 }, io, runtime()),
    );
    assert.equal(again.code, 0, again.all);
    assert.match(again.out, /Nothing to change/);
    assert.match(again.out, /Rollout complete/);
  });

  it('a failed dry run changes nothing', async () => {
    proxy.rule = (req) =>
      req.method === 'PATCH' && isDryRun(req.query) ? { kind: 'status', code: 503 } : { kind: 'pass' };
    const applies = proxy.seen('PATCH', '/', isApply).length;
    const r = await capture((io) => runDeploy({ context: 'via-proxy', flavor: 'thin', timeout: 60 }, io, runtime()));
    assert.equal(r.code, 1, r.all);
    assert.match(
      r.err,
      /could not deploy \(CustomResourceDefinition network-attachment-definitions\.k8s\.cni\.cncf\.io\): 503 Service Unavailable/,
    );
    assert.equal(proxy.seen('PATCH', '/', isApply).length, applies);
    proxy.rule = () => ({ kind: 'pass' });
  });

  it('never prints a token or key', () => {
    assert.equal(findSecret(allOutput(), cp.pki.secrets), undefined);
  });
});
