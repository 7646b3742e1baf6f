import type { ErrorObject } from 'ajv';
import type { Node as JsonNode } from 'jsonc-parser';
import type { ConfigSource } from './configSource';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnosticCodes';
import { plainList } from '../text/plainList';
import { goJsonKind, jsonValue, propertiesOf } from './goJsonFields';
import { validatorFor, type SchemaNode } from './schemaRegistry';
import { closestName } from './similarNames';

/** Who reads the object, for messages: `macvlan`, `host-local IPAM`, `the conflist`. */
export interface SchemaContext {
  readonly owner: string;
  /** Go path of the object (e.g. `ipam`), for "Go struct field NetConf.ipam.subnet". */
  readonly goPath?: string;
  readonly decodeError?: string;
  /** Keys another rule reports on (e.g. `plugins` beside a top-level `type`). */
  readonly ignoreKeys?: readonly string[];
  /** False for objects whose other keys we cannot know (a plugin type without a schema). */
  readonly reportUnknownKeys?: boolean;
}

interface NodeMeta {
  readonly node: JsonNode;
  readonly schema: SchemaNode;
  readonly goStruct: string;
  readonly goPath: string;
}

/**
 * Checks an object node against one of our schemas the way Go's encoding/json reads it: keys
 * match case-insensitively (reported as information), unknown keys are ignored (a warning with
 * did-you-mean), the last duplicate wins, null leaves the field unset; then ajv checks types and
 * value ranges on that Go view, and each failure is reported at its node with the upstream text.
 */
export function checkAgainstSchema(
  source: ConfigSource,
  object: JsonNode,
  schema: SchemaNode,
  context: SchemaContext,
): void {
  const metas = new Map<string, NodeMeta>();
  const goStruct = schema['x-goStruct'] ?? 'NetConf';
  const value = normalize(source, object, schema, '', { goStruct, goPath: context.goPath ?? '' }, metas, context);
  const validate = validatorFor(schema);
  if (validate(value)) return;
  for (const error of validate.errors ?? []) reportSchemaError(source, error, metas, context);
}

function normalize(
  source: ConfigSource,
  node: JsonNode,
  schema: SchemaNode,
  pointer: string,
  go: { goStruct: string; goPath: string },
  metas: Map<string, NodeMeta>,
  context: SchemaContext,
): unknown {
  metas.set(pointer, { node, schema, ...go });
  if (node.type === 'array' && schema.items) {
    return (node.children ?? []).map((child, index) =>
      normalize(source, child, schema.items as SchemaNode, `${pointer}/${index}`, go, metas, context),
    );
  }
  if (node.type !== 'object' || !(schema.properties || typeof schema.additionalProperties === 'object')) {
    return jsonValue(node);
  }
  const struct = schema['x-goStruct'] ?? go.goStruct;
  const out: Record<string, unknown> = {};
  for (const { key, value } of propertiesOf(node)) {
    if (value.type === 'null') continue;
    const field = schema.properties ? fieldFor(source, key, value, schema, context) : undefined;
    const childSchema = field ? schema.properties![field] : mapValueSchema(schema);
    if (!childSchema) continue;
    const name = field ?? key;
    const childGo = field ? { goStruct: struct, goPath: joinPath(go.goPath, field) } : go;
    out[name] = normalize(source, value, childSchema, `${pointer}/${escapePointer(name)}`, childGo, metas, context);
  }
  return out;
}

