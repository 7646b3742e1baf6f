import { formatIp, formatPrefix } from '../ipam/ipAddress';
import type { PodRoute } from '../preview/routeTable';

/** The pod's routes of one family as `ip route` (or `ip -6 route`) prints them. */
export function formatIpRoute(routes: readonly PodRoute[], family: 4 | 6 = 4): string {
  return routes
    .filter((route) => route.dst.address.family === family)
    .map(formatRoute)
    .join('\n');
}

function formatRoute(route: PodRoute): string {
  const dst = route.dst.prefixLength === 0 ? 'default' : formatPrefix(route.dst);
  if (route.src) return `${dst} dev ${route.dev} proto kernel scope link src ${formatIp(route.src)}`;
  if (route.gw) return `${dst} via ${formatIp(route.gw)} dev ${route.dev}`;
  return `${dst} dev ${route.dev} scope link`;
}
