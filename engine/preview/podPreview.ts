import type { ClusterModel } from '../clusterModel/clusterModel';
import { placePod, schedulable } from '../clusterModel/scheduling';
import { NETWORKS_ANNOTATION, type NadObject, type PodObject } from '../manifest/kubernetesObjects';
import { editedNetworksNote } from '../clusterModel/runningPods';
import { delegateAdd } from '../multus/delegateAdd';
import { buildDelegates, type Delegate } from '../multus/delegates';
import { interfaceNameFor } from '../multus/interfaceNaming';
import { cmdErr, cmdPluginErr } from '../multus/multusErrors';
import { createNetworkStatuses, type NetworkStatusEntry } from '../multus/networkStatus';
import { applyDefaultRoute } from './defaultRoute';
import { describeDuplicateAddresses } from './duplicateAddresses';
import { PodNetns } from '../netns/podNetns';
import type { GatewayAddress, PodPreview } from './podPreviewModel';
import type { CniResult } from '../cni/cniResult';
import { formatIp } from '../address/ipAddress';
import { PreviewState } from '../clusterModel/previewState';

/**
 * Previews pods in order on one cluster: placement (a DaemonSet's template becomes one pod per
 * node it can run on), Multus' delegate list, each delegate's plugin chain against the pod's
 * network namespace and shared IPAM state, default-route handling and the network-status
 * annotation. A refused pod gets Multus' error and the others go on.
 */
export function previewPods(
  nads: readonly NadObject[],
  pods: readonly PodObject[],
  cluster: ClusterModel,
): PodPreview[] {
  const state = new PreviewState(cluster.takenAddresses ?? []);
  const previews = expandDaemonSets(pods, cluster).map((pod) => previewPod(pod, nads, cluster, state));
  describeDuplicateAddresses(previews);
  return previews;
}

/**
 * The pod namespace model costs more per interface the more it holds, so a pod asking for
 * thousands of networks is previewed up to this many, and a note says so (hardening).
 */
export const MAX_PREVIEWED_NETWORKS = 250;

function tooManyNetworksNote(requested: number): string {
  return `The pod asks for ${requested} networks; the preview attaches the first ${MAX_PREVIEWED_NETWORKS} and stops there (the rest are not previewed).`;
}

/** A DaemonSet runs one pod on each node whose labels and taints allow it, named after the node. */
function expandDaemonSets(pods: readonly PodObject[], cluster: ClusterModel): PodObject[] {
  return pods.flatMap((pod) => {
    if (!pod.perNode) return [pod];
    return cluster.nodes
      .filter((node) => schedulable(node, pod))
      .map((node) => ({ ...pod, perNode: false, name: `${pod.name}-${node.name}`, nodeName: node.name }));
  });
}

function previewPod(
  pod: PodObject,
  nads: readonly NadObject[],
  cluster: ClusterModel,
  state: PreviewState,
): PodPreview {
  const key = `${pod.namespace}/${pod.name}`;
  const empty = { key, pod, interfaces: [], routes: [], tables: [], rules: [], networkStatus: [], notes: [] };
  const placement = placePod(cluster, pod);
  if ('error' in placement)
    return { ...empty, error: placement.error, refusedBy: placement.missingNode ? 'model' : 'scheduler' };
  const node = placement.node;
  const refused = (error: string): PodPreview => ({ ...empty, node: node.name, error, refusedBy: 'multus' });
  const allDelegates = buildDelegates(pod, nads, cluster, node);
  if ('error' in allDelegates) return refused(cmdErr(pod, allDelegates.error));
  const delegates = allDelegates.slice(0, MAX_PREVIEWED_NETWORKS + 1);
  const netns = new PodNetns();
  const networkStatus: NetworkStatusEntry[] = [];
  const notes: string[] = [];
  const gatewayAddresses: GatewayAddress[] = [];
  if (allDelegates.length > delegates.length) notes.push(tooManyNetworksNote(allDelegates.length - 1));
  const refusedAfterAdd = (error: string): PodPreview => {
    state.releasePod();
    return refused(error);
  };
  state.beginPod();
  for (const [position, delegate] of delegates.entries()) {
    const ifname = interfaceNameFor(position, delegate.selection?.interfaceRequest);
    const outcome = delegateAdd(delegate, { podKey: key, node, cluster, state, netns, ifname });
    if ('error' in outcome) return refusedAfterAdd(cmdPluginErr(pod, delegate.config.name ?? '', outcome.error));
    notes.push(...outcome.notes);
    const handedGateway = gatewayHandedOut(outcome.result, ifname, delegate.statusName);
    gatewayAddresses.push(...handedGateway);
    notes.push(...handedGateway.map(gatewayNote));
    const link = netns.link(ifname);
    if (outcome.dhcp && link) link.dhcp = true;
    if (link) link.ipam = ipamTypeOf(delegate);
    if (link) link.plugin = delegate.config.plugins[0]?.raw;
    if (outcome.dhcp)
      notes.push(
        `${ifname} (${delegate.statusName}): address assigned by DHCP at runtime; the preview cannot know it.`,
      );
    const routeError = applyDefaultRoute(netns, delegate, ifname, outcome.result, notes);
    if (routeError) return refusedAfterAdd(cmdErr(pod, routeError));
    networkStatus.push(...statusEntries(outcome, delegate));
  }
  notes.push(...defaultRouteNotes(netns, delegates));
  if (node.interfacesUnknown && delegates.length > 1) notes.push(unknownInterfacesNote(node.name));
  const edited = editedNetworksNote(cluster, pod, pod.annotations[NETWORKS_ANNOTATION]);
  if (edited) notes.push(edited);
  return {
    key,
    pod,
    node: node.name,
    interfaces: netns.links,
    routes: [...netns.table(4), ...netns.table(6)],
    tables: netns
      .extraTables()
      .map((table) => ({ table, routes: [...netns.table(4, table), ...netns.table(6, table)] })),
    rules: netns.rules,
    networkStatus,
    notes,
    ...(gatewayAddresses.length ? { gatewayAddresses } : {}),
  };
}

