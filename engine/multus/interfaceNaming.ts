/**
 * Multus' getIfname (MUL pkg/multus/multus.go): a requested name always wins; the cluster
 * default network (position 0) gets the runtime's CNI_IFNAME, `eth0`; every other network
 * is `net<position>`, counting every delegate before it, named or not.
 */
export function interfaceNameFor(position: number, requested: string | undefined): string {
  if (requested) return requested;
  return position === 0 ? 'eth0' : `net${position}`;
}
