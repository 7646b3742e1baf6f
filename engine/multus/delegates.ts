import type { ClusterModel, ClusterNode } from '../clusterModel/clusterModel';
import { parseNetworkConfig, type NetworkConfig } from '../cni/networkConfig';
import { parseIp, type IpAddress } from '../address/ipAddress';
import {
  DEFAULT_NETWORK_ANNOTATION,
  NETWORKS_ANNOTATION,
  type NadObject,
  type PodObject,
} from '../manifest/kubernetesObjects';
import { defaultNetworkConfig } from '../plugins/flannelDefaultNetwork';
import { goJsonSyntaxError } from './goJsonSyntax';
import { nadNotFound } from './multusErrors';
import { parseNetworkSelections, type NetworkSelection } from './networkSelection';

/** One entry of Multus' delegate list for a pod (MUL pkg/types/types.go DelegateNetConf). */
export interface Delegate {
  /** The network-status name: `<ns>/<nad>` for NADs, the config name for the cluster network. */
  readonly statusName: string;
  readonly config: NetworkConfig;
  readonly isMaster: boolean;
  readonly selection?: NetworkSelection;
  readonly nad?: NadObject;
  /**
   * The device a device plugin allocated for the NAD's `k8s.v1.cni.cncf.io/resourceName`
   * (MUL pkg/k8sclient/k8sclient.go getKubernetesDelegate): Multus injects it as `deviceID`
   * and `pciBusID`. Which device is unknowable offline, so it is named by its resource.
   */
  readonly deviceID?: string;
  /** `default-route` of the selection: undefined when absent, [] when empty. */
  readonly gatewayRequest?: readonly IpAddress[];
  filterV4: boolean;
  filterV6: boolean;
}

const CONF_DIR = '/etc/cni/multus/net.d';
const RESOURCE_NAME_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';

/**
 * Builds the delegate list like Multus' CmdAdd: the cluster default network (or the pod's
 * `v1.multus-cni.io/default-network` replacement) first, then the annotation's networks in
 * order (MUL pkg/k8sclient/k8sclient.go TryLoadPodDelegates); then CheckGatewayConfig when any
 * element carries `default-route` (MUL pkg/types/conf.go). Errors come back in Multus' words,
 * without the outer `Multus: [...]` wrapper.
 */
export function buildDelegates(
  pod: PodObject,
  nads: readonly NadObject[],
  cluster: ClusterModel,
  node: ClusterNode,
): Delegate[] | { error: string } {
  // GetDefaultNetworks runs before the pod's own annotations are read (MUL pkg/multus/multus.go CmdAdd).
  const defaults = defaultNetworkDelegates(pod, nads, cluster);
  if ('error' in defaults) return defaults;
  const master = masterDelegate(pod, nads, cluster, node);
  if ('error' in master) return { error: `error loading k8s delegates k8s args: ${master.error}` };
  const delegates: Delegate[] = [master, ...defaults];
  const parsed = parseNetworkSelections(pod.annotations[NETWORKS_ANNOTATION] ?? '', pod.namespace);
  if ('error' in parsed) return { error: `error loading k8s delegates k8s args: ${parsed.error}` };
  for (const selection of parsed.selections) {
    if (isolationViolated(pod, selection, cluster)) {
      return {
        error: `error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network for pod: GetNetworkDelegates: namespace isolation enabled, annotation violates permission, pod is in namespace ${pod.namespace} but refers to target namespace ${selection.namespace}`,
      };
    }
    const delegate = nadDelegate(selection, nads, false, pod);
    if ('error' in delegate) {
      return {
        error: `error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network for pod: GetNetworkDelegates: failed getting the delegate: ${delegate.error}`,
      };
    }
    delegates.push(delegate);
  }
  const gatewayError = checkGatewayConfig(delegates);
  if (gatewayError) return { error: `error loading k8s delegates k8s args: ${gatewayError}` };
  return delegates;
}

