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
  /** Set when Multus would refuse the pod: its reason, in Multus' words. */
  readonly error?: string;
}