function unknownInterfacesNote(node: string): string {
  return `The cluster model does not know the host interfaces of node ${node} (the Kubernetes API does not tell them): every master or device a network names is assumed present there at MTU 1500. List them under the node's \`interfaces\` in the model to have them checked.`;
}

/** The result's addresses that equal their own gateway: the pod answers for the router's address (issue 18). */
function gatewayHandedOut(result: CniResult, ifname: string, network: string): GatewayAddress[] {
  return result.ips
    .filter((ip) => ip.gateway && formatIp(ip.gateway) === formatIp(ip.address.address))
    .map((ip) => ({ ifname, network, address: formatIp(ip.address.address) }));
}

function gatewayNote({ ifname, network, address }: GatewayAddress): string {
  return `${ifname} (${network}) got ${address}, the network's own gateway: the pod now answers for the router's address. Exclude the gateway from the range.`;
}

function statusEntries(
  outcome: { result: Parameters<typeof createNetworkStatuses>[0]; dhcp: boolean },
  delegate: Delegate,
): NetworkStatusEntry[] {
  const entries = createNetworkStatuses(outcome.result, delegate.statusName, delegate.isMaster);
  if (!outcome.dhcp) return entries;
  return entries.map((entry) => ({ ...entry, ips: ['assigned by DHCP at runtime'] }));
}

/** Says where the pod's default route went when a secondary network took it (plugins >= v1.0.0 prepend routes). */
function defaultRouteNotes(netns: PodNetns, delegates: readonly Delegate[]): string[] {
  if (delegates.some((d) => d.gatewayRequest !== undefined)) return [];
  const notes: string[] = [];
  for (const family of [4, 6] as const) {
    const defaults = netns.table(family).filter((r) => r.dst.prefixLength === 0);
    const first = defaults[0];
    const master = netns.links[0]?.name;
    if (first?.nexthops) {
      const devs = first.nexthops.map((hop) => hop.dev).join(' and ');
      notes.push(
        `The IPv6 default route is one multipath route over ${devs}: the kernel joins equal-metric IPv6 gateway routes, so egress is spread across them.`,
      );
      continue;
    }
    if (!first || !master || first.dev === master || !defaults.some((r) => r.dev === master)) continue;
    const network = netns.link(first.dev)?.network ?? first.dev;
    const any = family === 4 ? '0.0.0.0/0' : '::/0';
    notes.push(
      `Default route moved to ${first.dev}: ${network} returns a default route (dst ${any}), and the plugins (>= v1.0.0) ` +
        `insert it ahead of ${master}'s, so the pod's egress now leaves through ${first.dev}. To keep it on ${master}, ` +
        `drop the ${any} route from the NAD's ipam.routes (route only the subnets you need via ${first.dev}); to choose the gateway ` +
        `deliberately, select the network with the JSON annotation and "default-route" (Multus then removes the other default routes).`,
    );
  }
  return notes;
}

function ipamTypeOf(delegate: Delegate): string | undefined {
  const ipam = delegate.config.plugins[0]?.raw.ipam;
  const type = ipam && typeof ipam === 'object' ? (ipam as Record<string, unknown>).type : undefined;
  return typeof type === 'string' ? type : undefined;
}
