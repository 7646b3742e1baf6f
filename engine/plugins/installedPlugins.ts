import type { ClusterModel, PluginVersion } from '../clusterModel/clusterModel';

/**
 * The reference plugin binaries of the current release (PLG plugins/main, plugins/ipam,
 * plugins/meta; the Windows plugins are left out: Multus runs on Linux nodes).
 */
const REFERENCE_PLUGINS = [
  'bridge',
  'dummy',
  'host-device',
  'ipvlan',
  'loopback',
  'macvlan',
  'ptp',
  'tap',
  'vlan',
  'dhcp',
  'host-local',
  'static',
  'bandwidth',
  'firewall',
  'portmap',
  'sbr',
  'tuning',
  'vrf',
];

/** Plugins that appeared after v1.1.1 (PLG git tags: dummy in v1.2.0, tap in v1.3.0), so a v1.1.1 node has no binary for them. */
export const NEWER_THAN_V111: ReadonlySet<string> = new Set(['dummy', 'tap']);

/**
 * Third-party plugin and IPAM types seen in real NADs: by default the engine assumes the nodes
 * that use them have them installed (a cluster model's `plugins` list says otherwise).
 */
export const THIRD_PARTY_PLUGINS = [
  'flannel',
  'sriov',
  'ovs',
  'bond',
  'whereabouts',
  'coordinator',
  'spiderpool',
  'ipoib',
  'ib-sriov',
  'macvtap',
  'userspace',
  'antrea',
  'kube-ovn',
  'ovn-k8s-cni-overlay',
  'cilium-cni',
  'calico',
  'calico-ipam',
  'rdma',
  'ovs-mirror-producer',
  'ovs-mirror-consumer',
  'cnv-bridge',
  'cnv-tuning',
  'kubevirt-passt-binding',
  'cni-passt-binding-plugin',
  'istio-cni',
  'multus',
  'weave-net',
  'accelerated-bridge',
  'dpdk',
  'nv-ipam',
  'route-override',
];

/** The reference plugins a node of this release has (PLG at that tag). */
export function referencePlugins(version: PluginVersion | undefined): string[] {
  return version === 'v1.1.1' ? REFERENCE_PLUGINS.filter((type) => !NEWER_THAN_V111.has(type)) : REFERENCE_PLUGINS;
}

/**
 * The plugin binaries in the nodes' CNI bin directory: the cluster model's `plugins` list when
 * it has one, else the reference plugins of its release plus the third-party types above.
 */
export function installedPlugins(cluster: ClusterModel | undefined): ReadonlySet<string> {
  // The editor checks each document on its own: the set is built once per cluster model, not per document.
  const known = cluster ? installedByCluster.get(cluster) : installedByDefault;
  if (known) return known;
  const installed = cluster?.plugins
    ? new Set(cluster.plugins)
    : new Set([...referencePlugins(cluster?.pluginVersion), ...THIRD_PARTY_PLUGINS]);
  if (cluster) installedByCluster.set(cluster, installed);
  else installedByDefault = installed;
  return installed;
}

/** Whether nodes of two cluster models have the same plugin binaries (an analysis made for one holds for the other). */
export function sameInstalledPlugins(a: ClusterModel, b: ClusterModel): boolean {
  if (a === b) return true;
  const [left, right] = [installedPlugins(a), installedPlugins(b)];
  return left === right || (left.size === right.size && [...left].every((type) => right.has(type)));
}

const installedByCluster = new WeakMap<ClusterModel, ReadonlySet<string>>();
let installedByDefault: ReadonlySet<string> | undefined;