/** isValidNamespaceReference (MUL pkg/k8sclient/k8sclient.go): own namespace, or a non-isolated one (default: `default`). */
function isolationViolated(pod: PodObject, selection: NetworkSelection, cluster: ClusterModel): boolean {
  if (!cluster.multusNamespaceIsolation || selection.namespace === pod.namespace) return false;
  return !(cluster.multusGlobalNamespaces ?? ['default']).includes(selection.namespace);
}

/**
 * Multus' `defaultNetworks` (MUL pkg/k8sclient/k8sclient.go GetDefaultNetworks/getNetDelegate):
 * NADs of multusNamespace after the cluster network, skipped for pods in kube-system; one that
 * cannot be resolved fails the pod.
 */
function defaultNetworkDelegates(
  pod: PodObject,
  nads: readonly NadObject[],
  cluster: ClusterModel,
): Delegate[] | { error: string } {
  const namespace = cluster.multusNamespace ?? 'kube-system';
  if (pod.namespace === 'kube-system') return [];
  const delegates: Delegate[] = [];
  for (const name of cluster.multusDefaultNetworks ?? []) {
    const selection = { name, namespace, span: [0, 0] as const, keys: [] };
    const delegate = nadDelegate(selection, nads, false, pod);
    if ('error' in delegate)
      return { error: `failed to get clusterNetwork/defaultNetworks: getNetDelegate: cannot find network: ${name}` };
    delegates.push(delegate);
  }
  return delegates;
}

function masterDelegate(
  pod: PodObject,
  nads: readonly NadObject[],
  cluster: ClusterModel,
  node: ClusterNode,
): Delegate | { error: string } {
  const annotation = pod.annotations[DEFAULT_NETWORK_ANNOTATION];
  if (annotation === undefined) {
    let config = defaultConfigs.get(node);
    if (!config) {
      config = parseNetworkConfig(defaultNetworkConfig(cluster.defaultNetwork, node), cluster.defaultNetwork.name);
      defaultConfigs.set(node, config);
    }
    if ('error' in config)
      return {
        error: `GetDefaultNetworks: failed to get clusterNetwork ${cluster.defaultNetwork.name}: ${config.error}`,
      };
    return {
      statusName: config.config.name ?? cluster.defaultNetwork.name,
      config: config.config,
      isMaster: true,
      filterV4: false,
      filterV6: false,
    };
  }
  const wrap = (inner: string) => ({
    error: `TryLoadPodDelegates: error in loading K8s cluster default network from pod annotation: ${inner}`,
  });
  const parsed =
    annotation === ''
      ? { error: 'parsePodNetworkAnnotation: pod annotation does not have "network" as key' }
      : parseNetworkSelections(annotation, cluster.multusNamespace ?? 'kube-system');
  if ('error' in parsed) return wrap(`tryLoadK8sPodDefaultNetwork: failed to parse CRD object: ${parsed.error}`);
  if (parsed.selections.length > 1) {
    return wrap(`tryLoadK8sPodDefaultNetwork: more than one default network is specified: ${annotation}`);
  }
  const delegate = nadDelegate(parsed.selections[0], nads, true, pod);
  if ('error' in delegate) return wrap(`tryLoadK8sPodDefaultNetwork: failed getting the delegate: ${delegate.error}`);
  return delegate;
}

const parsedConfigs = new WeakMap<NadObject, ReturnType<typeof parseNetworkConfig>>();
const defaultConfigs = new WeakMap<ClusterNode, ReturnType<typeof parseNetworkConfig>>();

/** A NAD's config is parsed once per preview run, not once per pod. */
function nadConfig(nad: NadObject, text: string): ReturnType<typeof parseNetworkConfig> {
  let parsed = parsedConfigs.get(nad);
  if (!parsed) parsedConfigs.set(nad, (parsed = parseNetworkConfig(text, nad.name)));
  return parsed;
}

