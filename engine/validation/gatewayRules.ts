import type { Node as JsonNode } from 'jsonc-parser';
import { formatIp, parseCidr, parseIp, prefixContains, type IpAddress, type IpPrefix } from '../address/ipAddress';
import type { ConfigSource } from './configSource';
import { goField } from './goJsonFields';
import { plainList } from '../text/plainList';

/** One address (static) or range (host-local) of an IPAM config, with the gateway ADD uses for it. */
interface GatewayUse {
  /** The `address` (static) or `subnet` (host-local) node. */
  readonly node: JsonNode;
  readonly subnet: IpPrefix;
  readonly gateway?: { readonly node: JsonNode; readonly ip: IpAddress };
}

/** How the plugins around the IPAM use its gateways. */
export interface GatewayContext {
  readonly pluginType: string;
  /** sbr runs later in the list (PLG plugins/meta/sbr/main.go doRoutes: a default route via each gateway). */
  readonly sbrFollows: boolean;
  /** bridge with `isGateway`: each gateway is put on the bridge with its address's prefix. */
  readonly bridgeIsGateway: boolean;
}

/**
 * The gateways of static and host-local IPAM as ADD uses them: PLG pkg/ipam/ipam_linux.go
 * ConfigureIface sends every route without "gw" via the first gateway of the route's family; ptp
 * routes each address via its own gateway (PLG plugins/main/ptp/ptp.go setupContainerVeth), and
 * sbr adds a default route via each gateway. A gateway those routes cannot use fails ADD.
 */
export function checkGateways(source: ConfigSource, ipam: JsonNode, ipamType: string, context: GatewayContext): void {
  const uses = ipamType === 'static' ? staticUses(ipam) : hostLocalUses(ipam);
  const reported = new Set<JsonNode>();
  const report = (node: JsonNode, message: string) => {
    if (reported.has(node)) return;
    reported.add(node);
    source.at('ipam-gateway-unreachable', node, message);
  };
  if (context.pluginType === 'ptp') checkPtp(source, uses, ipamType, report);
  // ptp puts a /32 route to the gateway on the interface (ptp.go setupContainerVeth): sbr always reaches it.
  if (context.sbrFollows) checkSbrGateways(uses, report, context.pluginType === 'ptp');
  if (context.bridgeIsGateway) checkBridgeGateways(uses, report);
  checkRoutesVia(goField(ipam, 'routes'), uses, report);
  if (ipamType !== 'static') return;
  for (const use of uses) {
    const gateway = use.gateway;
    if (!gateway || reported.has(gateway.node) || gateway.ip.family === use.subnet.address.family) continue;
    source.at(
      'ipam-gateway-family',
      gateway.node,
      `The gateway ${formatIp(gateway.ip)} is of another address family than its address. It is IPv${gateway.ip.family} but ${String(use.node.value)} is IPv${use.subnet.address.family}: any route via it fails to install. Use a gateway of the address's family.`,
    );
  }
}

type Report = (node: JsonNode, message: string) => void;

const reachable = (uses: readonly GatewayUse[], ip: IpAddress) => uses.some((u) => prefixContains(u.subnet, ip));
const unreachableError = (ip: IpAddress) => (ip.family === 4 ? 'network is unreachable' : 'no route to host');

function checkRoutesVia(routes: JsonNode | undefined, uses: readonly GatewayUse[], report: Report): void {
  for (const route of routes?.children ?? []) {
    const dst = goField(route, 'dst');
    const family = dst?.type === 'string' ? parseIp(String(dst.value).split('/')[0])?.family : undefined;
    if (!family || goField(route, 'gw')) continue;
    const gateway = uses.find((u) => u.gateway?.ip.family === family)?.gateway;
    if (!gateway || reachable(uses, gateway.ip)) continue;
    report(
      gateway.node,
      `The route ${String(dst!.value)} goes via a gateway outside the interface's subnets. ADD fails with "failed to add route '... via ${formatIp(gateway.ip)} dev net1': ${unreachableError(gateway.ip)}". Use a gateway inside ${describeSubnets(uses, family)}.`,
    );
  }
}

