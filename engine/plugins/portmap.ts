import { numberField } from './pluginCommon';
import { asRecord } from '../json/jsonValue';
import type { AttachRequest, AttachResult, PluginModel } from './pluginModel';

/**
 * portmap (PLG plugins/meta/portmap/main.go parseConfig/cmdAdd, chained, capability
 * `portMappings`): host-port DNAT rules on the node; the pod's interfaces do not change.
 */
export const portmapPlugin: PluginModel = {
  type: 'portmap',
  add(request: AttachRequest): AttachResult {
    const conf = request.plugin;
    if (!request.prevResult) return { error: 'must be called as chained plugin' };
    if (conf.markMasqBit !== undefined && conf.externalSetMarkChain !== undefined) {
      return { error: 'failed to parse config: Cannot specify externalSetMarkChain and markMasqBit' };
    }
    const bit = typeof conf.markMasqBit === 'number' ? conf.markMasqBit : 13;
    if (bit < 0 || bit > 31) return { error: 'failed to parse config: MasqMarkBit must be between 0 and 31' };
    const mappings = asRecord(conf.runtimeConfig)?.portMappings;
    const notes: string[] = [];
    for (const entry of Array.isArray(mappings) ? mappings : []) {
      const mapping = asRecord(entry) ?? {};
      const container = numberField(mapping, 'containerPort');
      const host = numberField(mapping, 'hostPort');
      if (container <= 0) return { error: `failed to parse config: Invalid container port number: ${container}` };
      if (host <= 0) return { error: `failed to parse config: Invalid host port number: ${host}` };
      const protocol = typeof mapping.protocol === 'string' && mapping.protocol ? mapping.protocol : 'tcp';
      notes.push(
        `portmap: node ${request.node.name} port ${host}/${protocol.toLowerCase()} forwards to ${request.ifname}'s port ${container}.`,
      );
    }
    return { result: request.prevResult, notes };
  },
};
