import { emptyResult, readDns } from '../cni/cniResult';
import {
  chooseMac,
  configureIface,
  defaultRouteInterface,
  hasIpamType,
  hostLink,
  ipamFor,
  ownNodeUnreachableNote,
  numberField,
  runtimeValue,
  sandboxPath,
  stringField,
} from './pluginCommon';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

const MODES = ['bridge', 'private', 'vepa', 'passthru'];

/**
 * macvlan cmdAdd (PLG plugins/main/macvlan/macvlan.go): a child of `master` (default: the
 * node's default-route interface) in the pod, MTU from the config or the master's (never
 * above it), MAC from capability `mac` > CNI_ARGS `MAC` > `mac` or kernel-random, then IPAM
 * (optional: no `ipam.type` means an L2-only link); one sandbox interface, IPs at index 0.
 * A passthru macvlan must be its master's only one (PreviewState.addMacvlan).
 */
export const macvlanPlugin: PluginModel = {
  type: 'macvlan',
  add(request: AttachRequest): AttachResult {
    const conf = request.plugin;
    const mode = stringField(conf, 'mode') || 'bridge';
    if (!MODES.includes(mode)) return { error: `unknown macvlan mode: "${mode}"` };
    const masterName = stringField(conf, 'master') || defaultRouteInterface(request);
    if (!masterName) return { error: 'no default route interface found' };
    const master = hostLink(request, masterName);
    if (!master) return { error: 'Link not found' };
    const mtu = numberField(conf, 'mtu');
    if (mtu < 0 || mtu > master.link.mtu) {
      return { error: `invalid MTU ${mtu}, must be [0, master MTU(${master.link.mtu})]` };
    }
    if (!request.state.addMacvlan(request.node.name, masterName, mode === 'passthru')) {
      return { error: 'failed to create macvlan: invalid argument' };
    }
    const mac = chooseMac(request, [runtimeValue(request, 'mac'), request.cniArgs.MAC, conf.mac]);
    const result = emptyResult();
    result.interfaces = [{ name: request.ifname, mac, sandbox: sandboxPath(request.podKey) }];
    const link = { name: request.ifname, kind: 'macvlan' as const, mtu: mtu || master.link.mtu, mac };
    request.netns.addLink({ ...link, peerIndex: master.index, state: 'UNKNOWN' }, request.statusName);
    let dhcp = false;
    if (hasIpamType(request)) {
      const ipam = ipamFor(request, 0);
      if ('error' in ipam) return ipam;
      result.ips = ipam.ips;
      result.routes = ipam.routes;
      dhcp = !!ipam.dhcp;
      const failed = configureIface(request, request.ifname, result);
      if (failed) return { error: failed };
    }
    // macvlan replaces the result DNS with its own `dns`, even an empty one (domain.md §6.2).
    result.dns = readDns(conf.dns);
    return { result, dhcp, notes: [ownNodeUnreachableNote(request, 'macvlan', masterName)] };
  },
};
