// The addresses whereabouts has handed out, read from its own custom resources (WA pkg/api/whereabouts.cni.cncf.io/
// v1alpha1): an IPPool's `spec.allocations` maps a decimal offset from the IP written in `spec.range` to the pod
// holding it (WA pkg/storage/kubernetes/ipam.go toIPReservationList, iphelpers.IPAddOffset); an
// OverlappingRangeIPReservation is named after the address, `:` written as `-` and optionally prefixed by the
// network name (ipam.go NormalizeIP).
import { formatIp, parseCidr, parseIp, type IpAddress } from '../engine';

export const WHEREABOUTS_API_VERSION = 'whereabouts.cni.cncf.io/v1alpha1';

export interface IpPoolObject {
  metadata: { name: string; namespace?: string };
  spec?: { range?: string; allocations?: Record<string, { podref?: string; ifname?: string }> };
}

export interface OverlappingReservationObject {
  metadata: { name: string };
  spec?: { podref?: string };
}

/** Every allocated address of the pool; offsets that are not decimal integers are skipped, as whereabouts does. */
export function ipPoolAddresses(pool: IpPoolObject): string[] {
  const range = parseCidr(pool.spec?.range ?? '');
  if (!range) return [];
  const bits = range.address.family === 4 ? 32n : 128n;
  const out: string[] = [];
  for (const offset of Object.keys(pool.spec?.allocations ?? {})) {
    if (!/^\d+$/.test(offset)) continue;
    const value = range.address.value + BigInt(offset);
    if (value >> bits !== 0n) continue;
    out.push(formatIp({ family: range.address.family, value }));
  }
  return out;
}

/** The address an OverlappingRangeIPReservation's name stands for: the longest `-`-separated tail that is an IP. */
export function reservationAddress(reservation: OverlappingReservationObject): string | undefined {
  const parts = reservation.metadata.name.split('-');
  for (let start = 0; start < parts.length; start++) {
    const tail = parts.slice(start);
    const candidate: IpAddress | undefined = parseIp(tail.length === 1 ? tail[0] : tail.join(':'));
    if (candidate) return formatIp(candidate);
  }
  return undefined;
}
