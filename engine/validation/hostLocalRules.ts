import type { Node as JsonNode } from 'jsonc-parser';
import {
  canonicalizeRange,
  describeRange,
  describeRangeSet,
  rangeCapacity,
  rangesOverlap,
  rangeErrorText,
  rangeSetsOverlap,
  type HostLocalRange,
  type RangeError,
} from '../ipam/hostLocalConfig';
import { formatIp, formatPrefix, parseIp, prefixContains } from '../address/ipAddress';
import type { ConfigSource } from './configSource';
import type { DiagnosticCode } from './diagnosticCodes';
import { goField, goString } from './goJsonFields';
import { compareVersions } from './cniConfigRules';

interface RangeEntry {
  readonly node: JsonNode;
  readonly range: HostLocalRange;
}

const FIELDS = ['subnet', 'rangeStart', 'rangeEnd', 'gateway'] as const;

/**
 * host-local's LoadIPAMConfig and Canonicalize (PLG plugins/ipam/host-local/backend/allocator/
 * config.go, range.go, range_set.go) at the field that fails, with the plugin's messages, plus
 * warnings for what passes but bites: a gateway outside the subnet or inside the range. Every
 * check is arithmetic on bigint addresses (engine/address/ipAddress.ts): nothing enumerates a range.
 */
export function checkHostLocal(source: ConfigSource, ipam: JsonNode, cniVersion: string | undefined): void {
  const sets: { node: JsonNode; ranges: (JsonNode | undefined)[] }[] = [];
  if (goField(ipam, 'subnet')) sets.push({ node: ipam, ranges: [ipam] });
  const rangesNode = goField(ipam, 'ranges');
  for (const set of rangesNode?.type === 'array' ? (rangesNode.children ?? []) : []) {
    sets.push({ node: set, ranges: set.type === 'array' ? (set.children ?? []) : [] });
  }
  // The legacy range's addresses are net.IP fields: Go's decoding fails on them before any range
  // check, also before a subnet with host bits is canonicalised (differential seed 71203917 case 1770).
  for (const field of ['rangeStart', 'rangeEnd', 'gateway']) {
    const node = goField(ipam, field);
    if (node?.type === 'string' && !parseIp(String(node.value))) {
      source.at(
        'ipam-ip-invalid',
        node,
        `invalid IP address: ${String(node.value)}. Write an address such as 10.1.0.1.`,
      );
      return;
    }
  }
  if (sets.length === 0) {
    source.at(
      'ipam-no-ranges',
      goField(ipam, 'type') ?? ipam,
      'host-local has no address range. It fails with: no IP ranges specified. Add "ranges": [[{"subnet": "<CIDR>"}]] (or the legacy "subnet").',
    );
    return;
  }
  const canonical: RangeEntry[][] = [];
  let valid = true;
  sets.forEach((set, index) => {
    const entries = checkRangeSet(source, set.node, set.ranges, index);
    if (entries) canonical.push(entries);
    else valid = false;
  });
  if (!valid) return;
  for (let i = 0; i < canonical.length; i++) {
    for (let j = i + 1; j < canonical.length; j++) {
      if (
        rangeSetsOverlap(
          canonical[i].map((e) => e.range),
          canonical[j].map((e) => e.range),
        )
      ) {
        source.at(
          'ipam-ranges-overlap',
          sets[j].node,
          `range set ${i} overlaps with ${j}: each range set must hand out distinct addresses.`,
        );
      }
    }
  }
  checkAddressesPerFamily(
    source,
    ipam,
    canonical.map((set) => set[0].range.subnet.address.family),
    cniVersion,
  );
}

