import type { Node as JsonNode } from 'jsonc-parser';
import { formatIp, parseCidr, parseIp, prefixContains, type IpAddress, type IpPrefix } from '../ipam/ipAddress';
import type { ConfigSource } from './configSource';
import { goField } from './goJsonFields';

interface StaticAddress {
  readonly node: JsonNode;
  readonly cidr: IpPrefix;
  readonly gateway?: { readonly node: JsonNode; readonly ip: IpAddress };
}

/**
 * The gateways of static IPAM as ADD uses them: PLG pkg/ipam/ipam_linux.go ConfigureIface sends
 * every route without "gw" via the first gateway of the route's family, and ptp routes its
 * addresses via their own gateway (PLG plugins/main/ptp/ptp.go setupContainerVeth).
 */
export function checkStaticGateways(source: ConfigSource, ipam: JsonNode, pluginType: string): void {
  const addresses = staticAddresses(ipam);
  // ptp adds its host routes only after ConfigureIface, so its routes need a reachable gateway too.
  const used = pluginType === 'ptp' ? checkPtpGateways(source, addresses) : new Set<JsonNode>();
  const firstGateway = (family: 4 | 6) => addresses.find((a) => a.gateway?.ip.family === family)?.gateway;
  for (const route of goField(ipam, 'routes')?.children ?? []) {
    const dst = goField(route, 'dst');
    const family = dst?.type === 'string' ? parseIp(String(dst.value).split('/')[0])?.family : undefined;
    if (!family || goField(route, 'gw')) continue;
    const gateway = firstGateway(family);
    if (!gateway || used.has(gateway.node)) continue;
    if (addresses.some((a) => prefixContains(a.cidr, gateway.ip))) continue;
    used.add(gateway.node);
    source.at(
      'ipam-gateway-unreachable',
      gateway.node,
      `The route ${String(dst!.value)} goes via this gateway, which is in none of the interface's subnets: ADD fails with "failed to add route '... via ${formatIp(gateway.ip)} dev net1': ${family === 4 ? 'network is unreachable' : 'no route to host'}". Use a gateway inside ${describeSubnets(addresses, family)}.`,
    );
  }
  for (const address of addresses) {
    const gateway = address.gateway;
    if (!gateway || used.has(gateway.node) || gateway.ip.family === address.cidr.address.family) continue;
    source.at(
      'ipam-gateway-family',
      gateway.node,
      `The gateway ${formatIp(gateway.ip)} is IPv${gateway.ip.family} but the address ${String(address.node.value)} is IPv${address.cidr.address.family}: any route via it fails to install. Use a gateway of the address's family.`,
    );
  }
}

/** ptp puts each address's gateway on the host end and routes via it: both must exist and match. */
function checkPtpGateways(source: ConfigSource, addresses: readonly StaticAddress[]): Set<JsonNode> {
  const reported = new Set<JsonNode>();
  for (const address of addresses) {
    const gateway = address.gateway;
    if (!gateway) {
      source.at(
        'plugin-gateway-required',
        address.node,
        `ptp routes this address via its gateway, and there is none: ADD fails with "failed to add IP addr ... to veth: numerical result out of range". Add "gateway" (an address in ${String(address.node.value)}).`,
      );
    } else if (gateway.ip.family !== address.cidr.address.family) {
      reported.add(gateway.node);
      source.at(
        'ipam-gateway-unreachable',
        gateway.node,
        `ptp routes ${String(address.node.value)} via ${formatIp(gateway.ip)}: ADD fails with "failed to add route ...: source and destination ip are not the same IP family". Use a gateway of the address's family.`,
      );
    }
  }
  return reported;
}

function staticAddresses(ipam: JsonNode): StaticAddress[] {
  const out: StaticAddress[] = [];
  for (const entry of goField(ipam, 'addresses')?.children ?? []) {
    const node = goField(entry, 'address');
    const cidr = node?.type === 'string' ? parseCidr(String(node.value)) : undefined;
    if (!node || !cidr) continue;
    const gatewayNode = goField(entry, 'gateway');
    const ip = gatewayNode?.type === 'string' ? parseIp(String(gatewayNode.value)) : undefined;
    out.push({ node, cidr, ...(gatewayNode && ip ? { gateway: { node: gatewayNode, ip } } : {}) });
  }
  return out;
}

function describeSubnets(addresses: readonly StaticAddress[], family: 4 | 6): string {
  const same = addresses.filter((a) => a.cidr.address.family === family).map((a) => String(a.node.value));
  return same.length > 0 ? same.join(', ') : `an IPv${family} subnet (add an IPv${family} address)`;
}
