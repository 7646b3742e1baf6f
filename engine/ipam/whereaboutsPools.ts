import { lastAddressOf, networkOf, prefixContains, type IpAddress, type IpPrefix } from '../address/ipAddress';

/**
 * Whereabouts' cluster-wide state: one IPPool per (network_name, normalised range) and, with
 * `enable_overlapping_ranges` (the default), one reservation set per network_name that every
 * overlapping pool consults (WA pkg/storage/kubernetes/ipam.go IPManagement).
 */
export class WhereaboutsPools {
  private readonly pools = new Map<string, Set<string>>();
  private readonly overlap = new Map<string, Set<string>>();
  /** Per pool and scan shape: every usable address below the cursor is taken or excluded. */
  private readonly cursors = new Map<string, bigint>();

  /**
   * `onAssign` hears of each address a pod's ADD reserves, as the step that gives it back: the
   * preview runs those steps when the pod is refused (whereabouts' DEL deallocates it).
   */
  constructor(
    private readonly taken: readonly IpAddress[] = [],
    private readonly onAssign?: (release: () => void) => void,
  ) {}

  /**
   * IterateForAssignment (WA pkg/allocate/allocate.go): the lowest address from `first` to
   * `last` that no pool reservation, overlap reservation or `exclude` subnet holds; an
   * excluded subnet is jumped over to its broadcast address. A cursor per scan keeps the walk
   * amortised, never enumerating the range; a release drops the cursors it invalidates.
   */
  assign(
    networkName: string,
    range: IpPrefix,
    first: IpAddress,
    last: IpAddress,
    excludes: readonly IpPrefix[],
    overlapping: boolean,
  ): IpAddress | undefined {
    const poolKey = `${networkName}\0${range.address.value}/${range.prefixLength}`;
    const pool = this.pool(poolKey, range);
    const shared = overlapping ? this.overlapSet(networkName) : undefined;
    const cursorKey = `${poolKey}\0${first.value}\0${last.value}\0${excludes.map((e) => `${e.address.value}/${e.prefixLength}`).join(',')}`;
    let value = this.cursors.get(cursorKey) ?? first.value;
    while (value <= last.value) {
      const candidate = { family: first.family, value };
      const id = String(value);
      if (pool.has(id) || shared?.has(id)) {
        value++;
        continue;
      }
      const excluded = excludes.find((subnet) => prefixContains(subnet, candidate));
      if (excluded) {
        value = lastAddressOf(excluded).value + 1n;
        continue;
      }
      pool.add(id);
      shared?.add(id);
      this.cursors.set(cursorKey, value + 1n);
      this.onAssign?.(() => this.release(networkName, pool, shared, id));
      return candidate;
    }
    this.cursors.set(cursorKey, value);
    return undefined;
  }

  /**
   * whereabouts DEL (WA cmd/whereabouts.go cmdDel -> pkg/storage/kubernetes/ipam.go
   * IPManagementKubernetesUpdate, Deallocate): allocate.DeallocateIP drops the pod's reservation
   * from the IPPool and UpdateOverlappingRangeAllocation deletes its OverlappingRangeIPReservation.
   * Every cursor of the network may now stand past a free address, so they start over.
   */
  private release(networkName: string, pool: Set<string>, shared: Set<string> | undefined, id: string): void {
    pool.delete(id);
    shared?.delete(id);
    for (const key of this.cursors.keys()) if (key.startsWith(`${networkName}\0`)) this.cursors.delete(key);
  }

  private pool(key: string, range: IpPrefix): Set<string> {
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new Set(this.taken.filter((ip) => prefixContains(range, ip)).map((ip) => String(ip.value)));
      this.pools.set(key, pool);
    }
    return pool;
  }

  private overlapSet(networkName: string): Set<string> {
    let set = this.overlap.get(networkName);
    if (!set) this.overlap.set(networkName, (set = new Set(this.taken.map((ip) => String(ip.value)))));
    return set;
  }
}

/** The network a CIDR names, as Go's net.ParseCIDR returns it. */
export function normalisedRange(prefix: IpPrefix): IpPrefix {
  return { address: networkOf(prefix), prefixLength: prefix.prefixLength };
}
