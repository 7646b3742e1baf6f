import { formatIp } from '../address/ipAddress';
import type { PodPreview } from './podPreviewModel';
import { plainList } from '../text/plainList';

/**
 * Notes every pod that got an address another pod also got on the same secondary network:
 * host-local keeps its state per node, so two nodes hand out the same range, and static
 * IPAM gives every pod the configured address (domain.md §6.1, §6.2).
 */
export function describeDuplicateAddresses(previews: readonly PodPreview[]): void {
  const holders = new Map<string, { preview: PodPreview; ifname: string; ipam?: string }[]>();
  for (const preview of previews) {
    for (const iface of preview.interfaces) {
      if (iface.network === preview.interfaces[0]?.network) continue;
      for (const address of iface.addresses) {
        const key = `${iface.network}\0${formatIp(address.address)}`;
        const list = holders.get(key);
        const holder = { preview, ifname: iface.name, ipam: iface.ipam };
        if (list) list.push(holder);
        else holders.set(key, [holder]);
      }
    }
  }
  for (const [key, list] of holders) {
    if (list.length < 2) continue;
    const [network, ip] = key.split('\0');
    for (const { preview, ifname, ipam } of list) {
      const others = list.filter((other) => other.preview !== preview);
      // Past a few names the count says enough (a DaemonSet on 50 nodes would list 49 pods).
      const named = others.slice(0, 3).map((other) => `${other.preview.key} on ${other.preview.node}`);
      if (others.length > 3) named.push(`${others.length - 3} more`);
      const why =
        ipam === 'host-local'
          ? 'host-local keeps its state per node, so each node hands out the same range; use whereabouts for cluster-wide unique addresses'
          : ipam === 'static'
            ? 'static IPAM hands every pod the configured address'
            : 'the IPAM hands out the same address to both';
      preview.notes.push(`Same address ${ip} on ${ifname} (${network}) as ${plainList(named)}: ${why}.`);
    }
  }
}
