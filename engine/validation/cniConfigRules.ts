import type { Node as JsonNode } from 'jsonc-parser';
import type { ConfigSource } from './configSource';
import { goField, goString, propertiesOf } from './goJsonFields';
import { checkAgainstSchema } from './schemaRules';
import { CONFLIST_SCHEMA, PLUGIN_SCHEMAS } from './schemaRegistry';
import { closestName } from './similarNames';
import { ownEntry } from '../json/jsonValue';
import { THIRD_PARTY_PLUGINS } from '../plugins/installedPlugins';

/** One plugin object to check: the conf itself, or element `index` of a conflist. */
export interface PluginEntry {
  readonly type: string;
  readonly node: JsonNode;
  /** -1 for a single conf. */
  readonly index: number;
}

/** What the CNI-level rules learned about a config, for the plugin and IPAM rules. */
export interface CniShape {
  readonly kind: 'conf' | 'conflist';
  readonly cniVersion?: string;
  readonly cniVersionNode?: JsonNode;
  readonly name?: string;
  readonly plugins: readonly PluginEntry[];
}

/** libcni's released versions (CNI pkg/version/version.go All). */
export const CNI_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] as const;

/** Reference plugins that need a newer CNI version than 0.1.0 (PLG plugins/meta/*: PluginMain version args). */
const VERSION_FLOORS: Readonly<Record<string, string>> = { bandwidth: '0.3.0', vrf: '0.3.1', firewall: '0.4.0' };

/** Chained-only plugins and the error each gives when it runs without a prevResult. */
const CHAINED_ONLY: Readonly<Record<string, string>> = {
  tuning: 'Required prevResult missing', // PLG plugins/meta/tuning/tuning.go
  portmap: 'must be called as chained plugin', // PLG plugins/meta/portmap/main.go
  bandwidth: 'must be called as chained plugin', // PLG plugins/meta/bandwidth/main.go
  sbr: 'This plugin must be called as chained plugin', // PLG plugins/meta/sbr/main.go
  vrf: 'missing prevResult from earlier plugin', // PLG plugins/meta/vrf/main.go
  firewall: 'missing prevResult from earlier plugin', // PLG plugins/meta/firewall/firewall.go
};

/** Capability keys some runtime passes (CNI CONVENTIONS.md; Multus adds CNIDeviceInfoFile). */
const KNOWN_CAPABILITIES = [
  'portMappings',
  'ipRanges',
  'bandwidth',
  'dns',
  'ips',
  'mac',
  'infinibandGUID',
  'deviceID',
  'aliases',
  'cgroupPath',
  'CNIDeviceInfoFile',
  'io.kubernetes.cri.pod-annotations',
];

const CNI_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * CNI-level rules: conf vs conflist as Multus decides (MUL pkg/types/conf.go LoadDelegateNetConf),
 * the list rules of libcni (CNI libcni/conf.go NetworkConfFromBytes), the network name (CNI
 * pkg/utils/utils.go ValidateNetworkName), cniVersion, plugin version floors and chaining.
 */
export function checkCniConfig(source: ConfigSource, root: JsonNode, nadName: string): CniShape | undefined {
  const typeNode = goField(root, 'type');
  const pluginsNode = goField(root, 'plugins');
  const type = typeNode?.type === 'string' ? (typeNode.value as string) : '';
  checkName(source, root, nadName);
  checkRuntimeKeys(source, root);
  if (type !== '') {
    if (pluginsNode) {
      source.atKey(
        'cni-plugins-ignored',
        pluginsNode,
        `Multus ignores "plugins" because the config also has a top-level "type". It runs the single plugin "${type}". Remove "type" (and the plugin keys beside it) to run the list.`,
        { type },
      );
    }
    const shape = shapeOf('conf', root, [{ type, node: root, index: -1 }]);
    checkCniVersion(source, root, shape);
    return shape;
  }
  if (!pluginsNode) {
    reportNoTypeNorPlugins(source, root);
    return undefined;
  }
  checkAgainstSchema(source, root, CONFLIST_SCHEMA, {
    owner: 'libcni',
    decodeError: 'error parsing configuration list: {error}',
  });
  if (pluginsNode.type !== 'array') return undefined;
  const elements = pluginsNode.children ?? [];
  if (elements.length === 0) {
    source.at(
      'cni-plugins-empty',
      pluginsNode,
      `"plugins" is empty. libcni fails with: error parsing configuration list: no plugins in list. Add at least one plugin object.`,
    );
    return undefined;
  }
  const plugins: PluginEntry[] = [];
  elements.forEach((element, index) => {
    const elementType = element.type === 'object' ? goString(element, 'type') : undefined;
    if (elementType) plugins.push({ type: elementType, node: element, index });
    else reportMissingType(source, element, index);
  });
  const shape = shapeOf('conflist', root, plugins);
  checkCniVersion(source, root, shape);
  if (!goField(root, 'name')) {
    source.atKey(
      'cni-conflist-name-missing',
      pluginsNode,
      'This plugin list has no "name". Multus fills in metadata.name, so it works through Multus, but the net-attach-def admission controller, if installed, rejects it with "invalid config" (libcni needs a name: error parsing configuration list: no name). Add "name".',
      { insert: '"name": "<metadata.name>"' },
    );
  }
  return shape;
}

