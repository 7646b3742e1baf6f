// Differential test of the preview engine against the real reference plugins (Debian
// containernetworking-plugins v1.1.1 in /usr/lib/cni; ../shared/cni-oracle.md). Each case is a
// small cluster (nodes with veth "host interfaces" named as in the cluster model), NADs and pods.
// The engine previews the pods; the same configs run through the real plugin chains in network
// namespaces (eth0 through the bridge delegate flannel would write, domain.md §7.1; then each
// NAD with the interface name, CNI_ARGS and capabilities Multus would pass, derived from the
// annotation in multusSide.ts, domain.md §2.3). Compared per pod, one preview per pod, in order:
// addresses and MTU per interface, `ip route` / `ip -6 route` text, `ip rule` and sbr tables,
// and the error text when the plugins refuse. Multus' own steps (default-route rewrite,
// network-status) are not in the real plugins and are tested against its source elsewhere.
// This kernel has no ipvlan or 8021q module (`ip link add ... type ipvlan`: Unknown device type;
// vlan: operation not supported), so ipvlan and vlan are checked against their source only.
import assert from 'node:assert/strict';
import { seedLabMacvlanConfig } from '../shared/seedLab';
import { execFileSync } from 'node:child_process';
import { after, it } from 'node:test';
import { previewPods, readManifestSet, type ClusterModel } from '../../engine';
import { formatIp, parseCidr, type IpPrefix } from '../../engine/address/ipAddress';
import type { PodPreview } from '../../engine/preview/podPreviewModel';
import { formatIpRoute, formatIpRule } from '../../engine/render/ipRouteText';
import { CniLab, describeOracle } from './cniHarness';
import { multusAttachments } from './multusSide';
import { attachReal, flannelBridgeDelegate, linkLocalOrderFree, oracleManifests } from './previewChain';

import type { Json } from '../../engine';

interface OracleNodeSpec {
  readonly name: string;
  readonly podCIDR: string;
  /** A second pod CIDR for dual-stack flannel (network fd00:10:244::/56). */
  readonly podCIDRv6?: string;
}

interface OraclePodSpec {
  readonly name: string;
  readonly node: string;
  /** The pod's `k8s.v1.cni.cncf.io/networks` value: the engine reads it, multusSide.ts derives the real runs. */
  readonly annotation: string;
}

interface OracleCase {
  readonly name: string;
  /** Interfaces whose MAC comes from a request or the config (not kernel-random), compared too. */
  readonly compareMacs?: readonly string[];
  /** Sysctl paths under /proc/sys a plugin sets (tuning), compared by value. */
  readonly compareSysctls?: readonly string[];
  readonly nodes: readonly OracleNodeSpec[];
  readonly nads: Record<string, Json>;
  readonly pods: readonly OraclePodSpec[];
}

const HOST_INTERFACES = [
  { name: 'eth0', mtu: 1500 },
  { name: 'eth1', mtu: 9000 },
];

function cidr(text: string): IpPrefix {
  return parseCidr(text) as IpPrefix;
}

function clusterOf(spec: OracleCase): ClusterModel {
  const dual = spec.nodes.some((node) => node.podCIDRv6);
  return {
    nodes: spec.nodes.map((node) => ({
      name: node.name,
      labels: {},
      taints: [],
      podCIDRs: [node.podCIDR, ...(node.podCIDRv6 ? [node.podCIDRv6] : [])].map(cidr),
      interfaces: HOST_INTERFACES,
    })),
    defaultNetwork: {
      kind: 'flannel',
      name: 'cbr0',
      network: cidr('10.244.0.0/16'),
      mtu: 1450,
      ...(dual ? { ipv6Network: cidr('fd00:10:244::/56') } : {}),
    },
    pluginVersion: 'v1.1.1',
  };
}

/** The manifests the engine reads: one NAD per config (single-line JSON), one Pod per spec, pinned to its node. */
function manifestsOf(spec: OracleCase): string {
  return oracleManifests(spec.nads, spec.pods);
}

interface PodView {
  readonly error?: string;
  readonly macs?: Record<string, string>;
  readonly sysctls?: Record<string, string>;
  readonly links: string[];
  readonly routes4: string;
  readonly routes6: string;
  readonly rules: string;
  readonly tables: string;
}

