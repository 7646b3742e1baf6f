import type { ClusterModel, HostInterface } from '../clusterModel/clusterModel';
import type { Attachment } from './attachments';
import { SOURCES, type SourceKey } from './sources';

export type Verdict = 'reachable' | 'unreachable' | 'depends';

/** A verdict with the one sentence that explains it and where that fact comes from. */
export interface Finding {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly source: string;
  /** ptp: packets between pods go through the node's routing, so a gateway route is expected. */
  readonly routedByNode?: boolean;
}

export function finding(verdict: Verdict, reason: string, source: SourceKey, routedByNode = false): Finding {
  return { verdict, reason, source: SOURCES[source], ...(routedByNode ? { routedByNode } : {}) };
}

/**
 * Whether frames from `a` reach `b` (two attachments of one network), by the plugin that made
 * them. `pluginVersion` matters where the plugins changed (bridge portIsolation, v1.7.0+).
 */
export function linkLayer(a: Attachment, b: Attachment, cluster: ClusterModel): Finding {
  switch (a.type) {
    case 'macvlan':
      return macvlanPair(a, b);
    case 'ipvlan':
      return ipvlanPair(a, b);
    case 'bridge':
      return bridgePair(a, b, cluster);
    case 'vlan':
      return vlanPair(a, b);
    case 'host-device':
      return acrossSegment(a, b, 'host-device');
    case 'sriov':
      return sriovPair(a, b);
    case 'ptp':
      return ptpPair(a, b);
    default:
      return finding('depends', `${a.type}: how its interfaces forward frames is not modelled`, 'notModelled');
  }
}

export function modeOf(a: Attachment): string {
  const mode = typeof a.plugin.mode === 'string' ? a.plugin.mode : '';
  if (a.type === 'macvlan') return mode || 'bridge';
  if (a.type === 'ipvlan') return mode || 'l2';
  return mode;
}

function sameMaster(a: Attachment, b: Attachment): boolean {
  return a.node.name === b.node.name && a.master !== undefined && a.master.name === b.master?.name;
}

function masterText(a: Attachment): string {
  return `${a.master?.name ?? '?'} on ${a.node.name}`;
}

function macvlanPair(a: Attachment, b: Attachment): Finding {
  const mode = modeOf(a);
  if (!sameMaster(a, b)) return acrossSegment(a, b, `macvlan ${mode}`);
  const where = `same master ${masterText(a)}`;
  if (mode === 'bridge') return finding('reachable', `macvlan bridge, ${where}`, 'macvlanBridge');
  if (mode === 'private') {
    return finding(
      'unreachable',
      `macvlan private, ${where}: private mode keeps macvlans of one master apart, even if the switch reflects frames`,
      'macvlanPrivate',
    );
  }
  if (mode === 'vepa') {
    return finding(
      'depends',
      `macvlan vepa, ${where}: every frame goes out to the switch, so they meet only if its port reflects frames (hairpin, 802.1Qbg reflective relay)`,
      'macvlanVepa',
    );
  }
  return finding(
    'unreachable',
    `macvlan passthru, ${where}: passthru allows one macvlan per master, so a second pod cannot attach`,
    'macvlanPassthru',
  );
}

function ipvlanPair(a: Attachment, b: Attachment): Finding {
  const mode = modeOf(a);
  const flags = ipvlanFlagNote(a);
  if (sameMaster(a, b)) {
    const source = mode === 'l2' ? 'ipvlanL2' : 'ipvlanL3';
    return finding(
      'reachable',
      `ipvlan ${mode}, same master ${masterText(a)}: the driver delivers between slaves of one master by IP address${flags}`,
      source,
    );
  }
  if (mode === 'l2') return acrossSegment(a, b, 'ipvlan l2');
  return finding(
    'depends',
    `ipvlan ${mode}, masters ${masterText(a)} and ${masterText(b)}: slaves in L3 modes neither send nor answer ARP, so the network between the nodes must route the pod addresses to each node`,
    'ipvlanL3',
  );
}

// The plugin has no field for ipvlan's private/vepa flags: every slave gets the default, bridge.
function ipvlanFlagNote(a: Attachment): string {
  const asked = ['flag', 'flags', 'private', 'vepa'].some((key) => key in a.plugin);
  return asked ? '; the plugin does not set ipvlan flags (private, vepa), so the default bridge flag applies' : '';
}

