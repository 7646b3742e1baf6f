import type { IpAddress, IpPrefix } from '../address/ipAddress';

/** A node as the preview needs it: where pods may land and what the host side looks like. */
export interface ClusterNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
  /** The node's pod CIDR(s), one per family, as the controller-manager assigns them. */
  readonly podCIDRs: readonly IpPrefix[];
  /** Host interfaces in ifindex order after `lo` (the first gets ifindex 2). */
  readonly interfaces: readonly HostInterface[];
  /**
   * The model does not know the node's interfaces (`interfaces: unknown`, as a snapshot writes it: the API has
   * no host interfaces). `interfaces` is then empty and a plugin's named master is assumed present at MTU 1500.
   */
  readonly interfacesUnknown?: true;
  /** The model file listed no interfaces: `eth0` is assumed, so no rule may conclude an interface is absent. */
  readonly interfacesAssumed?: boolean;
  /** `spec.unschedulable` (cordoned): the scheduler and DaemonSets skip it unless tolerated. */
  readonly unschedulable?: boolean;
  /** The node's Ready condition when the model was read from a cluster (informational). */
  readonly ready?: boolean;
  /** Linux bridges on the node that bridge-plugin networks join (connectivity only). */
  readonly bridges?: readonly HostBridge[];
}

/**
 * A Linux bridge on a node. Without an `uplink` a bridge network exists only inside that node;
 * with one, it reaches the uplink interface's segment.
 */
export interface HostBridge {
  readonly name: string;
  /** A node interface enslaved to the bridge. */
  readonly uplink?: string;
  /** Addresses the node holds on the bridge besides a plugin's gateway (`isGateway`). */
  readonly addresses?: readonly IpPrefix[];
}

export interface NodeTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface HostInterface {
  readonly name: string;
  readonly mtu: number;
  /** Set for interfaces that can be moved into a pod (host-device) or hold VFs (sriov). */
  readonly pciAddress?: string;
  readonly mac?: string;
  /**
   * The L2 segment (switch, VLAN-less cable) the interface is plugged into: interfaces of
   * different nodes with the same segment name exchange frames (connectivity only).
   */
  readonly segment?: string;
  /** The node's own addresses on this interface, the targets of pod -> node reachability. */
  readonly addresses?: readonly IpPrefix[];
}

/** The cluster default network (Multus delegate 0). Flannel is the one the seed lab uses. */
export interface FlannelDefaultNetwork {
  readonly kind: 'flannel';
  /** The conflist name, which Multus uses as the network-status name (`cbr0`). */
  readonly name: string;
  readonly network: IpPrefix;
  /** VXLAN overhead is taken off the node's uplink MTU (FL pkg/backend/vxlan/device.go). */
  readonly mtu: number;
  /** IPv6 flannel network for dual stack (`IPv6Network` in net-conf.json), if any. */
  readonly ipv6Network?: IpPrefix;
}

/** Any other default network: a CNI conf or conflist that runs like a NAD's, on every node. */
export interface CniDefaultNetwork {
  readonly kind: 'cni';
  readonly name: string;
  /** The conf/conflist JSON; `{podCIDR}` / `{podCIDRv6}` are replaced with the node's. */
  readonly config: string;
}

export type DefaultNetwork = FlannelDefaultNetwork | CniDefaultNetwork;

/**
 * The reference plugins' release line the nodes run. Debian's v1.1.1 and the current
 * upstream (v1.9) differ in what a preview shows: cniVersion 1.1.0 is refused by v1.1.1
 * (CNI v1.1.2 library), and route errors, route priority/table/scope differ (PLG
 * pkg/ipam/ipam_linux.go ConfigureIface at v1.1.1 vs HEAD).
 */
export type PluginVersion = 'v1.1.1' | 'current';

/** An address already in use before the preview's pods: host-local per node, whereabouts cluster-wide. */
export interface TakenAddress {
  readonly ipam: 'host-local' | 'whereabouts';
  readonly address: IpAddress;
  /** host-local: the node and CNI network name whose state directory holds it. */
  readonly node?: string;
  readonly network?: string;
  /**
   * host-local only: this is what `last_reserved_ip.<rangeSet>` holds (pods came and went), so
   * the next allocation resumes after it; the address itself is not marked taken.
   */
  readonly lastReserved?: boolean;
  readonly rangeSet?: number;
}

export interface ClusterModel {
  readonly nodes: readonly ClusterNode[];
  readonly defaultNetwork: DefaultNetwork;
  readonly takenAddresses?: readonly TakenAddress[];
  /** Defaults to `current`. */
  readonly pluginVersion?: PluginVersion;
  /** The plugin binaries in the nodes' CNI bin directory; default: engine/plugins/installedPlugins.ts. */
  readonly plugins?: readonly string[];
  /** Multus' `multusNamespace` (where `v1.multus-cni.io/default-network` NADs live), default kube-system. */
  readonly multusNamespace?: string;
  /** Multus' `defaultNetworks`: NADs in multusNamespace attached to every pod outside kube-system, after the cluster network. */
  readonly multusDefaultNetworks?: readonly string[];
  /** Multus' `namespaceIsolation`: pods may use NADs of their own namespace or of `globalNamespaces` only. */
  readonly multusNamespaceIsolation?: boolean;
  /** Multus' `globalNamespaces` (replaces the default list, `default`). */
  readonly multusGlobalNamespaces?: readonly string[];
  /** NADs already in the cluster (a snapshot's); workspace NADs of the same namespace/name override them. */
  readonly nads?: readonly ClusterNad[];
  /** What the model's author (a snapshot) wants the reader to know: approximations, what could not be read. */
  readonly notes?: readonly string[];
  /** Where a snapshot came from. */
  readonly source?: { readonly context: string; readonly takenAt: string };
  /** Pods the live cluster runs with a networks annotation (a snapshot's), as they run now. */
  readonly runningPods?: readonly RunningPod[];
}

/** A pod of a live cluster and the `k8s.v1.cni.cncf.io/networks` annotation it runs with. */
export interface RunningPod {
  readonly namespace: string;
  readonly name: string;
  readonly node?: string;
  readonly networks: string;
}

/** A NetworkAttachmentDefinition as the cluster stores it. */
export interface ClusterNad {
  readonly namespace: string;
  readonly name: string;
  /** `spec.config`, the CNI JSON as text. */
  readonly config: string;
}
