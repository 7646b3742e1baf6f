import type { Node as JsonNode } from 'jsonc-parser';
import {
  bitLength,
  formatIp,
  formatPrefix,
  lastAddressOf,
  networkOf,
  parseCidr,
  parseIp,
  prefixContains,
  sameIp,
  type IpAddress,
  type IpPrefix,
} from '../address/ipAddress';
import type { HostLocalRange } from '../ipam/hostLocalConfig';
import { parseWhereaboutsRange } from '../ipam/whereaboutsRange';
import type { ConfigSource } from './configSource';
import { goField, propertiesOf } from './goJsonFields';

/** One whereabouts range as LoadIPAMConfig normalises it (WA pkg/config/config.go). */
interface WhereaboutsRange {
  readonly network: IpPrefix;
  readonly start?: IpAddress;
  readonly end?: IpAddress;
}

const OBSOLETE_KEYS = /^(datastore|etcd_.*)$/;

/**
 * whereabouts' config rules (WA pkg/config/config.go LoadIPAMConfig, pkg/allocate/allocate.go,
 * pkg/iphelpers/iphelpers.go): range forms, bounds that are silently ignored, exclude masking,
 * the gateway (never skipped by the allocator), node slices. Arithmetic only, never enumerated.
 */
export function checkWhereabouts(source: ConfigSource, ipam: JsonNode): void {
  const rangeNode = goField(ipam, 'range');
  const ipRanges = goField(ipam, 'ipRanges');
  const ranges: WhereaboutsRange[] = [];
  if (rangeNode) {
    const range = checkRangeEntry(source, ipam);
    if (range) ranges.push(range);
  } else if (goField(ipam, 'exclude') && ipRanges) {
    source.atKey(
      'ipam-whereabouts-bound-ignored',
      goField(ipam, 'exclude')!,
      'A top-level "exclude" is dropped when only "ipRanges" is used. Move it into the ipRanges entry it belongs to.',
    );
  }
  for (const entry of ipRanges?.type === 'array' ? (ipRanges.children ?? []) : []) {
    const range = checkRangeEntry(source, entry);
    if (range) ranges.push(range);
  }
  if (!rangeNode && !(ipRanges?.children?.length ?? 0)) {
    source.at(
      'ipam-whereabouts-no-range',
      goField(ipam, 'type') ?? ipam,
      'whereabouts has no "range" (or "ipRanges"): there is nothing to allocate from. Add "range": "<CIDR>".',
    );
  }
  checkGateway(source, ipam, ranges);
  checkNodeSlice(source, ipam, ranges[0]);
  checkStaticAddresses(source, ipam);
  for (const { key, value } of propertiesOf(ipam)) {
    if (OBSOLETE_KEYS.test(key)) {
      source.atKey(
        'ipam-whereabouts-obsolete-key',
        value,
        `"${key}" is obsolete and ignored. whereabouts removed its etcd datastore and stores allocations in IPPool objects.`,
        { key },
      );
    }
  }
}

/**
 * The pools a whereabouts config hands out from, as host-local-shaped ranges (for the rule on
 * overlapping NADs); quiet: the rules above report what does not parse.
 */
export function whereaboutsPools(ipam: JsonNode): HostLocalRange[] {
  const entries = [ipam, ...(goField(ipam, 'ipRanges')?.children ?? [])];
  const pools: HostLocalRange[] = [];
  for (const entry of entries) {
    const node = goField(entry, 'range');
    if (node?.type !== 'string') continue;
    const parsed = parseWhereaboutsRange(String(node.value));
    if ('error' in parsed) continue;
    const subnet = parsed.network;
    const [rangeStart, rangeEnd] = [parsed.start ?? firstUsable(subnet), parsed.end ?? lastUsable(subnet)];
    pools.push({ subnet, rangeStart, rangeEnd, gateway: firstUsable(subnet) });
  }
  return pools;
}

