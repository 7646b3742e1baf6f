import type { CniResult } from '../cni/cniResult';
import { networkOf, type IpAddress, type IpPrefix } from '../ipam/ipAddress';

/** A route in the pod's main table, as `ip route` prints it. */
export interface PodRoute {
  readonly dst: IpPrefix;
  readonly gw?: IpAddress;
  readonly dev: string;
  /** Set for the kernel's connected route of an address (`proto kernel scope link src ...`). */
  readonly src?: IpAddress;
}

interface StoredRoute extends PodRoute {
  readonly sequence: number;
}

export interface MovedDefaultRoute {
  readonly dev: string;
  readonly previous: string;
  readonly gw?: IpAddress;
}

/**
 * The pod's routing table as the plugins fill it: connected routes for each address, then
 * the result's routes via ConfigureIface (PLG pkg/ipam/ipam_linux.go): a route without `gw`
 * takes the interface's first gateway of its family, and an equal route is inserted ahead of
 * the existing ones (RouteAddEcmp, plugins >= v1.0.0), so a second default route wins.
 */
export class RouteTable {
  private readonly routes: StoredRoute[] = [];
  private sequence = 0;

  /** Installs one delegate's result; reports when it put a default route ahead of another interface's. */
  install(result: CniResult, _position: number): MovedDefaultRoute | undefined {
    const sandboxed = result.interfaces.map((iface, index) => ({ iface, index })).filter(({ iface }) => iface.sandbox);
    for (const { iface, index } of sandboxed) {
      for (const ip of result.ips.filter((candidate) => candidate.interface === index)) {
        const dst = { address: networkOf(ip.address), prefixLength: ip.address.prefixLength };
        this.add({ dst, dev: iface.name, src: ip.address.address });
      }
    }
    const target = sandboxed[sandboxed.length - 1]?.iface.name;
    if (!target) return undefined;
    let moved: MovedDefaultRoute | undefined;
    for (const route of result.routes) {
      const gw = route.gw ?? firstGateway(result, route.dst.address.family);
      const previous = this.routes.find(
        (r) =>
          isDefault(r) && isDefault(route) && r.dst.address.family === route.dst.address.family && r.dev !== target,
      );
      if (this.add({ dst: route.dst, gw, dev: target }) && previous)
        moved ??= { dev: target, previous: previous.dev, gw };
    }
    return moved;
  }

  /** The table in `ip route` order: by destination, longer prefixes first for one address, newest first among equals. */
  list(): PodRoute[] {
    return [...this.routes]
      .sort(
        (a, b) =>
          a.dst.address.family - b.dst.address.family ||
          compareBig(a.dst.address.value, b.dst.address.value) ||
          b.dst.prefixLength - a.dst.prefixLength ||
          b.sequence - a.sequence,
      )
      .map(({ sequence: _sequence, ...route }) => route);
  }

  private add(route: PodRoute): boolean {
    const exists = this.routes.some(
      (r) =>
        r.dev === route.dev &&
        sameAddress(r.gw, route.gw) &&
        r.dst.prefixLength === route.dst.prefixLength &&
        r.dst.address.value === route.dst.address.value &&
        r.dst.address.family === route.dst.address.family,
    );
    if (exists) return false; // EEXIST from the kernel, which the plugins ignore
    this.routes.push({ ...route, sequence: this.sequence++ });
    return true;
  }
}

function firstGateway(result: CniResult, family: 4 | 6): IpAddress | undefined {
  return result.ips.find((ip) => ip.interface !== undefined && ip.gateway?.family === family)?.gateway;
}

function isDefault(route: { dst: IpPrefix }): boolean {
  return route.dst.prefixLength === 0;
}

function sameAddress(a: IpAddress | undefined, b: IpAddress | undefined): boolean {
  return a === b || (!!a && !!b && a.family === b.family && a.value === b.value);
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
