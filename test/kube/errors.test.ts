// How `multus-nad deploy` / `apply` explain what a real API server refuses: bad credentials (401), missing RBAC
// (403 with verb and resource), Multus not installed (404 on the k8s.cni.cncf.io group), invalid objects
// (422 with the field), schema errors that no retry fixes (1.20's 500 for server-side apply), an untrusted
// certificate, and exec credential plugins outside a trusted workspace.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyObject } from '../../kube/apply';
import { runApply, runDeploy, type CliRuntime } from '../../cli/deployCommand';
import { ClusterError } from '../../kube/errors';
import { explain } from '../../kube/explain';
import { resolveClusterTarget } from '../../kube/kubeconfig';
import { nadCustomResourceDefinition } from '../../kube/manifests/multus';
import { listNads } from '../../kube/nads';
import { listNodeReadiness } from '../../kube/nodes';
import { sessionFor, type ClusterSession } from '../../kube/session';
import { waitForCrdEstablished } from '../../kube/crd';
import { allOutput, capture, findSecret } from './harness/capture';
import { startControlPlane, type ControlPlane } from './harness/controlPlane';
import { makeCa } from './harness/pki';

const CRD = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/network-attachment-definitions.k8s.cni.cncf.io';

let cp: ControlPlane;
let admin: ClusterSession;
let runtime: CliRuntime;
let nadFile: string;

function writeNad(name: string, spec: string): string {
  const file = join(cp.dir, `${name.toLowerCase()}.yaml`);
  writeFileSync(
    file,
    `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\n${spec}`,
  );
  return file;
}

/** A kubeconfig in the control plane's folder whose one user authenticates by the exec credential plugin `exec`. */
function execKubeconfig(name: string, exec: { command: string; env?: { name: string; value: string }[] }): string {
  const file = join(cp.dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'exec',
      clusters: [{ name: 'c', cluster: { server: cp.server, 'certificate-authority': cp.pki.caCert } }],
      users: [{ name: 'exec-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', ...exec } } }],
      contexts: [{ name: 'exec', context: { cluster: 'c', user: 'exec-user' } }],
    }),
  );
  return file;
}

async function grantReadOnly(user: string): Promise<void> {
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  await admin.client.request({
    method: 'POST',
    path: `${rbac}/clusterroles`,
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'read-only' },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
    },
  });
  await admin.client.request({
    method: 'POST',
    path: `${rbac}/clusterrolebindings`,
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'read-only' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'read-only' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
    },
  });
}

