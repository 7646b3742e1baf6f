import type { ClusterNode } from '../cluster/clusterModel';
import type { CniResult } from '../cni/cniResult';
import type { NetworkConfig, PluginConfig } from '../cni/networkConfig';
import type { NetworkSelection } from '../multus/networkSelection';
import type { PreviewState } from '../preview/previewState';

/** What a plugin ADD is given: the pod's place, its interface name and its requests. */
export interface AttachRequest {
  readonly podKey: string;
  readonly node: ClusterNode;
  readonly ifname: string;
  /** The CNI network name (the config's `name`), which keys host-local state. */
  readonly networkName: string;
  readonly config: NetworkConfig;
  readonly plugin: PluginConfig;
  readonly selection?: NetworkSelection;
  readonly state: PreviewState;
  /** The result of the plugins before this one in a conflist (CNI prevResult). */
  readonly prevResult?: CniResult;
}

/** A link inside the pod as `ip address` shows it. */
export interface PodLink {
  readonly name: string;
  readonly kind: 'veth' | 'macvlan' | 'ipvlan' | 'vlan' | 'tap' | 'dummy' | 'device';
  readonly mtu: number;
  readonly mac: string;
  /** The ifindex shown after `@if` (the host-side peer or master), if any. */
  readonly peerIndex?: number;
  readonly state: 'UP' | 'UNKNOWN';
}

export interface AttachOutcome {
  readonly result: CniResult;
  readonly links: readonly PodLink[];
}

/** A main or chained plugin as the preview models it; one file per plugin type. */
export interface PluginModel {
  readonly type: string;
  add(request: AttachRequest): AttachOutcome | { error: string };
}
