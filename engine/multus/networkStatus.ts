import type { CniResult, CniRoute } from '../cni/cniResult';
import { formatIp } from '../address/ipAddress';
import { goMarshalIndent } from '../json/goJson';

/** One entry of `k8s.v1.cni.cncf.io/network-status`, fields in NADC's struct order. */
export interface NetworkStatusEntry {
  name: string;
  interface?: string;
  ips?: string[];
  mac?: string;
  mtu?: number;
  default?: boolean;
  dns: Record<string, string[] | string>;
  gateway?: string[];
}

/**
 * Builds the entries for one delegate's result as NADC v1.7.6 CreateNetworkStatuses does
 * (pkg/utils/net-attach-def.go; Multus v4.2.0 and later): one-interface results go through
 * CreateNetworkStatus, others get one entry per sandbox interface, so a result without
 * interfaces (cniVersion < 0.3.0) gets no entry at all.
 */
export function createNetworkStatuses(
  result: CniResult,
  networkName: string,
  isDefault: boolean,
): NetworkStatusEntry[] {
  if (result.interfaces.length === 1) return [createNetworkStatus(result, networkName, isDefault)];
  const gateway = defaultGateways(result.routes);
  const dns = convertDns(result);
  const gatewayInterface = isDefault
    ? (result.ips.find((ip) => ip.gateway && ip.interface !== undefined)?.interface ?? -1)
    : -1;
  const entries: NetworkStatusEntry[] = [];
  const indexMap = new Map<number, number>();
  let didSetDefault = false;
  result.interfaces.forEach((iface, i) => {
    if (!iface.sandbox) return;
    let markDefault = false;
    if (isDefault && !didSetDefault && (i === gatewayInterface || gatewayInterface === -1)) {
      markDefault = true;
      didSetDefault = true;
    }
    indexMap.set(i, entries.length);
    entries.push(entry(networkName, iface.name, [], iface.mac, iface.mtu, markDefault, dns, gateway));
  });
  for (const ip of result.ips) {
    const target = ip.interface !== undefined ? entries[indexMap.get(ip.interface) ?? -1] : entries[entries.length - 1];
    target?.ips?.push(formatIp(ip.address.address));
  }
  return entries.map(dropEmpty);
}

function createNetworkStatus(result: CniResult, networkName: string, isDefault: boolean): NetworkStatusEntry {
  const sandboxed = result.interfaces.filter((iface) => iface.sandbox);
  const last = sandboxed[sandboxed.length - 1];
  const ips = result.ips.map((ip) => formatIp(ip.address.address));
  const gateway = defaultGateways(result.routes);
  return dropEmpty(entry(networkName, last?.name, ips, last?.mac, last?.mtu, isDefault, convertDns(result), gateway));
}

function entry(
  name: string,
  iface: string | undefined,
  ips: string[],
  mac: string | undefined,
  mtu: number | undefined,
  isDefault: boolean,
  dns: NetworkStatusEntry['dns'],
  gateway: string[] | undefined,
): NetworkStatusEntry {
  return {
    name,
    interface: iface,
    ips,
    mac,
    mtu,
    default: isDefault,
    dns,
    gateway: gateway ? [...gateway] : undefined,
  };
}

/** `omitempty`: empty strings, zero, false and empty lists are left out; `dns` never is. */
function dropEmpty(status: NetworkStatusEntry): NetworkStatusEntry {
  return {
    name: status.name,
    interface: status.interface || undefined,
    ips: status.ips?.length ? status.ips : undefined,
    mac: status.mac || undefined,
    mtu: status.mtu || undefined,
    default: status.default || undefined,
    dns: status.dns,
    gateway: status.gateway?.length ? status.gateway : undefined,
  };
}

/** isDefaultRoute: the destination address is unset, 0.0.0.0 or :: (the prefix length is not looked at). */
function defaultGateways(routes: readonly CniRoute[]): string[] | undefined {
  const gateways = routes
    .filter((route) => route.dst.address.value === 0n)
    .map((route) => (route.gw ? formatIp(route.gw) : '<nil>'));
  return gateways.length ? gateways : undefined;
}

function convertDns(result: CniResult): NetworkStatusEntry['dns'] {
  const dns: NetworkStatusEntry['dns'] = {};
  if (result.dns.nameservers?.length) dns.nameservers = result.dns.nameservers;
  if (result.dns.domain) dns.domain = result.dns.domain;
  if (result.dns.search?.length) dns.search = result.dns.search;
  if (result.dns.options?.length) dns.options = result.dns.options;
  return dns;
}

/** The annotation text exactly as SetNetworkStatus writes it: MarshalIndent per entry, joined by ",". */
export function formatNetworkStatusAnnotation(entries: readonly NetworkStatusEntry[]): string {
  return `[${entries.map((status) => goMarshalIndent(status)).join(',')}]`;
}
