import type { ClusterModel, ClusterNode, HostInterface } from '../clusterModel/clusterModel';
import type { IpAddress, IpPrefix } from '../address/ipAddress';
import type { Attachment } from './attachments';
import { finding, modeOf, type Finding } from './linkLayer';

/** A node address a pod may try to reach over one of its attachments, with the link-layer answer. */
export interface NodeTarget {
  readonly node: string;
  /** The node's interface or bridge holding the address. */
  readonly iface: string;
  readonly address?: IpAddress;
  /** The node's subnet on that interface, for the reply path. */
  readonly prefix?: IpPrefix;
  readonly link: Finding;
}

/**
 * Node interfaces a passthru macvlan has taken over (`node\0interface` -> the pod): every frame
 * arriving there goes to the pod, so the node's own address on it answers no one.
 */
export type TakenOver = ReadonlyMap<string, string>;

export function passthruMasters(attachments: readonly Attachment[]): TakenOver {
  return new Map(
    attachments
      .filter((a) => a.type === 'macvlan' && modeOf(a) === 'passthru' && a.master)
      .map((a) => [`${a.node.name}\0${a.master?.name}`, a.pod]),
  );
}

/** The node addresses that matter for an attachment: its own node's, and nodes on its segment. */
export function nodeTargets(a: Attachment, cluster: ClusterModel, takenOver: TakenOver): NodeTarget[] {
  switch (a.type) {
    case 'macvlan':
    case 'ipvlan':
      return parentTargets(a, cluster, takenOver);
    case 'bridge':
      return bridgeTargets(a);
    case 'ptp':
      return ptpTargets(a);
    case 'vlan':
      return [
        {
          node: a.node.name,
          iface: `${a.master?.name ?? '?'}.${String(a.plugin.vlanId ?? 0)}`,
          link: finding(
            'unreachable',
            `vlan: the node has no interface on VLAN ${String(a.plugin.vlanId ?? 0)} of ${a.master?.name ?? '?'} (the VLAN link moved into the pod)`,
            'vlanHost',
          ),
        },
      ];
    case 'host-device':
      return segmentTargets(a, cluster, takenOver, 'host-device', 'hostDevice');
    default:
      return [];
  }
}

function addressTargets(node: ClusterNode, iface: HostInterface, link: Finding): NodeTarget[] {
  const addresses = iface.addresses ?? [];
  if (addresses.length === 0) return [{ node: node.name, iface: iface.name, link }];
  return addresses.map((prefix) => ({ node: node.name, iface: iface.name, address: prefix.address, prefix, link }));
}

// macvlan and ipvlan: never the parent itself; other nodes' interfaces on the parent's segment.
function parentTargets(a: Attachment, cluster: ClusterModel, takenOver: TakenOver): NodeTarget[] {
  if (!a.master) return [];
  const kind = a.type === 'macvlan' ? `macvlan ${modeOf(a)}` : `ipvlan ${modeOf(a)}`;
  const parent =
    a.type === 'macvlan' && modeOf(a) === 'vepa'
      ? finding(
          'depends',
          'macvlan vepa: frames to the parent go out to the switch; they come back to the node only if its port reflects them (hairpin)',
          'macvlanVepa',
        )
      : a.type === 'macvlan'
        ? finding(
            'unreachable',
            'macvlan: a pod cannot talk to its parent interface; use a macvlan shim on the host or bridge mode via another interface',
            'macvlanParent',
          )
        : finding(
            'unreachable',
            'ipvlan: a slave cannot talk to its master interface; give the pod another network to reach the host',
            'ipvlanParent',
          );
  const own = addressTargets(a.node, a.master, parent);
  const across =
    a.type === 'ipvlan' && modeOf(a) !== 'l2' ? [] : segmentTargets(a, cluster, takenOver, kind, 'segment', true);
  return [...own, ...across];
}

function segmentTargets(
  a: Attachment,
  cluster: ClusterModel,
  takenOver: TakenOver,
  what: string,
  source: 'segment' | 'hostDevice',
  otherNodesOnly = false,
): NodeTarget[] {
  const segment = a.master?.segment;
  if (segment === undefined) return [];
  return cluster.nodes.flatMap((node) =>
    node.interfaces
      .filter((iface) => iface.segment === segment && (node.name !== a.node.name || !otherNodesOnly))
      .filter((iface) => !(node.name === a.node.name && iface.name === a.master?.name))
      .flatMap((iface) =>
        addressTargets(node, iface, segmentLink(node.name, iface.name, segment, what, source, takenOver)),
      ),
  );
}

function segmentLink(
  node: string,
  iface: string,
  segment: string,
  what: string,
  source: 'segment' | 'hostDevice',
  takenOver: TakenOver,
): Finding {
  const pod = takenOver.get(`${node}\0${iface}`);
  if (pod) {
    return finding(
      'unreachable',
      `macvlan passthru: ${pod}'s macvlan takes every frame arriving on ${iface} of ${node}, so the node's own address there answers no one`,
      'macvlanPassthruRx',
    );
  }
  return finding('reachable', `${what}: ${iface} on ${node} is on segment ${segment} too`, source);
}

function bridgeTargets(a: Attachment): NodeTarget[] {
  const name = a.bridge?.name ?? 'cni0';
  const isGateway = a.plugin.isGateway === true || a.plugin.isDefaultGateway === true;
  if (isGateway && a.gateways.length > 0) {
    const prefixLength = a.addresses[0]?.prefixLength ?? 0;
    const via = finding(
      'reachable',
      `bridge isGateway: the plugin puts the gateway address on ${name}`,
      'bridgeGateway',
    );
    return a.gateways.map((address) => ({
      node: a.node.name,
      iface: name,
      address,
      prefix: { address, prefixLength },
      link: via,
    }));
  }
  const held = a.bridge?.addresses ?? [];
  if (held.length > 0) {
    const link = finding('reachable', `bridge: ${name} holds the node's address (cluster model)`, 'bridgeForward');
    return held.map((prefix) => ({ node: a.node.name, iface: name, address: prefix.address, prefix, link }));
  }
  return [
    {
      node: a.node.name,
      iface: name,
      link: finding(
        'unreachable',
        `bridge: ${name} holds no address of the node; set isGateway (the node then answers on the gateway address)`,
        'bridgeGateway',
      ),
    },
  ];
}

function ptpTargets(a: Attachment): NodeTarget[] {
  const link = finding(
    'reachable',
    `ptp: the node's end of the veth holds the gateway address and routes the pod's /32 back`,
    'ptpHost',
    true,
  );
  return a.gateways.map((address) => ({ node: a.node.name, iface: `veth to ${a.pod}`, address, link }));
}
