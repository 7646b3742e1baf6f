import { bitLength, formatIp, formatPrefix } from '../address/ipAddress';
import type { KernelRoute, RoutingRule } from '../netns/podNetns';

/** The pod's routes of one family as `ip route` (or `ip -6 route`) prints them (iproute2 ip/iproute.c print_route). */
export function formatIpRoute(routes: readonly KernelRoute[], family: 4 | 6 = 4): string {
  return routes
    .filter((route) => route.dst.address.family === family)
    .map(formatRoute)
    .join('\n');
}

/** One route line: `dst [via gw] dev X [proto kernel] [scope link] [src ip] [metric N]`, IPv6 adds `pref medium`. */
export function formatRoute(route: KernelRoute): string {
  if (route.nexthops) return formatMultipath(route);
  const family = route.dst.address.family;
  const host = route.dst.prefixLength === bitLength(family);
  const dst = route.dst.prefixLength === 0 ? 'default' : host ? formatIp(route.dst.address) : formatPrefix(route.dst);
  const parts = [dst];
  if (route.gw) parts.push('via', formatIp(route.gw));
  parts.push('dev', route.dev);
  if (route.proto) parts.push('proto', route.proto);
  if (route.scope && family === 4) parts.push('scope', route.scope);
  if (route.src) parts.push('src', formatIp(route.src));
  if (route.metric !== undefined) parts.push('metric', String(route.metric));
  if (family === 6) parts.push('pref', 'medium');
  return parts.join(' ');
}

/** A multipath route: the destination line, then `\tnexthop via <gw> dev <dev> weight 1` per sibling. */
function formatMultipath(route: KernelRoute): string {
  const dst = route.dst.prefixLength === 0 ? 'default' : formatPrefix(route.dst);
  const head = `${dst} metric ${route.metric ?? 0} pref medium`;
  const hops = (route.nexthops ?? []).map((hop) => `\tnexthop via ${formatIp(hop.gw)} dev ${hop.dev} weight 1`);
  return [head, ...hops].join('\n');
}

/** `ip rule` with the kernel's three default rules around the ones plugins added. */
export function formatIpRule(rules: readonly RoutingRule[], family: 4 | 6 = 4): string {
  const added = rules
    .filter((rule) => rule.from.family === family)
    .sort((a, b) => a.priority - b.priority)
    .map((rule) => `${rule.priority}:\tfrom ${formatIp(rule.from)} lookup ${rule.table}`);
  return [
    '0:\tfrom all lookup local',
    ...added,
    '32766:\tfrom all lookup main',
    '32767:\tfrom all lookup default',
  ].join('\n');
}
