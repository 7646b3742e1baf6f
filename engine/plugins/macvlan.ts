import { emptyResult, readDns } from '../cni/cniResult';
import { runIpam } from '../ipam/ipamDelegate';
import { deterministicMac } from '../preview/deterministicMac';
import type { AttachOutcome, AttachRequest, PluginModel } from './pluginModel';

type Json = Record<string, unknown>;

const MODES = ['bridge', 'private', 'vepa', 'passthru'];

/**
 * macvlan cmdAdd (PLG plugins/main/macvlan/macvlan.go): a child of `master` in the pod, MTU
 * from the config or the master's, the pod's MAC request (CNI_ARGS MAC) or a kernel-random one,
 * then IPAM; the result has one sandbox interface and every IP gets index 0.
 */
export const macvlanPlugin: PluginModel = {
  type: 'macvlan',
  add(request: AttachRequest): AttachOutcome | { error: string } {
    const conf = request.plugin.raw as Json;
    const mode = typeof conf.mode === 'string' && conf.mode !== '' ? conf.mode : 'bridge';
    if (!MODES.includes(mode)) return { error: `unknown macvlan mode: "${mode}"` };
    const masterName =
      typeof conf.master === 'string' && conf.master !== '' ? conf.master : request.node.interfaces[0]?.name;
    const masterIndex = request.node.interfaces.findIndex((iface) => iface.name === masterName);
    if (masterIndex < 0) return { error: 'Link not found' };
    const master = request.node.interfaces[masterIndex];
    const mtu = typeof conf.mtu === 'number' && conf.mtu !== 0 ? conf.mtu : master.mtu;
    if (mtu < 0 || mtu > master.mtu) return { error: `invalid MTU ${mtu}, must be [0, master MTU(${master.mtu})]` };
    const mac =
      request.selection?.mac ??
      (typeof conf.mac === 'string' ? conf.mac : deterministicMac(request.podKey, request.ifname));
    const result = emptyResult();
    const ipam = conf.ipam && typeof conf.ipam === 'object' ? (conf.ipam as Json) : undefined;
    if (ipam && ipam.type) {
      const ipamResult = runIpam(request, ipam);
      if ('error' in ipamResult) return ipamResult;
      if (ipamResult.ips.length === 0) return { error: 'IPAM plugin returned missing IP config' };
      result.ips = ipamResult.ips.map((ip) => ({ ...ip, interface: 0 }));
      result.routes = ipamResult.routes;
    }
    result.interfaces = [{ name: request.ifname, mac, sandbox: `/var/run/netns/${request.podKey.replace('/', '-')}` }];
    // macvlan replaces the result DNS with its own `dns`, even an empty one (domain.md §6.2).
    result.dns = readDns(conf.dns);
    // The macvlan link shows `@if<master ifindex>`: lo is 1, the node's interfaces follow.
    return {
      result,
      links: [{ name: request.ifname, kind: 'macvlan', mtu, mac, peerIndex: masterIndex + 2, state: 'UNKNOWN' }],
    };
  },
};
