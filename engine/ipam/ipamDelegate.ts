import type { CniResult } from '../cni/cniResult';
import type { AttachRequest } from '../plugins/pluginModel';
import { allocateHostLocal } from './hostLocalAllocator';
import { readHostLocalConfig } from './hostLocalConfig';
import { parseIp } from './ipAddress';

type Json = Record<string, unknown>;

/**
 * Runs the IPAM plugin named by `ipam.type` (PLG pkg/ipam/ipam.go ExecAdd) and returns its
 * result: addresses (no interface index yet), gateways, routes and DNS.
 */
export function runIpam(request: AttachRequest, ipam: Json): CniResult | { error: string } {
  const type = typeof ipam.type === 'string' ? ipam.type : '';
  if (type === '') return { error: 'no plugin name provided' };
  if (type === 'host-local') return runHostLocal(request, ipam);
  return { error: `IPAM type "${type}" is not modelled by the preview yet` };
}

/** host-local cmdAdd (PLG plugins/ipam/host-local/main.go), on the node's own state. */
function runHostLocal(request: AttachRequest, ipam: Json): CniResult | { error: string } {
  const config = readHostLocalConfig(ipam);
  if ('error' in config) return config;
  // Multus passes `ips` as CNI_ARGS IP=<a,b>; host-local reads a single IP from it.
  const requestedText = request.selection?.ips?.join(',');
  let requested = undefined;
  if (requestedText) {
    requested = parseIp(requestedText.split('/')[0]);
    if (!requested)
      return { error: `ARGS: error parsing value of pair "IP=${requestedText}": invalid IP address ${requestedText}` };
  }
  const store = request.state.hostLocalStore(request.node.name, config.dataDir, request.networkName);
  const leases = allocateHostLocal(config, store, requested);
  if ('error' in leases) return leases;
  return {
    interfaces: [],
    ips: leases.map((lease) => ({ address: lease.address, gateway: lease.gateway })),
    routes: config.routes.map((route) => ({ ...route })),
    dns: {},
  };
}
