// `multus-nad cluster snapshot` at scale (issue 14): 2,000 nodes and 20,000 pods (each with a network-status of a
// default and a host-local NAD entry), served by a loopback API stand-in that pages with limit/continue as the
// API server does. The snapshot is compared with a plain paginated list of the same objects through the same
// client: time and the heap still held by the result (after a GC) as ratios. Prints the figures of one run; asserts nothing (timings vary).
//   npm run bench:snapshot
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listAll, openSession, takeSnapshot, type ClusterSession } from '../kube';

const NODES = Number(process.env.SNAPSHOT_BENCH_NODES ?? 2000);
const PODS = Number(process.env.SNAPSHOT_BENCH_PODS ?? 20000);
const REPS = Number(process.env.SNAPSHOT_BENCH_REPS ?? 5);
const NADS = 10;

const node = (i: number) => ({
  metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, zone: `z${i % 3}` } },
  spec: { podCIDR: `10.${i >> 8}.${i & 255}.0/24`, podCIDRs: [`10.${i >> 8}.${i & 255}.0/24`] },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});

const pod = (i: number) => {
  const n = i % NODES;
  const host = 2 + Math.floor(i / NODES);
  const status = [
    {
      name: 'cbr0',
      interface: 'eth0',
      ips: [`10.${n >> 8}.${n & 255}.${host}`],
      mac: '0a:58:0a:00:00:01',
      default: true,
      dns: {},
    },
    {
      name: `default/net-${i % NADS}`,
      interface: 'net1',
      ips: [`192.168.${i % NADS}.${host}`],
      mac: '0a:58:c0:a8:00:01',
      dns: {},
    },
  ];
  return {
    metadata: {
      name: `pod-${i}`,
      namespace: 'default',
      annotations: {
        'k8s.v1.cni.cncf.io/networks': `net-${i % NADS}`,
        'k8s.v1.cni.cncf.io/network-status': JSON.stringify(status, null, '    '),
      },
    },
    spec: { nodeName: `node-${n}` },
    status: { phase: 'Running', podIP: status[0].ips[0], podIPs: [{ ip: status[0].ips[0] }] },
  };
};

const nad = (i: number) => ({
  metadata: { name: `net-${i}`, namespace: 'default' },
  spec: {
    config: JSON.stringify({
      cniVersion: '0.3.1',
      type: 'macvlan',
      master: 'eth0',
      ipam: { type: 'host-local', subnet: `192.168.${i}.0/24` },
    }),
  },
});

const collections: Record<string, (i: number) => unknown> = {
  '/api/v1/nodes': node,
  '/api/v1/pods': pod,
  '/apis/k8s.cni.cncf.io/v1/network-attachment-definitions': nad,
};
const sizes: Record<string, number> = {
  '/api/v1/nodes': NODES,
  '/api/v1/pods': PODS,
  '/apis/k8s.cni.cncf.io/v1/network-attachment-definitions': NADS,
};
const discovery = {
  resources: [{ name: 'network-attachment-definitions', kind: 'NetworkAttachmentDefinition', namespaced: true }],
};

function serve(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://bench');
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/apis/k8s.cni.cncf.io/v1') return send(200, discovery);
  const make = collections[url.pathname];
  if (!make)
    return send(404, { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
  const from = Number(url.searchParams.get('continue') || 0);
  const limit = Number(url.searchParams.get('limit') || sizes[url.pathname]);
  const to = Math.min(sizes[url.pathname], from + limit);
  const items = Array.from({ length: to - from }, (_, k) => make(from + k));
  send(200, { metadata: to < sizes[url.pathname] ? { continue: String(to) } : {}, items });
}

function session(port: number): ClusterSession {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'bench',
      clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token: 'bench-token-not-a-secret' } }],
      contexts: [{ name: 'bench', context: { cluster: 'c', user: 'u' } }],
    }),
  );
  return openSession({ paths: [kubeconfig], requestTimeoutMs: 120_000 });
}

interface Run {
  ms: number;
  /** Heap above the starting point at its highest, sampled every 5 ms while the run works. */
  peakMb: number;
  /** Heap still held by the result after a GC. */
  retainedMb: number;
}

async function measure(run: () => Promise<unknown>): Promise<Run> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const start = performance.now();
  const kept = await run();
  const ms = performance.now() - start;
  clearInterval(sampler);
  global.gc?.();
  const retainedMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  void kept;
  return { ms, peakMb: (peak - heapBefore) / 2 ** 20, retainedMb };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const server = createServer(serve);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  const s = session(port);
  const plainList = () => Promise.all(Object.keys(collections).map((path) => listAll(s, path)));
  const snapshot = () => takeSnapshot(s);
  const check = await takeSnapshot(s);
  console.log(
    `${NODES} nodes, ${PODS} pods, ${NADS} NADs: the snapshot holds ${check.nodes.length} nodes and ${check.takenAddresses.length} taken addresses`,
  );
  const plain: Run[] = [];
  const snap: Run[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    plain.push(await measure(plainList));
    snap.push(await measure(snapshot));
  }
  const med = (runs: Run[], key: keyof Run) => median(runs.map((r) => r[key]));
  const row = (label: string, runs: Run[]) =>
    `| ${label} | ${med(runs, 'ms').toFixed(0)} ms | ${med(runs, 'peakMb').toFixed(0)} MB | ${med(runs, 'retainedMb').toFixed(0)} MB |`;
  const ratio = (key: keyof Run) => `${(med(snap, key) / med(plain, key)).toFixed(2)}x`;
  console.log(`| ${REPS} runs, medians | time | peak heap | retained heap |\n|---|---|---|---|`);
  console.log(row('plain paginated list (nodes, pods, NADs)', plain));
  console.log(row('cluster snapshot', snap));
  console.log(`| snapshot / plain list | ${ratio('ms')} | ${ratio('peakMb')} | ${ratio('retainedMb')} |`);
  server.close();
}

void main();
