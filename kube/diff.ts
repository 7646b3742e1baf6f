// What a server-side apply would change, as field paths a user can read: the live object against the dry-run
// result, both without the fields the server owns. Paths use the server's own syntax for keyed lists
// (.spec.template.spec.containers[name="kube-multus"].image), as in its conflict messages.

type Json = unknown;

export interface FieldChange {
  path: string;
  before?: Json;
  after?: Json;
}

/** A copy without status and the metadata the server maintains, so two versions compare on intent only. */
export function withoutServerFields(obj: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(obj);
  delete copy.status;
  const metadata = (copy.metadata ?? {}) as Record<string, unknown>;
  for (const key of ['managedFields', 'resourceVersion', 'generation', 'creationTimestamp', 'uid', 'selfLink']) {
    delete metadata[key];
  }
  const annotations = metadata.annotations as Record<string, string> | undefined;
  if (annotations) {
    // Set by the API server on every DaemonSet template change (apps/v1 conversion of templateGeneration).
    delete annotations['deprecated.daemonset.template.generation'];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
  return copy;
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function listKey(lists: Json[][]): string | undefined {
  for (const key of ['name', 'mountPath', 'containerPort']) {
    const unique = lists.every((items) => {
      const values = items.map((i) => (isObject(i) ? i[key] : undefined));
      return values.every((v) => v !== undefined) && new Set(values).size === values.length;
    });
    if (unique) return key;
  }
  return undefined;
}

function keyed(items: Json[], key: string | undefined): Map<string, Json> {
  return new Map(
    items.map((item, i) => [key ? `[${key}=${JSON.stringify((item as Record<string, Json>)[key])}]` : `[${i}]`, item]),
  );
}

function walk(path: string, before: Json, after: Json, out: FieldChange[]): void {
  if (isObject(before) && isObject(after)) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)]))
      walk(`${path}.${k}`, before[k], after[k], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const key = listKey([before, after]);
    const a = keyed(before, key);
    const b = keyed(after, key);
    if (!key && before.length !== after.length) {
      out.push({ path, before, after });
      return;
    }
    for (const k of new Set([...a.keys(), ...b.keys()])) walk(`${path}${k}`, a.get(k), b.get(k), out);
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, before, after });
}

/** Field-level changes from the live object to the would-be object. */
export function diffObjects(live: Record<string, unknown>, desired: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  walk('', withoutServerFields(live), withoutServerFields(desired), out);
  return out;
}

function short(v: Json): string {
  const text = JSON.stringify(v) ?? 'undefined';
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
}

/** ".spec…image: "a" -> "b"", "+ .metadata.labels.x: "y"", "- .spec.foo". */
export function formatChange(change: FieldChange): string {
  if (change.before === undefined) return `+ ${change.path}: ${short(change.after)}`;
  if (change.after === undefined) return `- ${change.path}`;
  return `~ ${change.path}: ${short(change.before)} -> ${short(change.after)}`;
}
