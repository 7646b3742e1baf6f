import { stringField } from './pluginCommon';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

/** firewall (PLG plugins/meta/firewall/firewall.go, chained): iptables/firewalld rules on the node, no pod change. */
export const firewallPlugin: PluginModel = {
  type: 'firewall',
  add(request: AttachRequest): AttachResult {
    if (!request.prevResult) return { error: 'missing prevResult from earlier plugin' };
    const policy = stringField(request.plugin, 'ingressPolicy');
    if (policy && !['open', 'same-bridge', 'isolated'].includes(policy))
      return { error: `unknown ingress policy: "${policy}"` };
    return { result: request.prevResult };
  },
};
