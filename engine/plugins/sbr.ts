import { bitLength, prefixContains, type IpAddress } from '../address/ipAddress';
import { MAIN_TABLE } from '../netns/podNetns';
import type { CniIpConfig } from '../cni/cniResult';
import { numberField } from './pluginCommon';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

const FIRST_TABLE = 100;

/**
 * sbr (PLG plugins/meta/sbr/main.go cmdAdd/doRoutes, chained): for each address of the
 * interface, a rule `from <ip> lookup <table>` (first free table from 100), a default route
 * via its gateway in that table, and every main-table route of the interface (connected,
 * via-gateway and link-local ones) moved there; the main table keeps none of them. With
 * `table` (current plugins only) just the rules are added and routes stay put.
 */
export const sbrPlugin: PluginModel = {
  type: 'sbr',
  add(request: AttachRequest): AttachResult {
    const prev = request.prevResult;
    if (!prev) return { error: 'This plugin must be called as chained plugin' };
    if (prev.ips.length === 0) return { error: `No IP addresses supplied on interface: ${request.ifname}` };
    const ipCfgs = prev.ips.filter(
      (ip) => ip.interface === undefined || prev.interfaces[ip.interface]?.name === request.ifname,
    );
    const { netns, ifname } = request;
    const fixedTable = request.cluster.pluginVersion !== 'v1.1.1' && typeof request.plugin.table === 'number';
    if (fixedTable) {
      for (const ip of ipCfgs) addRule(request, ip.address.address, numberField(request.plugin, 'table'));
      return {
        result: prev,
        notes: [`sbr: traffic from ${ifname}'s addresses looks up table ${numberField(request.plugin, 'table')}.`],
      };
    }
    const onInterface = netns.allRoutes().filter((r) => r.table === MAIN_TABLE && r.dev === ifname);
    let table = nextFreeTable(request, FIRST_TABLE);
    const tables: number[] = [];
    for (const ip of ipCfgs) {
      addRule(request, ip.address.address, table);
      if (ip.gateway) addDefault(request, ip, table);
      for (const route of onInterface) {
        if (contains(ip, route.src) || contains(ip, route.gw) || (!route.src && !route.gw)) {
          netns.deleteRoutes((r) => r.table === table && sameDst(r, route) && r.dev === route.dev);
          netns.addRoute({ ...route, table });
        }
      }
      tables.push(table);
      table = nextFreeTable(request, table + 1);
    }
    netns.deleteRoutes((r) => r.table === MAIN_TABLE && r.dev === ifname);
    return {
      result: prev,
      notes: [
        `sbr moved ${ifname}'s routes to table ${tables.join(', ')}: replies from its addresses leave through ${ifname} (see ip rule).`,
      ],
    };
  },
};

function addRule(request: AttachRequest, from: IpAddress, table: number): void {
  const rules = request.netns.rules;
  const lowest = rules.reduce((min, rule) => Math.min(min, rule.priority), 32766);
  rules.push({ priority: lowest - 1, from, table });
}

function addDefault(request: AttachRequest, ip: CniIpConfig, table: number): void {
  const family = ip.address.address.family;
  const dst = { address: { family, value: 0n }, prefixLength: 0 };
  request.netns.addRoute({
    table,
    dst,
    gw: ip.gateway,
    dev: request.ifname,
    ...(family === 6 ? { metric: 1024 } : {}),
  });
}

function nextFreeTable(request: AttachRequest, from: number): number {
  const used = new Set([...request.netns.rules.map((r) => r.table), ...request.netns.extraTables()]);
  let table = from;
  while (used.has(table)) table++;
  return table;
}

function contains(ip: CniIpConfig, address: IpAddress | undefined): boolean {
  return !!address && prefixContains(ip.address, address) && bitLength(address.family) > 0;
}

function sameDst(
  a: { dst: { prefixLength: number; address: IpAddress } },
  b: { dst: { prefixLength: number; address: IpAddress } },
): boolean {
  return (
    a.dst.prefixLength === b.dst.prefixLength &&
    a.dst.address.value === b.dst.address.value &&
    a.dst.address.family === b.dst.address.family
  );
}
