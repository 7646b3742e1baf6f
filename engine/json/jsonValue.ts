/**
 * `table[key]` for a key read from a file, without the keys every object inherits: a plugin
 * "type": "constructor" found Object's constructor in lookup tables and threw (hardening,
 * config type confusion).
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
