import type { IpPrefix } from '../ipam/ipAddress';

/** A node as the preview needs it: where pods may land and what the host side looks like. */
export interface ClusterNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
  /** The node's pod CIDR(s), one per family, as the controller-manager assigns them. */
  readonly podCIDRs: readonly IpPrefix[];
  /** Host interfaces in ifindex order after `lo` (the first gets ifindex 2). */
  readonly interfaces: readonly HostInterface[];
}

export interface NodeTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface HostInterface {
  readonly name: string;
  readonly mtu: number;
}

/** The cluster default network (Multus delegate 0). Flannel is the one the seed lab uses. */
export interface FlannelDefaultNetwork {
  readonly kind: 'flannel';
  /** The conflist name, which Multus uses as the network-status name (`cbr0`). */
  readonly name: string;
  readonly network: IpPrefix;
  /** VXLAN overhead is taken off the node's uplink MTU (FL pkg/backend/vxlan/device.go). */
  readonly mtu: number;
}

export interface ClusterModel {
  readonly nodes: readonly ClusterNode[];
  readonly defaultNetwork: FlannelDefaultNetwork;
}
