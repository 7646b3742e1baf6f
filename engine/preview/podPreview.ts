import type { ClusterModel, ClusterNode } from '../cluster/clusterModel';
import { placePod } from '../cluster/scheduling';
import type { CniResult } from '../cni/cniResult';
import { parseNetworkConfig } from '../cni/networkConfig';
import type { IpAddress, IpPrefix } from '../ipam/ipAddress';
import { NETWORKS_ANNOTATION, type NadObject, type PodObject } from '../manifest/kubernetesObjects';
import { interfaceNameFor } from '../multus/interfaceNaming';
import { parseNetworkSelections, type NetworkSelection } from '../multus/networkSelection';
import { createNetworkStatuses, type NetworkStatusEntry } from '../multus/networkStatus';
import { attachFlannel } from '../plugins/flannelDefaultNetwork';
import type { AttachOutcome, PodLink } from '../plugins/pluginModel';
import { pluginFor } from '../plugins/pluginRegistry';
import { describeDuplicateAddresses } from './duplicateAddresses';
import { PreviewState } from './previewState';
import { RouteTable, type PodRoute } from './routeTable';

/** One interface of a previewed pod, as `ip address` and the preview table show it. */
export interface PodInterface extends PodLink {
  readonly index: number;
  /** The network-status name of the network it belongs to (`cbr0`, `default/macvlan-conf`). */
  readonly network: string;
  readonly addresses: readonly IpPrefix[];
}

export interface PodPreview {
  readonly key: string;
  readonly pod: PodObject;
  readonly node?: string;
  readonly interfaces: readonly PodInterface[];
  readonly routes: readonly PodRoute[];
  readonly networkStatus: readonly NetworkStatusEntry[];
  readonly notes: string[];
  /** Set when Multus would refuse the pod: its reason, in Multus' words. */
  readonly error?: string;
}

interface Delegate {
  readonly statusName: string;
  readonly ifname: string;
  readonly nad?: NadObject;
  readonly selection?: NetworkSelection;
}

/**
 * Previews pods in order on one cluster: placement, delegate list (cluster default network
 * first, then the annotation's networks), each plugin ADD with shared IPAM state, routes and
 * the network-status annotation. A refused pod gets an error and the others go on.
 */
export function previewPods(
  nads: readonly NadObject[],
  pods: readonly PodObject[],
  cluster: ClusterModel,
): PodPreview[] {
  const state = new PreviewState();
  const previews = pods.map((pod) => previewPod(pod, nads, cluster, state));
  describeDuplicateAddresses(previews);
  return previews;
}

function previewPod(
  pod: PodObject,
  nads: readonly NadObject[],
  cluster: ClusterModel,
  state: PreviewState,
): PodPreview {
  const key = `${pod.namespace}/${pod.name}`;
  const empty = { key, pod, interfaces: [], routes: [], networkStatus: [], notes: [] };
  const placement = placePod(cluster, pod);
  if ('error' in placement) return { ...empty, error: placement.error };
  const node = placement.node;
  const refuse = (error: string): PodPreview => ({ ...empty, node: node.name, error: `Multus: [${key}]: ${error}` });
  const delegates = buildDelegates(pod, nads, cluster);
  if ('error' in delegates) return refuse(delegates.error);

  const interfaces: PodInterface[] = [];
  const routes = new RouteTable();
  const networkStatus: NetworkStatusEntry[] = [];
  const notes: string[] = [];
  for (const [position, delegate] of delegates.entries()) {
    if (interfaces.some((iface) => iface.name === delegate.ifname)) {
      return refuse(duplicateIfnameError(delegate));
    }
    const outcome =
      position === 0
        ? attachFlannel(cluster.defaultNetwork, node, key, delegate.ifname, state)
        : attachNad(key, node, delegate, state);
    if ('error' in outcome) return refuse(outcome.error);
    addInterfaces(interfaces, outcome, delegate.statusName);
    const movedDefault = routes.install(outcome.result, position);
    if (movedDefault) notes.push(defaultRouteNote(movedDefault, delegate));
    networkStatus.push(...createNetworkStatuses(outcome.result, delegate.statusName, position === 0));
  }
  return { key, pod, node: node.name, interfaces, routes: routes.list(), networkStatus, notes };
}

