import { readHostLocalConfig, rangeCapacity } from '../ipam/hostLocalConfig';
import {
  formatIp,
  formatPrefix,
  lastAddressOf,
  networkOf,
  parseCidr,
  parseIp,
  prefixSize,
  type IpAddress,
  type IpPrefix,
} from '../address/ipAddress';
import { type Json } from '../json/jsonValue';
import { parseWhereaboutsRange } from '../ipam/whereaboutsRange';

/** One range of an IPAM block in numbers, computed (never enumerated) as the plugin reads it. */
export interface RangeFacts {
  readonly subnet: string;
  /** Addresses in the subnet (2^(bits - prefix)), as text because IPv6 counts overflow numbers. */
  readonly subnetSize: string;
  readonly first?: string;
  readonly last?: string;
  /** How many addresses the plugin can hand out from this range. */
  readonly allocatable: string;
  readonly gateway?: string;
  /** Parts of the subnet the plugin never hands out, in words (`192.168.1.0-192.168.1.199`, `gateway 192.168.1.1`). */
  readonly excluded: readonly string[];
}

export interface IpamFacts {
  readonly type: string;
  readonly ranges: readonly RangeFacts[];
  /** Plain-words caveats of this IPAM type (host-local is per node, whereabouts does not skip the gateway). */
  readonly notes: readonly string[];
  /** The plugin's own error when it would reject the block. */
  readonly error?: string;
}

/** Facts about the ranges of an `ipam` object, for the hover on an IPAM block or one of its addresses. */
export function describeIpamRanges(ipam: Json): IpamFacts {
  const type = typeof ipam.type === 'string' ? ipam.type : '';
  if (type === 'host-local') return hostLocalFacts(ipam);
  if (type === 'whereabouts') return whereaboutsFacts(ipam);
  if (type === 'static') return staticFacts(ipam);
  if (type === 'dhcp')
    return {
      type,
      ranges: [],
      notes: ['Addresses come from a DHCP server at run time; they cannot be known offline.'],
    };
  return { type, ranges: [], notes: [] };
}

const HOST_LOCAL_NOTE =
  "host-local keeps its allocations on each node's disk (containernetworking/plugins plugins/ipam/host-local/backend/disk/backend.go): pods on different nodes that use this NAD can get the same address. Use whereabouts for addresses unique across the cluster.";

function hostLocalFacts(ipam: Json): IpamFacts {
  const config = readHostLocalConfig(ipam);
  if ('error' in config) return { type: 'host-local', ranges: [], notes: [HOST_LOCAL_NOTE], error: config.error };
  const ranges = config.rangeSets.flat().map((range) => {
    const gatewayInside = range.gateway.value >= range.rangeStart.value && range.gateway.value <= range.rangeEnd.value;
    const first =
      gatewayInside && range.gateway.value === range.rangeStart.value ? step(range.rangeStart, 1n) : range.rangeStart;
    const last =
      gatewayInside && range.gateway.value === range.rangeEnd.value ? step(range.rangeEnd, -1n) : range.rangeEnd;
    const excluded = outside(range.subnet, range.rangeStart, range.rangeEnd);
    if (gatewayInside) excluded.push(`gateway ${formatIp(range.gateway)}`);
    const allocatable = rangeCapacity(range);
    return {
      subnet: formatPrefix(range.subnet),
      subnetSize: prefixSize(range.subnet).toString(),
      ...(allocatable > 0n ? { first: formatIp(first), last: formatIp(last) } : {}),
      allocatable: allocatable.toString(),
      gateway: formatIp(range.gateway),
      excluded,
    };
  });
  return { type: 'host-local', ranges, notes: [HOST_LOCAL_NOTE] };
}

/** WA pkg/iphelpers/iphelpers.go and pkg/allocate/allocate.go: usable bounds, ignored range_start/end, excludes. */
function whereaboutsFacts(ipam: Json): IpamFacts {
  const entries: Json[] = [];
  if (typeof ipam.range === 'string') entries.push(ipam);
  if (Array.isArray(ipam.ipRanges))
    for (const entry of ipam.ipRanges) if (entry && typeof entry === 'object') entries.push(entry as Json);
  const ranges: RangeFacts[] = [];
  for (const entry of entries) {
    const facts = whereaboutsRange(entry, typeof ipam.gateway === 'string' ? parseIp(ipam.gateway) : undefined);
    if ('error' in facts) return { type: 'whereabouts', ranges, notes: [], error: facts.error };
    ranges.push(facts);
  }
  const notes = ['whereabouts hands out the lowest free address and does not skip the gateway unless it is excluded.'];
  return { type: 'whereabouts', ranges, notes };
}

