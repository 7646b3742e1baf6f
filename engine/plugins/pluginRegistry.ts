import { macvlanPlugin } from './macvlan';
import type { PluginModel } from './pluginModel';

const PLUGINS: readonly PluginModel[] = [macvlanPlugin];

/** The preview's model of a CNI plugin type, if it has one. */
export function pluginFor(type: string): PluginModel | undefined {
  return PLUGINS.find((plugin) => plugin.type === type);
}
