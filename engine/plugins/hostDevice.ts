import { emptyResult, readDns } from '../cni/cniResult';
import type { HostInterface } from '../clusterModel/clusterModel';
import { addIpamToIface, hasIpamType, hostMac, sandboxPath, stringField } from './pluginCommon';
import { asRecord } from '../json/jsonValue';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

/**
 * host-device cmdAdd (PLG plugins/main/host-device/host-device.go): moves a node interface,
 * chosen by `device`, `hwaddr`, `kernelpath` or `pciBusID` (or the `deviceID` capability),
 * into the pod and renames it to CNI_IFNAME; it keeps its MTU and MAC, and leaves the node
 * until the pod goes, so a second pod cannot take it. IPAM is optional.
 */
export const hostDevicePlugin: PluginModel = {
  type: 'host-device',
  add(request: AttachRequest): AttachResult {
    const conf = request.plugin;
    const runtimeDevice = stringField(asRecord(conf.runtimeConfig) ?? {}, 'deviceID');
    const selector = selectDevice(request, runtimeDevice);
    if ('error' in selector) return selector;
    const device = selector.device;
    const allocated = device?.name.startsWith('<');
    if (!device || (!allocated && !request.state.claimDevice(request.node.name, device.name))) {
      return { error: `failed to find host device: ${selector.missing}` };
    }
    const mac = hostMac(request, device);
    const result = emptyResult();
    result.interfaces = [{ name: request.ifname, mac, sandbox: sandboxPath(request.podKey) }];
    request.netns.addLink(
      { name: request.ifname, kind: 'device', mtu: device.mtu, mac, state: 'UP' },
      request.statusName,
    );
    const notes = [
      `${device.name} of node ${request.node.name} is moved into the pod as ${request.ifname} (its name is restored when the pod goes).`,
    ];
    if (!hasIpamType(request)) return { result: { ...result, dns: readDns(conf.dns) }, notes };
    const ipam = addIpamToIface(request, result, 0);
    if ('error' in ipam) return ipam;
    result.dns = readDns(conf.dns);
    return { result, notes, dhcp: !!ipam.dhcp };
  },
};

function selectDevice(
  request: AttachRequest,
  runtimeDevice: string,
): { device?: HostInterface; missing: string } | { error: string } {
  const conf = request.plugin;
  const interfaces = request.node.interfaces;
  const pci = runtimeDevice || stringField(conf, 'pciBusID');
  const device = stringField(conf, 'device');
  const hwaddr = stringField(conf, 'hwaddr');
  const kernelpath = stringField(conf, 'kernelpath');
  if (device) {
    const known = interfaces.find((i) => i.name === device);
    const assumed = request.node.interfacesUnknown ? { name: device, mtu: 1500 } : undefined;
    return { device: known ?? assumed, missing: 'Link not found' };
  }
  if (hwaddr) {
    const wanted = hwaddr.toLowerCase();
    return {
      device: interfaces.find((i) => i.mac?.toLowerCase() === wanted),
      missing: `failed to find device with hwaddr ${hwaddr}`,
    };
  }
  if (kernelpath) {
    if (!kernelpath.startsWith('/sys/devices/')) {
      return { error: `kernel device path "${kernelpath}" must be absolute and begin with /sys/devices/` };
    }
    return { missing: `failed to find device name under ${kernelpath}` };
  }
  if (pci) {
    // A device the device plugin allocated (Multus injected its PCI address): present by definition.
    if (pci.startsWith('<')) return { device: { name: pci, mtu: 1500 }, missing: '' };
    return {
      device: interfaces.find((i) => i.pciAddress === pci),
      missing: `no net directory under pci device ${pci}`,
    };
  }
  return { error: 'specify either "device", "hwaddr", "kernelpath" or "pciBusID"' };
}
