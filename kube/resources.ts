// Where an object lives on the API server: discovery of apiVersion + kind to the resource's plural name and
// scope (GET /api/v1 or /apis/{group}/{version}), cached per client. An unknown group answers a text/plain
// "404 page not found" rather than a Status (k8s-deploy.md §2.3); both that and a kind missing from the list
// become a ClusterError with reason NotServed.
import { ClusterError, NOT_SERVED } from './errors';
import type { KubeObject } from './manifests/types';
import type { ClusterClient } from './transport';

export interface ResourceInfo {
  apiVersion: string;
  kind: string;
  /** The plural resource name used in URLs, e.g. "daemonsets". */
  plural: string;
  namespaced: boolean;
}

interface APIResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The URL path of an object (or of its collection when name is undefined). */
export function resourcePath(info: ResourceInfo, namespace: string | undefined, name?: string): string {
  let path = groupVersionPath(info.apiVersion);
  if (info.namespaced) path += `/namespaces/${encodeURIComponent(namespace ?? 'default')}`;
  path += `/${info.plural}`;
  return name === undefined ? path : `${path}/${encodeURIComponent(name)}`;
}

export class Discovery {
  private readonly cache = new Map<string, Promise<APIResourceList>>();

  constructor(private readonly client: ClusterClient) {}

  private list(apiVersion: string): Promise<APIResourceList> {
    let entry = this.cache.get(apiVersion);
    if (!entry) {
      entry = this.client.request<APIResourceList>({ method: 'GET', path: groupVersionPath(apiVersion) });
      entry.catch(() => this.cache.delete(apiVersion));
      this.cache.set(apiVersion, entry);
    }
    return entry;
  }

  /** Forgets a group/version, e.g. after its CRD became Established. */
  forget(apiVersion: string): void {
    this.cache.delete(apiVersion);
  }

  async resourceFor(apiVersion: string, kind: string): Promise<ResourceInfo> {
    let list: APIResourceList;
    try {
      list = await this.list(apiVersion);
    } catch (e) {
      if (e instanceof ClusterError && e.status === 404) throw notServed(apiVersion, kind, e);
      throw e;
    }
    // Subresources (daemonsets/status) share the kind; the main resource is the one without a slash.
    const found = list.resources.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!found) {
      this.forget(apiVersion);
      throw notServed(apiVersion, kind);
    }
    return { apiVersion, kind, plural: found.name, namespaced: found.namespaced };
  }

  async pathOf(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>, withName = true): Promise<string> {
    const info = await this.resourceFor(obj.apiVersion, obj.kind);
    return resourcePath(info, obj.metadata.namespace, withName ? obj.metadata.name : undefined);
  }
}

function notServed(apiVersion: string, kind: string, cause?: ClusterError): ClusterError {
  return new ClusterError({
    kind: 'http',
    status: 404,
    reason: NOT_SERVED,
    message: `the server does not serve ${kind} in ${apiVersion}`,
    method: cause?.method ?? 'GET',
    path: cause?.path ?? groupVersionPath(apiVersion),
    attempts: cause?.attempts,
  });
}
