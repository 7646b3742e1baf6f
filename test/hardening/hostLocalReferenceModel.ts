/**
 * A deliberately literal re-statement of host-local's allocation for small ranges, as the
 * oracle of the preview's allocator: Range.Canonicalize defaults (PLG plugins/ipam/host-local/
 * backend/allocator/range.go), IPAllocator.Get and RangeIter.Next step by step
 * (allocator/allocator.go), cmdAdd's loop over range sets (host-local/main.go) and the disk
 * store's reservations plus `last_reserved_ip.<rangeID>` (backend/disk/backend.go). Addresses
 * are plain bigints; nothing here is shared with the engine.
 */
export interface ModelRange {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefixLength: number;
  readonly rangeStart: bigint | undefined;
  readonly rangeEnd: bigint | undefined;
  readonly gateway: bigint | undefined;
}

interface CanonicalRange {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefixLength: number;
  readonly start: bigint;
  readonly end: bigint;
  readonly gateway: bigint;
}

/** One node's `<dataDir>/<network name>/` directory. */
export class ModelStore {
  readonly reserved = new Set<string>();
  readonly lastReserved = new Map<number, bigint>();
}

export type ModelLease = { family: 4 | 6; address: bigint; prefixLength: number };

const bits = (family: 4 | 6): number => (family === 4 ? 32 : 128);

/** Range.Canonicalize for ranges inside their subnet: defaults, and RangeEnd checked against RangeStart. */
function canonicalize(r: ModelRange): CanonicalRange | { error: string } {
  const hostBits = BigInt(bits(r.family) - r.prefixLength);
  const last = r.network | ((1n << hostBits) - 1n);
  const start = r.rangeStart ?? r.network + 1n;
  // Range.Contains(RangeEnd) runs after RangeStart is set, so an end before the start is "not in network".
  if (r.rangeEnd !== undefined && r.rangeEnd < start) return { error: 'not in network' };
  return {
    family: r.family,
    network: r.network,
    prefixLength: r.prefixLength,
    gateway: r.gateway ?? r.network + 1n,
    start,
    // lastIP(): the broadcast address minus one for IPv4, the last address for IPv6.
    end: r.rangeEnd ?? (r.family === 4 ? last - 1n : last),
  };
}

function contains(r: CanonicalRange, family: 4 | 6, address: bigint): boolean {
  return r.family === family && address >= r.start && address <= r.end;
}

const key = (family: 4 | 6, address: bigint): string => `${family}/${address}`;

/** RangeIter: GetIter + Next, returning every candidate in iteration order until it loops. */
function* iterate(
  set: readonly CanonicalRange[],
  store: ModelStore,
  rangeId: number,
): Generator<[CanonicalRange, bigint]> {
  let rangeIdx = 0;
  let cur: bigint | undefined;
  let startIP: bigint | undefined;
  const last = store.lastReserved.get(rangeId);
  const family = set[0].family;
  if (last !== undefined && set.some((r) => contains(r, family, last))) {
    rangeIdx = set.findIndex((r) => contains(r, family, last));
    cur = last;
  } else {
    startIP = set[0].start;
  }
  for (;;) {
    let r = set[rangeIdx];
    if (cur === undefined) {
      cur = r.start;
      startIP = cur;
      if (cur === r.gateway) continue; // Next() recurses: the following call advances past it
      yield [r, cur];
      continue;
    }
    if (cur === r.end) {
      rangeIdx = (rangeIdx + 1) % set.length;
      r = set[rangeIdx];
      cur = r.start;
    } else cur = cur + 1n;
    if (startIP === undefined) startIP = cur;
    else if (cur === startIP) return;
    if (cur === r.gateway) continue;
    yield [r, cur];
  }
}

/** IPAllocator.Get for one range set: a requested address, or the next free one. */
function get(
  set: readonly CanonicalRange[],
  store: ModelStore,
  rangeId: number,
  requested: bigint | undefined,
): ModelLease | { error: string } {
  const family = set[0].family;
  const reserve = (address: bigint): boolean => {
    if (store.reserved.has(key(family, address))) return false;
    store.reserved.add(key(family, address));
    store.lastReserved.set(rangeId, address);
    return true;
  };
  if (requested !== undefined) {
    const r = set.find((candidate) => contains(candidate, family, requested)) as CanonicalRange;
    if (requested === r.gateway) return { error: "is subnet's gateway" };
    if (!reserve(requested)) return { error: 'is not available in range set' };
    return { family, address: requested, prefixLength: r.prefixLength };
  }
  for (const [r, candidate] of iterate(set, store, rangeId)) {
    if (reserve(candidate)) return { family, address: candidate, prefixLength: r.prefixLength };
  }
  return { error: 'no IP addresses available in range set' };
}

/** cmdAdd: one lease per range set, requested IPs placed in the set holding them, all-or-nothing. */
export function modelAdd(
  rangeSets: readonly (readonly ModelRange[])[],
  store: ModelStore,
  requested: readonly { family: 4 | 6; address: bigint }[],
): ModelLease[] | { error: string } {
  const canonical: CanonicalRange[][] = [];
  for (const rawSet of rangeSets) {
    const set = rawSet.map(canonicalize);
    const failed = set.find((r): r is { error: string } => 'error' in r);
    if (failed) return failed;
    canonical.push(set as CanonicalRange[]);
  }
  const pending = [...requested];
  const leases: ModelLease[] = [];
  const release = () => leases.forEach((lease) => store.reserved.delete(key(lease.family, lease.address)));
  for (const [index, set] of canonical.entries()) {
    const at = pending.findIndex((ip) => set.some((r) => contains(r, ip.family, ip.address)));
    const wanted = at >= 0 ? pending.splice(at, 1)[0].address : undefined;
    const lease = get(set, store, index, wanted);
    if ('error' in lease) {
      release();
      return lease;
    }
    leases.push(lease);
  }
  if (pending.length > 0) {
    release();
    return { error: 'failed to allocate all requested IPs' };
  }
  return leases;
}
