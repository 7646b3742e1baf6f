import { formatIp, sameIp, type IpAddress, type IpPrefix } from '../address/ipAddress';
import { describeRangeSet, type HostLocalConfig, type HostLocalRange, type RangeSet } from './hostLocalConfig';

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

  /** `onReserve` hears of each address a pod's ADD reserves (the preview undoes them when the pod is refused). */
  constructor(private readonly onReserve?: (address: IpAddress) => void) {}

  get size(): number {
    return this.reserved.size;
  }
  isReserved(address: IpAddress): boolean {
    return this.reserved.has(key(address));
  }
  reserve(address: IpAddress, rangeSetIndex: number): boolean {
    if (this.isReserved(address)) return false;
    this.reserved.add(key(address));
    this.lastReserved.set(rangeSetIndex, address);
    this.onReserve?.(address);
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
 * each requested IP is reserved in the first set that holds it; otherwise the walk starts after
 * `last_reserved_ip.<i>` (or at the first rangeStart), wraps across the set's ranges, skips
 * the gateway and reserved addresses. Requested IPs no set holds fail the whole ADD.
 */
export function allocateHostLocal(
  config: HostLocalConfig,
  store: HostLocalStore,
  requested: IpAddress | readonly IpAddress[] | undefined,
): HostLocalLease[] | { error: string } {
  const pending = uniqueAddresses(requested === undefined ? [] : Array.isArray(requested) ? requested : [requested]);
  const leases: HostLocalLease[] = [];
  for (const [index, set] of config.rangeSets.entries()) {
    const wantedAt = pending.findIndex((ip) => set.some((range) => rangeContains(range, ip)));
    const wanted = wantedAt >= 0 ? pending.splice(wantedAt, 1)[0] : undefined;
    const lease = wanted ? reserveRequested(set, index, store, wanted) : reserveNext(set, index, store);
    if ('error' in lease) {
      rollback(store, leases);
      return { error: `failed to allocate for range ${index}: ${lease.error}` };
    }
    leases.push(lease);
  }
  if (pending.length > 0) {
    rollback(store, leases);
    return { error: `failed to allocate all requested IPs: ${pending.map(formatIp).join(' ')}` };
  }
  return leases;
}

/** host-local keys requested IPs by their text, so a repeated one counts once. */
function uniqueAddresses(list: readonly IpAddress[]): IpAddress[] {
  return list.filter((ip, i) => list.findIndex((other) => sameIp(other, ip)) === i);
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
  if (sameIp(ip, range.gateway)) return { error: `requested ip ${formatIp(ip)} is subnet's gateway` };
  if (!store.reserve(ip, index)) {
    return { error: `requested IP address ${formatIp(ip)} is not available in range set ${describeRangeSet(set)}` };
  }
  return { address: { address: ip, prefixLength: range.subnet.prefixLength }, gateway: range.gateway };
}

/**
 * RangeIter (allocator.go): each step past a reserved address or a gateway is "spent", so a
 * free address is found within reserved + ranges + 1 steps, or the set is full: the walk is
 * bounded by what is taken, never by the size of the range.
 */
function reserveNext(set: RangeSet, index: number, store: HostLocalStore): HostLocalLease | { error: string } {
  const positions = set.reduce((sum, range) => sum + range.rangeEnd.value - range.rangeStart.value + 1n, 0n);
  const bound = BigInt(store.size + set.length + 1);
  const limit = positions < bound ? positions : bound;
  const last = store.lastReservedFor(index);
  let rangeIndex = last ? set.findIndex((range) => rangeContains(range, last)) : -1;
  let current: IpAddress | undefined = rangeIndex >= 0 ? last : undefined;
  if (rangeIndex < 0) rangeIndex = 0;
  for (let step = 0n; step < limit; step++) {
    if (!current) current = set[rangeIndex].rangeStart;
    else if (current.value === set[rangeIndex].rangeEnd.value) {
      rangeIndex = (rangeIndex + 1) % set.length;
      current = set[rangeIndex].rangeStart;
    } else current = { family: current.family, value: current.value + 1n };
    const here = set[rangeIndex];
    if (!sameIp(current, here.gateway) && store.reserve(current, index)) {
      return { address: { address: current, prefixLength: here.subnet.prefixLength }, gateway: here.gateway };
    }
  }
  return { error: `no IP addresses available in range set: ${describeRangeSet(set)}` };
}