describe('errors from a real API server, explained', { timeout: 300_000 }, () => {
  before(async () => {
    // Controllers but no nodes: a DaemonSet then has nowhere to run.
    cp = await startControlPlane({ controllers: true });
    admin = cp.admin();
    await grantReadOnly('limited');
    const kubeconfig = cp.kubeconfig([
      { context: 'admin', user: 'admin-token' },
      { context: 'bad', user: 'bad-token' },
      { context: 'limited', user: 'limited-token' },
      { context: 'nobody', user: 'nobody-token' },
    ]);
    runtime = {
      env: { KUBECONFIG: kubeconfig },
      client: { requestTimeoutMs: 10_000, retry: { attempts: 3, baseDelayMs: 50 } },
    };
    nadFile = writeNad(
      'macvlan-conf',
      `spec:\n  config: '{"cniVersion": "0.3.1", "type": "macvlan", "master": "eth0"}'\n`,
    );
  });

  after(async () => {
    await cp?.stop();
  });

  it('a bad token gets the 401 explanation', async () => {
    const r = await capture((io) => runDeploy({ context: 'bad', flavor: 'thin', dryRun: true }, io, runtime));
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /error: could not plan the deploy \(the node list\): 401 Unauthorized/);
    assert.match(r.err, /server: Unauthorized/);
    assert.match(r.err, /next: the server did not accept the credentials of user "bad-user" of context "bad"/);
    assert.doesNotMatch(r.err, /^retrying /m);
  });

  it('a user without write rights gets the 403 explanation with the verb and the resource, and nothing changes', async () => {
    const r = await capture((io) => runDeploy({ context: 'limited', flavor: 'thin' }, io, runtime));
    assert.equal(r.code, 1, r.all);
    assert.match(r.out, /Nodes: {5}none registered/);
    assert.match(
      r.err,
      /could not deploy \(CustomResourceDefinition network-attachment-definitions\.k8s\.cni\.cncf\.io\): 403 Forbidden/,
    );
    assert.match(
      r.err,
      /User "limited" cannot patch resource "customresourcedefinitions" in API group "apiextensions\.k8s\.io"/,
    );
    assert.match(
      r.err,
      /RBAC does not allow user "limited" \(context "limited"\) to "patch" resource "customresourcedefinitions" \(API group apiextensions\.k8s\.io\); ask a cluster admin for a ClusterRole granting verb "patch" on "customresourcedefinitions"/,
    );
    assert.equal(await admin.client.getOptional(CRD), undefined);
  });

  it('a user who may not even list nodes still gets the plan up to the first refusal', async () => {
    const r = await capture((io) => runDeploy({ context: 'nobody', flavor: 'thin', dryRun: true }, io, runtime));
    assert.equal(r.code, 1, r.all);
    assert.match(
      r.out,
      /Nodes: {5}\(cannot list nodes: nodes is forbidden: User "nobody" cannot list resource "nodes"/,
    );
    assert.match(r.err, /to "get" resource "customresourcedefinitions"/);
  });

  it('detects that Multus is not installed (404 on the k8s.cni.cncf.io group)', async () => {
    const r = await capture((io) => runApply({ files: [nadFile], context: 'admin' }, io, runtime));
    assert.equal(r.code, 1, r.all);
    assert.match(
      r.err,
      /error: Multus is not installed on this cluster \(the API group k8s\.cni\.cncf\.io\/v1 is not served\)/,
    );
    assert.match(r.err, /multus-nad deploy/);

    const error = await listNads(admin).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof ClusterError && error.isNotServed, String(error));
    const e = explain(error, { action: 'list NetworkAttachmentDefinitions' });
    assert.match(e.summary, /404 Not Found/);
    assert.match(e.next, /^Multus is not installed on this cluster/);
  });

  it('names the namespace, verb and resource when a user may not apply a NAD', async () => {
    await applyObject(admin, nadCustomResourceDefinition());
    await waitForCrdEstablished(admin, 'network-attachment-definitions.k8s.cni.cncf.io', 30_000);
    const r = await capture((io) =>
      runApply({ files: [nadFile], context: 'limited', namespace: 'default' }, io, runtime),
    );
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /could not apply \(NetworkAttachmentDefinition default\/macvlan-conf\): 403 Forbidden/);
    assert.match(
      r.err,
      /to "patch" resource "network-attachment-definitions" \(API group k8s\.cni\.cncf\.io\) in namespace "default"; ask a cluster admin for a Role in namespace "default"/,
    );
  });

  it('reports a 422 with the field', async () => {
    const file = writeNad('Bad_Name', `spec:\n  config: '{}'\n`);
    const r = await capture((io) => runApply({ files: [file], context: 'admin' }, io, runtime));
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /422 Unprocessable Entity \(Invalid\)/);
    assert.match(r.err, /field metadata\.name \(FieldValueInvalid\)/);
    assert.match(r.err, /Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    assert.match(r.err, /fix the field\(s\) named above/);
  });

  it('does not retry a server-side apply that does not fit the schema (500 on 1.20)', async () => {
    const file = writeNad('object-config', `spec:\n  config:\n    type: macvlan\n`);
    const r = await capture((io) => runApply({ files: [file], context: 'admin' }, io, runtime));
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /500 Internal Server Error/);
    assert.match(r.err, /\.spec\.config: expected string/);
    assert.match(r.err, /does not fit the resource schema at the field named above \(retrying cannot help\)/);
    assert.doesNotMatch(r.err, /^retrying /m);
  });

  it('applies a NAD as admin and reads it back', async () => {
    const r = await capture((io) => runApply({ files: [nadFile], context: 'admin' }, io, runtime));
    assert.equal(r.code, 0, r.all);
    const nads = await listNads(admin, 'default');
    assert.deepEqual(
      nads.get('default')?.map((n) => n.config),
      ['{"cniVersion": "0.3.1", "type": "macvlan", "master": "eth0"}'],
    );
  });

  it('refuses a server whose certificate the kubeconfig CA does not sign, and keeps verification on', async () => {
    const other = join(cp.dir, 'other-ca');
    mkdirSync(other);
    makeCa(other, '/CN=other');
    const kubeconfig = cp.kubeconfig([{ context: 'wrong-ca', user: 'admin-token', caFile: join(other, 'ca.crt') }]);
    const r = await capture((io) =>
      runDeploy({ context: 'wrong-ca', dryRun: true }, io, { ...runtime, env: { KUBECONFIG: kubeconfig } }),
    );
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /TLS handshake failed/);
    assert.match(r.err, /verification stays on/);
    assert.doesNotMatch(r.err, /^retrying /m);
  });

  it('runs exec credential plugins only when allowed (trusted workspace), and they work', async () => {
    const plugin = join(cp.dir, 'credential-plugin.js');
    const credential = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      kind: 'ExecCredential',
      status: { token: cp.pki.tokens.admin },
    };
    writeFileSync(
      plugin,
      `#!${process.execPath}\nprocess.stdout.write(${JSON.stringify(JSON.stringify(credential))});\n`,
    );
    chmodSync(plugin, 0o755);
    const file = execKubeconfig('exec.kubeconfig', { command: plugin });
    assert.throws(
      () => resolveClusterTarget({ paths: [file] }),
      /authenticates by running a program named in the kubeconfig; this is only allowed in a trusted workspace/,
    );
    const target = resolveClusterTarget({ paths: [file], allowExecPlugins: true });
    assert.equal(target.authKind, 'exec');
    const nodes = await listNodeReadiness(sessionFor(target));
    assert.deepEqual(nodes, []);
  });

  it('redacts a credential plugin secret that the plugin echoes in its error', async () => {
    const apiKey = randomBytes(20).toString('hex');
    const plugin = join(cp.dir, 'failing-plugin.js');
    writeFileSync(
      plugin,
      `#!${process.execPath}\nprocess.stderr.write('login failed for key ' + process.env.API_KEY);\nprocess.exit(1);\n`,
    );
    chmodSync(plugin, 0o755);
    const file = execKubeconfig('failing-exec.kubeconfig', {
      command: plugin,
      env: [{ name: 'API_KEY', value: apiKey }],
    });
    const r = await capture((io) => runDeploy({ kubeconfig: file, context: 'exec', dryRun: true }, io, runtime));
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /no credentials/);
    assert.match(r.err, /login failed for key \[redacted\]/);
    assert.ok(!r.all.includes(apiKey));
  });

  it('reports a rollout with no node to run on instead of calling it complete', async () => {
    const r = await capture((io) => runDeploy({ context: 'admin', flavor: 'thin', timeout: 60 }, io, runtime));
    assert.equal(r.code, 1, r.all);
    assert.match(r.out, /Nodes: {5}none registered/);
    assert.match(r.err, /error: DaemonSet kube-system\/kube-multus-ds has no node to run on \(desired 0\)/);
    assert.doesNotMatch(r.out, /Rollout complete/);
  });

  it('never prints a token or key', () => {
    assert.ok(allOutput().includes('401 Unauthorized'));
    assert.equal(findSecret(allOutput(), cp.pki.secrets), undefined);
  });
});
