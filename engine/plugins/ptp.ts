import { readDns, type CniResult } from '../cni/cniResult';
import { bitLength, networkOf } from '../address/ipAddress';
import { deterministicMac } from '../netns/deterministicMac';
import { MAIN_TABLE } from '../netns/podNetns';
import { configureIface, ipamFor, numberField, sandboxPath } from './pluginCommon';
import { asRecord } from '../json/jsonValue';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

/**
 * ptp cmdAdd (PLG plugins/main/ptp/ptp.go setupContainerVeth): a veth pair; inside the pod
 * the addresses and IPAM routes are configured, then for each address the connected subnet
 * route is replaced by a host route to the gateway (`scope link src`) and the subnet via the
 * gateway, so all traffic goes through the host. IPAM is required.
 */
export const ptpPlugin: PluginModel = {
  type: 'ptp',
  add(request: AttachRequest): AttachResult {
    const conf = request.plugin;
    const ipam = ipamFor(request, 1);
    if ('error' in ipam) return ipam;
    const peerIndex = request.state.takeHostIndex(request.node.name, request.node.interfaces.length + 4);
    const mac = deterministicMac(request.podKey, request.ifname);
    const result: CniResult = {
      interfaces: [
        {
          name: `veth${peerIndex.toString(16).padStart(8, '0')}`,
          mac: deterministicMac(request.podKey, `${request.ifname}-peer`),
        },
        { name: request.ifname, mac, sandbox: sandboxPath(request.podKey) },
      ],
      ips: ipam.ips,
      routes: ipam.routes,
      dns: {},
    };
    const { netns, ifname } = request;
    netns.addLink(
      { name: ifname, kind: 'veth', mtu: numberField(conf, 'mtu') || 1500, mac, peerIndex, state: 'UP' },
      request.statusName,
    );
    const failed = configureIface(request, ifname, result);
    if (failed) return { error: failed };
    for (const ip of result.ips) {
      if (!ip.gateway) continue;
      const subnet = { address: networkOf(ip.address), prefixLength: ip.address.prefixLength };
      netns.deleteRoutes(
        (r) =>
          r.proto === 'kernel' &&
          r.dev === ifname &&
          r.dst.prefixLength === subnet.prefixLength &&
          r.dst.address.value === subnet.address.value &&
          r.dst.address.family === subnet.address.family,
      );
      const family = ip.address.address.family;
      const host = { address: ip.gateway, prefixLength: bitLength(family) };
      netns.addRoute({
        table: MAIN_TABLE,
        dst: host,
        dev: ifname,
        scope: 'link',
        src: ip.address.address,
        ...(family === 6 ? { metric: 1024 } : {}),
      });
      netns.addRoute({
        table: MAIN_TABLE,
        dst: subnet,
        gw: ip.gateway,
        dev: ifname,
        src: ip.address.address,
        ...(family === 6 ? { metric: 1024 } : {}),
      });
    }
    result.dns = asRecord(conf.dns) ? readDns(conf.dns) : ipam.dns;
    return { result, dhcp: !!ipam.dhcp };
  },
};
