import type { PodObject } from '../manifest/kubernetesObjects';
import type { NetworkStatusEntry } from '../multus/networkStatus';
import type { KernelRoute, PodLinkState, RoutingRule } from '../netns/podNetns';

/** One interface of a previewed pod, as `ip address` and the preview table show it. */
export type PodInterface = PodLinkState;

export interface PodPreview {
  readonly key: string;
  readonly pod: PodObject;
  readonly node?: string;
  readonly interfaces: readonly PodInterface[];
  /** The main table's routes (IPv4 then IPv6), in the order `ip route` prints them. */
  readonly routes: readonly KernelRoute[];
  /** Routes in other tables (sbr), by table. */
  readonly tables: readonly { readonly table: number; readonly routes: readonly KernelRoute[] }[];
  readonly rules: readonly RoutingRule[];
  readonly networkStatus: readonly NetworkStatusEntry[];
  readonly notes: string[];
  /** Set when Multus (or the scheduler) would refuse the pod, or the model cannot place it: the reason. */
  readonly error?: string;
  /** Why there is an `error`: the model does not list the pod's node, the scheduler finds no node, or Multus refuses it. */
  readonly refusedBy?: 'model' | 'scheduler' | 'multus';
  /** Addresses the IPAM handed out that equal their own gateway (whereabouts does not skip it). */
  readonly gatewayAddresses?: readonly GatewayAddress[];
}

/** An interface whose address is the gateway its IPAM also returned. */
export interface GatewayAddress {
  readonly ifname: string;
  /** The network-status name of the attachment (`default/whereabouts-conf`). */
  readonly network: string;
  readonly address: string;
}
