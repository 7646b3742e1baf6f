import { readDns, type CniResult } from '../cni/cniResult';
import { deterministicMac } from '../netns/deterministicMac';
import {
  addIpamToIface,
  argsCniValue,
  chooseMac,
  hasIpamType,
  numberField,
  sandboxPath,
  stringField,
} from './pluginCommon';
import { asRecord } from '../json/jsonValue';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

/**
 * ovs-cni (OVS pkg/plugin/plugin.go CmdAdd): a veth pair whose host end becomes a port of the
 * OVS `bridge` (an access port with `vlan`, else a trunk), MTU from the config, MAC from
 * `args.cni.mac` or CNI_ARGS `MAC`; IPAM optional. Whether the bridge exists on the node is
 * not knowable offline.
 */
export const ovsPlugin: PluginModel = {
  type: 'ovs',
  add(request: AttachRequest): AttachResult {
    const conf = request.plugin;
    const bridge = stringField(conf, 'bridge') || (argsCniValue(request, 'ovnPort') ? 'br-int' : '');
    if (!bridge && !stringField(conf, 'deviceID')) return { error: 'failed to get bridge name' };
    const trunkError = validateTrunk(conf.trunk);
    if (trunkError) return { error: trunkError };
    const peerIndex = request.state.takeHostIndex(request.node.name, request.node.interfaces.length + 4);
    const mac = chooseMac(request, [argsCniValue(request, 'mac'), request.cniArgs.MAC]);
    const result: CniResult = {
      interfaces: [
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
      { name: request.ifname, kind: 'veth', mtu: numberField(conf, 'mtu') || 1500, mac, peerIndex, state: 'UP' },
      request.statusName,
    );
    const vlan = typeof conf.vlan === 'number' ? `an access port of VLAN ${conf.vlan}` : 'a trunk port';
    const notes = [
      `The host end of ${request.ifname} is ${vlan} on OVS bridge ${bridge}, which must exist on node ${request.node.name}.`,
    ];
    if (!hasIpamType(request)) return { result: { ...result, dns: readDns(conf.dns) }, notes };
    const ipam = addIpamToIface(request, result, 1);
    if ('error' in ipam) return ipam;
    result.dns = asRecord(conf.dns) ? readDns(conf.dns) : ipam.dns;
    return { result, notes, dhcp: !!ipam.dhcp };
  },
};

/** SplitVlanIds (OVS pkg/common/common.go): ids up to 4095, min/max pairs in order. */
function validateTrunk(trunk: unknown): string | undefined {
  if (!Array.isArray(trunk)) return undefined;
  let usable = 0;
  for (const entry of trunk) {
    const item = asRecord(entry) ?? {};
    const min = item.minID;
    const max = item.maxID;
    if (min !== undefined || max !== undefined) {
      if (typeof min !== 'number' || min < 0 || min > 4095) return 'incorrect trunk minID parameter';
      if (typeof max !== 'number' || max < 0 || max > 4095) return 'incorrect trunk maxID parameter';
      if (min > max) return 'minID is greater than maxID in trunk parameter';
      usable++;
    }
    if (item.id !== undefined) {
      if (typeof item.id !== 'number' || item.id < 0 || item.id > 4095) return 'incorrect trunk id parameter';
      usable++;
    }
  }
  return usable === 0 ? 'trunk parameter is misconfigured' : undefined;
}