function buildDelegates(
  pod: PodObject,
  nads: readonly NadObject[],
  cluster: ClusterModel,
): Delegate[] | { error: string } {
  const delegates: Delegate[] = [{ statusName: cluster.defaultNetwork.name, ifname: interfaceNameFor(0, undefined) }];
  const parsed = parseNetworkSelections(pod.annotations[NETWORKS_ANNOTATION] ?? '', pod.namespace);
  if ('error' in parsed) return { error: `error loading k8s delegates k8s args: ${parsed.error}` };
  for (const selection of parsed.selections) {
    const nad = nads.find(
      (candidate) => candidate.namespace === selection.namespace && candidate.name === selection.name,
    );
    if (!nad) return { error: notFoundError(selection) };
    delegates.push({
      statusName: `${nad.namespace}/${nad.name}`,
      ifname: interfaceNameFor(delegates.length, selection.interfaceRequest),
      nad,
      selection,
    });
  }
  return delegates;
}

/** MUL pkg/k8sclient/k8sclient.go getKubernetesDelegate, as the thin plugin reports it. */
function notFoundError(selection: NetworkSelection): string {
  return (
    'error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network for pod: GetNetworkDelegates: ' +
    'failed getting the delegate: getKubernetesDelegate: cannot find a network-attachment-definition ' +
    `(${selection.name}) in namespace (${selection.namespace}): network-attachment-definitions.k8s.cni.cncf.io "${selection.name}" not found`
  );
}

function duplicateIfnameError(delegate: Delegate): string {
  const name = delegate.nad?.name ?? delegate.statusName;
  return `error adding container to network "${name}": DelegateAdd: cannot set "" interface name to "${delegate.ifname}": validateIfName: interface name ${delegate.ifname} already exists`;
}

function attachNad(
  podKey: string,
  node: ClusterNode,
  delegate: Delegate,
  state: PreviewState,
): AttachOutcome | { error: string } {
  const nad = delegate.nad as NadObject;
  if (!nad.config)
    return {
      error: `GetNetworkDelegates: failed getting the delegate: GetCNIConfig: NAD ${nad.namespace}/${nad.name} has no spec.config`,
    };
  const parsed = parseNetworkConfig(nad.config.text, nad.name);
  if ('error' in parsed)
    return {
      error: `GetNetworkDelegates: failed getting the delegate: GetCNIConfig: err in getCNIConfigFromSpec: ${parsed.error}`,
    };
  const { config } = parsed;
  const networkName = config.name ?? nad.name;
  let prevResult: CniResult | undefined;
  let outcome: AttachOutcome | undefined;
  for (const plugin of config.plugins) {
    const model = pluginFor(plugin.type);
    const wrap = (error: string) =>
      config.kind === 'conflist' ? `plugin type="${plugin.type}" failed (add): ${error}` : error;
    if (!model)
      return {
        error: `error adding container to network "${networkName}": ${wrap(`plugin type "${plugin.type}" is not modelled by the preview`)}`,
      };
    const step = model.add({
      podKey,
      node,
      ifname: delegate.ifname,
      networkName,
      config,
      plugin,
      selection: delegate.selection,
      state,
      prevResult,
    });
    if ('error' in step) return { error: `error adding container to network "${networkName}": ${wrap(step.error)}` };
    outcome = { result: step.result, links: outcome ? mergeLinks(outcome.links, step.links) : step.links };
    prevResult = step.result;
  }
  return outcome as AttachOutcome;
}

/** A chained plugin may change a link (tuning: mtu, mac); later links replace earlier ones by name. */
function mergeLinks(before: readonly PodLink[], after: readonly PodLink[]): PodLink[] {
  const merged = before.filter((link) => !after.some((next) => next.name === link.name));
  return [...merged, ...after];
}

function addInterfaces(interfaces: PodInterface[], outcome: AttachOutcome, network: string): void {
  for (const link of outcome.links) {
    const resultIndex = outcome.result.interfaces.findIndex((iface) => iface.name === link.name);
    const addresses = outcome.result.ips.filter((ip) => ip.interface === resultIndex).map((ip) => ip.address);
    interfaces.push({ ...link, index: interfaces.length + 2, network, addresses });
  }
}

function defaultRouteNote(route: { gw?: IpAddress; dev: string; previous: string }, delegate: Delegate): string {
  const nad = delegate.nad ? `${delegate.nad.namespace}/${delegate.nad.name}` : delegate.statusName;
  return (
    `Default route moved to ${route.dev}: ${nad} returns a default route (dst 0.0.0.0/0), and the plugins (>= v1.0.0) ` +
    `insert it ahead of ${route.previous}'s, so the pod's egress now leaves through ${route.dev}. To keep it on ${route.previous}, ` +
    `drop the 0.0.0.0/0 route from the NAD's ipam.routes (route only the subnets you need via ${route.dev}); to choose the gateway ` +
    `deliberately, select the network with the JSON annotation and "default-route" (Multus then removes the other default routes).`
  );
}
