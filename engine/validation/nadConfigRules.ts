import type { Node as JsonNode } from 'jsonc-parser';
import { readHostLocalConfig, type HostLocalRange } from '../ipam/hostLocalConfig';
import type { TextRange } from '../manifest/yamlDocuments';
import { checkCniConfig, checkPluginType, type PluginEntry } from './cniConfigRules';
import type { ConfigSource } from './configSource';
import { goField, goString, jsonValue, propertiesOf } from './goJsonFields';
import { checkIpam } from './ipamRules';
import { parseConfigJson, reportDuplicateKeys } from './jsonSyntaxRules';
import { checkPlugin, type NadContext } from './pluginRules';
import { checkAgainstSchema } from './schemaRules';
import { whereaboutsPools } from './whereaboutsRules';
import { NETCONF_SCHEMA, PLUGIN_SCHEMAS } from './schemaRegistry';
import { ownEntry } from '../json/jsonValue';

/** What checking a config learned, for the cross-document rules. */
export interface ConfigFacts {
  /** The CNI network name after Multus' injection; undefined without a usable config. */
  readonly cniName?: string;
  /** The config as data with sorted keys, to compare two NADs' configs. */
  readonly canonicalConfig?: string;
  readonly master?: string;
  readonly ipamType?: string;
  readonly ipamTypeRange?: TextRange;
  readonly addressRanges: readonly HostLocalRange[];
  /** Capabilities some plugin object of the config declares (`"capabilities": {"ips": true}`). */
  readonly capabilities: readonly string[];
  /** host-local's range sets, for requested IPs (one address per set). */
  readonly rangeSets?: readonly (readonly HostLocalRange[])[];
  /** OVN-Kubernetes secondary networks: topology and subnets decide whether pods may ask for IPs. */
  readonly ovn?: { readonly topology?: string; readonly subnets?: string };
  /** static IPAM without `addresses`: every address must come from the pod's `ips`. */
  readonly staticWithoutAddresses?: boolean;
}

/** Every rule on one `spec.config`: JSON, CNI, each plugin and its IPAM, at exact positions. */
export function checkNadConfig(source: ConfigSource, nad: NadContext): ConfigFacts {
  const none: ConfigFacts = { addressRanges: [], capabilities: [] };
  const root = parseConfigJson(source);
  if (!root) return none;
  if (root.type !== 'object') {
    source.at(
      'json-not-object',
      root,
      `spec.config must be a JSON object. Multus fails with: failed to unmarshal Spec.Config: json: cannot unmarshal ${root.type} into Go value of type map[string]interface {}.`,
    );
    return none;
  }
  reportDuplicateKeys(source, root);
  const shape = checkCniConfig(source, root, nad.name);
  if (!shape) return none;
  for (const plugin of shape.plugins) {
    checkPluginType(source, plugin, nad.installed);
    if (!ownEntry(PLUGIN_SCHEMAS, plugin.type) && plugin.index < 0) {
      checkAgainstSchema(source, root, NETCONF_SCHEMA, {
        owner: 'Multus',
        reportUnknownKeys: false,
        decodeError: 'LoadDelegateNetConf: error unmarshalling delegate config: {error}',
      });
    }
    checkPlugin(source, plugin, shape, nad);
    checkIpam(source, plugin, shape, nad.installed);
  }
  checkConfigName(source, root, nad);
  return factsOf(source, root, shape.name ?? nad.name, shape.plugins);
}

function checkConfigName(source: ConfigSource, root: JsonNode, nad: NadContext): void {
  const node = goField(root, 'name');
  const name = goString(root, 'name');
  if (!node || !name || name === nad.name) return;
  source.at(
    'nad-config-name-differs',
    node,
    `The CNI network name "${name}" differs from metadata.name "${nad.name}". Pods reference the NAD as "${nad.name}" and network-status shows "<namespace>/${nad.name}", but plugins key their state by "${name}" (host-local: /var/lib/cni/networks/${name}) and Multus errors say network "${name}".`,
    { replacement: nad.name },
  );
}

function factsOf(source: ConfigSource, root: JsonNode, cniName: string, plugins: readonly PluginEntry[]): ConfigFacts {
  const main = plugins[0]?.node;
  const ipam = goField(main, 'ipam');
  const capabilities = plugins.flatMap((plugin) =>
    propertiesOf(goField(plugin.node, 'capabilities'))
      .filter((property) => property.value.type === 'boolean' && property.value.value === true)
      .map((property) => property.key),
  );
  const ipamTypeNode = goField(ipam, 'type');
  const ipamType = goString(ipam, 'type');
  const hostLocal =
    ipamType === 'host-local' ? readHostLocalConfig(jsonValue(ipam) as Record<string, unknown>) : undefined;
  return {
    cniName,
    capabilities,
    rangeSets: hostLocal && !('error' in hostLocal) ? hostLocal.rangeSets : undefined,
    ovn:
      plugins[0]?.type === 'ovn-k8s-cni-overlay'
        ? { topology: goString(main, 'topology'), subnets: goString(main, 'subnets') }
        : undefined,
    canonicalConfig: canonical(jsonValue(root)),
    staticWithoutAddresses: ipamType === 'static' && (goField(ipam, 'addresses')?.children?.length ?? 0) === 0,
    master: goString(main, 'master'),
    ipamType,
    ipamTypeRange: ipamTypeNode ? source.nodeRange(ipamTypeNode) : undefined,
    addressRanges:
      ipamType === 'whereabouts' && ipam
        ? whereaboutsPools(ipam)
        : hostLocal && !('error' in hostLocal)
          ? hostLocal.rangeSets.flat()
          : [],
  };
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
