import { formatIp, formatPrefix } from '../ipam/ipAddress';
import type { PodPreview } from '../preview/podPreview';

/**
 * The CLI's `json` format (documented in the README): per pod its node, interfaces with
 * addresses in CIDR form, routes, the network-status entries, notes, or Multus' error.
 */
export function previewToJson(previews: readonly PodPreview[]): unknown {
  return {
    pods: previews.map((preview) => ({
      pod: preview.key,
      node: preview.node,
      ...(preview.error ? { error: preview.error } : {}),
      interfaces: preview.interfaces.map((iface) => ({
        name: iface.name,
        network: iface.network,
        kind: iface.kind,
        mac: iface.mac,
        mtu: iface.mtu,
        addresses: iface.addresses.map(formatPrefix),
      })),
      routes: preview.routes.map((route) => ({
        dst: route.dst.prefixLength === 0 ? 'default' : formatPrefix(route.dst),
        ...(route.gw ? { via: formatIp(route.gw) } : {}),
        dev: route.dev,
        ...(route.src ? { src: formatIp(route.src) } : {}),
      })),
      networkStatus: preview.networkStatus,
      notes: preview.notes,
    })),
  };
}
