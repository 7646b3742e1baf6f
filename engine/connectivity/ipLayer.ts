import { formatIp, prefixContains, type IpAddress, type IpPrefix } from '../address/ipAddress';
import type { KernelRoute } from '../netns/podNetns';
import type { Attachment } from './attachments';
import { finding, type Finding } from './linkLayer';

/**
 * IP on top of a link-layer finding, for `ping` from `a` to `target` (an address of a peer or
 * of a node): both ends need an address, `a` must route the target out of this interface, and
 * the far end must route `a`'s address back (`peerRoutes`; a node with `peerPrefix` routes its
 * connected subnet only). A route through a gateway depends on that gateway, except where the
 * node is the router (ptp).
 */
export function ipLayer(
  a: Attachment,
  target: IpAddress | undefined,
  link: Finding,
  back: { readonly routes?: readonly KernelRoute[]; readonly ifname?: string; readonly prefix?: IpPrefix },
): Finding {
  if (link.verdict === 'unreachable') return link;
  const missing = addressGap(a);
  if (missing) return missing;
  if (!target) return finding('depends', `the far end has no IP address here (L2-only or not in the model)`, 'l2Only');
  const own = a.addresses.find((address) => address.address.family === target.family);
  if (!own) return finding('unreachable', `${a.ifname} has no IPv${target.family} address`, 'routing');
  const out = routeCheck(a.preview.routes, target, a.ifname, link, a.pod);
  if (out) return out;
  if (back.routes && back.ifname) {
    const reply = routeCheck(back.routes, own.address, back.ifname, link, 'the peer');
    if (reply) return reply;
  } else if (back.prefix && !prefixContains(back.prefix, own.address)) {
    return finding(
      'depends',
      `${formatIp(own.address)} is outside the node's subnet on that interface: the reply needs a route outside the model`,
      'routing',
    );
  }
  return link;
}

function addressGap(a: Attachment): Finding | undefined {
  if (a.dhcp) return finding('depends', `${a.ifname} gets its address from DHCP at runtime`, 'dhcp');
  if (a.addresses.length === 0) {
    return finding(
      'depends',
      `${a.ifname} has no IP address (L2-only): IP traffic depends on addresses set outside CNI`,
      'l2Only',
    );
  }
  return undefined;
}

function routeCheck(
  routes: readonly KernelRoute[],
  target: IpAddress,
  ifname: string,
  link: Finding,
  who: string,
): Finding | undefined {
  const route = lookup(routes, target);
  const dst = formatIp(target);
  if (!route) return finding('unreachable', `${who} has no route to ${dst}`, 'routing');
  const dev = route.nexthops ? route.nexthops.map((hop) => hop.dev) : [route.dev];
  if (!dev.includes(ifname)) {
    return finding(
      'depends',
      `${who} sends packets for ${dst} out of ${dev.join('/')}, not ${ifname}: it depends on what routes them there`,
      'routing',
    );
  }
  if (route.gw && !link.routedByNode) {
    return finding(
      'depends',
      `${who} reaches ${dst} only through gateway ${formatIp(route.gw)}, which is outside the model`,
      'routing',
    );
  }
  return undefined;
}

/** Longest-prefix match in the main table (routes the preview lists, IPv4 and IPv6). */
function lookup(routes: readonly KernelRoute[], target: IpAddress): KernelRoute | undefined {
  let best: KernelRoute | undefined;
  for (const route of routes) {
    if (route.dst.address.family !== target.family || !prefixContains(route.dst, target)) continue;
    if (!best || route.dst.prefixLength > best.dst.prefixLength) best = route;
  }
  return best;
}
