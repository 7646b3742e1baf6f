/** A JSON object as read from a file: a CNI config, a Kubernetes object, a cluster file. */
export type Json = Record<string, unknown>;

/** `value` when it is a JSON object (not null, not an array), else undefined. */
export function asRecord(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/**
 * `table[key]` for a key read from a file, without the keys every object inherits: a plugin
 * "type": "constructor" found Object's constructor in lookup tables and threw (hardening,
 * config type confusion).
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
