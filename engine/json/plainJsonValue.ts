import { getNodeValue, type Node as JsonNode } from 'jsonc-parser';

/**
 * The value of a jsonc-parser node as ordinary JSON data. getNodeValue builds objects without a
 * prototype, which String() and template literals cannot print (hardening: a config value of
 * `{}` or `[{}]` where a string was expected threw "Cannot convert object to primitive value"
 * in the IPAM and schema rules and in the preview). A JSON round trip gives plain objects and
 * keeps `__proto__` an ordinary key.
 */
export function plainJsonValue(node: JsonNode): unknown {
  const value: unknown = getNodeValue(node);
  return value !== null && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value;
}
