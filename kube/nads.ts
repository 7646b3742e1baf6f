// The cluster's NetworkAttachmentDefinitions: listed by namespace (the lab's
// `kubectl get network-attachment-definitions -A`), read one by one for a read-only view, and applied from
// files with the same plan/confirm/apply path as the Multus install.
import { ClusterError } from './errors';
import { NAD_API_VERSION } from './manifests/multus';
import type { KubeObject } from './manifests/types';
import type { ClusterSession } from './session';

export const NAD_KIND = 'NetworkAttachmentDefinition';

/** A NAD as the user's cluster holds it, as the extension's cluster NAD tree lists it. */
export interface ClusterNad {
  namespace: string;
  name: string;
  /** spec.config, the CNI JSON as a string ('' when absent). */
  config: string;
  /** The CNI plugin type from the config, when it parses ("macvlan"); conflists give their first plugin. */
  type?: string;
  created?: string;
}

function pluginType(config: string): string | undefined {
  try {
    const parsed = JSON.parse(config) as { type?: string; plugins?: { type?: string }[] };
    return parsed.type ?? parsed.plugins?.[0]?.type;
  } catch {
    return undefined;
  }
}

async function nadPath(session: ClusterSession, namespace?: string, name?: string): Promise<string> {
  const info = await session.discovery.resourceFor(NAD_API_VERSION, NAD_KIND);
  let path = `/apis/${NAD_API_VERSION}`;
  if (namespace !== undefined) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${info.plural}`;
  return name === undefined ? path : `${path}/${encodeURIComponent(name)}`;
}

/**
 * Every NAD the user may list, grouped by namespace (sorted). `namespace` limits it to one namespace.
 * Throws a ClusterError with isNotServed when Multus (its CRD) is not installed.
 */
export async function listNads(session: ClusterSession, namespace?: string): Promise<Map<string, ClusterNad[]>> {
  const list = await session.client.request<{ items: KubeObject[] }>({
    method: 'GET',
    path: await nadPath(session, namespace),
  });
  const byNamespace = new Map<string, ClusterNad[]>();
  const items = [...list.items].sort(
    (a, b) =>
      (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
  for (const nad of items) {
    const config = (nad.spec as { config?: string } | undefined)?.config ?? '';
    const ns = nad.metadata.namespace ?? '';
    const entry: ClusterNad = {
      namespace: ns,
      name: nad.metadata.name,
      config,
      type: pluginType(config),
      created: nad.metadata.creationTimestamp as string | undefined,
    };
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), entry]);
  }
  return byNamespace;
}

/** One NAD as stored, without managedFields (for a read-only YAML view); undefined when it does not exist. */
export async function readNad(
  session: ClusterSession,
  namespace: string,
  name: string,
): Promise<KubeObject | undefined> {
  const nad = await session.client.getOptional<KubeObject>(await nadPath(session, namespace, name));
  if (nad) delete nad.metadata.managedFields;
  return nad;
}

/** Whether the NAD CRD is served, i.e. Multus (or at least its CRD) is installed. */
export async function isMultusInstalled(session: ClusterSession): Promise<boolean> {
  try {
    await session.discovery.resourceFor(NAD_API_VERSION, NAD_KIND);
    return true;
  } catch (e) {
    if (e instanceof ClusterError && e.isNotServed) return false;
    throw e;
  }
}

/**
 * The NADs among parsed YAML documents, each with a namespace (its own, else `namespace`). With
 * `explicitNamespace` (the user named one, like kubectl -n), a NAD that names another namespace is an error.
 */
export function nadsToApply(
  documents: unknown[],
  namespace: string,
  explicitNamespace = false,
): { nads: KubeObject[]; skipped: string[] } {
  const nads: KubeObject[] = [];
  const skipped: string[] = [];
  for (const doc of documents) {
    if (!doc || typeof doc !== 'object') continue;
    const obj = doc as Partial<KubeObject>;
    if (obj.kind !== NAD_KIND || obj.apiVersion !== NAD_API_VERSION || !obj.metadata?.name) {
      skipped.push(`${obj.kind ?? 'document'} ${obj.metadata?.name ?? ''}`.trim());
      continue;
    }
    const own = obj.metadata.namespace;
    if (explicitNamespace && own && own !== namespace) {
      throw new ClusterError({
        kind: 'config',
        message: `${NAD_KIND} ${obj.metadata.name} is in namespace "${own}", which does not match --namespace "${namespace}"`,
      });
    }
    nads.push({ ...obj, metadata: { ...obj.metadata, namespace: own ?? namespace } } as KubeObject);
  }
  return { nads, skipped };
}