function checkRangeSet(
  source: ConfigSource,
  setNode: JsonNode,
  rangeNodes: (JsonNode | undefined)[],
  index: number,
): RangeEntry[] | undefined {
  if (rangeNodes.length === 0) {
    source.at(
      'ipam-range-set-empty',
      setNode,
      `invalid range set ${index}: empty range set. Add a range {"subnet": "<CIDR>"}.`,
    );
    return undefined;
  }
  const entries: RangeEntry[] = [];
  for (const node of rangeNodes) {
    if (!node || FIELDS.some((field) => goField(node, field) && goField(node, field)?.type !== 'string'))
      return undefined;
    const raw = Object.fromEntries(FIELDS.map((field) => [field, goString(node, field)]));
    const range = canonicalizeRange(raw);
    if ('error' in range) {
      reportRangeError(source, node, index, range.error);
      return undefined;
    }
    checkGateway(source, node, range);
    entries.push({ node, range });
  }
  const family = entries[0].range.subnet.address.family;
  const mixed = entries.find((entry) => entry.range.subnet.address.family !== family);
  if (mixed) {
    source.at(
      'ipam-range-set-mixed-families',
      mixed.node,
      `invalid range set ${index}: mixed address families. Put IPv4 and IPv6 ranges in separate range sets.`,
    );
    return undefined;
  }
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      if (rangesOverlap(entries[i].range, entries[j].range)) {
        source.at(
          'ipam-ranges-overlap',
          entries[j].node,
          `invalid range set ${index}: subnets ${describeRange(entries[i].range)} and ${describeRange(entries[j].range)} overlap.`,
        );
        return undefined;
      }
    }
  }
  checkCapacity(source, setNode, entries, index);
  return entries;
}

/** A set whose only address is its gateway has nothing to hand out (allocator.go Get). */
function checkCapacity(source: ConfigSource, setNode: JsonNode, entries: RangeEntry[], index: number): void {
  if (entries.some((entry) => rangeCapacity(entry.range) > 0n)) return;
  const only = entries.length === 1 ? entries[0].node : setNode;
  source.at(
    'ipam-range-empty',
    goField(only, 'rangeEnd') ?? goField(only, 'rangeStart') ?? only,
    `Range set ${index} holds only the gateway, which host-local never hands out. It fails with: failed to allocate for range ${index}: no IP addresses available in range set: ${describeRangeSet(entries.map((e) => e.range))}. Widen the range or move the gateway out of it.`,
  );
}

/** The code of each range error, and what the message adds to the plugin's words. */
const RANGE_ERRORS: Readonly<Record<RangeError['kind'], { readonly code: DiagnosticCode; readonly hint: string }>> = {
  'cidr-invalid': { code: 'ipam-cidr-invalid', hint: ' Write a CIDR such as 192.168.1.0/24.' },
  'ip-invalid': { code: 'ipam-ip-invalid', hint: ' Write an address such as 192.168.1.10.' },
  'subnet-too-small': {
    code: 'ipam-subnet-too-small',
    hint: ' Use a prefix of at most /30 (IPv4) or /126 (IPv6).',
  },
  'subnet-host-bits': { code: 'ipam-subnet-host-bits', hint: ' Write the network address.' },
  'range-outside-subnet': {
    code: 'ipam-range-outside-subnet',
    hint: ' rangeStart and rangeEnd must lie in the subnet, rangeStart first.',
  },
};

function reportRangeError(source: ConfigSource, node: JsonNode, index: number, error: RangeError): void {
  const at = goField(node, error.field) ?? node;
  const { code, hint } = RANGE_ERRORS[error.kind];
  // Unparsable CIDRs and IPs fail while decoding the JSON, before the range set is canonicalised.
  const decoding = error.kind === 'cidr-invalid' || error.kind === 'ip-invalid';
  const message = `${decoding ? '' : `invalid range set ${index}: `}${rangeErrorText(error)}.${hint}`;
  const fix =
    error.kind === 'subnet-host-bits'
      ? { replacement: formatPrefix({ address: error.network, prefixLength: error.subnet.prefixLength }) }
      : undefined;
  source.at(code, at, message, fix);
}

