import { emptyResult, type CniResult } from '../cni/cniResult';
import type { AttachRequest, IpamOutcome } from './pluginModel';
import { goKeys } from '../cni/goJsonKeys';
import { runDhcp } from './dhcpIpam';
import { allocateHostLocal } from '../ipam/hostLocalAllocator';
import { readHostLocalConfig } from '../ipam/hostLocalConfig';
import { parseCidr, parseIp, type IpAddress } from '../address/ipAddress';
import { readRoutes, runStatic } from './staticIpam';
import { runWhereabouts } from './whereaboutsIpam';
import { asRecord, type Json } from '../json/jsonValue';
import { installedPlugins } from './installedPlugins';

/**
 * Runs the IPAM plugin named by `ipam.type` (PLG pkg/ipam/ipam.go ExecAdd; CNI
 * pkg/invoke/find.go for the lookup errors) and returns its result: addresses without an
 * interface index, gateways, routes and DNS.
 */
export function runIpam(request: AttachRequest): IpamOutcome | { error: string } {
  const ipam = ipamOf(request.plugin);
  const type = typeof ipam.type === 'string' ? ipam.type : '';
  if (type === '') return { error: 'no plugin name provided' };
  if (!installedPlugins(request.cluster).has(type)) return { error: notFound(type) };
  if (type === 'host-local') return wrap(runHostLocal(request, ipam));
  if (type === 'static') return wrap(runStatic(request, ipam));
  if (type === 'whereabouts') return wrap(runWhereabouts(request, ipam));
  if (type === 'dhcp') return runDhcp(request);
  return { error: notFound(type) };
}

/** libcni's FindInPath error (CNI pkg/invoke/find.go) for a binary the nodes lack. */
function notFound(type: string): string {
  return `failed to find plugin "${type}" in path [/opt/cni/bin]`;
}

/** The top-level keys the reference IPAM plugins decode (host-local, static: allocator/config.go, static/main.go). */
const IPAM_FIELDS = [
  'type',
  'subnet',
  'rangeStart',
  'rangeEnd',
  'gateway',
  'ranges',
  'routes',
  'dataDir',
  'resolvConf',
  'addresses',
  'dns',
];
const decodedIpam = new WeakMap<Json, Json>();

/** The plugin's `ipam` with its keys as Go decodes them; one object per NAD, so the caches below hold. */
function ipamOf(plugin: Json): Json {
  const raw = asRecord(plugin.ipam) ?? {};
  let ipam = decodedIpam.get(raw);
  if (!ipam) decodedIpam.set(raw, (ipam = goKeys(raw, IPAM_FIELDS)));
  return ipam;
}

function wrap(outcome: CniResult | { error: string }): IpamOutcome | { error: string } {
  return 'error' in outcome ? outcome : { result: outcome };
}

/** host-local cmdAdd (PLG plugins/ipam/host-local/main.go), on the node's own state. */
function runHostLocal(request: AttachRequest, ipam: Json): CniResult | { error: string } {
  const requested = requestedHostLocalIps(request);
  if ('error' in requested) return requested;
  const ranges = prependIpRanges(request.plugin, ipam);
  const config = hostLocalConfigOf(ranges);
  if ('error' in config) return config;
  const store = request.state.hostLocalStore(request.node.name, config.dataDir, request.networkName);
  const leases = allocateHostLocal(config, store, requested.ips);
  if ('error' in leases) return leases;
  return {
    ...emptyResult(),
    ips: leases.map((lease) => ({ address: lease.address, gateway: lease.gateway })),
    routes: routesOf(ranges).map((route) => ({ ...route })),
  };
}

const hostLocalConfigs = new WeakMap<Json, ReturnType<typeof readHostLocalConfig>>();
const hostLocalRoutes = new WeakMap<Json, ReturnType<typeof readRoutes>>();

/** The same `ipam` object (one NAD, many pods) is read once. */
function hostLocalConfigOf(ipam: Json): ReturnType<typeof readHostLocalConfig> {
  let config = hostLocalConfigs.get(ipam);
  if (!config) hostLocalConfigs.set(ipam, (config = readHostLocalConfig(ipam)));
  return config;
}

function routesOf(ipam: Json): ReturnType<typeof readRoutes> {
  let routes = hostLocalRoutes.get(ipam);
  if (!routes) hostLocalRoutes.set(ipam, (routes = readRoutes(ipam.routes)));
  return routes;
}

/** Capability `ipRanges` comes first, before the configured ranges (allocator/config.go LoadIPAMConfig). */
function prependIpRanges(plugin: Json, ipam: Json): Json {
  const runtimeRanges = asRecord(plugin.runtimeConfig)?.ipRanges;
  if (!Array.isArray(runtimeRanges) || runtimeRanges.length === 0) return ipam;
  return { ...ipam, ranges: [...runtimeRanges, ...(Array.isArray(ipam.ranges) ? ipam.ranges : [])] };
}

/**
 * host-local's requested IPs (allocator/config.go LoadIPAMConfig): CNI_ARGS `IP` holds one
 * address (Multus joins several with "," and host-local cannot parse that), then `args.cni.ips`,
 * then capability `ips`; a prefix length is dropped.
 */
function requestedHostLocalIps(request: AttachRequest): { ips: IpAddress[] } | { error: string } {
  const ips: IpAddress[] = [];
  const fromArgs = request.cniArgs.IP;
  if (fromArgs !== undefined && fromArgs !== '') {
    const address = ipOrCidr(fromArgs);
    if (!address)
      return { error: `ARGS: error parsing value of pair "IP=${fromArgs}": invalid IP address ${fromArgs}` };
    ips.push(address);
  }
  const argsCni = asRecord(asRecord(request.plugin.args)?.cni)?.ips;
  const runtime = asRecord(request.plugin.runtimeConfig)?.ips;
  for (const list of [argsCni, runtime]) {
    for (const text of Array.isArray(list) ? list : []) {
      const address = typeof text === 'string' ? ipOrCidr(text) : undefined;
      if (!address) return { error: `cannot understand ip: invalid IP address: ${String(text)}` };
      ips.push(address);
    }
  }
  return { ips };
}

/** PLG pkg/ip/ip.go ParseIP: an address, or a CIDR whose address is taken. */
function ipOrCidr(text: string): IpAddress | undefined {
  return text.includes('/') ? parseCidr(text)?.address : parseIp(text);
}
