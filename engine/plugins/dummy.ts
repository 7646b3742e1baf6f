import { emptyResult } from '../cni/cniResult';
import { deterministicMac } from '../netns/deterministicMac';
import { configureIface, ipamFor, sandboxPath } from './pluginCommon';
import { asRecord } from '../json/jsonValue';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

/** dummy cmdAdd (PLG plugins/main/dummy/dummy.go): a dummy link with IPAM addresses (IPAM required); DNS from IPAM. */
export const dummyPlugin: PluginModel = {
  type: 'dummy',
  add(request: AttachRequest): AttachResult {
    const ipamConf = asRecord(request.plugin.ipam);
    if (!ipamConf || !ipamConf.type) return { error: 'dummy interface requires an IPAM configuration' };
    const ipam = ipamFor(request, 0);
    if ('error' in ipam) return ipam;
    const mac = deterministicMac(request.podKey, request.ifname);
    const result = { ...emptyResult(), ips: ipam.ips, routes: ipam.routes, dns: ipam.dns };
    result.interfaces = [{ name: request.ifname, mac, sandbox: sandboxPath(request.podKey) }];
    request.netns.addLink(
      { name: request.ifname, kind: 'dummy', mtu: 1500, mac, state: 'UNKNOWN', flags: 'BROADCAST,NOARP,UP,LOWER_UP' },
      request.statusName,
    );
    const failed = configureIface(request, request.ifname, result);
    if (failed) return { error: failed };
    return { result, dhcp: !!ipam.dhcp };
  },
};
