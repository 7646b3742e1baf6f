import { goKeys } from '../cni/goJsonKeys';
import {
  formatIp,
  formatPrefix,
  lastAddressOf,
  networkOf,
  offsetIp,
  parseCidr,
  parseIp,
  prefixContains,
  sameIp,
  type IpAddress,
  type IpPrefix,
} from '../address/ipAddress';
import { type Json } from '../json/jsonValue';

/** One canonical host-local range (PLG plugins/ipam/host-local/backend/allocator/range.go). */
export interface HostLocalRange {
  readonly subnet: IpPrefix;
  readonly rangeStart: IpAddress;
  readonly rangeEnd: IpAddress;
  readonly gateway: IpAddress;
}

export type RangeSet = readonly HostLocalRange[];

export interface HostLocalConfig {
  readonly rangeSets: readonly RangeSet[];
  readonly routes: readonly { dst: IpPrefix; gw?: IpAddress }[];
  readonly dataDir: string;
}

const DEFAULT_DATA_DIR = '/var/lib/cni/networks';

/** The Go struct fields host-local decodes (allocator/config.go IPAMConfig, Range; CNI pkg/types Route). */
const RANGE_FIELDS = ['subnet', 'rangeStart', 'rangeEnd', 'gateway'];
const HOST_LOCAL_FIELDS = [...RANGE_FIELDS, 'type', 'routes', 'dataDir', 'resolvConf', 'ranges'];
export const ROUTE_FIELDS = ['dst', 'gw'];

/**
 * Reads host-local's `ipam` object the way LoadIPAMConfig does (PLG plugins/ipam/host-local/
 * backend/allocator/config.go): the legacy top-level subnet becomes range set 0, each range is
 * canonicalised, and the first failure is returned with the plugin's own wording.
 */
export function readHostLocalConfig(raw: Json): HostLocalConfig | { error: string } {
  const ipam = goKeys(raw, HOST_LOCAL_FIELDS);
  const rawSets: unknown[][] = [];
  if (ipam.subnet !== undefined) {
    rawSets.push([
      { subnet: ipam.subnet, rangeStart: ipam.rangeStart, rangeEnd: ipam.rangeEnd, gateway: ipam.gateway },
    ]);
  }
  if (Array.isArray(ipam.ranges)) for (const set of ipam.ranges) rawSets.push(Array.isArray(set) ? set : []);
  if (rawSets.length === 0) return { error: 'no IP ranges specified' };
  const rangeSets: RangeSet[] = [];
  for (const [index, rawSet] of rawSets.entries()) {
    const set = readRangeSet(rawSet);
    if ('error' in set) return { error: `invalid range set ${index}: ${set.error}` };
    rangeSets.push(set);
  }
  for (let i = 0; i < rangeSets.length; i++) {
    for (let j = i + 1; j < rangeSets.length; j++) {
      if (rangeSetsOverlap(rangeSets[i], rangeSets[j])) return { error: `range set ${i} overlaps with ${j}` };
    }
  }
  const routes = readRoutes(ipam.routes);
  if ('error' in routes) return routes;
  return { rangeSets, routes, dataDir: typeof ipam.dataDir === 'string' ? ipam.dataDir : DEFAULT_DATA_DIR };
}

function readRoutes(raw: unknown): { dst: IpPrefix; gw?: IpAddress }[] | { error: string } {
  const routes: { dst: IpPrefix; gw?: IpAddress }[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    const route = goKeys((entry ?? {}) as Json, ROUTE_FIELDS);
    const dst = typeof route.dst === 'string' ? parseCidr(route.dst) : undefined;
    if (!dst) return { error: `invalid CIDR address: ${String(route.dst ?? '<nil>')}` };
    const gw = typeof route.gw === 'string' ? parseIp(route.gw) : undefined;
    routes.push(
      gw
        ? { dst: { address: networkOf(dst), prefixLength: dst.prefixLength }, gw }
        : { dst: { address: networkOf(dst), prefixLength: dst.prefixLength } },
    );
  }
  return routes;
}

/** RangeSet.Canonicalize (range_set.go): non-empty, each range valid, one family, no overlaps. */
function readRangeSet(rawSet: unknown[]): RangeSet | { error: string } {
  if (rawSet.length === 0) return { error: 'empty range set' };
  const ranges: HostLocalRange[] = [];
  for (const raw of rawSet) {
    const range = canonicalizeRange((raw ?? {}) as Json);
    if ('error' in range) return { error: rangeErrorText(range.error) };
    if (ranges.length > 0 && ranges[0].subnet.address.family !== range.subnet.address.family) {
      return { error: 'mixed address families' };
    }
    ranges.push(range);
  }
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      if (rangesOverlap(ranges[i], ranges[j])) {
        return { error: `subnets ${describeRange(ranges[i])} and ${describeRange(ranges[j])} overlap` };
      }
    }
  }
  return ranges;
}

/** Which field of a range a canonicalisation error is about (for diagnostics that point at it). */
type RangeField = 'subnet' | 'rangeStart' | 'rangeEnd' | 'gateway';

