import { findNodeAtOffset, getLocation, type Node as JsonNode } from 'jsonc-parser';
import { plainJsonValue } from '../json/plainJsonValue';
import type { ScalarSourceMap } from '../manifest/scalarSourceMap';
import { asRecord } from '../json/jsonValue';

/** Which object of a CNI configuration a position is in, as completion and hover need it. */
export type ConfigScope = 'conflist' | 'plugin' | 'ipam' | 'range' | 'route' | 'other';

export interface ConfigCursor {
  readonly scope: ConfigScope;
  /** JSON path of the object the cursor is in (`['plugins', 0, 'ipam']`). */
  readonly objectPath: readonly (string | number)[];
  /** True when the cursor is where a key goes; false when it is in a value. */
  readonly atKey: boolean;
  /** The key whose value holds the cursor (when `atKey` is false). */
  readonly key?: string;
  /** The string, number or keyword token under the cursor, in decoded offsets. */
  readonly token?: { readonly offset: number; readonly length: number };
  /** `type` of the plugin object around the cursor, and of its `ipam`. */
  readonly pluginType?: string;
  readonly ipamType?: string;
  /** Keys already present in the object (so completion does not offer them twice). */
  readonly presentKeys: readonly string[];
}

/**
 * The decoded index of a file offset inside a mapped scalar: the first decoded character at or
 * after the offset (a cursor sits before the character it points at). `offsets` only grows.
 */
export function decodedIndexAt(map: ScalarSourceMap, fileOffset: number): number {
  let low = 0;
  let high = map.text.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (map.offsets[mid] < fileOffset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Where a decoded index of a config sits: its object, key or value, and the plugin and IPAM types around it. */
export function configCursorAt(text: string, tree: JsonNode | undefined, index: number): ConfigCursor {
  const location = getLocation(text, index);
  const path = location.path;
  const atKey = location.isAtPropertyKey;
  const objectPath = path.slice(0, -1);
  const key = !atKey && typeof path[path.length - 1] === 'string' ? (path[path.length - 1] as string) : undefined;
  const root = tree ? plainJsonValue(tree) : undefined;
  const pluginPath = objectPath[0] === 'plugins' && typeof objectPath[1] === 'number' ? objectPath.slice(0, 2) : [];
  const plugin = valueAt(root, pluginPath);
  const ipam = valueAt(plugin, ['ipam']);
  const tokenNode = tree ? tokenAt(tree, index) : undefined;
  return {
    scope: scopeOf(objectPath, pluginPath.length, root),
    objectPath,
    atKey,
    key,
    token: tokenNode ? { offset: tokenNode.offset, length: tokenNode.length } : undefined,
    pluginType: stringAt(plugin, 'type'),
    ipamType: stringAt(ipam, 'type'),
    presentKeys: Object.keys(asRecord(valueAt(root, objectPath)) ?? {}),
  };
}

function scopeOf(objectPath: readonly (string | number)[], pluginDepth: number, root: unknown): ConfigScope {
  const rest = objectPath.slice(pluginDepth);
  if (objectPath.length === 0) {
    const object = asRecord(root);
    return object && Array.isArray(object.plugins) && typeof object.type !== 'string' ? 'conflist' : 'plugin';
  }
  if (pluginDepth > 0 && rest.length === 0) return 'plugin';
  if (rest.length === 1 && rest[0] === 'ipam') return 'ipam';
  if (rest[0] === 'ipam' && rest[1] === 'ranges' && rest.length === 4) return 'range';
  if (rest[0] === 'ipam' && rest[1] === 'routes' && rest.length === 3) return 'route';
  return 'other';
}

function tokenAt(tree: JsonNode, index: number): JsonNode | undefined {
  const node = findNodeAtOffset(tree, index, true) ?? findNodeAtOffset(tree, index - 1, true);
  return node && (node.type === 'string' || node.type === 'number' || node.type === 'boolean' || node.type === 'null')
    ? node
    : undefined;
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function stringAt(value: unknown, key: string): string | undefined {
  const field = asRecord(value)?.[key];
  return typeof field === 'string' ? field : undefined;
}
