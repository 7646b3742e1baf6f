// The connectivity matrix against the real kernel (issue 19; ../shared/cni-oracle.md
// "Reachability"). Each scenario is a cluster model file, NADs and pods. The engine previews the
// pods and says who reaches whom; the same cluster is built in network namespaces
// (connectivityLab.ts: node namespaces, veth masters plugged into Linux-bridge "segments"), the
// real plugins (Debian containernetworking-plugins v1.1.1) attach each pod (flannel's bridge
// delegate as eth0, then the NADs), and `ping -c3 -W1` answers every cell that has an address:
//   reachable   -> the ping is answered
//   unreachable -> it is not
//   depends on a switch that reflects frames (macvlan vepa) -> not answered by a plain switch,
//               answered once the segment's ports hairpin (both are run)
//   any other depends -> recorded and reported, not asserted (it depends on something the
//               kernel lab does not decide, e.g. routes between nodes)
// Scenarios with `switchModes: ['plain', 'hairpin']` are pinged with both switches. Modes this
// kernel cannot create (ipvlan, the vlan plugin, bridge VLAN filtering: no module here) are
// previewed too, their verdicts must cite kernel source, and the summary lists them as
// `not verified on this kernel`.
import assert from 'node:assert/strict';
import { seedLabMacvlanConfig } from '../shared/seedLab';
import { after, before, it } from 'node:test';
import {
  connectivityOf,
  previewPods,
  readClusterFile,
  readManifestSet,
  type ClusterModel,
  type ConnectivityMatrix,
  type Json,
  type MatrixCell,
  type PodPreview,
} from '../../engine';
import { formatPrefix } from '../../engine/address/ipAddress';
import { describeOracle } from './cniHarness';
import { ClusterLab, kernelCreates, pings, removeStaleLabNamespaces } from './connectivityLab';
import { attachReal, flannelBridgeDelegate, oracleManifests } from './previewChain';
import { SOURCES } from '../../engine/connectivity/sources';

type SwitchMode = 'plain' | 'hairpin';

interface ScenarioPod {
  readonly name: string;
  readonly node: string;
  /** NAD names in annotation order (net1, net2, ...), each with requested addresses if any. */
  readonly networks: readonly { readonly nad: string; readonly ips?: readonly string[] }[];
}

interface Scenario {
  readonly name: string;
  readonly cluster: string;
  readonly nads: Record<string, Json>;
  readonly pods: readonly ScenarioPod[];
  readonly switchModes?: readonly SwitchMode[];
  /** Not creatable on this kernel: previewed and checked for kernel-source citations only. */
  readonly needs?: 'ipvlan' | 'vlan' | 'bridge-vlan-filtering';
}

const LAB_ONE_SEGMENT = `
pluginVersion: v1.1.1
nodes:
  - name: master
    podCIDRs: [10.244.0.0/24]
    interfaces: [{ name: eth0, mtu: 1500, segment: lab, addresses: [192.168.1.10/24] }]
  - name: node1
    podCIDRs: [10.244.1.0/24]
    interfaces: [{ name: eth0, mtu: 1500, segment: lab, addresses: [192.168.1.11/24] }]
`;

const LAB_TWO_SEGMENTS = LAB_ONE_SEGMENT.replace(
  'segment: lab, addresses: [192.168.1.10/24]',
  'segment: lab-b, addresses: [192.168.1.10/24]',
);

const LAB_BRIDGES = (uplinks: boolean) => `
pluginVersion: v1.1.1
nodes:
  - name: master
    podCIDRs: [10.244.0.0/24]
    interfaces: [{ name: eth0, mtu: 1500, segment: lab, addresses: [192.168.1.10/24] }, { name: eth1, mtu: 1500, segment: sw }]
    bridges: [{ name: br-test${uplinks ? ', uplink: eth1' : ''} }]
  - name: node1
    podCIDRs: [10.244.1.0/24]
    interfaces: [{ name: eth0, mtu: 1500, segment: lab, addresses: [192.168.1.11/24] }, { name: eth1, mtu: 1500, segment: sw }]
    bridges: [{ name: br-test${uplinks ? ', uplink: eth1' : ''} }]
`;

/** The seed lab's macvlan NAD in another mode or on another master. */
function macvlan(mode: string, master = 'eth0'): Json {
  return { ...seedLabMacvlanConfig(), master, mode };
}

function bridge(extra: Json): Json {
  return {
    cniVersion: '0.3.1',
    type: 'bridge',
    bridge: 'br-test',
    ipam: { type: 'host-local', subnet: '10.10.0.0/24', rangeStart: '10.10.0.2', rangeEnd: '10.10.0.60' },
    ...extra,
  };
}

