import { asRecord } from '../json/jsonValue';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

const FOUR_GB = 4 * 1024 * 1024 * 1024 * 8;

/**
 * bandwidth (PLG plugins/meta/bandwidth/main.go, chained, capability `bandwidth`): tc
 * shaping on the host side of a veth pair (an ifb device for ingress); rates set in the
 * config win over the pod's request. Links without a veth peer (macvlan, ipvlan, sriov) fail.
 */
export const bandwidthPlugin: PluginModel = {
  type: 'bandwidth',
  add(request: AttachRequest): AttachResult {
    const conf = request.plugin;
    if (!request.prevResult) return { error: 'must be called as chained plugin' };
    const configured = ['ingressRate', 'ingressBurst', 'egressRate', 'egressBurst'].some(
      (key) => typeof conf[key] === 'number' && conf[key] !== 0,
    );
    const limits = configured ? conf : (asRecord(asRecord(conf.runtimeConfig)?.bandwidth) ?? {});
    const value = (key: string) => (typeof limits[key] === 'number' ? (limits[key] as number) : 0);
    for (const side of ['ingress', 'egress']) {
      const rate = value(`${side}Rate`);
      const burst = value(`${side}Burst`);
      if (rate > 0 && burst === 0) return { error: 'if rate is set, burst must also be set' };
      if (burst > 0 && rate === 0) return { error: 'if burst is set, rate must also be set' };
      if (burst / 8 >= FOUR_GB / 8) return { error: 'burst cannot be more than 4GB' };
    }
    if (['ingressRate', 'egressRate'].every((key) => value(key) === 0)) return { result: request.prevResult };
    const link = request.netns.link(request.ifname);
    if (!link || link.kind !== 'veth') {
      return {
        error: `container interface ${request.ifname} has no veth peer: no veth peer of container interface found in host ns`,
      };
    }
    const notes = [
      `bandwidth: ${request.ifname} is shaped on the node (ingress ${value('ingressRate')} bit/s, egress ${value('egressRate')} bit/s).`,
    ];
    return { result: request.prevResult, notes };
  },
};
