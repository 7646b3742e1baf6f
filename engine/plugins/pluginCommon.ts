import type { HostInterface } from '../clusterModel/clusterModel';
import type { CniIpConfig, CniResult, CniRoute } from '../cni/cniResult';
import { bitLength, formatIp, type IpAddress, type IpPrefix } from '../address/ipAddress';
import { runIpam } from './ipamDelegate';
import { deterministicMac } from '../netns/deterministicMac';
import { MAIN_TABLE } from '../netns/podNetns';
import type { AttachRequest } from './pluginModel';
import { asRecord, type Json } from '../json/jsonValue';

export function stringField(conf: Json, key: string): string {
  return typeof conf[key] === 'string' ? (conf[key] as string) : '';
}

export function numberField(conf: Json, key: string): number {
  return typeof conf[key] === 'number' ? (conf[key] as number) : 0;
}

/** The netns path a runtime passes as CNI_NETNS; plugins copy it into `sandbox`. */
export function sandboxPath(podKey: string): string {
  return `/var/run/netns/${podKey.replace('/', '-')}`;
}

/**
 * A host interface of the node and its ifindex there (lo is 1, the model's interfaces follow). On a node whose
 * interfaces the model does not know, any named interface is assumed present at MTU 1500 (ifindex 2).
 */
export function hostLink(request: AttachRequest, name: string): { link: HostInterface; index: number } | undefined {
  const at = request.node.interfaces.findIndex((iface) => iface.name === name);
  if (at >= 0) return { link: request.node.interfaces[at], index: at + 2 };
  return request.node.interfacesUnknown ? { link: { name, mtu: 1500 }, index: 2 } : undefined;
}

/** What stands for the default-route interface of a node whose interfaces the model does not know. */
export const UNKNOWN_DEFAULT_ROUTE_INTERFACE = '(default-route interface)';

/** The interface holding the node's default route: the model's first interface. */
export function defaultRouteInterface(request: AttachRequest): string | undefined {
  if (request.node.interfacesUnknown) return UNKNOWN_DEFAULT_ROUTE_INTERFACE;
  return request.node.interfaces[0]?.name;
}

export function hostMac(request: AttachRequest, link: HostInterface): string {
  return link.mac ?? deterministicMac(request.node.name, link.name);
}

/** `runtimeConfig.<key>`, present only when the plugin declared the capability (libcni). */
export function runtimeValue(request: AttachRequest, key: string): unknown {
  return asRecord(request.plugin.runtimeConfig)?.[key];
}

/** `args.cni.<key>` after Multus merged the selection's `cni-args`. */
export function argsCniValue(request: AttachRequest, key: string): unknown {
  return asRecord(asRecord(request.plugin.args)?.cni)?.[key];
}

/**
 * Runs the IPAM plugin for a main plugin and points every address at the sandbox interface's
 * index; `IPAM plugin returned missing IP config` when it gave none (not for dhcp, whose
 * address arrives at runtime).
 */
export function ipamFor(
  request: AttachRequest,
  interfaceIndex: number,
): { ips: CniIpConfig[]; routes: CniRoute[]; dns: CniResult['dns']; dhcp?: boolean } | { error: string } {
  const outcome = runIpam(request);
  if ('error' in outcome) return outcome;
  if (outcome.dhcp) return { ips: [], routes: [], dns: {}, dhcp: true };
  if (outcome.result.ips.length === 0) return { error: 'IPAM plugin returned missing IP config' };
  return {
    ips: outcome.result.ips.map((ip) => ({ ...ip, interface: interfaceIndex })),
    routes: outcome.result.routes,
    dns: outcome.result.dns,
  };
}

/** IPAM for the pod interface, then ConfigureIface with its addresses and routes: the IPAM outcome, or the first error. */
export function addIpamToIface(
  request: AttachRequest,
  result: CniResult,
  interfaceIndex: number,
): ReturnType<typeof ipamFor> {
  const ipam = ipamFor(request, interfaceIndex);
  if ('error' in ipam) return ipam;
  result.ips = ipam.ips;
  result.routes = ipam.routes;
  const failed = configureIface(request, request.ifname, result);
  return failed ? { error: failed } : ipam;
}

