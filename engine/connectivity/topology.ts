import type { ClusterModel } from '../clusterModel/clusterModel';
import { formatPrefix } from '../address/ipAddress';
import type { ConnectivityMatrix } from './connectivityMatrix';

export type VertexKind = 'pod' | 'hostInterface' | 'bridge' | 'segment' | 'router';

export interface TopologyVertex {
  readonly id: string;
  readonly label: string;
  readonly kind: VertexKind;
  /** The Kubernetes node it sits on (segments sit on none). */
  readonly node?: string;
}

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  /** Interface name and addresses: `net1 192.168.1.200/24`. */
  readonly label: string;
  /** The network it belongs to (pod edges), which picks its colour. */
  readonly network?: string;
  readonly colour: string;
}

/** The picture: Kubernetes nodes holding pods and host interfaces, segments between nodes. */
export interface Topology {
  readonly nodes: readonly string[];
  readonly vertices: readonly TopologyVertex[];
  readonly edges: readonly TopologyEdge[];
  readonly networks: readonly { readonly network: string; readonly colour: string }[];
}

/** One colour per network, told apart in light and dark themes and by most colour-blind readers (Okabe-Ito). */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];
const WIRE = '#808080';

/** The topology of a matrix: each member's edge to its host side, host interfaces to their segments. */
export function topologyOf(matrix: ConnectivityMatrix, cluster: ClusterModel): Topology {
  const vertices = new Map<string, TopologyVertex>();
  const edges: TopologyEdge[] = [];
  const add = (vertex: TopologyVertex) => vertices.set(vertex.id, vertices.get(vertex.id) ?? vertex);
  const networks = matrix.networks.map((net, i) => ({ network: net.network, colour: PALETTE[i % PALETTE.length] }));
  for (const [i, net] of matrix.networks.entries()) {
    const colour = networks[i].colour;
    for (const member of net.members) {
      const pod = `pod:${member.pod}`;
      add({ id: pod, label: member.pod, kind: 'pod', node: member.node });
      const hostName = member.hostInterface ?? `${net.plugin} routing`;
      const kind = net.plugin === 'bridge' ? 'bridge' : member.hostInterface ? 'hostInterface' : 'router';
      const host = `host:${member.node}:${hostName}`;
      add({ id: host, label: hostName, kind, node: member.node });
      const label = [member.interface, ...member.addresses].join(' ');
      edges.push({ from: pod, to: host, label, network: net.network, colour });
    }
  }
  wireSegments(cluster, vertices, edges, add);
  return { nodes: cluster.nodes.map((node) => node.name), vertices: [...vertices.values()], edges, networks };
}

// Host interfaces (and bridges, through their uplinks) that sit on a segment get an edge to it;
// every interface on a segment is drawn, so the picture shows which nodes share it.
function wireSegments(
  cluster: ClusterModel,
  vertices: Map<string, TopologyVertex>,
  edges: TopologyEdge[],
  add: (vertex: TopologyVertex) => void,
): void {
  for (const node of cluster.nodes) {
    for (const bridge of node.bridges ?? []) {
      const id = `host:${node.name}:${bridge.name}`;
      if (!vertices.has(id) || !bridge.uplink) continue;
      add({ id: `host:${node.name}:${bridge.uplink}`, label: bridge.uplink, kind: 'hostInterface', node: node.name });
      edges.push({ from: id, to: `host:${node.name}:${bridge.uplink}`, label: 'uplink', colour: WIRE });
    }
    for (const iface of node.interfaces) {
      if (!iface.segment) continue;
      const id = `host:${node.name}:${iface.name}`;
      add({ id, label: iface.name, kind: 'hostInterface', node: node.name });
      add({ id: `segment:${iface.segment}`, label: `segment ${iface.segment}`, kind: 'segment' });
      const label = [iface.name, ...(iface.addresses ?? []).map(formatPrefix)].join(' ');
      edges.push({ from: id, to: `segment:${iface.segment}`, label, colour: WIRE });
    }
  }
}