/** `range` in CIDR or `start-end/prefix` form, with range_start/range_end/exclude beside it. */
function checkRangeEntry(source: ConfigSource, object: JsonNode): WhereaboutsRange | undefined {
  const node = goField(object, 'range');
  if (node?.type !== 'string') return undefined;
  const text = String(node.value);
  const parsed = parseWhereaboutsRange(text);
  if ('error' in parsed) return invalid(source, node, parsed.error);
  const { network, written: cidr } = parsed;
  let range: WhereaboutsRange;
  if (parsed.start) range = { network, start: parsed.start, end: parsed.end };
  else {
    if (!sameIp(network.address, cidr.address)) {
      source.at(
        'ipam-whereabouts-host-bits',
        node,
        cidr.address.value > firstUsable(network).value
          ? `"${text}" has host bits set, so whereabouts masks it to ${formatPrefix(network)}. It allocates from ${describeUsable(network)}, not from ${formatIp(cidr.address)}. Write "${formatPrefix(network)}", or "${formatIp(cidr.address)}-${formatIp(lastUsable(network))}/${network.prefixLength}" to start at ${formatIp(cidr.address)}.`
          : `"${text}" has host bits set, so whereabouts masks it to ${formatPrefix(network)}. It allocates from ${describeUsable(network)}. Write "${formatPrefix(network)}" to say what it does.`,
        { replacement: formatPrefix(network) },
      );
    }
    range = { network };
  }
  if (lastUsable(range.network).value < firstUsable(range.network).value) {
    source.at(
      'ipam-whereabouts-too-small',
      node,
      `The range ${formatPrefix(range.network)} has no usable addresses. whereabouts fails with: net mask is too short, subnet ${formatPrefix(range.network)} has no usable IP addresses, it is too small. Use at most /30 (IPv4) or /126 (IPv6).`,
    );
    return undefined;
  }
  checkBounds(source, object, range);
  checkExcludes(source, object, range);
  return range;
}

function invalid(source: ConfigSource, node: JsonNode, message: string): undefined {
  source.at(
    'ipam-whereabouts-range-invalid',
    node,
    `${message}. Write a CIDR (192.168.2.0/24) or start-end/prefix (192.168.2.225-192.168.2.230/24).`,
  );
  return undefined;
}

function firstUsable(network: IpPrefix): IpAddress {
  return { family: network.address.family, value: networkOf(network).value + 1n };
}

function lastUsable(network: IpPrefix): IpAddress {
  return { family: network.address.family, value: lastAddressOf(network).value - 1n };
}

function describeUsable(network: IpPrefix): string {
  return `${formatIp(firstUsable(network))}-${formatIp(lastUsable(network))}`;
}

/** Out-of-bounds range_start / range_end are ignored without an error (WA pkg/allocate/allocate.go). */
function checkBounds(source: ConfigSource, object: JsonNode, range: WhereaboutsRange): void {
  const low = firstUsable(range.network);
  const high = lastUsable(range.network);
  let start = range.start && range.start.value >= low.value ? range.start : low;
  for (const key of ['range_start', 'range_end'] as const) {
    const node = goField(object, key);
    if (node?.type !== 'string') continue;
    const address = parseIp(String(node.value));
    if (!address) {
      source.at(
        'ipam-whereabouts-bound-ignored',
        node,
        `"${String(node.value)}" is not an IP address. whereabouts drops ${key} silently and uses ${key === 'range_start' ? formatIp(start) : formatIp(high)}.`,
      );
      continue;
    }
    const lower = key === 'range_start' ? low : start;
    if (address.family !== low.family || address.value < lower.value || address.value > high.value) {
      source.at(
        'ipam-whereabouts-bound-ignored',
        node,
        `${key} ${formatIp(address)} is outside the range, so whereabouts ignores it. The usable addresses of ${formatPrefix(range.network)} are ${formatIp(lower)}-${formatIp(high)}; whereabouts silently uses ${key === 'range_start' ? formatIp(low) : formatIp(high)}.`,
      );
    } else if (key === 'range_start') start = address;
  }
}

/** Exclusions are masked to their network (WA pkg/allocate/allocate.go parseExcludedRange). */
function checkExcludes(source: ConfigSource, object: JsonNode, range: WhereaboutsRange): void {
  for (const node of goField(object, 'exclude')?.children ?? []) {
    if (node.type !== 'string') continue;
    const text = String(node.value);
    const cidr = parseCidr(text) ?? (parseIp(text) ? undefined : null);
    if (cidr === null) {
      source.at(
        'ipam-whereabouts-exclude-invalid',
        node,
        `"${text}" is not a CIDR. whereabouts fails with: could not parse exclude range, err: "invalid CIDR address: ${text}". Write a CIDR such as 192.168.2.229/32.`,
      );
      continue;
    }
    if (!cidr) continue;
    const network = { address: networkOf(cidr), prefixLength: cidr.prefixLength };
    if (!sameIp(network.address, cidr.address)) {
      const first = formatIp(network.address);
      const last = formatIp(lastAddressOf(network));
      source.at(
        'ipam-whereabouts-exclude-masked',
        node,
        `"${text}" is masked to ${formatPrefix(network)}. It excludes ${first}-${last}, not only from ${formatIp(cidr.address)}. Write "${formatPrefix(network)}" to say so, or a smaller prefix.`,
        { replacement: formatPrefix(network) },
      );
    }
    if (
      cidr.address.family === range.network.address.family &&
      !prefixContains(range.network, network.address) &&
      !prefixContains(network, range.network.address)
    ) {
      source.at(
        'ipam-whereabouts-exclude-masked',
        node,
        `"${text}" does not overlap the range ${formatPrefix(range.network)}: it excludes nothing.`,
      );
    }
  }
}

