import type { ClusterNode, DefaultNetwork, FlannelDefaultNetwork } from '../clusterModel/clusterModel';
import { formatPrefix, networkOf } from '../address/ipAddress';
import { bridgePlugin } from './bridge';
import { asRecord } from '../json/jsonValue';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

/**
 * The default network's CNI config as the node holds it: flannel's `10-flannel.conflist`
 * (FL Documentation/kube-flannel.yml cni-conf.json), or the cluster model's own config with
 * `{podCIDR}`/`{podCIDRv6}` replaced by the node's.
 */
export function defaultNetworkConfig(network: DefaultNetwork, node: ClusterNode): string {
  if (network.kind === 'cni') {
    const v4 = node.podCIDRs.find((c) => c.address.family === 4);
    const v6 = node.podCIDRs.find((c) => c.address.family === 6);
    return network.config
      .replaceAll('{podCIDR}', v4 ? formatPrefix(v4) : '')
      .replaceAll('{podCIDRv6}', v6 ? formatPrefix(v6) : '');
  }
  return JSON.stringify({
    name: network.name,
    cniVersion: '0.3.1',
    plugins: [
      { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  });
}

/**
 * The flannel CNI plugin's ADD (FLCNI flannel_linux.go doCmdAdd, flannel.go): reads the node's
 * subnet.env (network, this node's subnet, MTU) and delegates to `bridge` with isGateway, MTU
 * from subnet.env and host-local over the node's pod CIDR plus a route to the whole flannel network.
 */
export const flannelPlugin: PluginModel = {
  type: 'flannel',
  add(request: AttachRequest): AttachResult {
    const network = request.cluster.defaultNetwork;
    if (network.kind !== 'flannel') {
      return {
        error:
          "failed to load flannel 'subnet.env' file: open /run/flannel/subnet.env: no such file or directory. Check the flannel pod log for this node.",
      };
    }
    const delegate = asRecord(request.plugin.delegate) ?? {};
    if (delegate.type !== undefined && typeof delegate.type !== 'string') {
      return { error: "'delegate' dictionary, if present, must have (string) 'type' field" };
    }
    if (delegate.name !== undefined)
      return { error: "'delegate' dictionary must not have 'name' field, it'll be set by flannel" };
    if (delegate.ipam !== undefined)
      return { error: "'delegate' dictionary must not have 'ipam' field, it'll be set by flannel" };
    const delegated = delegateIpam(request, network);
    if (!('ipam' in delegated)) return delegated;
    const ipam = delegated.ipam;
    const bridgeConf = {
      isGateway: true,
      ipMasq: false,
      mtu: network.mtu,
      ...delegate,
      name: request.plugin.name,
      cniVersion: request.plugin.cniVersion,
      type: typeof delegate.type === 'string' ? delegate.type : 'bridge',
      ipam,
    };
    return bridgePlugin.add({ ...request, plugin: bridgeConf, type: 'bridge' });
  },
};

const ipamByNode = new WeakMap<ClusterNode, Record<string, unknown>>();

/** host-local over the node's pod CIDR(s) with a route to each flannel network (getDelegateIPAM); one object per node. */
function delegateIpam(
  request: AttachRequest,
  network: FlannelDefaultNetwork,
): { ipam: Record<string, unknown> } | { error: string } {
  const cached = ipamByNode.get(request.node);
  if (cached) return { ipam: cached };
  const ranges: unknown[] = [];
  const routes: unknown[] = [];
  for (const flannelNet of [network.network, network.ipv6Network]) {
    if (!flannelNet) continue;
    const podCidr = request.node.podCIDRs.find((c) => c.address.family === flannelNet.address.family);
    if (!podCidr) {
      return {
        error: `failed to load flannel 'subnet.env' file: node ${request.node.name} has no podCIDR of family IPv${flannelNet.address.family}. Check the flannel pod log for this node.`,
      };
    }
    ranges.push([{ subnet: formatPrefix({ address: networkOf(podCidr), prefixLength: podCidr.prefixLength }) }]);
    routes.push({ dst: formatPrefix(flannelNet) });
  }
  const ipam = { type: 'host-local', ranges, routes };
  ipamByNode.set(request.node, ipam);
  return { ipam };
}