/** Why Range.Canonicalize (range.go) rejects a range: `rangeErrorText` words it as the plugin does. */
export type RangeError =
  | { readonly kind: 'cidr-invalid'; readonly field: 'subnet'; readonly written: string }
  | { readonly kind: 'ip-invalid'; readonly field: Exclude<RangeField, 'subnet'>; readonly written: string }
  | { readonly kind: 'subnet-too-small'; readonly field: 'subnet'; readonly subnet: IpPrefix }
  | {
      readonly kind: 'subnet-host-bits';
      readonly field: 'subnet';
      readonly subnet: IpPrefix;
      readonly network: IpAddress;
    }
  | {
      readonly kind: 'range-outside-subnet';
      readonly field: 'rangeStart' | 'rangeEnd';
      readonly address: IpAddress;
      readonly subnet: IpPrefix;
    };

/** The plugin's own message for a range error (range.go Canonicalize; Go's net.ParseCIDR and net.IP decoding). */
export function rangeErrorText(error: RangeError): string {
  switch (error.kind) {
    case 'cidr-invalid':
      return `invalid CIDR address: ${error.written}`;
    case 'ip-invalid':
      return `invalid IP address: ${error.written}`;
    case 'subnet-too-small':
      return `Network ${formatPrefix(error.subnet)} too small to allocate from`;
    case 'subnet-host-bits':
      return `Network has host bits set. For a subnet mask of length ${error.subnet.prefixLength} the network address is ${formatIp(error.network)}`;
    case 'range-outside-subnet':
      return `${error.field === 'rangeStart' ? 'RangeStart' : 'RangeEnd'} ${formatIp(error.address)} not in network ${formatPrefix(error.subnet)}`;
  }
}

/** Range.Canonicalize (range.go), in the same order. */
export function canonicalizeRange(written: Json): HostLocalRange | { error: RangeError } {
  const raw = goKeys(written, RANGE_FIELDS);
  const subnet = typeof raw.subnet === 'string' ? parseCidr(raw.subnet) : undefined;
  if (!subnet) return { error: { kind: 'cidr-invalid', field: 'subnet', written: String(raw.subnet ?? '') } };
  const bits = subnet.address.family === 4 ? 32 : 128;
  if (subnet.prefixLength > bits - 2) return { error: { kind: 'subnet-too-small', field: 'subnet', subnet } };
  const network = networkOf(subnet);
  if (!sameIp(network, subnet.address)) {
    return { error: { kind: 'subnet-host-bits', field: 'subnet', subnet, network } };
  }
  const fields = readAddresses(raw);
  if ('error' in fields) return fields;
  const rangeStart = fields.rangeStart ?? offsetIp(network, 1n);
  // Range.Contains also compares with an explicit rangeEnd, already set from the config: a start
  // after the end is "RangeStart ... not in network" (checked against the real plugin, test/oracle).
  const afterEnd = fields.rangeEnd?.family === rangeStart.family && rangeStart.value > fields.rangeEnd.value;
  if (fields.rangeStart && (!prefixContains(subnet, rangeStart) || afterEnd)) {
    return { error: { kind: 'range-outside-subnet', field: 'rangeStart', address: rangeStart, subnet } };
  }
  const defaultEnd = subnet.address.family === 4 ? offsetIp(lastAddressOf(subnet), -1n) : lastAddressOf(subnet);
  const rangeEnd = fields.rangeEnd ?? defaultEnd;
  // Range.Contains checks rangeStart by then, so an end before the start is "not in network" too.
  const endInside = prefixContains(subnet, rangeEnd) && rangeEnd.value >= rangeStart.value;
  if (fields.rangeEnd && !endInside) {
    return { error: { kind: 'range-outside-subnet', field: 'rangeEnd', address: rangeEnd, subnet } };
  }
  return { subnet, rangeStart, rangeEnd, gateway: fields.gateway ?? offsetIp(network, 1n) };
}

function readAddresses(
  raw: Json,
): { rangeStart?: IpAddress; rangeEnd?: IpAddress; gateway?: IpAddress } | { error: RangeError } {
  const out: { rangeStart?: IpAddress; rangeEnd?: IpAddress; gateway?: IpAddress } = {};
  for (const key of ['rangeStart', 'rangeEnd', 'gateway'] as const) {
    const value = raw[key];
    if (value === undefined || value === null || value === '') continue;
    const address = typeof value === 'string' ? parseIp(value) : undefined;
    if (!address) return { error: { kind: 'ip-invalid', field: key, written: String(value) } };
    out[key] = address;
  }
  return out;
}

export function describeRange(range: HostLocalRange): string {
  return `${formatIp(range.rangeStart)}-${formatIp(range.rangeEnd)}`;
}

/** RangeSet.String (range_set.go): the ranges as `start-end`, comma-separated. */
export function describeRangeSet(set: RangeSet): string {
  return set.map(describeRange).join(',');
}

export function rangesOverlap(a: HostLocalRange, b: HostLocalRange): boolean {
  if (a.subnet.address.family !== b.subnet.address.family) return false;
  return a.rangeStart.value <= b.rangeEnd.value && b.rangeStart.value <= a.rangeEnd.value;
}

export function rangeSetsOverlap(a: RangeSet, b: RangeSet): boolean {
  return a.some((x) => b.some((y) => rangesOverlap(x, y)));
}

/** The number of addresses a range hands out at most (the gateway, if inside, excluded). */
export function rangeCapacity(range: HostLocalRange): bigint {
  const span = range.rangeEnd.value - range.rangeStart.value + 1n;
  const gatewayInside =
    range.gateway.family === range.rangeStart.family &&
    range.gateway.value >= range.rangeStart.value &&
    range.gateway.value <= range.rangeEnd.value;
  return gatewayInside ? span - 1n : span;
}
