import type { Node as JsonNode } from 'jsonc-parser';
import { plainJsonValue } from '../json/plainJsonValue';

/** A property of a JSON object node: its key text, the property node and the value node. */
export interface JsonProperty {
  readonly key: string;
  readonly property: JsonNode;
  readonly value: JsonNode;
}

export function propertiesOf(object: JsonNode | undefined): JsonProperty[] {
  if (object?.type !== 'object') return [];
  const out: JsonProperty[] = [];
  for (const property of object.children ?? []) {
    const [keyNode, value] = property.children ?? [];
    if (keyNode && value) out.push({ key: String(keyNode.value), property, value });
  }
  return out;
}

/**
 * The value node Go's encoding/json decodes into the field `name`: keys match the field
 * case-insensitively and are assigned in order, so the last matching key wins; null leaves the
 * field unset.
 */
export function goField(object: JsonNode | undefined, name: string): JsonNode | undefined {
  const wanted = name.toLowerCase();
  let found: JsonNode | undefined;
  for (const { key, value } of propertiesOf(object)) if (key.toLowerCase() === wanted) found = value;
  return found?.type === 'null' ? undefined : found;
}

export function goString(object: JsonNode | undefined, name: string): string | undefined {
  const node = goField(object, name);
  return node?.type === 'string' ? (node.value as string) : undefined;
}

export function goNumber(object: JsonNode | undefined, name: string): number | undefined {
  const node = goField(object, name);
  return node?.type === 'number' ? (node.value as number) : undefined;
}

export function goBool(object: JsonNode | undefined, name: string): boolean {
  const node = goField(object, name);
  return node?.type === 'boolean' && node.value === true;
}

export function jsonValue(node: JsonNode | undefined): unknown {
  return node ? plainJsonValue(node) : undefined;
}

/** Go's name for a JSON value kind in "cannot unmarshal <kind> into ..." messages. */
export function goJsonKind(node: JsonNode): string {
  if (node.type === 'number') return 'number';
  if (node.type === 'boolean') return 'bool';
  return node.type;
}