/** whereabouts puts `gateway` on every address and does not skip it when allocating. */
function checkGateway(source: ConfigSource, ipam: JsonNode, ranges: WhereaboutsRange[]): void {
  const node = goField(ipam, 'gateway');
  if (node?.type !== 'string' || ranges.length === 0) return;
  const gateway = parseIp(String(node.value));
  if (!gateway) {
    source.at(
      'ipam-ip-invalid',
      node,
      `"${String(node.value)}" is not an IP address. whereabouts fails with: couldn't parse gateway IP: ${String(node.value)}. Write an address such as 192.168.2.1.`,
    );
    return;
  }
  const range = ranges.find((r) => r.network.address.family === gateway.family);
  if (!range) return;
  if (!prefixContains(range.network, gateway)) {
    source.at(
      'ipam-gateway-outside-subnet',
      node,
      `The gateway ${formatIp(gateway)} is outside the range ${formatPrefix(range.network)}. The range hands out ${describeUsable(range.network)}: pods get a gateway that is not on their subnet, and any route via it fails (network is unreachable). Use an address in ${formatPrefix(range.network)}.`,
    );
    return;
  }
  const start = range.start ?? firstUsable(range.network);
  const end = range.end ?? lastUsable(range.network);
  const excluded = (goField(ipam, 'exclude')?.children ?? []).some((e) => {
    const cidr = e.type === 'string' ? parseCidr(String(e.value)) : undefined;
    return cidr
      ? prefixContains({ address: networkOf(cidr), prefixLength: cidr.prefixLength }, gateway)
      : sameIp(parseIp(String(e.value)), gateway);
  });
  const explicitStart = goField(ipam, 'range_start') ? parseIp(String(goField(ipam, 'range_start')?.value)) : undefined;
  const from = explicitStart && explicitStart.value > start.value ? explicitStart : start;
  if (!excluded && gateway.value >= from.value && gateway.value <= end.value) {
    source.at(
      'ipam-whereabouts-gateway-allocatable',
      node,
      `The gateway ${formatIp(gateway)} can be handed to a pod. whereabouts allocates lowest-first and does not skip the gateway. Add "${formatIp(gateway)}/${bitLength(gateway.family)}" to "exclude" or start the range after it.`,
      { exclude: `${formatIp(gateway)}/${bitLength(gateway.family)}` },
    );
  }
}

/** The node-slice controller needs slices no larger than the range (WA pkg/node-controller). */
function checkNodeSlice(source: ConfigSource, ipam: JsonNode, range: WhereaboutsRange | undefined): void {
  const node = goField(ipam, 'node_slice_size');
  if (node?.type !== 'string' || !range) return;
  const size = Number(String(node.value).replace(/^\//, ''));
  if (!Number.isInteger(size)) return;
  if (size < range.network.prefixLength) {
    source.at(
      'ipam-whereabouts-node-slice',
      node,
      `node_slice_size /${size} is larger than the range ${formatPrefix(range.network)}. The node-slice controller fails (subnetMaskSize must be greater or equal than netMaskSize) and creates no slices. Use /${range.network.prefixLength} or a longer prefix.`,
    );
  }
}

function checkStaticAddresses(source: ConfigSource, ipam: JsonNode): void {
  for (const entry of goField(ipam, 'addresses')?.children ?? []) {
    const address = goField(entry, 'address');
    if (address?.type === 'string' && !parseCidr(String(address.value))) {
      source.at(
        'ipam-static-not-cidr',
        address,
        `"${String(address.value)}" is not a CIDR. whereabouts fails with: invalid CIDR in addresses ${String(address.value)}: invalid CIDR address: ${String(address.value)}. Write the address with its prefix, e.g. 192.168.2.10/24.`,
      );
    }
  }
}