/** Two pods on node1, one on master (asking for an address node1's pods do not get: host-local is per node). */
function threePods(nad: string, masterIp: string): ScenarioPod[] {
  return [
    { name: 'samplepod', node: 'node1', networks: [{ nad }] },
    { name: 'samplepod2', node: 'node1', networks: [{ nad }] },
    { name: 'samplepod3', node: 'master', networks: [{ nad, ips: [masterIp] }] },
  ];
}

const SCENARIOS: Scenario[] = [
  {
    name: 'seed lab: macvlan bridge on eth0, both eth0s on segment lab',
    cluster: LAB_ONE_SEGMENT,
    nads: { 'macvlan-conf': macvlan('bridge') },
    pods: threePods('macvlan-conf', '192.168.1.210'),
  },
  {
    name: 'macvlan private: apart on one master even when the switch reflects frames, together across nodes',
    cluster: LAB_ONE_SEGMENT,
    nads: { 'macvlan-private': macvlan('private') },
    pods: threePods('macvlan-private', '192.168.1.210'),
    switchModes: ['plain', 'hairpin'],
  },
  {
    name: 'macvlan vepa: pods on one master (and their node) meet only through a reflecting switch',
    cluster: LAB_ONE_SEGMENT,
    nads: { 'macvlan-vepa': macvlan('vepa') },
    pods: threePods('macvlan-vepa', '192.168.1.210'),
    switchModes: ['plain', 'hairpin'],
  },
  {
    name: 'macvlan passthru: one pod per master (the second is refused), across nodes reachable',
    cluster: LAB_ONE_SEGMENT,
    nads: { 'macvlan-passthru': macvlan('passthru') },
    pods: threePods('macvlan-passthru', '192.168.1.210'),
  },
  {
    name: 'macvlan source: the plugin knows no such mode, the pod is refused',
    cluster: LAB_ONE_SEGMENT,
    nads: { 'macvlan-source': macvlan('source') },
    pods: [{ name: 'samplepod', node: 'node1', networks: [{ nad: 'macvlan-source' }] }],
  },
  {
    name: 'macvlan bridge, the nodes on different segments: only pods of one node meet',
    cluster: LAB_TWO_SEGMENTS,
    nads: { 'macvlan-conf': macvlan('bridge') },
    pods: threePods('macvlan-conf', '192.168.1.210'),
  },
  {
    name: 'bridge without uplink, isGateway: one node only, the node answers on the gateway',
    cluster: LAB_BRIDGES(false),
    nads: { 'br-net': bridge({ isGateway: true }) },
    pods: threePods('br-net', '10.10.0.50'),
  },
  {
    name: 'bridge with uplinks on one segment, no gateway: across nodes, the node has no address',
    cluster: LAB_BRIDGES(true),
    nads: { 'br-net': bridge({}) },
    pods: threePods('br-net', '10.10.0.50'),
  },
  {
    name: 'bridge portIsolation on plugins v1.1.1: ignored (it came in v1.7.0), the ports still forward',
    cluster: LAB_BRIDGES(false),
    nads: { 'br-net': bridge({ portIsolation: true }) },
    pods: threePods('br-net', '10.10.0.50').slice(0, 2),
  },
  {
    name: 'ptp: each pod reaches its node; pods of one node reach each other through it',
    cluster: LAB_ONE_SEGMENT,
    nads: {
      'ptp-net': {
        cniVersion: '0.3.1',
        type: 'ptp',
        ipam: { type: 'host-local', subnet: '10.20.0.0/24', rangeStart: '10.20.0.10', rangeEnd: '10.20.0.60' },
      },
    },
    pods: threePods('ptp-net', '10.20.0.50'),
  },
  ...['l2', 'l3', 'l3s'].map((mode): Scenario => ({
    name: `ipvlan ${mode}`,
    needs: 'ipvlan',
    cluster: LAB_ONE_SEGMENT,
    nads: { [`ipvlan-${mode}`]: { ...macvlan(mode), type: 'ipvlan' } },
    pods: threePods(`ipvlan-${mode}`, '192.168.1.210'),
  })),
  {
    name: 'vlan plugin: one VLAN ID across nodes on one segment',
    needs: 'vlan',
    cluster: LAB_ONE_SEGMENT,
    nads: {
      vlan100: { cniVersion: '0.3.1', type: 'vlan', master: 'eth0', vlanId: 100, ipam: bridge({}).ipam },
    },
    pods: [
      { name: 'a', node: 'node1', networks: [{ nad: 'vlan100' }] },
      { name: 'b', node: 'master', networks: [{ nad: 'vlan100', ips: ['10.10.0.50'] }] },
    ],
  },
  {
    name: 'bridge vlan: one VLAN on one bridge',
    needs: 'bridge-vlan-filtering',
    cluster: LAB_BRIDGES(false),
    nads: { 'br-vlan': bridge({ vlan: 100 }) },
    pods: threePods('br-vlan', '10.10.0.50').slice(0, 2),
  },
];

