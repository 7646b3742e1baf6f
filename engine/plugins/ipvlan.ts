import { emptyResult, readDns } from '../cni/cniResult';
import {
  configureIface,
  defaultRouteInterface,
  hasIpamType,
  hostLink,
  hostMac,
  ipamFor,
  numberField,
  ownNodeUnreachableNote,
  sandboxPath,
  stringField,
} from './pluginCommon';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

const MODES = ['l2', 'l3', 'l3s'];

/**
 * ipvlan cmdAdd (PLG plugins/main/ipvlan/ipvlan.go): a child of `master` sharing its MAC;
 * mode l2 (default), l3 or l3s; MTU from the config (not checked) or the master's; IPAM is
 * required unless chained after a plugin whose result already has addresses.
 */
export const ipvlanPlugin: PluginModel = {
  type: 'ipvlan',
  add(request: AttachRequest): AttachResult {
    const conf = request.plugin;
    const mode = stringField(conf, 'mode') || 'l2';
    if (!MODES.includes(mode)) return { error: `unknown ipvlan mode: "${mode}"` };
    let masterName = stringField(conf, 'master');
    if (!masterName && request.prevResult) {
      const named = request.prevResult.interfaces.filter((iface) => iface.name);
      if (named.length !== 1) return { error: 'chained master failure. PrevResult lacks a single named interface' };
      masterName = named[0].name;
    }
    masterName ||= defaultRouteInterface(request) ?? '';
    if (!masterName) return { error: 'no default route interface found' };
    const master = hostLink(request, masterName);
    if (!master) return { error: `failed to lookup master "${masterName}": Link not found` };
    const mtu = numberField(conf, 'mtu') || master.link.mtu;
    const mac = hostMac(request, master.link);
    const result = emptyResult();
    result.interfaces = [{ name: request.ifname, mac, sandbox: sandboxPath(request.podKey) }];
    request.netns.addLink(
      { name: request.ifname, kind: 'ipvlan', mtu, mac, peerIndex: master.index, state: 'UNKNOWN' },
      request.statusName,
    );
    if (!hasIpamType(request) && request.prevResult?.ips.length) {
      result.ips = request.prevResult.ips.map((ip) => ({ ...ip, interface: 0 }));
      result.routes = request.prevResult.routes;
    } else {
      const ipam = ipamFor(request, 0);
      if ('error' in ipam) return ipam;
      result.ips = ipam.ips;
      result.routes = ipam.routes;
      if (ipam.dhcp) return { result: { ...result, dns: readDns(conf.dns) }, dhcp: true };
    }
    const failed = configureIface(request, request.ifname, result);
    if (failed) return { error: failed };
    result.dns = readDns(conf.dns);
    return {
      result,
      notes: [
        `${request.ifname} is an ipvlan ${mode} child of ${masterName} and shares its MAC address.`,
        ownNodeUnreachableNote(request, 'ipvlan', masterName),
      ],
    };
  },
};
