import type { ClusterModel, PluginVersion } from '../clusterModel/clusterModel';
import { bandwidthPlugin } from './bandwidth';
import { bridgePlugin } from './bridge';
import { dummyPlugin } from './dummy';
import { firewallPlugin } from './firewall';
import { flannelPlugin } from './flannelDefaultNetwork';
import { hostDevicePlugin } from './hostDevice';
import { installedPlugins } from './installedPlugins';
import { ipvlanPlugin } from './ipvlan';
import { macvlanPlugin } from './macvlan';
import { ovsPlugin } from './ovs';
import type { PluginModel } from './pluginModel';
import { portmapPlugin } from './portmap';
import { ptpPlugin } from './ptp';
import { sbrPlugin } from './sbr';
import { sriovPlugin } from './sriov';
import { tapPlugin } from './tap';
import { tuningPlugin } from './tuning';
import { vlanPlugin } from './vlan';

const PLUGINS: readonly PluginModel[] = [
  macvlanPlugin,
  ipvlanPlugin,
  bridgePlugin,
  ptpPlugin,
  hostDevicePlugin,
  vlanPlugin,
  tapPlugin,
  dummyPlugin,
  sriovPlugin,
  ovsPlugin,
  tuningPlugin,
  sbrPlugin,
  portmapPlugin,
  bandwidthPlugin,
  firewallPlugin,
  flannelPlugin,
];

/**
 * The preview's model of a CNI plugin type installed on the nodes; undefined when the node
 * would have no such binary (not in the cluster model's `plugins`, newer than the nodes' plugin
 * release, or an unmodelled third-party plugin), which libcni reports as `failed to find plugin`.
 */
export function pluginFor(type: string, cluster: ClusterModel): PluginModel | undefined {
  if (!installedPlugins(cluster).has(type)) return undefined;
  return PLUGINS.find((plugin) => plugin.type === type);
}

const BASE = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'];
const THIRD_PARTY = new Set(['flannel', 'sriov', 'ovs']);

/**
 * The cniVersions a plugin binary accepts (CNI pkg/version; PLG plugins/*): reference plugins
 * of v1.1.1 stop at 1.0.0 (CNI v1.1.2), current ones add 1.1.0; bandwidth needs 0.3.0+;
 * flannel, sriov and ovs use their CNI library's full list.
 */
export function supportedVersions(type: string, version: PluginVersion | undefined): string[] {
  const all = version === 'v1.1.1' && !THIRD_PARTY.has(type) ? BASE : [...BASE, '1.1.0'];
  return type === 'bandwidth' ? all.filter((v) => !['0.1.0', '0.2.0'].includes(v)) : all;
}