function manifestsOf(spec: Scenario): string {
  return oracleManifests(
    spec.nads,
    spec.pods.map((pod) => ({ ...pod, annotation: annotationOf(pod) })),
  );
}

function annotationOf(pod: ScenarioPod): string {
  if (!pod.networks.some((net) => net.ips)) return pod.networks.map((net) => net.nad).join(',');
  return JSON.stringify(pod.networks.map((net) => ({ name: net.nad, ...(net.ips ? { ips: net.ips } : {}) })));
}

function clusterOf(spec: Scenario): ClusterModel {
  const cluster = readClusterFile(spec.cluster);
  if ('error' in cluster) throw new Error(`${spec.name}: cluster file: ${cluster.error}`);
  return cluster;
}

/**
 * Attaches every pod for real, in preview order, on the node the preview chose; checks the
 * kernel gave the addresses the preview shows (else the matrix would be compared against other
 * addresses) and that the plugins refuse exactly the pods the engine refuses. Returns the pod
 * namespaces by the name the matrix uses.
 */
function attachAll(
  lab: ClusterLab,
  spec: Scenario,
  previews: readonly PodPreview[],
  cluster: ClusterModel,
): Map<string, string> {
  const namespaces = new Map<string, string>();
  for (const preview of previews) {
    const pod = spec.pods.find((candidate) => candidate.name === preview.pod.name) as ScenarioPod;
    const node = lab.nodes.get(pod.node);
    const podCIDR = cluster.nodes.find((n) => n.name === pod.node)?.podCIDRs[0];
    assert.ok(node && podCIDR, `${pod.name}: node ${pod.node} is in the lab`);
    const netns = node.addPod(pod.name);
    namespaces.set(pod.name, netns);
    const attaches = [
      { config: flannelBridgeDelegate(formatPrefix(podCIDR)), ifname: 'eth0' },
      ...pod.networks.map((net, i) => ({
        config: { name: net.nad, ...spec.nads[net.nad] },
        ifname: `net${i + 1}`,
        ...(net.ips ? { cniArgs: [`IP=${net.ips.join(',')}`] } : {}),
      })),
    ];
    let error: string | undefined;
    for (const attach of attaches) {
      const outcome = attachReal(node, netns, attach);
      if (!outcome.ok) {
        error = outcome.msg;
        break;
      }
    }
    if (error || preview.error) {
      assert.ok(preview.error, `${pod.name}: the plugins failed (${error}) but the engine did not`);
      assert.ok(error, `${pod.name}: the engine refused (${preview.error}) but the plugins attached it`);
      assert.ok(preview.error.endsWith(`: ${error}`), `${pod.name}: engine "${preview.error}" vs plugins "${error}"`);
      continue;
    }
    for (const iface of preview.interfaces) {
      const real = node.inspect(netns, ['address', 'show', 'dev', iface.name]) as { addr_info: Json[] }[];
      const addresses = real[0].addr_info
        .filter((info) => info.scope === 'global')
        .map((info) => `${String(info.local)}/${String(info.prefixlen)}`);
      assert.deepEqual(addresses, iface.addresses.map(formatPrefix), `${pod.name} ${iface.name}: addresses`);
    }
  }
  return namespaces;
}

const tally = {
  scenarios: 0,
  pairs: 0,
  nodeCells: 0,
  agreed: 0,
  disagreed: 0,
  refusedAgreed: 0,
  dependsRecorded: [] as string[],
  notVerified: [] as string[],
};

function hairpinDependent(cell: MatrixCell): boolean {
  return cell.verdict === 'depends' && cell.source === SOURCES.macvlanVepa;
}

/** What `ping` must answer for a cell with a switch mode; undefined when the cell is only recorded. */
function expectedPing(cell: MatrixCell, mode: SwitchMode): boolean | undefined {
  if (cell.verdict === 'reachable') return true;
  if (cell.verdict === 'unreachable') return false;
  if (hairpinDependent(cell)) return mode === 'hairpin';
  return undefined;
}