/** host-local does not check the gateway; a gateway it cannot reach breaks routes via it. */
function checkGateway(source: ConfigSource, node: JsonNode, range: HostLocalRange): void {
  const gatewayNode = goField(node, 'gateway');
  if (!gatewayNode) return;
  const { gateway, subnet } = range;
  if (gateway.family !== subnet.address.family) {
    source.at(
      'ipam-gateway-family',
      gatewayNode,
      `The gateway ${formatIp(gateway)} is of another address family than its subnet. It is IPv${gateway.family} but the subnet ${formatPrefix(subnet)} is IPv${subnet.address.family}: routes via it cannot be installed. Use a gateway inside the subnet.`,
    );
  } else if (!prefixContains(subnet, gateway)) {
    source.at(
      'ipam-gateway-outside-subnet',
      gatewayNode,
      `The gateway ${formatIp(gateway)} is not in the subnet ${formatPrefix(subnet)}. host-local accepts it, but routes via it fail (network is unreachable). Use an address inside ${formatPrefix(subnet)}.`,
    );
  } else if (
    (goField(node, 'rangeStart') || goField(node, 'rangeEnd')) &&
    gateway.value >= range.rangeStart.value &&
    gateway.value <= range.rangeEnd.value
  ) {
    source.at(
      'ipam-gateway-in-range',
      gatewayNode,
      `The gateway ${formatIp(gateway)} lies inside the allocatable range. The range is ${describeRange(range)}: host-local skips it, but another IPAM or a static address may hand it out. Start the range after the gateway.`,
    );
  }
}

/** PLG plugins/ipam/host-local/backend/allocator/config.go: one address per family before 0.3.0. */
function checkAddressesPerFamily(
  source: ConfigSource,
  ipam: JsonNode,
  families: number[],
  cniVersion: string | undefined,
): void {
  const version = cniVersion ?? '0.1.0';
  if (compareVersions(version, '0.3.0') >= 0) return;
  if (new Set(families).size === families.length) return;
  source.atKey(
    'ipam-too-many-addresses',
    goField(ipam, 'ranges') ?? ipam,
    `CNI version ${version} does not support more than 1 address per family. Set cniVersion to 0.3.0 or later.`,
  );
}

/** A route's dst must be a CIDR and gw an IP (PLG pkg/types: decode of types.Route). */
export function checkRoutes(source: ConfigSource, ipam: JsonNode): JsonNode[] {
  const defaults: JsonNode[] = [];
  for (const route of goField(ipam, 'routes')?.children ?? []) {
    const dst = goField(route, 'dst');
    if (!dst && route.type === 'object') {
      // CNI pkg/types/types.go Route: a missing dst stays a nil IPNet, printed "<nil>" in the result the plugin re-reads.
      source.at(
        'ipam-route-invalid',
        route,
        'This route has no "dst": ADD fails with "invalid CIDR address: <nil>". Add "dst", e.g. "dst": "10.0.0.0/8".',
      );
    }
    if (dst?.type === 'string') {
      const text = String(dst.value);
      const slash = text.indexOf('/');
      const address = slash > 0 ? parseIp(text.slice(0, slash)) : undefined;
      if (
        !address ||
        !/^\d{1,3}$/.test(text.slice(slash + 1)) ||
        Number(text.slice(slash + 1)) > (address.family === 4 ? 32 : 128)
      ) {
        source.at(
          'ipam-route-invalid',
          dst,
          `invalid CIDR address: ${text}. A route "dst" is a CIDR such as 10.0.0.0/8.`,
        );
      } else if (address.value === 0n && /\/0$/.test(text)) defaults.push(dst);
    }
    const gw = goField(route, 'gw');
    const gateway = gw?.type === 'string' ? parseIp(String(gw.value)) : undefined;
    const dstFamily = dst?.type === 'string' ? parseIp(String(dst.value).split('/')[0])?.family : undefined;
    if (gw?.type === 'string' && !gateway) {
      source.at(
        'ipam-route-invalid',
        gw,
        `invalid IP address: ${String(gw.value)}. A route "gw" is an address such as 10.0.0.1.`,
      );
    } else if (gw && gateway && dstFamily && gateway.family !== dstFamily) {
      // PLG pkg/ipam/ipam_linux.go ConfigureIface: netlink refuses a route whose gw and dst differ in family.
      source.at(
        'ipam-route-invalid',
        gw,
        `This route's gateway is of another address family than its "dst". ADD fails with "failed to add route '${String(dst!.value)} via ${String(gw.value)} dev net1': gateway, source, and destination ip are not the same IP family". Use an IPv${dstFamily} gateway for this route.`,
      );
    }
  }
  return defaults;
}
