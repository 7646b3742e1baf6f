import { compareIp, networkOf, prefixContains, sameIp, type IpAddress, type IpPrefix } from '../address/ipAddress';

/** Below this MTU the kernel disables IPv6 on a link (include/net/ipv6.h IPV6_MIN_MTU). */
export const IPV6_MIN_MTU = 1280;
export const MAIN_TABLE = 254;

export type LinkKind = 'veth' | 'macvlan' | 'ipvlan' | 'vlan' | 'tap' | 'dummy' | 'device' | 'ovs' | 'vf';

/** A link inside the pod as `ip address` shows it. */
export interface PodLink {
  readonly name: string;
  readonly kind: LinkKind;
  mtu: number;
  mac: string;
  /** The ifindex shown after `@if` (the host-side peer or master), if any. */
  readonly peerIndex?: number;
  readonly state: 'UP' | 'UNKNOWN' | 'DOWN';
  /** Link flags when not the usual `BROADCAST,MULTICAST,UP,LOWER_UP` (tap without carrier, dummy). */
  readonly flags?: string;
}

/** A link with what the plugins put on it: its index in the pod, its network and addresses. */
export interface PodLinkState extends PodLink {
  readonly index: number;
  /** The network-status name of the network it belongs to (`cbr0`, `default/macvlan-conf`). */
  readonly network: string;
  readonly addresses: IpPrefix[];
  /** Set when the address comes from a DHCP server at runtime (nothing to predict). */
  dhcp?: boolean;
  /** The IPAM type that gave the addresses (`host-local`, `static`, ...), for notes. */
  ipam?: string;
  /** The network's main plugin object (the conf, or a conflist's first plugin), for connectivity. */
  plugin?: Readonly<Record<string, unknown>>;
  /** Sysctls a plugin wrote under /proc/sys/net for this pod (tuning), path -> value. */
  readonly sysctls: Record<string, string>;
  promisc?: boolean;
  allmulti?: boolean;
  txQLen?: number;
}

/** A route in one of the pod's tables, with what `ip route` needs to print it. */
export interface KernelRoute {
  readonly table: number;
  readonly dst: IpPrefix;
  readonly gw?: IpAddress;
  readonly dev: string;
  /** `kernel` for connected routes the kernel adds with an address. */
  readonly proto?: 'kernel';
  readonly scope?: 'link' | 'host';
  readonly src?: IpAddress;
  /** IPv6 routes always carry one (256 connected, 1024 gateway routes); IPv4 only when set. */
  readonly metric?: number;
  /** An IPv6 multipath route: equal-metric gateway routes to one destination become siblings. */
  readonly nexthops?: readonly { readonly gw: IpAddress; readonly dev: string }[];
}

/** `ip rule`: a source-based rule sbr adds, `from <ip> lookup <table>`. */
export interface RoutingRule {
  readonly priority: number;
  readonly from: IpAddress;
  readonly table: number;
}

interface StoredRoute extends KernelRoute {
  readonly sequence: number;
}

/**
 * The pod's network namespace as the plugins leave it: links, addresses (each with the
 * kernel's connected route), routes in every table, and rules. Plugins change it the way the
 * real ones do through netlink, so later plugins and Multus see what earlier ones did.
 */
export class PodNetns {
  readonly links: PodLinkState[] = [];
  readonly rules: RoutingRule[] = [];
  private routes: StoredRoute[] = [];
  private sequence = 0;

  link(name: string): PodLinkState | undefined {
    return this.links.find((link) => link.name === name);
  }

  /** A new link gets the next ifindex (lo is 1). */
  addLink(link: PodLink, network: string): PodLinkState {
    const state: PodLinkState = { ...link, index: this.links.length + 2, network, addresses: [], sysctls: {} };
    this.links.push(state);
    // A link that comes up with carrier gets its fe80::/64 route (a tap without a reader does not),
    // unless its MTU is below IPv6's minimum: the kernel then keeps IPv6 off it (addrconf.c).
    if (link.state !== 'DOWN' && link.mtu >= IPV6_MIN_MTU) this.addLinkLocalRoute(link.name);
    return state;
  }

  /**
   * Adds an address: the kernel adds its connected route (IPv4 `proto kernel scope link src`,
   * IPv6 `proto kernel metric 256`) in the main table, and for IPv6 the link gets fe80::/64 too.
   */
  addAddress(dev: string, address: IpPrefix): void {
    const link = this.link(dev);
    if (!link) return;
    link.addresses.push(address);
    const dst = { address: networkOf(address), prefixLength: address.prefixLength };
    // A second address in a subnet the link already has is secondary: no second prefix route.
    const covered = this.routes.some(
      (r) =>
        r.proto === 'kernel' &&
        r.dev === dev &&
        r.dst.prefixLength === dst.prefixLength &&
        sameIp(r.dst.address, dst.address),
    );
    if (covered) return;
    if (address.address.family === 4) {
      if (address.prefixLength < 32)
        this.insert({ table: MAIN_TABLE, dst, dev, proto: 'kernel', scope: 'link', src: address.address });
    } else if (address.prefixLength < 128) {
      this.insert({ table: MAIN_TABLE, dst, dev, proto: 'kernel', metric: 256 });
    }
  }

