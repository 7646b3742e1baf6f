import { formatIp, formatPrefix } from '../address/ipAddress';
import type { KernelRoute } from '../netns/podNetns';
import type { PodPreview } from '../preview/podPreviewModel';

/**
 * The CLI's `json` format (documented in the README "Preview output formats"): per pod its
 * node, interfaces with addresses in CIDR form, routes of every table, rules, the
 * network-status entries, notes, or Multus' error.
 */
export function previewToJson(previews: readonly PodPreview[]): unknown {
  return {
    pods: previews.map((preview) => ({
      pod: preview.key,
      node: preview.node,
      ...(preview.error ? { error: preview.error } : {}),
      interfaces: preview.interfaces.map((iface) => ({
        name: iface.name,
        index: iface.index,
        network: iface.network,
        kind: iface.kind,
        mac: iface.mac,
        mtu: iface.mtu,
        addresses: iface.dhcp ? ['assigned by DHCP at runtime'] : iface.addresses.map(formatPrefix),
        ...(Object.keys(iface.sysctls).length ? { sysctls: iface.sysctls } : {}),
      })),
      routes: [...preview.routes, ...preview.tables.flatMap((t) => t.routes)].filter(notLinkLocal).map(routeJson),
      rules: preview.rules.map((rule) => ({ priority: rule.priority, from: formatIp(rule.from), table: rule.table })),
      networkStatus: preview.networkStatus,
      notes: preview.notes,
    })),
  };
}

/** The kernel's fe80::/64 and ::1 routes exist in every pod; the JSON leaves them out. */
function notLinkLocal(route: KernelRoute): boolean {
  return (
    route.dev !== 'lo' &&
    !(route.dst.address.family === 6 && route.dst.address.value >> 112n === 0xfe80n && route.dst.prefixLength === 64)
  );
}

function routeJson(route: KernelRoute): Record<string, unknown> {
  return {
    dst: route.dst.prefixLength === 0 ? 'default' : formatPrefix(route.dst),
    ...(route.gw ? { via: formatIp(route.gw) } : {}),
    ...(route.nexthops
      ? { nexthops: route.nexthops.map((hop) => ({ via: formatIp(hop.gw), dev: hop.dev })) }
      : { dev: route.dev }),
    ...(route.proto ? { proto: route.proto } : {}),
    ...(route.src ? { src: formatIp(route.src) } : {}),
    ...(route.scope ? { scope: route.scope } : {}),
    ...(route.metric !== undefined ? { metric: route.metric } : {}),
    table: route.table === 254 ? 'main' : route.table,
  };
}
