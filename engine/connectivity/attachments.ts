import type { ClusterModel, ClusterNode, HostBridge, HostInterface } from '../clusterModel/clusterModel';
import { parseIp, type IpAddress, type IpPrefix } from '../address/ipAddress';
import type { PodPreview } from '../preview/podPreviewModel';

/** One pod interface on a secondary network, with what the preview already decided about it. */
export interface Attachment {
  /** The pod as the matrix names it: `samplepod`, or `ns/name` when namespaces differ. */
  readonly pod: string;
  readonly preview: PodPreview;
  readonly node: ClusterNode;
  readonly ifname: string;
  /** The network-status name, `default/macvlan-conf`. */
  readonly network: string;
  readonly type: string;
  readonly plugin: Readonly<Record<string, unknown>>;
  readonly addresses: readonly IpPrefix[];
  readonly dhcp: boolean;
  /** The plugin result's gateways for this interface (network-status `gateway`). */
  readonly gateways: readonly IpAddress[];
  /** macvlan, ipvlan, vlan: the node interface the link hangs off; host-device: the device moved in. */
  readonly master?: HostInterface;
  /** bridge: the node's bridge as the model describes it (a bare name when the model does not). */
  readonly bridge?: HostBridge;
}

/** A pod Multus would refuse: it attaches to none of its networks. */
export interface RefusedPod {
  readonly pod: string;
  readonly node?: string;
  readonly error: string;
}

/**
 * The attachments the previews made, network by network, in preview order. The cluster
 * network (each pod's first interface) is left out: it is the default network's business.
 */
export function attachmentsOf(
  previews: readonly PodPreview[],
  cluster: ClusterModel,
): { attachments: Attachment[]; refused: RefusedPod[] } {
  const oneNamespace = new Set(previews.map((preview) => preview.pod.namespace)).size <= 1;
  const display = (preview: PodPreview) => (oneNamespace ? preview.pod.name : preview.key);
  const attachments: Attachment[] = [];
  const refused: RefusedPod[] = [];
  for (const preview of previews) {
    if (preview.error) {
      refused.push({ pod: display(preview), ...(preview.node ? { node: preview.node } : {}), error: preview.error });
      continue;
    }
    const node = cluster.nodes.find((candidate) => candidate.name === preview.node);
    if (!node) continue;
    for (const link of preview.interfaces.slice(1)) {
      if (!link.plugin) continue;
      const type = String(link.plugin.type ?? '');
      const status = preview.networkStatus.find((entry) => entry.interface === link.name);
      const master = masterOf(type, link.plugin, link.peerIndex, node);
      const bridge = type === 'bridge' ? bridgeOf(link.plugin, node) : undefined;
      attachments.push({
        pod: display(preview),
        preview,
        node,
        ifname: link.name,
        network: link.network,
        type,
        plugin: link.plugin,
        addresses: link.addresses,
        dhcp: link.dhcp === true,
        gateways: (status?.gateway ?? []).flatMap((text) => parseIp(text) ?? []),
        ...(master ? { master } : {}),
        ...(bridge ? { bridge } : {}),
      });
    }
  }
  return { attachments, refused };
}

// macvlan, ipvlan and vlan links point at their master by ifindex (lo is 1, the model's
// interfaces follow), so the default master the plugin chose is the one the preview used.
function masterOf(
  type: string,
  plugin: Readonly<Record<string, unknown>>,
  peerIndex: number | undefined,
  node: ClusterNode,
): HostInterface | undefined {
  if (type === 'macvlan' || type === 'ipvlan' || type === 'vlan') {
    return peerIndex === undefined ? undefined : node.interfaces[peerIndex - 2];
  }
  if (type === 'host-device') {
    return node.interfaces.find(
      (iface) =>
        iface.name === plugin.device ||
        (iface.pciAddress !== undefined && iface.pciAddress === plugin.pciBusID) ||
        (iface.mac !== undefined && iface.mac === String(plugin.hwaddr ?? '').toLowerCase()),
    );
  }
  return undefined;
}

function bridgeOf(plugin: Readonly<Record<string, unknown>>, node: ClusterNode): HostBridge {
  const name = typeof plugin.bridge === 'string' && plugin.bridge !== '' ? plugin.bridge : 'cni0';
  return node.bridges?.find((bridge) => bridge.name === name) ?? { name };
}
