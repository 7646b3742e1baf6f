import { emptyResult, readDns } from '../cni/cniResult';
import {
  addIpamToIface,
  chooseMac,
  hasIpamType,
  numberField,
  runtimeValue,
  sandboxPath,
  stringField,
} from './pluginCommon';
import { asRecord } from '../json/jsonValue';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

const PREFIX = 'SRIOV-CNI failed to load netconf: ';

/**
 * sriov-cni (SRIOV pkg/config/config.go LoadConf, pkg/cnicommands/cni.go): moves the VF
 * `deviceID` (which Multus injects from the device plugin's allocation when the NAD carries
 * `k8s.v1.cni.cncf.io/resourceName`) into the pod as CNI_IFNAME. Which VF, its PF and its MTU
 * depend on the hardware, so the preview shows the link and addresses but not the VF.
 */
export const sriovPlugin: PluginModel = {
  type: 'sriov',
  add(request: AttachRequest): AttachResult {
    const conf = request.plugin;
    const invalid = validate(conf);
    if (invalid) return { error: `${PREFIX}${invalid}` };
    const mac = chooseMac(request, [runtimeValue(request, 'mac'), request.cniArgs.MAC, conf.mac]);
    const result = emptyResult();
    result.interfaces = [{ name: request.ifname, mac, sandbox: sandboxPath(request.podKey) }];
    const mtu = numberField(conf, 'mtu') || numberField(conf, 'MTU') || 1500;
    request.netns.addLink({ name: request.ifname, kind: 'vf', mtu, mac, state: 'UP' }, request.statusName);
    const notes = [
      `${request.ifname} is SR-IOV VF ${stringField(conf, 'deviceID')} moved into the pod; its MTU and MAC come from the VF unless the NAD sets them.`,
    ];
    if (!hasIpamType(request)) return { result: { ...result, dns: readDns(conf.dns) }, notes };
    const ipam = addIpamToIface(request, result, 0);
    if ('error' in ipam) return ipam;
    result.dns = asRecord(conf.dns) ? readDns(conf.dns) : ipam.dns;
    return { result, notes, dhcp: !!ipam.dhcp };
  },
};

/** LoadConf's checks in order, with its wording. */
function validate(conf: Record<string, unknown>): string | undefined {
  if (!stringField(conf, 'deviceID')) return 'LoadConf(): VF pci addr is required';
  const hasVlan = typeof conf.vlan === 'number';
  const vlan = numberField(conf, 'vlan');
  if (hasVlan && (vlan < 0 || vlan > 4094))
    return `LoadConf(): vlan id ${vlan} invalid: value must be in the range 0-4094`;
  if (typeof conf.vlanQoS === 'number') {
    const qos = conf.vlanQoS;
    if (!hasVlan) return 'LoadConf(): vlan id must be configured to set vlan QoS to a non-nil value';
    if (qos < 0 || qos > 7) return `LoadConf(): vlan QoS PCP ${qos} invalid: value must be in the range 0-7`;
    if (vlan === 0 && qos !== 0)
      return 'LoadConf(): non-zero vlan id must be configured to set vlan QoS to a non-zero value';
  }
  if (typeof conf.vlanProto === 'string') {
    const proto = conf.vlanProto.toLowerCase();
    if (!hasVlan) return 'LoadConf(): vlan id must be configured to set vlan proto to a non-nil value';
    if (proto !== '802.1q' && proto !== '802.1ad') {
      return `LoadConf(): vlan Proto ${proto} invalid: value must be '802.1Q' or '802.1ad'`;
    }
    if (vlan === 0 && proto === '802.1ad')
      return 'LoadConf(): non-zero vlan id must be configured to set vlan proto 802.1ad';
  }
  const linkState = stringField(conf, 'link_state');
  if (linkState && !['auto', 'enable', 'disable'].includes(linkState)) {
    return `LoadConf(): invalid link_state value: ${linkState}`;
  }
  return undefined;
}
