import type { ClusterNode, FlannelDefaultNetwork } from '../cluster/clusterModel';
import type { CniResult } from '../cni/cniResult';
import { allocateHostLocal } from '../ipam/hostLocalAllocator';
import { readHostLocalConfig } from '../ipam/hostLocalConfig';
import { formatPrefix, networkOf } from '../ipam/ipAddress';
import { deterministicMac } from '../preview/deterministicMac';
import type { PreviewState } from '../preview/previewState';
import type { AttachOutcome } from './pluginModel';

/**
 * The flannel CNI plugin's ADD as seen from the pod (FLCNI flannel_linux.go): it delegates to
 * `bridge` with isGateway + isDefaultGateway, MTU from subnet.env, and host-local over the
 * node's pod CIDR with a route to the whole flannel network (PLG plugins/main/bridge/bridge.go).
 */
export function attachFlannel(
  network: FlannelDefaultNetwork,
  node: ClusterNode,
  podKey: string,
  ifname: string,
  state: PreviewState,
): AttachOutcome | { error: string } {
  const podCidr = node.podCIDRs.find((cidr) => cidr.address.family === network.network.address.family);
  if (!podCidr)
    return {
      error: `failed to load flannel 'subnet.env' file: node ${node.name} has no podCIDR. Check the flannel pod log for this node.`,
    };
  const subnet = formatPrefix({ address: networkOf(podCidr), prefixLength: podCidr.prefixLength });
  const config = readHostLocalConfig({ ranges: [[{ subnet }]], routes: [{ dst: formatPrefix(network.network) }] });
  if ('error' in config) return config;
  const store = state.hostLocalStore(node.name, config.dataDir, network.name);
  const leases = allocateHostLocal(config, store, undefined);
  if ('error' in leases) return leases;
  const gateway = leases[0].gateway;
  const mac = deterministicMac(podKey, ifname);
  // Host ifindexes: lo, the node's interfaces, flannel.1 and cni0, then one veth per pod.
  const hostVethIndex = state.takeHostIndex(node.name, node.interfaces.length + 4);
  const result: CniResult = {
    interfaces: [
      { name: 'cni0', mac: deterministicMac(node.name, 'cni0') },
      { name: `veth${hostVethIndex.toString(16).padStart(8, '0')}`, mac: deterministicMac(podKey, `${ifname}-peer`) },
      { name: ifname, mac, sandbox: `/var/run/netns/${podKey.replace('/', '-')}` },
    ],
    ips: [{ address: leases[0].address, gateway, interface: 2 }],
    routes: [
      ...config.routes,
      { dst: { address: { family: gateway.family, value: 0n }, prefixLength: 0 }, gw: gateway },
    ],
    dns: {},
  };
  return {
    result,
    links: [{ name: ifname, kind: 'veth', mtu: network.mtu, mac, peerIndex: hostVethIndex, state: 'UP' }],
  };
}
