import { emptyResult, readDns } from '../cni/cniResult';
import { addIpamToIface, hostLink, hostMac, numberField, sandboxPath, stringField } from './pluginCommon';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

/**
 * vlan cmdAdd (PLG plugins/main/vlan/vlan.go): an 802.1Q sub-interface of `master` (required)
 * with `vlanId` 0..4094 (the message says 4095), MTU at most the master's, the master's MAC,
 * and IPAM (required).
 */
export const vlanPlugin: PluginModel = {
  type: 'vlan',
  add(request: AttachRequest): AttachResult {
    const conf = request.plugin;
    const masterName = stringField(conf, 'master');
    if (!masterName) {
      return { error: '"master" field is required. It specifies the host interface name to create the VLAN for' };
    }
    const vlanId = numberField(conf, 'vlanId');
    if (vlanId < 0 || vlanId > 4094)
      return { error: `invalid VLAN ID ${vlanId} (must be between 0 and 4095 inclusive)` };
    const master = hostLink(request, masterName);
    if (!master) return { error: `failed to lookup master "${masterName}": Link not found` };
    const mtu = numberField(conf, 'mtu');
    if (mtu < 0 || mtu > master.link.mtu) {
      return { error: `invalid MTU ${mtu}, must be [0, master MTU(${master.link.mtu})]` };
    }
    const taken = request.state.claimVlan(request.node.name, masterName, vlanId);
    if (!taken) return { error: 'failed to create vlan: file exists' };
    const mac = hostMac(request, master.link);
    const result = emptyResult();
    result.interfaces = [{ name: request.ifname, mac, sandbox: sandboxPath(request.podKey) }];
    request.netns.addLink(
      { name: request.ifname, kind: 'vlan', mtu: mtu || master.link.mtu, mac, peerIndex: master.index, state: 'UP' },
      request.statusName,
    );
    const ipam = addIpamToIface(request, result, 0);
    if ('error' in ipam) {
      return {
        error: ipam.error === 'no plugin name provided' ? `failed to execute IPAM delegate: ${ipam.error}` : ipam.error,
      };
    }
    result.dns = readDns(conf.dns);
    return {
      result,
      dhcp: !!ipam.dhcp,
      notes: [
        `${request.ifname} is VLAN ${vlanId} on ${masterName}; only one pod per node can hold a (master, vlanId) pair.`,
      ],
    };
  },
};