function engineView(
  preview: PodPreview,
  compareMacs: readonly string[] = [],
  compareSysctls: readonly string[] = [],
): PodView {
  if (preview.error) return { error: preview.error, links: [], routes4: '', routes6: '', rules: '', tables: '' };
  const macs = Object.fromEntries(
    preview.interfaces.filter((i) => compareMacs.includes(i.name)).map((i) => [i.name, i.mac]),
  );
  const links = preview.interfaces.map((iface) =>
    `${iface.name} mtu ${iface.mtu} ${iface.addresses.map((a) => `${formatCidr(a)}`).join(' ')}`.trim(),
  );
  const tables = preview.tables
    .map((t) => `table ${t.table}\n${formatIpRoute(t.routes, 4)}\n${formatIpRoute(t.routes, 6)}`)
    .join('\n');
  const set = Object.assign({}, ...preview.interfaces.map((i) => i.sysctls)) as Record<string, string>;
  const sysctls = Object.fromEntries(compareSysctls.map((path) => [path, set[path] ?? '(unset)']));
  return {
    ...(compareMacs.length ? { macs } : {}),
    ...(compareSysctls.length ? { sysctls } : {}),
    links,
    routes4: formatIpRoute(preview.routes, 4),
    routes6: linkLocalOrderFree(formatIpRoute(preview.routes, 6)),
    rules: preview.rules.length ? formatIpRule(preview.rules) : '',
    tables,
  };
}

function formatCidr(prefix: IpPrefix): string {
  return `${formatIp(prefix.address)}/${prefix.prefixLength}`;
}

function realView(
  lab: CniLab,
  pod: string,
  error: string | undefined,
  withTables: readonly number[],
  compareMacs: readonly string[] = [],
  compareSysctls: readonly string[] = [],
): PodView {
  if (error) return { error, links: [], routes4: '', routes6: '', rules: '', tables: '' };
  const addrs = lab.inspect(pod, ['address', 'show']) as Json[];
  const macs = Object.fromEntries(
    addrs.filter((l) => compareMacs.includes(String(l.ifname))).map((l) => [String(l.ifname), String(l.address)]),
  );
  const links = addrs
    .filter((link) => link.ifname !== 'lo')
    .map((link) => {
      const infos = ((link.addr_info ?? []) as Json[]).filter((info) => info.scope === 'global');
      const v4 = infos.filter((i) => i.family === 'inet').map((i) => `${String(i.local)}/${String(i.prefixlen)}`);
      const v6 = infos.filter((i) => i.family === 'inet6').map((i) => `${String(i.local)}/${String(i.prefixlen)}`);
      return `${String(link.ifname)} mtu ${String(link.mtu)} ${[...v4, ...v6].join(' ')}`.trim();
    });
  const ipText = (args: string[]) => shell(['-n', pod, ...args]);
  const rules = ipText(['rule', 'show']);
  const hasRules = rules.split('\n').length > 3;
  const sysctls = Object.fromEntries(
    compareSysctls.map((path) => [
      path,
      execFileSync('ip', ['netns', 'exec', pod, 'cat', `/proc/sys/${path}`], { encoding: 'utf8' }).trim(),
    ]),
  );
  return {
    ...(compareMacs.length ? { macs } : {}),
    ...(compareSysctls.length ? { sysctls } : {}),
    links,
    routes4: ipText(['-4', 'route', 'show']),
    routes6: linkLocalOrderFree(ipText(['-6', 'route', 'show'])),
    rules: hasRules ? rules : '',
    tables: withTables
      .map(
        (t) =>
          `table ${t}\n${ipText(['-4', 'route', 'show', 'table', String(t)])}\n${ipText(['-6', 'route', 'show', 'table', String(t)])}`,
      )
      .join('\n'),
  };
}

function shell(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n');
}

/** Runs a case for real: one lab (host namespace) per node, pods in order, like the engine. */
function runReal(spec: OracleCase, previews: readonly PodPreview[]): PodView[] {
  const labs = new Map<string, CniLab>();
  try {
    for (const node of spec.nodes) {
      const lab = CniLab.create('mnp');
      for (const iface of HOST_INTERFACES) lab.addHostLink(iface.name, iface.mtu);
      labs.set(node.name, lab);
    }
    return spec.pods.map((pod, i) => {
      const node = spec.nodes.find((n) => n.name === pod.node) as OracleNodeSpec;
      const lab = labs.get(pod.node) as CniLab;
      const netns = lab.addPod(pod.name);
      let error: string | undefined;
      const attachments = multusAttachments(pod.annotation, spec.nads);
      for (const attach of [
        { config: flannelBridgeDelegate(node.podCIDR, node.podCIDRv6), ifname: 'eth0' },
        ...attachments,
      ]) {
        const outcome = attachReal(lab, netns, attach);
        if (!outcome.ok) {
          error = outcome.msg;
          break;
        }
      }
      return realView(
        lab,
        netns,
        error,
        previews[i]?.tables.map((t) => t.table) ?? [],
        spec.compareMacs,
        spec.compareSysctls,
      );
    });
  } finally {
    for (const lab of labs.values()) lab.dispose();
  }
}

