import type { ClusterModel } from '../clusterModel/clusterModel';
import { formatIp, formatPrefix, type IpAddress } from '../address/ipAddress';
import type { PodPreview } from '../preview/podPreviewModel';
import { attachmentsOf, type Attachment, type RefusedPod } from './attachments';
import { ipLayer } from './ipLayer';
import { linkLayer, modeOf, type Verdict } from './linkLayer';
import { nodeTargets, passthruMasters, type TakenOver } from './nodeTargets';

/** One pod on one network, as the matrix lists it. */
export interface MatrixMember {
  readonly pod: string;
  readonly node: string;
  readonly interface: string;
  readonly addresses: readonly string[];
  /** The node side: master, bridge or device name (ptp: none). */
  readonly hostInterface?: string;
  readonly segment?: string;
}

/** `from` pings `to` (a pod on the same network, or a node address) from its `interface`. */
export interface MatrixCell {
  readonly from: string;
  readonly to: string;
  readonly toKind: 'pod' | 'node';
  readonly interface: string;
  /** The target address (absent when the target has none in the model). */
  readonly address?: string;
  /** For a node target: the node's interface or bridge that holds the address. */
  readonly toInterface?: string;
  readonly verdict: Verdict;
  readonly reason: string;
  readonly source: string;
}

export interface NetworkMatrix {
  /** The network-status name, `default/macvlan-conf`. */
  readonly network: string;
  readonly plugin: string;
  readonly mode?: string;
  readonly members: readonly MatrixMember[];
  readonly cells: readonly MatrixCell[];
}

export interface ConnectivityMatrix {
  readonly networks: readonly NetworkMatrix[];
  /** Pods Multus would refuse: on no network at all. */
  readonly refused: readonly RefusedPod[];
}

/**
 * Who reaches whom on each secondary network of a preview run: every ordered pair of pods on a
 * network, and each pod towards the node addresses that matter (its own node's parent or
 * bridge, nodes on its segment). Derived from the previews; placement and addresses are theirs.
 */
export function connectivityOf(previews: readonly PodPreview[], cluster: ClusterModel): ConnectivityMatrix {
  const { attachments, refused } = attachmentsOf(previews, cluster);
  const byNetwork = new Map<string, Attachment[]>();
  for (const attachment of attachments) {
    const list = byNetwork.get(attachment.network) ?? [];
    list.push(attachment);
    byNetwork.set(attachment.network, list);
  }
  const takenOver = passthruMasters(attachments);
  const networks = [...byNetwork].map(([network, members]) => networkMatrix(network, members, cluster, takenOver));
  return { networks, refused };
}

function networkMatrix(
  network: string,
  members: readonly Attachment[],
  cluster: ClusterModel,
  takenOver: TakenOver,
): NetworkMatrix {
  const first = members[0];
  const mode = modeOf(first);
  const cells: MatrixCell[] = [];
  for (const a of members) {
    for (const b of members) if (a !== b) cells.push(podCell(a, b, cluster));
    cells.push(...nodeCells(a, cluster, takenOver));
  }
  return { network, plugin: first.type, ...(mode ? { mode } : {}), members: members.map(memberOf), cells };
}

function podCell(a: Attachment, b: Attachment, cluster: ClusterModel): MatrixCell {
  const target = pickTarget(
    a,
    b.addresses.map((prefix) => prefix.address),
  );
  const result = ipLayer(a, target, linkLayer(a, b, cluster), { routes: b.preview.routes, ifname: b.ifname });
  return {
    from: a.pod,
    to: b.pod,
    toKind: 'pod',
    interface: a.ifname,
    ...(target ? { address: formatIp(target) } : {}),
    verdict: result.verdict,
    reason: result.reason,
    source: result.source,
  };
}

function nodeCells(a: Attachment, cluster: ClusterModel, takenOver: TakenOver): MatrixCell[] {
  return nodeTargets(a, cluster, takenOver).map((target) => {
    const result = ipLayer(a, target.address, target.link, target.prefix ? { prefix: target.prefix } : {});
    return {
      from: a.pod,
      to: target.node,
      toKind: 'node',
      interface: a.ifname,
      ...(target.address ? { address: formatIp(target.address) } : {}),
      toInterface: target.iface,
      verdict: result.verdict,
      reason: result.reason,
      source: result.source,
    };
  });
}

/** The peer address `ping` would use: the first of a family `a` has, else the first. */
function pickTarget(a: Attachment, candidates: readonly IpAddress[]): IpAddress | undefined {
  const families = new Set(a.addresses.map((prefix) => prefix.address.family));
  return candidates.find((address) => families.has(address.family)) ?? candidates[0];
}

function memberOf(a: Attachment): MatrixMember {
  const host = a.master?.name ?? a.bridge?.name;
  const segment = a.master?.segment ?? a.node.interfaces.find((iface) => iface.name === a.bridge?.uplink)?.segment;
  return {
    pod: a.pod,
    node: a.node.name,
    interface: a.ifname,
    addresses: a.dhcp ? ['DHCP'] : a.addresses.map(formatPrefix),
    ...(host ? { hostInterface: host } : {}),
    ...(segment ? { segment } : {}),
  };
}
