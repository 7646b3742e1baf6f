import { formatIp, type IpAddress, type IpPrefix } from './ipAddress';
import {
  describeRangeSet,
  rangeCapacity,
  type HostLocalConfig,
  type HostLocalRange,
  type RangeSet,
} from './hostLocalConfig';

/** One allocated address with the gateway of the range it came from. */
export interface HostLocalLease {
  readonly address: IpPrefix;
  readonly gateway: IpAddress;
}

/**
 * The on-disk state of host-local on one node for one network directory
 * (`<dataDir>/<network name>/`): reserved addresses and `last_reserved_ip.<i>` per range set
 * (PLG plugins/ipam/host-local/backend/disk/backend.go). Keeping it per node is the point:
 * two nodes hand out the same addresses.
 */
export class HostLocalStore {
  private readonly reserved = new Set<string>();
  private readonly lastReserved = new Map<number, IpAddress>();

  isReserved(address: IpAddress): boolean {
    return this.reserved.has(key(address));
  }
  reserve(address: IpAddress, rangeSetIndex: number): boolean {
    if (this.isReserved(address)) return false;
    this.reserved.add(key(address));
    this.lastReserved.set(rangeSetIndex, address);
    return true;
  }
  /** An address already taken on the node (a reservation file that exists), without touching last_reserved_ip. */
  markReserved(address: IpAddress): void {
    this.reserved.add(key(address));
  }
  /** What `last_reserved_ip.<index>` holds, e.g. after pods came and went. */
  setLastReserved(rangeSetIndex: number, address: IpAddress): void {
    this.lastReserved.set(rangeSetIndex, address);
  }
  release(address: IpAddress): void {
    this.reserved.delete(key(address));
  }
  lastReservedFor(rangeSetIndex: number): IpAddress | undefined {
    return this.lastReserved.get(rangeSetIndex);
  }
  countReservedIn(range: HostLocalRange): bigint {
    let count = 0n;
    for (const text of this.reserved) {
      const [family, value] = text.split(':');
      const v = BigInt(value);
      if (Number(family) === range.rangeStart.family && v >= range.rangeStart.value && v <= range.rangeEnd.value) {
        if (!(v === range.gateway.value && family === String(range.gateway.family))) count++;
      }
    }
    return count;
  }
}

function key(address: IpAddress): string {
  return `${address.family}:${address.value}`;
}

function rangeContains(range: HostLocalRange, address: IpAddress): boolean {
  return (
    address.family === range.rangeStart.family &&
    address.value >= range.rangeStart.value &&
    address.value <= range.rangeEnd.value
  );
}

/**
 * Allocates one address per range set like host-local's cmdAdd (main.go + allocator.go):
 * a requested IP is reserved in the set that holds it; otherwise the walk starts after
 * `last_reserved_ip.<i>` (or at the first rangeStart), wraps across the set's ranges, skips
 * the gateway and reserved addresses. Exhaustion is counted, never found by enumeration.
 */
export function allocateHostLocal(
  config: HostLocalConfig,
  store: HostLocalStore,
  requested: IpAddress | undefined,
): HostLocalLease[] | { error: string } {
  const leases: HostLocalLease[] = [];
  let requestUsed = false;
  for (const [index, set] of config.rangeSets.entries()) {
    const wanted = requested && set.some((range) => rangeContains(range, requested)) ? requested : undefined;
    const lease = wanted ? reserveRequested(set, index, store, wanted) : reserveNext(set, index, store);
    if ('error' in lease) {
      rollback(store, leases);
      return { error: `failed to allocate for range ${index}: ${lease.error}` };
    }
    requestUsed ||= !!wanted;
    leases.push(lease);
  }
  if (requested && !requestUsed) {
    rollback(store, leases);
    return { error: `failed to allocate all requested IPs: ${formatIp(requested)}` };
  }
  return leases;
}

function rollback(store: HostLocalStore, leases: HostLocalLease[]): void {
  for (const lease of leases) store.release(lease.address.address);
}

function reserveRequested(
  set: RangeSet,
  index: number,
  store: HostLocalStore,
  ip: IpAddress,
): HostLocalLease | { error: string } {
  const range = set.find((r) => rangeContains(r, ip)) as HostLocalRange;
  if (ip.value === range.gateway.value && ip.family === range.gateway.family) {
    return { error: `requested ip ${formatIp(ip)} is subnet's gateway` };
  }
  if (!store.reserve(ip, index)) {
    return { error: `requested IP address ${formatIp(ip)} is not available in range set ${describeRangeSet(set)}` };
  }
  return { address: { address: ip, prefixLength: range.subnet.prefixLength }, gateway: range.gateway };
}

function reserveNext(set: RangeSet, index: number, store: HostLocalStore): HostLocalLease | { error: string } {
  const capacity = set.reduce((sum, range) => sum + rangeCapacity(range), 0n);
  const used = set.reduce((sum, range) => sum + store.countReservedIn(range), 0n);
  if (used >= capacity) return { error: `no IP addresses available in range set: ${describeRangeSet(set)}` };
  const last = store.lastReservedFor(index);
  let rangeIndex = last ? set.findIndex((range) => rangeContains(range, last)) : -1;
  let current: IpAddress | undefined = rangeIndex >= 0 ? last : undefined;
  if (rangeIndex < 0) rangeIndex = 0;
  // Each step passes a reserved address or the gateway, so the walk ends within used + ranges + 1 steps.
  for (;;) {
    const range: HostLocalRange = set[rangeIndex];
    if (!current) current = range.rangeStart;
    else if (current.value === range.rangeEnd.value) {
      rangeIndex = (rangeIndex + 1) % set.length;
      current = set[rangeIndex].rangeStart;
    } else current = { family: current.family, value: current.value + 1n };
    const here = set[rangeIndex];
    const isGateway = current.value === here.gateway.value && current.family === here.gateway.family;
    if (!isGateway && store.reserve(current, index)) {
      return { address: { address: current, prefixLength: here.subnet.prefixLength }, gateway: here.gateway };
    }
  }
}
