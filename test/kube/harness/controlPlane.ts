// A real Kubernetes control plane on loopback for the cluster tests: Debian's etcd plus kube-apiserver (and, for
// rollouts, kube-controller-manager and kube-scheduler) built by scripts/provision-apiserver.sh. Every
// process listens on a free port and lives in its own temporary directory, so test files may run side by side.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { sessionFor, type ClusterSession } from '../../../kube/session';
import { resolveClusterTarget } from '../../../kube/kubeconfig';
import type { ClientOptions } from '../../../kube/transport';
import { makePki, type Pki } from './pki';
import { killStaleGroups, signalGroup, spawnGroup } from './processGroups';

const repoRoot = resolve(__dirname, '../../..');

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/**
 * The directory with kube-apiserver & co: $MULTUS_NAD_K8S_BIN, else what the (cached) provisioning prints.
 * A provisioning that cannot provide etcd or the binaries fails the suite with its one line.
 */
function binDir(): string {
  if (process.env.MULTUS_NAD_K8S_BIN) return process.env.MULTUS_NAD_K8S_BIN;
  const run = spawnSync('bash', [join(repoRoot, 'scripts/provision-apiserver.sh')], { encoding: 'utf8' });
  if (run.status !== 0) {
    const lines = (run.stderr ?? '').trim().split('\n');
    throw new Error(lines.pop() || `scripts/provision-apiserver.sh failed (${run.status ?? run.signal})`);
  }
  return run.stdout.trim().split('\n').pop() ?? '';
}

export type UserKind =
  'admin-cert' | 'admin-cert-data' | 'admin-token' | 'limited-token' | 'nobody-token' | 'bad-token';

export interface KubeconfigSpec {
  context: string;
  user: UserKind;
  /** Defaults to the API server; the fault proxy passes its own URL. */
  server?: string;
  namespace?: string;
  /** A CA other than the cluster's, to test certificate verification. */
  caFile?: string;
}

export interface ControlPlane {
  server: string;
  dir: string;
  pki: Pki;
  /** Writes a kubeconfig with one context per spec (the first is current) and returns its path. */
  kubeconfig(specs: KubeconfigSpec[], name?: string): string;
  /** A session as cluster admin (client certificate), for test setup and assertions. */
  admin(options?: ClientOptions): ClusterSession;
  stop(): Promise<void>;
}

function userEntry(pki: Pki, kind: UserKind): Record<string, unknown> {
  switch (kind) {
    case 'admin-cert':
      return { 'client-certificate': pki.adminCert, 'client-key': pki.adminKey };
    case 'admin-cert-data':
      return {
        'client-certificate-data': readFileSync(pki.adminCert).toString('base64'),
        'client-key-data': readFileSync(pki.adminKey).toString('base64'),
      };
    case 'admin-token':
      return { token: pki.tokens.admin };
    case 'limited-token':
      return { token: pki.tokens.limited };
    case 'nobody-token':
      return { token: pki.tokens.nobody };
    case 'bad-token':
      return { token: 'not-a-valid-token-0123456789abcdef' };
  }
}

function writeKubeconfig(path: string, pki: Pki, server: string, specs: KubeconfigSpec[]): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': specs[0].context,
    clusters: specs.map((s) => ({
      name: `${s.context}-cluster`,
      cluster: { server: s.server ?? server, 'certificate-authority': s.caFile ?? pki.caCert },
    })),
    users: specs.map((s) => ({ name: `${s.context}-user`, user: userEntry(pki, s.user) })),
    contexts: specs.map((s) => ({
      name: s.context,
      context: {
        cluster: `${s.context}-cluster`,
        user: `${s.context}-user`,
        ...(s.namespace ? { namespace: s.namespace } : {}),
      },
    })),
  };
  writeFileSync(path, stringify(config));
}

