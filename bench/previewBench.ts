// Preview at scale (issue 4 point 8; ARCHITECTURE.md "Performance"): allocation never enumerates a
// range, so an IPv6 /64 costs what a /24 costs and 100,000 pods take time proportional to the
// pods. Prints times and ratios of one run; it asserts nothing (timings vary by machine).
//   npm run bench:preview
import { performance } from 'node:perf_hooks';
import {
  parseCidr,
  previewPods,
  readManifestSet,
  type ClusterModel,
  type ClusterNode,
  type IpPrefix,
  type NadObject,
  type PodObject,
} from '../engine';

const cidr = (text: string) => parseCidr(text) as IpPrefix;

function cluster(nodeCount: number): ClusterModel {
  const nodes: ClusterNode[] = Array.from({ length: nodeCount }, (_, i) => ({
    name: `node${i + 1}`,
    labels: {},
    taints: [],
    podCIDRs: [cidr(`10.${100 + Math.floor(i / 250)}.${i % 250}.0/24`)],
    interfaces: [{ name: 'eth0', mtu: 1500 }],
  }));
  // The default network is a /16 per node here so that 2,000+ pods fit on one node's eth0.
  return {
    nodes: nodes.map((node, i) => ({ ...node, podCIDRs: [cidr(`10.${i + 1}.0.0/16`)] })),
    defaultNetwork: { kind: 'flannel', name: 'cbr0', network: cidr('10.0.0.0/8'), mtu: 1450 },
  };
}

function nads(config: Record<string, unknown>): readonly NadObject[] {
  const text = `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: net\nspec:\n  config: '${JSON.stringify(config)}'\n`;
  return readManifestSet([{ path: 'bench.yaml', text }]).nads;
}

function pods(count: number, nodeCount: number, source: NadObject['source']): PodObject[] {
  return Array.from({ length: count }, (_, i) => ({
    namespace: 'default',
    name: `pod-${i}`,
    annotations: { 'k8s.v1.cni.cncf.io/networks': 'net' },
    nodeName: `node${(i % nodeCount) + 1}`,
    nodeSelector: {},
    tolerations: [],
    source,
    annotationsPath: [],
  }));
}

function run(label: string, config: Record<string, unknown>, podCount: number, nodeCount: number): number {
  const defs = nads(config);
  const list = pods(podCount, nodeCount, defs[0].source);
  const model = cluster(nodeCount);
  const start = performance.now();
  const previews = previewPods(defs, list, model);
  const ms = performance.now() - start;
  const refused = previews.filter((p) => p.error).length;
  const last = previews.filter((p) => !p.error).at(-1);
  const lastAddress = last?.networkStatus[1]?.ips?.[0] ?? '-';
  console.log(
    `${label.padEnd(46)} ${String(podCount).padStart(7)} pods  ${ms.toFixed(0).padStart(6)} ms  ${((ms * 1000) / podCount).toFixed(1).padStart(6)} µs/pod  refused ${refused}  last ${lastAddress}`,
  );
  return ms / podCount;
}

const macvlan = (ipam: Record<string, unknown>) => ({ cniVersion: '0.4.0', type: 'macvlan', master: 'eth0', ipam });

console.log('preview bench (one run; compare the ratios, not the absolute times)');
const whereabouts16 = run(
  'whereabouts /16, one cluster-wide pool',
  macvlan({ type: 'whereabouts', range: '10.200.0.0/16' }),
  100_000,
  50,
);
const whereabouts24 = run(
  'whereabouts /24 (for the ratio)',
  macvlan({ type: 'whereabouts', range: '10.201.0.0/24' }),
  254,
  50,
);
const hostLocal64 = run(
  'host-local IPv6 /64, 50 nodes',
  macvlan({ type: 'host-local', ranges: [[{ subnet: 'fd00:64::/64' }]] }),
  100_000,
  50,
);
const hostLocal24 = run(
  'host-local IPv4 /24, 50 nodes (for the ratio)',
  macvlan({ type: 'host-local', ranges: [[{ subnet: '10.202.0.0/24' }]] }),
  12_500,
  50,
);
console.log(
  `ratio per pod: whereabouts /16 vs /24 = ${(whereabouts16 / whereabouts24).toFixed(2)}, host-local /64 vs /24 = ${(hostLocal64 / hostLocal24).toFixed(2)}`,
);
console.log(
  "(a /16 holds 65,534 addresses: the remaining pods are refused with whereabouts' exhaustion error, as a cluster would)",
);
