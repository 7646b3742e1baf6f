// What Multus and libcni do with a NAD's config before and between the real plugins, written
// for the differential test from the upstream sources (not from the engine):
// - NADC pkg/utils/cniconfig.go GetCNIConfigFromSpec: a missing "name" becomes the NAD's name;
// - MUL pkg/types/conf.go LoadDelegateNetConf: a "type" (decoded as Go does: any key case, the
//   last one wins) makes a single conf, else a list, whose plugins must each have a "type";
// - CNI libcni/conf.go ConfListFromBytes: "name", "cniVersion", "plugins" looked up exactly;
//   ConfFromBytes: "missing 'type'";
// - CNI libcni/api.go buildOneConfig / AddNetworkList: name and cniVersion injected into each
//   plugin, the previous result passed as prevResult; pkg/invoke/find.go FindInPath.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CNI_PATH, type CniLab } from './cniHarness';

type Json = Record<string, unknown>;

export type ChainOutcome = { ok: true } | { ok: false; msg: string };

/** Go's encoding/json choice for a struct field: the exact key, else any case; the last one wins. */
function goValue(object: Json, field: string): unknown {
  let found: unknown;
  for (const [key, value] of Object.entries(object)) if (key.toLowerCase() === field.toLowerCase()) found = value;
  return Object.prototype.hasOwnProperty.call(object, field) ? object[field] : found;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function goKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

/** The plugin objects ADD runs, in order, or the error Multus or libcni stops with first. */
export function pluginsToRun(text: string, nadName: string): Json[] | { error: string } {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    return { error: `failed to unmarshal Spec.Config: ${(error as Error).message}` };
  }
  if (!isObject(root)) return { error: 'json: cannot unmarshal into Go value of type map[string]interface {}' };
  if (!Object.prototype.hasOwnProperty.call(root, 'name')) root.name = nadName;
  const type = goValue(root, 'type');
  if (type !== undefined && type !== null && typeof type !== 'string')
    return { error: `json: cannot unmarshal ${goKind(type)} into Go struct field NetConf.type of type string` };
  if (typeof type === 'string' && type !== '') return [root];
  const listed = goValue(root, 'plugins');
  if (!Array.isArray(listed) || listed.length === 0)
    return { error: "delegate must have the 'type' or 'plugin' field" };
  if (!Object.prototype.hasOwnProperty.call(root, 'plugins')) return { error: "no 'plugins' key" };
  if (typeof root.name !== 'string') return { error: 'error parsing configuration list: invalid name type' };
  const plugins: Json[] = [];
  for (const [index, plugin] of listed.entries()) {
    if (!isObject(plugin)) return { error: `failed to parse plugin config ${index}` };
    const pluginType = goValue(plugin, 'type');
    if (typeof pluginType !== 'string' || pluginType === '')
      return { error: `failed to parse plugin config ${index}: missing 'type'` };
    plugins.push({
      ...plugin,
      name: root.name,
      ...(root.cniVersion !== undefined ? { cniVersion: root.cniVersion } : {}),
    });
  }
  return plugins;
}

/** Runs ADD of every plugin of the config in `pod` on the lab's host, as Multus' delegate would. */
export function addThroughChain(lab: CniLab, text: string, nadName: string, pod: string, id: string): ChainOutcome {
  const plugins = pluginsToRun(text, nadName);
  if (!Array.isArray(plugins)) return { ok: false, msg: plugins.error };
  const args = `IgnoreUnknown=true;K8S_POD_NAMESPACE=default;K8S_POD_NAME=${pod};K8S_POD_INFRA_CONTAINER_ID=${id}`;
  let prevResult: Json | undefined;
  for (const plugin of plugins) {
    const type = String(goValue(plugin, 'type'));
    if (/[/\\]/.test(type) || !existsSync(join(CNI_PATH, type)))
      return { ok: false, msg: `failed to find plugin "${type}" in path [${CNI_PATH}]` };
    const config = prevResult ? { ...plugin, prevResult } : plugin;
    const run = lab.run({ config, plugin: type, pod, ifname: 'net1', cniArgs: args, containerId: id });
    if (!run.result) return { ok: false, msg: run.error?.msg ?? run.stderr };
    prevResult = run.result;
  }
  return { ok: true };
}