function checkSbrGateways(uses: readonly GatewayUse[], report: Report, onLink: boolean): void {
  for (const { gateway, subnet } of uses) {
    if (!gateway) continue;
    const problem =
      gateway.ip.family !== subnet.address.family
        ? 'gateway, source, and destination ip are not the same IP family'
        : !onLink && !reachable(uses, gateway.ip)
          ? unreachableError(gateway.ip)
          : undefined;
    if (problem)
      report(
        gateway.node,
        `sbr cannot add a default route via this gateway. It adds one in the interface's own table, and ADD fails: Failed to add default route to ${formatIp(gateway.ip)}: ${problem}. Use a gateway inside the interface's subnet.`,
      );
  }
}

/**
 * bridge `isGateway` adds each gateway to the bridge with its address's prefix (PLG
 * plugins/main/bridge/bridge.go calcGateways, ensureAddr): an IPv4 gateway with an IPv6 prefix,
 * or the reverse, is refused: "failed to set bridge addr: could not add IP address to ...: invalid argument".
 */
function checkBridgeGateways(uses: readonly GatewayUse[], report: Report): void {
  for (const { gateway, node, subnet } of uses) {
    if (!gateway || gateway.ip.family === subnet.address.family) continue;
    report(
      gateway.node,
      `The gateway is not of the address's family. bridge "isGateway" puts ${formatIp(gateway.ip)} on the bridge with the prefix of ${String(node.value)}, and ADD fails: failed to set bridge addr: could not add IP address: invalid argument. Use a gateway of the address's family.`,
    );
  }
}

/** ptp needs a gateway for each address, of its family (the host end of the veth gets it). */
function checkPtp(source: ConfigSource, uses: readonly GatewayUse[], ipamType: string, report: Report): void {
  for (const use of uses) {
    const gateway = use.gateway;
    if (!gateway && ipamType === 'static') {
      source.at(
        'plugin-gateway-required',
        use.node,
        `ptp needs a gateway for this address, and there is none. ADD fails with "failed to add IP addr ... to veth: numerical result out of range". Add "gateway" (an address in ${String(use.node.value)}).`,
      );
    } else if (gateway && gateway.ip.family !== use.subnet.address.family) {
      report(
        gateway.node,
        `ptp routes ${String(use.node.value)} via a gateway of another family. ADD fails with "failed to add route ...: source and destination ip are not the same IP family". Use a gateway of the address's family.`,
      );
    }
  }
}

function staticUses(ipam: JsonNode): GatewayUse[] {
  return (goField(ipam, 'addresses')?.children ?? []).flatMap((entry) => use(entry, 'address'));
}

/** host-local: the legacy top-level range and every range of `ranges` (a missing gateway is the subnet's first address). */
function hostLocalUses(ipam: JsonNode): GatewayUse[] {
  const ranges = (goField(ipam, 'ranges')?.children ?? []).flatMap((set) => set.children ?? []);
  return [ipam, ...ranges].flatMap((range) => use(range, 'subnet'));
}

function use(object: JsonNode, field: 'address' | 'subnet'): GatewayUse[] {
  const node = goField(object, field);
  const subnet = node?.type === 'string' ? parseCidr(String(node.value)) : undefined;
  if (!node || !subnet) return [];
  const gatewayNode = goField(object, 'gateway');
  const ip = gatewayNode?.type === 'string' ? parseIp(String(gatewayNode.value)) : undefined;
  return [{ node, subnet, ...(gatewayNode && ip ? { gateway: { node: gatewayNode, ip } } : {}) }];
}

function describeSubnets(uses: readonly GatewayUse[], family: 4 | 6): string {
  const same = uses.filter((u) => u.subnet.address.family === family).map((u) => String(u.node.value));
  return same.length > 0 ? plainList(same, 'or') : `an IPv${family} subnet (add an IPv${family} address)`;
}
