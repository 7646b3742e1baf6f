import { emptyResult } from '../cni/cniResult';
import type { AttachRequest, IpamOutcome } from './pluginModel';

/**
 * dhcp IPAM (PLG plugins/ipam/dhcp/main.go): the node's `dhcp daemon` asks a DHCP server on the
 * interface at ADD time, so the address, gateway and routes are unknown until then. The preview
 * says so instead of inventing one; the interface itself is still created.
 */
export function runDhcp(_request: AttachRequest): IpamOutcome {
  return { result: emptyResult(), dhcp: true };
}
