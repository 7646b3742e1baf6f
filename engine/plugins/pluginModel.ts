import type { ClusterModel, ClusterNode } from '../clusterModel/clusterModel';
import type { CniResult } from '../cni/cniResult';
import type { NetworkConfig } from '../cni/networkConfig';
import type { PodNetns } from '../netns/podNetns';
import type { PreviewState } from '../clusterModel/previewState';
import { type Json } from '../json/jsonValue';

export type { PodLink } from '../netns/podNetns';

/** CNI_ARGS pairs a plugin may read (MUL pkg/multus/multus.go DelegateAdd sets IP and MAC). */
export interface CniArgs {
  readonly IP?: string;
  readonly MAC?: string;
}

/** What a plugin ADD is given: the pod's place, its interface name, its config and requests. */
export interface AttachRequest {
  readonly podKey: string;
  readonly node: ClusterNode;
  readonly cluster: ClusterModel;
  readonly ifname: string;
  /** The CNI network name (the config's `name`), which keys host-local state. */
  readonly networkName: string;
  /** The network-status name, which the pod's links are labelled with. */
  readonly statusName: string;
  readonly config: NetworkConfig;
  /** The plugin object as libcni hands it over: name/cniVersion injected, `args.cni` merged, `runtimeConfig` filtered. */
  readonly plugin: Json;
  readonly type: string;
  readonly cniArgs: CniArgs;
  readonly netns: PodNetns;
  readonly state: PreviewState;
  /** The result of the plugins before this one in a conflist (CNI prevResult). */
  readonly prevResult?: CniResult;
}

export interface AttachOutcome {
  readonly result: CniResult;
  /** Plain-words notes about what the plugin did that the addresses alone do not show. */
  readonly notes?: readonly string[];
  /** The interface's address is handed out by a DHCP server at runtime. */
  readonly dhcp?: boolean;
}

/** What an IPAM plugin hands back to the main plugin that called it. */
export interface IpamOutcome {
  readonly result: CniResult;
  /** dhcp: the addresses come from a DHCP server at runtime and cannot be predicted. */
  readonly dhcp?: boolean;
}

export type AttachResult = AttachOutcome | { error: string };

/** A main or chained plugin as the preview models it; one file per plugin type. */
export interface PluginModel {
  readonly type: string;
  add(request: AttachRequest): AttachResult;
}