async function waitReady(server: string, pki: Pki, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const ca = readFileSync(pki.caCert);
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((done) => {
      const req = https.get(
        `${server}/readyz`,
        { ca, headers: { Authorization: `Bearer ${pki.tokens.admin}` } },
        (res) => {
          res.resume();
          done(res.statusCode === 200);
        },
      );
      req.on('error', () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the API server at ${server} was not ready within ${timeoutMs / 1000} s`);
}

/** Starts etcd + kube-apiserver; with `controllers`, also the DaemonSet/ServiceAccount controllers, the garbage collector (a deleted DaemonSet takes its pods) and the scheduler. */
export async function startControlPlane(options: { controllers: boolean }): Promise<ControlPlane> {
  killStaleGroups();
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'multus-nad-cp-'));
  const pki = makePki(dir);
  const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const launch = (name: string, command: string, args: string[]) => {
    children.push(spawnGroup(command, args, join(dir, `${name}.log`)));
  };
  const etcdUrl = `http://127.0.0.1:${etcdClient}`;
  launch('etcd', 'etcd', [
    '--name=test',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
    `--initial-cluster=test=http://127.0.0.1:${etcdPeer}`,
  ]);
  const server = `https://127.0.0.1:${apiPort}`;
  launch('apiserver', join(bin, 'kube-apiserver'), [
    `--etcd-servers=${etcdUrl}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${apiPort}`,
    '--advertise-address=127.0.0.1',
    `--tls-cert-file=${pki.serverCert}`,
    `--tls-private-key-file=${pki.serverKey}`,
    `--client-ca-file=${pki.caCert}`,
    `--token-auth-file=${pki.tokenFile}`,
    `--service-account-key-file=${pki.saPublic}`,
    `--service-account-signing-key-file=${pki.saPrivate}`,
    '--service-account-issuer=https://kubernetes.default.svc',
    // Multus runs privileged: without this the DaemonSet is a 422 (k8s-deploy.md §1.4).
    '--allow-privileged=true',
    '--authorization-mode=RBAC',
    '--endpoint-reconciler-type=none',
    '--service-cluster-ip-range=10.96.0.0/24',
    `--cert-dir=${join(dir, 'certs')}`,
    '--profiling=false',
  ]);
  await waitReady(server, pki, 60_000);
  const adminConfig = join(dir, 'admin.kubeconfig');
  writeKubeconfig(adminConfig, pki, server, [{ context: 'admin', user: 'admin-cert' }]);
  if (options.controllers) {
    const common = [
      `--kubeconfig=${adminConfig}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      '--secure-port=0',
      '--port=0',
    ];
    launch('controller-manager', join(bin, 'kube-controller-manager'), [
      ...common,
      `--authentication-kubeconfig=${adminConfig}`,
      `--authorization-kubeconfig=${adminConfig}`,
      // Only what a DaemonSet rollout and a test pod need; the node lifecycle controller is left out so that
      // nodes without a real kubelet are never tainted unreachable.
      '--controllers=daemonset,serviceaccount,serviceaccount-token,garbagecollector',
      `--service-account-private-key-file=${pki.saPrivate}`,
      `--root-ca-file=${pki.caCert}`,
      '--use-service-account-credentials=false',
    ]);
    launch('scheduler', join(bin, 'kube-scheduler'), [
      ...common,
      `--authentication-kubeconfig=${adminConfig}`,
      `--authorization-kubeconfig=${adminConfig}`,
    ]);
  }
  let counter = 0;
  return {
    server,
    dir,
    pki,
    kubeconfig(specs, name) {
      const path = join(dir, name ?? `kubeconfig-${++counter}`);
      writeKubeconfig(path, pki, server, specs);
      return path;
    },
    admin(clientOptions) {
      return sessionFor(resolveClusterTarget({ paths: [adminConfig] }), {
        fieldManager: 'test-admin',
        ...clientOptions,
      });
    },
    async stop() {
      await Promise.all(
        children.reverse().map(
          (child) =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5000);
              child.once('exit', () => {
                clearTimeout(timer);
                done();
              });
              signalGroup(child, 'SIGTERM');
            }),
        ),
      );
      if (!process.env.MULTUS_NAD_KEEP_CLUSTER_DIR) rmSync(dir, { recursive: true, force: true });
    },
  };
}
