import { argsCniValue, numberField, runtimeValue, stringField, validMac } from './pluginCommon';
import { asRecord } from '../json/jsonValue';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

/**
 * tuning (PLG plugins/meta/tuning/tuning.go cmdAdd, chained): writes `sysctl` keys (dots become
 * `/`, the first `IFNAME` becomes CNI_IFNAME, only under /proc/sys/net), then sets the MAC
 * (CNI_ARGS `MAC` < capability `mac` < `args.cni.mac`, over the config's `mac`, and updates
 * the result), promiscuous mode, MTU, all-multicast and (current plugins) txQLen on the
 * interface; `args.cni` values win over the config's.
 */
export const tuningPlugin: PluginModel = {
  type: 'tuning',
  add(request: AttachRequest): AttachResult {
    const conf = request.plugin;
    if (!request.prevResult) return { error: 'Required prevResult missing' };
    const argsCni = asRecord(asRecord(conf.args)?.cni) ?? {};
    const sysctl = { ...stringMap(conf.sysctl), ...stringMap(argsCni.sysctl) };
    const link = request.netns.link(request.ifname);
    if (!link) return { error: `failed to get "${request.ifname}": Link not found` };
    for (const [rawKey, value] of Object.entries(sysctl)) {
      const key = rawKey.replace('IFNAME', request.ifname);
      const path = `/proc/sys/${key.replace(/\./g, '/')}`;
      if (!path.startsWith('/proc/sys/net/')) return { error: `invalid net sysctl key: "${key}"` };
      link.sysctls[path.slice('/proc/sys/'.length)] = value;
    }
    let mac = stringField(conf, 'mac');
    for (const candidate of [request.cniArgs.MAC, runtimeValue(request, 'mac'), argsCniValue(request, 'mac')]) {
      if (typeof candidate === 'string' && candidate !== '') mac = candidate;
    }
    const result = structuredClone(request.prevResult);
    if (mac) {
      if (!validMac(mac)) return { error: `invalid args ${mac} for MAC addr: address ${mac}: invalid MAC address` };
      link.mac = mac.toLowerCase();
      for (const iface of result.interfaces) if (iface.name === request.ifname && iface.sandbox) iface.mac = link.mac;
    }
    if (flag(conf.promisc, argsCni.promisc)) link.promisc = true;
    const mtu = numberField(argsCni, 'mtu') || numberField(conf, 'mtu');
    if (mtu) link.mtu = mtu;
    const allmulti = typeof argsCni.allmulti === 'boolean' ? argsCni.allmulti : conf.allmulti;
    if (typeof allmulti === 'boolean') link.allmulti = allmulti;
    const txQLen = numberField(argsCni, 'txQLen') || numberField(conf, 'txQLen');
    if (txQLen && request.cluster.pluginVersion !== 'v1.1.1') link.txQLen = txQLen;
    return { result, notes: tuningNotes(request.ifname, sysctl, mac, mtu) };
  },
};

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asRecord(value) ?? {})) if (typeof entry === 'string') out[key] = entry;
  return out;
}

function flag(configured: unknown, fromArgs: unknown): boolean {
  return typeof fromArgs === 'boolean' ? fromArgs : configured === true;
}

function tuningNotes(ifname: string, sysctl: Record<string, string>, mac: string, mtu: number): string[] {
  const parts = Object.entries(sysctl).map(([key, value]) => `${key.replace('IFNAME', ifname)}=${value}`);
  if (mac) parts.push(`MAC ${mac.toLowerCase()}`);
  if (mtu) parts.push(`MTU ${mtu}`);
  return parts.length ? [`tuning set on ${ifname}: ${parts.join(', ')}.`] : [];
}
