import { emptyResult, readDns } from '../cni/cniResult';
import { addIpamToIface, chooseMac, hasIpamType, numberField, runtimeValue, sandboxPath } from './pluginCommon';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

/**
 * tap cmdAdd (PLG plugins/main/tap/tap.go): a tap device in the pod, MAC from capability
 * `mac` > CNI_ARGS `MAC` > `mac`, MTU from the config, optional IPAM. Until a program opens
 * it the kernel reports no carrier.
 */
export const tapPlugin: PluginModel = {
  type: 'tap',
  add(request: AttachRequest): AttachResult {
    const conf = request.plugin;
    const mac = chooseMac(request, [runtimeValue(request, 'mac'), request.cniArgs.MAC, conf.mac]);
    const result = emptyResult();
    result.interfaces = [{ name: request.ifname, mac, sandbox: sandboxPath(request.podKey) }];
    request.netns.addLink(
      {
        name: request.ifname,
        kind: 'tap',
        mtu: numberField(conf, 'mtu') || 1500,
        mac,
        state: 'DOWN',
        flags: 'NO-CARRIER,BROADCAST,MULTICAST,UP',
      },
      request.statusName,
    );
    if (!hasIpamType(request)) return { result: { ...result, dns: readDns(conf.dns) } };
    const ipam = addIpamToIface(request, result, 0);
    if ('error' in ipam) return ipam;
    result.dns = readDns(conf.dns);
    return {
      result,
      dhcp: !!ipam.dhcp,
      notes: [`${request.ifname} is a tap device: no carrier until a program (e.g. a VM) opens it.`],
    };
  },
};