/** Neither `type` nor `plugins`: often a misspelled key (`"type:"`, `"Type "`), named when close. */
function reportNoTypeNorPlugins(source: ConfigSource, root: JsonNode): void {
  const upstream =
    "Multus: LoadDelegateNetConf: failed with: LoadDelegateNetConfList: delegate must have the 'type' or 'plugin' field";
  for (const { key, value } of propertiesOf(root)) {
    const meant = closestName(key, ['type', 'plugins']);
    if (meant) {
      source.atKey(
        'cni-plugins-missing',
        value,
        `Unknown key "${key}": did you mean "${meant}"? Without "type" or "plugins" Multus fails with: ${upstream}.`,
        { key, replacement: meant },
      );
      return;
    }
  }
  source.report(
    'cni-plugins-missing',
    source.rangeOf(root.offset, root.offset + 1),
    `The config has neither "type" (a single plugin) nor "plugins" (a list). Multus fails with: ${upstream}. Add "type": "<plugin>".`,
  );
}

function shapeOf(kind: 'conf' | 'conflist', root: JsonNode, plugins: PluginEntry[]): CniShape {
  const versionNode = goField(root, 'cniVersion');
  return {
    kind,
    cniVersion: versionNode?.type === 'string' ? (versionNode.value as string) : undefined,
    cniVersionNode: versionNode,
    name: goString(root, 'name'),
    plugins,
  };
}

function reportMissingType(source: ConfigSource, element: JsonNode, index: number): void {
  const upstream =
    index === 0
      ? `Multus: LoadDelegateNetConf: failed with: LoadDelegateNetConfList: a plugin delegate must have the 'type' field`
      : `libcni: failed to parse plugin config ${index}: error parsing configuration: missing 'type'`;
  const message =
    element.type === 'object' ? `plugins[${index}] has no "type".` : `plugins[${index}] is not a JSON object.`;
  source.at('cni-type-missing', element, `${message} It fails with: ${upstream}. Add "type": "<plugin binary>".`, {
    index,
  });
}

function checkName(source: ConfigSource, root: JsonNode, nadName: string): void {
  const nameNode = propertiesOf(root)
    .filter((p) => p.key.toLowerCase() === 'name')
    .pop()?.value;
  if (!nameNode) return;
  if (nameNode.type === 'null') {
    source.at(
      'cni-name-type',
      nameNode,
      `"name": null fails when the pod is created. Multus fills in only a missing or "" name, and libcni then fails with: missing network name. Remove it or write "${nadName}".`,
      { replacement: nadName },
    );
    return;
  }
  if (nameNode.type !== 'string') {
    source.at(
      'cni-name-type',
      nameNode,
      `"name" must be a string. libcni fails with: error parsing configuration list: invalid name type ${nameNode.type === 'number' ? 'float64' : nameNode.type}.`,
    );
    return;
  }
  const name = nameNode.value as string;
  if (name !== '' && !CNI_NAME.test(name)) {
    source.at(
      'cni-name-invalid',
      nameNode,
      `The CNI network name "${name}" has invalid characters. libcni fails with: invalid characters found in network name; ${name}. A name starts with a letter or digit, then letters, digits, "_", "." or "-".`,
      { replacement: name.replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, '') },
    );
  }
}

function checkRuntimeKeys(source: ConfigSource, object: JsonNode): void {
  for (const { key, value } of propertiesOf(object)) {
    if (key === 'runtimeConfig' || key === 'prevResult' || key.startsWith('cni.dev/')) {
      source.atKey(
        'cni-runtime-key',
        value,
        `"${key}" is generated by the runtime, not written in a config. libcni builds runtimeConfig from "capabilities" and the pod's requests, and passes prevResult between chained plugins. Declare "capabilities" instead.`,
        { key },
      );
    }
  }
}

