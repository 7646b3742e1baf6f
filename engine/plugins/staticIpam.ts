import { readDns, type CniIpConfig, type CniResult, type CniRoute } from '../cni/cniResult';
import type { AttachRequest } from './pluginModel';
import { networkOf, parseCidr, parseIp, type IpPrefix } from '../address/ipAddress';
import { asRecord, type Json } from '../json/jsonValue';
import { goKeys } from '../cni/goJsonKeys';

/**
 * static IPAM (PLG plugins/ipam/static/main.go LoadIPAMConfig + cmdAdd): the configured
 * `addresses`, then CNI_ARGS `IP` (a comma list of CIDRs, what Multus sends for `ips`)
 * appended with CNI_ARGS `GATEWAY`; `args.cni.ips` and capability `ips` each replace the
 * list. Addresses keep their host bits; routes and DNS are returned as configured.
 */
export function runStatic(request: AttachRequest, ipam: Json): CniResult | { error: string } {
  const ips: CniIpConfig[] = [];
  for (const entry of Array.isArray(ipam.addresses) ? ipam.addresses : []) {
    const raw = goKeys(asRecord(entry) ?? {}, ['address', 'gateway']);
    const text = typeof raw.address === 'string' ? raw.address : '';
    const address = parseCidr(text);
    if (!address) return { error: `the 'address' field is expected to be in CIDR notation, got: '${text}'` };
    const gateway = typeof raw.gateway === 'string' ? parseIp(raw.gateway) : undefined;
    ips.push(gateway ? { address, gateway } : { address });
  }
  const fromArgs = request.cniArgs.IP;
  if (fromArgs) {
    for (const item of fromArgs.split(',')) {
      const address = parseCidr(item.trim());
      if (!address) return { error: `the 'ip' field is expected to be in CIDR notation, got: '${item.trim()}'` };
      ips.push({ address });
    }
  }
  const replaced = replacingIps(request.plugin);
  if (replaced && 'error' in replaced) return replaced;
  const addresses = replaced ?? ips;
  const perFamily = [4, 6].map((family) => addresses.filter((ip) => ip.address.address.family === family).length);
  if (perFamily.some((count) => count > 1) && versionBelow030(request.plugin.cniVersion)) {
    return {
      error: `CNI version ${String(request.plugin.cniVersion ?? '')} does not support more than 1 address per family`,
    };
  }
  return { interfaces: [], ips: addresses, routes: readRoutes(ipam.routes), dns: readDns(ipam.dns) };
}

/** `args.cni.ips`, then capability `ips` (runtimeConfig), each replacing all addresses. */
function replacingIps(plugin: Json): CniIpConfig[] | { error: string } | undefined {
  let result: CniIpConfig[] | undefined;
  for (const list of [asRecord(asRecord(plugin.args)?.cni)?.ips, asRecord(plugin.runtimeConfig)?.ips]) {
    if (!Array.isArray(list) || list.length === 0) continue;
    result = [];
    for (const text of list) {
      const address = typeof text === 'string' ? parseCidr(text) : undefined;
      if (!address) return { error: `an entry in the 'ips' field is NOT in CIDR notation, got: '${String(text)}'` };
      result.push({ address });
    }
  }
  return result;
}

function versionBelow030(version: unknown): boolean {
  return typeof version !== 'string' || ['', '0.1.0', '0.2.0'].includes(version);
}

export function readRoutes(raw: unknown): CniRoute[] {
  const routes: CniRoute[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    const route = goKeys(asRecord(entry) ?? {}, ['dst', 'gw', 'priority', 'table', 'scope']);
    const dst = typeof route.dst === 'string' ? parseCidr(route.dst) : undefined;
    if (!dst) continue;
    const gw = typeof route.gw === 'string' ? parseIp(route.gw) : undefined;
    const network: IpPrefix = { address: networkOf(dst), prefixLength: dst.prefixLength };
    const extra: Partial<CniRoute> = {};
    for (const key of ['priority', 'table', 'scope'] as const)
      if (typeof route[key] === 'number') extra[key] = route[key] as number;
    routes.push({ dst: network, ...(gw ? { gw } : {}), ...extra });
  }
  return routes;
}