const MACVLAN_SEED = seedLabMacvlanConfig();

const CASES: OracleCase[] = [
  (() => {
    const macvlanOn = (subnet: string) => ({
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth1',
      ipam: { type: 'host-local', subnet },
    });
    return {
      name: 'a requested interface name still takes its position: the networks after it are net2, net3 (MUL getIfname)',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { lan: macvlanOn('10.31.0.0/24'), san: macvlanOn('10.32.0.0/24'), wan: macvlanOn('10.33.0.0/24') },
      pods: [
        { name: 'n0', node: 'node1', annotation: 'lan@data0,san' },
        { name: 'n1', node: 'node1', annotation: '[{"name":"san"},{"name":"lan","interface":"data1"},{"name":"wan"}]' },
      ],
    };
  })(),
  {
    name: 'seed lab: flannel eth0 + macvlan host-local, two pods on one node',
    nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
    nads: { 'macvlan-conf': MACVLAN_SEED },
    pods: ['samplepod', 'samplepod2'].map((name) => ({
      name,
      node: 'node1',
      annotation: 'macvlan-conf',
    })),
  },
  {
    name: 'two nodes: host-local state per node hands out the same addresses',
    nodes: [
      { name: 'node1', podCIDR: '10.244.1.0/24' },
      { name: 'node2', podCIDR: '10.244.2.0/24' },
    ],
    nads: { 'macvlan-conf': MACVLAN_SEED },
    pods: ['a', 'b', 'c', 'd'].map((name, i) => ({
      name: `pod-${name}`,
      node: i % 2 ? 'node2' : 'node1',
      annotation: 'macvlan-conf',
    })),
  },
  (() => {
    const config = {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth1',
      ipam: {
        type: 'host-local',
        ranges: [
          [
            { subnet: '10.10.0.0/29', rangeStart: '10.10.0.5', rangeEnd: '10.10.0.6' },
            { subnet: '10.10.1.0/29', rangeStart: '10.10.1.2', rangeEnd: '10.10.1.3' },
          ],
        ],
      },
    };
    return {
      name: 'range set of two ranges: resume, move to the next range, exhaust (upstream error text)',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { pool: config },
      pods: [0, 1, 2, 3, 4].map((i) => ({
        name: `p${i}`,
        node: 'node1',
        annotation: 'pool',
      })),
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth1',
      ipam: {
        type: 'host-local',
        ranges: [
          [{ subnet: '172.16.5.0/24', gateway: '172.16.5.254' }],
          [{ subnet: 'fd00:5::/64', rangeStart: 'fd00:5::10' }],
        ],
        routes: [{ dst: '172.17.0.0/16' }, { dst: 'fd00:6::/64' }],
      },
    };
    return {
      name: 'dual stack macvlan with a range set per family and routes via each family gateway',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { dual: config },
      pods: [0, 1].map((i) => ({
        name: `d${i}`,
        node: 'node1',
        annotation: 'dual',
      })),
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth1',
      mtu: 1400,
      ipam: {
        type: 'static',
        addresses: [{ address: '10.20.0.10/24', gateway: '10.20.0.1' }],
        routes: [{ dst: '10.21.0.0/16' }, { dst: '10.22.0.0/16', gw: '10.20.0.254' }],
      },
    };
    return {
      name: 'static IPAM plus an `ips` request (CNI_ARGS IP is appended), MTU below the master',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { fixed: config },
      pods: [
        {
          name: 's0',
          node: 'node1',
          annotation: '[{"name":"fixed","interface":"data0","ips":["10.20.0.50/24"]}]',
        },
      ],
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      name: 'tuned',
      plugins: [
        { type: 'macvlan', master: 'eth1', ipam: { type: 'host-local', subnet: '10.30.0.0/24' } },
        { type: 'tuning', mtu: 1280, mac: '02:11:22:33:44:55', sysctl: { 'net.ipv4.conf.IFNAME.arp_filter': '1' } },
      ],
    };
    return {
      name: 'macvlan + tuning chain: MTU and MAC changed after the main plugin',
      compareMacs: ['net1'],
      compareSysctls: ['net/ipv4/conf/net1/arp_filter'],
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { tuned: config },
      pods: [{ name: 't0', node: 'node1', annotation: 'tuned' }],
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      name: 'sbr-net',
      plugins: [
        {
          type: 'macvlan',
          master: 'eth1',
          ipam: {
            type: 'host-local',
            subnet: '10.40.0.0/24',
            rangeStart: '10.40.0.20',
            routes: [{ dst: '0.0.0.0/0' }, { dst: '10.41.0.0/16' }],
          },
        },
        { type: 'sbr' },
      ],
    };
    return {
      name: 'macvlan + sbr: routes moved to table 100, one rule per address',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { 'sbr-net': config },
      pods: [{ name: 'r0', node: 'node1', annotation: 'sbr-net' }],
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.3.1',
      type: 'bridge',
      bridge: 'br-data',
      isGateway: true,
      mtu: 1400,
      ipam: { type: 'host-local', subnet: '10.50.0.0/24', routes: [{ dst: '10.51.0.0/16' }] },
    };
    return {
      name: 'bridge with isGateway and MTU, two pods',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { br: config },
      pods: [0, 1].map((i) => ({
        name: `b${i}`,
        node: 'node1',
        annotation: 'br',
      })),
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      type: 'ptp',
      mtu: 1300,
      ipam: { type: 'host-local', subnet: '10.60.0.0/24', routes: [{ dst: '10.61.0.0/16' }] },
    };
    return {
      name: 'ptp: connected route replaced by a host route to the gateway',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { p2p: config },
      pods: [
        {
          name: 'q0',
          node: 'node1',
          annotation: 'p2p',
        },
      ],
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth0',
      mtu: 9000,
      ipam: { type: 'host-local', subnet: '10.80.0.0/24' },
    };
    return {
      name: 'macvlan MTU above the master: the plugin error',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { big: config },
      pods: [
        {
          name: 'm0',
          node: 'node1',
          annotation: 'big',
        },
      ],
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth1',
      ipam: { type: 'host-local', ranges: [[{ subnet: '2001:db8:7::/64' }]], routes: [{ dst: '::/0' }] },
    };
    return {
      name: 'IPv6-only macvlan /64: ::2, ::3, default route via ::1',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { v6: config },
      pods: [0, 1].map((i) => ({
        name: `six${i}`,
        node: 'node1',
        annotation: 'v6',
      })),
    };
  })(),
  (() => {
    const config = {
      cniVersion: '1.1.0',
      type: 'macvlan',
      master: 'eth1',
      ipam: { type: 'host-local', subnet: '10.90.0.0/24' },
    };
    return {
      name: 'cniVersion 1.1.0 on the v1.1.1 plugins: incompatible versions',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { newer: config },
      pods: [
        {
          name: 'n0',
          node: 'node1',
          annotation: 'newer',
        },
      ],
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth1',
      ipam: { type: 'host-local', subnet: '10.95.0.0/24' },
    };
    return {
      name: 'host-local requested IPs: one via CNI_ARGS works, two fail to parse',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { req: config },
      pods: [
        {
          name: 'r1',
          node: 'node1',
          annotation: '[{"name":"req","ips":["10.95.0.77"]}]',
        },
        {
          name: 'r2',
          node: 'node1',
          annotation: '[{"name":"req","ips":["10.95.0.78","10.95.0.79"]}]',
        },
      ],
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth1',
      ipam: {
        type: 'static',
        addresses: [{ address: '10.20.0.10/24' }],
        routes: [{ dst: '10.22.0.0/16', gw: '192.0.2.1' }],
      },
    };
    return {
      name: 'a route via a gateway the interface cannot reach: ConfigureIface error text',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { unreachable: config },
      pods: [
        {
          name: 'u0',
          node: 'node1',
          annotation: 'unreachable',
        },
      ],
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      type: 'bridge',
      bridge: 'br6',
      isGateway: true,
      ipam: { type: 'host-local', ranges: [[{ subnet: 'fd00:77::/64' }]], routes: [{ dst: 'fd00:78::/64' }] },
    };
    return {
      name: 'dual-stack flannel (bridge with a range set per family) and an IPv6 bridge: nested IPv6 routes, v6 default',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24', podCIDRv6: 'fd00:10:244:1::/64' }],
      nads: { v6br: config },
      pods: [0, 1].map((i) => ({
        name: `ds${i}`,
        node: 'node1',
        annotation: 'v6br',
      })),
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth1',
      ipam: { type: 'host-local', ranges: [[{ subnet: '2001:db8:9::/64' }]], routes: [{ dst: '::/0' }] },
    };
    return {
      name: 'dual-stack flannel + an IPv6 default route on net1: the kernel joins them into one multipath route',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24', podCIDRv6: 'fd00:10:244:1::/64' }],
      nads: { v6default: config },
      pods: [
        {
          name: 'mp0',
          node: 'node1',
          annotation: 'v6default',
        },
      ],
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth1',
      capabilities: { mac: true },
      ipam: { type: 'host-local', subnet: '10.96.0.0/24' },
    };
    const plain = {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth1',
      mac: '02:00:00:00:10:01',
      ipam: { type: 'host-local', subnet: '10.97.0.0/24' },
    };
    return {
      name: 'MAC from the pod (CNI_ARGS MAC and capability mac) and from the config',
      compareMacs: ['net1', 'net2'],
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { withmac: config, confmac: plain },
      pods: [
        {
          name: 'mac0',
          node: 'node1',
          annotation: '[{"name":"withmac","mac":"02:00:00:00:00:42"},{"name":"confmac"}]',
        },
      ],
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      type: 'host-device',
      device: 'eth1',
      ipam: { type: 'static', addresses: [{ address: '10.98.0.5/24' }] },
    };
    return {
      name: 'host-device moves eth1 into the pod as net1 (MTU kept); a second pod finds no device',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { hostdev: config },
      pods: [0, 1].map((i) => ({
        name: `hd${i}`,
        node: 'node1',
        annotation: 'hostdev',
      })),
    };
  })(),
  (() => {
    const config = {
      cniVersion: '0.4.0',
      name: 'chained',
      plugins: [
        { type: 'bridge', bridge: 'br-pm', isGateway: true, ipam: { type: 'host-local', subnet: '10.99.0.0/24' } },
        { type: 'portmap', capabilities: { portMappings: true } },
        { type: 'bandwidth', ingressRate: 1000000, ingressBurst: 100000, egressRate: 1000000, egressBurst: 100000 },
      ],
    };
    return {
      name: 'bridge + portmap + bandwidth: the chained plugins leave the interface as the bridge made it',
      nodes: [{ name: 'node1', podCIDR: '10.244.1.0/24' }],
      nads: { chained: config },
      pods: [
        {
          name: 'pm0',
          node: 'node1',
          annotation: '[{"name":"chained","portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]}]',
        },
      ],
    };
  })(),
];