function bridgePair(a: Attachment, b: Attachment, cluster: ClusterModel): Finding {
  const vlanA = numberOf(a.plugin.vlan);
  const vlanB = numberOf(b.plugin.vlan);
  if (vlanA !== vlanB) {
    return finding(
      'unreachable',
      `bridge VLANs differ (${vlanText(vlanA)} and ${vlanText(vlanB)}): a bridge port sends a frame only on its own VLAN`,
      'bridgeVlan',
    );
  }
  const name = a.bridge?.name ?? 'cni0';
  if (a.node.name === b.node.name && name === b.bridge?.name) return sameBridge(a, b, cluster, name);
  const uplinkA = uplinkOf(a);
  const uplinkB = uplinkOf(b);
  if (!uplinkA || !uplinkB) {
    const lonely = uplinkA ? b : a;
    return finding(
      'unreachable',
      `bridge ${lonely.bridge?.name ?? 'cni0'} on ${lonely.node.name} has no uplink in the cluster model: a bridge network exists only inside one node`,
      'bridgeNoUplink',
    );
  }
  return segmentFinding(uplinkA, uplinkB, a, b, `bridge ${name} via uplinks`);
}

function sameBridge(a: Attachment, b: Attachment, cluster: ClusterModel, name: string): Finding {
  const isolated = a.plugin.portIsolation === true && b.plugin.portIsolation === true;
  if (isolated && cluster.pluginVersion !== 'v1.1.1') {
    return finding(
      'unreachable',
      `bridge ${name} on ${a.node.name} with portIsolation: isolated ports do not forward to each other`,
      'bridgeIsolation',
    );
  }
  const ignored = isolated ? '; portIsolation needs plugins v1.7.0+, the cluster runs v1.1.1, so it is ignored' : '';
  const vlan = numberOf(a.plugin.vlan);
  if (vlan !== undefined) {
    return finding('reachable', `bridge VLAN ${vlan}, same bridge ${name} on ${a.node.name}${ignored}`, 'bridgeVlan');
  }
  return finding('reachable', `bridge, same bridge ${name} on ${a.node.name}${ignored}`, 'bridgeForward');
}

function uplinkOf(a: Attachment): HostInterface | undefined {
  const uplink = a.bridge?.uplink;
  return uplink ? a.node.interfaces.find((iface) => iface.name === uplink) : undefined;
}

function vlanPair(a: Attachment, b: Attachment): Finding {
  const idA = numberOf(a.plugin.vlanId) ?? 0;
  const idB = numberOf(b.plugin.vlanId) ?? 0;
  if (idA !== idB) {
    return finding('unreachable', `vlan IDs differ (${idA} and ${idB}): each link sees only its own VLAN`, 'vlan');
  }
  return acrossSegment(a, b, `vlan ${idA}`);
}

function sriovPair(a: Attachment, b: Attachment): Finding {
  const vlanA = numberOf(a.plugin.vlan) ?? 0;
  const vlanB = numberOf(b.plugin.vlan) ?? 0;
  if (vlanA !== vlanB) {
    return finding(
      'unreachable',
      `sriov VLANs differ (${vlanA} and ${vlanB}): the VF tags frames with its own VLAN`,
      'sriov',
    );
  }
  return finding('depends', `sriov, VLAN ${vlanA}: depends on the VFs' physical functions and their switch`, 'sriov');
}

function ptpPair(a: Attachment, b: Attachment): Finding {
  if (a.node.name === b.node.name) {
    return finding(
      'reachable',
      `ptp on ${a.node.name}: both pods route through the node, which forwards between its /32 routes to them`,
      'ptpForward',
      true,
    );
  }
  return finding(
    'depends',
    `ptp on ${a.node.name} and ${b.node.name}: each node routes only its own pods; routes between the nodes are not in the model`,
    'ptpForward',
    true,
  );
}

/** Two links on different masters (or nodes): they meet only where the masters share a segment. */
function acrossSegment(a: Attachment, b: Attachment, what: string): Finding {
  if (!a.master || !b.master) {
    return finding('depends', `${what}: the cluster model does not list the interface the link uses`, 'segment');
  }
  return segmentFinding(a.master, b.master, a, b, what);
}

function segmentFinding(
  left: HostInterface,
  right: HostInterface,
  a: Attachment,
  b: Attachment,
  what: string,
): Finding {
  const pair = `${left.name} on ${a.node.name} and ${right.name} on ${b.node.name}`;
  if (left.segment === undefined || right.segment === undefined) {
    return finding('depends', `${what}, ${pair}: the cluster model does not say which segment each is on`, 'segment');
  }
  if (left.segment !== right.segment) {
    return finding(
      'unreachable',
      `${what}, ${pair} are on different segments (${left.segment}, ${right.segment})`,
      'segment',
    );
  }
  return finding('reachable', `${what}, ${pair} share segment ${left.segment}`, 'segment');
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && value !== 0 ? value : undefined;
}

function vlanText(vlan: number | undefined): string {
  return vlan === undefined ? 'untagged' : `VLAN ${vlan}`;
}
