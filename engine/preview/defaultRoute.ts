import type { CniResult } from '../cni/cniResult';
import { formatIp } from '../address/ipAddress';
import type { Delegate } from '../multus/delegates';
import { MAIN_TABLE, type PodNetns } from '../netns/podNetns';

/**
 * Multus' default-route handling after a delegate's ADD (MUL pkg/multus/multus.go CmdAdd,
 * pkg/netutils/netutils.go DeleteDefaultGW/SetDefaultGW): when any element asked for
 * `default-route`, every delegate not granted a family's gateway loses all its default routes
 * (both families, main table); a delegate with gateways then gets `default via <gw> dev <if>`.
 * Returns Multus' error text when a gateway is not reachable on that interface.
 */
export function applyDefaultRoute(
  netns: PodNetns,
  delegate: Delegate,
  ifname: string,
  result: CniResult,
  notes: string[],
): string | undefined {
  if (result.interfaces.length === 0 && result.ips.length === 0) return undefined;
  const requested = delegate.gatewayRequest ?? [];
  const remove = delegate.filterV4 || delegate.filterV6 || requested.length > 0;
  if (remove) {
    const removed = netns.deleteRoutes(
      (r) => r.table === MAIN_TABLE && r.dev === ifname && r.dst.prefixLength === 0 && r.dst.address.value === 0n,
    );
    if (removed.length && !requested.length)
      notes.push(`Multus removed ${ifname}'s default route: "default-route" is set on another network of this pod.`);
  }
  let failed: string | undefined;
  for (const gw of requested) {
    const dst = { address: { family: gw.family, value: 0n }, prefixLength: 0 };
    const outcome = netns.addRoute({
      table: MAIN_TABLE,
      dst,
      gw,
      dev: ifname,
      ...(gw.family === 6 ? { metric: 1024 } : {}),
    });
    // SetDefaultGW keeps going after a failure and returns the last route's error.
    if (outcome === 'unreachable') failed = 'error setting default gateway: network is unreachable';
    else if (outcome === 'added') {
      failed = undefined;
      notes.push(`Default route via ${formatIp(gw)} on ${ifname}, as "default-route" asks.`);
    }
  }
  return failed;
}
