import { readDns, type CniIpConfig, type CniResult } from '../cni/cniResult';
import type { AttachRequest } from './pluginModel';
import {
  bitLength,
  formatIp,
  formatPrefix,
  lastAddressOf,
  networkOf,
  offsetIp,
  parseCidr,
  parseIp,
  type IpAddress,
  type IpPrefix,
} from '../address/ipAddress';
import { readRoutes } from './staticIpam';
import { normalisedRange } from '../ipam/whereaboutsPools';
import { parseWhereaboutsRange } from '../ipam/whereaboutsRange';
import { asRecord, type Json } from '../json/jsonValue';

interface WhereaboutsRange {
  readonly range: IpPrefix;
  readonly rangeStart?: IpAddress;
  readonly rangeEnd?: IpAddress;
  readonly exclude: readonly string[];
}

/** A `net.IP` field: text that does not parse becomes unset at decode time (WA pkg/types/types.go). */
function optionalIp(value: unknown): IpAddress | undefined {
  return typeof value === 'string' ? parseIp(value) : undefined;
}

/**
 * whereabouts ADD (WA cmd/whereabouts.go cmdAdd, pkg/config/config.go LoadIPAMConfig): one
 * address per range, lowest free first across the whole cluster, each with the single
 * `gateway`; then the static `addresses` and the CIDRs Multus passes in CNI_ARGS `IP`.
 */
export function runWhereabouts(request: AttachRequest, ipam: Json): CniResult | { error: string } {
  const ranges = readRanges(ipam);
  if ('error' in ranges) return ranges;
  let gateway: IpAddress | undefined;
  if (typeof ipam.gateway === 'string' && ipam.gateway !== '') {
    gateway = parseIp(ipam.gateway);
    if (!gateway) return { error: `couldn't parse gateway IP: ${ipam.gateway}` };
  }
  const statics = readStaticAddresses(ipam, request.cniArgs.IP);
  if ('error' in statics) return statics;
  const perFamily = [4, 6].map((f) => statics.filter((ip) => ip.address.address.family === f).length);
  const version = typeof request.plugin.cniVersion === 'string' ? request.plugin.cniVersion : '';
  if (perFamily.some((count) => count > 1) && ['', '0.1.0', '0.2.0'].includes(version)) {
    return { error: `CNI version ${version} does not support more than 1 address per family` };
  }
  const networkName = typeof ipam.network_name === 'string' ? ipam.network_name : '';
  const overlapping = ipam.enable_overlapping_ranges !== false;
  const ips: CniIpConfig[] = [];
  for (const range of ranges) {
    const assigned = assignFrom(request, range, networkName, overlapping);
    if ('error' in assigned) return { error: `error at storage engine: ${assigned.error}` };
    ips.push(gateway ? { address: assigned.address, gateway } : { address: assigned.address });
  }
  return { interfaces: [], ips: [...ips, ...statics], routes: readRoutes(ipam.routes), dns: readDns(ipam.dns) };
}

/** Top-level `range` (with `range_start`, `range_end`, `exclude`) becomes the first of `ipRanges`. */
function readRanges(ipam: Json): WhereaboutsRange[] | { error: string } {
  const raws: Json[] = [];
  if (typeof ipam.range === 'string' && ipam.range !== '') {
    raws.push({ range: ipam.range, range_start: ipam.range_start, range_end: ipam.range_end, exclude: ipam.exclude });
  }
  for (const entry of Array.isArray(ipam.ipRanges) ? ipam.ipRanges : []) raws.push(asRecord(entry) ?? {});
  const ranges: WhereaboutsRange[] = [];
  for (const raw of raws) {
    const range = readRange(raw);
    if ('error' in range) return range;
    ranges.push(range);
  }
  return ranges;
}

/** `start-end/prefix` sets both bounds; a plain CIDR takes them from range_start/range_end. */
function readRange(raw: Json): WhereaboutsRange | { error: string } {
  const parsed = parseWhereaboutsRange(typeof raw.range === 'string' ? raw.range : '');
  if ('error' in parsed) return parsed;
  const exclude = Array.isArray(raw.exclude) ? raw.exclude.map(String) : [];
  if (parsed.start) return { range: parsed.network, rangeStart: parsed.start, rangeEnd: parsed.end, exclude };
  return {
    range: parsed.network,
    rangeStart: optionalIp(raw.range_start) ?? parsed.network.address,
    rangeEnd: optionalIp(raw.range_end),
    exclude,
  };
}

/** `addresses` (CIDRs) then CNI_ARGS `IP` (comma-separated CIDRs), as configureStatic/handleEnvArgs read them. */
function readStaticAddresses(ipam: Json, ipArg: string | undefined): CniIpConfig[] | { error: string } {
  const ips: CniIpConfig[] = [];
  for (const entry of Array.isArray(ipam.addresses) ? ipam.addresses : []) {
    const raw = asRecord(entry) ?? {};
    const text = typeof raw.address === 'string' ? raw.address : '';
    const address = parseCidr(text);
    if (!address) return { error: `invalid CIDR in addresses ${text}: invalid CIDR address: ${text}` };
    const gateway = typeof raw.gateway === 'string' ? parseIp(raw.gateway) : undefined;
    ips.push(gateway ? { address, gateway } : { address });
  }
  for (const item of ipArg ? ipArg.split(',') : []) {
    const text = item.trim();
    const address = parseCidr(text);
    if (!address) return { error: `invalid CIDR ${text}: invalid CIDR address: ${text}` };
    ips.push({ address });
  }
  return ips;
}

/** GetIPRange (WA pkg/iphelpers/iphelpers.go): usable bounds, narrowed by in-bounds range_start/range_end only. */
function assignFrom(
  request: AttachRequest,
  range: WhereaboutsRange,
  networkName: string,
  overlapping: boolean,
): { address: IpPrefix } | { error: string } {
  const family = range.range.address.family;
  if (bitLength(family) - range.range.prefixLength <= 1) {
    return {
      error: `net mask is too short, subnet ${formatPrefix(range.range)} has no usable IP addresses, it is too small`,
    };
  }
  let first = offsetIp(networkOf(range.range), 1n);
  let last = offsetIp(lastAddressOf(range.range), -1n);
  if (range.rangeStart && within(range.rangeStart, first, last)) first = range.rangeStart;
  if (range.rangeEnd && within(range.rangeEnd, first, last)) last = range.rangeEnd;
  const excludes: IpPrefix[] = [];
  for (const text of range.exclude) {
    const excluded = parseExcluded(text);
    if (!excluded) return { error: `could not parse exclude range, err: "invalid CIDR address: ${text}"` };
    excludes.push(excluded);
  }
  const address = request.state.whereabouts.assign(networkName, range.range, first, last, excludes, overlapping);
  if (!address) {
    return {
      error: `Could not allocate IP in range: ip: ${formatIp(first)} / - ${formatIp(last)} / range: ${formatPrefix(range.range)} / excludeRanges: [${range.exclude.join(' ')}]`,
    };
  }
  return { address: { address, prefixLength: range.range.prefixLength } };
}

function within(ip: IpAddress, first: IpAddress, last: IpAddress): boolean {
  return ip.family === first.family && ip.value >= first.value && ip.value <= last.value;
}

/** parseExcludedRange: a CIDR masked to its network, or a bare IP as /32 or /128. */
function parseExcluded(text: string): IpPrefix | undefined {
  const cidr = parseCidr(text);
  if (cidr) return normalisedRange(cidr);
  const ip = parseIp(text);
  return ip ? { address: ip, prefixLength: bitLength(ip.family) } : undefined;
}