export function hasIpamType(request: AttachRequest): boolean {
  const ipam = asRecord(request.plugin.ipam);
  return !!ipam && typeof ipam.type === 'string' && ipam.type !== '';
}

/**
 * ConfigureIface (PLG pkg/ipam/ipam_linux.go): addresses of this interface, then each result
 * route with `RouteAddEcmp`; a route without `gw` takes the interface's first gateway of its
 * family. The current plugins also honour route `priority`, `table` and `scope` (v1.1.1 does not).
 */
export function configureIface(request: AttachRequest, ifname: string, result: CniResult): string | undefined {
  const { netns } = request;
  let v4gw: IpAddress | undefined;
  let v6gw: IpAddress | undefined;
  for (const ip of result.ips) {
    if (ip.interface === undefined || result.interfaces[ip.interface]?.name !== ifname) continue;
    netns.addAddress(ifname, ip.address);
    if (ip.gateway?.family === 4) v4gw ??= ip.gateway;
    else if (ip.gateway?.family === 6) v6gw ??= ip.gateway;
  }
  const current = request.cluster.pluginVersion !== 'v1.1.1';
  for (const route of result.routes) {
    const family = route.dst.address.family;
    const gw = route.gw ?? (family === 4 ? v4gw : v6gw);
    const table = current && route.table ? route.table : MAIN_TABLE;
    const priority = current && route.priority ? route.priority : undefined;
    const metric = priority ?? (family === 6 ? 1024 : undefined);
    const scope = current && route.scope === 253 ? ('link' as const) : undefined;
    const outcome = netns.addRoute({
      table,
      dst: route.dst,
      dev: ifname,
      ...(gw ? { gw } : {}),
      ...(metric ? { metric } : {}),
      ...(scope ? { scope } : {}),
    });
    if (outcome === 'unreachable') {
      const via = `${goIpNet(route.dst)} via ${gw ? formatIp(gw) : '<nil>'} dev ${ifname}`;
      const where = current
        ? `${via} metric ${priority ?? 0} (Scope: ${scope === 'link' ? 'link' : 'universe'}, Table: ${current && route.table ? route.table : 0})`
        : via;
      return `failed to add route '${where}': network is unreachable`;
    }
  }
  return undefined;
}

/** Go's %v of a net.IPNet value (not a pointer): `{10.22.0.0 ffff0000}`, the mask in hex. */
function goIpNet(prefix: IpPrefix): string {
  const bits = bitLength(prefix.address.family);
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix.prefixLength)) - 1n);
  return `{${formatIp(prefix.address)} ${mask.toString(16).padStart(bits / 4, '0')}}`;
}

/** A MAC from the request or the config, in the given precedence, else the kernel's (deterministic here). */
export function chooseMac(request: AttachRequest, candidates: readonly unknown[]): string {
  for (const value of candidates) if (typeof value === 'string' && value !== '') return value.toLowerCase();
  return deterministicMac(request.podKey, request.ifname);
}

/** Go's net.ParseMAC for the 6-octet forms plugins accept. */
export function validMac(text: string): boolean {
  return /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(text) || /^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$/.test(text);
}

/**
 * The kernel hands a macvlan/ipvlan child's frames for the master's own addresses neither to the master nor back,
 * so the pod cannot reach its node on that interface (the users' report: multus-cni issue #1023).
 */
export function ownNodeUnreachableNote(request: AttachRequest, kind: 'macvlan' | 'ipvlan', master: string): string {
  return `${request.ifname} (${kind} on ${master}) cannot reach node ${request.node.name}'s own addresses on ${master}: the kernel does not pass traffic between a ${kind} child and its master (reach the node over eth0, or give the node a ${kind} interface of its own).`;
}