function checkCniVersion(source: ConfigSource, root: JsonNode, shape: CniShape): void {
  if (!shape.cniVersionNode) {
    source.report(
      'cni-version-missing',
      source.rangeOf(root.offset, root.offset + 1),
      `No "cniVersion": plugins read the config as version 0.1.0. They return a 0.1.0 result without interfaces, so Multus writes no network-status entry for this network. Add "cniVersion": "1.0.0" (or the version your plugins support).`,
      { insert: '"cniVersion": "1.0.0"' },
    );
  }
  const version = shape.cniVersion;
  if (version === undefined || !(CNI_VERSIONS as readonly string[]).includes(version)) return;
  for (const plugin of shape.plugins) {
    const floor = ownEntry(VERSION_FLOORS, plugin.type);
    if (floor && compareVersions(version, floor) < 0) {
      const supported = CNI_VERSIONS.filter((v) => compareVersions(v, floor) >= 0);
      source.at(
        'cni-version-too-low',
        shape.cniVersionNode ?? plugin.node,
        `${plugin.type} needs cniVersion ${floor} or later. It fails with: incompatible CNI versions; config is "${version}", plugin supports [${supported.map((v) => `"${v}"`).join(' ')}].`,
        { replacement: floor, plugin: plugin.type },
      );
    }
  }
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Type-level rules for one plugin object: path separators, unknown types, chaining, capabilities. */
export function checkPluginType(source: ConfigSource, plugin: PluginEntry, installed: ReadonlySet<string>): void {
  const typeNode = goField(plugin.node, 'type');
  if (!typeNode) return;
  if (/[/\\]/.test(plugin.type)) {
    source.at(
      'cni-type-path',
      typeNode,
      `"type" must be a plugin file name, not a path. libcni looks the name up in the CNI bin directories. Write "${plugin.type.split(/[/\\]/).pop()}".`,
    );
  } else if (!installed.has(plugin.type)) {
    reportNotInstalled(source, typeNode, plugin.type, installed);
  } else if (!ownEntry(PLUGIN_SCHEMAS, plugin.type)) {
    source.at(
      'cni-type-unknown',
      typeNode,
      `No schema for plugin type "${plugin.type}": only the CNI-level checks apply. The binary must exist in the CNI bin directory of every node (else: failed to find plugin "${plugin.type}" in path [/opt/cni/bin]).`,
      { known: THIRD_PARTY_PLUGINS.includes(plugin.type) },
    );
  }
  const chainedError = ownEntry(CHAINED_ONLY, plugin.type);
  if (chainedError && plugin.index <= 0) {
    source.at(
      'cni-chained-first',
      typeNode,
      `${plugin.type} cannot be the first plugin. It only modifies an interface an earlier plugin created; run first it fails with: ${chainedError}. Put it after the main plugin in a "plugins" list.`,
      { plugin: plugin.type },
    );
  }
  checkCapabilities(source, plugin.node);
}

/**
 * A plugin or IPAM type the nodes have no binary for: libcni fails before running anything
 * (CNI pkg/invoke/find.go FindInPath), with a did-you-mean when an installed type is close.
 */
export function reportNotInstalled(
  source: ConfigSource,
  typeNode: JsonNode,
  type: string,
  installed: ReadonlySet<string>,
): void {
  const upstream = `failed to find plugin "${type}" in path [/opt/cni/bin]`;
  const suggestion = closestName(type, [...installed]);
  if (suggestion) {
    source.at(
      'cni-type-misspelled',
      typeNode,
      `Unknown plugin type "${type}": did you mean "${suggestion}"? At pod creation libcni fails with: ${upstream}.`,
      { replacement: suggestion },
    );
  } else {
    source.at(
      'cni-type-not-installed',
      typeNode,
      `No plugin "${type}" is installed on the nodes. It is not a reference plugin, nor a third-party type this checker knows, nor in the cluster model's "plugins": at pod creation libcni fails with: ${upstream}. Install the binary on every node and list it in the cluster model's "plugins".`,
    );
  }
}

function checkCapabilities(source: ConfigSource, object: JsonNode): void {
  const capabilities = goField(object, 'capabilities');
  for (const { key, value } of propertiesOf(capabilities)) {
    if (!KNOWN_CAPABILITIES.includes(key)) {
      const suggestion = closestName(key, KNOWN_CAPABILITIES);
      source.atKey(
        'cni-capabilities-unknown',
        value,
        `No runtime passes a capability "${key}", so it has no effect.` +
          (suggestion ? ` Did you mean "${suggestion}"?` : ''),
        suggestion ? { key, replacement: suggestion } : { key },
      );
    }
  }
}