async function compare(
  lab: ClusterLab,
  matrix: ConnectivityMatrix,
  namespaces: Map<string, string>,
  mode: SwitchMode,
): Promise<string[]> {
  lab.setHairpin(mode === 'hairpin');
  const cells = matrix.networks.flatMap((net) => net.cells.map((cell) => ({ net: net.network, cell })));
  const answers = await Promise.all(
    cells.map(({ cell }) =>
      cell.address ? pings(namespaces.get(cell.from) as string, cell.address) : Promise.resolve(undefined),
    ),
  );
  const wrong: string[] = [];
  cells.forEach(({ net, cell }, i) => {
    const answered = answers[i];
    const line = `[${mode} switch] ${net}: ${cell.from} -> ${cell.to} ${cell.address ?? '(no address)'}: engine ${cell.verdict} (${cell.reason}), ping ${answered === undefined ? 'not run' : answered ? 'answered' : 'not answered'}`;
    if (cell.toKind === 'pod') tally.pairs += 1;
    else tally.nodeCells += 1;
    const expected = expectedPing(cell, mode);
    if (expected === undefined || answered === undefined) {
      tally.dependsRecorded.push(line);
      return;
    }
    if (expected === answered) tally.agreed += 1;
    else {
      tally.disagreed += 1;
      wrong.push(line);
    }
  });
  return wrong;
}

// A missing tool (ping included: scripts/provision-cni-oracle.sh --check) fails the suite with the
// package to install (describeOracle); nothing is skipped quietly.
describeOracle('connectivity matrix vs the real kernel (ping in network namespaces)', () => {
  before(() => {
    const removed = removeStaleLabNamespaces();
    if (removed.length) console.log(`removed namespaces a killed run left behind: ${removed.join(', ')}`);
  });

  after(() => {
    console.log(
      `connectivity oracle: ${tally.scenarios} scenarios built in namespaces; ${tally.pairs} pod -> pod and ${tally.nodeCells} pod -> node cells ` +
        `(once per switch mode); decided by ping: ${tally.agreed} agree with the engine, ${tally.disagreed} disagree; ${tally.refusedAgreed} pods refused by engine and plugins alike; ` +
        `${tally.dependsRecorded.length} recorded, not asserted (no address to ping, or depends on routes outside the lab):`,
    );
    for (const line of tally.dependsRecorded) console.log(`  ${line}`);
    console.log(`not verified on this kernel (${tally.notVerified.length}, the engine cites kernel source):`);
    for (const line of tally.notVerified) console.log(`  ${line}`);
  });

  for (const spec of SCENARIOS) {
    it(spec.name, async () => {
      const cluster = clusterOf(spec);
      const set = readManifestSet([{ path: `${spec.name}.yaml`, text: manifestsOf(spec) }]);
      const previews = previewPods(set.nads, set.pods, cluster);
      const matrix = connectivityOf(previews, cluster);
      if (spec.needs) return checkNotCreatable(spec, matrix);
      const lab = ClusterLab.create(cluster);
      try {
        const namespaces = attachAll(lab, spec, previews, cluster);
        tally.refusedAgreed += matrix.refused.length;
        const wrong: string[] = [];
        for (const mode of spec.switchModes ?? ['plain']) wrong.push(...(await compare(lab, matrix, namespaces, mode)));
        tally.scenarios += 1;
        assert.deepEqual(wrong, [], 'cells where the kernel disagrees with the engine');
      } finally {
        lab.dispose();
      }
    });
  }
});

/**
 * A mode this kernel cannot create: the test proves it cannot (else it must be verified by
 * ping instead), and every verdict of the engine on it cites kernel or plugin source.
 */
function checkNotCreatable(spec: Scenario, matrix: ConnectivityMatrix): void {
  const needs = spec.needs as NonNullable<Scenario['needs']>;
  assert.equal(kernelCreates(needs), false, `this kernel creates ${needs} links: verify "${spec.name}" by ping`);
  const cells = matrix.networks.flatMap((net) => net.cells);
  assert.ok(cells.length > 0, `${spec.name}: the engine gives a matrix`);
  for (const cell of cells) {
    assert.match(
      cell.source,
      /Linux |Documentation\/networking|containernetworking\/plugins |cluster model/,
      `${cell.from} -> ${cell.to}: ${cell.source}`,
    );
    tally.notVerified.push(
      `${spec.name}: ${cell.from} -> ${cell.to}: ${cell.verdict} (${cell.reason}) [${cell.source}]`,
    );
  }
}