function whereaboutsRange(entry: Json, gateway: IpAddress | undefined): RangeFacts | { error: string } {
  const parsed = parseWhereaboutsRange(String(entry.range ?? ''));
  if ('error' in parsed) return parsed;
  const subnet = parsed.network;
  const firstUsable = step(subnet.address, 1n);
  const lastUsable = step(lastAddressOf(subnet), -1n);
  if (lastUsable.value < firstUsable.value)
    return {
      error: `net mask is too short, subnet ${formatPrefix(subnet)} has no usable IP addresses, it is too small`,
    };
  const wantedStart = parsed.start ?? (typeof entry.range_start === 'string' ? parseIp(entry.range_start) : undefined);
  const start = wantedStart && within(wantedStart, firstUsable, lastUsable) ? wantedStart : firstUsable;
  const wantedEnd = parsed.end ?? (typeof entry.range_end === 'string' ? parseIp(entry.range_end) : undefined);
  const end = wantedEnd && within(wantedEnd, start, lastUsable) ? wantedEnd : lastUsable;
  const excludes = (Array.isArray(entry.exclude) ? entry.exclude : []).flatMap((item) => excludedSpan(String(item)));
  const merged = mergeSpans(excludes.filter(([a, b]) => b >= start.value && a <= end.value));
  let excludedCount = 0n;
  for (const [a, b] of merged) excludedCount += min(b, end.value) - max(a, start.value) + 1n;
  const allocatable = end.value - start.value + 1n - excludedCount;
  const family = start.family;
  const first = firstFree(start.value, end.value, merged);
  const last = lastFree(start.value, end.value, merged);
  const excluded = outside(subnet, start, end);
  for (const [a, b] of merged)
    excluded.push(
      a === b
        ? `excluded ${formatIp({ family, value: a })}`
        : `excluded ${formatIp({ family, value: a })}-${formatIp({ family, value: b })}`,
    );
  return {
    subnet: formatPrefix(subnet),
    subnetSize: prefixSize(subnet).toString(),
    ...(first !== undefined && last !== undefined
      ? { first: formatIp({ family, value: first }), last: formatIp({ family, value: last }) }
      : {}),
    allocatable: allocatable.toString(),
    ...(gateway ? { gateway: formatIp(gateway) } : {}),
    excluded,
  };
}

function staticFacts(ipam: Json): IpamFacts {
  const addresses = Array.isArray(ipam.addresses) ? ipam.addresses : [];
  const ranges = addresses.flatMap((entry) => {
    const cidr = parseCidr(String((entry as Json)?.address ?? ''));
    if (!cidr) return [];
    const gateway = typeof (entry as Json).gateway === 'string' ? ((entry as Json).gateway as string) : undefined;
    const address = formatIp(cidr.address);
    return [
      {
        subnet: formatPrefix({ address: networkOf(cidr), prefixLength: cidr.prefixLength }),
        subnetSize: prefixSize(cidr).toString(),
        first: address,
        last: address,
        allocatable: '1',
        ...(gateway ? { gateway } : {}),
        excluded: [],
      },
    ];
  });
  return {
    type: 'static',
    ranges,
    notes: ["static gives every pod the same configured addresses (plus the pod's `ips`)."],
  };
}

function excludedSpan(text: string): Array<[bigint, bigint]> {
  const cidr = text.includes('/') ? parseCidr(text) : undefined;
  if (cidr) return [[networkOf(cidr).value, lastAddressOf(cidr).value]];
  const ip = parseIp(text);
  return ip ? [[ip.value, ip.value]] : [];
}

function mergeSpans(spans: Array<[bigint, bigint]>): Array<[bigint, bigint]> {
  const sorted = [...spans].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const merged: Array<[bigint, bigint]> = [];
  for (const [a, b] of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && a <= previous[1] + 1n) previous[1] = max(previous[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

function firstFree(start: bigint, end: bigint, merged: Array<[bigint, bigint]>): bigint | undefined {
  let candidate = start;
  for (const [a, b] of merged) if (a <= candidate && candidate <= b) candidate = b + 1n;
  return candidate <= end ? candidate : undefined;
}

function lastFree(start: bigint, end: bigint, merged: Array<[bigint, bigint]>): bigint | undefined {
  let candidate = end;
  for (const [a, b] of [...merged].reverse()) if (a <= candidate && candidate <= b) candidate = a - 1n;
  return candidate >= start ? candidate : undefined;
}

/** The parts of a subnet before `start` and after `end`, as `a-b` text. */
function outside(subnet: IpPrefix, start: IpAddress, end: IpAddress): string[] {
  const network = networkOf(subnet);
  const broadcast = lastAddressOf(subnet);
  const parts: string[] = [];
  if (start.value > network.value) parts.push(span(network, step(start, -1n)));
  if (end.value < broadcast.value) parts.push(span(step(end, 1n), broadcast));
  return parts;
}

function span(a: IpAddress, b: IpAddress): string {
  return a.value === b.value ? formatIp(a) : `${formatIp(a)}-${formatIp(b)}`;
}

function step(address: IpAddress, delta: bigint): IpAddress {
  return { family: address.family, value: address.value + delta };
}

function within(address: IpAddress, low: IpAddress, high: IpAddress): boolean {
  return address.family === low.family && address.value >= low.value && address.value <= high.value;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
