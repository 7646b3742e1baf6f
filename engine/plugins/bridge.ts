import { readDns, type CniResult } from '../cni/cniResult';
import { networkOf, offsetIp } from '../address/ipAddress';
import { deterministicMac } from '../netns/deterministicMac';
import {
  argsCniValue,
  chooseMac,
  configureIface,
  hasIpamType,
  ipamFor,
  numberField,
  runtimeValue,
  sandboxPath,
  stringField,
} from './pluginCommon';
import { asRecord } from '../json/jsonValue';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

/**
 * bridge cmdAdd (PLG plugins/main/bridge/bridge.go): a veth pair whose host end joins the
 * bridge (`cni0` by default); the pod end gets the MTU, a MAC from capability `mac` >
 * `args.cni.mac` > CNI_ARGS `MAC`, and the IPAM addresses at result index 2. With
 * `isGateway` each address gets a gateway (the IPAM one or the subnet's first address);
 * `isDefaultGateway` appends a default route via it unless one with a gateway exists
 * (calcGateways).
 */
export const bridgePlugin: PluginModel = {
  type: 'bridge',
  add(request: AttachRequest): AttachResult {
    const conf = request.plugin;
    const invalid = validate(request);
    if (invalid) return { error: invalid };
    const bridgeName = stringField(conf, 'bridge') || 'cni0';
    const mtu = numberField(conf, 'mtu');
    const peerIndex = request.state.takeHostIndex(request.node.name, request.node.interfaces.length + 4);
    const mac = chooseMac(request, [runtimeValue(request, 'mac'), argsCniValue(request, 'mac'), request.cniArgs.MAC]);
    const result: CniResult = {
      interfaces: [
        { name: bridgeName, mac: deterministicMac(request.node.name, bridgeName) },
        {
          name: `veth${peerIndex.toString(16).padStart(8, '0')}`,
          mac: deterministicMac(request.podKey, `${request.ifname}-peer`),
        },
        { name: request.ifname, mac, sandbox: sandboxPath(request.podKey) },
      ],
      ips: [],
      routes: [],
      dns: {},
    };
    request.netns.addLink(
      { name: request.ifname, kind: 'veth', mtu: mtu || 1500, mac, peerIndex, state: 'UP' },
      request.statusName,
    );
    if (!hasIpamType(request)) return { result: { ...result, dns: readDns(conf.dns) } };
    const ipam = ipamFor(request, 2);
    if ('error' in ipam) return ipam;
    result.ips = ipam.ips;
    result.routes = [...ipam.routes];
    calcGateways(result, conf.isGateway === true || conf.isDefaultGateway === true, conf.isDefaultGateway === true);
    const failed = configureIface(request, request.ifname, result);
    if (failed) return { error: failed };
    result.dns = asRecord(conf.dns) ? readDns(conf.dns) : ipam.dns;
    return { result, dhcp: !!ipam.dhcp };
  },
};

function validate(request: AttachRequest): string | undefined {
  const conf = request.plugin;
  const vlan = numberField(conf, 'vlan');
  if (vlan < 0 || vlan > 4094) return `invalid VLAN ID ${vlan} (must be between 0 and 4094)`;
  if (conf.hairpinMode === true && conf.promiscMode === true) {
    return 'cannot set hairpin mode and promiscuous mode at the same time';
  }
  if (conf.disableContainerInterface === true && hasIpamType(request) && request.cluster.pluginVersion !== 'v1.1.1') {
    return 'cannot use IPAM when DisableContainerInterface flag is set';
  }
  return undefined;
}

/** calcGateways (bridge.go): gateways for isGateway, one default route per family for isDefaultGateway. */
function calcGateways(result: CniResult, isGateway: boolean, isDefaultGateway: boolean): void {
  const found = { 4: false, 6: false };
  for (const ip of result.ips) {
    const family = ip.address.address.family;
    if (!ip.gateway && isGateway) ip.gateway = offsetIp(networkOf(ip.address), 1n);
    if (!isDefaultGateway || found[family]) continue;
    found[family] = result.routes.some(
      (route) =>
        route.gw &&
        route.dst.prefixLength === 0 &&
        route.dst.address.family === family &&
        route.dst.address.value === 0n,
    );
    if (!found[family]) {
      const dst = { address: { family, value: 0n }, prefixLength: 0 };
      result.routes.push(ip.gateway ? { dst, gw: ip.gateway } : { dst });
      found[family] = true;
    }
  }
}