const tally = { pods: 0, agreed: 0, configs: 0 };

describeOracle('preview engine vs the real CNI plugins (Debian v1.1.1)', () => {
  after(() => {
    console.log(
      `preview oracle: ${tally.agreed}/${tally.pods} pods agree over ${tally.configs} network configs in ${CASES.length} cases`,
    );
  });
  for (const spec of CASES) {
    it(spec.name, () => {
      const set = readManifestSet([{ path: `${spec.name}.yaml`, text: manifestsOf(spec) }]);
      const previews = previewPods(set.nads, set.pods, clusterOf(spec));
      // Exactly one preview per pod, in input order: a lost or doubled pod must not go uncompared.
      assert.deepEqual(
        previews.map((preview) => preview.key),
        spec.pods.map((pod) => `default/${pod.name}`),
        'one preview per pod',
      );
      const real = runReal(spec, previews);
      tally.configs += Object.keys(spec.nads).length;
      previews.forEach((preview, i) => {
        tally.pods += 1;
        const engine = engineView(preview, spec.compareMacs, spec.compareSysctls);
        const expected = real[i];
        if (expected.error || engine.error) {
          assert.ok(engine.error, `${preview.key}: the plugins failed (${expected.error}) but the engine did not`);
          assert.ok(expected.error, `${preview.key}: the engine refused (${engine.error}) but the plugins succeeded`);
          assert.ok(
            engine.error.endsWith(`: ${expected.error}`),
            `${preview.key}: engine "${engine.error}" vs plugins "${expected.error}"`,
          );
        } else {
          assert.deepEqual(engine, expected, preview.key);
        }
        tally.agreed += 1;
      });
    });
  }
});
