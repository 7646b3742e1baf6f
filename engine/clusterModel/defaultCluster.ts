import { parseCidr, type IpPrefix } from '../address/ipAddress';
import type { ClusterModel } from './clusterModel';

function cidr(text: string): IpPrefix {
  return parseCidr(text) as IpPrefix;
}

/**
 * The cluster the seed lab ran on (ARCHITECTURE.md "The embedded default cluster"): a tainted
 * control-plane `master` and `node1`, each with eth0 at MTU 1500, and flannel VXLAN over
 * 10.244.0.0/16 (FL Documentation/kube-flannel.yml: conflist `cbr0`, MTU 1500 - 50).
 * Both eth0s are plugged into one segment, `lab`, on 192.168.1.0/24 (the quickstart NAD's
 * macvlan subnet on master eth0, gateway .1); the nodes' own addresses .10 and .11 are this
 * model's choice: the quickstart does not say them.
 */
export const DEFAULT_CLUSTER: ClusterModel = {
  nodes: [
    {
      name: 'master',
      labels: { 'kubernetes.io/hostname': 'master', 'node-role.kubernetes.io/control-plane': '' },
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      podCIDRs: [cidr('10.244.0.0/24')],
      interfaces: [{ name: 'eth0', mtu: 1500, segment: 'lab', addresses: [cidr('192.168.1.10/24')] }],
    },
    {
      name: 'node1',
      labels: { 'kubernetes.io/hostname': 'node1' },
      taints: [],
      podCIDRs: [cidr('10.244.1.0/24')],
      interfaces: [{ name: 'eth0', mtu: 1500, segment: 'lab', addresses: [cidr('192.168.1.11/24')] }],
    },
  ],
  defaultNetwork: { kind: 'flannel', name: 'cbr0', network: cidr('10.244.0.0/16'), mtu: 1450 },
};
