import {
  CONFLIST_SCHEMA,
  IPAM_SCHEMAS,
  NETCONF_SCHEMA,
  PLUGIN_SCHEMAS,
  type SchemaNode,
} from '../validation/schemaRegistry';

/**
 * What an editor needs to know about the keys of a CNI configuration, read from the JSON
 * Schemas in schemas/ (the ones validation uses, so completion, hover and diagnostics agree):
 * which keys a plugin or an IPAM type reads, their JSON kind, allowed values and the doc.
 */
export interface FieldInfo {
  readonly key: string;
  readonly kind: 'string' | 'number' | 'boolean' | 'object' | 'array';
  readonly doc: string;
  readonly values?: readonly string[];
  /** What a completion inserts as the value (JSON text), when there is an obvious one. */
  readonly example?: string;
}

export interface TypeInfo {
  readonly type: string;
  readonly doc: string;
  readonly source: string;
  readonly fields: readonly FieldInfo[];
}

/** Keys the runtime writes (CNI SPEC.md "Deriving runtimeConfig"), or that nothing reads any more: never offered. */
const NOT_AUTHORED = /^(runtimeConfig|prevResult|datastore|etcd_.*)$/;

/** Values a new key gets on completion where the schema alone would give an empty one. */
const EXAMPLES: Readonly<Record<string, string>> = {
  master: '"eth0"',
  bridge: '"br0"',
  device: '"eth1"',
  vlanId: '100',
  vrfname: '"vrf-blue"',
  subnet: '"192.168.1.0/24"',
  range: '"192.168.1.0/24"',
  ranges: '[[{ "subnet": "192.168.1.0/24" }]]',
  addresses: '[{ "address": "10.10.0.1/24" }]',
  dst: '"0.0.0.0/0"',
};

function kindOf(schema: SchemaNode): FieldInfo['kind'] {
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  if (schema.type === 'boolean' || schema.type === 'object' || schema.type === 'array') return schema.type;
  return 'string';
}

/** The keys an object schema declares, as completion and hover show them. */
export function fieldsOf(schema: SchemaNode | undefined): FieldInfo[] {
  return Object.entries(schema?.properties ?? {})
    .filter(([key]) => !NOT_AUTHORED.test(key))
    .map(([key, property]) => {
      const values = (property.enum ?? []).filter(
        (value): value is string => typeof value === 'string' && value !== '',
      );
      return {
        key,
        kind: kindOf(property),
        doc: property.description ?? '',
        ...(values.length > 0 ? { values } : {}),
        ...(EXAMPLES[key] ? { example: EXAMPLES[key] } : {}),
      };
    });
}

function typeInfo(type: string, schema: SchemaNode): TypeInfo {
  return { type, doc: schema.description ?? '', source: schema['x-upstream'] ?? '', fields: fieldsOf(schema) };
}

export const PLUGINS: readonly TypeInfo[] = Object.entries(PLUGIN_SCHEMAS).map(([type, schema]) =>
  typeInfo(type, schema),
);
export const IPAMS: readonly TypeInfo[] = Object.entries(IPAM_SCHEMAS).map(([type, schema]) => typeInfo(type, schema));

/** Keys every plugin object may carry (CNI SPEC.md "Plugin configuration objects"). */
export const COMMON_PLUGIN_FIELDS: readonly FieldInfo[] = fieldsOf(NETCONF_SCHEMA);
/** Keys of a conflist (CNI SPEC.md "Network configuration list"). */
export const CONFLIST_FIELDS: readonly FieldInfo[] = fieldsOf(CONFLIST_SCHEMA);
export const CNI_VERSIONS: readonly string[] =
  COMMON_PLUGIN_FIELDS.find((field) => field.key === 'cniVersion')?.values ?? [];

const hostLocal = IPAM_SCHEMAS['host-local'];
/** Keys of one host-local range (`ipam.ranges[i][j]`) and of a route. */
export const RANGE_FIELDS: readonly FieldInfo[] = fieldsOf(hostLocal?.properties?.ranges?.items?.items);
export const ROUTE_FIELDS: readonly FieldInfo[] = fieldsOf(hostLocal?.properties?.routes?.items);

/** The keys of a plugin object of this type: the plugin's schema, or the CNI keys when there is none. */
export function pluginFields(type: string): readonly FieldInfo[] {
  return pluginInfo(type)?.fields ?? COMMON_PLUGIN_FIELDS;
}

export function pluginInfo(type: string): TypeInfo | undefined {
  return PLUGINS.find((plugin) => plugin.type === type);
}

export function ipamInfo(type: string): TypeInfo | undefined {
  return IPAMS.find((ipam) => ipam.type === type);
}