/** getKubernetesDelegate + GetCNIConfig + LoadDelegateNetConf for one selection. */
function nadDelegate(
  selection: NetworkSelection,
  nads: readonly NadObject[],
  isMaster: boolean,
  pod?: PodObject,
): Delegate | { error: string } {
  const nad = nads.find((c) => c.namespace === selection.namespace && c.name === selection.name);
  if (!nad) return { error: nadNotFound(selection.name, selection.namespace) };
  if (!nad.config || nad.config.text === '') {
    return { error: `GetCNIConfig: err in GetCNIConfigFromFile: No networks found in ${CONF_DIR}` };
  }
  const parsed = nadConfig(nad, nad.config.text);
  if ('error' in parsed) {
    if (!parsed.error.startsWith('failed to unmarshal')) return { error: parsed.error };
    const syntax = goJsonSyntaxError(nad.config.text);
    const detail = syntax ? `failed to unmarshal Spec.Config: ${syntax}` : parsed.error;
    return { error: `GetCNIConfig: err in getCNIConfigFromSpec: ${detail}` };
  }
  const typeError = pluginConfTypeError(parsed.config.raw);
  if (typeError) return { error: `LoadDelegateNetConf: error unmarshalling delegate config: ${typeError}` };
  const gatewayRequest = selection.defaultRoute?.map((text) => parseIp(text) as IpAddress);
  const resourceName = nad.annotations[RESOURCE_NAME_ANNOTATION];
  // Without a request (or a DRA claim) for the resource nothing was allocated: deviceID stays empty.
  const requested = !!pod && (pod.resources?.includes(resourceName) || (pod.resourceClaims ?? 0) > 0);
  const deviceID = resourceName && requested ? `<${resourceName} device>` : undefined;
  return {
    statusName: `${nad.namespace}/${nad.name}`,
    config: parsed.config,
    isMaster,
    selection,
    nad,
    gatewayRequest,
    ...(deviceID ? { deviceID } : {}),
    filterV4: false,
    filterV6: false,
  };
}

/** CheckGatewayConfig: at most one IPv4 and one IPv6 default-route gateway; every delegate filtered but for its own families. */
function checkGatewayConfig(delegates: Delegate[]): string | undefined {
  if (!delegates.some((d) => d.gatewayRequest !== undefined)) return undefined;
  const all = delegates.flatMap((d) => d.gatewayRequest ?? []);
  if (all.filter((gw) => gw.family === 4).length > 1 || all.filter((gw) => gw.family === 6).length > 1) {
    return 'multus does not support ECMP for default-route';
  }
  for (const delegate of delegates) {
    delegate.filterV4 = !delegate.gatewayRequest?.some((gw) => gw.family === 4);
    delegate.filterV6 = !delegate.gatewayRequest?.some((gw) => gw.family === 6);
  }
  return undefined;
}

/**
 * LoadDelegateNetConf decodes the config into CNI's PluginConf first (MUL pkg/types/conf.go):
 * a wrong JSON type in one of its fields is a Go UnmarshalTypeError.
 */
function pluginConfTypeError(raw: Readonly<Record<string, unknown>>): string | undefined {
  const fail = (value: unknown, field: string, goType: string) =>
    `json: cannot unmarshal ${goKind(value)} into Go struct field PluginConf.${field} of type ${goType}`;
  for (const field of ['cniVersion', 'name', 'type']) {
    const value = raw[field];
    if (value !== undefined && value !== null && typeof value !== 'string') return fail(value, field, 'string');
  }
  const ipam = raw.ipam;
  if (ipam !== undefined && ipam !== null && (typeof ipam !== 'object' || Array.isArray(ipam))) {
    return fail(ipam, 'ipam', 'types.IPAM');
  }
  const capabilities = raw.capabilities;
  if (capabilities !== undefined && capabilities !== null) {
    if (typeof capabilities !== 'object' || Array.isArray(capabilities)) {
      return fail(capabilities, 'capabilities', 'map[string]bool');
    }
    for (const value of Object.values(capabilities)) {
      if (value !== null && typeof value !== 'boolean') return fail(value, 'capabilities', 'bool');
    }
  }
  return undefined;
}

function goKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : 'string';
}