  /** The link-local route every IPv6-enabled link gets when it comes up. */
  addLinkLocalRoute(dev: string): void {
    const dst = { address: { family: 6 as const, value: 0xfe80n << 112n }, prefixLength: 64 };
    this.insert({ table: MAIN_TABLE, dst, dev, proto: 'kernel', metric: 256 });
  }

  /**
   * `RouteAddEcmp` (create without exclusive): an identical route is EEXIST, any other is
   * inserted ahead of equal ones (IPv4) or after them (IPv6 appends siblings in metric order).
   */
  addRoute(route: KernelRoute): 'added' | 'exists' | 'unreachable' {
    if (this.routes.some((r) => sameRoute(r, route))) return 'exists';
    if (route.gw && route.scope !== 'link' && !this.reachable(route.gw, route.dev, route.table)) return 'unreachable';
    if (route.gw && route.dst.address.family === 6 && this.joinSiblings(route)) return 'added';
    this.insert(route);
    return 'added';
  }

  /**
   * IPv6 fib6_add_rt2node: a gateway route with the destination and metric of an existing
   * gateway route (and no NLM_F_EXCL) becomes its ECMP sibling, which `ip -6 route` prints as
   * one multipath route with a `nexthop` line each. The merged route has no single device.
   */
  private joinSiblings(route: KernelRoute): boolean {
    const at = this.routes.findIndex(
      (r) =>
        r.table === route.table &&
        r.dst.prefixLength === route.dst.prefixLength &&
        sameIp(r.dst.address, route.dst.address) &&
        (r.metric ?? 0) === (route.metric ?? 0) &&
        (r.gw !== undefined || r.nexthops !== undefined),
    );
    if (at < 0) return false;
    const existing = this.routes[at];
    const hops = existing.nexthops ?? [{ gw: existing.gw as IpAddress, dev: existing.dev }];
    if (hops.some((hop) => hop.dev === route.dev && sameIp(hop.gw, route.gw))) return true;
    const nexthops = [...hops, { gw: route.gw as IpAddress, dev: route.dev }];
    this.routes[at] = { ...existing, gw: undefined, dev: '', nexthops };
    return true;
  }

  /** Deletes routes matching a predicate (Multus' DeleteDefaultGW, sbr moving routes). */
  deleteRoutes(match: (route: KernelRoute) => boolean): KernelRoute[] {
    const removed = this.routes.filter(match);
    this.routes = this.routes.filter((route) => !match(route));
    return removed;
  }

  /** Routes of one table and family in the order the kernel dumps them. */
  table(family: 4 | 6, table = MAIN_TABLE): KernelRoute[] {
    const routes = this.routes.filter((r) => r.table === table && r.dst.address.family === family);
    return routes.sort(family === 4 ? compareV4 : compareV6).map(({ sequence: _s, ...route }) => route);
  }

  /** The tables other than main that hold routes, ascending. */
  extraTables(): number[] {
    return [...new Set(this.routes.map((r) => r.table))].filter((t) => t !== MAIN_TABLE).sort((a, b) => a - b);
  }

  allRoutes(): KernelRoute[] {
    return this.routes.map(({ sequence: _s, ...route }) => route);
  }

  private insert(route: KernelRoute): void {
    this.routes.push({ ...route, sequence: this.sequence++ });
  }

  /** The kernel needs a route on `dev` (in that table or main) that covers a gateway. */
  private reachable(gw: IpAddress, dev: string, table: number): boolean {
    return this.routes.some(
      (r) =>
        r.dev === dev &&
        (r.table === table || r.table === MAIN_TABLE) &&
        !r.gw &&
        r.dst.prefixLength > 0 &&
        prefixContains(r.dst, gw),
    );
  }
}

function sameRoute(a: KernelRoute, b: KernelRoute): boolean {
  return (
    a.table === b.table &&
    a.dev === b.dev &&
    a.dst.prefixLength === b.dst.prefixLength &&
    sameIp(a.dst.address, b.dst.address) &&
    (a.gw === b.gw || sameIp(a.gw, b.gw)) &&
    a.proto === b.proto &&
    (a.metric ?? 0) === (b.metric ?? 0)
  );
}

/**
 * IPv4 fib_trie dump: by destination key, longer prefixes first for one key; one prefix's aliases
 * by metric, newest first among equal metrics (net/ipv4/fib_trie.c fib_find_alias: a new alias goes
 * before the first one whose priority is not lower).
 */
function compareV4(a: StoredRoute, b: StoredRoute): number {
  return (
    compareIp(a.dst.address, b.dst.address) ||
    b.dst.prefixLength - a.dst.prefixLength ||
    (a.metric ?? 0) - (b.metric ?? 0) ||
    b.sequence - a.sequence
  );
}

/**
 * IPv6 fib6 tree walk: a node's more specific routes come before it (so default is last),
 * siblings in address order; routes of one prefix by metric, then in insertion order.
 */
function compareV6(a: StoredRoute, b: StoredRoute): number {
  if (a.dst.prefixLength !== b.dst.prefixLength) {
    if (a.dst.prefixLength < b.dst.prefixLength && prefixContains(a.dst, b.dst.address)) return 1;
    if (b.dst.prefixLength < a.dst.prefixLength && prefixContains(b.dst, a.dst.address)) return -1;
  }
  return (
    compareIp(a.dst.address, b.dst.address) ||
    b.dst.prefixLength - a.dst.prefixLength ||
    (a.metric ?? 0) - (b.metric ?? 0) ||
    a.sequence - b.sequence
  );
}