function mapValueSchema(schema: SchemaNode): SchemaNode | undefined {
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

/** The schema field a key decodes into (Go: exact name, else case-insensitive), reporting oddities. */
function fieldFor(
  source: ConfigSource,
  key: string,
  value: JsonNode,
  schema: SchemaNode,
  context: SchemaContext,
): string | undefined {
  const names = Object.keys(schema.properties ?? {});
  if (names.includes(key)) return key;
  if (context.ignoreKeys?.includes(key)) return undefined;
  const folded = names.find((name) => name.toLowerCase() === key.toLowerCase());
  const exact = folded ? schema.properties?.[folded]?.['x-exactKey'] : undefined;
  if (folded && exact) {
    // CNI libcni/conf.go ConfListFromBytes reads the list from a map[string]interface{} by exact key.
    source.atKey(
      'cni-key-case-exact',
      value,
      `"${key}" must be written "${folded}". ${context.owner} looks this key up exactly (not with Go's case-insensitive decoding) and fails at pod creation: ${exact}. Write "${folded}".`,
      { key, replacement: folded },
    );
    return undefined;
  }
  if (folded) {
    source.atKey(
      'json-key-case',
      value,
      `"${key}" is read as "${folded}". Go's encoding/json matches keys case-insensitively, so ${context.owner} accepts it; write "${folded}" to match the documentation.`,
      { key, replacement: folded },
    );
    return folded;
  }
  if (mapValueSchema(schema) || context.reportUnknownKeys === false) return undefined;
  const suggestion = closestName(key, names);
  source.atKey(
    'json-unknown-key',
    value,
    `Unknown key "${key}": ${context.owner} ignores it. Go's encoding/json drops unknown keys.` +
      (suggestion ? ` Did you mean "${suggestion}"?` : ''),
    suggestion ? { key, replacement: suggestion } : { key },
  );
  return undefined;
}

function reportSchemaError(
  source: ConfigSource,
  error: ErrorObject,
  metas: Map<string, NodeMeta>,
  context: SchemaContext,
): void {
  const meta = metas.get(error.instancePath);
  if (!meta) return;
  const { node, schema } = meta;
  if (error.keyword === 'type') {
    const goError = `json: cannot unmarshal ${valueText(node, schema)} into Go struct field ${meta.goStruct}.${meta.goPath} of type ${goTypeOf(schema)}`;
    const wrapped = (context.decodeError ?? '{error}').replace('{error}', goError);
    source.at('json-wrong-type', node, `Wrong JSON type: write ${expectedText(schema)}. It fails with: ${wrapped}.`, {
      expected: schema.type,
      actual: node.type,
      ...unquoted(node, schema),
    });
    return;
  }
  if (error.keyword === 'enum' || error.keyword === 'minimum' || error.keyword === 'maximum') {
    const actual = jsonValue(node);
    // An array or object has no String() when its members were built without a prototype
    // (hardening: `"cniVersion": [{}]` threw "Cannot convert object to primitive value").
    const shown = actual !== null && typeof actual === 'object' ? JSON.stringify(actual) : String(actual);
    const template = schema['x-error'] ?? `${shown} is not accepted here`;
    const allowed = schema.enum
      ? ` Accepted: ${plainList(schema.enum.filter((v) => v !== '').map(String), 'or')}.`
      : '';
    const bounds = schema['x-error'] ? '' : rangeText(schema);
    const code = (schema['x-code'] ?? 'plugin-value-unknown') as DiagnosticCode;
    const upstream = template.replace('{value}', shown);
    // A long upstream text follows the code's one-line summary, so a Problems row shows the point.
    const said = upstream.length < 90 ? upstream : `${DIAGNOSTIC_CODES[code].summary} It fails with: ${upstream}`;
    source.at(code, node, `${said}.${allowed}${bounds}`, {
      value: actual,
      ...(schema.enum ? { allowed: schema.enum.filter((v) => v !== '') } : {}),
    });
  }
}

/** A quoted number or boolean a quick fix can unquote (`"100"` for an int field becomes `100`). */
function unquoted(node: JsonNode, schema: SchemaNode): { replacement?: string } {
  if (node.type !== 'string') return {};
  const text = String(node.value).trim();
  if (schema.type === 'integer' && /^-?\d+$/.test(text)) return { replacement: text };
  if (schema.type === 'boolean' && /^(true|false)$/.test(text)) return { replacement: text };
  return {};
}

/** Go's UnmarshalTypeError value text: a number aimed at an integer shows its literal. */
function valueText(node: JsonNode, schema: SchemaNode): string {
  const kind = goJsonKind(node);
  return kind === 'number' && schema.type === 'integer' ? `number ${String(node.value)}` : kind;
}

function goTypeOf(schema: SchemaNode): string {
  if (schema['x-goType']) return schema['x-goType'];
  switch (schema.type) {
    case 'boolean':
      return 'bool';
    case 'integer':
      return 'int';
    case 'number':
      return 'float64';
    case 'array':
      return `[]${schema.items ? goTypeOf(schema.items) : 'interface {}'}`;
    case 'object':
      return schema['x-goStruct'] ?? 'map[string]interface {}';
    default:
      return schema.type ?? 'interface {}';
  }
}

function expectedText(schema: SchemaNode): string {
  switch (schema.type) {
    case 'integer':
      return 'a JSON number without quotes (100, not "100")';
    case 'boolean':
      return 'true or false without quotes';
    case 'string':
      return 'a JSON string in double quotes';
    case 'array':
      return 'a JSON array [ ... ]';
    default:
      return 'a JSON object { ... }';
  }
}

function rangeText(schema: SchemaNode): string {
  if (schema.minimum === undefined && schema.maximum === undefined) return '';
  const low = schema.minimum ?? '-∞';
  const high = schema.maximum ?? '∞';
  return ` Accepted: ${low}..${high}.`;
}

function joinPath(base: string, field: string): string {
  return base ? `${base}.${field}` : field;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
